"""The few places the wizard hands over to the desktop: native file dialogs, a question before something is
deleted, the file manager and the browser.

Pages reach them through `WindowContext.desktop`, so tests (and a future portable build) can answer them without a
native dialog, a file manager or a browser opening."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


class Desktop:
    """Native dialogs. Each returns the chosen path, or None when the user cancelled."""

    def choose_folder(self, parent: QWidget | None, title: str, start: Path) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(parent, title, str(start))
        return Path(chosen) if chosen else None

    def choose_file(self, parent: QWidget | None, title: str, start: Path, filters: str) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(parent, title, str(start), filters)
        return Path(chosen) if chosen else None

    def choose_save_file(self, parent: QWidget | None, title: str, start: Path, filters: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(parent, title, str(start), filters)
        return Path(chosen) if chosen else None

    def confirm(self, parent: QWidget | None, title: str, question: str, yes: str, no: str) -> bool:
        """Ask before something cannot be undone; No is the default answer."""
        box = QMessageBox(QMessageBox.Icon.Question, title, question, parent=parent)
        yes_button = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(box.addButton(no, QMessageBox.ButtonRole.RejectRole))
        box.exec()
        return box.clickedButton() is yes_button

    def tell(self, parent: QWidget | None, title: str, message: str, *, wait: bool = False) -> None:
        """Say something that needs no answer; `wait`: until it is read (only when nothing else can show it,
        e.g. as the window closes)."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=parent)
        if wait:
            box.exec()
        else:
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

    def open_folder(self, folder: Path) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def open_url(self, url: str) -> bool:
        return QDesktopServices.openUrl(QUrl(url))
