"""A coloured box with a symbol and a wrapped text: warnings, errors, notes and successes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from wizard.ui.style import TONES, paint_box, spoken


class WarningBox(QFrame):
    """Not a dialog: an inline box that stays on the page. `kind` is warning, error, info or ok."""

    def __init__(self, message: str = "", kind: str = "warning", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.symbol = QLabel()
        self.symbol.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # a refused file name like "<img …>.gcn" is text, never HTML
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.symbol)
        layout.addWidget(self.label, 1)
        self.kind = kind
        self._shown: tuple[str, str] | None = None
        self.show_message(message, kind)

    def show_message(self, message: str, kind: str | None = None) -> None:
        self.kind = kind or self.kind
        if self._shown != (message, self.kind):  # typing asks again and again: repainting costs a layout pass
            self._shown = (message, self.kind)
            tone = TONES[self.kind]
            self.symbol.setText(tone.symbol)
            self.symbol.setAccessibleName(spoken(self.kind))  # "warning", never "⚠"
            self.label.setText(message)
            self.label.setAccessibleName(message)
            self.setAccessibleName(message)
            paint_box(self, tone)
        if message and self.parentWidget() is None:
            return  # not on a page yet: shown with the page (made visible now, it would open as a window)
        self.setVisible(bool(message))

    def text(self) -> str:
        return self.label.text()


def warning_box(message: str, parent: QWidget | None = None) -> WarningBox:
    return WarningBox(message, "warning", parent)
