"""Preparation: the AFAS authorisation checklist. Next when every item is ticked or checking is deferred."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QCheckBox, QWidget

from wizard.core.content import ArticleContent
from wizard.ui.pages.base import WizardPageBase
from wizard.ui.widgets.labels import heading, wrapped
from wizard.ui.widgets.warning_box import WarningBox
from wizard.ui.widgets.wrapping import WrappingCheckBox


class PreparationPage(WizardPageBase):
    page_name = "preparation"

    def build(self) -> None:
        step = self.content.step("preparation")
        self.add(wrapped(step["intro"]))
        self.add(wrapped(self.t("ui.menu_path", path=ArticleContent.menu_path(step["menu_path"]))))
        self.boxes: dict[str, QCheckBox] = {}
        for item in self.content.checklist():
            box = WrappingCheckBox(item.text)
            box.setAccessibleName(item.text)
            box.setAccessibleDescription(item.detail)
            box.toggled.connect(lambda checked, item_id=item.id: self._ticked(item_id, checked))
            self.boxes[item.id] = box
            self.add(box)
            detail = wrapped(f"{item.detail}\n{self.t('ui.menu_path', path=ArticleContent.menu_path(item.menu_path))}"
                             f" — {self.t('ui.tab', tab=item.tab)}")
            detail.setContentsMargins(24, 0, 0, 8)
            self.add(detail)
        self.add(heading(self.t("ui.or")))
        self.later = WrappingCheckBox(step["later_option"])
        self.later.setAccessibleName(step["later_option"])
        self.later.toggled.connect(self._deferred)
        self.add(self.later)
        self.later_note = WarningBox(step["later_note"], "info")
        self.add(self.later_note)

    def load_state(self) -> None:
        for item_id, box in self.boxes.items():
            with QSignalBlocker(box):
                box.setChecked(bool(self.state.checklist.get(item_id)))
        with QSignalBlocker(self.later):
            self.later.setChecked(self.state.preparation_deferred)
        self.later_note.setVisible(self.state.preparation_deferred)

    def first_field(self) -> QWidget | None:
        if self.state.preparation_deferred:
            return None
        return next((box for box in self.boxes.values() if not box.isChecked()), None)

    def _ticked(self, item_id: str, checked: bool) -> None:
        self.session.tick("checklist", item_id, checked)

    def _deferred(self, checked: bool) -> None:
        self.session.edit(preparation_deferred=checked)
        self.later_note.setVisible(checked)
