"""An input with a label above it and a live message under it (error, warning or fine)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

COLOURS = {"error": "#a11a1a", "warning": "#8a5a00", "ok": "#1d6b32", "info": "#444444"}


class ValidatedField(QWidget):
    """Wraps any editor widget; the page decides what the message says after each edit."""

    def __init__(self, label: str, editor: QWidget, help_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(label)
        self.label.setBuddy(editor)
        self.editor = editor
        editor.setAccessibleName(label)
        if help_text:
            editor.setAccessibleDescription(help_text)
        self.help = QLabel(help_text)
        self.help.setWordWrap(True)
        self.help.setVisible(bool(help_text))
        self.help.setStyleSheet("color: #555555;")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        layout.addWidget(self.label)
        layout.addWidget(editor)
        layout.addWidget(self.help)
        layout.addWidget(self.message)
        self.kind = ""

    def set_message(self, message: str, kind: str = "error") -> None:
        self.kind = kind if message else ""
        self.message.setText(message)
        self.message.setStyleSheet(f"color: {COLOURS.get(kind, '#444444')};")
        self.message.setVisible(bool(message))
        self.message.setAccessibleName(message)

    def message_text(self) -> str:
        return self.message.text()
