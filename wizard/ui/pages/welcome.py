"""Welcome: what the wizard does, what you need, and "resume where you left off" when there is saved work."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QVBoxLayout

from wizard.ui.pages.base import WizardPageBase, heading, wrapped
from wizard.ui.widgets.buttons import action_button
from wizard.ui.widgets.warning_box import WarningBox


class WelcomePage(WizardPageBase):
    page_name = "welcome"

    def build(self) -> None:
        step = self.content.step("welcome")
        self.notice = WarningBox("", "warning")
        self.add(self.notice)
        self.add(wrapped(step["intro"]))
        self.add(heading(self.t("ui.welcome_needs")))
        for need in step["needs"]:
            self.add(wrapped(f"• {need}"))
        self.add(wrapped(step["duration"]))

        self.resume_box = QGroupBox(self.t("ui.resume_title"))
        layout = QVBoxLayout(self.resume_box)
        self.resume_label = wrapped("")
        layout.addWidget(self.resume_label)
        buttons = QHBoxLayout()
        self.resume_button = action_button(self.t("ui.resume"), self.t("ui.resume"), self.session.resume)
        self.start_over_button = action_button(self.t("ui.start_over"), self.t("ui.start_over"),
                                               self.session.start_over)
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.start_over_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add(self.resume_box)
        self.resume_box.setVisible(False)
        self.session.token_changed.connect(self.refresh_resume)

    def load_state(self) -> None:
        notice = self.session.load_notice
        self.notice.show_message(notice.text(self.lang) if notice else "", "warning")
        self.refresh_resume()

    def refresh_resume(self) -> None:
        """Offer to resume only when there is saved progress; wait for the stored token before resuming."""
        saved = self.session.resume_target()
        self.resume_box.setVisible(saved is not None)
        if saved is None:
            return
        loading = self.session.vault.loading
        self.resume_label.setText(self.t("ui.resume_loading_token") if loading
                                  else self.t("ui.resume_text", page=self.content.title(saved)))
        self.resume_button.setEnabled(not loading)
