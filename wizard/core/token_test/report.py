"""The token test's results as plain data: each check's status, explanation and fix, and the report of one run.

For the GUI, the command line and a later report; it never holds the token (only its fingerprint). Importing
this module costs nothing: no HTTP client is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from wizard.core.messages import Language, Message

DEFAULT_DEADLINE = 60.0  # seconds for the whole token test; AFAS answers a good request within one second
CHECK_IDS: tuple[str, ...] = (
    "host", "metainfo", "environment", "connectors_present", "connectors_answer", "connector_fields",
    "administrations",
)
_TITLES: dict[str, str] = {
    "host": "tokentest.title.host",
    "metainfo": "tokentest.title.metainfo",
    "environment": "tokentest.title.environment",
    "connectors_present": "tokentest.title.connectors_present",
    "connectors_answer": "tokentest.title.connectors_answer",
    "connector_fields": "tokentest.title.connector_fields",
    "administrations": "tokentest.title.administrations",
}


# The results that mean "this token will not do": AFAS's 401 on metainfo, and an expiry within 30 days.
_RENEWAL_SIGNS = frozenset({"tokentest.metainfo.401", "tokentest.metainfo.401_said", "tokentest.metainfo.401_expired",
                            "tokentest.fix.token_expiring"})


class TestOutcome(StrEnum):
    """How a whole token test ended. A StrEnum: saved in the state and printed in JSON as its value."""

    __test__ = False  # not a pytest test class

    PASSED = "passed"
    WARNING = "warning"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def is_good(self) -> bool:
        """Good enough to go on: Finstack's sync will work (a warning says what to watch)."""
        return self in (TestOutcome.PASSED, TestOutcome.WARNING)


class CheckStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    PASSED = "passed"
    WARNING = "warning"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class CheckResult:
    id: str
    title: Message
    status: CheckStatus
    explanation: Message | None = None
    fix: Message | None = None
    details: dict[str, str] = field(default_factory=dict)  # already in the test's language

    def to_json(self, language: Language) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title.text(language), "status": self.status.value,
            "explanation": self.explanation.text(language) if self.explanation else None,
            "fix": self.fix.text(language) if self.fix else None, "details": self.details,
        }


@dataclass(frozen=True)
class TokenTestReport:
    environment_key: str
    environment_name: str
    token_name: str
    token_fingerprint: str
    checks: tuple[CheckResult, ...]
    outcome: TestOutcome
    started_at: str
    seconds: float

    def check(self, check_id: str) -> CheckResult:
        return next(c for c in self.checks if c.id == check_id)

    @property
    def suggests_renewal(self) -> bool:
        """AFAS refused the token (401: expired, revoked or wrong), or it expires soon: a new token is the way."""
        keys = {c.explanation.key for c in self.checks if c.explanation} | {c.fix.key for c in self.checks if c.fix}
        return bool(keys & _RENEWAL_SIGNS)

    def to_json(self, language: Language = "en") -> dict[str, Any]:
        return {
            "environment": self.environment_name, "environment_key": self.environment_key,
            "token_name": self.token_name, "token_fingerprint": self.token_fingerprint, "outcome": self.outcome,
            "started_at": self.started_at, "seconds": round(self.seconds, 3),
            "checks": [c.to_json(language) for c in self.checks],
        }



def check_titles() -> dict[str, Message]:
    return {check_id: Message(_TITLES[check_id]) for check_id in CHECK_IDS}


def overall_outcome(checks: tuple[CheckResult, ...], cancelled: bool) -> TestOutcome:
    statuses = {c.status for c in checks}
    if cancelled:
        return TestOutcome.CANCELLED
    if CheckStatus.FAILED in statuses:
        return TestOutcome.FAILED
    return TestOutcome.WARNING if CheckStatus.WARNING in statuses else TestOutcome.PASSED
