"""A token that passed its test goes into the password store at once, so quitting before Submit loses nothing;
Submit then only says where it is. Without a password store the wizard says why and goes on (no plaintext)."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest

from tests.gui.conftest import (
    DEMO_ENVIRONMENT,
    click_next,
    close,
    demo_token,
    done_rows,
    fill_token_page,
    next_button,
    qtbot_left,
    run_token_test,
    running,
    saved_text,
    walk_to,
)
from wizard.app.jobs import JobKind
from wizard.core.environment import parse_environment
from wizard.core.token import parse_token

pytestmark = pytest.mark.gui


def _count_saves(backend) -> list[str]:
    saved: list[str] = []
    original = backend.set_password

    def counting(service: str, username: str, password: str) -> None:
        saved.append(username)
        original(service, username, password)

    backend.set_password = counting
    return saved


def _test_the_token(qtbot, window) -> None:
    walk_to(qtbot, window, "token")
    fill_token_page(qtbot, window, DEMO_ENVIRONMENT, demo_token())
    assert run_token_test(qtbot, window) == "passed"
    qtbot.waitUntil(lambda: not running(window, JobKind.TOKEN_STORE), timeout=5000)


def test_token_survives_a_restart_after_its_test(qtbot, make_window, standin_services, memory_keyring):
    services = standin_services
    saved = _count_saves(memory_keyring)
    window = make_window(services)
    _test_the_token(qtbot, window)
    page = window.pages["token"]
    assert window.session.record.token_stored
    assert saved == ["production:12345/Finstack"]
    assert page.stored_box.text() == "The token is saved in the password store tests.conftest.MemoryKeyring."
    assert page.stored_box.kind == "ok" and page.stored_box.isVisible()
    assert services.secrets.read_token(parse_environment(DEMO_ENVIRONMENT), "Finstack") == parse_token(demo_token())
    close(window)  # quit before Submit

    again = make_window(services)
    qtbot.waitUntil(lambda: again.page_name() == "token", timeout=5000)  # where the customer stopped
    token_page = again.pages["token"]
    assert token_page.token_edit.text() == parse_token(demo_token()).reveal()
    assert token_page.environment_edit.text() == DEMO_ENVIRONMENT
    assert token_page.isComplete() and next_button(again).isEnabled()
    assert token_page.stored_box.text() == "The token stored in the password store tests.conftest.MemoryKeyring " \
                                           "was loaded."
    assert token_page.outcome_box.text().startswith("The token works")

    click_next(qtbot, again)  # Submit: already stored, not stored again
    submit = again.pages["submit"]
    assert not running(window, JobKind.TOKEN_STORE)
    assert submit.keyring_box.text() == "The token is saved in the password store tests.conftest.MemoryKeyring."
    assert len(saved) == 1


def test_submit_does_not_store_the_tested_token_again(qtbot, make_window, standin_services, memory_keyring):
    saved = _count_saves(memory_keyring)
    window = make_window(standin_services)
    _test_the_token(qtbot, window)
    click_next(qtbot, window)
    page = window.pages["submit"]
    assert page.keyring_box.text().startswith("The token is saved in") and page.keyring_box.kind == "ok"
    assert not page.retry_store_button.isVisible()
    walk_to(qtbot, window, "done")
    assert saved == ["production:12345/Finstack"]
    assert "password store" in done_rows(window)["Kept in"]


def test_editing_the_token_hides_where_the_old_one_went(qtbot, make_window, standin_services):
    window = make_window(standin_services)
    _test_the_token(qtbot, window)
    page = window.pages["token"]
    assert page.stored_box.isVisible()
    page.name_edit.clear()
    qtbot.keyClicks(page.name_edit, "Other name")
    assert not page.stored_box.isVisible()  # that token is not stored under this name
    page.name_edit.clear()
    qtbot.keyClicks(page.name_edit, "Finstack")
    assert page.stored_box.text().startswith("The token is saved in")


def test_without_a_password_store_the_token_page_says_why_and_goes_on(qtbot, make_window, standin_services):
    keyring.set_keyring(keyring.backends.fail.Keyring())  # the conftest restores its own backend after
    window = make_window(standin_services)
    _test_the_token(qtbot, window)
    page = window.pages["token"]
    assert page.stored_box.kind == "warning"
    assert page.stored_box.text().startswith("This computer has no password store the wizard can use")
    assert not window.session.record.token_stored
    assert next_button(window).isEnabled()
    window.session.commit()
    saved = saved_text()
    assert parse_token(demo_token()).reveal_data() not in saved
    click_next(qtbot, window)
    submit = window.pages["submit"]
    assert not running(window, JobKind.TOKEN_STORE)  # the failed save is reported, not silently repeated
    assert "no password store" in submit.keyring_box.text() and submit.retry_store_button.isVisible()


def test_a_password_store_that_never_answers_can_be_left_waiting(qtbot, make_window, standin_services,
                                                                  memory_keyring):
    import threading

    unlocked = threading.Event()
    original = memory_keyring.set_password

    def waits_for_an_unlock(service: str, username: str, password: str) -> None:  # a locked store's prompt
        unlocked.wait(10)
        original(service, username, password)

    memory_keyring.set_password = waits_for_an_unlock
    window = make_window(standin_services)
    walk_to(qtbot, window, "token")
    fill_token_page(qtbot, window, DEMO_ENVIRONMENT, demo_token())
    try:
        assert run_token_test(qtbot, window) == "passed"
        page = window.pages["token"]
        qtbot.waitUntil(lambda: page.store_busy.isVisible(), timeout=5000)
        assert page.store_busy.label.text() == "Saving the token in your computer's password store…"
        qtbot.mouseClick(page.store_busy.cancel_button, qtbot_left())
        assert not page.store_busy.isVisible() and not window.session.tokens.storing
        assert "You stopped waiting for the password store" in page.stored_box.text()
        assert next_button(window).isEnabled()  # the user goes on; the token stays at hand
        assert not window.session.record.token_stored
    finally:
        unlocked.set()
