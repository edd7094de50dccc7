"""Every text the window shows reads against its background in the light and in the dark scheme: at least 4.5:1
(WCAG AA), measured from the palettes the widgets paint with, on every page of every journey (message boxes,
check rows, the step list and the demo banner included)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from tests.gui.conftest import walk_to
from wizard.app.flow import JOURNEY_ROUTES
from wizard.core.state import Journey
from wizard.ui.look import apply_color_scheme
from wizard.ui.style import contrast, is_dark

pytestmark = pytest.mark.gui
AA = 4.5


def _background(widget: QWidget):
    node = widget
    while node is not None:
        if node.autoFillBackground():
            return node.palette().color(QPalette.ColorRole.Window)
        node = node.parentWidget()
    return widget.palette().color(QPalette.ColorRole.Window)


def _too_faint(window) -> list[str]:
    faint = []
    for label in window.findChildren(QLabel):
        if not label.isVisible() or not label.text().strip():
            continue
        group = QPalette.ColorGroup.Active if label.isEnabled() else QPalette.ColorGroup.Disabled
        ratio = contrast(label.palette().color(group, label.foregroundRole()), _background(label))
        if ratio < AA:
            faint.append(f"{window.page_name()}: {label.text()[:40]!r} {ratio:.1f}")
    steps = window.steps.list
    for item in window.steps.rows:
        own = item.foreground().style() != Qt.BrushStyle.NoBrush
        colour = item.foreground().color() if own else steps.palette().color(QPalette.ColorRole.Text)
        ratio = contrast(colour, steps.palette().color(QPalette.ColorRole.Base))
        if ratio < AA:
            faint.append(f"steps: {item.text()!r} {ratio:.1f}")
    return faint


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_reaches_4_5_to_1_in_both_schemes(qtbot, make_window, standin_services, scheme):
    app = QApplication.instance()
    normal = app.palette(), app.style().name()
    try:
        apply_color_scheme(app, scheme)
        assert is_dark() == (scheme == "dark")
        window = make_window(standin_services)
        window.rebuild()
        faint = []
        for journey in Journey:
            for page in JOURNEY_ROUTES[journey]:
                walk_to(qtbot, window, page)
                faint += _too_faint(window)
            window.session.nav.go_to_start()
            window.pages["welcome"].journey_buttons[list(Journey)[(list(Journey).index(journey) + 1) % 3]].click()
        assert faint == []
    finally:
        app.setStyle(normal[1])
        app.setPalette(normal[0])
        app.setProperty("wizard_color_scheme", None)
