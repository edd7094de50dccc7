"""Done: a summary of what was set up, what to do next in Finstack, and the GLA-renumbering advice."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel

from wizard.core.admin_filter import parse_administrations
from wizard.core.state import SubmissionStatus
from wizard.ui.pages.base import WizardPageBase, heading, wrapped
from wizard.ui.style import OUTCOME_WORDS
from wizard.ui.widgets.warning_box import WarningBox


class DonePage(WizardPageBase):
    page_name = "done"

    def build(self) -> None:
        step = self.content.step("done")
        self.add(wrapped(step["intro"]))
        self.summary_group = QGroupBox(self.t("ui.summary"))
        self.summary = QFormLayout(self.summary_group)
        self.add(self.summary_group)
        self.deferred_note = WarningBox(self.content.step("preparation")["later_note"], "warning")
        self.add(self.deferred_note)
        self.add(heading(self.t("ui.next_steps")))
        for line in step["next_steps"]:
            self.add(wrapped(f"• {line}"))
        faq = step["faq_gla_renumbering"]
        self.add(heading(faq["question"]))
        for number, line in enumerate(faq["answer"], start=1):
            self.add(wrapped(f"{number}. {line}"))

    def summary_rows(self) -> list[tuple[str, str]]:
        state, env, token = self.state, self.session.environment(), self.session.token
        submission = state.submission
        if submission.status == SubmissionStatus.SUBMITTED:
            finstack = self.t("ui.summary_submitted", source_id=submission.source_id or "—")
        elif submission.status == SubmissionStatus.HANDOFF_CONFIRMED:
            finstack = self.t("ui.summary_handoff")
        else:
            finstack = self.t("ui.summary_not_submitted")
        stored = self.t("ui.summary_stored", where=self.session.vault.where) if state.token_stored \
            else self.t("ui.summary_not_stored")
        return [
            (self.t("ui.environment"), f"{env.name} ({env.type.label.text(self.lang)})" if env else "—"),
            (self.t("ui.token_name"), state.clean_token_name),
            (self.t("ui.summary_token"), self.t("ui.summary_fingerprint", fingerprint=token.fingerprint)
             if token else "—"),
            (self.t("ui.summary_keyring"), stored),
            (self.t("ui.admin_filter_value"), parse_administrations(state.administrations_text).filter_value or "—"),
            (self.t("ui.summary_test"), self.t(OUTCOME_WORDS[state.token_test.test_outcome])),
            (self.t("ui.summary_finstack"), finstack),
            (self.t("ui.summary_preparation"), self.t("ui.summary_deferred" if state.preparation_deferred
                                                      else "ui.summary_checked")),
        ]

    def load_state(self) -> None:
        while self.summary.rowCount():
            self.summary.removeRow(0)
        for label, value in self.summary_rows():
            shown = QLabel(value)
            shown.setWordWrap(True)
            shown.setAccessibleName(f"{label}: {value}")
            self.summary.addRow(label, shown)
        self.deferred_note.setVisible(self.state.preparation_deferred)
