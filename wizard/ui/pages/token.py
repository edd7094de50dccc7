"""Token: environment, token name and token (masked, show/hide), checked as you type; "Test token" starts the
session's token test, whose checks this page shows live (also after a language switch or a revisit: the job is the
session's) with a working Cancel. Next follows the flow: only after a test that passed for exactly these values.
The session keeps a token that passed in the password store at once, so quitting before Submit does not lose it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from wizard.app.jobs import Job, JobKind, JobStatus, is_running
from wizard.core.state import Journey
from wizard.core.token_test.report import CheckResult, TestOutcome, TokenTestReport, check_titles
from wizard.ui.pages.base import WizardPageBase
from wizard.ui.pages.token_fields import TokenFields
from wizard.ui.style import OUTCOME_SENTENCES, OUTCOME_TONES
from wizard.ui.widgets.busy_row import BusyRow
from wizard.ui.widgets.buttons import action_button
from wizard.ui.widgets.checks_list import ChecksList
from wizard.ui.widgets.labels import heading, wrapped
from wizard.ui.widgets.warning_box import WarningBox
from wizard.ui.widgets.wrapping import button_row


class TokenPage(WizardPageBase):
    page_name = "token"
    job_kinds = (JobKind.TOKEN_TEST, JobKind.TOKEN_STORE, JobKind.TOKEN_READ)

    def build(self) -> None:
        step = self.content.step("token")
        self.intros = {Journey.CONNECT: step["intro"], Journey.REPLACE: step["replace_intro"],
                       Journey.RENEW: step["renew_intro"]}
        self.intro = wrapped(step["intro"])
        self.add(self.intro)
        self.add_warnings()
        self.fields = TokenFields(self.ctx, step)
        self.fields.edited.connect(self._after_edit)
        self.add(self.fields)
        self.environment_edit, self.type_combo = self.fields.environment_edit, self.fields.type_combo
        self.name_edit, self.token_edit = self.fields.name_edit, self.fields.token_edit
        self.environment_field, self.token_field = self.fields.environment_field, self.fields.token_field
        self.stored_box = WarningBox("", "info")
        self.add(self.stored_box)
        self.store_busy = BusyRow(self.lang)
        self.add(self.store_busy)
        self.test_button = action_button(self.t("ui.test_token"), self.t("ui.test_token"), self.start_test)
        self.cancel_button = action_button(self.t("ui.cancel_test"), self.t("ui.cancel_test"), self.cancel_test)
        self.cancel_button.setEnabled(False)
        self.add(button_row(self.test_button, self.cancel_button))
        self.outcome_box = WarningBox("", "info")  # right under its button: the answer where the eyes are
        self.outcome_box.setObjectName("outcome")
        self.add(self.outcome_box)
        renew_row = QHBoxLayout()
        self.renew_button = action_button(self.t("ui.renew_token"), self.t("ui.renew_token_name"),
                                          self.session.nav.renew)
        self.renew_button.setVisible(False)
        renew_row.addWidget(self.renew_button)
        renew_row.addStretch(1)
        self.body.addLayout(renew_row)
        self.add(heading(self.t("ui.checks")))
        self.checks = ChecksList(self.lang)
        self.add(self.checks)
        self.ctx.bridge.token_changed.connect(self._token_from_session)

    # -- showing the state ------------------------------------------------------------------------------
    def load_state(self) -> None:
        self.intro.setText(self.intros[Journey(self.state.journey)])
        self.fields.set_journey(Journey(self.state.journey))
        self.fields.load_state()
        self._after_change()
        self._show_test()

    def reset(self) -> None:
        self.fields.clear_token()
        self.checks.set_checks({})
        self.outcome_box.show_message("", "info")
        self.renew_button.setVisible(False)

    def _token_from_session(self) -> None:
        """The session's token (typed earlier, or read from the password store) belongs in the field."""
        self.fields.token_from_session()
        self._after_change()
        self.refresh_blockers()

    def _after_edit(self) -> None:
        self._after_change()
        self._show_outcome_for_current_values()
        self.changed()

    def _after_change(self) -> None:
        self._show_stored_status()
        self._update_buttons()

    def _show_stored_status(self) -> None:
        """Where the token is stored (or why not), while the fields still hold that token."""
        tokens = self.session.tokens
        if tokens.storing:
            self.stored_box.show_message("", "info")
            self.store_busy.start(self.t("ui.keyring_storing"), tokens.cancel_store)
            return
        self.store_busy.stop()
        note = tokens.note_for(self.session.identity())
        self.stored_box.show_message(note.message.text(self.lang) if note else "", note.tone if note else "info")

    @property
    def testing(self) -> bool:
        return self.running(JobKind.TOKEN_TEST)

    def _update_buttons(self) -> None:
        running = self.testing
        self.test_button.setEnabled(self.session.identity() is not None and not running)
        self.cancel_button.setEnabled(running)
        self.fields.set_enabled(not running)

    def _show_outcome_for_current_values(self) -> None:
        """An outcome stays on screen only while it is about the values now in the fields."""
        if self.testing:
            return
        record, identity = self.state.token_test, self.session.identity()
        outcome = record.test_outcome
        if outcome is not None and record.about(identity):
            self.outcome_box.show_message(self.t(OUTCOME_SENTENCES[outcome]), OUTCOME_TONES[outcome])
        elif outcome is not None or self.outcome_box.kind in ("ok", "warning", "error"):
            self.outcome_box.show_message(self.t("ui.values_changed") if identity else "", "info")

    # -- the test ---------------------------------------------------------------------------------------
    def start_test(self) -> None:
        if self.session.tokens.test() is not None:
            self.cancel_button.setFocus()  # before the Test button is disabled: focus must not fall to Back

    def cancel_test(self) -> None:
        job = self.job(JobKind.TOKEN_TEST)
        if is_running(job):
            job.cancel()
            self._show_test()

    def _show_test(self) -> None:
        """The checks and the verdict: the running test's live progress, else the last test of these values."""
        job = self.job(JobKind.TOKEN_TEST)
        self.renew_button.setVisible(False)
        if is_running(job):
            if job.progress:
                self.checks.ensure_checks(check_titles())
            else:
                self.checks.set_checks(check_titles())  # a new test: every check pending again
            for result in job.progress:
                if isinstance(result, CheckResult):
                    self.checks.update_check(result)
            self.outcome_box.show_message(self.t("ui.test_cancelling" if job.cancelling else "ui.test_running"),
                                          "info")
        elif job is not None and job.status is JobStatus.DONE:
            self._show_report(job.result)
        elif job is not None and job.status is JobStatus.FAILED:
            self.checks.stop_running()  # the core reports failures as checks: this is input it refused, or a bug
            plain = job.failure is not None and job.failure.key != "ui.unexpected"
            self.outcome_box.show_message(job.failure.text(self.lang) if plain and job.failure else
                                          self.t("ui.test_crashed", detail=job.error_type), "error")
        else:
            self._show_saved_checks()
        self._update_buttons()

    def _show_report(self, report: TokenTestReport) -> None:
        self.checks.ensure_checks(check_titles())
        for check in report.checks:
            self.checks.update_check(check)
        self.checks.stop_running()
        self.checks.fold_passed()
        # A refused or expiring token cannot be fixed here: offer the way to a new one (unless renewing already).
        self.renew_button.setVisible(report.suggests_renewal and self.state.journey != Journey.RENEW)
        if report.outcome is TestOutcome.CANCELLED:  # kept nowhere (it proved nothing), but said
            self.outcome_box.show_message(self.t(OUTCOME_SENTENCES[report.outcome]), OUTCOME_TONES[report.outcome])
        else:
            self._show_outcome_for_current_values()

    def _show_saved_checks(self) -> None:
        """After a restart: the checks of the last test of these values, as they were kept with the record."""
        record, identity = self.state.token_test, self.session.identity()
        if record.about(identity):
            self.checks.ensure_checks(check_titles())
            for check in record.check_results():
                self.checks.update_check(check)
            self.checks.fold_passed()
        self._show_outcome_for_current_values()

    def job_changed(self, job: Job) -> None:
        if job.kind is not JobKind.TOKEN_TEST:
            self._after_change()
            return
        if job.running and job.progress and isinstance(job.progress[-1], CheckResult):
            self.checks.update_check(job.progress[-1])  # one row changes: the page is not laid out again
            self._update_buttons()
            return
        self._show_test()
        if not job.running:
            self.reveal(self.outcome_box)  # the answer scrolls into view
            self.focus_result(self.outcome_box.label)

    # -- the keyboard -----------------------------------------------------------------------------------
    def first_field(self) -> QWidget | None:
        empty = self.fields.first_empty()
        if empty is not None:
            return empty
        return self.test_button if self.test_button.isEnabled() and not self.isComplete() else None

    def main_action(self) -> QPushButton | None:
        return self.test_button

    def busy_text(self) -> str:
        return self.t("ui.test_running_bar") if self.testing else ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        """Enter in the token field runs the test (and goes no further, to Next or anywhere else)."""
        if watched is self.token_edit and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # type: ignore[attr-defined]
            if self.test_button.isEnabled():
                self.session.commit()
                self.start_test()
                return True
        return super().eventFilter(watched, event)
