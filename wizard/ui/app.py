"""Starting the graphical wizard: the session (the application layer) with its Qt dispatcher and bridge, the
window, the language (ours and Qt's own button texts), the crash hook, --demo (with --demo-latency) and
--self-test."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from wizard.app.folders import log_dir
from wizard.app.services import Services
from wizard.app.session import Session
from wizard.core.logs import DEFAULT_LEVEL, LogSetup, log_unhandled, start_logging
from wizard.core.messages import LANGUAGES, Language, default_language, text
from wizard.core.redact import SEEN_SECRETS
from wizard.core.resources import resource_path
from wizard.ui.bridge import QtDispatcher, SessionBridge
from wizard.ui.context import WindowContext
from wizard.ui.desktop import Desktop
from wizard.ui.log_folder import log_qt_messages
from wizard.ui.translation import install_qt_translation
from wizard.ui.wizard_window import WizardWindow

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2


def choose_language(explicit: str | None, saved: str = "") -> Language:
    """--lang, else the language saved with the progress, else the user's locale."""
    for choice in (explicit, saved):
        if choice in LANGUAGES:
            return choice  # type: ignore[return-value]
    return default_language()


def install_excepthook(language: Language, window_getter: Callable[[], WizardWindow | None],
                       on_crash: Callable[[], None] | None = None, log: LogSetup | None = None) -> None:
    """An unexpected error: keep the saved state, and tell the user plainly instead of vanishing."""
    showing = False

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        log_unhandled(exc_type, exc, tb)  # the main thread, a Qt slot or event handler (PySide6 calls this hook)
        details = SEEN_SECRETS("".join(traceback.format_exception(exc_type, exc, tb)))
        if sys.stderr is not None:  # a windowed program on Windows has none
            print(details, file=sys.stderr)
        window = window_getter()
        if window is not None:
            try:
                window.session.commit()
            except Exception:  # noqa: S110 - the crash report must still be shown
                pass
        if on_crash is not None:
            on_crash()
        if showing or QApplication.instance() is None:
            return
        showing = True
        _crash_dialog(window, language, details, log).finished.connect(lambda _result: _reset())

    def _reset() -> None:
        nonlocal showing
        showing = False

    sys.excepthook = hook


def _crash_dialog(window: WizardWindow | None, language: Language, details: str, log: LogSetup | None) -> QMessageBox:
    """What went wrong, that nothing is lost, and where the log is (with a button to its folder)."""
    said = text("ui.crash_text", language)
    if log is not None and log.path is not None:
        said += "\n\n" + text("ui.crash_log", language, file=str(log.path))
    box = QMessageBox(QMessageBox.Icon.Critical, text("ui.crash_title", language), said, parent=window)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    if log is not None and log.folder is not None and window is not None:
        folder, desktop = log.folder, window.ctx.desktop
        button = box.addButton(text("ui.crash_open_log", language), QMessageBox.ButtonRole.ActionRole)
        button.clicked.disconnect()  # an action button would close the box: keep it open, the details stay there
        button.clicked.connect(lambda: desktop.open_folder(folder))
    box.open()
    return box


def _make_services(args: argparse.Namespace) -> Services:
    latency = float(getattr(args, "demo_latency", None) or 0.0)
    if getattr(args, "self_test", None):
        from wizard.app.demo import demo_services

        return demo_services(Path(tempfile.mkdtemp(prefix="wizard-self-test-")), latency)
    if getattr(args, "demo", False) or latency:
        from wizard.app.demo import demo_services

        return demo_services(latency=latency)
    return Services()


def run_gui(args: argparse.Namespace) -> int:
    """Show the wizard (or run the self-test); returns the exit status."""
    self_test_folder = getattr(args, "self_test", None)
    if self_test_folder:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the self-test runs headless by default
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Finstack AFAS wizard")
    app.setDesktopFileName("finstack-afas-wizard")  # Wayland matches the window to its .desktop entry and icon
    log = start_logging(log_dir(), getattr(args, "log_level", None) or DEFAULT_LEVEL)
    log_qt_messages()
    try:
        services = _make_services(args)
    except OSError as exc:  # the demo's stand-ins could not listen on 127.0.0.1
        message = text("cli.gui_unavailable", choose_language(getattr(args, "lang", None)),
                       detail=exc.strerror or type(exc).__name__)
        logging.getLogger(__name__).error("%s", message)
        if sys.stderr is not None:
            print(message, file=sys.stderr)
        return EXIT_ERROR
    services.log = log
    session = started_session(services, getattr(args, "lang", None))
    from wizard.ui.look import apply_color_scheme

    apply_color_scheme(app, getattr(args, "color_scheme", None) or "auto")
    window: WizardWindow | None = None
    crashed: list[bool] = []

    def on_crash() -> None:
        crashed.append(True)
        if self_test_folder:
            app.exit(EXIT_FAILED)  # a self-test that crashed has failed; do not wait for the timeout

    install_excepthook(session.language, lambda: window, on_crash, log)
    try:
        window = window_for(session)
        status = _run(app, window, Path(self_test_folder) if self_test_folder else None)
        return EXIT_FAILED if crashed and self_test_folder else status
    finally:
        _clean_up(window, session, services, bool(self_test_folder))


def window_for(session: Session, desktop: Desktop | None = None) -> WizardWindow:
    """The window as a face of `session` (started), talking to the desktop through `desktop`."""
    return WizardWindow(WindowContext(session, SessionBridge(session), desktop or Desktop()))


def started_session(services: Services, language: str | None) -> Session:
    """The session the window shows: the last record open now, the rest of the book read once the first page is on
    screen (customers.scan, after the first paint); Qt's own texts in the session's language."""
    session = Session(services, QtDispatcher(), language)
    session.start(scan=False)
    install_qt_translation(QApplication.instance(), session.language)
    return session


def open_window(services: Services, language: str | None = None) -> WizardWindow:
    """A started session on `services` and its window (for the scripts that drive a real window)."""
    session = started_session(services, language)
    window = window_for(session)
    from wizard.ui import first_paint

    first_paint.after_first_paint(QApplication.instance(), session.customers.scan)
    return window


def app_icon() -> QIcon:
    """The application icon from its PNG sizes (an SVG would need Qt's SVG plugin, which the bundle leaves out)."""
    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        icon.addFile(str(resource_path("icons", f"finstack-afas-wizard-{size}.png")))
    return icon


def _run(app: QApplication, window: WizardWindow, self_test_folder: Path | None) -> int:
    window.setWindowIcon(app_icon())
    from wizard.ui import first_paint

    first_paint.after_first_paint(app, window.session.customers.scan)  # 2000 customers never delay the first page
    if self_test_folder is not None:
        from wizard.ui.self_test import SelfTest

        runner = SelfTest(window, self_test_folder)
        window.show()
        runner.start()
        return app.exec()
    if first_paint.requested():  # the start-up benchmark
        first_paint.install(app)
    window.show()
    app.exec()
    return EXIT_OK


def _clean_up(window: WizardWindow | None, session: Session, services: Services, self_test: bool) -> None:
    if window is not None:
        window.shutdown()
        window.deleteLater()
    else:
        session.shutdown()
    if self_test:
        _forget_self_test_token(session)
        shutil.rmtree(services.records.folder.parent, ignore_errors=True)  # the throw-away records folder
    services.stop()


def _forget_self_test_token(session: Session) -> None:
    """The self-test leaves nothing in the password store. Runs after the event loop ended, so may block."""
    from wizard.core.secrets import SecretStoreError

    env = session.environment()
    if env is not None:
        try:
            session.services.secrets.forget_token(env, session.record.clean_token_name)
        except SecretStoreError:
            pass  # nothing was stored (no password store on this machine)
