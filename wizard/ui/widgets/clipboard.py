"""Copying to the clipboard, with secrets cleared again after a while if the clipboard still holds them."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication

SECRET_CLEAR_MS = 30_000


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


class ClipboardGuard(QObject):
    """Owned by the application, so a secret is cleared even when the widget that copied it is gone."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._secret_digest: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_secret)
        app = QGuiApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.clear_secret)

    def copy(self, value: str, *, secret: bool, clear_ms: int = SECRET_CLEAR_MS) -> None:
        QGuiApplication.clipboard().setText(value)
        if secret:
            self._secret_digest = _digest(value)  # only a digest is kept, to recognise the secret later
            self._timer.start(clear_ms)
        else:
            self._secret_digest = None
            self._timer.stop()

    def clear_secret(self) -> None:
        """Empty the clipboard if it still holds the secret we put there; leave anything else alone."""
        if self._secret_digest and _digest(QGuiApplication.clipboard().text()) == self._secret_digest:
            QGuiApplication.clipboard().clear()
        self._secret_digest = None


def clipboard_guard() -> ClipboardGuard:
    app = QGuiApplication.instance()
    assert app is not None, "a QApplication must exist"
    guard = app.findChild(ClipboardGuard)
    return guard if guard is not None else ClipboardGuard(app)


def copy_to_clipboard(value: str, *, secret: bool = False, clear_ms: int = SECRET_CLEAR_MS) -> None:
    clipboard_guard().copy(value, secret=secret, clear_ms=clear_ms)
