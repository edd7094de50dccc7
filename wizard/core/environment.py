"""What people paste as their AFAS environment, turned into a number, a type and the REST base URL.

Safety rule: the host of every request is rebuilt from the digits and the type only, so nothing a user
types can point the wizard at any host but {number}.rest|resttest|restaccept.afas.online.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from urllib.parse import urlsplit

from wizard.core.messages import Message, UserInputError
from wizard.core.pasted_text import normalise_pasted, strip_wrapping_quotes
from wizard.core.token import looks_like_token

_TYPE_LABELS = {"production": "envtype.production", "test": "envtype.test", "accept": "envtype.accept"}


class EnvironmentInputError(UserInputError):
    """The environment text cannot be understood; the message says why and shows a right example."""


class EnvironmentType(Enum):
    PRODUCTION = "production"
    TEST = "test"
    ACCEPT = "accept"

    @property
    def letter(self) -> str:
        return {"production": "O", "test": "T", "accept": "A"}[self.value]

    @property
    def label(self) -> Message:
        """The type's name in the user's language."""
        return Message(_TYPE_LABELS[self.value])

    @property
    def host_label(self) -> str:
        return {"production": "rest", "test": "resttest", "accept": "restaccept"}[self.value]

    @classmethod
    def from_text(cls, value: str) -> EnvironmentType:
        """Accept 'production', 'test', 'accept', their Dutch names and the letters O/T/A."""
        key = value.strip().lower()
        aliases = {
            "o": cls.PRODUCTION, "p": cls.PRODUCTION, "prod": cls.PRODUCTION, "productie": cls.PRODUCTION,
            "production": cls.PRODUCTION, "t": cls.TEST, "test": cls.TEST, "a": cls.ACCEPT,
            "accept": cls.ACCEPT, "acceptatie": cls.ACCEPT, "acceptance": cls.ACCEPT,
        }
        if key not in aliases:
            raise EnvironmentInputError(Message("environment.type_unknown", {"value": value.strip()[:40]}))
        return aliases[key]


TYPE_SOURCE_NAME = "name"  # first letter of O12345AA
TYPE_SOURCE_HOST = "host"  # rest / resttest / restaccept
TYPE_SOURCE_EXPLICIT = "explicit"
TYPE_SOURCE_DEFAULT = "default"

# ASCII digits only ([0-9], not \d, which matches every script's digits): the host is built from these.
_NAME = re.compile(r"^([A-Za-z])([0-9]+)([A-Za-z]{2})$")
_DIGITS = re.compile(r"^[0-9]+$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_AFAS_HOST = re.compile(r"^([0-9]+)\.(rest|soap)(test|accept|cursus)?\.afas\.online$")
_LEGACY_HOST = re.compile(r"^([0-9]+)\.afasonlineconnector\.nl$")
_HOST_TYPES = {None: EnvironmentType.PRODUCTION, "test": EnvironmentType.TEST, "accept": EnvironmentType.ACCEPT}
EXPECTED_DIGITS = 5


@dataclass(frozen=True)
class AfasEnvironment:
    """An AFAS Online environment: participant number plus environment type (and the name, when known)."""

    number: str
    type: EnvironmentType
    suffix: str | None = None  # the two letters of O12345AA: they pick one environment, not a host
    type_source: str = TYPE_SOURCE_DEFAULT
    warnings: tuple[Message, ...] = field(default=(), compare=False)

    @property
    def host(self) -> str:
        return f"{self.number}.{self.type.host_label}.afas.online"

    @property
    def base_url(self) -> str:
        return f"https://{self.host}/ProfitRestServices"

    @property
    def name(self) -> str:
        """The environment name as AFAS writes it (O12345AA), or type letter + number when unknown."""
        return f"{self.type.letter}{self.number}{self.suffix or ''}"

    @property
    def key(self) -> str:
        """Stable identity for the keyring and saved state: type and number."""
        return f"{self.type.value}:{self.number}"

    def matches_envid(self, envid: str) -> bool:
        """True when AFAS's info.envid (e.g. O12345AA) is this environment's type and number."""
        match = _NAME.match(envid.strip())
        if not match:
            return False
        letter, digits, suffix = match.groups()
        same = letter.upper() == self.type.letter and digits == self.number
        return same and (self.suffix is None or suffix.upper() == self.suffix)


def _error(key: str, **params: str | Message) -> EnvironmentInputError:
    return EnvironmentInputError(Message(key, params))


def _check_number(digits: str) -> tuple[Message, ...]:
    if len(digits) < 4 or len(digits) > 6:
        raise _error("environment.number_length", digits=digits[:12], count=str(len(digits)))
    if len(digits) != EXPECTED_DIGITS:
        return (Message("environment.number_unusual", {"digits": digits}),)
    return ()


def _from_name(value: str) -> tuple[str, EnvironmentType, str]:
    match = _NAME.match(value)
    assert match
    letter, digits, suffix = match.groups()
    letter = letter.upper()
    if letter not in "OTA":
        raise _error("environment.bad_letter", letter=letter, value=value[:20])
    return digits, EnvironmentType.from_text(letter), suffix.upper()


def _from_host(host: str) -> tuple[str, EnvironmentType | None, tuple[Message, ...]]:
    host = host.lower().rstrip(".")
    match = _AFAS_HOST.match(host)
    if match:
        digits, _, kind = match.groups()
        if kind == "cursus":
            raise _error("environment.cursus_not_supported", host=host)
        return digits, _HOST_TYPES[kind], ()
    legacy = _LEGACY_HOST.match(host)
    if legacy:
        return legacy.group(1), None, (Message("environment.legacy_host", {"host": host, "number": legacy.group(1)}),)
    raise _error("environment.unknown_host", host=host[:80])


def _hostname(url: str, typed: str) -> str:
    try:
        # urlsplit's hostname drops user info, so 12345.rest.afas.online@evil.example is rejected later.
        return urlsplit(url).hostname or ""
    except ValueError:  # characters urlsplit refuses (NFKC look-alikes of / ? # @ :, say)
        raise _error("environment.unknown_host", host=typed[:80]) from None


def _split_host(value: str) -> str | None:
    """The host of a pasted URL or bare host name, or None when the text is not one."""
    if _SCHEME.match(value):
        if value.split("://", 1)[0].lower() not in ("http", "https"):
            raise _error("environment.unknown_host", host=value[:80])
        return _hostname(value, value)
    if "." in value or "/" in value:
        return _hostname("https://" + value, value)
    return None


def _refuse_unusable(typed: str, cleaned: str) -> None:
    """Input that is no environment for a reason worth its own message, checked before anything is parsed."""
    if looks_like_token(typed):
        raise _error("environment.looks_like_token")  # and the value is never shown back
    if "[" in cleaned or "]" in cleaned:
        raise _error("environment.brackets")
    # Digits of other scripts (١٢٣, full-width １２３, 𝟏𝟐𝟑) are refused, not normalised: the host and the
    # keyring key are built from ASCII only, and a number that merely looks right should be typed again.
    if any(c.isdigit() and not c.isascii() for c in cleaned):
        raise _error("environment.digits_not_ascii", value=cleaned[:40])


def parse_environment(value: str, explicit_type: EnvironmentType | str | None = None) -> AfasEnvironment:
    """Understand O12345AA, 12345, a REST host or URL. Raises EnvironmentInputError with a clear message."""
    if isinstance(explicit_type, str):
        explicit_type = EnvironmentType.from_text(explicit_type)
    cleaned = strip_wrapping_quotes(normalise_pasted(value)).replace(" ", "")
    if not cleaned:
        raise _error("environment.empty")
    _refuse_unusable(value, cleaned)
    suffix: str | None = None
    found_type: EnvironmentType | None = None
    source = TYPE_SOURCE_DEFAULT
    warnings: tuple[Message, ...] = ()
    host = _split_host(cleaned)
    if host is not None:
        digits, found_type, warnings = _from_host(host)
        source = TYPE_SOURCE_HOST
    elif _NAME.match(cleaned):
        digits, found_type, suffix = _from_name(cleaned)
        source = TYPE_SOURCE_NAME
    elif _DIGITS.match(cleaned):
        digits = cleaned
    else:
        raise _error("environment.unrecognised", value=cleaned[:40])
    warnings += _check_number(digits)
    if found_type is None:
        found_type, source = explicit_type or EnvironmentType.PRODUCTION, (
            TYPE_SOURCE_EXPLICIT if explicit_type else TYPE_SOURCE_DEFAULT
        )
    elif explicit_type is not None and explicit_type != found_type:
        raise _error(
            "environment.type_conflict", value=cleaned[:60], found=found_type.label, chosen=explicit_type.label
        )
    return AfasEnvironment(digits, found_type, suffix, source, warnings)
