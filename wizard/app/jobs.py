"""The long jobs of a session (token test, password store, hand-over, unpacking, export, report): each runs on a
thread of its own, can be cancelled, reports progress, and ends in a result or a plain failure. Jobs belong to the
session, not to a page, so a page rebuilt by a language switch or revisited with Back finds the job's live progress
or its last result here.

Threads are daemons: closing never waits on a job stuck in a call that cannot be interrupted (a keyring waiting
for an unlock prompt, a dead D-Bus); `shutdown` waits a bounded time and names what it left behind.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from wizard.app.dispatch import Dispatcher
from wizard.core.messages import Message, UserInputError

_log = logging.getLogger(__name__)


class JobKind(StrEnum):
    TOKEN_TEST = "token_test"  # noqa: S105 - job names, not secrets
    TOKEN_READ = "token_read"  # noqa: S105
    TOKEN_STORE = "token_store"  # noqa: S105
    TOKEN_FORGET = "token_forget"  # noqa: S105
    HANDOVER = "handover"
    API_LOAD = "api_load"
    API_SAVE = "api_save"
    API_FORGET = "api_forget"
    UNPACK = "unpack"
    BUNDLE = "bundle"
    EXPORT = "export"
    REPORT = "report"
    SCAN = "scan"  # reading the whole book of records
    IMPORT = "import"


class JobStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class JobContext:
    """What the work function gets: the cancel flag (hand it on to the core) and a way to report progress."""

    cancel: threading.Event
    progress: Callable[[object], None]

    @property
    def cancelled(self) -> bool:
        return self.cancel.is_set()


@dataclass(eq=False)
class Job:
    """One run of a job, as the faces read it. Changed only on the session's thread."""

    kind: JobKind
    record_id: str
    status: JobStatus = JobStatus.RUNNING
    progress: list[object] = field(default_factory=list)
    result: Any = None
    failure: Message | None = None  # a plain message; never an exception's raw text
    error_type: str = ""  # the exception's class name when the job failed
    started_at: float = field(default_factory=time.monotonic)
    ended_at: float | None = None
    cancel_event: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def running(self) -> bool:
        return self.status is JobStatus.RUNNING

    @property
    def cancelling(self) -> bool:
        return self.running and self.cancel_event.is_set()

    def cancel(self) -> None:
        """Ask the job to stop; it ends at its next look at the flag (a stuck call ends when it returns)."""
        self.cancel_event.set()


def is_running(job: Job | None) -> bool:
    """True while `job` runs (None: there is no such job)."""
    return job is not None and job.running


def failure_message(exc: BaseException | object) -> Message:
    """What a failed job tells the user: the core's own plain message, or (a bug) only the error's class name,
    never its raw text, which could carry anything."""
    if isinstance(exc, UserInputError):
        return exc.message
    return Message("ui.unexpected", {"detail": type(exc).__name__})


Work = Callable[[JobContext], Any]
Listener = Callable[[Job], None]


class JobRunner:
    """Starts jobs on daemon threads and brings their progress and end back through the dispatcher."""

    def __init__(self, dispatcher: Dispatcher, on_change: Listener) -> None:
        self._dispatcher, self._on_change = dispatcher, on_change
        self._threads: dict[Job, tuple[threading.Thread, Listener | None]] = {}
        self._outcomes: dict[Job, tuple[Any, BaseException | None]] = {}  # set on the job's thread
        self._closed = False

    def start(self, kind: JobKind, record_id: str, work: Work, on_end: Listener | None = None,
              on_progress: Callable[[Job, object], None] | None = None) -> Job:
        """Run `work` off the session's thread. `on_end` runs on the session's thread once it ended (whatever
        the way), before the faces hear of it."""
        job = Job(kind, record_id)
        context = JobContext(job.cancel_event, lambda value: self._post(lambda: self._progress(job, value,
                                                                                                on_progress)))

        def run() -> None:  # the job's own thread
            try:
                outcome: tuple[Any, BaseException | None] = (work(context), None)
            except BaseException as exc:  # every failure ends the job; none escapes the thread
                if not isinstance(exc, UserInputError):
                    _log.error("job %s failed", kind.value, exc_info=exc)
                outcome = (None, exc.with_traceback(None))  # no frames kept: they may hold large data
            self._outcomes[job] = outcome
            self._post(lambda: self._finish(job))

        thread = threading.Thread(target=run, name=f"job-{kind.value}", daemon=True)
        self._threads[job] = (thread, on_end)
        _log.info("job %s started for customer %s", kind.value, record_id)
        self._on_change(job)
        thread.start()
        return job

    def _post(self, fn: Callable[[], None]) -> None:
        if not self._closed:
            self._dispatcher.post(lambda: None if self._closed else fn())

    def _progress(self, job: Job, value: object, on_progress: Callable[[Job, object], None] | None) -> None:
        if not job.running:
            return
        job.progress.append(value)
        if on_progress is not None:
            on_progress(job, value)
        self._on_change(job)

    def _finish(self, job: Job) -> None:
        """The job's thread ended: record how, on the session's thread (once)."""
        entry, outcome = self._threads.pop(job, None), self._outcomes.pop(job, None)
        if entry is None or outcome is None:
            return
        value, exc = outcome
        job.ended_at = time.monotonic()
        if exc is not None:
            job.status, job.failure, job.error_type = JobStatus.FAILED, failure_message(exc), type(exc).__name__
            if job.cancel_event.is_set() and _is_cancel(exc):
                job.status = JobStatus.CANCELLED
        else:
            job.status, job.result = JobStatus.DONE, value
            if job.cancel_event.is_set() and value is None:
                job.status = JobStatus.CANCELLED
        _log.info("job %s %s after %.1f s%s", job.kind.value, job.status.value, job.ended_at - job.started_at,
                  f" ({job.error_type})" if job.error_type else "")
        on_end = entry[1]
        if on_end is not None:
            on_end(job)
        self._on_change(job)

    def running(self) -> list[Job]:
        return [job for job in self._threads if job.running]

    def join(self, timeout: float) -> bool:
        """Wait up to `timeout` s for every job's thread (also those left behind at closing); True when all ended."""
        deadline = time.monotonic() + timeout
        for thread, _ in list(self._threads.values()):
            thread.join(max(0.0, deadline - time.monotonic()))
        return not any(thread.is_alive() for thread, _ in self._threads.values())

    def shutdown(self, timeout: float = 1.0) -> list[Job]:
        """Cancel every job and wait up to `timeout` seconds in all. Jobs that ended meanwhile are recorded now
        (a token saved while the window closed is still counted as saved); the jobs still running are returned
        and left behind (their threads are daemons, and nothing they report is heard any more)."""
        for job in self._threads:
            job.cancel()
        deadline = time.monotonic() + timeout
        for thread, _ in list(self._threads.values()):
            thread.join(max(0.0, deadline - time.monotonic()))
        for job in [job for job in self._threads if job in self._outcomes]:
            self._finish(job)
        self._closed = True
        return list(self._threads)


def _is_cancel(exc: BaseException) -> bool:
    kind = getattr(exc, "kind", None)
    return getattr(kind, "value", None) == "cancelled"
