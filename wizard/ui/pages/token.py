"""Token: environment, token name and token (masked, show/hide), checked as you type; "Test token" starts the
session's token test, whose checks this page shows live (also after a language switch or a revisit: the job is the
session's) with a working Cancel. Next follows the flow: only after a test that passed for exactly these values.
The session keeps a token that passed in the password store at once, so quitting before Submit does not lose it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from wizard.app.jobs import Job, JobKind, JobStatus
from wizard.core.environment import EnvironmentType, parse_environment
from wizard.core.messages import UserInputError
from wizard.core.state import Journey
from wizard.core.token import check_token
from wizard.core.token_test.report import CheckResult, TokenTestReport, check_titles
from wizard.ui.pages.base import WizardPageBase
from wizard.ui.style import OUTCOME_SENTENCES, OUTCOME_TONES
from wizard.ui.widgets.busy_row import BusyRow
from wizard.ui.widgets.buttons import action_button
from wizard.ui.widgets.checks_list import ChecksList
from wizard.ui.widgets.labels import heading, wrapped
from wizard.ui.widgets.secret_input import SecretInput
from wizard.ui.widgets.validated_field import ValidatedField
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
        self._build_fields(step)
        self.stored_box = WarningBox("", "info")
        self.add(self.stored_box)
        self.store_busy = BusyRow(self.lang)
        self.add(self.store_busy)
        self.test_button = action_button(self.t("ui.test_token"), self.t("ui.test_token"), self.start_test)
        self.test_button.setShortcut(QKeySequence("Ctrl+T"))
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

    def _build_fields(self, step: dict) -> None:
        env_row = QWidget()
        row = QHBoxLayout(env_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.environment_edit = QLineEdit()
        self.environment_edit.setPlaceholderText("O12345AA")
        self.type_combo = QComboBox()
        self.type_combo.addItem(self.t("ui.env_type_auto"), "")
        for env_type in EnvironmentType:
            self.type_combo.addItem(env_type.label.text(self.lang), env_type.value)
        self.type_combo.setAccessibleName(self.t("ui.env_type"))
        row.addWidget(self.environment_edit, 1)
        row.addWidget(self.type_combo)
        self.environment_field = ValidatedField(self.t("ui.environment"), env_row, step["environment_help"])
        self.environment_edit.setAccessibleName(self.t("ui.environment"))
        self.environment_field.label.setBuddy(self.environment_edit)
        self.add(self.environment_field)

        self.name_edit = QLineEdit()
        self.name_field = ValidatedField(self.t("ui.token_name"), self.name_edit, step["token_name_help"])
        self.add(self.name_field)

        token_row = SecretInput(self.t("ui.show"), self.t("ui.hide"), self.t("ui.show_token"), self.t("ui.hide_token"))
        self.token_edit, self.show_button = token_row.edit, token_row.toggle
        self.token_edit.setPlaceholderText("<token><version>1</version><data>…</data></token>")
        self.show_button.setShortcut(QKeySequence("Alt+H"))
        self.token_field = ValidatedField(self.t("ui.token"), token_row, step["token_help"])
        self.token_edit.setAccessibleName(self.t("ui.token"))
        self.token_field.label.setBuddy(self.token_edit)
        self.add(self.token_field)

        self.environment_edit.textEdited.connect(self._environment_edited)
        self.type_combo.currentIndexChanged.connect(self._environment_edited)
        self.name_edit.textEdited.connect(self._name_edited)
        self.token_edit.textChanged.connect(self._token_edited)

    # -- showing the state ------------------------------------------------------------------------------
    def load_state(self) -> None:
        self.intro.setText(self.intros[Journey(self.state.journey)])
        self.environment_edit.setText(self.state.environment_text)
        with QSignalBlocker(self.type_combo):
            self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(self.state.environment_type)))
        self.name_edit.setText(self.state.token_name)
        self._token_from_session()
        self._validate_environment()
        self._validate_name()
        self._show_test()

    def reset(self) -> None:
        with QSignalBlocker(self.token_edit):
            self.token_edit.clear()
        self.checks.set_checks({})
        self.outcome_box.show_message("", "info")
        self.renew_button.setVisible(False)

    def _token_from_session(self) -> None:
        """The session's token (typed earlier, or read from the password store) belongs in the field."""
        token = self.session.token
        current = check_token(self.token_edit.text()).token if self.token_edit.text() else None
        if current != token and (token is not None or current is not None):
            with QSignalBlocker(self.token_edit):  # half-typed text that is no token yet stays as it is
                self.token_edit.setText(token.reveal() if token is not None else "")
        self._validate_token()
        self._after_change()
        self.refresh_blockers()
        self.completeChanged.emit()

    def _show_stored_status(self) -> None:
        """Where the token is stored (or why not), while the fields still hold that token."""
        tokens = self.session.tokens
        if tokens.storing:
            self.stored_box.show_message("", "info")
            if not self.store_busy.isVisible():
                self.store_busy.start(self.t("ui.keyring_storing"), tokens.cancel_store)
            return
        self.store_busy.stop()
        note = tokens.note_for(self.session.identity())
        self.stored_box.show_message(note.message.text(self.lang) if note else "", note.tone if note else "info")

    # -- editing ----------------------------------------------------------------------------------------
    def _environment_edited(self) -> None:
        self.session.edit(environment_text=self.environment_edit.text(),
                          environment_type=self.type_combo.currentData() or "")
        self._validate_environment()
        self._after_edit()

    def _name_edited(self, value: str) -> None:
        self.session.edit(token_name=value)
        self._validate_name()
        self._after_edit()

    def _token_edited(self, value: str) -> None:
        self.session.tokens.set_typed(value)
        self._validate_token()
        self._after_edit()

    def _after_edit(self) -> None:
        self._after_change()
        self._show_outcome_for_current_values()
        self.changed()

    def _after_change(self) -> None:
        self._show_stored_status()
        self._update_buttons()

    # -- live validation --------------------------------------------------------------------------------
    def _validate_environment(self) -> None:
        if not self.state.environment_text.strip():
            self.environment_field.set_message("")
            return
        try:
            env = parse_environment(self.state.environment_text, self.state.environment_type or None)
        except UserInputError as exc:
            self.environment_field.set_message(exc.text(self.lang), "error")
            return
        lines = [self.t("ui.env_understood", name=env.name, type=env.type.label.text(self.lang), url=env.base_url)]
        lines += [w.text(self.lang) for w in env.warnings]
        self.environment_field.set_message("\n".join(lines), "warning" if env.warnings else "ok")

    def _validate_name(self) -> None:
        missing = not self.state.clean_token_name
        self.name_field.set_message(self.t("ui.token_name_missing") if missing else "", "error")

    def _validate_token(self) -> None:
        value = self.token_edit.text()
        if not value:
            self.token_field.set_message("")
            return
        check = check_token(value)
        if check.error is not None:
            self.token_field.set_message(check.error.text(self.lang), "error")
            return
        assert check.token is not None
        lines = [self.t("ui.token_understood", fingerprint=check.token.fingerprint)]
        lines += [w.text(self.lang) for w in check.warnings]
        self.token_field.set_message("\n".join(lines), "warning" if check.warnings else "ok")

    @property
    def testing(self) -> bool:
        return self.running(JobKind.TOKEN_TEST)

    def _update_buttons(self) -> None:
        running = self.testing
        self.test_button.setEnabled(self.session.identity() is not None and not running)
        self.cancel_button.setEnabled(running)
        for widget in (self.environment_edit, self.type_combo, self.name_edit, self.token_edit):
            widget.setEnabled(not running)  # the values under test cannot change halfway

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
        if job is not None and job.running:
            job.cancel()
            self._show_test()

    def _show_test(self) -> None:
        """The checks and the verdict: the running test's live progress, else the last test of these values."""
        job = self.job(JobKind.TOKEN_TEST)
        self.renew_button.setVisible(False)
        if job is not None and job.running:
            self.checks.set_checks(check_titles())
            for result in job.progress:
                if isinstance(result, CheckResult):
                    self.checks.update_check(result)
            self.outcome_box.show_message(self.t("ui.test_cancelling" if job.cancelling else "ui.test_running"),
                                          "info")
        elif job is not None and job.status is JobStatus.DONE:
            self._show_report(job.result)
        elif job is not None and job.status is JobStatus.FAILED:
            self.checks.stop_running()  # the core reports failures as checks; reaching here is a bug, said plainly
            self.outcome_box.show_message(self.t("ui.test_crashed", detail=job.error_type), "error")
        else:
            self._show_saved_checks()
        self._update_buttons()

    def _show_report(self, report: TokenTestReport) -> None:
        self.checks.set_checks(check_titles())
        for check in report.checks:
            self.checks.update_check(check)
        self.checks.stop_running()
        self.checks.fold_passed()
        # A refused or expiring token cannot be fixed here: offer the way to a new one (unless renewing already).
        self.renew_button.setVisible(report.suggests_renewal and self.state.journey != Journey.RENEW)
        self._show_outcome_for_current_values()

    def _show_saved_checks(self) -> None:
        """After a restart: the checks of the last test of these values, as they were kept with the record."""
        record, identity = self.state.token_test, self.session.identity()
        if record.about(identity):
            self.checks.set_checks(check_titles())
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
            self.focus_after_job(self.test_button)

    # -- the keyboard -----------------------------------------------------------------------------------
    def first_field(self) -> QWidget | None:
        for edit in (self.environment_edit, self.name_edit, self.token_edit):
            if not edit.text().strip():
                return edit
        if self.session.environment() is None:
            return self.environment_edit
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
