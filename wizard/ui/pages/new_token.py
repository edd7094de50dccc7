"""New token (renewing): where in AFAS a new token for the same App connector and user is made."""

from __future__ import annotations

from wizard.core.content import ArticleContent
from wizard.ui.pages.base import WizardPageBase
from wizard.ui.widgets.labels import wrapped


class NewTokenPage(WizardPageBase):
    page_name = "new_token"

    def build(self) -> None:
        step = self.content.step("new_token")
        self.add(wrapped(step["intro"]))
        self.add(wrapped(self.t("ui.menu_path", path=ArticleContent.menu_path(step["menu_path"]))
                         + f" — {self.t('ui.tab', tab=step['tab'])}"))
        for number, line in enumerate(step["steps"], start=1):
            self.add(wrapped(f"{number}. {line}"))
        self.add_warnings()
