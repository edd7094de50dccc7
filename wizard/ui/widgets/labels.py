"""Labels as the pages use them: wrapped, selectable plain text, and a bold heading."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


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


def discard(widget: QWidget) -> None:
    """Take a widget off its page for good. Hidden first and deleted with its parent still set: a widget made
    parentless while shown would pop up as a window of its own for a moment (and take the focus away)."""
    widget.hide()
    layout = widget.parentWidget().layout() if widget.parentWidget() is not None else None
    if layout is not None:
        layout.removeWidget(widget)
    widget.deleteLater()
