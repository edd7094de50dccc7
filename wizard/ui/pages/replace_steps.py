"""The GetConnectors page when replacing: Finstack's "Instructions to replace GetConnectors in App Connector",
and the tick that the import ended with Status "GOED" on every line (Next waits for it)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QGroupBox, QVBoxLayout

from wizard.ui.widgets.labels import wrapped
from wizard.ui.widgets.wrapping import WrappingCheckBox


class ReplaceSteps(QGroupBox):
    def __init__(self, texts: dict, on_ticked: Callable[[bool], None]) -> None:
        super().__init__()  # the page's title already says "Replace Finstack's GetConnectors"
        layout = QVBoxLayout(self)
        layout.addWidget(wrapped(texts["intro"]))
        for number, line in enumerate(texts["steps"], start=1):
            layout.addWidget(wrapped(f"{number}. {line}"))
        self.status_tick = WrappingCheckBox(texts["status_tick"])
        self.status_tick.setAccessibleName(texts["status_tick"])
        self.status_tick.toggled.connect(on_ticked)
        layout.addWidget(self.status_tick)

    def show_ticked(self, ticked: bool) -> None:
        with QSignalBlocker(self.status_tick):
            self.status_tick.setChecked(ticked)
