"""Copy rows put values on the clipboard (secrets are masked and cleared again); the checks list shows
each check's status, explanation and fix."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QPushButton

from tests.gui.conftest import click_next, walk_to
from wizard.core.messages import Message
from wizard.ui.widgets.checks_list import ChecksList
from wizard.ui.widgets.copy_row import CopyRow
from wizard.ui.widgets.wrapping import WrappingCheckBox, button_row

pytestmark = pytest.mark.gui


def test_copy_row_copies_the_value(qtbot):
    row = CopyRow("Omschrijving", "Finstack", "en")
    qtbot.addWidget(row)
    qtbot.mouseClick(row.button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "Finstack"
    assert row.button.text() == "Copied ✓"
    assert row.field.isReadOnly() and row.field.accessibleName() == "Omschrijving"


def test_secret_is_masked_and_cleared_only_while_the_clipboard_still_holds_it(qtbot):
    row = CopyRow("Token value", "<token>secret</token>", "en", secret=True, clear_ms=100)
    qtbot.addWidget(row)
    assert row.field.echoMode() == QLineEdit.EchoMode.Password
    row.copy()
    assert QGuiApplication.clipboard().text() == "<token>secret</token>"
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=2000)

    row.copy()
    QGuiApplication.clipboard().setText("something the user copied since")
    from wizard.ui.widgets.clipboard import clipboard_guard

    with qtbot.waitSignal(clipboard_guard()._timer.timeout, timeout=2000):  # the moment it would clear the secret
        pass
    assert QGuiApplication.clipboard().text() == "something the user copied since"


def test_app_connector_page_copy_buttons(qtbot, make_window, services):
    window = make_window(services)
    click_next(qtbot, window)
    walk_to(qtbot, window, "app_connector")
    rows = window.pages["app_connector"].rows
    assert rows["auth_type"].label.text() == "Authenticatietype (Authentication type)"
    qtbot.mouseClick(rows["auth_type"].button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "Classic token (2)"
    warnings = window.pages["app_connector"].findChildren(type(window.pages["token"].outcome_box))
    assert any("Geblokkeerd" in w.text() for w in warnings)


def test_checks_list_shows_status_explanation_and_fix(qtbot):
    from wizard.core.token_test.report import CheckResult, CheckStatus, check_titles

    checks = ChecksList("en")
    qtbot.addWidget(checks)
    checks.set_checks(check_titles())
    assert set(checks.statuses().values()) == {"pending"}
    first = next(iter(check_titles()))
    checks.update_check(CheckResult(first, check_titles()[first], CheckStatus.RUNNING))
    assert checks.statuses()[first] == "running"
    checks.update_check(CheckResult(first, check_titles()[first], CheckStatus.FAILED,
                                    Message("admin.empty"), Message("flow.token_missing")))
    row = checks.rows[first]
    assert row.symbol.text() == "✗"
    assert row.explanation.text() == Message("admin.empty").text("en")
    assert row.fix.text() == "What to do: Paste the token."
    checks.stop_running()
    assert "running" not in checks.statuses().values()


def test_every_kind_of_bundle_finding_has_a_symbol_and_a_colour():
    from wizard.core.getconnectors.model import ItemKind
    from wizard.ui.style import ITEM_TONES

    assert set(ITEM_TONES) == {kind.value for kind in ItemKind}


LONG_SENTENCE = ("Ik heb deze waarde opnieuw ingevuld bij \"Filter op deze waarden\" van Finstack_Administrations en "
                 "gecontroleerd met \"Voorbeeld\" dat precies mijn administraties verschijnen")


def test_a_long_check_box_text_wraps_and_a_click_on_the_text_ticks_it(qtbot):
    box = WrappingCheckBox(LONG_SENTENCE)
    qtbot.addWidget(box)
    box.resize(300, box.heightForWidth(300))
    box.show()
    qtbot.waitExposed(box)
    assert box.accessibleName() == LONG_SENTENCE and box.text() == LONG_SENTENCE
    assert box.minimumSizeHint().width() < 300 < box.fontMetrics().horizontalAdvance(LONG_SENTENCE)  # fits narrow
    assert box.heightForWidth(300) > 2 * box.fontMetrics().height()  # so it takes more lines instead
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center() + QPoint(100, 0))  # on the words
    assert box.isChecked()
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert not box.isChecked()


def test_a_row_of_buttons_wraps_onto_a_second_line_when_narrow(qtbot):
    buttons = [QPushButton(f"De gedownloade ZIP gebruiken {n}…") for n in range(3)]
    row = button_row(*buttons)
    qtbot.addWidget(row)
    wide = sum(button.sizeHint().width() for button in buttons) + 40
    row.resize(wide, row.heightForWidth(wide))
    row.show()
    qtbot.waitExposed(row)
    assert len({button.y() for button in buttons}) == 1  # one line when there is room
    narrow = buttons[0].sizeHint().width() + 10
    row.resize(narrow, row.heightForWidth(narrow))
    qtbot.waitUntil(lambda: len({button.y() for button in buttons}) == 3, timeout=2000)  # one per line
    assert all(button.geometry().right() <= narrow for button in buttons)
