"""Fixtures for the GUI tests: a wizard window on the per-test config folder and in-memory keyring (from
tests/conftest.py), optional AFAS and Finstack stand-ins, and helpers that act like a user."""

from __future__ import annotations

from pathlib import Path

import pytest

from wizard.core.secrets import SecretStore
from wizard.core.settings import SettingsStore
from wizard.ui.services import Services
from wizard.ui.session import WizardSession
from wizard.ui.wizard_window import WizardWindow
from wizard.ui.worker import assert_no_running_jobs

DEMO_ENVIRONMENT = "O12345AA"


class AnsweringDesktop:
    """Answers the wizard's dialogs from lists, and records what the user would have seen opened."""

    def __init__(self) -> None:
        self.folders: list[Path] = []
        self.files: list[Path] = []
        self.save_files: list[Path] = []
        self.answers: list[bool] = []  # for confirm(); no answer left means "No"
        self.asked: list[str] = []
        self.opened: list[Path] = []
        self.urls: list[str] = []

    def choose_folder(self, parent, title: str, start: Path) -> Path | None:
        self.asked.append(title)
        return self.folders.pop(0) if self.folders else None

    def choose_file(self, parent, title: str, start: Path, filters: str) -> Path | None:
        self.asked.append(title)
        return self.files.pop(0) if self.files else None

    def choose_save_file(self, parent, title: str, start: Path, filters: str) -> Path | None:
        self.asked.append(title)
        return self.save_files.pop(0) if self.save_files else None

    def confirm(self, parent, title: str, question: str, yes: str, no: str) -> bool:
        self.asked.append(question)
        return self.answers.pop(0) if self.answers else False

    def open_folder(self, folder: Path) -> bool:
        self.opened.append(folder)
        return True

    def open_url(self, url: str) -> bool:
        self.urls.append(url)
        return True


@pytest.fixture
def desktop() -> AnsweringDesktop:
    return AnsweringDesktop()


@pytest.fixture
def services(desktop) -> Services:
    return Services(store=SettingsStore(), secrets=SecretStore(), clipboard_clear_ms=30_000,
                    desktop=desktop)  # type: ignore[arg-type]


@pytest.fixture
def make_window(qtbot):
    """Build windows like run_gui does; every one is closed and checked for left-over threads afterwards."""
    windows: list[WizardWindow] = []

    def make(services: Services, language: str = "en") -> WizardWindow:
        window = WizardWindow(WizardSession(services, language))
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        window.shutdown()
    assert_no_running_jobs()


@pytest.fixture
def standins():
    """AFAS and Finstack stand-ins on 127.0.0.1 with the demo customer; tests tweak `afas.scenario`."""
    from wizard.standins.afas_profit import DEMO_TOKEN_DATA, AfasProfitStandin
    from wizard.standins.afas_scenario import DEFAULT_ADMINISTRATIONS, AfasScenario
    from wizard.standins.finstack import FinstackStandin

    afas = AfasProfitStandin(DEMO_ENVIRONMENT, DEMO_TOKEN_DATA, DEFAULT_ADMINISTRATIONS,
                             scenario=AfasScenario(stored_administration_filter="1;2;3"))
    finstack = FinstackStandin(api_key="test-key")
    afas.start()
    finstack.start()
    yield afas, finstack
    afas.stop()
    finstack.stop()


@pytest.fixture
def standin_services(standins, desktop) -> Services:
    from wizard.core.finstack_api import FinstackConfig

    afas, finstack = standins
    return Services(store=SettingsStore(), secrets=SecretStore(), afas_base_url=afas.base_url,
                    desktop=desktop,  # type: ignore[arg-type]
                    finstack=FinstackConfig(finstack.base_url, "test-key"))


def demo_token() -> str:
    from wizard.standins.demo import DEMO_TOKEN_XML

    return DEMO_TOKEN_XML


def wrong_token() -> str:
    return "<token><version>1</version><data>" + "AB" * 32 + "</data></token>"


# -- acting like a user ----------------------------------------------------------------------------------
def next_button(window: WizardWindow):
    return window.button(window.WizardButton.NextButton)


def click_next(qtbot, window: WizardWindow) -> None:
    button = next_button(window)
    assert button.isEnabled(), f"Next is disabled on {window.page_name()}: {window.currentPage().blockers()}"
    qtbot.mouseClick(button, qtbot_left())


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def walk_to(qtbot, window: WizardWindow, page: str, *, administrations: str = "1;2;3") -> None:
    """From wherever the window is, do what a user does on each page until `page` is shown."""
    route = window.session.flow.route(window.session.context())
    while window.page_name() != page:
        current = window.page_name()
        if current == "getconnectors" and window.session.state.journey == "replace":
            window.pages["getconnectors"].replace_steps.status_tick.setChecked(True)
        elif current == "administrations" and window.session.state.journey == "replace":
            window.pages["administrations"].replace_tick.setChecked(True)
        if current == "preparation":
            for box in window.pages["preparation"].boxes.values():
                box.setChecked(True)
        elif current == "administrations" and not window.session.state.administrations_text:
            window.pages["administrations"].editor.setPlainText(administrations)
        elif current == "token":
            fill_token_page(qtbot, window, DEMO_ENVIRONMENT, demo_token())
            run_token_test(qtbot, window)
        elif current == "submit":
            submit(qtbot, window)
        assert route.index(current) < route.index(page)
        click_next(qtbot, window)


def fill_token_page(qtbot, window: WizardWindow, environment: str, token: str) -> None:
    page = window.pages["token"]
    page.environment_edit.clear()
    qtbot.keyClicks(page.environment_edit, environment)
    page.token_edit.setText(token)  # like a paste: one edit


def run_token_test(qtbot, window: WizardWindow) -> str:
    page = window.pages["token"]
    assert page.test_button.isEnabled()
    qtbot.mouseClick(page.test_button, qtbot_left())
    qtbot.waitUntil(lambda: page.test_worker is None, timeout=15_000)
    return window.session.state.token_test.outcome


def submit(qtbot, window: WizardWindow) -> None:
    """Wait for the password store (token and API key), then add the source through the API (or confirm the
    hand-off)."""
    page = window.pages["submit"]
    qtbot.waitUntil(lambda: page.store_worker is None and page.config_worker is None, timeout=10_000)
    if page.api_available:
        qtbot.mouseClick(page.submit_button, qtbot_left())
        qtbot.waitUntil(lambda: page.submit_worker is None, timeout=15_000)
    else:
        page.confirm_box.click()
