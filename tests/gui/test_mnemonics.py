"""Alt+letter does what it says on every page, in English and in Dutch: every mnemonic on screen (the page's buttons,
boxes and field labels, and the window's Back, Next, Cancel and Menu) is a different letter, so none only moves the
focus between two controls, and the Menu's items have one each."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from tests.gui.conftest import walk_to
from wizard.app.flow import JOURNEY_ROUTES
from wizard.core.state import Journey
from wizard.ui.translation import install_qt_translation
from wizard.ui.wizard_window import MENU

pytestmark = pytest.mark.gui
_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def _letter(label: str) -> str | None:
    match = _MNEMONIC.search(label)
    return match.group(1).lower() if match else None


def _on_screen(window) -> list[tuple[str, str]]:
    """(letter, text) of every visible, enabled control that has a mnemonic."""
    found = []
    for widget in window.findChildren(QAbstractButton):
        if widget.isVisible() and widget.isEnabled() and (letter := _letter(widget.text())):
            found.append((letter, widget.text()))
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.buddy() is not None and (letter := _letter(label.text())):
            found.append((letter, label.text()))
    return found


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_mnemonic_on_a_page_is_a_different_letter(qtbot, make_window, standin_services, language):
    app = QApplication.instance()
    install_qt_translation(app, language)
    try:
        window = make_window(standin_services, language)
        clashes = []
        for journey in Journey:
            if window.page_name() == "welcome":
                window.pages["welcome"].journey_buttons[journey].click()
            for page in JOURNEY_ROUTES[journey]:
                walk_to(qtbot, window, page)
                counts = Counter(letter for letter, _ in _on_screen(window))
                clashes += [f"{journey.value}/{page}: {text}" for letter, text in _on_screen(window)
                            if counts[letter] > 1]
                texts = Counter(button.text().replace("&", "") for button in window.findChildren(QAbstractButton)
                                if button.isVisible() and button.text() and button.objectName() != "row_action")
                clashes += [f"{journey.value}/{page}: two buttons say {text!r}" for text, n in texts.items() if n > 1]
            window.session.nav.go_to_start()
        assert clashes == [], "\n".join(clashes)
        menu = window.button(MENU).menu()
        items = [action.text() for action in menu.actions() if not action.isSeparator()]
        assert all(_letter(item) for item in items), items
        assert len({_letter(item) for item in items}) == len(items)
    finally:
        install_qt_translation(app, "en")


def test_alt_t_tests_the_token_and_alt_n_goes_on(qtbot, make_window, standin_services):
    from PySide6.QtCore import Qt

    from tests.gui.conftest import DEMO_ENVIRONMENT, demo_token, fill_token_page, running
    from wizard.app.jobs import JobKind

    window = make_window(standin_services)
    with qtbot.waitActive(window):
        window.activateWindow()
    walk_to(qtbot, window, "token")
    fill_token_page(qtbot, window, DEMO_ENVIRONMENT, demo_token())
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # a mnemonic clicks after a short flash
    qtbot.waitUntil(lambda: window.session.job(JobKind.TOKEN_TEST) is not None, timeout=2000)
    qtbot.waitUntil(lambda: not running(window, JobKind.TOKEN_TEST), timeout=15_000)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.page_name() == "submit", timeout=2000)
