"""What AFAS sends back: the Authorization check, the response headers of its OpenAPI, and the error bodies
with their Dutch and English texts.

Texts marked (documented) are quoted from AFAS's troubleshooting pages; the others are our wording for
situations AFAS documents without a text. They never contain the token.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
from enum import Enum
from typing import Any

from wizard.standins.exchange import Exchange

_BASE64 = re.compile(r"^[A-Za-z0-9+/]+={0,2}$")
_HEX = re.compile(r"^[0-9A-Fa-f]+$")
_TOKEN_XML = re.compile(r"^<token><version>(\d+)</version><data>([^<]*)</data></token>$")
PREFIX = "AfasToken "


class AuthResult(Enum):
    VALID = "valid"
    INVALID = "invalid"  # missing, wrong prefix, wrong token, not our environment → 401, empty body
    PLAIN_TEXT = "plain_text"  # the token not Base64-encoded → 500 since Profit 6/7


def check_authorization(header: str | None, valid_data: frozenset[str]) -> AuthResult:
    """Judge the header the way AFAS does: `AfasToken ` + Base64 of exactly <token><version>1</version>…."""
    if header is None or not header.startswith(PREFIX):
        return AuthResult.INVALID
    value = header[len(PREFIX):]
    if value.startswith("<") or not _BASE64.match(value) or len(value) % 4:
        return AuthResult.PLAIN_TEXT
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        decoded = ""
    if not decoded.startswith("<"):
        # The bare hex data value is also valid Base64 text; decoded, it is noise.
        return AuthResult.PLAIN_TEXT if _HEX.match(value) else AuthResult.INVALID
    match = _TOKEN_XML.match(decoded)
    if not match or match.group(1) != "1" or match.group(2) not in valid_data:
        return AuthResult.INVALID  # whitespace inside the XML, only the data encoded, unknown token ...
    return AuthResult.VALID


# -- headers --------------------------------------------------------------------------------------------------
# The headers AFAS's OpenAPI lists on every response (Content-Length and Date are added by the server).
COMMON_HEADERS: tuple[tuple[str, str], ...] = (
    ("Cache-Control", "no-store, no-cache"),
    ("Strict-Transport-Security", "max-age=31536000"),
    ("X-AFAS-Proxy-Stats", "init(0ms), before response(0ms), complete(1ms)"),
    ("X-AFAS-Proxy-Version", "4.3.0.0"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "deny"),
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Allow-Headers", "Content-Type, Accept, Authorization, OnlineSessionId, Accept-Language"),
    ("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS"),
    ("Access-Control-Max-Age", "1728000"),
)
# The OpenAPI shows application/xml with Content-Length 0 on the body-less errors (401/403/404).
EMPTY_CONTENT_TYPE = "application/xml; charset=utf-8"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"


def json_bytes(body: Any) -> bytes:
    # Profit 7 sends compact JSON on one line.
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def send_json(exchange: Exchange, status: int, body: Any, extra: tuple[tuple[str, str], ...] = ()) -> None:
    exchange.respond(status, json_bytes(body), (*COMMON_HEADERS, ("Content-Type", JSON_CONTENT_TYPE), *extra))


def send_empty(exchange: Exchange, status: int) -> None:
    exchange.respond(status, b"", (*COMMON_HEADERS, ("Content-Type", EMPTY_CONTENT_TYPE)))


# -- error bodies ---------------------------------------------------------------------------------------------
MESSAGES: dict[str, dict[str, str]] = {
    "not_authorised": {  # (documented) troubleshooting.md
        "nl": "GetConnector niet ondersteund voor deze app of de gebruiker is niet geautoriseerd",
        "en": "GetConnector not supported for this app or the user is not authorized",
    },
    "update_not_authorised": {
        "nl": "General message: Deze UpdateConnector wordt niet ondersteund of de gebruiker is niet geautoriseerd.",
        "en": "General message: This UpdateConnector is not supported or the user is not authorized.",
    },
    "blocked": {  # (documented) troubleshooting.md, get-connector-geblokkeerd.md
        "nl": "Deze GetConnector (definitie) is geblokkeerd",
        "en": "This GetConnector (definition) is blocked",
    },
    "field_not_found": {  # (documented, English) troubleshooting.md
        "nl": "Connectorveld '{field}' niet gevonden",
        "en": "Connector field '{field}' not found",
    },
    "unexpected": {  # (documented, English) for invalid skip/take
        "nl": "Er is een onverwachte fout opgetreden.",
        "en": "An unexpected error has occurred.",
    },
    "plain_text_token": {
        "nl": "Het token in de Authorization-header moet Base64-gecodeerd zijn: 'AfasToken ' + Base64 van het token.",
        "en": "The token in the Authorization header must be Base64 encoded: 'AfasToken ' + Base64 of the token.",
    },
    "maintenance": {  # (documented, English) the 503 example
        "nl": "De dienst is tijdelijk niet beschikbaar wegens gepland onderhoud. Kijk op afasstatus.nl voor details.",
        "en": "Service temporarily unavailable due to scheduled maintenance. Please check afasstatus.nl for details.",
    },
}
ERROR_NUMBERS = {
    "not_authorised": -2147180996,  # the number seen with the UpdateConnector variant of this message
    "update_not_authorised": -2147180996,
    "unexpected": -2147180999,  # documented for skip=2&take=-1
}
GENERIC_ERROR_NUMBER = -2147024809


def language(accept_language: str | None) -> str:
    """nl-nl/nl-be → Dutch, en-us → English; AFAS defaults to the environment's language (Dutch here).
    We have no French or German texts, so fr-fr/de-de get English."""
    first = (accept_language or "").split(",")[0].strip().lower()
    if not first or first.startswith("nl"):
        return "nl"
    return "en"


def error_body(key: str, lang: str, **params: str) -> dict[str, Any]:
    return {
        "errorNumber": ERROR_NUMBERS.get(key, GENERIC_ERROR_NUMBER),
        "externalMessage": MESSAGES[key][lang].format(**params),
        "profitLogReference": secrets.token_hex(16).upper(),  # 32 hex, as in the environment logbook
    }


def maintenance_body(lang: str, retry_after: int) -> dict[str, Any]:
    return {"error": {"code": "503", "message": MESSAGES["maintenance"][lang]}, "retry_after": retry_after}
