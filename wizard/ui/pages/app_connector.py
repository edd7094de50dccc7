"""App connector: each setting as AFAS labels it, with the value to enter and a Copy button."""

from __future__ import annotations

from wizard.core.content import ArticleContent
from wizard.ui.pages.base import WizardPageBase
from wizard.ui.widgets.copy_row import CopyRow
from wizard.ui.widgets.labels import wrapped


class AppConnectorPage(WizardPageBase):
    page_name = "app_connector"

    def build(self) -> None:
        step = self.content.step("app_connector")
        self.add(wrapped(step["intro"]))
        self.add(wrapped(self.t("ui.menu_path", path=ArticleContent.menu_path(step["menu_path"]))))
        self.rows: dict[str, CopyRow] = {}
        for setting in self.content.app_connector_settings():
            # AFAS shows the Dutch label; the English one helps who reads this wizard in English.
            label = self.t("ui.setting_label", label=setting.label, english=setting.english)
            row = CopyRow(label, setting.value, self.lang, clear_ms=self.ctx.clipboard_clear_ms)
            self.rows[setting.id] = row
            self.add(row)
        self.add_warnings()
