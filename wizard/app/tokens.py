"""The token of the open record: in memory while the session runs, in the operating system's password store
between sessions (never anywhere else), tested live against AFAS. Every keyring call and the test run as jobs; what
the user is told about them is kept here as messages, so it reads in whatever language the window is in by then."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from wizard.app.events import TokenChanged
from wizard.app.jobs import Job, JobContext, JobKind, JobStatus, is_running
from wizard.core.admin_filter import administration_ids
from wizard.core.identity import TokenIdentity
from wizard.core.messages import Message
from wizard.core.state import Journey, TokenTestRecord, WizardState
from wizard.core.token import AfasToken, check_token

if TYPE_CHECKING:
    from wizard.app.session import Session
    from wizard.core.token_test.report import TokenTestReport


@dataclass(frozen=True)
class StoreNote:
    """What to say about the stored token, and which token it is about (None: whatever the fields hold)."""

    message: Message
    tone: str  # ok / warning / info
    about: TokenIdentity | None = None


class Tokens:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.stored: TokenIdentity | None = None  # the token now in the store, and under which account
        self.where: Message | None = None  # the store's name, in words
        self.failed: tuple[TokenIdentity, Message] | None = None  # the last save that failed, and why
        self.note: StoreNote | None = None
        self._resume_after_read = False

    def reset(self) -> None:
        self.stored, self.failed, self.note, self._resume_after_read = None, None, None, False

    # -- the token in memory ---------------------------------------------------------------------------------
    def set_typed(self, text: str) -> None:
        """What is in the token field (typed or pasted): the token when it is one, else none."""
        token = check_token(text).token if text.strip() else None
        if token != self.session.token:
            self.session.token = token
            self.session.emit(TokenChanged())

    def forget_in_memory(self) -> None:
        if self.session.token is not None:
            self.session.token = None
            self.session.emit(TokenChanged())

    @staticmethod
    def account_of(record: WizardState) -> tuple[str, str] | None:
        env = record.environment()
        return (env.key, record.clean_token_name) if record.token_stored and env is not None else None

    # -- the test -------------------------------------------------------------------------------------------
    def test(self) -> Job | None:
        """Run the token test for the values in the fields (None when one is missing or a test runs)."""
        session = self.session
        env, token, name = session.environment(), session.token, session.record.clean_token_name
        if env is None or token is None or not name or is_running(session.job(JobKind.TOKEN_TEST)):
            return None
        text, base_url, language = session.record.administrations_text, session.services.afas_base_url, session.language

        def work(ctx: JobContext) -> TokenTestReport:
            from wizard.core.token_test.run import run_token_test  # the HTTP client: loaded when first used

            ids = administration_ids(text)  # a text that is not a list of administrations: said, as on the CLI
            return run_token_test(env, token, ids, token_name=name, base_url=base_url, on_check=ctx.progress,
                                  cancel=ctx.cancel, language=language)

        return session.jobs.start(JobKind.TOKEN_TEST, session.record.customer_id, work, on_end=self._tested)

    def _tested(self, job: Job) -> None:
        session = self.session
        if job.status is not JobStatus.DONE or job.record_id != session.record.customer_id:
            return
        report: TokenTestReport = job.result
        session.record.token_test = record = TokenTestRecord.from_report(report)
        session.record_changed({"token_test"}, now=True)
        identity = session.identity()
        if record.passed_for(identity) and self.stored != identity:
            self.store()  # quitting before Submit must not lose a token that passed

    # -- the password store ---------------------------------------------------------------------------------
    def store(self) -> Job | None:
        """Save the token of the fields in the password store. Renewing under another name, the old token's
        entry goes: one token per App connector user, not two."""
        session = self.session
        identity, env, token = session.identity(), session.environment(), session.token
        if identity is None or env is None or token is None or is_running(session.job(JobKind.TOKEN_STORE)):
            return None
        record = session.record
        old = record.renewing_name if record.journey == Journey.RENEW else ""
        forget_name = old if old and old != identity.token_name else ""
        secrets = session.services.secrets

        def work(_ctx: JobContext) -> Message:
            secrets.store_token(env, identity.token_name, token)
            if forget_name:
                secrets.forget_token(env, forget_name)
            return secrets.where()

        job = session.jobs.start(JobKind.TOKEN_STORE, record.customer_id, work,
                                 on_end=lambda done: self._stored(done, identity))
        session.emit(TokenChanged())
        return job

    def _stored(self, job: Job, identity: TokenIdentity) -> None:
        session = self.session
        if job.record_id != session.record.customer_id:
            return
        if job.status is JobStatus.DONE:
            self.stored, self.failed, self.where = identity, None, job.result
            self.note = StoreNote(Message("ui.keyring_stored", {"where": job.result}), "ok", identity)
            if session.identity() == identity:
                session.record.token_stored = True
                session.record_changed({"token_stored"}, now=True)
        elif self.failed is None or self.failed[0] != identity:  # a cancel already said why
            reason = job.failure or Message("ui.keyring_cancelled")
            self.failed = (identity, reason)
            self.note = StoreNote(Message("ui.keyring_failed", {"reason": reason}), "warning", identity)
        session.emit(TokenChanged())

    def cancel_store(self) -> None:
        """Stop waiting for a save (a password store waiting for an unlock that does not come). The keyring call
        cannot be interrupted: the token counts as not saved, unless the store answers after all."""
        job = self.session.job(JobKind.TOKEN_STORE)
        identity = self.session.identity()
        if job is None or not job.running or identity is None:
            return
        job.cancel()
        reason = Message("ui.keyring_cancelled")
        self.failed = (identity, reason)
        self.note = StoreNote(Message("ui.keyring_failed", {"reason": reason}), "warning", identity)
        self.session.emit(TokenChanged())

    def read(self, *, then_resume: bool) -> Job | None:
        """Read the stored token of the open record (and resume where it stopped once it is in, if asked)."""
        session = self.session
        env, name = session.environment(), session.record.clean_token_name
        if not session.record.token_stored or env is None or not name:
            if then_resume and session.nav.resume_target() is not None:
                session.nav.resume()
            return None
        self._resume_after_read = then_resume
        secrets = session.services.secrets

        def work(_ctx: JobContext) -> tuple[AfasToken | None, Message]:
            return secrets.read_token(env, name), secrets.where()

        job = session.jobs.start(JobKind.TOKEN_READ, session.record.customer_id, work,
                                 on_end=lambda done: self._read(done, env, name))
        session.emit(TokenChanged())
        return job

    def _read(self, job: Job, env: object, name: str) -> None:
        session = self.session
        if job.record_id != session.record.customer_id:
            return
        if job.status is JobStatus.DONE:
            token, self.where = job.result
            if token is None:
                self.note = StoreNote(Message("ui.token_not_found", {"where": self.where}), "warning")
                session.record.token_stored = False
                session.record_changed({"token_stored"})
            else:
                session.token = token
                self.stored = TokenIdentity.of(session.environment(), name, token)
                self.note = StoreNote(Message("ui.token_loaded", {"where": self.where}), "ok", self.stored)
        else:
            self.note = StoreNote(Message("ui.token_read_failed", {"reason": job.failure}), "warning")
        session.emit(TokenChanged())
        if self._resume_after_read and session.nav.resume_target() is not None:
            self._resume_after_read = False
            session.nav.resume()

    @property
    def reading(self) -> bool:
        return is_running(self.session.job(JobKind.TOKEN_READ))

    @property
    def storing(self) -> bool:
        job = self.session.job(JobKind.TOKEN_STORE)
        return is_running(job) and not job.cancelling

    def note_for(self, identity: TokenIdentity | None) -> StoreNote | None:
        """What the token page says about the store, while the fields hold the token it is about."""
        if self.note is None or (self.note.about is not None and self.note.about != identity):
            return None
        return self.note

    def failed_for(self, identity: TokenIdentity | None) -> Message | None:
        return self.failed[1] if self.failed is not None and self.failed[0] == identity else None

    def forget_unless_shared(self, record_id: str, account: tuple[str, str]) -> Job:
        """Forget the token kept under `account` (a removed record's) unless another record on disk uses it."""
        session = self.session
        secrets, store, writer = session.services.secrets, session.services.records, session.keeper.writer

        def work(_ctx: JobContext) -> bool:
            from wizard.app.book import summarize
            from wizard.core.environment import AfasEnvironment, EnvironmentType

            writer.wait_idle(10.0)  # removals queued before this one are on disk: they use the token no more
            users = [loaded.state for loaded in store.scan(set_aside=False).records
                     if loaded.state.customer_id != record_id]
            if any(summarize(state).token_account == account for state in users):
                return False
            env_type, number = account[0].split(":", 1)
            secrets.forget_token(AfasEnvironment(number, EnvironmentType(env_type)), account[1])
            return True

        def said(job: Job) -> None:
            if job.status is JobStatus.DONE and job.result is False:
                session.notify(Message("record.token_shared"), "info")

        return session.jobs.start(JobKind.TOKEN_FORGET, record_id, work, on_end=said)

    def not_kept(self, job: Job) -> Message | None:
        """What a job left running at closing time did not keep, in words (None: nothing that matters)."""
        if job.kind is JobKind.TOKEN_STORE:
            return Message("ui.keyring_not_saved_closing")
        return None
