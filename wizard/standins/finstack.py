"""A local stand-in of the Finstack source API this project defines (docs/finstack-source-api.md).

It keeps received sources (with their token) in memory only, for tests to inspect; nothing is logged, and a
ReceivedSource's repr leaves the token out. Fault knobs: fail_next(), drop_next_response(), latency_seconds.
"""

from __future__ import annotations

import hmac
import json
import re
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from wizard.standins.exchange import Exchange
from wizard.standins.server import StandinServer

CREATE_PATH = "/v1/sources/afas"
SOURCE_PATH = re.compile(r"^/v1/sources/(src_[0-9a-f]{24})$")
TOKEN_PATH = re.compile(r"^/v1/sources/(src_[0-9a-f]{24})/token$")
ENVIRONMENT = re.compile(r"^([OTA])([0-9]{4,6})([A-Z]{2})$")
NUMBER = re.compile(r"^[0-9]{4,6}$")
TOKEN_XML = re.compile(r"^<token><version>[0-9]+</version><data>[A-Za-z0-9+/=_-]{1,4096}</data></token>$")
TYPE_LETTERS = {"production": "O", "test": "T", "accept": "A"}
FIELDS = ("environment", "environment_number", "environment_type", "token_name", "token_value")
TOKEN_FIELDS = ("token_name", "token_value")
MAX_TOKEN_NAME = 100
_ERROR_CODES = {429: "rate_limited", 500: "internal_error", 503: "service_unavailable"}


@dataclass
class ReceivedSource:
    """A source as Finstack stored it. The token stays in memory and out of repr."""

    id: str
    environment: str
    environment_number: str
    environment_type: str
    token_name: str
    token_value: str = field(repr=False)
    idempotency_key: str
    created_at: str
    status: str = "pending"
    created: float = field(default_factory=time.monotonic, repr=False)
    token_replaced: bool = False  # a renewed token was put in (PUT /v1/sources/{id}/token)

    def public(self) -> dict[str, Any]:
        """The API representation: never the token."""
        return {
            "id": self.id, "status": self.status, "environment": self.environment,
            "environment_type": self.environment_type, "token_name": self.token_name, "created_at": self.created_at,
        }


@dataclass
class _Reply:
    status: int
    body: dict[str, Any]
    headers: tuple[tuple[str, str], ...] = ()


def _error(status: int, code: str, message: str, **extra: Any) -> _Reply:
    return _Reply(status, {"error": {"code": code, "message": message, **extra}})


def _wrong_method(allowed: str) -> _Reply:
    return _Reply(405, {"error": {"code": "method_not_allowed", "message": f"Use {allowed}."}}, (("Allow", allowed),))


def validate(body: dict[str, Any], fields: tuple[str, ...] = FIELDS) -> dict[str, list[str]]:
    """Field errors of a create request (or, with TOKEN_FIELDS, of a token replacement); empty when valid."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for name in fields:
        if name not in body:
            add(name, "This field is required.")
        elif not isinstance(body[name], str):
            add(name, "Must be a string.")
    for name in sorted(set(body) - set(fields)):
        add(name, "Unknown field.")
    environment = body.get("environment")
    match = ENVIRONMENT.match(environment) if isinstance(environment, str) else None
    if isinstance(environment, str) and not match:
        add("environment", "Must be an AFAS environment name such as O12345AA.")
    number = body.get("environment_number")
    if isinstance(number, str):
        if not NUMBER.match(number):
            add("environment_number", "Must be the 4 to 6 digits of the environment, such as 12345.")
        elif match and match.group(2) != number:
            add("environment_number", "Does not match the digits of environment.")
    kind = body.get("environment_type")
    if isinstance(kind, str):
        if kind not in TYPE_LETTERS:
            add("environment_type", "Must be one of production, test, accept.")
        elif match and match.group(1) != TYPE_LETTERS[kind]:
            add("environment_type", "Does not match the first letter of environment (O, T or A).")
    name = body.get("token_name")
    if isinstance(name, str) and not (0 < len(name.strip()) <= MAX_TOKEN_NAME):
        add("token_name", f"Must be 1 to {MAX_TOKEN_NAME} characters.")
    token = body.get("token_value")
    if isinstance(token, str) and not TOKEN_XML.match(token):
        add("token_value", "Must be the complete AFAS token: <token><version>1</version><data>…</data></token>.")
    return errors


def _fingerprint(body: dict[str, Any]) -> str:
    return json.dumps(body, sort_keys=True, separators=(",", ":"))


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class FinstackStandin(StandinServer):
    """Finstack's source API on 127.0.0.1. `base_url` has no path: the API lives under /v1."""

    name = "finstack-standin"

    def __init__(self, api_key: str = "demo-finstack-api-key", availability_delay: float = 0.0,
                 final_status: str = "available") -> None:
        super().__init__()
        self._api_key = api_key
        self.availability_delay = availability_delay  # seconds before a GET shows the source as final_status
        self.final_status = final_status  # "available", or "failed" for a source Finstack could not read
        self.latency_seconds = 0.0
        self._state = threading.Lock()
        self._sources: dict[str, ReceivedSource] = {}
        self._replies: dict[str, tuple[str, _Reply]] = {}  # idempotency key → (request fingerprint, reply)
        self._failures: list[tuple[int, int | None]] = []
        self._drops = 0

    # -- knobs and inspection -----------------------------------------------------------------------------------
    @property
    def sources(self) -> list[ReceivedSource]:
        """Every source created so far, oldest first."""
        with self._state:
            return list(self._sources.values())

    def fail_next(self, count: int, status: int, retry_after: int | None = None) -> None:
        """Answer the next `count` requests with `status` (429, 500, 503) before looking at them.
        retry_after=None sends no Retry-After header, to test a client's own back-off."""
        if status not in _ERROR_CODES:
            raise ValueError(f"fail_next supports {sorted(_ERROR_CODES)}, not {status}")
        with self._state:
            self._failures.extend([(status, retry_after)] * count)

    def drop_next_response(self, count: int = 1) -> None:
        """Process the next `count` requests fully (a POST commits its source), then reset the connection."""
        with self._state:
            self._drops += count

    # -- request handling ---------------------------------------------------------------------------------------
    def handle(self, exchange: Exchange) -> None:
        if exchange.wait(self.latency_seconds):
            exchange.reset()
            return
        reply = self._injected_failure() or self._process(exchange)
        with self._state:
            drop = self._drops > 0
            self._drops -= drop
        if drop:
            exchange.reset()
            return
        headers = (("Content-Type", "application/json"), ("Cache-Control", "no-store"), *reply.headers)
        exchange.respond(reply.status, json.dumps(reply.body).encode("utf-8"), headers)

    def _injected_failure(self) -> _Reply | None:
        with self._state:
            if not self._failures:
                return None
            status, retry_after = self._failures.pop(0)
        reply = _error(status, _ERROR_CODES[status], {
            429: "Too many requests. Retry after the number of seconds in Retry-After.",
            500: "An internal error occurred. Retry later.",
            503: "Finstack is temporarily unavailable. Retry after the number of seconds in Retry-After.",
        }[status])
        if retry_after is not None:
            reply.headers = (("Retry-After", str(retry_after)),)
        return reply

    def _process(self, exchange: Exchange) -> _Reply:
        source_match = SOURCE_PATH.match(exchange.path)
        if exchange.path != CREATE_PATH and not source_match and not exchange.path.startswith("/v1/sources/"):
            return _error(404, "not_found", "No such endpoint.")
        token_match = TOKEN_PATH.match(exchange.path)
        authorised = self._authorised(exchange.header("Authorization"))
        exchange.record.authorization_valid = authorised
        if not authorised:
            return _error(401, "unauthorized", "Missing or invalid API key. Send 'Authorization: Bearer <key>'.")
        if exchange.path == CREATE_PATH:
            if exchange.method != "POST":
                return _wrong_method("POST")
            return self._create(exchange)
        if token_match:
            if exchange.method != "PUT":
                return _wrong_method("PUT")
            return self._replace_token(exchange, token_match.group(1))
        if exchange.method != "GET":
            return _wrong_method("GET")
        return self._get(source_match.group(1) if source_match else "")

    def _authorised(self, header: str | None) -> bool:
        if not header or not header.startswith("Bearer "):
            return False
        return hmac.compare_digest(header[len("Bearer "):].encode(), self._api_key.encode())

    @staticmethod
    def _keyed_json(exchange: Exchange) -> tuple[str, dict[str, Any]] | _Reply:
        """The Idempotency-Key and the JSON object of a request that changes something, or the error reply."""
        key = exchange.header("Idempotency-Key")
        if not key:
            return _error(400, "idempotency_key_missing", "The Idempotency-Key header is required (a UUID).")
        try:
            uuid.UUID(key)
        except ValueError:
            return _error(400, "idempotency_key_invalid", "The Idempotency-Key header must be a UUID.")
        content_type = (exchange.header("Content-Type") or "").split(";")[0].strip().lower()
        if content_type != "application/json":
            return _error(415, "unsupported_media_type", "Send the body as application/json.")
        try:
            body = json.loads(exchange.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return _error(400, "invalid_json", "The body is not valid JSON.")
        if not isinstance(body, dict):
            return _error(400, "invalid_json", "The body must be a JSON object.")
        return key, body

    def _replayed(self, key: str, fingerprint: str) -> _Reply | None:
        """The first answer to `key` (a retry), 422 when the key came with another body, None when it is new.
        Called with the state lock held."""
        if key not in self._replies:
            return None
        first, reply = self._replies[key]
        if first != fingerprint:
            return _error(422, "idempotency_key_reused", "This Idempotency-Key was used with a different request body.")
        return _Reply(200, reply.body, reply.headers)

    def _replace_token(self, exchange: Exchange, source_id: str) -> _Reply:
        request = self._keyed_json(exchange)
        if isinstance(request, _Reply):
            return request
        key, body = request
        fingerprint = "token " + source_id + " " + _fingerprint(body)
        with self._state:
            replayed = self._replayed(key, fingerprint)
            if replayed is not None:
                return replayed
            source = self._sources.get(source_id)
            if source is None:
                return _error(404, "not_found", "No source with this id.")
            errors = validate(body, TOKEN_FIELDS)
            if errors:
                return _error(422, "validation_failed", "Some fields are not valid.", fields=errors)
            source.token_name, source.token_value = body["token_name"], body["token_value"]
            source.status, source.created, source.token_replaced = "pending", time.monotonic(), True
            reply = _Reply(200, source.public())
            self._replies[key] = (fingerprint, reply)
            return reply

    def _create(self, exchange: Exchange) -> _Reply:
        request = self._keyed_json(exchange)
        if isinstance(request, _Reply):
            return request
        key, body = request
        fingerprint = _fingerprint(body)
        with self._state:  # one create at a time: a replayed key must see the first request's outcome
            replayed = self._replayed(key, fingerprint)
            if replayed is not None:
                return replayed
            errors = validate(body)
            if errors:
                return _error(422, "validation_failed", "Some fields are not valid.", fields=errors)
            existing = next((s for s in self._sources.values() if s.environment_number == body["environment_number"]
                             and s.environment_type == body["environment_type"]), None)
            if existing is not None:
                return _error(409, "source_exists", "A source for this AFAS environment already exists.",
                              source_id=existing.id)
            source = ReceivedSource(
                id="src_" + secrets.token_hex(12), environment=body["environment"],
                environment_number=body["environment_number"], environment_type=body["environment_type"],
                token_name=body["token_name"], token_value=body["token_value"], idempotency_key=key,
                created_at=_now_iso(),
            )
            self._sources[source.id] = source
            reply = _Reply(201, source.public(), (("Location", f"/v1/sources/{source.id}"),))
            self._replies[key] = (fingerprint, reply)
            return reply

    def _get(self, source_id: str) -> _Reply:
        with self._state:
            source = self._sources.get(source_id)
            if source is None:
                return _error(404, "not_found", "No source with this id.")
            if source.status == "pending" and time.monotonic() - source.created >= self.availability_delay:
                source.status = self.final_status
            return _Reply(200, source.public())
