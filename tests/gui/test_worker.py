"""The worker runs jobs off the GUI thread, delivers results on it, cancels, and leaves no thread behind."""

from __future__ import annotations

import threading

import pytest

from tests.gui.conftest import demo_token, fill_token_page, walk_to
from wizard.ui.worker import WorkerPool, active_job_threads, assert_no_running_jobs

pytestmark = pytest.mark.gui


def test_job_runs_off_the_gui_thread_and_reports_on_it(qtbot):
    pool = WorkerPool()
    seen: dict[str, object] = {}

    def job(ctx):
        seen["job_thread"] = threading.get_ident()
        ctx.progress("half")
        return 42

    def on_result(value):
        seen["result"], seen["result_thread"] = value, threading.get_ident()

    progress: list[object] = []
    worker = pool.submit(job, on_result=on_result, on_progress=progress.append)
    with qtbot.waitSignal(worker.finished, timeout=5000):
        pass
    assert seen["result"] == 42
    assert seen["job_thread"] != threading.get_ident()
    assert seen["result_thread"] == threading.get_ident()
    assert progress == ["half"]
    assert pool.shutdown()
    assert_no_running_jobs()


def test_cancel_reaches_the_job_and_errors_come_back_as_signals(qtbot):
    pool = WorkerPool()
    outcome: list[object] = []

    def waits_for_cancel(ctx):
        assert ctx.cancel.wait(10)
        return "cancelled"

    worker = pool.submit(waits_for_cancel, on_result=outcome.append)
    qtbot.waitUntil(lambda: pool.active_thread_count() == 1, timeout=2000)
    with qtbot.waitSignal(worker.finished, timeout=5000):
        worker.cancel()
    assert outcome == ["cancelled"]

    errors: list[object] = []
    failing = pool.submit(lambda ctx: 1 / 0, on_error=errors.append)
    with qtbot.waitSignal(failing.finished, timeout=5000):
        pass
    assert isinstance(errors[0], ZeroDivisionError)
    assert pool.shutdown()


def test_closing_the_window_cancels_and_waits_for_jobs(qtbot, make_window, services):
    window = make_window(services)
    started = threading.Event()
    late: list[object] = []

    def slow(ctx):
        started.set()
        ctx.cancel.wait(30)
        return "done"

    window.session.pool.submit(slow, on_result=late.append)
    assert started.wait(5)
    window.close()
    assert active_job_threads() == 0
    qtbot.wait(50)
    assert late == []  # the discarded job's result never reaches the closed window


def test_cancel_button_stops_a_running_token_test(qtbot, make_window, standin_services, standins):
    afas, _ = standins
    afas.scenario.latency_seconds = 0.5  # slow AFAS, so the test is still running when Cancel is clicked
    window = make_window(standin_services)
    walk_to(qtbot, window, "token")
    fill_token_page(qtbot, window, "O12345AA", demo_token())
    page = window.pages["token"]
    page.test_button.click()
    assert page.cancel_button.isEnabled() and not page.test_button.isEnabled()
    assert not page.token_edit.isEnabled()
    page.cancel_button.click()
    qtbot.waitUntil(lambda: page.test_worker is None, timeout=5000)
    assert page.outcome_box.text().startswith("The test was cancelled")
    assert "running" not in page.checks.statuses().values()
    assert window.session.state.token_test.outcome == ""
    assert page.test_button.isEnabled() and page.token_edit.isEnabled()
    assert not window.button(window.WizardButton.NextButton).isEnabled()
