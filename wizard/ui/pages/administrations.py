"""Administrations: paste or type the numbers, see what was understood and every error as you type,
copy the `1;2;3` value, and where exactly it goes in AFAS."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from wizard.app.flow import REPLACE_FILTER_AGAIN
from wizard.core.admin_filter import parse_administrations
from wizard.core.state import Journey
from wizard.ui.pages.base import WizardPageBase
from wizard.ui.widgets.copy_row import CopyRow
from wizard.ui.widgets.labels import heading, wrapped
from wizard.ui.widgets.validated_field import ValidatedField
from wizard.ui.widgets.warning_box import WarningBox
from wizard.ui.widgets.wrapping import WrappingCheckBox


class AdministrationsPage(WizardPageBase):
    page_name = "administrations"

    def build(self) -> None:
        step = self.content.step("administrations")
        # Replacing the GetConnectors reset the filter: said first, where it cannot be missed.
        self.replace_box = WarningBox(step["replace_intro"], "warning")
        self.add(self.replace_box)
        self.add(wrapped(step["intro"]))
        self.editor = QPlainTextEdit()
        self.editor.setTabChangesFocus(True)  # Tab moves on, so the page stays usable by keyboard
        self.editor.setPlaceholderText(self.t("ui.admin_placeholder"))
        self.editor.setFixedHeight(110)
        self.field = ValidatedField(self.t("ui.admin_label"), self.editor, step["find_ids"])
        self.add(self.field)
        self.editor.textChanged.connect(self._edited)
        self.parsed_label = wrapped("")
        self.parsed_label.setObjectName("parsed")
        self.add(self.parsed_label)
        self.copy_row = CopyRow(self.t("ui.admin_filter_value"), "", self.lang, clear_ms=self.ctx.clipboard_clear_ms)
        self.add(self.copy_row)
        self.add(heading(self.t("ui.admin_where", connector=step["connector"])))
        for number, line in enumerate(step["where"], start=1):
            self.add(wrapped(f"{number}. {line}"))
        self.replace_tick = WrappingCheckBox(step["replace_tick"])
        self.replace_tick.setAccessibleName(step["replace_tick"])
        self.replace_tick.toggled.connect(self._filter_entered_again)
        self.add(self.replace_tick)
        self.add_warnings()

    def load_state(self) -> None:
        replacing = self.state.journey == Journey.REPLACE
        self.replace_box.setVisible(replacing)
        self.replace_tick.setVisible(replacing)
        with QSignalBlocker(self.replace_tick):
            self.replace_tick.setChecked(bool(self.state.steps.get(REPLACE_FILTER_AGAIN)))
        if self.editor.toPlainText() != self.state.administrations_text:
            with QSignalBlocker(self.editor):
                self.editor.setPlainText(self.state.administrations_text)
        self.show_parsed()

    def first_field(self) -> QWidget | None:
        if self.state.journey == Journey.REPLACE and not self.isComplete() and self.editor.toPlainText():
            return self.replace_tick
        return self.editor

    def _filter_entered_again(self, ticked: bool) -> None:
        self.session.tick("steps", REPLACE_FILTER_AGAIN, ticked)

    def _edited(self) -> None:
        self.session.edit(administrations_text=self.editor.toPlainText())
        self.show_parsed()
        self.changed()

    def show_parsed(self) -> None:
        parsed = parse_administrations(self.state.administrations_text)
        if parsed.problems:
            self.field.set_message("\n".join(p.message.text(self.lang) for p in parsed.problems), "error")
        elif parsed.duplicates:
            ids = ", ".join(map(str, parsed.duplicates))
            self.field.set_message(self.t("ui.admin_duplicates", ids=ids), "warning")
        else:
            self.field.set_message("")
        if parsed.problems:  # one message at a time: the error above says what to fix; nothing is "read" yet
            self.parsed_label.setText("")
        elif parsed.ids:
            self.parsed_label.setText(self.t("ui.admin_parsed", count=len(parsed.ids),
                                             ids=", ".join(map(str, parsed.ids))))
        else:
            self.parsed_label.setText(self.t("ui.admin_none"))
        self.parsed_label.setVisible(bool(self.parsed_label.text()))
        self.copy_row.set_value(parsed.filter_value if parsed.ok else "")
