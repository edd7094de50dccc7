"""A job belongs to the session, not to a page: the token test's live progress and its result survive a language
switch (every page is rebuilt), Back and a revisit, and a new window on the same session. --demo-latency makes the
built-in stand-ins slow enough to watch a job and cancel it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import DEMO_ENVIRONMENT, close, demo_token, fill_token_page, running, walk_to
from wizard.app.jobs import JobKind, JobStatus
from wizard.ui.translation import install_qt_translation

pytestmark = pytest.mark.gui


def _start_slow_test(qtbot, make_window, services, standins):
    afas, _ = standins
    afas.scenario.latency_seconds = 0.4
    window = make_window(services)
    walk_to(qtbot, window, "token")
    fill_token_page(qtbot, window, DEMO_ENVIRONMENT, demo_token())
    window.pages["token"].test_button.click()
    qtbot.waitUntil(lambda: bool(window.session.job(JobKind.TOKEN_TEST).progress), timeout=5000)
    return window


def test_a_language_switch_while_the_test_runs_shows_its_progress_and_then_its_result(qtbot, make_window,
                                                                                        standin_services, standins):
    window = _start_slow_test(qtbot, make_window, standin_services, standins)
    try:
        window.session.set_language("nl")  # every page is rebuilt, in Dutch
        page = window.pages["token"]
        assert page.outcome_box.text().startswith("Het token wordt bij AFAS getest")  # live, in the new language
        assert not page.test_button.isEnabled() and page.cancel_button.isEnabled()
        assert "running" in page.checks.statuses().values() or "passed" in page.checks.statuses().values()
        qtbot.waitUntil(lambda: not running(window, JobKind.TOKEN_TEST), timeout=15_000)
        page = window.pages["token"]
        assert page.outcome_box.kind == "ok" and set(page.checks.statuses().values()) == {"passed"}
        assert window.session.record.token_test.outcome == "passed"
    finally:
        install_qt_translation(QApplication.instance(), "en")


def test_back_and_a_revisit_show_the_running_test(qtbot, make_window, standin_services, standins):
    window = _start_slow_test(qtbot, make_window, standin_services, standins)
    window.session.nav.back()  # Back stays possible while the test runs
    assert window.page_name() == "updateconnectors"
    window.session.nav.next()
    page = window.pages["token"]
    assert page.cancel_button.isEnabled() and page.outcome_box.text().startswith("Testing the token")
    qtbot.waitUntil(lambda: not running(window, JobKind.TOKEN_TEST), timeout=15_000)
    assert page.outcome_box.kind == "ok"


def test_a_new_window_on_the_same_session_shows_the_last_result(qtbot, make_window, standin_services, standins):
    window = _start_slow_test(qtbot, make_window, standin_services, standins)
    qtbot.waitUntil(lambda: not running(window, JobKind.TOKEN_TEST), timeout=15_000)
    session = window.session
    window.ctx.bridge.detach()
    window.hide()
    again = make_window(standin_services, session=session)
    assert again.page_name() == "token"
    page = again.pages["token"]
    assert page.outcome_box.kind == "ok" and set(page.checks.statuses().values()) == {"passed"}


def test_the_checks_are_shown_again_after_a_restart(qtbot, make_window, standin_services):
    window = make_window(standin_services)
    walk_to(qtbot, window, "submit")
    close(window)
    again = make_window(standin_services)
    qtbot.waitUntil(lambda: again.page_name() == "submit", timeout=5000)
    again.session.nav.back()
    page = again.pages["token"]
    assert page.outcome_box.kind == "ok"
    assert set(page.checks.statuses().values()) == {"passed"} and len(page.checks.statuses()) == 7


def test_demo_latency_slows_the_stand_ins_so_a_test_can_be_cancelled(qtbot, make_window):
    import argparse

    from wizard.ui.app import _make_services

    services = _make_services(argparse.Namespace(demo=True, demo_latency=2.0, self_test=None))
    try:
        window = make_window(services)
        walk_to(qtbot, window, "token")
        page = window.pages["token"]
        page.test_button.click()
        job = window.session.job(JobKind.TOKEN_TEST)
        assert job.running
        page.cancel_button.click()
        qtbot.waitUntil(lambda: not job.running, timeout=10_000)
        assert job.status is JobStatus.DONE and job.result.outcome == "cancelled"
        assert page.outcome_box.text().startswith("The test was cancelled")
    finally:
        services.stop()
