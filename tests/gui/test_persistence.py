"""Nothing the user typed is lost: Back/Next keep every field, the state is saved (debounced) and a new
window resumes it, with the token read back from the password store (the in-memory keyring)."""

from __future__ import annotations

import json

import pytest

from tests.gui.conftest import DEMO_ENVIRONMENT, click_next, close, demo_token, fill_token_page, saved_text, walk_to
from wizard.core.environment import parse_environment
from wizard.core.token import parse_token

pytestmark = pytest.mark.gui


def test_fields_survive_back_and_next(qtbot, make_window, services):
    window = make_window(services)
    walk_to(qtbot, window, "administrations", administrations="")
    window.pages["administrations"].editor.setPlainText("1 - Holding BV\n2 - Noord")
    click_next(qtbot, window)
    click_next(qtbot, window)
    page = window.pages["token"]
    qtbot.keyClicks(page.environment_edit, "T54321AB")
    page.name_edit.clear()
    qtbot.keyClicks(page.name_edit, "Finstack test")
    page.token_edit.setText("not a token <")
    assert page.token_field.kind == "error"
    for _ in range(2):
        window.session.nav.back()
    assert window.page_name() == "administrations"
    assert window.pages["administrations"].editor.toPlainText() == "1 - Holding BV\n2 - Noord"
    assert window.pages["administrations"].copy_row.value() == "1;2"
    for _ in range(3):
        window.session.nav.back()
    assert window.page_name() == "preparation"
    assert all(box.isChecked() for box in window.pages["preparation"].boxes.values())
    walk_to(qtbot, window, "token")
    assert page.environment_edit.text() == "T54321AB"
    assert page.name_edit.text() == "Finstack test"
    assert page.token_edit.text() == "not a token <"  # even text that is not a token yet is kept
    assert "Environment T54321AB, test" in page.environment_field.message_text()


def test_state_is_saved_after_a_change_and_never_holds_the_token(qtbot, make_window, services):
    window = make_window(services)
    walk_to(qtbot, window, "token")
    fill_token_page(qtbot, window, DEMO_ENVIRONMENT, demo_token())
    path = services.records.path(window.session.record.customer_id)
    qtbot.waitUntil(lambda: path.is_file() and "O12345AA" in path.read_text(encoding="utf-8"), timeout=2000)
    saved = path.read_text(encoding="utf-8")
    assert json.loads(saved)["current_page"] == "token"
    assert parse_token(demo_token()).reveal_data() not in saved


def test_restart_resumes_with_every_field_and_the_stored_token(qtbot, make_window, standin_services):
    services = standin_services
    window = make_window(services)
    walk_to(qtbot, window, "submit")
    qtbot.waitUntil(lambda: window.session.record.token_stored, timeout=5000)
    close(window)

    stored = services.secrets.read_token(parse_environment(DEMO_ENVIRONMENT), "Finstack")
    assert stored == parse_token(demo_token())

    again = make_window(services)
    qtbot.waitUntil(lambda: again.page_name() == "submit", timeout=5000)  # where the customer stopped
    assert again.session.token == parse_token(demo_token())
    assert "The token is saved in" in again.pages["submit"].keyring_box.text()
    again.session.nav.back()  # every page on the way back shows what was typed before the restart
    assert again.page_name() == "token"
    token_page = again.pages["token"]
    assert token_page.environment_edit.text() == DEMO_ENVIRONMENT
    assert token_page.token_edit.text() == parse_token(demo_token()).reveal()
    assert "The token stored in" in token_page.stored_box.text()
    again.session.nav.back()
    again.session.nav.back()
    assert again.page_name() == "administrations"
    assert again.pages["administrations"].editor.toPlainText() == "1;2;3"


def test_quitting_midway_and_resuming(qtbot, make_window, services):
    window = make_window(services)
    walk_to(qtbot, window, "administrations", administrations="")
    qtbot.keyClicks(window.pages["administrations"].editor, "7;8")
    close(window)  # closing saves at once, without waiting for the debounce

    again = make_window(services)
    assert again.page_name() == "administrations"  # opened where the customer stopped
    assert again.pages["administrations"].copy_row.value() == "7;8"
    again.session.nav.back()
    assert again.page_name() == "getconnectors"  # history is real: Back goes where a user expects


def test_start_over_forgets_progress(qtbot, make_window, services):
    window = make_window(services)
    walk_to(qtbot, window, "app_connector")
    close(window)
    again = make_window(services)
    again.session.nav.go_to_start()
    again.pages["welcome"].start_over_button.click()
    assert not again.pages["welcome"].resume_box.isVisible()
    click_next(qtbot, again)
    assert not any(box.isChecked() for box in again.pages["preparation"].boxes.values())


def test_a_token_pasted_into_the_wrong_field_is_named_and_never_saved(qtbot, make_window, services):
    window = make_window(services)
    walk_to(qtbot, window, "token")
    page = window.pages["token"]
    page.environment_edit.setText(demo_token())
    page.environment_edit.textEdited.emit(demo_token())  # a paste into the environment field
    message = page.environment_field.message_text()
    assert "looks like the token" in message and parse_token(demo_token()).reveal_data() not in message
    window.session.commit()
    saved = saved_text()
    assert parse_token(demo_token()).reveal_data() not in saved
