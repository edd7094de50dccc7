"""Done: a summary of what was set up, what to do next in Finstack, and the GLA-renumbering advice."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QWidget

from wizard.app.jobs import Job, JobKind
from wizard.core.state import Journey
from wizard.ui.pages.base import WizardPageBase
from wizard.ui.report_actions import ReportActions, report_outcome
from wizard.ui.widgets.buttons import action_button
from wizard.ui.widgets.labels import discard, heading, wrapped
from wizard.ui.widgets.warning_box import WarningBox
from wizard.ui.widgets.wrapping import button_row


class DonePage(WizardPageBase):
    page_name = "done"
    job_kinds = (JobKind.REPORT,)

    def build(self) -> None:
        step = self.content.step("done")
        self.intros = {Journey.CONNECT: step["intro"], Journey.REPLACE: step["replace_intro"],
                       Journey.RENEW: step["renew_intro"]}
        self.intro = wrapped(step["intro"])
        self.add(self.intro)
        self.summary_group = QGroupBox(self.t("ui.summary"))
        # A grid, not a QFormLayout: a form gives a wrapped name only its value's height, so a name on two lines
        # ("Authorisation in AFAS") was cut in half; a grid gives each row what its taller side needs.
        self.summary = QGridLayout(self.summary_group)
        self.summary.setColumnStretch(0, 2)
        self.summary.setColumnStretch(1, 3)
        self.summary_rows: list[tuple[QLabel, QLabel]] = []
        self.add(self.summary_group)
        self.deferred_note = WarningBox(self.content.step("preparation")["later_note"], "warning")
        self.add(self.deferred_note)
        self.add(heading(self.t("ui.next_steps")))
        for line in step["next_steps"]:
            self.add(wrapped(f"• {line}"))
        self.report_button = action_button(self.t("ui.report_save"), self.t("ui.report_save_name"), self.save_report)
        self.copy_button = action_button(self.t("ui.report_copy"), self.t("ui.report_copy_name"), self.copy_summary)
        self.again_button = action_button(self.t("ui.do_something_else"), self.t("ui.do_something_else_name"),
                                          self.session.nav.go_to_start)
        self.actions = ReportActions(self.ctx, self)
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
        self.actions.save()

    def copy_summary(self) -> None:
        self.actions.copy()
        self.report_box.show_message(self.t("ui.report_copied"), "ok")

    def job_changed(self, job: Job) -> None:
        outcome = report_outcome(job)
        if outcome is not None:
            self.report_box.show_message(outcome[0].text(self.lang), outcome[1])

    def load_state(self) -> None:
        self.intro.setText(self.intros[Journey(self.state.journey)])
        for old in (part for row in self.summary_rows for part in row):
            discard(old)
        self.summary_rows = []
        for row, (label, value) in enumerate(self.session.reports.current().summary):
            name, shown = QLabel(label), QLabel(value)
            for part in (name, shown):
                part.setWordWrap(True)  # a long label wraps instead of pushing the page wider than the window
                part.setTextFormat(Qt.TextFormat.PlainText)
                part.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            shown.setAccessibleName(f"{label}: {value}")
            self.summary.addWidget(name, row, 0)
            self.summary.addWidget(shown, row, 1)
            self.summary_rows.append((name, shown))
        self.deferred_note.setVisible(self.state.preparation_deferred and self.state.journey == Journey.CONNECT)
