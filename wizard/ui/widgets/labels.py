"""Labels as the pages use them: wrapped, selectable plain text, and a bold heading."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def wrapped(value: str, *, rich: bool = False) -> QLabel:
    label = QLabel(value)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def heading(value: str) -> QLabel:
    label = wrapped(value)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label
