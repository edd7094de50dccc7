"""The token test: named checks that prove Finstack's sync will work, reported as each one completes.

The report is plain data for the GUI, the command line and a later report; it never holds the token
(only its fingerprint). Independent checks run concurrently, never more than 8 requests at once.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any

import httpx

from wizard.core.afas_client import AfasBadResponse, AfasClient, AfasError, AfasHttpError, AfasNetworkError
from wizard.core.connector_definitions import (
    ADMINISTRATION_FIELD,
    ADMINISTRATIONS_CONNECTOR,
    ConnectorDefinition,
    load_definitions,
)
from wizard.core.environment import AfasEnvironment, EnvironmentType
from wizard.core.messages import Language, Message
from wizard.core.token import AfasToken

CHECK_IDS: tuple[str, ...] = (
    "host", "metainfo", "environment", "connectors_present", "connectors_answer", "connector_fields",
    "administrations",
)
PAGE_SIZE = 100
MAX_PAGES = 20  # 999 administrations at most, so 10 pages; the rest is a safety margin
EXPIRY_WARNING = timedelta(days=30)
MAX_BODY_BYTES = 10 * 1024 * 1024  # the answers a token test reads are small; refuse more than this
_NOT_AUTHORISED = ("niet ondersteund", "not supported", "niet geautoriseerd", "not authorized", "not authorised")
_BLOCKED = ("geblokkeerd", "blocked")


class CheckStatus(Enum):
    PENDING = "pending"
    RUNNING = "running"
    PASSED = "passed"
    WARNING = "warning"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class CheckResult:
    id: str
    title: Message
    status: CheckStatus
    explanation: Message | None = None
    fix: Message | None = None
    details: dict[str, str] = field(default_factory=dict)  # already in the test's language

    def to_json(self, language: Language) -> dict[str, Any]:
        return {
            "id": self.id, "title": self.title.text(language), "status": self.status.value,
            "explanation": self.explanation.text(language) if self.explanation else None,
            "fix": self.fix.text(language) if self.fix else None, "details": self.details,
        }


@dataclass(frozen=True)
class TokenTestReport:
    environment_key: str
    environment_name: str
    token_name: str
    token_fingerprint: str
    checks: tuple[CheckResult, ...]
    outcome: str  # passed / warning / failed / cancelled
    started_at: str
    seconds: float

    def check(self, check_id: str) -> CheckResult:
        return next(c for c in self.checks if c.id == check_id)

    def to_json(self, language: Language = "en") -> dict[str, Any]:
        return {
            "environment": self.environment_name, "environment_key": self.environment_key,
            "token_name": self.token_name, "token_fingerprint": self.token_fingerprint, "outcome": self.outcome,
            "started_at": self.started_at, "seconds": round(self.seconds, 3),
            "checks": [c.to_json(language) for c in self.checks],
        }


def check_titles() -> dict[str, Message]:
    return {check_id: Message(f"tokentest.title.{check_id}") for check_id in CHECK_IDS}


def _m(key: str, **params: Any) -> Message:
    return Message(f"tokentest.{key}", params)


def _outcome(checks: tuple[CheckResult, ...], cancelled: bool) -> str:
    statuses = {c.status for c in checks}
    if cancelled:
        return "cancelled"
    if CheckStatus.FAILED in statuses:
        return "failed"
    return "warning" if CheckStatus.WARNING in statuses else "passed"


def _ids(values: set[int] | list[int]) -> str:
    return ";".join(str(v) for v in sorted(values))


class _TokenTest:
    """One run: holds the results and reports each change through on_check."""

    def __init__(self, environment: AfasEnvironment, administrations: tuple[int, ...], language: Language,
                 definitions: tuple[ConnectorDefinition, ...], on_check: Callable[[CheckResult], None] | None) -> None:
        self.environment = environment
        self.administrations = administrations
        self.language = language
        self.definitions = {d.external_name: d for d in definitions}
        self.on_check = on_check
        titles = check_titles()
        self.results = {i: CheckResult(i, titles[i], CheckStatus.PENDING) for i in CHECK_IDS}

    def set(self, check_id: str, status: CheckStatus, explanation: Message | None = None, fix: Message | None = None,
            details: dict[str, str] | None = None) -> None:
        result = replace(self.results[check_id], status=status, explanation=explanation, fix=fix,
                         details=details or {})
        self.results[check_id] = result
        if self.on_check:
            self.on_check(result)

    def skip_open(self, reason: Message) -> None:
        for check_id, result in self.results.items():
            if result.status in (CheckStatus.PENDING, CheckStatus.RUNNING):
                self.set(check_id, CheckStatus.SKIPPED, reason)

    # -- the checks -----------------------------------------------------------------------------------------

    async def run(self, client: AfasClient) -> None:
        self.set("host", CheckStatus.RUNNING)
        try:
            await client.resolve_host()
            self.set("metainfo", CheckStatus.RUNNING)
            meta = await client.get_json("metainfo")
        except AfasNetworkError as exc:
            self._host_failed(client.host, exc)
            return
        except AfasHttpError as exc:
            self.set("host", CheckStatus.PASSED, _m("host.passed", host=client.host))
            self._metainfo_refused(exc)
            return
        except AfasBadResponse as exc:
            self.set("host", CheckStatus.PASSED, _m("host.passed", host=client.host))
            self.set("metainfo", CheckStatus.FAILED, _m(f"metainfo.{exc.reason}"), _m("fix.retry_or_support"))
            self.skip_open(_m("skipped.after_failure"))
            return
        self.set("host", CheckStatus.PASSED, _m("host.passed", host=client.host))
        if not isinstance(meta, dict) or not isinstance(meta.get("getConnectors"), list):
            self.set("metainfo", CheckStatus.FAILED, _m("metainfo.malformed_json"), _m("fix.retry_or_support"))
            self.skip_open(_m("skipped.after_failure"))
            return
        available = {str(c.get("id")) for c in meta["getConnectors"] if isinstance(c, dict)}
        self.set("metainfo", CheckStatus.PASSED, _m("metainfo.passed", count=len(available)))
        self._environment(meta.get("info") if isinstance(meta.get("info"), dict) else {})
        present = self._connectors_present(available)
        await asyncio.gather(
            self._connectors_answer(client, present),
            self._connector_fields(client, present),
            self._administrations(client, present),
        )

    def _host_failed(self, host: str, exc: AfasNetworkError) -> None:
        kind = exc.failure.value
        detail = exc.detail[:200]
        self.set("host", CheckStatus.FAILED, _m(f"host.{kind}", host=host, number=self.environment.number,
                                                detail=detail), _m(f"fix.host_{kind}"))
        self.skip_open(_m("skipped.after_failure"))

    def _metainfo_refused(self, exc: AfasHttpError) -> None:
        status = exc.status if exc.status in (401, 403, 404, 500, 503) else "other"
        minutes = str(max(1, round((exc.retry_after or 0) / 60))) if exc.retry_after else ""
        explanation = _m(
            f"metainfo.{status}", status=exc.status, message=exc.external_message or "-",
            reference=exc.profit_log_reference or "-", minutes=minutes or "?",
        )
        self.set("metainfo", CheckStatus.FAILED, explanation, _m(f"fix.metainfo_{status}"))
        self.skip_open(_m("skipped.after_failure"))

    def _environment(self, info: dict[str, Any]) -> None:
        envid = str(info.get("envid") or "").strip()
        facts = {k: str(info.get(k) or "") for k in ("envid", "appName", "group", "tokenExpiry")}
        if not envid:
            self.set("environment", CheckStatus.WARNING, _m("environment.unknown"), None, facts)
            return
        env = self.environment
        if not env.matches_envid(envid):
            found_type = {"O": "production", "T": "test", "A": "accept"}.get(envid[:1].upper())
            found_label = EnvironmentType(found_type).label if found_type else Message("tokentest.unknown_type")
            self.set("environment", CheckStatus.FAILED,
                     _m("environment.mismatch", envid=envid, found_type=found_label, chosen=env.name,
                        chosen_type=env.type.label),
                     _m("fix.environment_mismatch", envid=envid, chosen=env.name), facts)
            return
        expiry = facts["tokenExpiry"]
        expires = _parse_expiry(expiry)
        expiry_text = _m("environment.no_expiry") if expires is None else _m("environment.expires", date=expiry[:10])
        explanation = _m("environment.passed", envid=envid, app=facts["appName"] or "-", group=facts["group"] or "-",
                         expiry=expiry_text)
        if expires is not None and expires - datetime.now(UTC) < EXPIRY_WARNING:
            self.set("environment", CheckStatus.WARNING, explanation,
                     _m("fix.token_expiring", date=expiry[:10]), facts)
            return
        self.set("environment", CheckStatus.PASSED, explanation, None, facts)

    def _connectors_present(self, available: set[str]) -> list[str]:
        required = list(self.definitions)
        missing = [name for name in required if name not in available]
        present = [name for name in required if name in available]
        if missing:
            self.set("connectors_present", CheckStatus.FAILED,
                     _m("present.missing", names=", ".join(missing), count=len(missing)), _m("fix.present_missing"),
                     {name: _m("present.missing_one").text(self.language) for name in missing})
        else:
            self.set("connectors_present", CheckStatus.PASSED, _m("present.passed", count=len(required)))
        return present

    async def _connectors_answer(self, client: AfasClient, present: list[str]) -> None:
        if not present:
            self.set("connectors_answer", CheckStatus.SKIPPED, _m("skipped.no_connectors"))
            return
        self.set("connectors_answer", CheckStatus.RUNNING)

        async def probe(name: str) -> tuple[str, Message | None]:
            order = self.definitions[name].key_fields[0]
            try:
                await client.get_json(f"connectors/{name}", {"skip": 0, "take": 1, "orderbyfieldids": order})
            except AfasHttpError as exc:
                return name, _connector_problem(name, exc)
            except AfasNetworkError as exc:
                return name, _m("answer.network", name=name, detail=exc.detail[:120])
            except AfasBadResponse as exc:
                return name, _m(f"answer.{exc.reason}", name=name)
            return name, None

        outcomes = await asyncio.gather(*(probe(name) for name in present))
        problems = {name: msg.text(self.language) for name, msg in outcomes if msg is not None}
        if problems:
            self.set("connectors_answer", CheckStatus.FAILED,
                     _m("answer.failed", count=len(problems), names=", ".join(problems)),
                     _m("fix.answer_failed"), problems)
        else:
            self.set("connectors_answer", CheckStatus.PASSED, _m("answer.passed", count=len(present)))

    async def _connector_fields(self, client: AfasClient, present: list[str]) -> None:
        if not present:
            self.set("connector_fields", CheckStatus.SKIPPED, _m("skipped.no_connectors"))
            return
        self.set("connector_fields", CheckStatus.RUNNING)

        async def fields_of(name: str) -> tuple[str, Message | None]:
            try:
                meta = await client.get_json(f"metainfo/get/{name}")
            except AfasError:
                return name, _m("fields.unreadable", name=name)
            aliases = {str(f.get("id")) for f in meta.get("fields", []) if isinstance(f, dict)} \
                if isinstance(meta, dict) else set()
            lacking = [a for a in self.definitions[name].aliases if a not in aliases]
            return name, _m("fields.lacks", name=name, fields=", ".join(lacking)) if lacking else None

        outcomes = await asyncio.gather(*(fields_of(name) for name in present))
        problems = {name: msg.text(self.language) for name, msg in outcomes if msg is not None}
        if problems:
            self.set("connector_fields", CheckStatus.FAILED,
                     _m("fields.failed", count=len(problems), names=", ".join(problems)), _m("fix.fields_outdated"),
                     problems)
        else:
            self.set("connector_fields", CheckStatus.PASSED, _m("fields.passed"))

    async def _administrations(self, client: AfasClient, present: list[str]) -> None:
        if ADMINISTRATIONS_CONNECTOR not in present:
            self.set("administrations", CheckStatus.SKIPPED, _m("admin.no_connector"))
            return
        if not self.administrations:
            self.set("administrations", CheckStatus.SKIPPED, _m("admin.no_filter"))
            return
        self.set("administrations", CheckStatus.RUNNING)
        try:
            found = await _all_administration_ids(client)
        except AfasError:
            self.set("administrations", CheckStatus.SKIPPED, _m("admin.unreadable"))
            return
        wanted = set(self.administrations)
        extra, missing = found - wanted, wanted - found
        if not extra and not missing:
            self.set("administrations", CheckStatus.PASSED, _m("admin.passed", ids=_ids(wanted)))
        elif extra and not missing:
            self.set("administrations", CheckStatus.WARNING,
                     _m("admin.more", extra=_ids(extra), ids=_ids(wanted)), _m("fix.admin_more"))
        elif missing and not extra:
            self.set("administrations", CheckStatus.FAILED, _m("admin.fewer", missing=_ids(missing)),
                     _m("fix.admin_fewer"))
        else:
            self.set("administrations", CheckStatus.FAILED,
                     _m("admin.both", extra=_ids(extra), missing=_ids(missing), ids=_ids(wanted)),
                     _m("fix.admin_both"))


async def _all_administration_ids(client: AfasClient) -> set[int]:
    """Every AdministrationId Finstack_Administrations returns, paged in a guaranteed order."""
    found: set[int] = set()
    for page in range(MAX_PAGES):
        body = await client.get_json(
            f"connectors/{ADMINISTRATIONS_CONNECTOR}",
            {"skip": page * PAGE_SIZE, "take": PAGE_SIZE, "orderbyfieldids": ADMINISTRATION_FIELD},
        )
        rows = body.get("rows", []) if isinstance(body, dict) else []
        for row in rows:
            value = row.get(ADMINISTRATION_FIELD) if isinstance(row, dict) else None
            if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
                found.add(int(value))
        if len(rows) < PAGE_SIZE:
            break
    return found


def _connector_problem(name: str, exc: AfasHttpError) -> Message:
    text = exc.external_message.lower()
    if exc.status == 401 or any(marker in text for marker in _NOT_AUTHORISED):
        return _m("answer.unauthorised", name=name)
    if any(marker in text for marker in _BLOCKED):
        return _m("answer.blocked", name=name)
    return _m("answer.error", name=name, status=exc.status, message=exc.external_message or "-",
              reference=exc.profit_log_reference or "-")


def _parse_expiry(value: str) -> datetime | None:
    """AFAS's tokenExpiry: "0" (or empty) means no end date; otherwise an ISO date (undocumented format)."""
    value = value.strip()
    if value in ("", "0"):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


async def _watch(cancel: threading.Event, task: asyncio.Task[None]) -> None:
    while not task.done():
        if cancel.is_set():
            task.cancel()
            return
        await asyncio.sleep(0.05)


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
) -> TokenTestReport:
    """Run every check against AFAS (or a loopback stand-in given as base_url). Blocks; call it off the GUI thread.

    on_check is called (from this thread) each time a check starts or ends. Setting `cancel` stops the run
    promptly; the report's outcome is then "cancelled".
    """
    run = _TokenTest(environment, tuple(administrations), language, definitions or load_definitions(), on_check)
    started, clock = datetime.now(UTC), time.monotonic()
    cancelled = False

    async def main() -> None:
        nonlocal cancelled
        timeout = httpx.Timeout(connect=10.0, read=read_timeout, write=10.0, pool=60.0)
        async with AfasClient(environment, token, base_url=base_url, language=language, timeout=timeout,
                              max_body_bytes=MAX_BODY_BYTES) as client:
            task = asyncio.create_task(run.run(client))
            watcher = asyncio.create_task(_watch(cancel, task)) if cancel else None
            try:
                await task
            except asyncio.CancelledError:
                cancelled = True
            finally:
                if watcher:
                    watcher.cancel()

    asyncio.run(main())
    if cancelled:
        run.skip_open(_m("skipped.cancelled"))
    checks = tuple(run.results[i] for i in CHECK_IDS)
    return TokenTestReport(environment.key, environment.name, token_name, token.fingerprint, checks,
                           _outcome(checks, cancelled), started.isoformat(timespec="seconds"),
                           time.monotonic() - clock)
