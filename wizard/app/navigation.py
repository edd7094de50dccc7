"""Every move of the open record through its journey, as the flow declares them: Next, Back, choose a journey,
resume, renew, back to the start, start over. A move the flow does not allow raises ImpossibleMove."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from wizard.app.events import PageChanged, TokenChanged
from wizard.app.flow import ImpossibleMove
from wizard.core.messages import Message
from wizard.core.state import Journey, WizardState

_log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from wizard.app.session import Session


class Navigation:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.resume_offered = False

    def reset(self) -> None:
        """A record was opened: at the start, offering to resume when its journey has progress."""
        self.session.navigator.restart()
        self.resume_offered = self.session.flow.has_progress(self.session.context())

    # -- asking --------------------------------------------------------------------------------------------
    def can_next(self) -> bool:
        session = self.session
        return not session.blockers() and session.flow.following(session.page, session.context()) is not None

    def can_back(self) -> bool:
        return self.session.navigator.can_go_back()

    def is_last_page(self) -> bool:
        return self.session.flow.following(self.session.page, self.session.context()) is None

    def route(self) -> list[str]:
        return self.session.flow.route(self.session.context())

    def resume_target(self) -> str | None:
        """The page "resume where you left off" goes to, or None when there is nothing to resume."""
        return self.session.flow.resume_page(self.session.context()) if self.resume_offered else None

    # -- moving --------------------------------------------------------------------------------------------
    def next(self) -> str:
        session, flow = self.session, self.session.flow
        leaving_start = session.page == flow.start
        if leaving_start and flow.is_finished(session.context()):
            session.record.restart_journey()  # a finished journey set out on again runs from the beginning
        page = session.navigator.next(session.context())
        return self._arrived(page)

    def back(self) -> str:
        return self._arrived(self.session.navigator.back())

    def choose_journey(self, journey: Journey) -> list[Message]:
        """On the Welcome page: take up `journey` where it was left (or fresh); the journey in hand waits with
        its own progress. Returns what to tell the user about the choice (e.g. renewing a customer whose token
        was never stored)."""
        session = self.session
        if session.page != session.flow.start:
            raise ImpossibleMove("choose a journey", session.page)
        if journey.value == session.record.journey:
            return []
        fresh = journey.value not in session.record.parked
        session.record.switch_journey(journey)
        if journey is Journey.RENEW and fresh:
            session.tokens.forget_in_memory()  # the stored token is the one being replaced: the field starts empty
        self.resume_offered = session.flow.has_progress(session.context())
        session.record_changed({"journey"})
        return journey_notes(session.record, journey)

    def resume(self) -> str:
        target = self.resume_target()
        if target is None:
            raise ImpossibleMove("resume", self.session.page)
        self.resume_offered = False
        return self._arrived(self.session.navigator.resume(self.session.context()))

    def renew(self) -> str:
        """Leave the journey in hand for renewing the token (a refused or expiring token), at its first page."""
        session = self.session
        if session.record.journey == Journey.RENEW.value:
            raise ImpossibleMove("renew", session.page)
        session.navigator.restart()
        session.record.switch_journey(Journey.RENEW)
        session.tokens.forget_in_memory()
        return self._arrived(session.navigator.first_page(session.context()))

    def go_to_start(self) -> str:
        """Back to the Welcome page to do something else (another journey); what was done stays saved."""
        self.resume_offered = self.session.flow.has_progress(self.session.context())
        page = self.session.navigator.restart()
        self.session.emit(PageChanged(page))
        return page

    def start_over(self) -> None:
        """The open record's progress begins afresh; the record keeps its place in the list and its label."""
        session = self.session
        record = session.record
        session.open(WizardState(customer_id=record.customer_id, label=record.label))
        session.record_changed(set(), now=True)
        session.emit(TokenChanged())

    def _arrived(self, page: str) -> str:
        session = self.session
        _log.info("customer %s, %s: page %s", session.record.customer_id, session.record.journey, page)
        if page != session.flow.start:
            self.resume_offered = False
            session.record.current_page = page
            session.record_changed({"current_page"}, now=True)
        session.emit(PageChanged(page))
        return page


def journey_notes(record: WizardState, journey: Journey) -> list[Message]:
    """What to say when `journey` is chosen for `record`."""
    if journey is Journey.RENEW and not record.token_stored and not record.token_test.outcome:
        return [Message("flow.renew_not_connected")]
    return []
