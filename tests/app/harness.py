"""Driving the session without Qt, as a user would through the window: a QueueDispatcher stands in for the event
loop, and `wait` runs what the jobs post until a condition holds."""

from __future__ import annotations

from dataclasses import dataclass, field

from wizard.app.dispatch import QueueDispatcher
from wizard.app.events import Event
from wizard.app.jobs import Job, JobKind
from wizard.app.services import Services
from wizard.app.session import Session
from wizard.core.content import checklist_ids
from wizard.core.state import Journey

DEMO_ENVIRONMENT = "O12345AA"


@dataclass
class Face:
    """A session and what it said, as a test sees it."""

    session: Session
    dispatcher: QueueDispatcher
    events: list[Event] = field(default_factory=list)

    def wait(self, condition, timeout: float = 20.0) -> None:
        assert self.dispatcher.wait_until(condition, timeout), "timed out"

    def wait_job(self, kind: JobKind, timeout: float = 20.0) -> Job:
        self.wait(lambda: (job := self.session.job(kind)) is not None and not job.running, timeout)
        job = self.session.job(kind)
        assert job is not None
        return job

    def settle(self) -> None:
        """Let every job end and every save reach the disk (a clash merged and written again included)."""
        writer = self.session.keeper.writer
        for _ in range(20):
            self.wait(lambda: not self.session.jobs.running())
            assert writer.wait_idle(10)
            if not self.dispatcher.run_pending() and not writer.has_pending():
                return
        raise AssertionError("the saves never settled")

    def of(self, kind: type) -> list:
        return [event for event in self.events if isinstance(event, kind)]


def open_session(services: Services, language: str = "en", start: bool = True) -> Face:
    dispatcher = QueueDispatcher()
    session = Session(services, dispatcher, language)
    face = Face(session, dispatcher)
    session.events.subscribe(face.events.append)
    if start:
        session.start()
        face.wait(lambda: session.book.loaded)
    return face


def walk(face: Face, journey: Journey, to: str = "done", *, token: str | None = None,
         environment: str = DEMO_ENVIRONMENT, administrations: str = "1;2;3") -> None:
    """From the Welcome page, what a user does on each page of `journey` until `to` is shown."""
    session = face.session
    if session.page == "welcome":
        session.nav.choose_journey(journey)
    while session.page != to:
        page = session.page
        if page == "preparation":
            for item in checklist_ids():
                session.tick("checklist", item, True)
        elif page == "getconnectors" and journey is Journey.REPLACE:
            session.tick("steps", "replace_status_good", True)
        elif page == "administrations":
            session.edit(administrations_text=administrations)
            if journey is Journey.REPLACE:
                session.tick("steps", "replace_filter_again", True)
        elif page == "token":
            session.edit(environment_text=environment)
            if token is not None:
                session.tokens.set_typed(token)
            if session.blockers():
                session.tokens.test()
                face.wait_job(JobKind.TOKEN_TEST)
        elif page == "submit":
            face.wait(lambda: not session.tokens.storing)
            if session.handover.api_available:
                session.handover.submit()
                face.wait_job(JobKind.HANDOVER)
            else:
                session.handover.confirm_handoff(True)
        assert not session.blockers(), f"{page}: {[m.key for m in session.blockers()]}"
        session.nav.next()
