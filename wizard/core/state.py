"""One customer record as data (the wizard's non-secret progress with one customer), and the rules that change it:
the journeys, the last token test, the submission to Finstack and its Idempotency-Key. Saved one file per record by
wizard.app.records; the token is not a field here, so it cannot reach the file. What belongs to this computer
rather than to a customer (the language, the Finstack API address) is not here either: see wizard.app.computer."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from wizard.core.environment import AfasEnvironment, EnvironmentType, parse_environment
from wizard.core.finstack_api import SubmitOutcome, SubmitStatus
from wizard.core.identity import TokenIdentity, normalise_token_name
from wizard.core.messages import Message, UserInputError
from wizard.core.token import AfasToken, looks_like_token
from wizard.core.token_test.report import CheckResult, CheckStatus, TestOutcome

if TYPE_CHECKING:
    from wizard.core.token_test.report import TokenTestReport

SCHEMA_VERSION = 3  # 3: one file per record (1: one progress; 2: every customer in one file)


def now_text() -> str:
    """A local timestamp to the second, as the saved state keeps them."""
    return datetime.now().isoformat(timespec="seconds")


def new_idempotency_key() -> str:
    import uuid  # here, not at the top: it loads `platform`, which the first window does not need

    return str(uuid.uuid4())


@dataclass
class TokenTestRecord:
    """The last token test: for which environment/name/token it ran and how it ended."""

    environment_key: str = ""
    token_name: str = ""
    token_fingerprint: str = ""  # 8 hex characters of a SHA-256, never the token
    outcome: str = ""  # a TestOutcome value; "" = no test
    at: str = ""
    # Each check as the user saw it, for the report and for showing the checks again after a restart: its id,
    # status and messages as keys with their parameters (never a translation, never the token).
    checks: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_report(cls, report: TokenTestReport) -> TokenTestRecord:
        """What is kept of a finished test; a cancelled test leaves no record (it proved nothing)."""
        if report.outcome is TestOutcome.CANCELLED:
            return cls()
        checks = [{"id": check.id, "status": check.status.value, "title": check.title.to_json(),
                   "explanation": check.explanation.to_json() if check.explanation else None,
                   "fix": check.fix.to_json() if check.fix else None} for check in report.checks]
        return cls(report.environment_key, normalise_token_name(report.token_name), report.token_fingerprint,
                   report.outcome.value, now_text(), checks)

    def check_results(self) -> tuple[CheckResult, ...]:
        """The saved checks as the token test reported them (a check this version cannot show is left out)."""
        results = []
        for entry in self.checks:
            title = Message.from_json(entry.get("title"))
            status = entry.get("status")
            if title is None or status not in CheckStatus.__members__.values():
                continue
            explanation, fix = Message.from_json(entry.get("explanation")), Message.from_json(entry.get("fix"))
            results.append(CheckResult(str(entry.get("id", "")), title, CheckStatus(status), explanation, fix))
        return tuple(results)

    @property
    def identity(self) -> TokenIdentity | None:
        if not self.outcome:
            return None
        return TokenIdentity(self.environment_key, self.token_name, self.token_fingerprint)

    def about(self, identity: TokenIdentity | None) -> bool:
        """True when this record is a test of exactly these values."""
        return identity is not None and self.identity == identity

    @property
    def test_outcome(self) -> TestOutcome | None:
        return TestOutcome(self.outcome) if self.outcome in TestOutcome.__members__.values() else None

    def passed_for(self, identity: TokenIdentity | None) -> bool:
        """A good test (passed, or passed with a warning) of exactly these values."""
        outcome = self.test_outcome
        return self.about(identity) and outcome is not None and outcome.is_good


class SubmissionStatus(StrEnum):
    NONE = "none"
    SUBMITTED = "submitted"
    HANDOFF_CONFIRMED = "handoff_confirmed"
    FAILED = "failed"

    @property
    def is_done(self) -> bool:
        """Finstack has the source: created through the API, or the user confirmed the hand-off."""
        return self in (SubmissionStatus.SUBMITTED, SubmissionStatus.HANDOFF_CONFIRMED)


@dataclass
class Submission:
    status: SubmissionStatus = SubmissionStatus.NONE
    idempotency_key: str = ""
    source_id: str = ""
    reason: Message | None = None  # why the last attempt failed, as it was said (a key and its parameters)
    at: str = ""
    submitted_for: str = ""  # what the key was made for: TokenIdentity.content_id

    @property
    def is_done(self) -> bool:
        return SubmissionStatus(self.status).is_done

    @staticmethod
    def content_id(environment_key: str, token_name: str, token_fingerprint: str) -> str:
        """What a submit sends, in words that are never secret (the fingerprint, not the token)."""
        return TokenIdentity(environment_key, normalise_token_name(token_name), token_fingerprint).content_id

    def key_for(self, content: str, new_key: Callable[[], str] = new_idempotency_key) -> str:
        """The Idempotency-Key for submitting `content`: the same one for every retry of that content (so
        Finstack never creates the source twice), a new one when the content changed (Finstack refuses a
        key reused with a different body)."""
        if self.idempotency_key and not self.submitted_for:
            self.submitted_for = content  # saved before `submitted_for` existed: assume it is the same submit
        if not self.idempotency_key or self.submitted_for != content:
            self.idempotency_key, self.submitted_for = new_key(), content
        return self.idempotency_key

    def record(self, outcome: SubmitOutcome) -> bool:
        """Keep what a submit attempt ended in; False when nothing changed (it was cancelled)."""
        if outcome.status is SubmitStatus.CANCELLED:
            return False
        self.at = now_text()
        if outcome.ok:
            self.status, self.source_id, self.reason = SubmissionStatus.SUBMITTED, outcome.source_id or "", None
        else:
            self.status, self.reason = SubmissionStatus.FAILED, outcome.message
        return True

    def record_crash(self, reason: Message) -> None:
        """A submit that ended in a bug: kept as a failure, with what the user was told."""
        self.status, self.reason, self.at = SubmissionStatus.FAILED, reason, now_text()

    def confirm_handoff(self, confirmed: bool) -> None:
        """The user says the source was added in Finstack's web app (or takes that back)."""
        if confirmed:
            self.status, self.at = SubmissionStatus.HANDOFF_CONFIRMED, now_text()
        elif self.status is SubmissionStatus.HANDOFF_CONFIRMED:
            self.status = SubmissionStatus.NONE


class Journey(StrEnum):
    """What the user came to do: the first connection, or one of the two things customers come back for."""

    CONNECT = "connect"
    REPLACE = "replace"  # Finstack sent new GetConnectors: import them over the old ones, filter again, test
    RENEW = "renew"  # the token expired or was refused: a new token, tested, stored, handed to Finstack


@dataclass
class JourneyProgress:
    """The progress of a journey that is not in hand, kept while the user does another one."""

    current_page: str = "welcome"
    token_test: TokenTestRecord = field(default_factory=TokenTestRecord)
    submission: Submission = field(default_factory=Submission)
    steps: dict[str, bool] = field(default_factory=dict)
    renewing_name: str = ""
    renewing_fingerprint: str = ""


# The fields that belong to the journey in hand; everything else is the customer's, shared by every journey.
_JOURNEY_FIELDS = tuple(f.name for f in dataclasses.fields(JourneyProgress))


# The fields a person types or pastes into (the token itself has no field here).
_TYPED_FIELDS = ("label", "environment_text", "token_name", "administrations_text", "export_folder", "gcn_folder",
                 "renewing_name")


def plain(value: Any) -> Any:
    """`value` as JSON values: dataclasses and Messages as objects, enums as their values. What dataclasses.asdict
    does, without its deep copies (a record is turned into JSON on every keystroke that changes it)."""
    if isinstance(value, Message):
        return value.to_json()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, StrEnum):
        return value.value
    return value


@dataclass
class WizardState:
    """One customer record: who the customer is (label, AFAS environment, token name) and how far each journey
    got with them."""

    customer_id: str = ""  # the record's id (its file name); given when the record is first saved
    label: str = ""  # what the consultant calls this customer, shown as plain text
    updated_at: str = ""
    current_page: str = "welcome"
    journey: str = Journey.CONNECT.value
    steps: dict[str, bool] = field(default_factory=dict)  # ticks of the journey in hand (e.g. "Status GOED")
    renewing_name: str = ""  # renew: the name the old token was stored under (forgotten once the new one is)
    renewing_fingerprint: str = ""  # renew: the old token's fingerprint, to notice the old token pasted again
    parked: dict[str, JourneyProgress] = field(default_factory=dict)  # the other journeys' progress
    gcn_folder: str = ""  # the folder of .gcn files ready for "Acties > Importeren > Map"
    gcn_files: dict[str, str] = field(default_factory=dict)  # .gcn file name -> SHA-256, as unpacked or exported
    environment_text: str = ""
    environment_type: str = ""  # explicit choice; empty = taken from what was typed
    token_name: str = "Finstack"  # noqa: S105 - a label, not a secret
    administrations_text: str = ""
    checklist: dict[str, bool] = field(default_factory=dict)
    preparation_deferred: bool = False
    export_folder: str = ""
    token_stored: bool = False
    token_test: TokenTestRecord = field(default_factory=TokenTestRecord)
    submission: Submission = field(default_factory=Submission)

    def to_json(self) -> dict[str, Any]:
        """What is saved. A token pasted into a field that is not the token field is never saved with it."""
        data = plain(self)  # the store adds the schema version and the revision
        for name in _TYPED_FIELDS:
            if looks_like_token(data[name]):
                data[name] = ""
        return data

    def environment(self) -> AfasEnvironment | None:
        """The environment the fields describe, or None while they do not describe one."""
        try:
            explicit = EnvironmentType(self.environment_type) if self.environment_type else None
            return parse_environment(self.environment_text, explicit)
        except (UserInputError, ValueError):
            return None

    @property
    def clean_token_name(self) -> str:
        return normalise_token_name(self.token_name)

    def has_content(self) -> bool:
        """False for a customer nobody worked on yet: not worth saving."""
        return dataclasses.replace(self, customer_id="", updated_at="") != WizardState()

    def switch_journey(self, journey: Journey | str) -> None:
        """Put the journey in hand aside (its page, test, submission and ticks) and take up `journey` where it
        was left, or fresh."""
        journey = Journey(journey)
        if journey.value == self.journey:
            return
        last_tested = self.token_test.token_fingerprint  # the token the journey in hand tested: the one kept
        self.parked[self.journey] = JourneyProgress(**{name: getattr(self, name) for name in _JOURNEY_FIELDS})
        resumed = self.parked.pop(journey.value, None) or JourneyProgress()
        for name in _JOURNEY_FIELDS:
            setattr(self, name, getattr(resumed, name))
        self.journey = journey.value
        if journey is Journey.RENEW and not self.renewing_name:
            self.renewing_name, self.renewing_fingerprint = self.clean_token_name, last_tested

    def restart_journey(self) -> None:
        """Run the journey in hand again from the start: its page, test, submission and ticks begin afresh."""
        fresh, last_tested = JourneyProgress(), self.token_test.token_fingerprint
        for name in _JOURNEY_FIELDS:
            setattr(self, name, getattr(fresh, name))
        if self.journey == Journey.RENEW:
            self.renewing_name, self.renewing_fingerprint = self.clean_token_name, last_tested

    @property
    def source_to_renew(self) -> str:
        """Renewing: the id of the Finstack source the first connection created through the API ("" when it was
        added by hand, or not renewing): the new token can go into it the same way."""
        connect = self.parked.get(Journey.CONNECT.value)
        if self.journey != Journey.RENEW.value or connect is None:
            return ""
        return connect.submission.source_id if connect.submission.status == SubmissionStatus.SUBMITTED else ""

    def replaces_same_token(self, token: AfasToken | None) -> bool:
        """Renewing, and `token` is the very token being replaced (pasted again by mistake: it is not new)."""
        return (token is not None and self.journey == Journey.RENEW.value and bool(self.renewing_fingerprint)
                and token.fingerprint == self.renewing_fingerprint)

    def page_of(self, journey: Journey | str) -> str:
        """Where `journey` stands: the page in hand, or where it was put aside."""
        journey = Journey(journey)
        if journey.value == self.journey:
            return self.current_page
        parked = self.parked.get(journey.value)
        return parked.current_page if parked else "welcome"

    def identity(self, token: AfasToken | None) -> TokenIdentity | None:
        """Which token the fields hold (with `token`, kept in memory only), or None while one part is missing."""
        return TokenIdentity.of(self.environment(), self.token_name, token)
