"""Run in a subprocess with QT_SCALE_FACTOR and an offscreen screen of a given size: open the wizard, visit every
page of every journey, and print (as JSON) whether Back, Next/Finish and Cancel were inside the screen on each,
which pages were wider than the window (a sideways scroll bar: something cut off at the right), and which texts
were given less height than their wrapped lines need (cut off at the bottom, or run into the next row)."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QLabel, QWidget, QWizard

from wizard.app.computer import SettingsFile
from wizard.app.flow import JOURNEY_ROUTES
from wizard.app.records import RecordStore
from wizard.app.services import Services
from wizard.core.state import Journey
from wizard.ui.app import open_window
from wizard.ui.pages.base import NEXT
from wizard.ui.wizard_window import BACK


def visible_inside(button, screen: QRect) -> bool:
    if not button.isVisible():
        return True  # not offered on this page (Back on the first, Next on the last)
    rect = QRect(button.mapToGlobal(QPoint(0, 0)), button.size())
    return screen.contains(rect)


def settle(app: QApplication, page: QWidget) -> None:
    """Let a page just shown lay out its word-wrapped labels (it takes several event-loop turns, and a turn can
    pass with the size unchanged while a nested layout still waits): until its content has kept its size for five
    turns, at most 200."""
    content, last, same = page.scroll.widget(), None, 0
    for _ in range(200):
        app.processEvents()
        same = same + 1 if content.size() == last else 0
        if same == 5:
            return
        last = content.size()


def cut_texts(page: QWidget) -> list[str]:
    """Wrapped texts on screen with less height than their lines need."""
    return [f"{label.text()[:50]!r}: {label.height()} px of {label.heightForWidth(label.width())}"
            for label in page.findChildren(QLabel)
            if label.isVisible() and label.wordWrap() and label.text()
            and label.heightForWidth(label.width()) > label.height() + 1]


def main() -> int:
    app = QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp())
    services = Services(records=RecordStore(folder / "customers"), settings=SettingsFile(folder))
    window = open_window(services, sys.argv[1])
    session = window.session
    window.show()
    app.processEvents()
    screen = app.primaryScreen().availableGeometry()
    report = {"screen": [screen.width(), screen.height()],
              "frame": [window.frameGeometry().width(), window.frameGeometry().height()], "outside": [], "too_wide": [],
              "cut_off": []}
    for journey in Journey:
        session.nav.choose_journey(journey)
        for page in JOURNEY_ROUTES[journey]:
            window.show_page(page)
            settle(app, window.currentPage())
            report["cut_off"] += [f"{journey.value}/{page}: {cut}" for cut in cut_texts(window.currentPage())]
            for which in (BACK, NEXT, QWizard.WizardButton.FinishButton,
                          QWizard.WizardButton.CancelButton):
                if not visible_inside(window.button(which), screen):
                    report["outside"].append(f"{journey.value}/{page}: button {which}")
            sideways = window.currentPage().scroll.horizontalScrollBar()
            if sideways.maximum() > 0:
                report["too_wide"].append(f"{journey.value}/{page}: {sideways.maximum()} px")
    report["window_inside"] = screen.contains(window.frameGeometry())
    print(json.dumps(report))
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
