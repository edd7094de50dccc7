"""For the start-up benchmark: with FINSTACK_WIZARD_EXIT_AFTER_FIRST_PAINT=1 the wizard quits (status 0) right
after its first page, or anything on it, has been painted, so "first page on screen" can be timed as a whole
process (benchmarks/startup.py)."""

from __future__ import annotations

import os

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget, QWizardPage

ENV_VAR = "FINSTACK_WIZARD_EXIT_AFTER_FIRST_PAINT"


def requested() -> bool:
    return os.environ.get(ENV_VAR) == "1"


class _FirstPaint(QObject):
    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        # The page itself may never be painted (its children cover it): the first paint on the current page.
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) and _on_current_page(watched):
            self.app.removeEventFilter(self)
            QTimer.singleShot(0, lambda: self.app.exit(0))  # once this paint pass has reached the window
        return False


def _on_current_page(widget: QWidget | None) -> bool:
    while widget is not None and not isinstance(widget, QWizardPage):
        widget = widget.parentWidget()
    wizard = widget.wizard() if widget is not None else None
    return wizard is not None and wizard.currentPage() is widget


def install(app: QApplication) -> None:
    """Quit the event loop once the first wizard page is painted."""
    app.installEventFilter(_FirstPaint(app))
