"""An input with a label above it and a live message under it (error, warning or fine)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from wizard.ui.style import MUTED, paint_text, plain_text


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
        self.help = QLabel(help_text, self)  # given a parent at once: a parentless label shown is a window
        self.help.setWordWrap(True)
        self.help.setVisible(bool(help_text))
        paint_text(self.help, MUTED)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        layout.addWidget(self.label)
        layout.addWidget(editor)
        layout.addWidget(self.help)
        layout.addWidget(self.message)
        self.kind = ""

    def set_help(self, help_text: str) -> None:
        if help_text != self.help.text():
            self.help.setText(help_text)
            self.help.setVisible(bool(help_text))
            self.editor.setAccessibleDescription(help_text)

    def set_message(self, message: str, kind: str = "error") -> None:
        if (message, kind if message else "") == (self.message.text(), self.kind):
            return  # unchanged (asked on every keystroke): restyling costs a layout pass
        self.kind = kind if message else ""
        self.message.setText(message)
        if kind in ("ok", "warning", "error"):
            paint_text(self.message, kind)
        else:
            plain_text(self.message)
        self.message.setVisible(bool(message))
        self.message.setAccessibleName(message)

    def message_text(self) -> str:
        return self.message.text()
