"""Token: environment, token name and token (masked, show/hide), checked as you type; "Test token" runs the
core's token test on the worker with a live checks list and a working Cancel. Next follows the flow: only
after a test that passed for exactly these values. The session keeps a token that passed in the password
store at once, so quitting before Submit does not lose it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from wizard.core.admin_filter import parse_administrations
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
from wizard.ui.worker import JobContext, Worker


class TokenPage(WizardPageBase):
    page_name = "token"

    def build(self) -> None:
        step = self.content.step("token")
        self.test_worker: Worker | None = None
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
                                          lambda: self.session.switch_to(Journey.RENEW))
        self.renew_button.setVisible(False)
        renew_row.addWidget(self.renew_button)
        renew_row.addStretch(1)
        self.body.addLayout(renew_row)
        self.add(heading(self.t("ui.checks")))
        self.checks = ChecksList(self.lang)
        self.add(self.checks)
        self.session.token_changed.connect(self._token_from_session)
        self.token_edit.installEventFilter(self)

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

    @property
    def store_worker(self) -> Worker | None:
        """The password-store save that is running, if any (the session's, shared with Submit)."""
        return self.session.vault.store_worker

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
        self._show_outcome_for_current_values()

    def reset(self) -> None:
        with QSignalBlocker(self.token_edit):
            self.token_edit.clear()
        self.checks.set_checks({})
        self.outcome_box.show_message("", "info")

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
        vault = self.session.vault
        if vault.storing:
            self.stored_box.show_message("", "info")
            if not self.store_busy.isVisible():
                self.store_busy.start(self.t("ui.keyring_storing"), vault.cancel_store)
            return
        self.store_busy.stop()
        note = vault.note_for(self.session.identity())
        self.stored_box.show_message(note.message.text(self.lang) if note else "", note.tone if note else "info")

    # -- editing ----------------------------------------------------------------------------------------
    def _environment_edited(self) -> None:
        self.state.environment_text = self.environment_edit.text()
        self.state.environment_type = self.type_combo.currentData() or ""
        self._validate_environment()
        self._after_edit()

    def _name_edited(self, value: str) -> None:
        self.state.token_name = value
        self._validate_name()
        self._after_edit()

    def _token_edited(self, value: str) -> None:
        self.session.set_token(check_token(value).token if value else None, notify=False)
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

    def _update_buttons(self) -> None:
        running = self.test_worker is not None
        self.test_button.setEnabled(self.session.identity() is not None and not running)
        self.cancel_button.setEnabled(running)
        for widget in (self.environment_edit, self.type_combo, self.name_edit, self.token_edit):
            widget.setEnabled(not running)  # the values under test cannot change halfway

    def _show_outcome_for_current_values(self) -> None:
        """An outcome stays on screen only while it is about the values now in the fields."""
        if self.test_worker is not None:
            return
        record, identity = self.state.token_test, self.session.identity()
        outcome = record.test_outcome
        if outcome is not None and record.about(identity):
            self.outcome_box.show_message(self.t(OUTCOME_SENTENCES[outcome]), OUTCOME_TONES[outcome])
        elif outcome is not None or self.outcome_box.kind in ("ok", "warning", "error"):
            self.outcome_box.show_message(self.t("ui.values_changed") if identity else "", "info")

    # -- the test ---------------------------------------------------------------------------------------
    def start_test(self) -> None:
        self.renew_button.setVisible(False)
        env, token, name = self.session.environment(), self.session.token, self.state.clean_token_name
        if env is None or token is None or not name or self.test_worker is not None:
            return
        ids = parse_administrations(self.state.administrations_text).ids
        base_url, lang = self.session.services.afas_base_url, self.lang
        self.checks.set_checks(check_titles())
        self.outcome_box.show_message(self.t("ui.test_running"), "info")

        def job(ctx: JobContext) -> TokenTestReport:  # worker thread: no widgets here
            from wizard.core.token_test.run import run_token_test  # the HTTP client: loaded when first used

            return run_token_test(env, token, ids, token_name=name, base_url=base_url, on_check=ctx.progress,
                                  cancel=ctx.cancel, language=lang)

        self.test_worker = self.session.pool.submit(job, name="token_test", on_progress=self._progress,
                                                    on_result=self._finished, on_error=self._crashed,
                                                    on_finished=self._done)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setFocus()  # before the Test button is disabled: focus must not fall to Back
        self._update_buttons()
        self.refresh_blockers()

    def cancel_test(self) -> None:
        if self.test_worker is not None:
            self.test_worker.cancel()
            self.cancel_button.setEnabled(False)
            self.outcome_box.show_message(self.t("ui.test_cancelling"), "info")

    def _progress(self, result: object) -> None:
        if isinstance(result, CheckResult):
            self.checks.update_check(result)

    def _finished(self, report: TokenTestReport) -> None:
        for check in report.checks:
            self.checks.update_check(check)
        self.checks.stop_running()
        self.session.record_test(report)
        # A refused or expiring token cannot be fixed here: offer the way to a new one (unless renewing already).
        self.renew_button.setVisible(report.suggests_renewal and self.state.journey != Journey.RENEW)
        self.outcome_box.show_message(self.t(OUTCOME_SENTENCES[report.outcome]), OUTCOME_TONES[report.outcome])
        self.changed()

    def _crashed(self, exc: object) -> None:
        # The core reports failures as checks; reaching here is a bug, said plainly, without details.
        self.checks.stop_running()
        self.outcome_box.show_message(self.t("ui.test_crashed", detail=type(exc).__name__), "error")

    def _done(self) -> None:
        self.test_worker = None
        self._update_buttons()
        self.refresh_blockers()
        self.completeChanged.emit()
        self.checks.fold_passed()
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
        return self.t("ui.test_running_bar") if self.test_worker is not None else ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        """Enter in the token field runs the test (and goes no further, to Next or anywhere else)."""
        if watched is self.token_edit and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # type: ignore[attr-defined]
            if self.test_button.isEnabled():
                self.session.commit()
                self.start_test()
                return True
        return super().eventFilter(watched, event)
