"""UpdateConnectors: skip them, and why."""

from __future__ import annotations

from wizard.ui.pages.base import WizardPageBase
from wizard.ui.widgets.labels import wrapped
from wizard.ui.widgets.warning_box import WarningBox


class UpdateConnectorsPage(WizardPageBase):
    page_name = "updateconnectors"

    def build(self) -> None:
        step = self.content.step("updateconnectors")
        self.add(wrapped(step["intro"]))
        self.add(WarningBox(step["why"], "info"))
