"""Saving off the session's thread: the newest copy of each changed record waits here until typing has paused
(`delay`), or until it is committed (a field left, Enter pressed, a move), and is then written by a thread of its
own, compare-and-write, so a record changed elsewhere meanwhile is reported instead of written over. Only records
that changed are written, one file each."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wizard.app.records import RecordStore

_log = logging.getLogger(__name__)
SAVE_DELAY_S = 0.3


@dataclass(frozen=True)
class Written:
    record_id: str
    revision: int
    data: dict[str, Any]  # what the file holds now


@dataclass(frozen=True)
class Clash:
    """The file changed (or went) since this session last saw it: nothing was written."""

    record_id: str
    revision: int  # what the file holds now (0: no file; -1: a file that cannot be read)
    theirs: dict[str, Any] | None
    ours: dict[str, Any]


@dataclass(frozen=True)
class WriteFailed:
    record_id: str
    error: OSError


@dataclass(frozen=True)
class Removed:
    record_id: str
    existed: bool


Outcome = Written | Clash | WriteFailed | Removed


class RecordWriter:
    def __init__(self, store: RecordStore, report: Callable[[Outcome], None], delay: float = SAVE_DELAY_S) -> None:
        """`report` is called on the writer's thread: post it on to the session's thread."""
        self.store, self._report, self.delay = store, report, delay
        self._cond = threading.Condition()
        self._pending: dict[str, tuple[dict[str, Any], float]] = {}  # record id -> (newest copy, when due)
        self._removals: list[str] = []
        self._ops: list[Callable[[], None]] = []  # other small file writes, in order (settings, kept copies)
        self._expected: dict[str, int] = {}  # record id -> the revision this session last saw on disk
        self._blocked: set[str] = set()  # clashed: waits for the session to merge and `track` again
        self._busy = False
        self._closing = False
        self._thread: threading.Thread | None = None

    def track(self, record_id: str, revision: int) -> None:
        """The session holds `record_id` as it is at `revision` on disk (0: not yet saved)."""
        with self._cond:
            self._expected[record_id] = revision
            self._blocked.discard(record_id)
            self._cond.notify()

    def put(self, record_id: str, data: dict[str, Any], *, now: bool = False) -> None:
        with self._cond:
            self._pending[record_id] = (data, 0.0 if now else time.monotonic() + self.delay)
            self._start()
            self._cond.notify()

    def flush(self, record_id: str | None = None) -> None:
        """Write what is pending (for `record_id`, or every record) without waiting for the pause in typing."""
        with self._cond:
            for key in [record_id] if record_id else list(self._pending):
                if key in self._pending:
                    self._pending[key] = (self._pending[key][0], 0.0)
            self._cond.notify()

    def remove(self, record_id: str) -> None:
        with self._cond:
            self._pending.pop(record_id, None)
            self._expected.pop(record_id, None)
            self._removals.append(record_id)
            self._start()
            self._cond.notify()

    def run(self, operation: Callable[[], None]) -> None:
        """Run a small file write on the writer's thread, after what is queued before it."""
        with self._cond:
            self._ops.append(operation)
            self._start()
            self._cond.notify()

    def has_pending(self, record_id: str | None = None) -> bool:
        with self._cond:
            if record_id is None:
                return bool(self._pending or self._removals or self._ops or self._busy)
            return record_id in self._pending

    def wait_idle(self, timeout: float) -> bool:
        """Flush everything and wait until it is written (or blocked by a clash); False after `timeout` s."""
        self.flush()
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._writable() or self._removals or self._ops or self._busy:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(remaining)
        return True

    def close(self, timeout: float) -> list[str]:
        """Write what is pending and stop; the ids of records that could not be written in time."""
        self.wait_idle(timeout)
        with self._cond:
            self._closing = True
            left = sorted(self._pending)
            self._cond.notify_all()
        return left

    # -- the writer's thread ----------------------------------------------------------------------------
    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="record-writer", daemon=True)
            self._thread.start()

    def _writable(self) -> list[str]:
        return [key for key in self._pending if key not in self._blocked]

    def _run(self) -> None:
        while True:
            with self._cond:
                job = self._next_job()
                while job is None:
                    if self._closing:
                        return
                    self._cond.wait(self._wait_time())
                    job = self._next_job()
                self._busy = True
            try:
                outcome = job()
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()
            if outcome is not None:
                self._report(outcome)

    def _wait_time(self) -> float | None:
        due = [when for key, (_, when) in self._pending.items() if key not in self._blocked]
        return max(0.0, min(due) - time.monotonic()) if due else None

    def _next_job(self) -> Callable[[], Outcome | None] | None:
        if self._ops:
            return _quietly(self._ops.pop(0))
        if self._removals:
            record_id = self._removals.pop(0)
            return lambda: self._remove(record_id)
        now = time.monotonic()
        for key in self._writable():
            data, when = self._pending[key]
            if when <= now or self._closing:
                del self._pending[key]
                expected = self._expected.get(key, 0)
                return lambda key=key, data=data, expected=expected: self._write(key, data, expected)
        return None

    def _write(self, record_id: str, data: dict[str, Any], expected: int) -> Outcome:
        try:
            result = self.store.write(record_id, data, expected)
        except OSError as exc:
            _log.warning("could not save record %s: %s", record_id, exc.strerror or type(exc).__name__)
            with self._cond:
                self._pending.setdefault(record_id, (data, time.monotonic() + 5.0))  # try again later
            return WriteFailed(record_id, exc)
        _log.debug("record %s: %s", record_id, f"saved as revision {result.revision}" if result.written
                   else f"changed elsewhere (revision {result.revision} on disk): merging")
        with self._cond:
            if result.written:
                self._expected[record_id] = result.revision
            else:
                self._blocked.add(record_id)
                self._pending.setdefault(record_id, (data, 0.0))
        if result.written:
            return Written(record_id, result.revision, data)
        return Clash(record_id, result.revision, result.theirs, data)

    def _remove(self, record_id: str) -> Outcome:
        try:
            existed = self.store.remove(record_id)
        except OSError as exc:
            return WriteFailed(record_id, exc)
        return Removed(record_id, existed)


def _quietly(operation: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        try:
            operation()
        except OSError as exc:  # a setting or a kept copy that could not be written: noted, never fatal
            _log.warning("could not write a file: %s", type(exc).__name__)
    return run
