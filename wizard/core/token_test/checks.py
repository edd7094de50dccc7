"""The checks of the token test, in the order AFAS answers them: the host, metainfo, the environment, the
connectors (present, answering, with Finstack's fields) and the administrations. Each result is reported as
it changes; never more than 8 requests at once.

At AFAS's floor: the connector calls do not depend on metainfo (their names come from Finstack's
definitions), so they start together with it and are interpreted once metainfo is in. A test then costs
⌈requests / 8⌉ round trips instead of one more for metainfo alone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from wizard.core.afas_client import AfasBadResponse, AfasClient, AfasError, AfasHttpError, AfasNetworkError
from wizard.core.environment import AfasEnvironment, EnvironmentType
from wizard.core.getconnectors.definitions import ADMINISTRATION_FIELD, ADMINISTRATIONS_CONNECTOR, ConnectorDefinition
from wizard.core.messages import Language, Message
from wizard.core.redact import Redactor
from wizard.core.token_test.answers import (
    Metainfo,
    read_administration_page,
    read_field_ids,
    read_metainfo,
    read_rows,
)
from wizard.core.token_test.host import host_failed, host_passed
from wizard.core.token_test.refusals import connector_problem, refusal_keys
from wizard.core.token_test.report import CHECK_IDS, CheckResult, CheckStatus, check_titles

PAGE_SIZE = 100
MAX_PAGES = 20  # 999 administrations at most, so 10 pages; the rest is a safety margin
EXPIRY_WARNING = timedelta(days=30)
MAX_BODY_BYTES = 10 * 1024 * 1024  # the answers a token test reads are small; refuse more than this
_METAINFO_BAD = {"too_large": "tokentest.metainfo.too_large", "malformed_json": "tokentest.metainfo.malformed_json"}
_ANSWER_BAD = {"too_large": "tokentest.answer.too_large", "malformed_json": "tokentest.answer.malformed_json"}


def _m(key: str, **params: Any) -> Message:
    return Message(key, params)


def _ids(values: set[int] | list[int]) -> str:
    return ";".join(str(v) for v in sorted(values))


def _not_understood(exc: AfasBadResponse) -> Message:
    return _m("tokentest.not_understood", status=exc.status if exc.status is not None else "-", endpoint=exc.endpoint)


def _bad_answer(exc: AfasBadResponse, keys: dict[str, str], **params: Any) -> Message:
    """too_large and malformed_json in the words of the check; anything else is "not understood"."""
    key = keys.get(exc.reason)
    return _m(key, **params) if key else _not_understood(exc)


@dataclass
class _Calls:
    """The requests of one test, started at once: metainfo first in line for a slot, then every connector."""

    metainfo: asyncio.Task[Metainfo]
    answers: dict[str, asyncio.Task[Message | None]] = field(default_factory=dict)
    fields: dict[str, asyncio.Task[Message | None]] = field(default_factory=dict)
    administrations: asyncio.Task[set[int]] | None = None

    def all(self) -> list[asyncio.Task[Any]]:
        tasks: list[asyncio.Task[Any]] = [self.metainfo, *self.answers.values(), *self.fields.values()]
        return tasks + ([self.administrations] if self.administrations else [])

    def drop_absent(self, present: list[str]) -> None:
        """Stop the calls to connectors metainfo does not list: their answers mean nothing."""
        for tasks in (self.answers, self.fields):
            for name, task in tasks.items():
                if name not in present:
                    task.cancel()

    async def finish(self) -> None:
        """Cancel what still runs and collect every outcome, so no error is left unretrieved."""
        for task in self.all():
            task.cancel()
        await asyncio.gather(*self.all(), return_exceptions=True)


class TokenTestRun:
    """One run: holds the results and reports each change through on_check."""

    def __init__(self, environment: AfasEnvironment, administrations: tuple[int, ...], language: Language,
                 definitions: tuple[ConnectorDefinition, ...], on_check: Callable[[CheckResult], None] | None,
                 redact: Redactor | None = None) -> None:
        self.environment = environment
        self.redact = redact or Redactor()  # the token's: names and texts from AFAS's answers pass it
        self.administrations = administrations
        self.language = language
        self.definitions = {d.external_name: d for d in definitions}
        self.on_check = on_check
        titles = check_titles()
        self.results = {i: CheckResult(i, titles[i], CheckStatus.PENDING) for i in CHECK_IDS}

    def set(self, check_id: str, status: CheckStatus, explanation: Message | None = None, fix: Message | None = None,
            details: dict[str, str] | None = None) -> None:
        # The one way a result is made: whatever AFAS said (an error text, a connector's or field's name) loses
        # the token here, before it is shown, saved or reported.
        result = replace(self.results[check_id], status=status, explanation=self.redact.message(explanation),
                         fix=self.redact.message(fix),
                         details={self.redact(k): self.redact(v) for k, v in (details or {}).items()})
        self.results[check_id] = result
        if self.on_check:
            self.on_check(result)

    def skip_open(self, reason: Message) -> None:
        for check_id, result in self.results.items():
            if result.status in (CheckStatus.PENDING, CheckStatus.RUNNING):
                self.set(check_id, CheckStatus.SKIPPED, reason)

    def stop_at_deadline(self, seconds: float) -> None:
        """The whole test ran out of time: what was running failed for that reason, the rest was not tested."""
        for check_id, result in self.results.items():
            if result.status is CheckStatus.RUNNING:
                self.set(check_id, CheckStatus.FAILED, _m("tokentest.deadline.passed", seconds=f"{seconds:g}"),
                         _m("tokentest.fix.deadline"))
        self.skip_open(_m("tokentest.skipped.after_failure"))

    # -- the checks -----------------------------------------------------------------------------------------

    async def run(self, client: AfasClient) -> None:
        self.set("host", CheckStatus.RUNNING)
        try:
            await client.resolve_host()
        except AfasNetworkError as exc:
            self._host_failed(client.host, exc)
            return
        self.set("metainfo", CheckStatus.RUNNING)
        calls = self._start_calls(client)
        try:
            await self._interpret(client, calls)
        finally:
            await calls.finish()

    def _start_calls(self, client: AfasClient) -> _Calls:
        def start(call: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
            return asyncio.create_task(call)

        calls = _Calls(start(client.get_json("metainfo", read=read_metainfo)))
        for name in self.definitions:
            calls.answers[name] = start(self._answer_outcome(client, name))
            calls.fields[name] = start(self._fields_outcome(client, name))
        if self.administrations and ADMINISTRATIONS_CONNECTOR in self.definitions:
            calls.administrations = start(_all_administration_ids(client))
        return calls

    async def _interpret(self, client: AfasClient, calls: _Calls) -> None:
        try:
            meta = await calls.metainfo
        except AfasNetworkError as exc:
            self._host_failed(client.host, exc)
            return
        except AfasHttpError as exc:
            self._host_passed(client)
            self._metainfo_refused(exc)
            return
        except AfasBadResponse as exc:
            self._host_passed(client)
            self.set("metainfo", CheckStatus.FAILED, _bad_answer(exc, _METAINFO_BAD),
                     _m("tokentest.fix.retry_or_support"))
            self.skip_open(_m("tokentest.skipped.after_failure"))
            return
        self._host_passed(client)
        self.set("metainfo", CheckStatus.PASSED, _m("tokentest.metainfo.passed", count=len(meta.connector_ids)))
        self._environment(meta.info)
        present = self._connectors_present(meta.connector_ids)
        calls.drop_absent(present)
        await asyncio.gather(
            self._per_connector("connectors_answer", present, calls.answers, "tokentest.answer.failed",
                                "tokentest.fix.answer_failed", _m("tokentest.answer.passed", count=len(present))),
            self._per_connector("connector_fields", present, calls.fields, "tokentest.fields.failed",
                                "tokentest.fix.fields_outdated", _m("tokentest.fields.passed")),
            self._administrations(present, calls.administrations),
        )

    def _host_passed(self, client: AfasClient) -> None:
        self.set("host", CheckStatus.PASSED, host_passed(client))

    def _host_failed(self, host: str, exc: AfasNetworkError) -> None:
        self.fail_host(*host_failed(host, self.environment.number, exc))

    def fail_host(self, explanation: Message, fix: Message | None = None) -> None:
        """The first check failed (no answer, or an unusable proxy setting): the others are not tested."""
        self.set("host", CheckStatus.FAILED, explanation, fix)
        self.skip_open(_m("tokentest.skipped.after_failure"))

    def _metainfo_refused(self, exc: AfasHttpError) -> None:
        explanation_key, fix = refusal_keys(exc)
        minutes = max(1, round((exc.retry_after or 0) / 60)) if exc.retry_after else None
        explanation = _m(
            explanation_key, status=exc.status, message=exc.external_message.rstrip(". ") or "-",  # ours ends it
            reference=exc.profit_log_reference or "-", minutes=str(minutes) if minutes else "?",
        )
        # too many calls: wait what AFAS asked, or a minute when it did not say
        self.set("metainfo", CheckStatus.FAILED, explanation, _m(fix, minutes=minutes or 1))
        self.skip_open(_m("tokentest.skipped.after_failure"))

    def _environment(self, info: dict[str, str]) -> None:
        envid = info["envid"].strip()
        facts = dict(info)
        if not envid:
            self.set("environment", CheckStatus.WARNING, _m("tokentest.environment.unknown"), None, facts)
            return
        env = self.environment
        if not env.matches_envid(envid):
            found_type = {"O": "production", "T": "test", "A": "accept"}.get(envid[:1].upper())
            found_label = EnvironmentType(found_type).label if found_type else Message("tokentest.unknown_type")
            self.set("environment", CheckStatus.FAILED,
                     _m("tokentest.environment.mismatch", envid=envid[:40], found_type=found_label, chosen=env.name,
                        chosen_type=env.type.label),
                     _m("tokentest.fix.environment_mismatch", envid=envid[:40], chosen=env.name), facts)
            return
        expiry = facts["tokenExpiry"].strip()
        try:
            expires = _parse_expiry(expiry)
        except ValueError:  # AFAS does not document the format; an unreadable one is unknown, not "never"
            self.set("environment", CheckStatus.WARNING, self._env_passed(envid, facts, _m(
                "tokentest.environment.expiry_unknown", value=expiry[:40])),
                _m("tokentest.fix.token_expiry_unknown"), facts)
            return
        expiry_text = _m("tokentest.environment.no_expiry") if expires is None \
            else _m("tokentest.environment.expires", date=expiry[:10])
        explanation = self._env_passed(envid, facts, expiry_text)
        if expires is not None and expires - datetime.now(UTC) < EXPIRY_WARNING:
            self.set("environment", CheckStatus.WARNING, explanation,
                     _m("tokentest.fix.token_expiring", date=expiry[:10]), facts)
            return
        self.set("environment", CheckStatus.PASSED, explanation, None, facts)

    @staticmethod
    def _env_passed(envid: str, facts: dict[str, str], expiry: Message) -> Message:
        return _m("tokentest.environment.passed", envid=envid, app=facts["appName"] or "-",
                  group=facts["group"] or "-", expiry=expiry)

    def _connectors_present(self, available: frozenset[str]) -> list[str]:
        required = list(self.definitions)
        missing = [name for name in required if name not in available]
        present = [name for name in required if name in available]
        if missing:
            self.set("connectors_present", CheckStatus.FAILED,
                     _m("tokentest.present.missing", names=", ".join(missing), count=len(missing)),
                     _m("tokentest.fix.present_missing"),
                     {name: _m("tokentest.present.missing_one").text(self.language) for name in missing})
        else:
            self.set("connectors_present", CheckStatus.PASSED, _m("tokentest.present.passed", count=len(required)))
        return present

    async def _answer_outcome(self, client: AfasClient, name: str) -> Message | None:
        """None when `name` answers with rows; else what went wrong."""
        order = self.definitions[name].key_fields[0]
        try:
            await client.get_json(f"connectors/{name}", {"skip": 0, "take": 1, "orderbyfieldids": order},
                                  read=read_rows)
        except AfasHttpError as exc:
            return connector_problem(name, exc)
        except AfasNetworkError as exc:
            return _m("tokentest.answer.network", name=name, detail=exc.detail[:120])
        except AfasBadResponse as exc:
            return _bad_answer(exc, _ANSWER_BAD, name=name)
        return None

    async def _fields_outcome(self, client: AfasClient, name: str) -> Message | None:
        """None when `name` has every field Finstack reads; else what is wrong."""
        try:
            aliases = await client.get_json(f"metainfo/get/{name}", read=read_field_ids)
        except AfasBadResponse as exc:
            return _bad_answer(exc, {}) if exc.reason == "not_understood" else \
                _m("tokentest.fields.unreadable", name=name)
        except AfasError:
            return _m("tokentest.fields.unreadable", name=name)
        lacking = [a for a in self.definitions[name].aliases if a not in aliases]
        return _m("tokentest.fields.lacks", name=name, fields=", ".join(lacking)) if lacking else None

    async def _outcomes(self, present: list[str], tasks: dict[str, asyncio.Task[Message | None]]) -> dict[str, str]:
        outcomes = await asyncio.gather(*(tasks[name] for name in present))
        return {name: msg.text(self.language) for name, msg in zip(present, outcomes, strict=True) if msg is not None}

    async def _per_connector(self, check_id: str, present: list[str], tasks: dict[str, asyncio.Task[Message | None]],
                             failed: str, fix: str, passed: Message) -> None:
        """One check over every present connector (their answers, their fields): passed, or the ones that failed."""
        if not present:
            self.set(check_id, CheckStatus.SKIPPED, _m("tokentest.skipped.no_connectors"))
            return
        self.set(check_id, CheckStatus.RUNNING)
        problems = await self._outcomes(present, tasks)
        if problems:
            self.set(check_id, CheckStatus.FAILED, _m(failed, count=len(problems), names=", ".join(problems)),
                     _m(fix), problems)
        else:
            self.set(check_id, CheckStatus.PASSED, passed)

    async def _administrations(self, present: list[str], task: asyncio.Task[set[int]] | None) -> None:
        if ADMINISTRATIONS_CONNECTOR not in present:
            self.set("administrations", CheckStatus.SKIPPED, _m("tokentest.admin.no_connector"))
            return
        if task is None:
            self.set("administrations", CheckStatus.SKIPPED, _m("tokentest.admin.no_filter"))
            return
        self.set("administrations", CheckStatus.RUNNING)
        try:
            found = await task
        except AfasBadResponse as exc:
            if exc.reason != "not_understood":
                self.set("administrations", CheckStatus.SKIPPED, _m("tokentest.admin.unreadable"))
                return
            self.set("administrations", CheckStatus.FAILED, _not_understood(exc), _m("tokentest.fix.retry_or_support"))
            return
        except AfasError:
            self.set("administrations", CheckStatus.SKIPPED, _m("tokentest.admin.unreadable"))
            return
        self._compare_administrations(found)

    def _compare_administrations(self, found: set[int]) -> None:
        wanted = set(self.administrations)
        extra, missing = found - wanted, wanted - found
        if not extra and not missing:
            self.set("administrations", CheckStatus.PASSED, _m("tokentest.admin.passed", ids=_ids(wanted)))
        elif extra and not missing:
            self.set("administrations", CheckStatus.WARNING,
                     _m("tokentest.admin.more", extra=_ids(extra), ids=_ids(wanted)), _m("tokentest.fix.admin_more"))
        elif missing and not extra:
            self.set("administrations", CheckStatus.FAILED, _m("tokentest.admin.fewer", missing=_ids(missing)),
                     _m("tokentest.fix.admin_fewer"))
        else:
            self.set("administrations", CheckStatus.FAILED,
                     _m("tokentest.admin.both", extra=_ids(extra), missing=_ids(missing), ids=_ids(wanted)),
                     _m("tokentest.fix.admin_both"))


async def _all_administration_ids(client: AfasClient) -> set[int]:
    """Every AdministrationId Finstack_Administrations returns, paged in a guaranteed order."""
    found: set[int] = set()
    for page in range(MAX_PAGES):
        ids, rows = await client.get_json(
            f"connectors/{ADMINISTRATIONS_CONNECTOR}",
            {"skip": page * PAGE_SIZE, "take": PAGE_SIZE, "orderbyfieldids": ADMINISTRATION_FIELD},
            read=read_administration_page,
        )
        found |= ids
        if rows < PAGE_SIZE:
            break
    return found


def _parse_expiry(value: str) -> datetime | None:
    """AFAS's tokenExpiry: "0" (or empty) means no end date; otherwise an ISO date (undocumented format).
    ValueError when it is neither."""
    if value in ("", "0"):
        return None
    if not value.isascii():
        raise ValueError(value)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).astimezone(UTC)
    except OverflowError:  # a date at the edge of what datetime holds, moved by its UTC offset
        raise ValueError(value) from None
