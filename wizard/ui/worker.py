"""One way to run blocking work (network, keyring) off the GUI thread.

A job is a plain function `fn(ctx: JobContext) -> value`. It runs on a QThreadPool that belongs to one
WorkerPool; `ctx.cancel` is a threading.Event the job passes on to the core (run_token_test, submit_source)
and `ctx.progress(obj)` reports something to the GUI. Results come back as Qt signals, delivered on the GUI
thread. A window owns one pool and calls `shutdown()` when it closes: every job is told to stop and waited
for, and callbacks of jobs that finish after that are dropped, so none reaches a deleted widget.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from wizard.core.messages import Language, Message, UserInputError

_POOLS: weakref.WeakSet[WorkerPool] = weakref.WeakSet()


@dataclass(frozen=True)
class JobContext:
    """What a job gets: the cancel flag and a thread-safe way to report progress."""

    cancel: threading.Event
    progress: Callable[[object], None]

    @property
    def cancelled(self) -> bool:
        return self.cancel.is_set()


class WorkerSignals(QObject):
    progress = Signal(object)
    result = Signal(object)
    error = Signal(object)  # the exception object; never shown raw to the user
    finished = Signal()


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[JobContext], Any], signals: WorkerSignals, cancel: threading.Event) -> None:
        super().__init__()
        self._fn, self._signals, self._cancel = fn, signals, cancel
        self.setAutoDelete(True)

    def run(self) -> None:  # worker thread
        signals = self._signals
        try:
            value = self._fn(JobContext(self._cancel, self._progress))
        except Exception as exc:  # every failure of the job goes to the GUI as a signal
            self._emit(signals.error, exc)
        else:
            self._emit(signals.result, value)
        finally:
            self._emit(signals.finished)

    def _progress(self, value: object) -> None:
        self._emit(self._signals.progress, value)

    @staticmethod
    def _emit(signal: Any, *args: object) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the window that wanted the answer is gone (closed without waiting): drop it
            pass


class Worker(QObject):
    """A handle to one job, living on the GUI thread. Re-emits the job's signals unless it was discarded."""

    progress = Signal(object)
    result = Signal(object)
    error = Signal(object)
    finished = Signal()

    def __init__(self, pool: WorkerPool, name: str) -> None:
        super().__init__(pool)
        self.name = name
        self.cancel_event = threading.Event()
        self.signals = WorkerSignals()
        self._discarded = False
        self.signals.progress.connect(self._on_progress)
        self.signals.result.connect(self._on_result)
        self.signals.error.connect(self._on_error)
        self.signals.finished.connect(self._on_finished)

    def cancel(self) -> None:
        """Ask the job to stop; it ends at its next check of the cancel flag."""
        self.cancel_event.set()

    def discard(self) -> None:
        """Cancel and drop whatever the job still reports (its receivers are going away)."""
        self.cancel()
        self._discarded = True

    @Slot(object)
    def _on_progress(self, value: object) -> None:
        if not self._discarded:
            self.progress.emit(value)

    @Slot(object)
    def _on_result(self, value: object) -> None:
        if not self._discarded:
            self.result.emit(value)

    @Slot(object)
    def _on_error(self, exc: object) -> None:
        if not self._discarded:
            self.error.emit(exc)

    @Slot()
    def _on_finished(self) -> None:
        pool = self.parent()
        if isinstance(pool, WorkerPool):
            pool._forget(self)
        if not self._discarded:
            self.finished.emit()


class WorkerPool(QObject):
    """The jobs of one window, on a private thread pool, so closing the window waits for exactly those."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(max_threads)
        self._workers: set[Worker] = set()
        _POOLS.add(self)

    def submit(
        self,
        fn: Callable[[JobContext], Any],
        *,
        name: str = "job",
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[Any], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
        on_finished: Callable[[], None] | None = None,
    ) -> Worker:
        """Start `fn` on a worker thread; the callbacks run on the GUI thread."""
        worker = Worker(self, name)
        for signal, callback in (
            (worker.result, on_result), (worker.error, on_error),
            (worker.progress, on_progress), (worker.finished, on_finished),
        ):
            if callback is not None:
                signal.connect(callback)
        self._workers.add(worker)
        self._pool.start(_Runnable(fn, worker.signals, worker.cancel_event))
        return worker

    def _forget(self, worker: Worker) -> None:
        self._workers.discard(worker)
        worker.deleteLater()

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel every job, wait for the threads to end, drop late callbacks. True when all ended in time."""
        for worker in list(self._workers):
            worker.discard()
        done = self._pool.waitForDone(timeout_ms)
        return done and self._pool.activeThreadCount() == 0

    def active_thread_count(self) -> int:
        return self._pool.activeThreadCount()


def failure_message(exc: object) -> Message:
    """What a failed job tells the user: the core's own plain message, or (a bug) only the error's class name,
    never its raw text, which could carry anything."""
    if isinstance(exc, UserInputError):
        return exc.message
    return Message("ui.unexpected", {"detail": type(exc).__name__})


def describe_failure(exc: object, language: Language) -> str:
    return failure_message(exc).text(language)


def active_job_threads() -> int:
    """Threads still running a job in any live pool (tests assert this is 0 after a window closed)."""
    return sum(pool.active_thread_count() for pool in list(_POOLS))


def assert_no_running_jobs() -> None:
    """Test helper: fail when a worker thread of any pool is still busy."""
    busy = active_job_threads()
    assert busy == 0, f"{busy} worker thread(s) still running"
