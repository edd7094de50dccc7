"""A wait the user can see and stop: what is going on, a moving bar, and Cancel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from wizard.core.messages import Language, text
from wizard.ui.widgets.buttons import action_button


class BusyRow(QWidget):
    def __init__(self, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._language = language
        self._on_cancel: Callable[[], None] | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # no percentage to show: a moving bar says "still working"
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        self.cancel_button = action_button(text("ui.cancel", language), text("ui.cancel_wait", language),
                                           self._cancel)
        row.addWidget(self.label)
        row.addWidget(self.bar)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        self.setVisible(False)

    def start(self, what: str, on_cancel: Callable[[], None]) -> None:
        """Show the wait; a wait already on screen is left as it is (pages call this on every update of their
        job, and the row may be saying "Cancelling…")."""
        if self.isVisible():
            return
        self.label.setText(what)
        self.bar.setAccessibleName(what)
        self._on_cancel = on_cancel
        self.cancel_button.setEnabled(True)
        self.setVisible(True)
        self.cancel_button.setFocus()  # the one thing to do while waiting; never Back

    def stop(self) -> None:
        self._on_cancel = None
        self.setVisible(False)

    def _cancel(self) -> None:
        if self._on_cancel is not None:
            self.cancel_button.setEnabled(False)
            self.label.setText(text("ui.cancelling", self._language))
            self._on_cancel()
