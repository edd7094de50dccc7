"""The optional Finstack API section of the Submit page: a user saves the API address (a setting of this computer)
and key (keyring only), the page then submits through the API; a wrong address is explained, Forget falls back to
the hand-off, and a restart finds the saved API again."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.gui.conftest import close, next_button, qtbot_left, running, walk_to
from wizard.app.computer import SettingsFile
from wizard.app.jobs import JobKind
from wizard.app.records import RecordStore
from wizard.app.services import Services
from wizard.core.secrets import SERVICE, SecretStore

pytestmark = pytest.mark.gui

API_KEY = "fs-live-7c1e9d20b4a8"  # the stand-in's key; distinctive, so a leak is easy to spot


@pytest.fixture
def finstack():
    from wizard.standins.finstack import FinstackStandin

    server = FinstackStandin(api_key=API_KEY)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def user_services(standins) -> Services:
    """Like a real start: AFAS at the stand-in, and no Finstack API configured by anyone but the user."""
    afas, _ = standins
    return Services(records=RecordStore(), settings=SettingsFile(), secrets=SecretStore(), afas_base_url=afas.base_url)


def _at_submit(qtbot, make_window, services: Services):
    window = make_window(services)
    walk_to(qtbot, window, "submit")
    page = window.pages["submit"]
    qtbot.waitUntil(lambda: not running(window, JobKind.TOKEN_STORE) and not window.session.handover.busy,
                    timeout=10_000)
    return window, page


def _settings_text() -> str:
    path = SettingsFile().path
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _save(qtbot, page, url: str, key: str) -> None:
    window = page.wizard()
    section = page.api_settings
    if not section.panel.isVisible():
        qtbot.mouseClick(section.toggle, qtbot_left())
    section.url_edit.clear()
    qtbot.keyClicks(section.url_edit, url)
    section.key_edit.clear()
    qtbot.keyClicks(section.key_edit, key)
    qtbot.mouseClick(section.save_button, qtbot_left())
    qtbot.waitUntil(lambda: not window.session.handover.busy, timeout=10_000)


def _shows_handoff(page) -> bool:
    return page.handoff_group.isVisibleTo(page) and not page.api_group.isVisibleTo(page)


def _visible_texts(page) -> str:
    return "\n".join(label.text() for label in page.findChildren(QLabel))


def test_the_section_is_optional_collapsed_and_keyboard_reachable(qtbot, make_window, user_services):
    _, page = _at_submit(qtbot, make_window, user_services)
    section = page.api_settings
    assert section.isVisibleTo(page) and not section.panel.isVisibleTo(page)
    assert section.toggle.text() == "Submit through Finstack's API (optional)"
    assert section.toggle.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert _shows_handoff(page)  # the default without an API
    section.toggle.setFocus()
    qtbot.keyClick(section.toggle, Qt.Key.Key_Space)
    assert section.panel.isVisibleTo(page)
    assert section.key_edit.echoMode() == section.key_edit.EchoMode.Password
    section.show_key_button.click()
    assert section.key_edit.echoMode() == section.key_edit.EchoMode.Normal
    assert section.show_key_button.accessibleName() == "Hide the API key"


def test_saved_api_key_goes_to_the_keyring_and_the_source_to_the_api(qtbot, make_window, user_services, finstack,
                                                                      memory_keyring):
    window, page = _at_submit(qtbot, make_window, user_services)
    url = finstack.root_url
    _save(qtbot, page, url, API_KEY)

    assert memory_keyring.store[(SERVICE, f"finstack-api:{url}")] == API_KEY
    assert window.session.computer.finstack_api_url == url
    saved = _settings_text()
    assert url in saved and API_KEY not in saved
    assert not any(API_KEY in p.read_text() for p in RecordStore().folder.glob("*.json"))
    assert page.api_settings.key_edit.text() == ""  # stored: the field lets go of it
    assert page.api_settings.status_box.kind == "ok" and url in page.api_settings.status_box.text()
    assert window.session.handover.api_available and page.api_group.isVisibleTo(page)
    assert not page.handoff_group.isVisibleTo(page)
    assert API_KEY not in _visible_texts(page) and API_KEY not in repr(window.session.handover.api_config)

    qtbot.mouseClick(page.submit_button, qtbot_left())
    qtbot.waitUntil(lambda: not running(window, JobKind.HANDOVER), timeout=15_000)
    assert window.session.record.submission.status == "submitted"
    assert len(finstack.sources) == 1
    assert next_button(window).isEnabled()
    assert API_KEY not in _settings_text()


def test_an_address_that_is_not_https_is_explained(qtbot, make_window, user_services, memory_keyring):
    window, page = _at_submit(qtbot, make_window, user_services)
    _save(qtbot, page, "http://example.com", API_KEY)
    section = page.api_settings
    assert "is not a Finstack API address" in section.url_field.message_text()
    assert section.url_field.message.isVisibleTo(page)
    assert not [account for _, account in memory_keyring.store if account.startswith("finstack-api:")]
    assert window.session.computer.finstack_api_url == ""
    assert _shows_handoff(page)


def test_an_empty_key_is_asked_for(qtbot, make_window, user_services, finstack):
    window, page = _at_submit(qtbot, make_window, user_services)
    _save(qtbot, page, finstack.root_url, "")
    assert page.api_settings.key_field.message_text() == "Paste the API key Finstack gave you."
    assert window.session.computer.finstack_api_url == ""
    assert _shows_handoff(page)


def test_forget_removes_the_key_and_falls_back_to_the_handoff(qtbot, make_window, user_services, finstack,
                                                             memory_keyring):
    window, page = _at_submit(qtbot, make_window, user_services)
    url = finstack.root_url
    _save(qtbot, page, url, API_KEY)
    assert window.session.handover.api_available

    qtbot.mouseClick(page.api_settings.forget_button, qtbot_left())
    qtbot.waitUntil(lambda: not window.session.handover.busy, timeout=10_000)
    assert (SERVICE, f"finstack-api:{url}") not in memory_keyring.store
    assert window.session.computer.finstack_api_url == ""
    assert url not in _settings_text()
    assert not window.session.handover.api_available and _shows_handoff(page)
    assert not page.api_settings.forget_button.isEnabled()


def test_a_restart_loads_the_saved_api_again(qtbot, make_window, user_services, finstack):
    window, page = _at_submit(qtbot, make_window, user_services)
    url = finstack.root_url
    _save(qtbot, page, url, API_KEY)
    close(window)

    again = Services(records=RecordStore(), settings=SettingsFile(), secrets=SecretStore(),
                     afas_base_url=user_services.afas_base_url)
    window, page = _at_submit(qtbot, make_window, again)
    assert window.session.handover.api_available and window.session.handover.api_config.base_url == url
    assert page.api_settings.url_edit.text() == url and page.api_settings.key_edit.text() == ""
    assert url in page.api_target.text()
    qtbot.mouseClick(page.submit_button, qtbot_left())
    qtbot.waitUntil(lambda: not running(window, JobKind.HANDOVER), timeout=15_000)
    assert len(finstack.sources) == 1


def test_a_saved_address_without_its_key_hands_over(qtbot, make_window, user_services, finstack, memory_keyring):
    window, page = _at_submit(qtbot, make_window, user_services)
    url = finstack.root_url
    _save(qtbot, page, url, API_KEY)
    close(window)
    del memory_keyring.store[(SERVICE, f"finstack-api:{url}")]  # removed outside the wizard

    again = Services(records=RecordStore(), settings=SettingsFile(), secrets=SecretStore(),
                     afas_base_url=user_services.afas_base_url)
    window, page = _at_submit(qtbot, make_window, again)
    assert not window.session.handover.api_available and _shows_handoff(page)
    assert "No API key for" in page.api_settings.status_box.text()
    assert page.api_settings.panel.isVisibleTo(page)  # opened: the user has something to do


def test_a_keyring_failure_is_explained_and_the_handoff_stays(qtbot, make_window, user_services, finstack):
    window, page = _at_submit(qtbot, make_window, user_services)
    keyring.set_keyring(keyring.backends.fail.Keyring())  # the conftest restores its own backend after
    _save(qtbot, page, finstack.root_url, API_KEY)
    status = page.api_settings.status_box
    assert status.kind == "warning" and "no password store" in status.text()
    assert window.session.computer.finstack_api_url == ""
    assert not window.session.handover.api_available and _shows_handoff(page)
    assert page.api_settings.save_button.isEnabled()


def test_a_preset_api_hides_the_section(qtbot, make_window, standin_services):
    window, page = _at_submit(qtbot, make_window, standin_services)
    assert not page.api_settings.isVisibleTo(page)
    assert window.session.handover.api_available and not page.api_target.isVisibleTo(page)


def test_the_keyring_is_never_used_on_the_gui_thread(qtbot, make_window, user_services, finstack, memory_keyring,
                                                     monkeypatch):
    import threading

    calls: list[tuple[str, bool]] = []
    for name in ("get_password", "set_password", "delete_password"):
        original = getattr(memory_keyring, name)

        def spy(*args, _original=original, _name=name):
            calls.append((_name, threading.current_thread() is threading.main_thread()))
            return _original(*args)

        monkeypatch.setattr(memory_keyring, name, spy)
    window, page = _at_submit(qtbot, make_window, user_services)
    _save(qtbot, page, finstack.root_url, API_KEY)
    qtbot.mouseClick(page.api_settings.forget_button, qtbot_left())
    qtbot.waitUntil(lambda: not window.session.handover.busy, timeout=10_000)
    assert {name for name, _ in calls} >= {"get_password", "set_password", "delete_password"}
    assert not [name for name, on_gui in calls if on_gui]
