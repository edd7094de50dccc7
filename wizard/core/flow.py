"""The wizard's navigation as a Qt-free navmap (after Electrum's wizard.py): each page names the page after it,
possibly as a function of the state, and says when it is complete and why not. A Navigator keeps the stack
Back walks down; resuming computes the route to the saved page, stopping at an earlier page that is no longer
complete. The window only asks; it decides nothing about order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from wizard.core.content import checklist_ids
from wizard.core.environment import AfasEnvironment
from wizard.core.messages import Message
from wizard.core.state import Journey, WizardState
from wizard.core.token import AfasToken


@dataclass
class FlowContext:
    """Everything navigation depends on: the saved state and the token held in memory."""

    state: WizardState
    token: AfasToken | None = None

    def environment(self) -> AfasEnvironment | None:
        return self.state.environment()


REPLACE_STATUS_GOOD = "replace_status_good"  # the tick "every line of the import shows Status GOED"
REPLACE_FILTER_AGAIN = "replace_filter_again"  # the tick "I entered the AdministrationId filter again"

Blockers = Callable[[FlowContext], list[Message]]
NextPage = str | Callable[[FlowContext], str | None] | None


def _always(_: FlowContext) -> list[Message]:
    return []


def _preparation(ctx: FlowContext) -> list[Message]:
    if ctx.state.preparation_deferred:
        return []
    missing = [i for i in checklist_ids() if not ctx.state.checklist.get(i)]
    return [Message("flow.checklist_open", {"count": len(missing)})] if missing else []


def _administrations(ctx: FlowContext) -> list[Message]:
    from wizard.core.admin_filter import parse_administrations  # its patterns: compiled when first needed

    parsed = parse_administrations(ctx.state.administrations_text)
    if parsed.problems:
        return [p.message for p in parsed.problems]
    if not parsed.ids:
        return [Message("admin.empty")]
    if ctx.state.journey == Journey.REPLACE and not ctx.state.steps.get(REPLACE_FILTER_AGAIN):
        return [Message("flow.replace_filter_not_confirmed")]  # the replace reset it: impossible to miss
    return []


def _token(ctx: FlowContext) -> list[Message]:
    reasons = []
    if ctx.environment() is None:
        reasons.append(Message("flow.environment_missing"))
    if not ctx.state.clean_token_name:
        reasons.append(Message("flow.token_name_missing"))
    if ctx.token is None:
        reasons.append(Message("flow.token_missing"))
    if reasons:
        return reasons
    identity, record = ctx.state.identity(ctx.token), ctx.state.token_test
    if not record.about(identity):
        return [Message("flow.token_not_tested")]
    if not record.passed_for(identity):
        return [Message("flow.token_test_failed")]
    return []


def _submit(ctx: FlowContext) -> list[Message]:
    return [] if ctx.state.submission.is_done else [Message("flow.not_submitted")]




def _getconnectors(ctx: FlowContext) -> list[Message]:
    """Replacing: the import must have ended with Status "GOED" on every line before the filter is set again."""
    if ctx.state.journey != Journey.REPLACE or ctx.state.steps.get(REPLACE_STATUS_GOOD):
        return []
    return [Message("flow.replace_not_confirmed")]


# Each journey's pages in order. The pages are declared once, in NAVMAP below; a route only names them.
JOURNEY_ROUTES: dict[Journey, tuple[str, ...]] = {
    Journey.CONNECT: ("welcome", "preparation", "app_connector", "getconnectors", "administrations",
                      "updateconnectors", "token", "submit", "done"),
    Journey.REPLACE: ("welcome", "getconnectors", "administrations", "token", "done"),
    Journey.RENEW: ("welcome", "new_token", "token", "submit", "done"),
}


def journey_of(ctx: FlowContext) -> Journey:
    return Journey(ctx.state.journey)


def _next_in_journey(page: str) -> Callable[[FlowContext], str | None]:
    """Next, as the journey in hand orders its pages."""

    def following(ctx: FlowContext) -> str | None:
        route = JOURNEY_ROUTES[journey_of(ctx)]
        if page not in route:
            return route[1]  # a page of another journey (a saved page after a switch): back on this route
        index = route.index(page)
        return route[index + 1] if index + 1 < len(route) else None

    return following


@dataclass(frozen=True)
class Step:
    """One page of the navmap: where Next leads (None on the last page) and what keeps Next disabled."""

    next: NextPage
    blockers: Blockers = field(default=_always)

    def following(self, ctx: FlowContext) -> str | None:
        return self.next(ctx) if callable(self.next) else self.next


# The pages, declared once. Where Next leads depends on the journey in hand (JOURNEY_ROUTES).
NAVMAP: dict[str, Step] = {
    "welcome": Step(_next_in_journey("welcome")),
    "preparation": Step(_next_in_journey("preparation"), _preparation),
    "app_connector": Step(_next_in_journey("app_connector")),
    "getconnectors": Step(_next_in_journey("getconnectors"), _getconnectors),
    "administrations": Step(_next_in_journey("administrations"), _administrations),
    "updateconnectors": Step(_next_in_journey("updateconnectors")),
    "new_token": Step(_next_in_journey("new_token")),
    "token": Step(_next_in_journey("token"), _token),
    "submit": Step(_next_in_journey("submit"), _submit),
    "done": Step(None),
}
PAGES: tuple[str, ...] = tuple(NAVMAP)
START = PAGES[0]


class Flow:
    """Which page follows which, and when a page lets the user go on."""

    def __init__(self, navmap: dict[str, Step] = NAVMAP, start: str = START) -> None:
        self.navmap, self.start = navmap, start
        self.pages: tuple[str, ...] = tuple(navmap)

    def step(self, page: str) -> Step:
        if page not in self.navmap:
            raise KeyError(f"unknown page {page!r}")
        return self.navmap[page]

    def index(self, page: str) -> int:
        self.step(page)
        return self.pages.index(page)

    def blockers(self, page: str, ctx: FlowContext) -> list[Message]:
        """Why Next is not yet possible on `page`; empty when the page is complete."""
        return self.step(page).blockers(ctx)

    def is_complete(self, page: str, ctx: FlowContext) -> bool:
        return not self.blockers(page, ctx)

    def following(self, page: str, ctx: FlowContext) -> str | None:
        """Where Next leads from `page`, complete or not (None on the last page)."""
        return self.step(page).following(ctx)

    def next_page(self, page: str, ctx: FlowContext) -> str | None:
        """The page after `page`, or None when `page` is incomplete or the last one."""
        return self.following(page, ctx) if self.is_complete(page, ctx) else None

    def is_final(self, page: str, ctx: FlowContext | None = None) -> bool:
        return self.following(page, ctx or FlowContext(WizardState())) is None

    def route(self, ctx: FlowContext) -> list[str]:
        """Every page from the start to the last one, as Next would lead through them."""
        pages = [self.start]
        while (following := self.following(pages[-1], ctx)) is not None and following not in pages:
            pages.append(following)
        return pages

    def previous_page(self, page: str, ctx: FlowContext | None = None) -> str | None:
        route = self.route(ctx or FlowContext(WizardState()))
        return route[route.index(page) - 1] if page in route and route.index(page) > 0 else None

    def resume_path(self, ctx: FlowContext) -> list[str]:
        """The pages from the start to where work resumes: the saved page, or the first page before it that is
        no longer complete. A saved page that is not on the route resumes at the start."""
        route = self.route(ctx)
        saved = ctx.state.current_page
        if saved not in route:
            return [self.start]
        path: list[str] = []
        for page in route[: route.index(saved) + 1]:
            path.append(page)
            if page != saved and not self.is_complete(page, ctx):
                break
        return path

    def resume_page(self, ctx: FlowContext) -> str:
        return self.resume_path(ctx)[-1]

    def is_finished(self, ctx: FlowContext) -> bool:
        """The journey in hand reached its last page."""
        page = ctx.state.current_page
        return page in self.navmap and page != self.start and self.following(page, ctx) is None

    def has_progress(self, ctx: FlowContext) -> bool:
        """True when there is saved work worth offering to resume (a finished journey is not: it starts anew)."""
        page = ctx.state.current_page
        return page in self.navmap and page != self.start and not self.is_finished(ctx)


class Navigator:
    """The stack Back walks down. Next pushes the page the flow names; resuming sets the whole route."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self.history: list[str] = [flow.start]

    @property
    def current(self) -> str:
        return self.history[-1]

    def arrive(self, page: str, ctx: FlowContext) -> None:
        """The window shows `page`: one step forward from the current page, or (an unforeseen move) the route."""
        if page == self.current:
            return
        if self.flow.following(self.current, ctx) == page:
            self.history.append(page)
            return
        route = self.flow.route(ctx)
        self.history = route[: route.index(page) + 1] if page in route else [self.flow.start, page]

    def back(self) -> str | None:
        """Step back: the page to show, or None at the start."""
        if len(self.history) < 2:
            return None
        self.history.pop()
        return self.current

    def can_go_back(self) -> bool:
        return len(self.history) > 1

    def resume(self, ctx: FlowContext) -> str:
        self.history = self.flow.resume_path(ctx)
        return self.current

    def restart(self) -> str:
        self.history = [self.flow.start]
        return self.current
