"""Keyboard only, as a user who never touches the mouse: focus lands on the first thing to fill in, Tab, Space
and Enter take them from Welcome to Done, and Enter never goes Back, not even after a test or a submit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import DEMO_ENVIRONMENT, demo_token, next_button, running, wrong_token
from wizard.app.jobs import JobKind
from wizard.ui.wizard_window import BACK

pytestmark = pytest.mark.gui


def focused():
    return QApplication.focusWidget()


def press(qtbot, key, text: str = "") -> None:
    widget = focused()
    assert widget is not None, "nothing has the focus"
    if text:
        qtbot.keyClicks(widget, text)
    else:
        qtbot.keyClick(widget, key)


def settle(qtbot, window, page: str) -> None:
    """The page is shown and its first field has the focus (placed just after the page opened)."""
    qtbot.waitUntil(lambda: window.page_name() == page and focused() is not None, timeout=3000)
    QApplication.processEvents()  # the page places its focus one turn of the event loop after it opened


def tab_to(qtbot, target, limit: int = 60) -> None:
    for _ in range(limit):
        if focused() is target:
            return
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.text() if hasattr(target, 'text') else target}")


def enter_goes_forward(qtbot, window, expected: str) -> None:
    before = window.page_name()
    press(qtbot, Qt.Key.Key_Return)
    assert window.page_name() == expected, f"Enter on {before} led to {window.page_name()}"


def test_welcome_to_done_with_the_keyboard_alone(qtbot, make_window, standin_services, standins):
    _, finstack = standins
    window = make_window(standin_services)
    with qtbot.waitActive(window):
        window.activateWindow()
    settle(qtbot, window, "welcome")
    assert focused() is window.pages["welcome"].journey_buttons[next(iter(window.pages["welcome"].journey_buttons))]
    enter_goes_forward(qtbot, window, "preparation")

    settle(qtbot, window, "preparation")
    boxes = list(window.pages["preparation"].boxes.values())
    assert focused() is boxes[0]  # the first open item
    press(qtbot, Qt.Key.Key_Space)
    tab_to(qtbot, boxes[1])
    press(qtbot, Qt.Key.Key_Space)
    enter_goes_forward(qtbot, window, "app_connector")
    settle(qtbot, window, "app_connector")
    assert focused() is next_button(window)
    enter_goes_forward(qtbot, window, "getconnectors")
    settle(qtbot, window, "getconnectors")
    assert focused() is window.pages["getconnectors"].files.zip_button  # the first thing to do here
    tab_to(qtbot, next_button(window))
    enter_goes_forward(qtbot, window, "administrations")

    settle(qtbot, window, "administrations")
    assert focused() is window.pages["administrations"].editor
    press(qtbot, None, "1;2;3")
    tab_to(qtbot, next_button(window))
    enter_goes_forward(qtbot, window, "updateconnectors")
    settle(qtbot, window, "updateconnectors")
    enter_goes_forward(qtbot, window, "token")

    settle(qtbot, window, "token")
    token = window.pages["token"]
    assert focused() is token.environment_edit
    press(qtbot, None, DEMO_ENVIRONMENT)
    tab_to(qtbot, token.token_edit)
    press(qtbot, None, demo_token())
    press(qtbot, Qt.Key.Key_Return)  # Enter in the token field runs the test
    assert window.page_name() == "token" and window.session.job(JobKind.TOKEN_TEST) is not None
    qtbot.waitUntil(lambda: not running(window, JobKind.TOKEN_TEST), timeout=15_000)
    assert focused() is token.outcome_box.label  # the result, read out; Enter there is Next, not Back
    assert next_button(window).isDefault()
    enter_goes_forward(qtbot, window, "submit")

    settle(qtbot, window, "submit")
    submit = window.pages["submit"]
    qtbot.waitUntil(lambda: not running(window, JobKind.TOKEN_STORE), timeout=5000)
    assert focused() is submit.submit_button
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not running(window, JobKind.HANDOVER), timeout=15_000)
    assert window.page_name() == "submit" and len(finstack.sources) == 1
    assert focused() is submit.submit_box.label
    enter_goes_forward(qtbot, window, "done")


def test_enter_after_a_failed_test_tests_again_and_never_goes_back(qtbot, make_window, standin_services):
    from tests.gui.conftest import fill_token_page, walk_to

    window = make_window(standin_services)
    with qtbot.waitActive(window):
        window.activateWindow()
    walk_to(qtbot, window, "token")
    token = window.pages["token"]
    fill_token_page(qtbot, window, DEMO_ENVIRONMENT, wrong_token())
    token.test_button.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not running(window, JobKind.TOKEN_TEST), timeout=15_000)
    assert window.page_name() == "token"
    assert focused() is token.outcome_box.label and focused() is not window.button(BACK)
    assert token.test_button.isDefault()  # Next is disabled: Enter means "test again"
    press(qtbot, Qt.Key.Key_Return)
    assert window.page_name() == "token" and window.session.job(JobKind.TOKEN_TEST) is not None
    qtbot.waitUntil(lambda: not running(window, JobKind.TOKEN_TEST), timeout=15_000)
    window.button(BACK).setFocus()
    press(qtbot, Qt.Key.Key_Return)  # even with the focus on Back, Enter is not "go back"
    assert window.page_name() == "token"
