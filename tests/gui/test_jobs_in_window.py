"""The window and the session's jobs: results arrive on the GUI thread, Cancel works, and closing never waits on a
password store that hangs: the window goes at once and says what was not saved."""

from __future__ import annotations

import threading

import keyring
import keyring.backend
import pytest

from tests.gui.conftest import close, demo_token, fill_token_page, next_button, running, walk_to
from wizard.app.jobs import JobKind
from wizard.app.session import CLOSE_TIMEOUT_S

pytestmark = pytest.mark.gui


class HangingKeyring(keyring.backend.KeyringBackend):
    """A password store waiting for an unlock prompt that never comes (until the test lets it go)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.entered = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entered.set()
        self.release.wait(30)

    def delete_password(self, service: str, username: str) -> None:
        return None


def test_job_results_arrive_on_the_gui_thread(qtbot, make_window, services):
    window = make_window(services)
    seen: list[int] = []
    window.session.jobs.start(JobKind.REPORT, "", lambda ctx: 1, on_end=lambda job: seen.append(threading.get_ident()))
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [threading.get_ident()]


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
    qtbot.waitUntil(lambda: not running(window, JobKind.TOKEN_TEST), timeout=5000)
    assert page.outcome_box.text().startswith("The test was cancelled")
    assert "running" not in page.checks.statuses().values()
    assert window.session.record.token_test.outcome == ""
    assert page.test_button.isEnabled() and page.token_edit.isEnabled()
    assert not next_button(window).isEnabled()


def test_closing_while_the_password_store_hangs_closes_at_once_and_says_the_token_was_not_saved(
        qtbot, make_window, standin_services, desktop):
    hanging = HangingKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(hanging)
    try:
        window = make_window(standin_services)
        walk_to(qtbot, window, "token")
        fill_token_page(qtbot, window, "O12345AA", demo_token())
        window.pages["token"].test_button.click()
        qtbot.waitUntil(hanging.entered.is_set, timeout=15_000)  # the test passed; saving now waits on the store
        assert CLOSE_TIMEOUT_S < 1.0
        close(window)
        assert not window.isVisible() and running(window, JobKind.TOKEN_STORE)  # not waited for
        assert any("the token was not saved" in told for told in desktop.told)
        assert not window.session.record.token_stored
    finally:
        hanging.release.set()
        keyring.set_keyring(previous)
