"""Run by benchmarks/records.py in a fresh process: start the wizard as a user does (its records folder and settings
come from the environment), and report as JSON how long the event loop stalled in the three seconds after the
first paint, and while a user types into fields. Not a test; prints figures only."""

from __future__ import annotations

import json
import os
import sys
import time

from PySide6.QtCore import QElapsedTimer, QObject, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

WATCH_S, TICK_MS = 3.0, 1


class GapMeter(QObject):
    """The longest time between two turns of the event loop (a 1 ms timer's ticks) since `start`."""

    def __init__(self) -> None:
        super().__init__()
        self.clock, self.longest = QElapsedTimer(), 0.0
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.longest = 0.0
        self.clock.start()
        self.timer.start()

    def _tick(self) -> None:
        self.longest = max(self.longest, self.clock.nsecsElapsed() / 1e6)
        self.clock.restart()

    def stop(self) -> float:
        self.timer.stop()
        return self.longest


def main() -> int:
    app = QApplication(sys.argv[:1])
    from wizard.app.services import Services
    from wizard.ui import first_paint
    from wizard.ui.app import open_window

    window = open_window(Services(), "en")
    meter, report = GapMeter(), {}

    def painted() -> None:
        meter.start()
        QTimer.singleShot(int(WATCH_S * 1000), after_start)

    def after_start() -> None:
        report["after_first_paint_gap_ms"] = meter.stop()
        report["typing"] = type_into_fields(app, window, meter)
        print(json.dumps(report), flush=True)
        app.exit(0)

    first_paint.after_first_paint(app, painted)
    window.show()
    return app.exec()


def type_into_fields(app: QApplication, window, meter: GapMeter) -> dict[str, float]:
    """Type the 29 characters of "1;2;…;13" into each field a user types most in; the longest event-loop gap
    while doing so."""
    figures = {}
    for page_name, field in (("administrations", "editor"), ("token", "environment_edit")):
        window.show_page(page_name)
        editor = getattr(window.pages[page_name], field)
        editor.setFocus()
        for _ in range(50):
            app.processEvents()
        worst = 0.0
        for character in "1;2;3;4;5;6;7;8;9;10;11;12;13":
            meter.start()
            QTest.keyClick(editor, character)
            deadline = time.perf_counter() + 0.03  # the next key comes 30 ms later, as a fast typist's would
            while time.perf_counter() < deadline:
                app.processEvents()
            worst = max(worst, meter.stop())
        figures[f"{page_name}.{field}_gap_ms"] = worst
    window.session.commit()
    return figures


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(main())
