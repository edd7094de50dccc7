"""A label, its read-only value and a Copy button."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from wizard.core.messages import Language, text
from wizard.ui.widgets.buttons import action_button
from wizard.ui.widgets.clipboard import SECRET_CLEAR_MS, copy_to_clipboard


class CopyRow(QWidget):
    """Shows `value` read-only; Copy puts it on the clipboard (a secret is masked and cleared after 30 s)."""

    copied = Signal(str)  # the label, never the value

    def __init__(self, label: str, value: str, language: Language, *, secret: bool = False,
                 clear_ms: int = SECRET_CLEAR_MS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language, self._secret, self._clear_ms = language, secret, clear_ms
        self._value = value
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(label)
        self.label.setWordWrap(True)
        self.field = QLineEdit(value)
        self.field.setReadOnly(True)
        self.field.setAccessibleName(label)
        if secret:
            self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.label.setBuddy(self.field)
        self.button = action_button(text("ui.copy", language), text("ui.copy_named", language, name=label), self.copy)
        self.button.setObjectName("row_action")  # one per row, beside its value: the same word by design
        self._reset_timer = QTimer(self)
        self._reset_timer.setSingleShot(True)
        self._reset_timer.timeout.connect(lambda: self.button.setText(text("ui.copy", self._language)))
        layout.addWidget(self.label, 2)
        layout.addWidget(self.field, 3)
        layout.addWidget(self.button)
        self.set_value(value)

    def value(self) -> str:
        return self._value

    def set_value(self, value: str) -> None:
        self._value = value
        self.field.setText(value)
        self.button.setEnabled(bool(value))

    def copy(self) -> None:
        if not self._value:
            return
        copy_to_clipboard(self._value, secret=self._secret, clear_ms=self._clear_ms)
        self.button.setText(text("ui.copied", self._language))
        self._reset_timer.start(2000)
        self.copied.emit(self.label.text())
