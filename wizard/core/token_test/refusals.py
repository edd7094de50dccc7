"""What AFAS's refusals mean: the explanation and fix for a refused metainfo call (401, 403, 429, …) and the
problem of one GetConnector's refused call. Read from the status and, where AFAS says more, from its text (which
the client has already redacted)."""

from __future__ import annotations

import re
from typing import Any

from wizard.core.afas_client import AfasHttpError
from wizard.core.messages import Message

_NOT_AUTHORISED = ("niet ondersteund", "not supported", "niet geautoriseerd", "not authorized", "not authorised")
_BLOCKED = ("geblokkeerd", "blocked")
_EXPIRED = ("verlopen", "expired", "niet meer geldig", "no longer valid")  # words AFAS's texts use for an old token
_IP = re.compile(r"\bip\b|\bip-|adres|address")  # a 403 about an IP restriction says so, when it says anything

_METAINFO_REFUSED = {
    401: ("tokentest.metainfo.401", "tokentest.fix.metainfo_401"),
    403: ("tokentest.metainfo.403", "tokentest.fix.metainfo_403"),
    404: ("tokentest.metainfo.404", "tokentest.fix.metainfo_404"),
    429: ("tokentest.metainfo.429", "tokentest.fix.metainfo_429"),
    500: ("tokentest.metainfo.500", "tokentest.fix.metainfo_500"),
    503: ("tokentest.metainfo.503", "tokentest.fix.metainfo_503"),
}
_METAINFO_OTHER = ("tokentest.metainfo.other", "tokentest.fix.metainfo_other")


def _m(key: str, **params: Any) -> Message:
    return Message(key, params)


def refusal_keys(exc: AfasHttpError) -> tuple[str, str]:
    """The explanation and fix for metainfo's refusal. AFAS's 401 usually has no text; when it says the token
    expired, that is said (a new token is the only way). A 403 is an IP restriction per AFAS, unless its text says
    something else. 429 (too many calls) is not in AFAS's documentation, but a gateway in front may send it."""
    said = exc.external_message.lower()
    if exc.status == 401 and any(word in said for word in _EXPIRED):
        return "tokentest.metainfo.401_expired", "tokentest.fix.metainfo_401_expired"
    if exc.status == 401 and said:
        return "tokentest.metainfo.401_said", "tokentest.fix.metainfo_401"
    if exc.status == 403 and said and not _IP.search(said):
        return "tokentest.metainfo.403_said", "tokentest.fix.metainfo_403_said"
    return _METAINFO_REFUSED.get(exc.status, _METAINFO_OTHER)


def connector_problem(name: str, exc: AfasHttpError) -> Message:
    text = exc.external_message.lower()
    if exc.status == 401 or any(marker in text for marker in _NOT_AUTHORISED):
        return _m("tokentest.answer.unauthorised", name=name)
    if any(marker in text for marker in _BLOCKED):
        return _m("tokentest.answer.blocked", name=name)
    if exc.status == 429:
        return _m("tokentest.answer.too_many", name=name)
    return _m("tokentest.answer.error", name=name, status=exc.status, message=exc.external_message or "-",
              reference=exc.profit_log_reference or "-")
