"""The banner every page shows while the wizard talks to the built-in stand-ins."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from wizard.core.messages import Language, text
from wizard.ui.style import DEMO, paint_box


class DemoBanner(QLabel):
    def __init__(self, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(text("ui.demo_banner", language), parent)
        self.setObjectName("demoBanner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAccessibleName(self.text())
        paint_box(self, DEMO)
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        self.setMargin(4)
