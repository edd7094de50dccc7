"""The low-level encodings inside a `.gcn` export: the little-endian OLE/Delphi Variant stream (the outer array
and version 5's payload), the `@`-separated text of version 7 and the base64 token stream of version 8.

Companion of wizard.core.getconnectors.gcn, which reads the outer array, the embedded ZIP and the logical content; every
failure here is a GcnError of kind CORRUPT or TRUNCATED.
"""

from __future__ import annotations

import base64
import binascii
import enum
import struct
from collections.abc import Callable
from typing import Any

from wizard.core.file_names import shown_message
from wizard.core.messages import Message, UserInputError

MAX_DEPTH = 16  # nested arrays; real files nest two deep
_V8_MAGIC = bytes.fromhex("15d283e7cbb8074faa8a7065d8a6ddbb")


class GcnErrorKind(enum.Enum):
    NOT_A_GETCONNECTOR = "not_a_getconnector"
    TRUNCATED = "truncated"
    TEXT_CONVERTED = "text_converted"
    UNSUPPORTED_VERSION = "unsupported_version"
    CORRUPT = "corrupt"
    UNREADABLE = "unreadable"  # the file itself could not be opened


class GcnError(UserInputError):
    """A file that is not a readable GetConnector export; `kind` says why, the message says it to a person (with any
    name in it escaped: file_names.shown_message)."""

    def __init__(self, kind: GcnErrorKind, key: str, **params: Any) -> None:
        super().__init__(shown_message(Message(key, params)))
        self.kind = kind


def detached(error: GcnError) -> GcnError:
    """`error` without its traceback and the exceptions it replaced. Kept in a finding, their frames would keep the
    reader's locals alive: the inflated content of the file, up to its payload limit, for every file of a bundle."""
    error.__traceback__ = error.__context__ = error.__cause__ = None
    return error


def corrupt(key: str, **params: Any) -> GcnError:
    return GcnError(GcnErrorKind.CORRUPT, key, **params)


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# ------------------------------------------------------------------------------ Variant stream (outer, v5)


class OleDate(float):
    """A Variant of type VT_DATE, kept apart from plain doubles."""


_STRUCTS: dict[str, struct.Struct] = {}


class Cursor:
    """Reads little-endian values from bytes; running out raises the error `short` makes."""

    def __init__(self, data: bytes, short: Callable[[], GcnError]) -> None:
        self.data, self.pos, self.short = data, 0, short

    def take(self, size: int) -> bytes:
        if size < 0 or self.pos + size > len(self.data):
            raise self.short()
        chunk = self.data[self.pos:self.pos + size]
        self.pos += size
        return chunk

    def unpack(self, fmt: str) -> Any:
        layout = _STRUCTS.get(fmt) or _STRUCTS.setdefault(fmt, struct.Struct(fmt))
        if self.pos + layout.size > len(self.data):
            raise self.short()
        value = layout.unpack_from(self.data, self.pos)[0]
        self.pos += layout.size
        return value

    @property
    def remaining(self) -> int:
        return len(self.data) - self.pos


_VT_SCALARS = {0x02: "<h", 0x03: "<i", 0x04: "<f", 0x05: "<d", 0x11: "<B", 0x12: "<H", 0x13: "<I", 0x14: "<q"}


def read_variant(cur: Cursor, depth: int = 0) -> Any:
    """One Variant: 2-byte type, then its data. Strings are a 2-byte length and single-byte characters."""
    vt = cur.unpack("<H")
    if vt in (0x00, 0x01):  # empty, null
        return None
    if vt in _VT_SCALARS:
        return cur.unpack(_VT_SCALARS[vt])
    if vt == 0x07:
        return OleDate(cur.unpack("<d"))
    if vt == 0x08:
        return _single_byte_text(cur.take(cur.unpack("<H")))
    if vt == 0x0B:
        return cur.unpack("<h") != 0
    if vt == 0x2011:
        return cur.take(array_count(cur))
    if vt == 0x200C:
        if depth >= MAX_DEPTH:
            raise corrupt("gcn.corrupt_structure")
        count = array_count(cur)
        if count > cur.remaining // 2:  # every element takes at least its 2-byte type
            raise cur.short()
        return [read_variant(cur, depth + 1) for _ in range(count)]
    raise corrupt("gcn.corrupt_value_type", type=f"0x{vt:04X}")


def array_count(cur: Cursor) -> int:
    dims, count, _lbound = cur.unpack("<H"), cur.unpack("<i"), cur.unpack("<i")
    if dims != 1 or count < 0:
        raise corrupt("gcn.corrupt_structure")
    return count


def _single_byte_text(raw: bytes) -> str:
    # Windows-1252 is Profit's single-byte code page; its five unassigned bytes fall back to Latin-1.
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


# ----------------------------------------------------------------------------- ExternalData, 3 encodings


class _Ticks(int):
    """A .NET DateTime.ToBinary() value (version 8)."""


_ESCAPES = {"A": "~", "B": "@", "-": "\r", "*": "\n", ")": "\t"}


def _unescape(text: str) -> str:
    """Undo one level of Profit's `~` escaping (`~B` is `@`, `~A` is `~`, so `~AB` becomes `~B`)."""
    if "~" not in text:
        return text
    out: list[str] = []
    parts = iter(text)
    for char in parts:
        if char != "~":
            out.append(char)
            continue
        code = next(parts, "")
        if code not in _ESCAPES:
            raise corrupt("gcn.corrupt_payload")
        out.append(_ESCAPES[code])
    return "".join(out)


def text_token(token: str) -> Any:
    """One scalar of the `@` notation: D<hex int>, C<hex int>, I<text>, L/L1, A (null), H <OLE date>."""
    kind, rest = token[:1], token[1:]
    try:
        if kind in ("D", "C"):
            return int(rest, 16)
        if kind == "I":
            return _unescape(rest)
        if kind == "L" and rest in ("", "1"):
            return rest == "1"
        if kind == "A" and not rest:
            return None
        if kind == "H":
            return OleDate(float(rest))
    except ValueError:
        pass
    raise corrupt("gcn.corrupt_payload")


def _token_tree(next_scalar: Callable[[], Any], depth: int = 0) -> Any:
    """Versions 7 and 8 share a tree: each element is tag 0 and a scalar, or tag 1, a high bound, a type
    and (high bound + 1) elements.

    A plain recursive function, not a closure that calls itself: such a closure is a reference cycle, which only
    the cyclic garbage collector frees, and it would keep the payload's tokens (tens of MB) alive until then."""
    tag = next_scalar()
    if tag == 0:
        return next_scalar()
    if tag != 1 or depth >= MAX_DEPTH:
        raise corrupt("gcn.corrupt_payload")
    high, _type = next_scalar(), next_scalar()
    if not is_int(high) or high < -1:
        raise corrupt("gcn.corrupt_payload")
    return [_token_tree(next_scalar, depth + 1) for _ in range(high + 1)]


def _short_payload() -> GcnError:
    return corrupt("gcn.corrupt_payload")


def tree_v5(raw: bytes) -> list[Any]:
    cur = Cursor(raw, _short_payload)
    tree = read_variant(cur)
    if cur.remaining or not isinstance(tree, list):
        raise corrupt("gcn.corrupt_payload")
    return tree


def tree_v7(raw: bytes) -> Any:
    try:
        tokens = raw.decode("utf-8").split("@")
    except UnicodeDecodeError:
        raise corrupt("gcn.corrupt_payload") from None
    position = 0

    def next_scalar() -> Any:
        nonlocal position
        if position >= len(tokens):
            raise corrupt("gcn.corrupt_payload")
        position += 1
        return text_token(tokens[position - 1])

    tree = _token_tree(next_scalar)
    if position != len(tokens):
        raise corrupt("gcn.corrupt_payload")
    return tree


def tree_v8(raw: bytes) -> Any:
    try:
        binary = base64.b64decode(b"".join(raw.split()), validate=True)
    except (binascii.Error, ValueError):
        raise corrupt("gcn.corrupt_payload") from None
    if not binary.startswith(_V8_MAGIC):
        raise corrupt("gcn.corrupt_payload")
    cur = Cursor(binary, _short_payload)
    cur.take(len(_V8_MAGIC) + 2)  # the magic, then two bytes of unknown meaning (00 00 in every export)

    def next_scalar() -> Any:
        tag = cur.unpack("<B")
        if tag == 0x00:
            return None
        if tag == 0x02:
            return cur.unpack("<i")
        if tag == 0x08:
            return _Ticks(cur.unpack("<q"))
        if tag == 0x0A:
            return cur.unpack("<B") != 0
        if tag == 0x09:
            try:
                return cur.take(_varint(cur)).decode("utf-8")
            except UnicodeDecodeError:
                raise corrupt("gcn.corrupt_payload") from None
        raise corrupt("gcn.corrupt_payload")

    tree = _token_tree(next_scalar)
    if cur.remaining:
        raise corrupt("gcn.corrupt_payload")
    return tree


def _varint(cur: Cursor) -> int:
    """.NET BinaryWriter string length: 7 bits a byte, low bits first, at most 5 bytes."""
    value = 0
    for shift in range(0, 35, 7):
        byte = cur.unpack("<B")
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value
    raise corrupt("gcn.corrupt_payload")
