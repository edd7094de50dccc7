"""The few places the wizard hands over to the desktop: native file dialogs and the file manager.

Pages reach them through `Services.desktop`, so tests (and a future portable build) can answer them without a
native dialog or a file manager opening."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget


class Desktop:
    """Native dialogs. Each returns the chosen path, or None when the user cancelled."""

    def choose_folder(self, parent: QWidget | None, title: str, start: Path) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(parent, title, str(start))
        return Path(chosen) if chosen else None

    def choose_file(self, parent: QWidget | None, title: str, start: Path, filters: str) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(parent, title, str(start), filters)
        return Path(chosen) if chosen else None

    def open_folder(self, folder: Path) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
