"""A local stand-in of AFAS Profit's REST API (ProfitRestServices), answering as AFAS documents it.

Order of checks, outside in: network faults and latency (the path between client and AFAS), maintenance (503,
AFAS's proxy), IP restriction (403), the token (500 for a plain-text token, 401 otherwise), the blocked App
connector (401), then the endpoint. See afas_scenario.AfasScenario for every knob.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from urllib.parse import parse_qsl

from wizard.core.environment import AfasEnvironment, parse_environment
from wizard.core.getconnectors.definitions import ADMINISTRATIONS_CONNECTOR, ConnectorDefinition, load_definitions
from wizard.standins import afas_query
from wizard.standins.afas_data import shared_data
from wizard.standins.afas_responses import (
    COMMON_HEADERS,
    JSON_CONTENT_TYPE,
    AuthResult,
    check_authorization,
    error_body,
    language,
    maintenance_body,
    send_empty,
    send_json,
)
from wizard.standins.afas_scenario import (
    DEFAULT_ADMINISTRATIONS,
    Administration,
    AfasScenario,
    Fault,
    FaultKind,
    parse_stored_filter,
)
from wizard.standins.exchange import Exchange
from wizard.standins.server import StandinServer

MAX_QUERY_CHARS = 2049  # the query string, from the '?', longer → 404
DEMO_TOKEN_DATA = "DEADBEEF" * 8  # clearly fake; works only against this stand-in
_CONTROL_TYPES = {"int": 2, "decimal": 3, "date": 4, "boolean": 6}  # metainfo controlType; 1 = text (unconfirmed)
_LENGTHS = {"int": 9, "decimal": 15, "date": 10, "boolean": 1, "string": 255}
_KNOWN_LENGTHS = {"AdministrationId": 3, "AdministrationName": 80, "AdministrationCode": 10}  # AFAS's metainfo


def _environment(value: AfasEnvironment | str) -> AfasEnvironment:
    return parse_environment(value) if isinstance(value, str) else value


class AfasProfitStandin(StandinServer):
    """AFAS Profit for one environment, one App connector ("Finstack") and its GetConnectors."""

    name = "afas-standin"
    base_path = "/ProfitRestServices"

    def __init__(
        self,
        environment: AfasEnvironment | str = "O12345AA",
        token_data: str | Iterable[str] = DEMO_TOKEN_DATA,
        administrations: Sequence[Administration] = DEFAULT_ADMINISTRATIONS,
        definitions: Sequence[ConnectorDefinition] | None = None,
        scenario: AfasScenario | None = None,
        seed: int = 12345,
    ) -> None:
        super().__init__()
        self.environment = _environment(environment)
        self.valid_token_data = frozenset([token_data] if isinstance(token_data, str) else token_data)
        self.administrations = tuple(administrations)
        self.definitions = tuple(definitions if definitions is not None else load_definitions())
        self.scenario = scenario or AfasScenario()
        self.data = shared_data(self.administrations, seed)
        self._filter_lock = threading.Lock()
        self._seen_filter = self._effective_filter = self.scenario.stored_administration_filter
        self._filter_changed_at = time.monotonic()

    @property
    def envid(self) -> str:
        """The environment name AFAS reports in metainfo: O12345AA."""
        return self.environment.name if self.environment.suffix else self.environment.name + "AA"

    def definition(self, connector_id: str) -> ConnectorDefinition | None:
        return next((d for d in self.definitions if d.external_name == connector_id), None)

    # -- request handling -------------------------------------------------------------------------------------
    def handle(self, exchange: Exchange) -> None:
        scenario = self.scenario
        if exchange.wait(scenario.latency_seconds):
            exchange.reset()
            return
        relative = self._relative_path(exchange.path)
        if relative is None or len(exchange.query) + 1 > MAX_QUERY_CHARS:
            send_empty(exchange, 404)
            return
        fault = scenario.fault_for(relative)
        if fault is not None:
            self._inject(exchange, fault)
            return
        lang = language(exchange.header("Accept-Language"))
        if scenario.maintenance:
            retry = scenario.maintenance_retry_after
            send_json(exchange, 503, maintenance_body(lang, retry), (("Retry-After", str(retry)),))
            return
        if scenario.ip_restricted:
            send_empty(exchange, 403)
            return
        auth = check_authorization(exchange.header("Authorization"), self.valid_token_data)
        exchange.record.authorization_valid = auth is AuthResult.VALID
        if auth is AuthResult.PLAIN_TEXT:
            send_json(exchange, 500, error_body("plain_text_token", lang))
        elif auth is AuthResult.INVALID or scenario.app_connector_blocked:
            send_empty(exchange, 401)
        else:
            self._route(exchange, relative, lang)

    def _relative_path(self, path: str) -> str | None:
        """The path below /ProfitRestServices (any casing), or None for any other path."""
        prefix = self.base_path.lower()
        lowered = path.lower()
        if lowered == prefix or lowered.startswith(prefix + "/"):
            return path[len(prefix):].strip("/")
        return None

    def _route(self, exchange: Exchange, relative: str, lang: str) -> None:
        parts = relative.split("/")
        head = parts[0].lower()
        if exchange.method != "GET":
            # POST/PUT/DELETE on connectors are UpdateConnectors; this App connector has none.
            if head == "connectors":
                send_json(exchange, 500, error_body("update_not_authorised", lang))
            else:
                send_empty(exchange, 404)
        elif parts == [parts[0]] and head == "metainfo":
            send_json(exchange, 200, self._metainfo())
        elif len(parts) == 3 and head == "metainfo" and parts[1].lower() in ("get", "update"):
            self._connector_metainfo(exchange, parts[1].lower(), parts[2], lang)
        elif len(parts) == 2 and head == "connectors":
            self._connector_rows(exchange, parts[1], lang)
        elif parts == [parts[0]] and head == "profitversion":
            if self.scenario.app_connector_version_enabled:
                send_json(exchange, 200, {"version": self.scenario.profit_version})
            else:
                send_empty(exchange, 401)  # AppConnectorVersion not on the App connector
        else:
            send_empty(exchange, 404)

    def _metainfo(self) -> dict[str, Any]:
        scenario = self.scenario
        return {
            "updateConnectors": [],
            "getConnectors": [
                {"id": d.external_name, "description": d.description}
                for d in self.definitions if scenario.is_callable(d.external_name)
            ],
            "info": {
                "envid": scenario.token_envid or self.envid,
                "appName": scenario.app_name,
                "group": scenario.group or f"AuthorizationGroup 101 ({self.environment.number}.FINSTACK)",
                "tokenExpiry": scenario.token_expiry,
            },
        }

    def _callable_definition(self, connector_id: str) -> ConnectorDefinition | None:
        found = self.definition(connector_id)  # ids are case-sensitive
        return found if found is not None and self.scenario.is_callable(connector_id) else None

    def served_fields(self, definition: ConnectorDefinition) -> list[tuple[str, str, str]]:
        """(served alias, current alias, type) per field, after missing fields and older aliases."""
        missing = set(self.scenario.missing_fields.get(definition.external_name, ()))
        renamed = self.scenario.outdated_aliases.get(definition.external_name, {})
        return [(renamed.get(f.alias, f.alias), f.alias, f.type) for f in definition.fields if f.alias not in missing]

    def _connector_metainfo(self, exchange: Exchange, kind: str, connector_id: str, lang: str) -> None:
        definition = self._callable_definition(connector_id) if kind == "get" else None
        if definition is None:
            key = "not_authorised" if kind == "get" else "update_not_authorised"
            send_json(exchange, 500, error_body(key, lang))
            return
        labels = {f.alias: f.label_nl for f in definition.fields}
        fields = []
        for number, (served, alias, kind_) in enumerate(self.served_fields(definition), start=1):
            fields.append({
                "id": served, "fieldId": f"U{number:03d}", "dataType": kind_, "label": labels[alias],
                "length": _KNOWN_LENGTHS.get(alias, _LENGTHS.get(kind_, 255)),
                "controlType": _CONTROL_TYPES.get(kind_, 1), "decimals": 2 if kind_ == "decimal" else 0,
                "decimalsFieldId": "",
            })
        send_json(exchange, 200, {"name": definition.external_name, "description": definition.description,
                                  "fields": fields})

    def _connector_rows(self, exchange: Exchange, connector_id: str, lang: str) -> None:
        definition = self._callable_definition(connector_id)
        if definition is None:
            send_json(exchange, 500, error_body("not_authorised", lang))
            return
        if connector_id in self.scenario.blocked_connectors:
            send_json(exchange, 500, error_body("blocked", lang))
            return
        params = dict(parse_qsl(exchange.query, keep_blank_values=True))
        fields = self.served_fields(definition)
        kinds = {served: kind for served, _, kind in fields}
        try:
            skip, take = afas_query.parse_paging(params)
            groups = afas_query.parse_filters(params)
            order = afas_query.parse_order(params)
            afas_query.check_fields(kinds, groups, order)
            rows = afas_query.apply(self._visible_rows(definition, fields), kinds, groups, order)
        except afas_query.QueryError as exc:
            send_json(exchange, 500, error_body(exc.key, lang, field=exc.field))
            return
        send_json(exchange, 200, {"skip": skip, "take": take, "rows": afas_query.page(rows, skip, take)})

    def _visible_rows(self, definition: ConnectorDefinition, fields: Sequence[tuple[str, str, str]]) -> list[dict]:
        """The rows the token's user may see: authorised administrations, and the stored filter where set."""
        allowed = self._allowed_administrations(definition)
        return [
            {served: row[alias] for served, alias, _ in fields}
            for row in self.data.rows(definition)
            if allowed is None or row["_admin"] is None or row["_admin"] in allowed
        ]

    def _allowed_administrations(self, definition: ConnectorDefinition) -> frozenset[int] | None:
        authorised = self.scenario.authorised_administrations
        allowed = None if authorised is None else frozenset(authorised)
        if definition.external_name == ADMINISTRATIONS_CONNECTOR:
            stored = parse_stored_filter(self._current_stored_filter())
            if stored is not None:
                allowed = stored if allowed is None else allowed & stored
        return allowed

    def _current_stored_filter(self) -> str | None:
        """The stored filter AFAS applies now: a change takes `filter_cache_seconds` to become active."""
        wanted = self.scenario.stored_administration_filter
        now = time.monotonic()
        with self._filter_lock:
            if wanted != self._seen_filter:
                self._seen_filter, self._filter_changed_at = wanted, now
            if now - self._filter_changed_at >= self.scenario.filter_cache_seconds:
                self._effective_filter = self._seen_filter
            return self._effective_filter

    # -- faults ------------------------------------------------------------------------------------------------
    def _inject(self, exchange: Exchange, fault: Fault) -> None:
        headers = (*COMMON_HEADERS, ("Content-Type", JSON_CONTENT_TYPE))
        if fault.kind is FaultKind.CONNECTION_RESET:
            exchange.reset()
        elif fault.kind is FaultKind.STALLED_BODY:
            exchange.stall(200, headers, length=4096, first_bytes=b'{"skip":0,"take":100,"rows":[')
        elif fault.kind is FaultKind.MALFORMED_JSON:
            exchange.respond(200, b'{"skip":0,"take":100,"rows":[{"AdministrationId":1,"Administra', headers)
        else:
            chunks, length = huge_body(fault.size)
            exchange.stream(200, headers, chunks, length)


def huge_body(size: int) -> tuple[Iterator[bytes], int]:
    """A valid GetConnector JSON body of exactly `size` bytes, produced in 64 KB pieces."""
    prefix, suffix = b'{"skip":0,"take":-1,"rows":[', b"]}"
    row = b'{"AdministrationId":1,"Description":"Verkoopfactuur januari 2025","AmountDebit":1210.0},'
    last = (b'{"AdministrationId":1,"Description":"', b'"}')
    room = size - len(prefix) - len(suffix) - len(last[0]) - len(last[1])
    if room < 0:
        raise ValueError(f"a body needs at least {size - room} bytes")
    count, padding = divmod(room, len(row))
    per_block = 65536 // len(row)

    def chunks() -> Iterator[bytes]:
        yield prefix
        blocks, rest = divmod(count, per_block)
        block = row * per_block
        for _ in range(blocks):
            yield block
        yield row * rest + last[0] + b"x" * padding + last[1] + suffix

    return chunks(), size

