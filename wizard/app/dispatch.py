"""How work done on other threads (jobs, the record writer) reaches the session's thread. The session changes its
state only on its own thread; a worker thread hands it a function through `post`. The window posts through Qt's
event loop (wizard/ui/bridge.py); the command line and the tests use a QueueDispatcher and wait on it."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from typing import Protocol

Posted = Callable[[], None]


class Dispatcher(Protocol):
    def post(self, fn: Posted) -> None:
        """Run `fn` on the session's thread, soon. Safe to call from any thread."""


class QueueDispatcher:
    """Posted functions wait in a queue until the session's thread runs them (`run_pending`, `wait_until`)."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[Posted] = queue.SimpleQueue()
        self.thread = threading.get_ident()

    def post(self, fn: Posted) -> None:
        self._queue.put(fn)

    def run_pending(self) -> int:
        """Run what is queued now; returns how many ran."""
        ran = 0
        while True:
            try:
                fn = self._queue.get_nowait()
            except queue.Empty:
                return ran
            fn()
            ran += 1

    def wait_until(self, condition: Callable[[], bool], timeout: float = 30.0) -> bool:
        """Run posted functions as they come until `condition()` holds; False when `timeout` seconds pass first."""
        deadline = time.monotonic() + timeout
        self.run_pending()
        while not condition():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            try:
                fn = self._queue.get(timeout=min(remaining, 0.05))
            except queue.Empty:
                continue
            fn()
            self.run_pending()
        return True
