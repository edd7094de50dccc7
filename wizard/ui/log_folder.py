"""The log for the help desk, from the window: Menu > "Open the log folder", the crash dialog's button, and Qt's
own warnings written to the log (a windowed program has no console to print them on)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QWidget

from wizard.app.session import Session
from wizard.ui.desktop import Desktop

_qt_log = logging.getLogger("qt")
_QT_LEVELS = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}


def open_log_folder(parent: QWidget | None, session: Session, desktop: Desktop) -> None:
    """Show the log folder in the file manager; when there is none, say why (and where it would be)."""
    log = session.services.log
    folder = log.folder if log is not None else None
    if folder is None or not folder.is_dir():
        said = log.problem.text(session.language) if log is not None and log.problem else session.t("ui.log_none")
        desktop.tell(parent, session.t("ui.log_title"), said)
    elif not desktop.open_folder(folder):
        desktop.tell(parent, session.t("ui.log_title"), session.t("ui.log_folder_is", folder=str(folder)))


def log_qt_messages() -> None:
    """Qt's warnings go to the log (and to stderr, when there is one, as before)."""
    import sys

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        level = _QT_LEVELS.get(kind, logging.WARNING)
        _qt_log.log(level, "%s", message)
        if sys.stderr is not None and level >= logging.WARNING:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)
