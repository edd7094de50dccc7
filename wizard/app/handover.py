"""Handing the source to Finstack: through the Finstack API when one is set (preset by --demo, or saved by the
user: the address on this computer, the key in the password store), else by hand in Finstack's web app. A failed
submit keeps everything and retries with the same Idempotency-Key, so Finstack never gets the source twice;
changed values (environment, token name, token) get a new key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wizard.app.computer import SettingsFile
from wizard.app.events import FinstackApiChanged
from wizard.app.jobs import Job, JobContext, JobKind, JobStatus, is_running
from wizard.core.finstack_api import (
    FinstackConfig,
    FinstackUrlError,
    SubmitOutcome,
    check_api_url,
    forget_api_settings,
    load_finstack_config,
)
from wizard.core.messages import Message, UserInputError
from wizard.core.state import Journey

if TYPE_CHECKING:
    from wizard.app.session import Session
    from wizard.core.secrets import SecretStore

WAIT_FOR_KEY_ON_DISK_S = 5.0


class Handover:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.user_config: FinstackConfig | None = None  # the user's API (the key stays in here)
        self.loaded_for: str | None = None
        self.note: tuple[Message, str] | None = None  # (what to say, tone) about the Finstack API settings

    def reset(self) -> None:
        """A record was opened; the API belongs to this computer and stays."""

    @property
    def api_config(self) -> FinstackConfig | None:
        return self.session.services.finstack or self.user_config

    @property
    def preset(self) -> bool:
        return self.session.services.finstack is not None

    @property
    def api_available(self) -> bool:
        """The API creates sources, and puts a renewed token into the source it created; a source added by hand
        gets its renewed token by hand too (the wizard does not know its id)."""
        record = self.session.record
        return self.api_config is not None and (record.journey != Journey.RENEW.value or bool(record.source_to_renew))

    @property
    def busy(self) -> bool:
        return any(job.running for job in self.session.jobs.running()
                   if job.kind in (JobKind.API_LOAD, JobKind.API_SAVE, JobKind.API_FORGET))

    # -- the Finstack API settings --------------------------------------------------------------------------
    def load_api(self) -> Job | None:
        """Look the key of the saved address up in the password store; no address means the hand-off."""
        url = self.session.computer.finstack_api_url.strip()
        if self.preset or self.busy or self.loaded_for == url:
            return None
        if not url:
            self._set(None, url, None)
            return None
        try:
            check_api_url(url)
        except FinstackUrlError as exc:  # a hand-edited settings file: say so, and hand over instead
            self._set(None, url, (exc.message, "warning"))
            return None
        secrets = self.session.services.secrets
        self.note = (Message("ui.finstack_api_loading"), "info")
        return self._run(JobKind.API_LOAD, lambda _ctx: (load_finstack_config(url, secrets), secrets.where()),
                         lambda job: self._found(url, job.result))

    def save_api(self, url: str, api_key: str) -> Job | None:
        """Keep the key in the password store and the address on this computer (see set_finstack_api)."""
        if self.busy:
            return None
        services, previous = self.session.services, self.session.computer.finstack_api_url
        self.note = (Message("ui.finstack_api_saving"), "info")

        def work(_ctx: JobContext) -> tuple[FinstackConfig | None, Message]:
            config = set_finstack_api(services.secrets, services.settings, url, api_key, previous)
            return config, services.secrets.where()

        def done(job: Job) -> None:
            config, _where = job.result
            self.session.computer.finstack_api_url = config.base_url
            self._found(config.base_url, job.result)

        return self._run(JobKind.API_SAVE, work, done)

    def forget_api(self) -> Job | None:
        url = self.session.computer.finstack_api_url.strip()
        if self.busy or not url:
            return None
        services = self.session.services

        def work(_ctx: JobContext) -> None:
            forget_api_settings(services.secrets, url)
            services.settings.save(finstack_api_url="")

        def done(_job: Job) -> None:
            self.session.computer.finstack_api_url = ""
            self._set(None, "", (Message("ui.finstack_api_forgotten"), "info"))

        return self._run(JobKind.API_FORGET, work, done)

    def _found(self, url: str, found: tuple[FinstackConfig | None, Message]) -> None:
        config, where = found
        if config is not None:
            note = (Message("ui.finstack_api_active", {"url": config.base_url, "where": where}), "ok")
        else:
            note = (Message("ui.finstack_api_no_key", {"url": url, "where": where}), "warning")
        self._set(config, url, note)

    def _set(self, config: FinstackConfig | None, url: str, note: tuple[Message, str] | None) -> None:
        self.user_config, self.loaded_for, self.note = config, url, note
        self.session.emit(FinstackApiChanged())

    def _run(self, kind: JobKind, work: object, on_done: object) -> Job:
        def ended(job: Job) -> None:
            if job.status is JobStatus.DONE:
                on_done(job)  # type: ignore[operator]
            else:
                self.note = (Message("ui.finstack_api_failed", {"reason": job.failure}), "warning")
            self.session.emit(FinstackApiChanged())

        job = self.session.jobs.start(kind, "", work, on_end=ended)  # type: ignore[arg-type]
        self.session.emit(FinstackApiChanged())
        return job

    # -- the submission -------------------------------------------------------------------------------------
    def submit(self) -> Job | None:
        session = self.session
        env, token, config, identity = session.environment(), session.token, self.api_config, session.identity()
        running = session.job(JobKind.HANDOVER)
        if config is None or env is None or token is None or identity is None or (running and running.running):
            return None
        # One key per content: a retry reuses it (no second source), changed values need a new one (Finstack
        # answers 422 idempotency_key_reused to an old key with a different body).
        key = session.record.submission.key_for(identity.content_id)
        session.record_changed({"submission"}, now=True)
        writer, name, source_id = session.keeper.writer, identity.token_name, session.record.source_to_renew

        def work(ctx: JobContext) -> SubmitOutcome:
            from wizard.core import finstack_client  # the HTTP client: loaded when first used

            writer.wait_idle(WAIT_FOR_KEY_ON_DISK_S)  # the key is on disk before the request leaves
            if source_id:  # renewing a source the API created: the new token goes into it
                return finstack_client.replace_source_token(config, source_id, name, token, key, cancel=ctx.cancel)
            return finstack_client.submit_source(config, env, name, token, key, cancel=ctx.cancel)

        return session.jobs.start(JobKind.HANDOVER, session.record.customer_id, work, on_end=self._submitted)

    def _submitted(self, job: Job) -> None:
        session = self.session
        if job.record_id != session.record.customer_id:
            return
        submission = session.record.submission
        if job.status is JobStatus.DONE and submission.record(job.result):
            session.record_changed({"submission"}, now=True)
        elif job.status is JobStatus.FAILED:
            submission.record_crash(job.failure or Message("ui.unexpected", {"detail": job.error_type}))
            session.record_changed({"submission"}, now=True)

    def cancel_submit(self) -> None:
        job = self.session.job(JobKind.HANDOVER)
        if is_running(job):
            job.cancel()

    def confirm_handoff(self, confirmed: bool) -> None:
        """The user says the source was added in Finstack's web app (or takes that back)."""
        self.session.record.submission.confirm_handoff(confirmed)
        self.session.record_changed({"submission"}, now=True)


def set_finstack_api(secrets: SecretStore, settings: SettingsFile, url: str, api_key: str,
                     previous_url: str) -> FinstackConfig:
    """Keep `api_key` for `url` and the address on this computer, in an order that strands nothing: the new key
    first; then the address (if that fails, the key goes back to what it was); only then the previous address's
    key is forgotten. Raises UserInputError (bad address or key) or OSError (the settings could not be written)."""
    base_url = check_api_url(url)
    key = api_key.strip()
    if not key:
        raise UserInputError(Message("cli.api_key_empty"))
    earlier_key = secrets.read_api_key(base_url)
    secrets.store_api_key(base_url, key)
    try:
        settings.save(finstack_api_url=base_url)
    except OSError as exc:
        if earlier_key is not None:
            secrets.store_api_key(base_url, earlier_key)
        else:
            secrets.forget_api_key(base_url)
        raise UserInputError(Message("settings.write_failed", {"path": str(settings.path),
                                                               "detail": exc.strerror or type(exc).__name__})) from None
    previous = previous_url.strip().rstrip("/")
    if previous and previous != base_url:
        secrets.forget_api_key(previous)
    return FinstackConfig(base_url, key)
