"""AFAS App connector tokens: what people paste, normalised; the Authorization header; no leaks.

A token object never shows its value: repr, str, format, pickling and error texts carry only a short
fingerprint. Code that really needs the value (the keyring, the hand-off copy button) calls reveal().
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from typing import NoReturn

from wizard.core.messages import Message, UserInputError
from wizard.core.pasted_text import normalise_pasted, remove_all_whitespace, strip_wrapping_quotes

_HEX = re.compile(r"^[0-9A-Fa-f]+$")
_VERSION = re.compile(r"[0-9]{1,9}")  # ASCII digits only: str.isdigit() also takes "²" and "١"
_BASE64 = re.compile(r"^[A-Za-z0-9+/]+={0,2}$")
_DATA_CHARS = re.compile(r"^[A-Za-z0-9+/=_-]+$")
_HEADER_PREFIX = re.compile(r"^(Authorization:)?AfasToken", re.IGNORECASE)
# What gives a token away in a field meant for something else: its XML elements, a long hex run (the data
# part is 64 hex characters) or a long Base64 run (the XML form, Base64-encoded as in the header).
_TOKEN_ELEMENT = re.compile(r"<\s*/?\s*(token|data)\s*>", re.IGNORECASE)
HEX_RUN = re.compile(r"[0-9A-Fa-f]{40,}")
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/]{64,}")
EXPECTED_DATA_LENGTH = 64
MAX_TOKEN_CHARS = 8192

FORM_XML = "xml"
FORM_DATA = "data"
FORM_BASE64 = "base64"


class TokenInputError(UserInputError):
    """The pasted token cannot be used. The message never quotes the token."""


def _fail(key: str, **params: str) -> NoReturn:
    raise TokenInputError(Message(key, params))


class AfasToken:
    """A validated App connector token. Holds the canonical XML; shows only a fingerprint."""

    __slots__ = ("__xml", "form", "version", "warnings")

    def __init__(self, version: str, data: str, form: str, warnings: tuple[Message, ...] = ()) -> None:
        self.__xml = f"<token><version>{version}</version><data>{data}</data></token>"
        self.version = version
        self.form = form  # how it was pasted: xml, data or base64
        self.warnings = warnings

    @property
    def fingerprint(self) -> str:
        """Eight hex characters of a SHA-256: enough to tell tokens apart, useless to an attacker."""
        import hashlib  # here, not at the top: OpenSSL's library is loaded when a token is, not at start

        return hashlib.sha256(self.__xml.encode()).hexdigest()[:8]

    def authorization_header(self) -> str:
        """The Authorization header value: 'AfasToken ' + Base64 of the complete XML, as AFAS requires."""
        return "AfasToken " + base64.b64encode(self.__xml.encode("ascii")).decode("ascii")

    def reveal(self) -> str:
        """The full XML token. Only for the keyring and an explicit copy by the user."""
        return self.__xml

    def reveal_data(self) -> str:
        """Only the <data> part, for systems that want the bare value."""
        return self.__xml.split("<data>", 1)[1].split("</data>", 1)[0]

    def __repr__(self) -> str:
        return f"AfasToken(fingerprint={self.fingerprint})"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AfasToken) and other.__xml == self.__xml

    def __hash__(self) -> int:
        return hash(self.__xml)

    def __reduce__(self) -> NoReturn:
        raise TypeError("An AFAS token cannot be pickled or copied to disk.")


def _parse_xml(text: str, form: str) -> AfasToken:
    if not text.isascii():
        # A real token is pure ASCII; this also keeps undecodable input (a lone surrogate from a piped
        # \xff byte) away from the XML parser, which would fail to encode it.
        _fail("token.data_bad_characters")
    if "<!" in text or "<?" in text.replace("<?xml", "", 1):
        # No DOCTYPE, ENTITY or processing instruction: no entity expansion can ever happen.
        _fail("token.xml_declarations")
    import xml.etree.ElementTree as ET  # here, not at the top: the first window parses no token

    try:
        root = ET.fromstring(text)  # noqa: S314 - declarations refused above, so no entities to expand
    except ET.ParseError:
        _fail("token.xml_broken")
    if root.tag != "token":
        _fail("token.xml_wrong_root", tag=root.tag[:20])
    children = {child.tag: (child.text or "") for child in root}
    if "data" not in children or not children["data"].strip():
        _fail("token.xml_no_data")
    unknown = sorted(set(children) - {"version", "data"})
    if unknown:
        _fail("token.xml_unknown_elements", names=", ".join(name[:20] for name in unknown))
    version = children.get("version", "1").strip() or "1"
    if not _VERSION.fullmatch(version):
        _fail("token.xml_bad_version")
    return _from_data(children["data"].strip(), form, version)


def _from_data(data: str, form: str, version: str = "1") -> AfasToken:
    if not _DATA_CHARS.match(data):
        _fail("token.data_bad_characters")
    warnings: tuple[Message, ...] = ()
    if not _HEX.match(data) or len(data) != EXPECTED_DATA_LENGTH:
        warnings = (Message("token.data_unusual", {"length": str(len(data))}),)
    return AfasToken(version, data, form, warnings)


def _decode_base64(text: str) -> str | None:
    if not _BASE64.match(text) or len(text) % 4:
        return None
    try:
        decoded = base64.b64decode(text, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    decoded = remove_all_whitespace(normalise_pasted(decoded))
    # Any XML hidden in Base64 is parsed (and refused with a reason) rather than sent as "data".
    return decoded if decoded.startswith("<") else None


def parse_token(value: str) -> AfasToken:
    """Accept the full XML, the bare data value, or Base64 of the XML (even with 'AfasToken ' in front)."""
    cleaned = remove_all_whitespace(strip_wrapping_quotes(normalise_pasted(value)))
    cleaned = strip_wrapping_quotes(_HEADER_PREFIX.sub("", cleaned))
    if not cleaned:
        _fail("token.empty")
    if len(cleaned) > MAX_TOKEN_CHARS:
        _fail("token.too_long", length=str(len(cleaned)))
    if cleaned.startswith("<"):
        return _parse_xml(cleaned, FORM_XML)
    if _HEX.match(cleaned):
        return _from_data(cleaned, FORM_DATA)
    decoded = _decode_base64(cleaned)
    if decoded is not None:
        return _parse_xml(decoded, FORM_BASE64)
    return _from_data(cleaned, FORM_DATA)


@dataclass(frozen=True)
class TokenCheck:
    """The outcome of checking pasted text, for live feedback under the field."""

    token: AfasToken | None
    error: Message | None

    @property
    def warnings(self) -> tuple[Message, ...]:
        return self.token.warnings if self.token else ()


def check_token(value: str) -> TokenCheck:
    try:
        return TokenCheck(parse_token(value), None)
    except TokenInputError as exc:
        return TokenCheck(None, exc.message)


def has_letter(run: str) -> bool:
    """A run of digits only is a list of numbers (administrations, say), never a token."""
    return not run.isdigit()


def looks_like_base64(run: str) -> bool:
    """Upper case, lower case and digits mixed, as Base64 of a token is and a path or a word is not."""
    return run != run.lower() and run != run.upper() and any(c in "0123456789" for c in run)


def looks_like_token(text: str) -> bool:
    """True when `text` is, or holds, an App connector token: anything parse_token takes as a real token
    (its XML or Base64 form, or 64 hex characters), its XML elements, or a long hex or Base64 run.

    For fields that are not the token field: such a value is never echoed in a message nor saved.
    """
    if _TOKEN_ELEMENT.search(text):
        return True
    if any(has_letter(run) for run in HEX_RUN.findall(text)):
        return True
    if any(looks_like_base64(run) for run in _BASE64_RUN.findall(text)):
        return True
    try:
        token = parse_token(text)
    except TokenInputError:
        return False
    return token.form != FORM_DATA or (not token.warnings and has_letter(token.reveal_data()))
