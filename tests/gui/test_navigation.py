"""Next is enabled exactly when the flow says the page is complete, and the page says why when it is not."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from tests.gui.conftest import click_next, next_button, qtbot_left, walk_to
from wizard.ui.translation import install_qt_translation
from wizard.ui.wizard_window import BACK

pytestmark = pytest.mark.gui


def flow_allows(window) -> bool:
    return window.session.flow.is_complete(window.page_name(), window.session.context())


def test_preparation_next_follows_the_checklist(qtbot, make_window, services):
    window = make_window(services)
    assert window.page_name() == "welcome" and next_button(window).isEnabled()
    click_next(qtbot, window)
    page = window.pages["preparation"]
    assert not next_button(window).isEnabled()
    assert "Tick the 2 open items" in page.blockers_box.text()
    boxes = list(page.boxes.values())
    boxes[0].click()
    assert not next_button(window).isEnabled() and "Tick the 1 open item," in page.blockers_box.text()
    boxes[1].click()
    assert next_button(window).isEnabled() == flow_allows(window) is True
    assert not page.blockers_box.isVisible()
    boxes[1].click()
    assert not next_button(window).isEnabled()
    page.later.click()  # "I will check this later"
    assert next_button(window).isEnabled()
    assert window.session.record.preparation_deferred and page.later_note.isVisible()


def test_administrations_show_errors_live_and_block_next(qtbot, make_window, services):
    window = make_window(services)
    walk_to(qtbot, window, "administrations")
    page = window.pages["administrations"]
    assert not next_button(window).isEnabled()
    qtbot.keyClicks(page.editor, "1;2;x")
    assert '"x" (line 1, position 5) is not an administration number' in page.field.message_text()
    assert not next_button(window).isEnabled()
    assert not page.copy_row.button.isEnabled()
    page.editor.clear()
    qtbot.keyClicks(page.editor, "3, 1;2 2")
    assert page.field.kind == "warning" and "2" in page.field.message_text()
    assert page.parsed_label.text() == "Read 3 administrations: 1, 2, 3"
    assert page.copy_row.value() == "1;2;3"
    assert next_button(window).isEnabled()


def test_next_matches_the_flow_on_every_page(qtbot, make_window, standin_services):
    window = make_window(standin_services)
    route = window.session.flow.route(window.session.context())
    for page in route:
        walk_to(qtbot, window, page)
        final = page == route[-1]
        button = window.button(window.WizardButton.FinishButton) if final else next_button(window)
        assert button.isVisible() and button.isEnabled() == flow_allows(window)
        if page == "token":  # nothing entered yet: the page says what is missing
            assert not next_button(window).isEnabled()
            assert "Enter a valid AFAS environment." in window.pages["token"].blockers_box.text()
    assert window.page_name() == "done"


def test_dutch_uses_dutch_texts_and_qt_buttons(qtbot, make_window, services):
    app = QApplication.instance()
    install_qt_translation(app, "nl")
    try:
        window = make_window(services, "nl")
        assert window.currentPage().title() == "AFAS Profit koppelen aan Finstack"
        assert "Volgende" in next_button(window).text()
        click_next(qtbot, window)
        assert "Ik controleer dit later" == window.pages["preparation"].later.text()
    finally:
        install_qt_translation(app, "en")


def test_back_retraces_the_way_and_keeps_what_was_typed(qtbot, make_window, services):
    from wizard.ui.wizard_window import BACK

    window = make_window(services)
    back = window.button(BACK)
    assert not back.isVisible()  # nothing to go back to on the first page
    walk_to(qtbot, window, "token")
    assert back.isVisible() and back.isEnabled() and back.text() == "< &Back"
    assert not back.autoDefault() and not back.isDefault()
    qtbot.mouseClick(back, qtbot_left())
    assert window.page_name() == "updateconnectors"
    qtbot.mouseClick(back, qtbot_left())
    assert window.page_name() == "administrations"
    assert window.pages["administrations"].editor.toPlainText() == "1;2;3"
    click_next(qtbot, window)
    assert window.page_name() == "updateconnectors"
    for _ in range(5):
        qtbot.mouseClick(back, qtbot_left())
    assert window.page_name() == "welcome" and not back.isVisible()


def test_switching_language_midway_changes_every_page_and_keeps_every_field(qtbot, make_window, services):
    from wizard.core.state import Journey

    window = make_window(services)
    try:
        walk_to(qtbot, window, "token")
        page = window.pages["token"]
        qtbot.keyClicks(page.environment_edit, "O12345AA")
        window.session.nav.back()
        window.session.nav.back()
        assert window.page_name() == "administrations"
        window.session.set_language("nl")  # as the Welcome page's switch or the menu does
        assert window.page_name() == "administrations"
        assert window.currentPage().title() == "De administraties beperken"
        assert "Volgende" in next_button(window).text() and "Terug" in window.button(BACK).text()
        assert window.pages["administrations"].editor.toPlainText() == "1;2;3"
        click_next(qtbot, window)
        click_next(qtbot, window)
        assert window.pages["token"].environment_edit.text() == "O12345AA"
        assert "Omgeving O12345AA" in window.pages["token"].environment_field.message_text()
        assert window.session.language == "nl" and window.session.record.journey == Journey.CONNECT
        window.session.nav.back()
        window.session.nav.back()
        assert window.page_name() == "administrations"  # Back still retraces the way after the switch
    finally:
        install_qt_translation(QApplication.instance(), "en")


def test_escape_never_closes_and_closing_mid_journey_asks_and_says_everything_is_kept(qtbot, make_window, services,
                                                                                     desktop):
    from PySide6.QtCore import Qt

    window = make_window(services)
    walk_to(qtbot, window, "administrations")
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.isVisible() and window.page_name() == "administrations"
    window.reject()  # Cancel: "No" (no answer given) keeps the window
    assert window.isVisible() and "Everything you entered is kept" in desktop.asked[-1]
    desktop.answers.append(True)
    window.reject()
    assert not window.isVisible()


def test_a_list_with_an_error_says_only_the_error(qtbot, make_window, services):
    window = make_window(services)
    walk_to(qtbot, window, "administrations")
    page = window.pages["administrations"]
    page.editor.setPlainText("1;2;abc")
    assert "is not an administration number" in page.field.message_text()
    assert not page.parsed_label.isVisible()
    page.editor.setPlainText("1;2")
    assert page.parsed_label.isVisible() and page.parsed_label.text() == "Read 2 administrations: 1, 2"
