"""Submit: where the token is stored (the token page stored it after its test; only a token not yet stored is
stored here, on the worker), then the source goes to Finstack through its API when one is configured (preset by
--demo, or saved by the user in the optional API section), else by hand-off with Copy buttons. A failed submit
keeps everything and retries with the same idempotency key, so Finstack never gets the source twice; changed
values (environment, token name, token) get a new key."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from wizard.core.finstack_api import FINSTACK_APP_URL, FinstackConfig, SubmitOutcome, handoff_values
from wizard.core.state import Journey, SubmissionStatus
from wizard.ui.pages.base import WizardPageBase
from wizard.ui.pages.finstack_api import FinstackApiSection
from wizard.ui.widgets.busy_row import BusyRow
from wizard.ui.widgets.buttons import action_button
from wizard.ui.widgets.copy_row import CopyRow
from wizard.ui.widgets.labels import discard, heading, wrapped
from wizard.ui.widgets.warning_box import WarningBox
from wizard.ui.widgets.wrapping import WrappingCheckBox, button_row
from wizard.ui.worker import JobContext, Worker, describe_failure


class SubmitPage(WizardPageBase):
    page_name = "submit"

    def build(self) -> None:
        step = self.content.step("submit")
        self.submit_worker: Worker | None = None
        self.texts = {Journey.CONNECT: (step["intro"], step["handoff_steps"]),
                      Journey.RENEW: (step["renew_intro"], step["renew_handoff_steps"])}
        self.intro = wrapped(step["intro"])
        self.add(self.intro)
        self.add(heading(self.t("ui.keyring_heading")))
        self.keyring_box = WarningBox("", "info")
        self.keyring_box.setObjectName("keyring_status")
        self.add(self.keyring_box)
        self.store_busy = BusyRow(self.lang)
        self.add(self.store_busy)
        self.retry_store_button = action_button(
            self.t("ui.keyring_retry"), self.t("ui.keyring_retry"), self.session.store_token)
        self.retry_store_button.setVisible(False)
        retry_row = QHBoxLayout()
        retry_row.addWidget(self.retry_store_button)
        retry_row.addStretch(1)
        self.body.addLayout(retry_row)
        self.add(self._build_api_group())
        self.add(self._build_handoff_group(step))
        # Where the source goes is the user's choice only when nothing preset it (--demo, tests' stand-ins).
        self.api_settings = FinstackApiSection(self.session)
        self.add(self.api_settings)  # on the page before it is shown or hidden: never a window of its own
        self.api_settings.setVisible(self.session.services.finstack is None)
        self.session.vault.api_changed.connect(self._show_submission)
        self.session.vault.changed.connect(self._show_keyring_status)

    def _build_api_group(self) -> QGroupBox:
        self.api_group = QGroupBox(self.t("ui.finstack_api_heading"))
        api = QVBoxLayout(self.api_group)
        api.addWidget(wrapped(self.t("ui.finstack_api_intro")))
        self.api_target = wrapped("")
        self.api_target.setObjectName("finstack_api_target")
        api.addWidget(self.api_target)
        self.submit_button = action_button(self.t("ui.submit"), self.t("ui.submit"), self.submit)
        self.cancel_submit_button = action_button(self.t("ui.cancel"), self.t("ui.cancel_submit"), self.cancel_submit)
        self.cancel_submit_button.setEnabled(False)
        api.addWidget(button_row(self.submit_button, self.cancel_submit_button))
        self.submit_box = WarningBox("", "info")
        self.submit_box.setObjectName("submit_status")
        api.addWidget(self.submit_box)
        return self.api_group

    def _build_handoff_group(self, step: dict) -> QGroupBox:
        self.handoff_group = QGroupBox(self.t("ui.handoff_heading"))
        self.handoff_layout = QVBoxLayout(self.handoff_group)
        self.handoff_steps = [wrapped(f"{number}. {line}") for number, line in enumerate(step["handoff_steps"], 1)]
        for label in self.handoff_steps:
            self.handoff_layout.addWidget(label)
        self.handoff_rows: list[CopyRow] = []
        self.rows_layout = QVBoxLayout()
        self.handoff_layout.addLayout(self.rows_layout)
        self.open_button = action_button(self.t("ui.open_finstack"), self.t("ui.open_finstack"), self.open_finstack)
        self.handoff_layout.addWidget(self.open_button)
        self.confirm_box = WrappingCheckBox(self.t("ui.handoff_confirm", status=step["available_status"]))
        self.confirm_box.toggled.connect(self._confirmed)
        self.handoff_layout.addWidget(self.confirm_box)
        return self.handoff_group

    @property
    def store_worker(self) -> Worker | None:
        """The password-store save that is running, if any (the session's, shared with the token page)."""
        return self.session.vault.store_worker

    @property
    def config_worker(self) -> Worker | None:
        """The password-store job about the Finstack API (load, save or forget) that is running, if any."""
        return self.session.vault.api_worker

    @property
    def api_config(self) -> FinstackConfig | None:
        """The preset Finstack API, else the one the user saved (loaded from the password store), else None."""
        return self.session.services.finstack or self.session.vault.api_config

    @property
    def renewing(self) -> bool:
        return self.state.journey == Journey.RENEW

    @property
    def api_available(self) -> bool:
        """The API creates sources; a renewed token goes into the existing source by hand (the contract has no
        token update), so renewing always hands over."""
        return self.api_config is not None and not self.renewing

    # -- entering the page ------------------------------------------------------------------------------
    def load_state(self) -> None:
        intro, steps = self.texts[Journey.RENEW if self.renewing else Journey.CONNECT]
        self.intro.setText(intro)
        self.handoff_group.setTitle(self.t("ui.handoff_heading_renew" if self.renewing else "ui.handoff_heading"))
        for number, (label, line) in enumerate(zip(self.handoff_steps, steps, strict=True), start=1):
            label.setText(f"{number}. {line}")
        identity, vault = self.session.identity(), self.session.vault
        # Usually the token page stored it already; a save that failed for this token is not repeated unasked.
        if identity is not None and vault.stored != identity and vault.failed_for(identity) is None:
            self.session.store_token()
        self._show_keyring_status()
        self._fill_handoff()
        self.api_settings.setVisible(self.session.services.finstack is None and not self.renewing)
        if self.session.services.finstack is None:
            self.api_settings.load()
        self._show_submission()

    def reset(self) -> None:
        self.api_settings.reset()

    def _fill_handoff(self) -> None:
        for row in self.handoff_rows:
            discard(row)
        self.handoff_rows = []
        env, token = self.session.environment(), self.session.token
        if env is None or token is None:
            return
        secrets = {token.reveal(), token.reveal_data()}
        for label, value in handoff_values(env, self.state.token_name, token):
            row = CopyRow(label.text(self.lang), value, self.lang, secret=value in secrets,
                          clear_ms=self.session.services.clipboard_clear_ms)
            self.handoff_rows.append(row)
            self.rows_layout.addWidget(row)

    def _show_submission(self) -> None:
        submission = self.state.submission
        status = SubmissionStatus(submission.status)
        running = self.submit_worker is not None
        self.api_group.setVisible(self.api_available)
        config = self.api_config
        self.api_target.setText(self.t("ui.finstack_api_target", url=config.base_url) if config else "")
        self.api_target.setVisible(config is not None and self.session.services.finstack is None)
        # The hand-off is the way without an API, and the way out when the API refuses.
        self.handoff_group.setVisible(not self.api_available or status in (SubmissionStatus.FAILED,
                                                                           SubmissionStatus.HANDOFF_CONFIRMED))
        with QSignalBlocker(self.confirm_box):
            self.confirm_box.setChecked(status is SubmissionStatus.HANDOFF_CONFIRMED)
        submitted = status is SubmissionStatus.SUBMITTED
        self.submit_button.setEnabled(not submitted and not running and self.session.token is not None)
        self.submit_button.setText(self.t("ui.submit_retry" if status is SubmissionStatus.FAILED else "ui.submit"))
        self.cancel_submit_button.setEnabled(running)
        self.api_settings.set_submitting(running)
        if submitted:
            self.submit_box.show_message(self.t("ui.submitted", source_id=submission.source_id or "—"), "ok")
        elif status is SubmissionStatus.FAILED and not running:
            self.submit_box.show_message(self.t("ui.submit_failed", reason=submission.message), "error")
        elif not running:
            self.submit_box.show_message("", "info")

    # -- the keyboard -----------------------------------------------------------------------------------
    def first_field(self) -> QWidget | None:
        if self.api_available and self.submit_button.isEnabled():
            return self.submit_button
        if not self.api_available and self.handoff_rows:
            return self.handoff_rows[0].button
        return None

    def main_action(self) -> QPushButton | None:
        return self.submit_button if self.api_available else None

    def busy_text(self) -> str:
        return self.t("ui.submitting") if self.submit_worker is not None else ""

    # -- password store ---------------------------------------------------------------------------------
    def _show_keyring_status(self) -> None:
        identity, vault = self.session.identity(), self.session.vault
        failed = vault.failed_for(identity)
        if identity is None:
            self.keyring_box.show_message("", "info")
        elif vault.storing:
            self.keyring_box.show_message("", "info")
            if not self.store_busy.isVisible():
                self.store_busy.start(self.t("ui.keyring_storing"), vault.cancel_store)
        elif vault.stored == identity:
            self.keyring_box.show_message(self.t("ui.keyring_stored", where=vault.where_text()), "ok")
        elif failed is not None:
            self.keyring_box.show_message(self.t("ui.keyring_failed", reason=failed.text(self.lang)), "warning")
        else:
            self.keyring_box.show_message("", "info")
        if not vault.storing:
            self.store_busy.stop()
        self.retry_store_button.setVisible(identity is not None and not vault.storing and failed is not None)

    # -- Finstack API -----------------------------------------------------------------------------------
    def submit(self) -> None:
        env, token, config = self.session.environment(), self.session.token, self.api_config
        identity = self.session.identity()
        if config is None or env is None or token is None or identity is None or self.submit_worker is not None:
            return
        # One key per content: a retry reuses it (no second source), changed values need a new one (Finstack
        # answers 422 idempotency_key_reused to an old key with a different body).
        key = self.state.submission.key_for(identity.content_id)
        self.session.save_now()  # the key is on disk before the request leaves, so a crash cannot duplicate
        name = identity.token_name

        def job(ctx: JobContext) -> SubmitOutcome:  # worker thread
            from wizard.core.finstack_client import submit_source  # the HTTP client: loaded when first used

            return submit_source(config, env, name, token, key, cancel=ctx.cancel)

        self.submit_box.show_message(self.t("ui.submitting"), "info")
        self.submit_worker = self.session.pool.submit(job, name="submit", on_result=self._submitted,
                                                      on_error=self._submit_crashed, on_finished=self._submit_done)
        self.cancel_submit_button.setEnabled(True)
        self.cancel_submit_button.setFocus()  # before Submit is disabled: focus must not fall to Back
        self._show_submission()
        self.refresh_blockers()

    def cancel_submit(self) -> None:
        if self.submit_worker is not None:
            self.submit_worker.cancel()

    def _submitted(self, outcome: SubmitOutcome) -> None:
        if self.state.submission.record(outcome, self.lang):
            self.changed()
        else:
            self.submit_box.show_message(outcome.message.text(self.lang), "info")

    def _submit_crashed(self, exc: object) -> None:
        self.state.submission.record_crash(describe_failure(exc, self.lang))
        self.changed()

    def _submit_done(self) -> None:
        self.submit_worker = None
        self._show_submission()
        self.refresh_blockers()
        self.focus_after_job(self.submit_button)

    # -- hand-off ---------------------------------------------------------------------------------------
    def open_finstack(self) -> None:
        self.session.services.desktop.open_url(FINSTACK_APP_URL)

    def _confirmed(self, checked: bool) -> None:
        self.state.submission.confirm_handoff(checked)
        self.changed()
