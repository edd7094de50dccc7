"""The window's Menu (bottom left, at any point of a journey): the language, the report (save, copy its summary),
a new customer, the log folder (for the help desk)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMenu, QWidget

from wizard.app.session import Session


def build_menu(parent: QWidget, session: Session, *, save_report: Callable[[], None],
               copy_summary: Callable[[], None], open_log: Callable[[], None]) -> QMenu:
    t, menu = session.t, QMenu(parent)  # each item keeps its mnemonic (Alt+M, then the letter)
    languages = menu.addMenu(t("ui.menu_language"))
    for language, name in (("en", "English"), ("nl", "Nederlands")):
        action = languages.addAction(name)
        action.setCheckable(True)
        action.setChecked(language == session.language)
        action.triggered.connect(lambda _=False, chosen=language: session.set_language(chosen))
    menu.addSeparator()
    menu.addAction(t("ui.report_save"), save_report)
    menu.addAction(t("ui.report_copy"), copy_summary)
    menu.addSeparator()
    menu.addAction(t("ui.new_customer"), session.customers.new)
    menu.addSeparator()
    menu.addAction(t("ui.menu_open_log"), open_log)
    return menu
