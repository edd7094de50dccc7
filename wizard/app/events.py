"""What the session tells its faces (the window, a test, the command line), as plain values. A face subscribes to
the EventBus; the Qt bridge turns each event into a signal. Events are emitted on the session's own thread (the
GUI thread in the window): listeners never need a lock."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from wizard.core.messages import Message

if TYPE_CHECKING:
    from wizard.app.jobs import Job

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    """Base of every event."""


@dataclass(frozen=True)
class RecordOpened(Event):
    """Another record is open (or the open one began afresh): every page shows it anew."""

    record_id: str


@dataclass(frozen=True)
class RecordChanged(Event):
    """Fields of the open record changed (typing, a tick, a job's result). `fields` names them."""

    record_id: str
    fields: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RecordReloaded(Event):
    """Changes made elsewhere (another window, the command line) were merged into the open record."""

    record_id: str


@dataclass(frozen=True)
class PageChanged(Event):
    page: str


@dataclass(frozen=True)
class TokenChanged(Event):
    """The token in memory changed (typed, read from the password store), or what is known about storing it."""


@dataclass(frozen=True)
class JobChanged(Event):
    """A job started, reported progress or ended."""

    job: Job


@dataclass(frozen=True)
class CustomersChanged(Event):
    """The list of customers changed: `record_ids` the rows that changed; empty means the whole list."""

    record_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Notice(Event):
    """Something to tell the user once (a record set aside, a save that failed, a conflict)."""

    message: Message
    tone: str = "warning"  # ok / info / warning / error
    record_id: str = ""


@dataclass(frozen=True)
class LanguageChanged(Event):
    language: str


@dataclass(frozen=True)
class FinstackApiChanged(Event):
    """The Finstack API settings (address, whether its key is in the password store) changed."""


@dataclass
class EventBus:
    """Listeners called in order for every event. A listener that raises is logged and the others still run:
    one broken page must not stop the rest of the window from hearing the news."""

    _listeners: list[Callable[[Event], None]] = field(default_factory=list)

    def subscribe(self, listener: Callable[[Event], None]) -> Callable[[], None]:
        """Add `listener`; returns the function that removes it again."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def emit(self, event: Event) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                _log.exception("a listener failed on %s", type(event).__name__)
