"""The wizard's navigation as a Qt-free navmap (after Electrum's wizard.py): each page names the page after it,
possibly as a function of the state, and says when it is complete and why not. A Navigator keeps the stack Back
walks down; resuming computes the route to the saved page, stopping at an earlier page that is no longer complete.
Every move is declared here and an impossible move raises ImpossibleMove: nothing falls back silently. A saved
record that names a page, journey or tick this version does not know is repaired once, when it is opened, and the
repair is said (`repair`). The window only asks; it decides nothing about order.

Adding a page: one entry in NAVMAP (and its place in JOURNEY_ROUTES), one module wizard/ui/pages/<name>.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from wizard.core.content import checklist_ids
from wizard.core.environment import AfasEnvironment
from wizard.core.messages import Message
from wizard.core.state import Journey, WizardState
from wizard.core.token import AfasToken


class ImpossibleMove(Exception):
    """A move the flow does not allow from where the session stands (a face offered it by mistake)."""

    def __init__(self, move: str, page: str, reasons: list[Message] | None = None) -> None:
        super().__init__(f"{move} is not possible on page {page!r}")
        self.move, self.page, self.reasons = move, page, reasons or []


@dataclass
class FlowContext:
    """Everything navigation depends on: the saved state and the token held in memory."""

    state: WizardState
    token: AfasToken | None = None

    def environment(self) -> AfasEnvironment | None:
        return self.state.environment()


REPLACE_STATUS_GOOD = "replace_status_good"  # the tick "every line of the import shows Status GOED"
REPLACE_FILTER_AGAIN = "replace_filter_again"  # the tick "I entered the AdministrationId filter again"
STEP_TICKS = frozenset({REPLACE_STATUS_GOOD, REPLACE_FILTER_AGAIN})

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


def next_in_journey(page: str, ctx: FlowContext) -> str:
    """Next, as the journey in hand orders its pages (every route ends on "done", whose Step names no next)."""
    route = JOURNEY_ROUTES[journey_of(ctx)]
    if page not in route[:-1]:
        raise ImpossibleMove("next", page)  # repair() keeps every saved page on its journey's route
    return route[route.index(page) + 1]


IN_JOURNEY = "in journey"  # a Step's next: the page after it on the route of the journey in hand


@dataclass(frozen=True)
class Step:
    """One page of the navmap: where Next leads (a page, a function of the data, IN_JOURNEY, or None on the last
    page) and what keeps Next disabled."""

    next: NextPage
    blockers: Blockers = field(default=_always)

    def following(self, page: str, ctx: FlowContext) -> str | None:
        if self.next == IN_JOURNEY:
            return next_in_journey(page, ctx)
        return self.next(ctx) if callable(self.next) else self.next


# The pages, declared once. Where Next leads depends on the journey in hand (JOURNEY_ROUTES).
NAVMAP: dict[str, Step] = {
    "welcome": Step(IN_JOURNEY),
    "preparation": Step(IN_JOURNEY, _preparation),
    "app_connector": Step(IN_JOURNEY),
    "getconnectors": Step(IN_JOURNEY, _getconnectors),
    "administrations": Step(IN_JOURNEY, _administrations),
    "updateconnectors": Step(IN_JOURNEY),
    "new_token": Step(IN_JOURNEY),
    "token": Step(IN_JOURNEY, _token),
    "submit": Step(IN_JOURNEY, _submit),
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
        return self.step(page).following(page, ctx)

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

    def resume_path(self, ctx: FlowContext) -> list[str]:
        """The pages from the start to where work resumes: the saved page, or the first page before it that is
        no longer complete. A saved page that is not on the route resumes at the start."""
        route = self.route(ctx)
        saved = ctx.state.current_page
        if saved not in route:
            raise ImpossibleMove("resume", saved)
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

    def next(self, ctx: FlowContext) -> str:
        """One step forward: the page the flow names after a complete page."""
        page = self.current
        reasons = self.flow.blockers(page, ctx)
        following = self.flow.following(page, ctx)
        if reasons or following is None:
            raise ImpossibleMove("next", page, reasons)
        self.history.append(following)
        return following

    def back(self) -> str:
        """One step back: the page below on the stack."""
        if len(self.history) < 2:
            raise ImpossibleMove("back", self.current)
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

    def first_page(self, ctx: FlowContext) -> str:
        """The journey's first page after the start, with the start below it (Back leads there)."""
        first = self.flow.following(self.flow.start, ctx)
        if first is None:
            raise ImpossibleMove("first page", self.flow.start)
        self.history = [self.flow.start, first]
        return first


def repair(state: WizardState) -> list[Message]:
    """Make a record this version can open: a journey, page or tick it does not know (a hand edit, an older or
    newer version) is put right, and each repair is said. Empty when nothing needed repair."""
    said: list[Message] = []
    known = {journey.value for journey in Journey}
    if state.journey not in known:
        said.append(Message("record.journey_unknown", {"journey": state.journey[:40]}))
        state.journey = Journey.CONNECT.value
    for name in [name for name in state.parked if name not in known or name == state.journey]:
        said.append(Message("record.journey_unknown", {"journey": name[:40]}))
        del state.parked[name]
    route = JOURNEY_ROUTES[Journey(state.journey)]
    if state.current_page not in route:
        said.append(Message("record.page_unknown", {"page": state.current_page[:40] or "—"}))
        state.current_page = START
    for name, progress in state.parked.items():
        if progress.current_page not in JOURNEY_ROUTES[Journey(name)]:
            said.append(Message("record.page_unknown", {"page": progress.current_page[:40] or "—"}))
            progress.current_page = START
    unknown_ticks = sorted(set(state.steps) - STEP_TICKS) + sorted(set(state.checklist) - set(checklist_ids()))
    if unknown_ticks:
        said.append(Message("record.ticks_unknown", {"ticks": ", ".join(t[:40] for t in unknown_ticks[:5])}))
        state.steps = {k: v for k, v in state.steps.items() if k in STEP_TICKS}
        state.checklist = {k: v for k, v in state.checklist.items() if k in checklist_ids()}
    return said
