"""`finstack-afas-wizard submit --customer ID|ENV`: the hand-over to Finstack the Submit page does, through the same
session: the customer's stored token (or the one on standard input), tested first when it has not passed a test
for exactly these values, then the source added through the Finstack API set with `finstack-api set`. Idempotent:
a source already added is not added again, and a retry reuses the Idempotency-Key, so Finstack never gets the
source twice."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from wizard.cli.console import EXIT_ERROR, EXIT_NO, EXIT_OK, Console, read_secret
from wizard.core.messages import Message, UserInputError

if TYPE_CHECKING:
    from wizard.app.dispatch import QueueDispatcher
    from wizard.app.session import Session


def cmd_submit(args: argparse.Namespace, console: Console) -> int:
    from wizard.app.jobs import JobKind, is_running
    from wizard.cli.book import close_session, find_one, open_session
    from wizard.core.loopback import loopback_base_url
    from wizard.core.state import SubmissionStatus

    base_url = loopback_base_url(args.base_url) if args.base_url is not None else None
    session, dispatcher = open_session(console, base_url)
    try:
        row = find_one(session.customers.rows(), args.customer)
        record = session.services.records.read(row.id)
        session.open(record)
        if record.state.submission.status == SubmissionStatus.SUBMITTED:
            console.say("cli.submit_already", source_id=record.state.submission.source_id or "—")
            return EXIT_OK
        _take_token(args, session, dispatcher, console)
        if session.handover.api_config is None:
            session.handover.load_api()
            dispatcher.wait_until(lambda: not session.handover.busy, timeout=60)
        if not session.handover.api_available:
            raise UserInputError(Message("cli.submit_no_api"))
        if session.blockers("token"):
            status = _test(session, dispatcher, console)
            if status != EXIT_OK:
                return status
        session.handover.submit()
        dispatcher.wait_until(lambda: not is_running(session.job(JobKind.HANDOVER)), timeout=3600)
        return _said(session, console)
    finally:
        if not close_session(session, dispatcher, console):
            console.warn(Message("cli.submit_not_saved"))


def _take_token(args: argparse.Namespace, session: Session, dispatcher: QueueDispatcher, console: Console) -> None:
    """The stored token (read as the window reads it), or the one on standard input."""
    from wizard.app.jobs import JobKind, is_running

    tokens = session.tokens
    if not args.stdin:
        tokens.read(then_resume=False)
        dispatcher.wait_until(lambda: not is_running(session.job(JobKind.TOKEN_READ)), timeout=120)
    if session.token is None:
        pasted = read_secret(console)
        if not pasted.strip():
            raise UserInputError(Message("cli.token_stdin_empty"))
        tokens.set_typed(pasted)
        if session.token is None:
            from wizard.core.token import parse_token

            parse_token(pasted)  # says what is wrong with it


def _test(session: Session, dispatcher: QueueDispatcher, console: Console) -> int:
    from wizard.app.jobs import JobKind, JobStatus, is_running

    console.say("cli.submit_testing")
    job = session.tokens.test()
    if job is None:
        raise UserInputError(session.blockers("token")[0])
    dispatcher.wait_until(lambda: not job.running, timeout=3600)
    if job.status is not JobStatus.DONE or not job.result.outcome.is_good:
        console.warn(Message("cli.submit_test_failed"))
        return EXIT_NO
    dispatcher.wait_until(lambda: not is_running(session.job(JobKind.TOKEN_STORE)), timeout=120)
    return EXIT_OK


def _said(session: Session, console: Console) -> int:
    from wizard.core.state import SubmissionStatus

    submission = session.record.submission
    if submission.status == SubmissionStatus.SUBMITTED:
        console.say("ui.submitted", source_id=submission.source_id or "—")
        return EXIT_OK
    if submission.status == SubmissionStatus.FAILED and submission.reason is not None:
        return console.fail(submission.reason)
    return EXIT_ERROR


def register(commands: argparse._SubParsersAction, name: str) -> None:
    p = commands.add_parser(
        name, help="hand a customer's source to Finstack, as the Submit page does",
        description="Adds the AFAS source in Finstack through the Finstack API set with `finstack-api set`. The "
                    "customer's token comes from the password store (or standard input with --stdin) and is "
                    "tested first unless it passed a test for exactly these values. Running it again does not add "
                    "a second source.")
    p.add_argument("--customer", "-c", required=True, metavar="ID|ENV",
                   help="the customer: its id from `customers list` (or its first characters), or its environment")
    p.add_argument("--stdin", action="store_true", help="read the token from standard input, not the password store")
    p.add_argument("--base-url", help="test the token against a local stand-in on 127.0.0.1 instead of AFAS "
                                      "(tests, demos)")
    p.set_defaults(handler=cmd_submit)
