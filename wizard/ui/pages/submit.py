"""Submit: where the token is stored (the token page stored it after its test; only a token not yet stored is
stored here), then the source goes to Finstack through its API when one is configured (preset by --demo, or saved
by the user in the optional API section), else by hand-off with Copy buttons. The hand-over is the session's job:
a failed submit keeps everything and retries with the same idempotency key, so Finstack never gets the source
twice."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from wizard.app.jobs import Job, JobKind
from wizard.core.finstack_api import FINSTACK_APP_URL, handoff_values
from wizard.core.messages import Message
from wizard.core.state import Journey, SubmissionStatus
from wizard.ui.pages.base import WizardPageBase
from wizard.ui.pages.finstack_api import FinstackApiSection
from wizard.ui.widgets.busy_row import BusyRow
from wizard.ui.widgets.buttons import action_button
from wizard.ui.widgets.copy_row import CopyRow
from wizard.ui.widgets.labels import discard, heading, wrapped
from wizard.ui.widgets.warning_box import WarningBox
from wizard.ui.widgets.wrapping import WrappingCheckBox, button_row

_RENEW_WORDS = {"ui.submit": "ui.submit_renew", "ui.submitted": "ui.submitted_renew"}

class SubmitPage(WizardPageBase):
    page_name = "submit"
    job_kinds = (JobKind.HANDOVER, JobKind.TOKEN_STORE)

    def build(self) -> None:
        step = self.content.step("submit")
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
            self.t("ui.keyring_retry"), self.t("ui.keyring_retry"), self.session.tokens.store)
        self.retry_store_button.setVisible(False)
        retry_row = QHBoxLayout()
        retry_row.addWidget(self.retry_store_button)
        retry_row.addStretch(1)
        self.body.addLayout(retry_row)
        self.add(self._build_api_group())
        self.add(self._build_handoff_group(step))
        # Where the source goes is the user's choice only when nothing preset it (--demo, tests' stand-ins).
        self.api_settings = FinstackApiSection(self.ctx)
        self.add(self.api_settings)  # on the page before it is shown or hidden: never a window of its own
        self.api_settings.setVisible(not self.session.handover.preset)
        self.ctx.bridge.api_changed.connect(self._show_submission)
        self.ctx.bridge.token_changed.connect(self._show_keyring_status)

    def _build_api_group(self) -> QGroupBox:
        self.api_group = QGroupBox(self.t("ui.finstack_api_heading"))
        api = QVBoxLayout(self.api_group)
        api.addWidget(wrapped(self.t("ui.finstack_api_intro")))
        self.api_target = wrapped("")
        self.api_target.setObjectName("finstack_api_target")
        api.addWidget(self.api_target)
        self.submit_button = action_button(self.t("ui.submit"), self.t("ui.submit"), self.submit)
        self.cancel_submit_button = action_button(self.t("ui.cancel_submit_button"), self.t("ui.cancel_submit"),
                                                  self.session.handover.cancel_submit)
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
        self.confirm_box.toggled.connect(self.session.handover.confirm_handoff)
        self.handoff_layout.addWidget(self.confirm_box)
        return self.handoff_group

    @property
    def renewing(self) -> bool:
        return self.state.journey == Journey.RENEW

    @property
    def submitting(self) -> bool:
        return self.running(JobKind.HANDOVER)

    # -- entering the page ------------------------------------------------------------------------------
    def load_state(self) -> None:
        intro, steps = self.texts[Journey.RENEW if self.renewing else Journey.CONNECT]
        self.intro.setText(intro)
        self.handoff_group.setTitle(self.t("ui.handoff_heading_renew" if self.renewing else "ui.handoff_heading"))
        for number, (label, line) in enumerate(zip(self.handoff_steps, steps, strict=True), start=1):
            label.setText(f"{number}. {line}")
        identity, tokens = self.session.identity(), self.session.tokens
        # Usually the token page stored it already; a save that failed for this token is not repeated unasked.
        if identity is not None and tokens.stored != identity and tokens.failed_for(identity) is None:
            tokens.store()
        self._show_keyring_status()
        self._fill_handoff()
        self.api_settings.setVisible(not self.session.handover.preset and not self.renewing)
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
                          clear_ms=self.ctx.clipboard_clear_ms)
            self.handoff_rows.append(row)
            self.rows_layout.addWidget(row)

    def job_changed(self, job: Job) -> None:
        if job.kind is JobKind.TOKEN_STORE:
            self._show_keyring_status()
            return
        self._show_submission()
        if not job.running:
            self.reveal(self.submit_box)
            self.focus_result(self.submit_box.label)

    def _show_submission(self) -> None:
        handover, submission = self.session.handover, self.state.submission
        status = SubmissionStatus(submission.status)
        running, available = self.submitting, handover.api_available
        self.api_group.setVisible(available)
        config = handover.api_config
        self.api_target.setText(self.t("ui.finstack_api_target", url=config.base_url) if config else "")
        self.api_target.setVisible(config is not None and not handover.preset)
        # The hand-off is the way without an API, and the way out when the API refuses.
        self.handoff_group.setVisible(not available or status in (SubmissionStatus.FAILED,
                                                                  SubmissionStatus.HANDOFF_CONFIRMED))
        with QSignalBlocker(self.confirm_box):
            self.confirm_box.setChecked(status is SubmissionStatus.HANDOFF_CONFIRMED)
        submitted = status is SubmissionStatus.SUBMITTED
        self.submit_button.setEnabled(not submitted and not running and self.session.token is not None)
        failed = status is SubmissionStatus.FAILED
        self.submit_button.setText(self.t("ui.submit_retry" if failed else self._words("ui.submit")))
        self.cancel_submit_button.setEnabled(running)
        self.api_settings.set_submitting(running)
        job = self.job(JobKind.HANDOVER)
        if running:
            self.submit_box.show_message(self.t("ui.submitting"), "info")
        elif submitted:
            said = self.t(self._words("ui.submitted"), source_id=submission.source_id or "—")
            self.submit_box.show_message(said, "ok")
        elif status is SubmissionStatus.FAILED:
            reason = submission.reason or Message("ui.unexpected", {"detail": "—"})
            self.submit_box.show_message(self.t("ui.submit_failed", reason=reason.text(self.lang)), "error")
        elif job is not None and job.result is not None and not job.result.ok:  # cancelled: said, nothing kept
            self.submit_box.show_message(job.result.message.text(self.lang), "info")
        else:
            self.submit_box.show_message("", "info")

    def _words(self, key: str) -> str:
        """Renewing a source the API created puts the new token into it: its own words for the same action."""
        return _RENEW_WORDS[key] if self.state.source_to_renew else key

    # -- the keyboard -----------------------------------------------------------------------------------
    def first_field(self) -> QWidget | None:
        available = self.session.handover.api_available
        if available and self.submit_button.isEnabled():
            return self.submit_button
        if not available and self.handoff_rows:
            return self.handoff_rows[0].button
        return None

    def main_action(self) -> QPushButton | None:
        return self.submit_button if self.session.handover.api_available else None

    def busy_text(self) -> str:
        return self.t("ui.submitting") if self.submitting else ""

    # -- password store ---------------------------------------------------------------------------------
    def _show_keyring_status(self) -> None:
        identity, tokens = self.session.identity(), self.session.tokens
        failed = tokens.failed_for(identity)
        if identity is None:
            self.keyring_box.show_message("", "info")
        elif tokens.storing:
            self.keyring_box.show_message("", "info")
            self.store_busy.start(self.t("ui.keyring_storing"), tokens.cancel_store)
        elif tokens.stored == identity:
            where = tokens.where.text(self.lang) if tokens.where else ""
            self.keyring_box.show_message(self.t("ui.keyring_stored", where=where), "ok")
        elif failed is not None:
            self.keyring_box.show_message(self.t("ui.keyring_failed", reason=failed.text(self.lang)), "warning")
        else:
            self.keyring_box.show_message("", "info")
        if not tokens.storing:
            self.store_busy.stop()
        self.retry_store_button.setVisible(identity is not None and not tokens.storing and failed is not None)

    # -- Finstack -----------------------------------------------------------------------------------------
    def submit(self) -> None:
        if self.session.handover.submit() is not None:
            self.cancel_submit_button.setEnabled(True)
            self.cancel_submit_button.setFocus()  # before Submit is disabled: focus must not fall to Back

    def open_finstack(self) -> None:
        self.ctx.desktop.open_url(FINSTACK_APP_URL)
