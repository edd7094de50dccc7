"""A masked line edit with a Show/Hide button beside it: the token and the Finstack API key both use it."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from wizard.ui.widgets.buttons import without_mnemonic


class SecretInput(QWidget):
    """`edit` starts masked; `toggle` reveals it and then offers to hide it again, with matching names."""

    def __init__(self, show: str, hide: str, show_name: str, hide_name: str) -> None:
        super().__init__()
        self._texts = {False: (show, show_name), True: (hide, hide_name)}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.toggle = QPushButton(show)
        self.toggle.setCheckable(True)
        self.toggle.setAccessibleName(without_mnemonic(show_name))
        self.toggle.toggled.connect(self._set_shown)
        row.addWidget(self.edit, 1)
        row.addWidget(self.toggle)

    def _set_shown(self, shown: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        label, name = self._texts[shown]
        self.toggle.setText(label)
        self.toggle.setAccessibleName(without_mnemonic(name))
