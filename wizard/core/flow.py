"""The wizard's navigation as a Qt-free state machine (after Electrum's wizard.py navmap).

Each page has a rule saying when it is complete and why not; next/back follow a fixed order, and
resuming lands on the saved page unless an earlier page is no longer complete.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wizard.core.admin_filter import parse_administrations
from wizard.core.content import checklist_ids
from wizard.core.environment import AfasEnvironment, EnvironmentType, parse_environment
from wizard.core.messages import Message, UserInputError
from wizard.core.settings import WizardState
from wizard.core.token import AfasToken

PAGES: tuple[str, ...] = (
    "welcome",
    "preparation",
    "app_connector",
    "getconnectors",
    "administrations",
    "updateconnectors",
    "token",
    "submit",
    "done",
)
GOOD_TEST_OUTCOMES = ("passed", "warning")
DONE_SUBMISSIONS = ("submitted", "handoff_confirmed")


@dataclass
class FlowContext:
    """Everything completeness depends on: the saved state and the token held in memory."""

    state: WizardState
    token: AfasToken | None = None

    def environment(self) -> AfasEnvironment | None:
        try:
            explicit = EnvironmentType(self.state.environment_type) if self.state.environment_type else None
            return parse_environment(self.state.environment_text, explicit)
        except (UserInputError, ValueError):
            return None


def _preparation(ctx: FlowContext) -> list[Message]:
    if ctx.state.preparation_deferred:
        return []
    missing = [i for i in checklist_ids() if not ctx.state.checklist.get(i)]
    return [Message("flow.checklist_open", {"count": len(missing)})] if missing else []


def _administrations(ctx: FlowContext) -> list[Message]:
    parsed = parse_administrations(ctx.state.administrations_text)
    if parsed.problems:
        return [p.message for p in parsed.problems]
    return [] if parsed.ids else [Message("admin.empty")]


def _token(ctx: FlowContext) -> list[Message]:
    env = ctx.environment()
    reasons = []
    if env is None:
        reasons.append(Message("flow.environment_missing"))
    if not ctx.state.token_name.strip():
        reasons.append(Message("flow.token_name_missing"))
    if ctx.token is None:
        reasons.append(Message("flow.token_missing"))
    if reasons:
        return reasons
    assert env is not None and ctx.token is not None
    record = ctx.state.token_test
    tested = (
        record.environment_key == env.key
        and record.token_name == ctx.state.token_name.strip()
        and record.token_fingerprint == ctx.token.fingerprint
    )
    if not tested or not record.outcome:
        return [Message("flow.token_not_tested")]
    if record.outcome not in GOOD_TEST_OUTCOMES:
        return [Message("flow.token_test_failed")]
    return []


def _submit(ctx: FlowContext) -> list[Message]:
    return [] if ctx.state.submission.status in DONE_SUBMISSIONS else [Message("flow.not_submitted")]


def _always(_: FlowContext) -> list[Message]:
    return []


BLOCKERS: dict[str, Callable[[FlowContext], list[Message]]] = {
    "welcome": _always,
    "preparation": _preparation,
    "app_connector": _always,
    "getconnectors": _always,
    "administrations": _administrations,
    "updateconnectors": _always,
    "token": _token,
    "submit": _submit,
    "done": _always,
}


class Flow:
    """Which page follows which, and when a page lets the user go on."""

    def __init__(self, pages: tuple[str, ...] = PAGES) -> None:
        self.pages = pages

    def index(self, page: str) -> int:
        if page not in self.pages:
            raise KeyError(f"unknown page {page!r}")
        return self.pages.index(page)

    def blockers(self, page: str, ctx: FlowContext) -> list[Message]:
        """Why Next is not yet possible on `page`; empty when the page is complete."""
        return BLOCKERS[page](ctx)

    def is_complete(self, page: str, ctx: FlowContext) -> bool:
        return not self.blockers(page, ctx)

    def next_page(self, page: str, ctx: FlowContext) -> str | None:
        """The page after `page`, or None when `page` is incomplete or the last one."""
        i = self.index(page)
        if i + 1 >= len(self.pages) or not self.is_complete(page, ctx):
            return None
        return self.pages[i + 1]

    def previous_page(self, page: str) -> str | None:
        i = self.index(page)
        return self.pages[i - 1] if i > 0 else None

    def is_final(self, page: str) -> bool:
        return self.index(page) == len(self.pages) - 1

    def resume_page(self, ctx: FlowContext) -> str:
        """The saved page, or the first earlier page that is no longer complete."""
        saved = ctx.state.current_page if ctx.state.current_page in self.pages else self.pages[0]
        for page in self.pages[: self.index(saved)]:
            if not self.is_complete(page, ctx):
                return page
        return saved

    def has_progress(self, ctx: FlowContext) -> bool:
        """True when there is saved work worth offering to resume."""
        return self.index(ctx.state.current_page if ctx.state.current_page in self.pages else "welcome") > 0
