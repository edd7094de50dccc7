"""Taking secrets out of texts: what a server said, what the store and the report write, what the log keeps.

Two lines of defence. The first knows the secret (a token, an API key): every text that comes from a server
loses the secret in each form it travels in (the XML, its data, the Base64 header value, their URL-encoded
forms) and any fragment of MIN_FRAGMENT or more characters of them, in any letter case, because a server that
echoes a header may cut or upper-case it. The second knows no secret: it removes what looks like one (a token's
XML, an `AfasToken …` or `Authorization: …` header, a long hex or Base64 run), for every string written to disk.
"""

from __future__ import annotations

import base64
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import quote

from wizard.core.messages import Message
from wizard.core.token import HEX_RUN, has_letter, looks_like_base64

REDACTED = "[redacted]"
MIN_FRAGMENT = 16
MIN_SHORT_SECRET = 8  # a shorter "secret" would take ordinary words out of every text
REMEMBERED_SECRETS = 32  # the log's registry keeps this many (the tokens and keys of one sitting, and more)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")  # keeps the length
# Only runs of these characters can hold a fragment of a secret; prose is skipped run by run, which is fast.
_SECRET_CHARS = re.compile(r"[A-Za-z0-9+/=<>%_.~-]{" + str(MIN_FRAGMENT) + ",}")

# What looks like a secret without knowing it (the second line).
_TOKEN_XML = re.compile(r"<\s*token\s*>.{0,8192}?<\s*/\s*token\s*>|<\s*data\s*>[^<]{0,8192}(<\s*/\s*data\s*>)?",
                        re.IGNORECASE | re.DOTALL)
_HEADER = re.compile(r"\b(AfasToken|Bearer|Basic)(\s+|%20)[A-Za-z0-9+/=%._~-]{8,}", re.IGNORECASE)
_AUTHORIZATION = re.compile(r"\b(Authorization|X-Api-Key|api[_-]?key)(\"?'?\s*[:=]\s*\"?'?)"
                            r"(?!\[redacted\]|(AfasToken|Bearer|Basic)\b)[^\s\"',;}]+", re.IGNORECASE)
BASE64_RUN = re.compile(r"[A-Za-z0-9+/]{64,}={0,2}")
SHA256 = re.compile(r"[0-9a-f]{64}")


def token_forms(xml: str) -> tuple[str, ...]:
    """Every form an App connector token travels in: its XML, its data, the Base64 header value, URL-encoded."""
    data = xml.split("<data>", 1)[-1].split("</data>", 1)[0]
    header = base64.b64encode(xml.encode("utf-8")).decode("ascii")
    return xml, data, header, quote(header, safe=""), quote(xml, safe="")


class Redactor:
    """Removes known secrets from texts: each form given, and any fragment of MIN_FRAGMENT+ characters of one."""

    def __init__(self, forms: Iterable[str] = ()) -> None:
        self._grams: set[str] = set()
        self._short: set[str] = set()  # forms shorter than a fragment (a short API key): removed whole
        for form in forms:
            self.add(form)

    @classmethod
    def for_token(cls, xml: str, *more: str) -> Redactor:
        return cls([*token_forms(xml), *more])

    def add(self, form: str) -> None:
        lowered = form.translate(_ASCII_LOWER)
        if len(lowered) < MIN_FRAGMENT:
            if len(lowered) >= MIN_SHORT_SECRET:
                self._short.add(lowered)
            return
        self._grams.update(lowered[i:i + MIN_FRAGMENT] for i in range(len(lowered) - MIN_FRAGMENT + 1))

    def __bool__(self) -> bool:
        return bool(self._grams or self._short)

    def __call__(self, text: str) -> str:
        if self._short:
            text = self._remove_short(text)
        if not self._grams or len(text) < MIN_FRAGMENT:
            return text
        spans = self._spans(text)
        return _replace(text, spans) if spans else text

    def _remove_short(self, text: str) -> str:
        for secret in self._short:
            text = re.sub(re.escape(secret), REDACTED, text, flags=re.IGNORECASE)
        return text

    def _spans(self, text: str) -> list[tuple[int, int]]:
        lowered = text.translate(_ASCII_LOWER)
        spans: list[tuple[int, int]] = []
        for run in _SECRET_CHARS.finditer(lowered):
            start, end = run.span()
            for i in range(start, end - MIN_FRAGMENT + 1):
                if lowered[i:i + MIN_FRAGMENT] in self._grams:
                    if spans and spans[-1][1] >= i:
                        spans[-1] = (spans[-1][0], i + MIN_FRAGMENT)
                    else:
                        spans.append((i, i + MIN_FRAGMENT))
        return spans

    def message(self, message: Message | None) -> Message | None:
        """The message with every text parameter redacted (nested messages too)."""
        return message.map_texts(self) if message is not None else None

    def strings(self, value: Any) -> Any:
        """A copy of a JSON-like value with every string (keys too) redacted."""
        return walk_strings(value, self)


def _replace(text: str, spans: list[tuple[int, int]]) -> str:
    pieces, last = [], 0
    for start, end in spans:
        pieces.append(text[last:start])
        pieces.append(REDACTED)
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _looks_like_base64(run: str) -> bool:
    """Base64 as the token field knows it (cases and digits mixed), and few slashes (one in 64 characters of Base64
    on average), as a long POSIX path has many."""
    return looks_like_base64(run) and run.count("/") * 16 <= len(run)


def redact_tokenlike(text: str) -> str:
    """`text` without anything that looks like a token, a key or an Authorization header (the second line)."""
    if len(text) < 8:
        return text
    text = _TOKEN_XML.sub(REDACTED, text)
    text = _HEADER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    text = _AUTHORIZATION.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)
    text = HEX_RUN.sub(lambda m: REDACTED if has_letter(m.group()) else m.group(), text)
    return BASE64_RUN.sub(lambda m: REDACTED if _looks_like_base64(m.group()) else m.group(), text)


def walk_strings(value: Any, redact: Callable[[str], str], keep: Callable[[tuple[str, ...], str], bool] | None = None,
                 path: tuple[str, ...] = ()) -> Any:
    """A copy of a JSON-like value with `redact` applied to every string, mapping keys included; `keep(path, s)`
    may spare a value the program computed itself (a SHA-256 of a file is 64 hex characters, as a token's data)."""
    if isinstance(value, str):
        return value if keep is not None and keep(path, value) else redact(value)
    if isinstance(value, Mapping):
        return {redact(k) if isinstance(k, str) else k: walk_strings(v, redact, keep, (*path, str(k)))
                for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [walk_strings(v, redact, keep, path) for v in value]
    return value


def _computed_digest(path: tuple[str, ...], value: str) -> bool:
    """A file's SHA-256 under gcn_files: the program computed it from the file, no one typed it."""
    return len(path) >= 2 and path[-2] == "gcn_files" and SHA256.fullmatch(value) is not None


def redact_record(data: dict[str, Any]) -> dict[str, Any]:
    """A saved record's fields with token-looking runs removed from every string (the store's second line)."""
    return walk_strings(data, redact_tokenlike, _computed_digest)


class SecretRegistry:
    """The secrets this process has seen (tokens and API keys), for the log's filter: a bounded, thread-safe set
    of redactors, the oldest forgotten first."""

    def __init__(self, size: int = REMEMBERED_SECRETS) -> None:
        self._size = size
        self._known: OrderedDict[int, Redactor] = OrderedDict()
        self._lock = threading.Lock()

    def remember_token(self, xml: str) -> Redactor:
        """Remember a token; its redactor (built once however often the token is used: each one costs a set of
        every 16-character fragment of its four forms)."""
        return self._remember(hash(xml), lambda: Redactor.for_token(xml))

    def remember(self, secret: str) -> None:
        if len(secret) >= MIN_SHORT_SECRET:
            self._remember(hash(secret), lambda: Redactor([secret, quote(secret, safe="")]))

    def _remember(self, key: int, make: Callable[[], Redactor]) -> Redactor:
        with self._lock:
            if key in self._known:
                self._known.move_to_end(key)
                return self._known[key]
            made = self._known[key] = make()
            while len(self._known) > self._size:
                self._known.popitem(last=False)
            return made

    def __call__(self, text: str) -> str:
        """`text` without any remembered secret, then without anything that looks like one."""
        with self._lock:
            redactors = list(self._known.values())
        for redactor in redactors:
            text = redactor(text)
        return redact_tokenlike(text)


SEEN_SECRETS = SecretRegistry()
