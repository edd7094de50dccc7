"""Running the token test: one event loop on the caller's thread, a cancel flag that stops it promptly, and one
overall deadline (a server that trickles a byte now and then defeats every per-read timeout)."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

import httpx

from wizard.core.afas_client import AfasClient
from wizard.core.environment import AfasEnvironment
from wizard.core.getconnectors.definitions import ConnectorDefinition, load_definitions
from wizard.core.messages import Language, Message
from wizard.core.proxies import ProxySettingError
from wizard.core.redact import SEEN_SECRETS
from wizard.core.token import AfasToken
from wizard.core.token_test.checks import MAX_BODY_BYTES, TokenTestRun
from wizard.core.token_test.report import (
    CHECK_IDS,
    DEFAULT_DEADLINE,
    CheckResult,
    CheckStatus,
    TokenTestReport,
    overall_outcome,
)

_log = logging.getLogger(__name__)


async def _watch(cancel: threading.Event, task: asyncio.Task[None]) -> None:
    while not task.done():
        if cancel.is_set():
            task.cancel()
            return
        await asyncio.sleep(0.05)


async def _finish(checks: Coroutine[Any, Any, None], cancel: threading.Event | None, deadline: float) -> str:
    """Run `checks` to its end: "done", "cancelled" (the cancel flag) or "timed_out" (the deadline passed)."""
    task = asyncio.create_task(checks)
    watcher = asyncio.create_task(_watch(cancel, task)) if cancel else None
    done, _ = await asyncio.wait({task}, timeout=deadline)
    if not done:
        task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        return "cancelled" if done else "timed_out"
    finally:
        if watcher:
            watcher.cancel()
    return "done"


def run_token_test(
    environment: AfasEnvironment,
    token: AfasToken,
    administrations: tuple[int, ...],
    *,
    token_name: str = "",
    base_url: str | None = None,
    on_check: Callable[[CheckResult], None] | None = None,
    cancel: threading.Event | None = None,
    language: Language = "en",
    definitions: tuple[ConnectorDefinition, ...] | None = None,
    read_timeout: float = 30.0,
    deadline: float = DEFAULT_DEADLINE,
) -> TokenTestReport:
    """Run every check against AFAS (or a loopback stand-in given as base_url). Blocks; call it off the GUI thread.

    on_check is called (from this thread) each time a check starts or ends. Setting `cancel` stops the run
    promptly; the report's outcome is then "cancelled". After `deadline` seconds the test stops and what was
    still running fails with a timeout.
    """
    run = TokenTestRun(environment, tuple(administrations), language, definitions or load_definitions(), on_check,
                       SEEN_SECRETS.remember_token(token.reveal()))  # the client's redactor: one per token
    started, clock = datetime.now(UTC), time.monotonic()

    async def main() -> str:
        timeout = httpx.Timeout(connect=10.0, read=read_timeout, write=10.0, pool=60.0)
        try:
            client = AfasClient(environment, token, base_url=base_url, language=language, timeout=timeout,
                                max_body_bytes=MAX_BODY_BYTES)
        except ProxySettingError as exc:  # a result of the first check, as any other reason AFAS is not reached
            run.fail_host(exc.message)
            return "done"
        async with client:
            return await _finish(run.run(client), cancel, deadline)

    ending = asyncio.run(main())
    if ending == "timed_out":
        run.stop_at_deadline(deadline)
    elif ending == "cancelled":
        run.skip_open(Message("tokentest.skipped.cancelled"))
    checks = tuple(run.results[i] for i in CHECK_IDS)
    report = TokenTestReport(environment.key, environment.name, token_name, token.fingerprint, checks,
                             overall_outcome(checks, ending == "cancelled"), started.isoformat(timespec="seconds"),
                             time.monotonic() - clock)
    _log_report(report)
    return report


def _log_report(report: TokenTestReport) -> None:
    """The test in the log, in English for the help desk: each check and what AFAS said (already redacted)."""
    _log.info("token test of %s (token %s): %s in %.1f s", report.environment_name, report.token_fingerprint,
              report.outcome.value, report.seconds)
    for check in report.checks:
        said = check.explanation.text("en") if check.explanation else ""
        level = logging.WARNING if check.status is CheckStatus.FAILED else logging.INFO
        _log.log(level, "  %s: %s%s", check.id, check.status.value, f" - {said}" if said else "")
