"""Things that wait for the first page to be on screen: reading the rest of the customer book (so 2000 customers
never delay the first paint), and, for the start-up benchmark, quitting right then (with
FINSTACK_WIZARD_EXIT_AFTER_FIRST_PAINT=1 the wizard exits with status 0 after its first paint, so "first page on
screen" can be timed as a whole process: benchmarks/startup.py)."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget, QWizardPage

ENV_VAR = "FINSTACK_WIZARD_EXIT_AFTER_FIRST_PAINT"


def requested() -> bool:
    return os.environ.get(ENV_VAR) == "1"


class _FirstPaint(QObject):
    def __init__(self, app: QApplication, then: Callable[[], None]) -> None:
        super().__init__(app)
        self.app, self.then = app, then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        # The page itself may never be painted (its children cover it): the first paint on the current page.
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) and _on_current_page(watched):
            self.app.removeEventFilter(self)
            QTimer.singleShot(0, self.then)  # once this paint pass has reached the window
            self.deleteLater()
        return False


def _on_current_page(widget: QWidget | None) -> bool:
    while widget is not None and not isinstance(widget, QWizardPage):
        widget = widget.parentWidget()
    wizard = widget.wizard() if widget is not None else None
    return wizard is not None and wizard.currentPage() is widget


def after_first_paint(app: QApplication, then: Callable[[], None]) -> None:
    """Run `then` once the first wizard page has been painted."""
    app.installEventFilter(_FirstPaint(app, then))


def install(app: QApplication) -> None:
    """Quit the event loop once the first wizard page is painted."""
    after_first_paint(app, lambda: app.exit(0))
