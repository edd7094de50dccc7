"""Submit: where the token is stored (the token page stored it after its test; only a token not yet stored is
stored here, on the worker), then the source goes to Finstack through its API when one is configured (preset by
--demo, or saved by the user in the optional API section), else by hand-off with Copy buttons. A failed submit
keeps everything and retries with the same idempotency key, so Finstack never gets the source twice; changed
values (environment, token name, token) get a new key."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout

from wizard.core.environment import AfasEnvironment
from wizard.core.finstack_api import FINSTACK_APP_URL, handoff_values
from wizard.core.state import Submission, new_idempotency_key
from wizard.core.token import AfasToken
from wizard.ui.pages.base import WizardPageBase, heading, wrapped
from wizard.ui.pages.finstack_api import FinstackApiSection
from wizard.ui.widgets.buttons import action_button
from wizard.ui.widgets.copy_row import CopyRow
from wizard.ui.widgets.warning_box import WarningBox
from wizard.ui.worker import Worker


class SubmitPage(WizardPageBase):
    page_name = "submit"

    def build(self) -> None:
        step = self.content.step("submit")
        self.submit_worker: Worker | None = None
        self.add(wrapped(step["intro"]))

        self.add(heading(self.t("ui.keyring_heading")))
        self.keyring_box = WarningBox("", "info")
        self.keyring_box.setObjectName("keyring_status")
        self.add(self.keyring_box)
        self.retry_store_button = action_button(
            self.t("ui.keyring_retry"), self.t("ui.keyring_retry"), self.wiz.store_token)
        self.retry_store_button.setVisible(False)
        retry_row = QHBoxLayout()
        retry_row.addWidget(self.retry_store_button)
        retry_row.addStretch(1)
        self.body.addLayout(retry_row)

        self.api_group = QGroupBox(self.t("ui.finstack_api_heading"))
        api = QVBoxLayout(self.api_group)
        api.addWidget(wrapped(self.t("ui.finstack_api_intro")))
        self.api_target = wrapped("")
        self.api_target.setObjectName("finstack_api_target")
        api.addWidget(self.api_target)
        row = QHBoxLayout()
        self.submit_button = action_button(self.t("ui.submit"), self.t("ui.submit"), self.submit)
        self.cancel_submit_button = QPushButton(self.t("ui.cancel"))
        self.cancel_submit_button.setAccessibleName(self.t("ui.cancel_submit"))
        self.cancel_submit_button.setEnabled(False)
        self.cancel_submit_button.clicked.connect(self.cancel_submit)
        row.addWidget(self.submit_button)
        row.addWidget(self.cancel_submit_button)
        row.addStretch(1)
        api.addLayout(row)
        self.submit_box = WarningBox("", "info")
        self.submit_box.setObjectName("submit_status")
        api.addWidget(self.submit_box)
        self.add(self.api_group)

        self.handoff_group = QGroupBox(self.t("ui.handoff_heading"))
        self.handoff_layout = QVBoxLayout(self.handoff_group)
        for number, line in enumerate(step["handoff_steps"], start=1):
            self.handoff_layout.addWidget(wrapped(f"{number}. {line}"))
        self.handoff_rows: list[CopyRow] = []
        self.rows_layout = QVBoxLayout()
        self.handoff_layout.addLayout(self.rows_layout)
        self.open_button = action_button(self.t("ui.open_finstack"), self.t("ui.open_finstack"), self.open_finstack)
        self.handoff_layout.addWidget(self.open_button)
        self.confirm_box = QCheckBox(self.t("ui.handoff_confirm", status=step["available_status"]))
        self.confirm_box.setAccessibleName(self.confirm_box.text())
        self.confirm_box.toggled.connect(self._confirmed)
        self.handoff_layout.addWidget(self.confirm_box)
        self.add(self.handoff_group)

        # Where the source goes is the user's choice only when nothing preset it (--demo, tests' stand-ins).
        self.api_settings = FinstackApiSection(self.wiz, self.lang)
        self.api_settings.setVisible(self.wiz.services.finstack is None)
        self.api_settings.config_changed.connect(self._show_submission)
        self.add(self.api_settings)
        self.wiz.token_store_changed.connect(self._show_keyring_status)

    @property
    def store_worker(self) -> Worker | None:
        """The password-store save that is running, if any (it belongs to the window, shared with the token page)."""
        return self.wiz.store_worker

    @property
    def api_config(self) -> Any:
        """The preset FinstackConfig, else the one the user saved (loaded from the password store), else None."""
        return self.wiz.services.finstack or self.api_settings.config

    @property
    def api_available(self) -> bool:
        return self.api_config is not None

    @property
    def config_worker(self) -> Worker | None:
        """The password-store job of the API section (load, save or forget) that is running, if any."""
        return self.api_settings.worker

    def _env_and_token(self) -> tuple[AfasEnvironment | None, AfasToken | None]:
        return self.wiz.context().environment(), self.wiz.token

    # -- entering the page ------------------------------------------------------------------------------
    def load_state(self) -> None:
        env, token = self._env_and_token()
        key = self.wiz.token_key()
        failed = self.wiz.store_failed
        # Usually the token page stored it already; a save that failed for this token is not repeated unasked.
        if key is not None and self.wiz.stored_key != key and (failed is None or failed[0] != key):
            self.wiz.store_token()
        self._show_keyring_status()
        self._fill_handoff(env, token)
        if self.wiz.services.finstack is None:
            self.api_settings.load()
        self._show_submission()

    def reset(self) -> None:
        self.api_settings.reset()

    def _fill_handoff(self, env: AfasEnvironment | None, token: AfasToken | None) -> None:
        for row in self.handoff_rows:
            row.setParent(None)
            row.deleteLater()
        self.handoff_rows = []
        if env is None or token is None:
            return
        values = handoff_values(env, self.state.token_name.strip(), token)
        labels = [(m.text(self.lang), v) for m, v in values]
        secrets = {token.reveal(), token.reveal_data()}
        for label, value in labels:
            row = CopyRow(label, value, self.lang, secret=value in secrets,
                          clear_ms=self.wiz.services.clipboard_clear_ms)
            self.handoff_rows.append(row)
            self.rows_layout.addWidget(row)

    def _show_submission(self) -> None:
        submission = self.state.submission
        submitted = submission.status == "submitted"
        self.api_group.setVisible(self.api_available)
        config = self.api_config
        self.api_target.setText(self.t("ui.finstack_api_target", url=config.base_url) if config else "")
        self.api_target.setVisible(config is not None and self.wiz.services.finstack is None)
        # The hand-off is the way without an API, and the way out when the API refuses.
        self.handoff_group.setVisible(not self.api_available or submission.status == "failed"
                                      or submission.status == "handoff_confirmed")
        self.confirm_box.blockSignals(True)
        self.confirm_box.setChecked(submission.status == "handoff_confirmed")
        self.confirm_box.blockSignals(False)
        running = self.submit_worker is not None
        self.submit_button.setEnabled(not submitted and not running and self.wiz.token is not None)
        self.submit_button.setText(self.t("ui.submit_retry" if submission.status == "failed" else "ui.submit"))
        self.cancel_submit_button.setEnabled(running)
        self.api_settings.set_submitting(running)
        if submitted:
            self.submit_box.show_message(self.t("ui.submitted", source_id=submission.source_id or "—"), "ok")
        elif submission.status == "failed" and not running:
            self.submit_box.show_message(self.t("ui.submit_failed", reason=submission.message), "error")
        elif not running:
            self.submit_box.show_message("", "info")

    # -- password store ---------------------------------------------------------------------------------
    def _show_keyring_status(self) -> None:
        key, failed = self.wiz.token_key(), self.wiz.store_failed
        retry = False
        if key is None:
            self.keyring_box.show_message("", "info")
        elif self.wiz.store_worker is not None:
            self.keyring_box.show_message(self.t("ui.keyring_storing"), "info")
        elif self.wiz.stored_key == key:
            self.keyring_box.show_message(self.t("ui.keyring_stored", where=self.wiz.stored_where), "ok")
        elif failed is not None and failed[0] == key:
            self.keyring_box.show_message(self.t("ui.keyring_failed", reason=failed[1]), "warning")
            retry = True
        else:
            self.keyring_box.show_message("", "info")
        self.retry_store_button.setVisible(retry)

    # -- Finstack API -----------------------------------------------------------------------------------
    def submit(self) -> None:
        env, token = self._env_and_token()
        if not self.api_available or env is None or token is None or self.submit_worker is not None:
            return
        config, name = self.api_config, self.state.token_name.strip()
        assert config is not None
        # One key per content: a retry reuses it (no second source), changed values need a new one (Finstack
        # answers 422 idempotency_key_reused to an old key with a different body).
        content = Submission.content_id(env.key, name, token.fingerprint)
        key = self.state.submission.key_for(content, new_idempotency_key)
        self.wiz.save_now()  # the key is on disk before the request leaves, so a crash cannot duplicate

        def job(ctx: Any) -> Any:  # worker thread
            from wizard.core.finstack_client import submit_source

            return submit_source(config, env, name, token, key, cancel=ctx.cancel)

        self.submit_box.show_message(self.t("ui.submitting"), "info")
        self.submit_worker = self.wiz.pool.submit(job, name="submit", on_result=self._submitted,
                                                  on_error=self._submit_crashed, on_finished=self._submit_done)
        self._show_submission()

    def cancel_submit(self) -> None:
        if self.submit_worker is not None:
            self.submit_worker.cancel()

    def _submitted(self, outcome: Any) -> None:
        if self.state.submission.record(outcome, self.lang):
            self.changed()
        else:
            self.submit_box.show_message(outcome.message.text(self.lang), "info")

    def _submit_crashed(self, exc: object) -> None:
        self.state.submission.record_crash(self.t("ui.unexpected", detail=type(exc).__name__))
        self.changed()

    def _submit_done(self) -> None:
        self.submit_worker = None
        self._show_submission()

    # -- hand-off ---------------------------------------------------------------------------------------
    def open_finstack(self) -> None:
        QDesktopServices.openUrl(QUrl(FINSTACK_APP_URL))

    def _confirmed(self, checked: bool) -> None:
        self.state.submission.confirm_handoff(checked)
        self.changed()
