"""Fixtures for the GUI tests: a wizard window on a session (the application layer) over the per-test folders and
in-memory keyring (from tests/conftest.py), optional AFAS and Finstack stand-ins, and helpers that act like a
user. Tests wait on conditions the user would see, never on fixed sleeps."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.standin_fixtures import FINSTACK_KEY
from wizard.app.computer import SettingsFile
from wizard.app.jobs import JobKind
from wizard.app.records import RecordStore
from wizard.app.services import Services
from wizard.app.session import Session
from wizard.core.secrets import SecretStore
from wizard.ui.bridge import QtDispatcher, SessionBridge
from wizard.ui.context import WindowContext
from wizard.ui.pages.base import NEXT
from wizard.ui.wizard_window import WizardWindow

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
        self.told: list[str] = []  # what the wizard said in a message box

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

    def tell(self, parent, title: str, message: str, *, wait: bool = False) -> None:
        self.told.append(message)


@pytest.fixture
def desktop() -> AnsweringDesktop:
    return AnsweringDesktop()


@pytest.fixture
def services() -> Services:
    return Services(records=RecordStore(), settings=SettingsFile(), secrets=SecretStore())


@pytest.fixture
def make_window(qtbot, desktop):
    """Build windows like run_gui does (a started session, its bridge, the window); every one is closed at the end,
    and no job of its session may still be running then."""
    windows: list[WizardWindow] = []

    def make(services: Services, language: str = "en", *, session: Session | None = None) -> WizardWindow:
        if session is None:
            session = Session(services, QtDispatcher(), language)
            session.start()
            qtbot.waitUntil(lambda: session.book.loaded, timeout=10_000)
        window = WizardWindow(WindowContext(session, SessionBridge(session), desktop))
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
        window.shutdown()
    for window in windows:
        assert window.session.jobs.join(10), "a job of a closed window never ended"


@pytest.fixture
def standins(real_standins):
    """AFAS and Finstack stand-ins on 127.0.0.1 with the demo customer; tests tweak `afas.scenario`."""
    return real_standins


@pytest.fixture
def standin_services(standins) -> Services:
    from wizard.core.finstack_api import FinstackConfig

    afas, finstack = standins
    return Services(records=RecordStore(), settings=SettingsFile(), secrets=SecretStore(), afas_base_url=afas.base_url,
                    finstack=FinstackConfig(finstack.base_url, FINSTACK_KEY))


def demo_token() -> str:
    from wizard.standins.demo import DEMO_TOKEN_XML

    return DEMO_TOKEN_XML


def wrong_token() -> str:
    return "<token><version>1</version><data>" + "AB" * 32 + "</data></token>"


# -- acting like a user ----------------------------------------------------------------------------------
def next_button(window: WizardWindow):
    return window.button(NEXT)


def running(window: WizardWindow, kind: JobKind) -> bool:
    job = window.session.job(kind)
    return job is not None and job.running


def idle(window: WizardWindow) -> bool:
    """No job of the session runs, and every change is on disk."""
    return not window.session.jobs.running() and not window.session.keeper.writer.has_pending()


def click_next(qtbot, window: WizardWindow) -> None:
    button = next_button(window)
    assert button.isEnabled(), f"Next is disabled on {window.page_name()}: {window.currentPage().blockers()}"
    qtbot.mouseClick(button, qtbot_left())


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def walk_to(qtbot, window: WizardWindow, page: str, *, administrations: str = "1;2;3") -> None:
    """From wherever the window is, do what a user does on each page until `page` is shown."""
    route = window.session.nav.route()
    while window.page_name() != page:
        current = window.page_name()
        if current == "getconnectors" and window.session.record.journey == "replace":
            window.pages["getconnectors"].replace_steps.status_tick.setChecked(True)
        elif current == "administrations" and window.session.record.journey == "replace":
            window.pages["administrations"].replace_tick.setChecked(True)
        if current == "preparation":
            for box in window.pages["preparation"].boxes.values():
                box.setChecked(True)
        elif current == "administrations" and not window.session.record.administrations_text:
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
    qtbot.waitUntil(lambda: not running(window, JobKind.TOKEN_TEST), timeout=15_000)
    return window.session.record.token_test.outcome


def submit(qtbot, window: WizardWindow) -> None:
    """Wait for the password store (token and API key), then add the source through the API (or confirm the
    hand-off)."""
    page, session = window.pages["submit"], window.session
    qtbot.waitUntil(lambda: not running(window, JobKind.TOKEN_STORE) and not session.handover.busy, timeout=10_000)
    if session.handover.api_available:
        qtbot.mouseClick(page.submit_button, qtbot_left())
        qtbot.waitUntil(lambda: not running(window, JobKind.HANDOVER), timeout=15_000)
    else:
        page.confirm_box.click()


def done_rows(window: WizardWindow) -> dict[str, str]:
    """The Done page's summary as the user reads it: label -> value."""
    return {name.text(): value.text() for name, value in window.pages["done"].summary_rows}


def saved_text() -> str:
    """Everything the wizard wrote to disk: every record file and this computer's settings."""
    files = [*RecordStore().folder.glob("*.json"), SettingsFile().path]
    return "\n".join(path.read_text(encoding="utf-8") for path in files if path.exists())


def close(window: WizardWindow) -> None:
    """Close the window as a user does, answering "Close" when it asks (mid-journey)."""
    if window.session.page not in ("welcome", "done"):
        window.ctx.desktop.answers.append(True)
    window.close()
