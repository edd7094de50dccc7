"""Jobs run off the session's thread and report on it; a cancel reaches them; a failure is a plain message; closing
waits a bounded time and leaves a stuck job behind instead of freezing."""

from __future__ import annotations

import threading

from wizard.app.dispatch import QueueDispatcher
from wizard.app.jobs import JobKind, JobRunner, JobStatus
from wizard.core.messages import Message, UserInputError


def _runner():
    dispatcher, seen = QueueDispatcher(), []
    return JobRunner(dispatcher, seen.append), dispatcher, seen


def _raise(exc: BaseException):
    def work(_ctx):
        raise exc
    return work


def test_a_job_runs_off_the_session_thread_and_reports_on_it():
    runner, dispatcher, seen = _runner()
    threads: dict[str, int] = {}

    def work(ctx):
        threads["job"] = threading.get_ident()
        ctx.progress("half")
        ctx.progress("all")
        return 42

    ended = []
    job = runner.start(JobKind.REPORT, "r1", work, on_end=lambda j: ended.append(threading.get_ident()))
    assert dispatcher.wait_until(lambda: not job.running, 5)
    assert job.status is JobStatus.DONE and job.result == 42 and job.progress == ["half", "all"]
    assert threads["job"] != threading.get_ident() and ended == [threading.get_ident()]
    assert seen[0] is job and len(seen) == 4  # started, two steps, ended: each heard on this thread


def test_a_cancel_reaches_the_job():
    runner, dispatcher, _ = _runner()
    job = runner.start(JobKind.TOKEN_TEST, "r1", lambda ctx: None if ctx.cancel.wait(10) else "late")
    job.cancel()
    assert dispatcher.wait_until(lambda: not job.running, 5)
    assert job.status is JobStatus.CANCELLED


def test_a_failure_is_a_plain_message_never_the_raw_error_text():
    runner, dispatcher, _ = _runner()
    plain = runner.start(JobKind.UNPACK, "r1", _raise(UserInputError(Message("admin.empty"))))
    secret = runner.start(JobKind.HANDOVER, "r1", _raise(RuntimeError("AfasToken abc")))
    assert dispatcher.wait_until(lambda: not plain.running and not secret.running, 5)
    assert plain.status is JobStatus.FAILED and plain.failure == Message("admin.empty")
    assert secret.failure.key == "ui.unexpected" and "AfasToken" not in secret.failure.text("en")
    assert "RuntimeError" in secret.failure.text("en")


def test_closing_waits_a_bounded_time_and_leaves_a_stuck_job_behind():
    runner, dispatcher, _ = _runner()
    release = threading.Event()
    quick = runner.start(JobKind.TOKEN_READ, "r1", lambda ctx: "token")
    stuck = runner.start(JobKind.TOKEN_STORE, "r1", lambda ctx: release.wait(60))  # a keyring that never answers
    try:
        left = runner.shutdown(timeout=0.2)
        assert left == [stuck] and stuck.running
        assert quick.status is JobStatus.DONE  # ended meanwhile: recorded, not lost
    finally:
        release.set()
    dispatcher.run_pending()
    assert stuck.running  # what a left-behind job says afterwards is not heard any more
