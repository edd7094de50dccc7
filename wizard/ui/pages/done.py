"""Done: a summary of what was set up, what to do next in Finstack, and the GLA-renumbering advice."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from wizard.core.admin_filter import parse_administrations
from wizard.core.state import Journey, SubmissionStatus
from wizard.ui.pages.base import WizardPageBase
from wizard.ui.report_actions import copy_summary, save_report
from wizard.ui.style import OUTCOME_WORDS
from wizard.ui.widgets.buttons import action_button
from wizard.ui.widgets.labels import heading, wrapped
from wizard.ui.widgets.warning_box import WarningBox
from wizard.ui.widgets.wrapping import button_row


class DonePage(WizardPageBase):
    page_name = "done"

    def build(self) -> None:
        step = self.content.step("done")
        self.intros = {Journey.CONNECT: step["intro"], Journey.REPLACE: step["replace_intro"],
                       Journey.RENEW: step["renew_intro"]}
        self.intro = wrapped(step["intro"])
        self.add(self.intro)
        self.summary_group = QGroupBox(self.t("ui.summary"))
        self.summary = QFormLayout(self.summary_group)
        self.add(self.summary_group)
        self.deferred_note = WarningBox(self.content.step("preparation")["later_note"], "warning")
        self.add(self.deferred_note)
        self.add(heading(self.t("ui.next_steps")))
        for line in step["next_steps"]:
            self.add(wrapped(f"• {line}"))
        self.report_button = action_button(self.t("ui.report_save"), self.t("ui.report_save_name"), self.save_report)
        self.copy_button = action_button(self.t("ui.report_copy"), self.t("ui.report_copy_name"), self.copy_summary)
        self.again_button = action_button(self.t("ui.do_something_else"), self.t("ui.do_something_else_name"),
                                          self.session.go_to_start)
        self.add(button_row(self.report_button, self.copy_button, self.again_button))
        self.report_box = WarningBox("", "ok")
        self.report_box.setObjectName("report_result")
        self.add(self.report_box)
        faq = step["faq_gla_renumbering"]
        self.add(heading(faq["question"]))
        for number, line in enumerate(faq["answer"], start=1):
            self.add(wrapped(f"{number}. {line}"))

    def first_field(self) -> QWidget | None:
        return self.report_button

    def save_report(self) -> None:
        try:
            saved = save_report(self.session, self)
        except (OSError, RuntimeError) as exc:
            self.report_box.show_message(self.t("ui.report_failed", reason=getattr(exc, "strerror", None)
                                                or type(exc).__name__), "error")
            return
        if saved is not None:
            self.report_box.show_message(self.t("ui.report_saved", path=str(saved)), "ok")

    def copy_summary(self) -> None:
        copy_summary(self.session)
        self.report_box.show_message(self.t("ui.report_copied"), "ok")

    def summary_rows(self) -> list[tuple[str, str]]:
        state, env, token = self.state, self.session.environment(), self.session.token
        submission = state.submission
        if submission.status == SubmissionStatus.SUBMITTED:
            finstack = self.t("ui.summary_submitted", source_id=submission.source_id or "—")
        elif submission.status == SubmissionStatus.HANDOFF_CONFIRMED:
            finstack = self.t("ui.summary_handoff")
        else:
            finstack = self.t("ui.summary_not_submitted")
        stored = self.t("ui.summary_stored", where=self.session.vault.where_text()) if state.token_stored \
            else self.t("ui.summary_not_stored")
        rows = [
            (self.t("ui.environment"), f"{env.name} ({env.type.label.text(self.lang)})" if env else "—"),
            (self.t("ui.token_name"), state.clean_token_name),
            (self.t("ui.summary_token"), self.t("ui.summary_fingerprint", fingerprint=token.fingerprint)
             if token else "—"),
            (self.t("ui.summary_keyring"), stored),
            (self.t("ui.admin_filter_value"), parse_administrations(state.administrations_text).filter_value or "—"),
            (self.t("ui.summary_test"), self.t(OUTCOME_WORDS[state.token_test.test_outcome])),
            (self.t("ui.summary_finstack"), finstack),
        ]
        if state.journey == Journey.CONNECT:
            rows.append((self.t("ui.summary_preparation"), self.t("ui.summary_deferred" if state.preparation_deferred
                                                                  else "ui.summary_checked")))
        if state.journey == Journey.REPLACE:  # no new token and no new source: only what was redone
            rows = [row for row in rows if row[0] not in (self.t("ui.summary_finstack"), self.t("ui.summary_keyring"))]
        return rows

    def load_state(self) -> None:
        self.intro.setText(self.intros[Journey(self.state.journey)])
        while self.summary.rowCount():
            self.summary.removeRow(0)
        for label, value in self.summary_rows():
            shown = QLabel(value)
            shown.setWordWrap(True)
            shown.setAccessibleName(f"{label}: {value}")
            self.summary.addRow(label, shown)
        self.deferred_note.setVisible(self.state.preparation_deferred and self.state.journey == Journey.CONNECT)
