"""Benchmark switch: with FINSTACK_WIZARD_EXIT_AFTER_FIRST_PAINT=1, quit right after the current page of the
first wizard on screen has been painted, so benchmarks/startup.py can time "first page painted" as a whole
process. Used by the bundle's launcher, by the benchmark for the venv, and by the benchmark's minimal QWizard,
so all three are measured the same way.

Until the wizard itself honours the variable (see benchmarks/startup.py), this is how it is detected from
outside wizard/ui: create the QApplication first (the wizard reuses QApplication.instance()), and watch its
events for the first paint of a QWizardPage that is its wizard's current page."""

from __future__ import annotations

import os
import sys

ENV_VAR = "FINSTACK_WIZARD_EXIT_AFTER_FIRST_PAINT"


def requested() -> bool:
    return os.environ.get(ENV_VAR) == "1"


def install() -> None:
    """Create the QApplication and quit its event loop (status 0) once the first wizard page is painted."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWizardPage

    app = QApplication.instance() or QApplication(sys.argv[:1])

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and isinstance(watched, QWizardPage):
                wizard = watched.wizard()
                if wizard is not None and wizard.currentPage() is watched:
                    app.removeEventFilter(self)
                    QTimer.singleShot(0, lambda: app.exit(0))  # after this paint has reached the window
            return False

    watcher = FirstPaint(app)
    app.installEventFilter(watcher)
