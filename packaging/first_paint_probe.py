"""Benchmark switch: with FINSTACK_WIZARD_EXIT_AFTER_FIRST_PAINT=1, quit (status 0) right after the current
page of the first wizard on screen, or anything on it, has been painted, so benchmarks/startup.py can time
"first page painted" as a whole process. Used by the bundle's launcher, by the benchmark for the venv, and by
the benchmark's minimal QWizard, so all three are measured the same way.

Until the wizard itself honours the variable (see benchmarks/startup.py), this is how it is detected from
outside wizard/ui: create the QApplication first (the wizard reuses QApplication.instance()), and watch its
events for that first paint."""

from __future__ import annotations

import os
import sys

ENV_VAR = "FINSTACK_WIZARD_EXIT_AFTER_FIRST_PAINT"


def requested() -> bool:
    return os.environ.get(ENV_VAR) == "1"


def install() -> None:
    """Create the QApplication and quit its event loop (status 0) once the first wizard page is painted."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget, QWizardPage

    app = QApplication.instance() or QApplication(sys.argv[:1])

    def current_page_of(widget: QWidget | None) -> QWizardPage | None:
        """The wizard page `widget` is on, if that page is the one its wizard shows."""
        while widget is not None and not isinstance(widget, QWizardPage):
            widget = widget.parentWidget()
        wizard = widget.wizard() if widget is not None else None
        return widget if wizard is not None and wizard.currentPage() is widget else None

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            # The page itself may never get a paint event (its children can cover it), so: the first paint of
            # the current page or of anything on it.
            if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) and current_page_of(watched):
                app.removeEventFilter(self)
                QTimer.singleShot(0, lambda: app.exit(0))  # once this paint pass has reached the window
            return False

    watcher = FirstPaint(app)
    app.installEventFilter(watcher)
