"""The checks of the token test, in the order AFAS answers them: the host, metainfo, the environment, the
connectors (present, answering, with Finstack's fields) and the administrations. Each result is reported as
it changes; independent checks run concurrently, never more than 8 requests at once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from wizard.core.afas_client import AfasBadResponse, AfasClient, AfasError, AfasHttpError, AfasNetworkError
from wizard.core.environment import AfasEnvironment, EnvironmentType
from wizard.core.getconnectors.definitions import ADMINISTRATION_FIELD, ADMINISTRATIONS_CONNECTOR, ConnectorDefinition
from wizard.core.messages import Language, Message
from wizard.core.token_test.report import CHECK_IDS, CheckResult, CheckStatus, check_titles

PAGE_SIZE = 100
MAX_PAGES = 20  # 999 administrations at most, so 10 pages; the rest is a safety margin
EXPIRY_WARNING = timedelta(days=30)
MAX_BODY_BYTES = 10 * 1024 * 1024  # the answers a token test reads are small; refuse more than this
_NOT_AUTHORISED = ("niet ondersteund", "not supported", "niet geautoriseerd", "not authorized", "not authorised")
_BLOCKED = ("geblokkeerd", "blocked")

# Message keys per failure, written out so every key the code uses can be found in the catalogs.
_HOST_FAILED = {
    "dns": ("tokentest.host.dns", "tokentest.fix.host_dns"),
    "connect": ("tokentest.host.connect", "tokentest.fix.host_connect"),
    "tls": ("tokentest.host.tls", "tokentest.fix.host_tls"),
    "proxy": ("tokentest.host.proxy", "tokentest.fix.host_proxy"),
    "timeout": ("tokentest.host.timeout", "tokentest.fix.host_timeout"),
    "reset": ("tokentest.host.reset", "tokentest.fix.host_reset"),
}
_METAINFO_REFUSED = {
    401: ("tokentest.metainfo.401", "tokentest.fix.metainfo_401"),
    403: ("tokentest.metainfo.403", "tokentest.fix.metainfo_403"),
    404: ("tokentest.metainfo.404", "tokentest.fix.metainfo_404"),
    500: ("tokentest.metainfo.500", "tokentest.fix.metainfo_500"),
    503: ("tokentest.metainfo.503", "tokentest.fix.metainfo_503"),
}
_METAINFO_OTHER = ("tokentest.metainfo.other", "tokentest.fix.metainfo_other")
_METAINFO_BAD = {"too_large": "tokentest.metainfo.too_large", "malformed_json": "tokentest.metainfo.malformed_json"}
_ANSWER_BAD = {"too_large": "tokentest.answer.too_large", "malformed_json": "tokentest.answer.malformed_json"}


def _m(key: str, **params: Any) -> Message:
    return Message(key, params)



def _ids(values: set[int] | list[int]) -> str:
    return ";".join(str(v) for v in sorted(values))


class TokenTestRun:
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
            self.set("host", CheckStatus.PASSED, _m("tokentest.host.passed", host=client.host))
            self._metainfo_refused(exc)
            return
        except AfasBadResponse as exc:
            self.set("host", CheckStatus.PASSED, _m("tokentest.host.passed", host=client.host))
            explanation = _m(_METAINFO_BAD.get(exc.reason, "tokentest.metainfo.malformed_json"))
            self.set("metainfo", CheckStatus.FAILED, explanation, _m("tokentest.fix.retry_or_support"))
            self.skip_open(_m("tokentest.skipped.after_failure"))
            return
        self.set("host", CheckStatus.PASSED, _m("tokentest.host.passed", host=client.host))
        if not isinstance(meta, dict) or not isinstance(meta.get("getConnectors"), list):
            self.set("metainfo", CheckStatus.FAILED, _m("tokentest.metainfo.malformed_json"),
                     _m("tokentest.fix.retry_or_support"))
            self.skip_open(_m("tokentest.skipped.after_failure"))
            return
        available = {str(c.get("id")) for c in meta["getConnectors"] if isinstance(c, dict)}
        self.set("metainfo", CheckStatus.PASSED, _m("tokentest.metainfo.passed", count=len(available)))
        self._environment(meta.get("info") if isinstance(meta.get("info"), dict) else {})
        present = self._connectors_present(available)
        await asyncio.gather(
            self._connectors_answer(client, present),
            self._connector_fields(client, present),
            self._administrations(client, present),
        )

    def _host_failed(self, host: str, exc: AfasNetworkError) -> None:
        explanation, fix = _HOST_FAILED[exc.failure.value]
        self.set("host", CheckStatus.FAILED, _m(explanation, host=host, number=self.environment.number,
                                                detail=exc.detail[:200]), _m(fix))
        self.skip_open(_m("tokentest.skipped.after_failure"))

    def _metainfo_refused(self, exc: AfasHttpError) -> None:
        explanation_key, fix = _METAINFO_REFUSED.get(exc.status, _METAINFO_OTHER)
        minutes = str(max(1, round((exc.retry_after or 0) / 60))) if exc.retry_after else ""
        explanation = _m(
            explanation_key, status=exc.status, message=exc.external_message or "-",
            reference=exc.profit_log_reference or "-", minutes=minutes or "?",
        )
        self.set("metainfo", CheckStatus.FAILED, explanation, _m(fix))
        self.skip_open(_m("tokentest.skipped.after_failure"))

    def _environment(self, info: dict[str, Any]) -> None:
        envid = str(info.get("envid") or "").strip()
        facts = {k: str(info.get(k) or "") for k in ("envid", "appName", "group", "tokenExpiry")}
        if not envid:
            self.set("environment", CheckStatus.WARNING, _m("tokentest.environment.unknown"), None, facts)
            return
        env = self.environment
        if not env.matches_envid(envid):
            found_type = {"O": "production", "T": "test", "A": "accept"}.get(envid[:1].upper())
            found_label = EnvironmentType(found_type).label if found_type else Message("tokentest.unknown_type")
            self.set("environment", CheckStatus.FAILED,
                     _m("tokentest.environment.mismatch", envid=envid, found_type=found_label, chosen=env.name,
                        chosen_type=env.type.label),
                     _m("tokentest.fix.environment_mismatch", envid=envid, chosen=env.name), facts)
            return
        expiry = facts["tokenExpiry"]
        expires = _parse_expiry(expiry)
        expiry_text = _m("tokentest.environment.no_expiry") if expires is None \
            else _m("tokentest.environment.expires", date=expiry[:10])
        explanation = _m("tokentest.environment.passed", envid=envid, app=facts["appName"] or "-",
                         group=facts["group"] or "-", expiry=expiry_text)
        if expires is not None and expires - datetime.now(UTC) < EXPIRY_WARNING:
            self.set("environment", CheckStatus.WARNING, explanation,
                     _m("tokentest.fix.token_expiring", date=expiry[:10]), facts)
            return
        self.set("environment", CheckStatus.PASSED, explanation, None, facts)

    def _connectors_present(self, available: set[str]) -> list[str]:
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

    async def _connectors_answer(self, client: AfasClient, present: list[str]) -> None:
        if not present:
            self.set("connectors_answer", CheckStatus.SKIPPED, _m("tokentest.skipped.no_connectors"))
            return
        self.set("connectors_answer", CheckStatus.RUNNING)

        async def probe(name: str) -> tuple[str, Message | None]:
            order = self.definitions[name].key_fields[0]
            try:
                await client.get_json(f"connectors/{name}", {"skip": 0, "take": 1, "orderbyfieldids": order})
            except AfasHttpError as exc:
                return name, _connector_problem(name, exc)
            except AfasNetworkError as exc:
                return name, _m("tokentest.answer.network", name=name, detail=exc.detail[:120])
            except AfasBadResponse as exc:
                return name, _m(_ANSWER_BAD.get(exc.reason, "tokentest.answer.malformed_json"), name=name)
            return name, None

        outcomes = await asyncio.gather(*(probe(name) for name in present))
        problems = {name: msg.text(self.language) for name, msg in outcomes if msg is not None}
        if problems:
            self.set("connectors_answer", CheckStatus.FAILED,
                     _m("tokentest.answer.failed", count=len(problems), names=", ".join(problems)),
                     _m("tokentest.fix.answer_failed"), problems)
        else:
            self.set("connectors_answer", CheckStatus.PASSED, _m("tokentest.answer.passed", count=len(present)))

    async def _connector_fields(self, client: AfasClient, present: list[str]) -> None:
        if not present:
            self.set("connector_fields", CheckStatus.SKIPPED, _m("tokentest.skipped.no_connectors"))
            return
        self.set("connector_fields", CheckStatus.RUNNING)

        async def fields_of(name: str) -> tuple[str, Message | None]:
            try:
                meta = await client.get_json(f"metainfo/get/{name}")
            except AfasError:
                return name, _m("tokentest.fields.unreadable", name=name)
            aliases = {str(f.get("id")) for f in meta.get("fields", []) if isinstance(f, dict)} \
                if isinstance(meta, dict) else set()
            lacking = [a for a in self.definitions[name].aliases if a not in aliases]
            return name, _m("tokentest.fields.lacks", name=name, fields=", ".join(lacking)) if lacking else None

        outcomes = await asyncio.gather(*(fields_of(name) for name in present))
        problems = {name: msg.text(self.language) for name, msg in outcomes if msg is not None}
        if problems:
            self.set("connector_fields", CheckStatus.FAILED,
                     _m("tokentest.fields.failed", count=len(problems), names=", ".join(problems)),
                     _m("tokentest.fix.fields_outdated"),
                     problems)
        else:
            self.set("connector_fields", CheckStatus.PASSED, _m("tokentest.fields.passed"))

    async def _administrations(self, client: AfasClient, present: list[str]) -> None:
        if ADMINISTRATIONS_CONNECTOR not in present:
            self.set("administrations", CheckStatus.SKIPPED, _m("tokentest.admin.no_connector"))
            return
        if not self.administrations:
            self.set("administrations", CheckStatus.SKIPPED, _m("tokentest.admin.no_filter"))
            return
        self.set("administrations", CheckStatus.RUNNING)
        try:
            found = await _all_administration_ids(client)
        except AfasError:
            self.set("administrations", CheckStatus.SKIPPED, _m("tokentest.admin.unreadable"))
            return
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
        return _m("tokentest.answer.unauthorised", name=name)
    if any(marker in text for marker in _BLOCKED):
        return _m("tokentest.answer.blocked", name=name)
    return _m("tokentest.answer.error", name=name, status=exc.status, message=exc.external_message or "-",
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
