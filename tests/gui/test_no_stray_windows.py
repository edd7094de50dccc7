"""Building and showing every page, in both languages, never makes a piece of a page pop up as a window of its own:
such a flash takes the keyboard focus away from the wizard (and the next key press goes nowhere)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from wizard.app.flow import PAGES
from wizard.ui.translation import install_qt_translation

pytestmark = pytest.mark.gui


class _WindowsShown(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() == QEvent.Type.Show and watched.isWidgetType() and watched.isWindow() \
                and type(watched).__name__ != "WizardWindow":
            self.shown.append(type(watched).__name__)
        return False


def test_no_part_of_a_page_ever_opens_as_a_window(qtbot, make_window, standin_services):
    window = make_window(standin_services)
    spy = _WindowsShown()
    QApplication.instance().installEventFilter(spy)
    try:
        for language in ("en", "nl", "en"):
            window.session.set_language(language)
            for name in PAGES:
                window.show_page(name)
                QApplication.processEvents()
    finally:
        QApplication.instance().removeEventFilter(spy)
        install_qt_translation(QApplication.instance(), "en")
    assert spy.shown == []
