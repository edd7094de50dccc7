"""Whole walks through the wizard against the AFAS and Finstack stand-ins, asserting what a user sees."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest

from tests.gui.conftest import (
    DEMO_ENVIRONMENT,
    click_next,
    demo_token,
    done_rows,
    fill_token_page,
    next_button,
    run_token_test,
    running,
    saved_text,
    walk_to,
    wrong_token,
)
from wizard.app.jobs import JobKind

pytestmark = pytest.mark.gui


def test_happy_path_to_done_creates_exactly_one_source(qtbot, make_window, standin_services, standins):
    _, finstack = standins
    window = make_window(standin_services)
    walk_to(qtbot, window, "done")
    assert len(finstack.sources) == 1
    rows = done_rows(window)
    assert rows["AFAS environment"] == "O12345AA (production)"
    assert rows["Token test"] == "passed"
    assert rows["Source"].startswith("added through Finstack's API")
    assert rows['Value for "Filter op deze waarden" of Finstack_Administrations'] == "1;2;3"
    assert window.button(window.WizardButton.FinishButton).isEnabled()


def test_refused_token_fails_then_the_right_one_passes(qtbot, make_window, standin_services):
    window = make_window(standin_services)
    walk_to(qtbot, window, "token")
    page = window.pages["token"]
    fill_token_page(qtbot, window, DEMO_ENVIRONMENT, wrong_token())
    assert run_token_test(qtbot, window) == "failed"
    assert page.outcome_box.text().startswith("The test failed")
    assert page.checks.statuses()["metainfo"] == "failed"
    assert "401" in page.checks.rows["metainfo"].explanation.text()
    assert page.checks.rows["metainfo"].fix.isVisibleTo(page)
    assert not next_button(window).isEnabled()
    assert "The last token test failed" in page.blockers_box.text()

    page.token_edit.setText(demo_token())
    assert "Test again" in page.outcome_box.text()
    assert run_token_test(qtbot, window) == "passed"
    assert next_button(window).isEnabled()
    window.session.nav.back()
    click_next(qtbot, window)
    assert next_button(window).isEnabled()  # Back kept the tested values


def test_missing_getconnector_is_named(qtbot, make_window, standin_services, standins):
    afas, _ = standins
    afas.scenario.not_imported.add("Finstack_Transactions")
    window = make_window(standin_services)
    walk_to(qtbot, window, "token")
    fill_token_page(qtbot, window, DEMO_ENVIRONMENT, demo_token())
    assert run_token_test(qtbot, window) == "failed"
    row = window.pages["token"].checks.rows["connectors_present"]
    assert row.status == "failed" and "Finstack_Transactions" in row.explanation.text()
    assert not next_button(window).isEnabled()


def test_filter_not_applied_is_a_warning_that_lets_you_go_on(qtbot, make_window, standin_services, standins):
    afas, _ = standins
    afas.scenario.stored_administration_filter = None  # the customer never entered the filter
    window = make_window(standin_services)
    walk_to(qtbot, window, "token")
    fill_token_page(qtbot, window, DEMO_ENVIRONMENT, demo_token())
    assert run_token_test(qtbot, window) == "warning"
    row = window.pages["token"].checks.rows["administrations"]
    assert row.status == "warning" and "4;5" in row.explanation.text()
    assert window.pages["token"].outcome_box.text().startswith("The token works, with warnings")
    assert next_button(window).isEnabled()


def test_no_keyring_backend_continues_without_storing(qtbot, make_window, standin_services, standins):
    _, finstack = standins
    keyring.set_keyring(keyring.backends.fail.Keyring())  # the conftest restores its own backend after
    window = make_window(standin_services)
    walk_to(qtbot, window, "submit")
    page = window.pages["submit"]
    qtbot.waitUntil(lambda: not running(window, JobKind.TOKEN_STORE), timeout=5000)
    assert "no password store" in page.keyring_box.text()
    assert page.keyring_box.kind == "warning" and page.retry_store_button.isVisible()
    assert not window.session.record.token_stored
    walk_to(qtbot, window, "done")
    assert len(finstack.sources) == 1
    assert done_rows(window)["Kept in"].startswith("not kept by the wizard")
    assert demo_token() not in saved_text()


def test_finstack_down_then_up_without_a_duplicate(qtbot, make_window, standin_services, standins):
    _, finstack = standins
    finstack.fail_next(1, 503, retry_after=3600)  # longer than the client waits: reported at once
    window = make_window(standin_services)
    walk_to(qtbot, window, "submit")
    page = window.pages["submit"]
    qtbot.waitUntil(lambda: not running(window, JobKind.TOKEN_STORE), timeout=5000)
    page.submit_button.click()
    qtbot.waitUntil(lambda: not running(window, JobKind.HANDOVER), timeout=10_000)
    assert window.session.record.submission.status == "failed"
    assert page.submit_box.text().startswith("The source was not added")
    assert page.submit_button.isEnabled() and page.submit_button.text().replace("&", "") == "Try again"
    assert page.handoff_group.isVisibleTo(page)  # the way out when the API keeps refusing
    assert not next_button(window).isEnabled()
    key = window.session.record.submission.idempotency_key
    assert key

    finstack.drop_next_response(1)  # the source is created, but the answer is lost: the client retries
    page.submit_button.click()
    qtbot.waitUntil(lambda: not running(window, JobKind.HANDOVER), timeout=15_000)
    assert window.session.record.submission.status == "submitted"
    assert window.session.record.submission.idempotency_key == key
    assert len(finstack.sources) == 1
    assert page.submit_box.text().startswith("The source was added in Finstack")
    assert next_button(window).isEnabled()


def test_handoff_without_finstack_api(qtbot, make_window, standin_services):
    from PySide6.QtGui import QGuiApplication

    standin_services.finstack = None
    window = make_window(standin_services)
    walk_to(qtbot, window, "submit")
    page = window.pages["submit"]
    assert not page.api_group.isVisibleTo(page) and page.handoff_group.isVisibleTo(page)
    values = [row.value() for row in page.handoff_rows]
    assert values[:2] == ["O12345AA", "Finstack"]
    secret_row = page.handoff_rows[2]
    secret_row.copy()
    assert QGuiApplication.clipboard().text() == values[2]
    assert not next_button(window).isEnabled()
    page.confirm_box.click()
    assert next_button(window).isEnabled()
    QGuiApplication.clipboard().clear()
