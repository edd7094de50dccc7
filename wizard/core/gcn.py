"""Reader for AFAS Profit GetConnector exports (`.gcn`). Read and validate only: a `.gcn` is a sealed
binary export of Profit, so the wizard never writes or changes one.

Layout (docs: shared/reference/gcn-format.md): an OLE/Delphi Variant array whose element 14 is a ZIP with one
entry, `ExternalData`. That entry holds the definition record, the connector's view (SQL inserts, with the
built-in filter in AfasMdFilterData) and the external field map, in one of three encodings:
version 5 a Variant array, version 7 `@`-separated text, version 8 base64 of a binary token stream.

Every failure is a GcnError with a kind; no other exception leaves read_gcn.
"""

from __future__ import annotations

import io
import math
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from wizard.core.gcn_encoding import (
    Cursor,
    GcnError,
    GcnErrorKind,
    OleDate,
    array_count,
    corrupt,
    is_int,
    read_variant,
    text_token,
    tree_v5,
    tree_v7,
    tree_v8,
)

__all__ = ["GcnCriterion", "GcnError", "GcnErrorKind", "GcnField", "GcnFile", "read_gcn", "read_gcn_file"]

SUPPORTED_VERSIONS = (5, 7, 8)
GETCONNECTOR_TYPE = 8  # definition type of a GetConnector (element 2 and the record's Type)
MAX_FILE_SIZE = 16 * 1024 * 1024  # real exports are 2-10 KB; refuse anything absurd before reading it
MAX_PAYLOAD_SIZE = 64 * 1024 * 1024  # uncompressed ExternalData (a few tens of KB in practice)

_OUTER_MAGIC = b"\x0c\x20\x01\x00"  # VT_ARRAY|VT_VARIANT, one dimension
_REPLACEMENT = "\ufffd".encode()  # what a UTF-8 text conversion leaves for every byte it did not understand
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_EXTERNAL_DATA = "ExternalData"
_OLE_EPOCH = datetime(1899, 12, 30)  # day 0 of an OLE Automation date; Profit writes it for "no date"


@dataclass(frozen=True)
class GcnField:
    view_field_id: str  # U001, HrJcrCrId, ...: the field in the connector's view
    alias: str  # the JSON property name a REST call returns


# REST `operatortypes` numbers (AFAS get-connector docs) as Profit stores them in AfasMdFilterData.
OPERATOR_SYMBOLS: dict[int, str] = {1: "=", 2: ">=", 3: "<=", 4: ">", 5: "<", 6: "*", 7: "!=", 8: "[]", 9: "![]",
                                    10: "@", 11: "!*", 12: "!@", 13: "&", 14: "!&", 15: "Sf"}
QUICK_FILTER = 15  # the value carries its own operator: "!=iedereen", "=0", "1;2;3"


@dataclass(frozen=True)
class GcnCriterion:
    """One criterion of the connector's built-in filter. Criteria of one filter are ANDed; filters are ORed."""

    field: str
    operator: int  # REST operatortypes number
    value: str
    filter_index: int = 0

    @property
    def symbol(self) -> str:
        return OPERATOR_SYMBOLS.get(self.operator, str(self.operator))

    def __str__(self) -> str:
        if self.operator == QUICK_FILTER:
            return f"{self.field} {self.value}"
        return f"{self.field} {self.symbol} {self.value}".rstrip()


@dataclass(frozen=True)
class GcnFile:
    format_version: int  # 5, 7 or 8
    guid: str  # the definition's GUID
    definition_type: int  # always 8 (GetConnector)
    description: str  # Omschrijving; Profit names the export <description>.gcn
    created: datetime | None
    changed: datetime | None  # None where Profit wrote the empty date 1899-12-30
    profit_version_stamp: tuple[str, str, str]
    product_code: str  # PrId: Pay, Hrm, Alg, ...
    system_code: str  # SyId: Kn, Hr, ...
    data_collection_code: str | None  # ObId: B_Jcr00, ...
    data_collection_name: str | None  # the view's AfasMdDescription: Werkgever/kostenplaatsen, ...
    external_name: str  # the REST id: /connectors/<external_name>
    view_guid: str
    fields: tuple[GcnField, ...]
    stored_filter: tuple[GcnCriterion, ...]
    integrity_length: int  # characters of the opaque integrity value (192 in every known export)

    @property
    def aliases(self) -> tuple[str, ...]:
        return tuple(f.alias for f in self.fields)


# ----------------------------------------------------------------------------------------------- public


def read_gcn(data: bytes) -> GcnFile:
    """Parse a `.gcn` export. Raises GcnError, and only GcnError, for anything that is not a sound export."""
    try:
        data = bytes(data)  # a bytearray or memoryview reads the same
        return _read(data)
    except GcnError as error:
        raise _diagnose(data, error) from None
    except Exception:  # a binary from outside: an unforeseen failure (even MemoryError) is a damaged file
        raise corrupt("gcn.corrupt_structure") from None


def read_gcn_file(path: str | Path) -> GcnFile:
    """Read and parse the file at `path`; an unreadable file is a GcnError of kind UNREADABLE."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_SIZE:
            raise GcnError(GcnErrorKind.NOT_A_GETCONNECTOR, "gcn.too_large", size=size)
        data = path.read_bytes()
    except GcnError:
        raise
    except (OSError, ValueError) as error:
        raise GcnError(GcnErrorKind.UNREADABLE, "gcn.unreadable", file=path.name,
                       reason=error.strerror or type(error).__name__) from None
    return read_gcn(data)


def _diagnose(data: bytes, error: GcnError) -> GcnError:
    """A file that fails after a sound start was often mangled by a text conversion: say that instead."""
    if error.kind in (GcnErrorKind.NOT_A_GETCONNECTOR, GcnErrorKind.UNSUPPORTED_VERSION):
        return error
    if _REPLACEMENT in data:
        return GcnError(GcnErrorKind.TEXT_CONVERTED, "gcn.text_converted", count=data.count(_REPLACEMENT))
    if b"\r\n" in data:
        try:
            _read(data.replace(b"\r\n", b"\n"))
        except Exception:  # noqa: S110 - only a diagnosis: the original error stands
            pass
        else:
            return GcnError(GcnErrorKind.TEXT_CONVERTED, "gcn.line_endings_converted")
    return error


def _read(data: bytes) -> GcnFile:
    outer = _read_outer(data)
    payload = _read_payload(outer.version, _external_data(outer.zip_bytes))
    return GcnFile(
        format_version=outer.version,
        guid=outer.guid,
        definition_type=outer.definition_type,
        description=outer.description,
        created=outer.created,
        changed=outer.changed,
        profit_version_stamp=outer.stamp,
        product_code=outer.product_code,
        system_code=outer.system_code,
        data_collection_code=payload.data_collection_code,
        data_collection_name=payload.data_collection_name,
        external_name=payload.external_name,
        view_guid=payload.view_guid,
        fields=payload.fields,
        stored_filter=payload.stored_filter,
        integrity_length=len(outer.integrity),
    )


# ------------------------------------------------------------------------------------------ outer array


@dataclass(frozen=True)
class _Outer:
    version: int
    guid: str
    definition_type: int
    description: str
    created: datetime | None
    changed: datetime | None
    stamp: tuple[str, str, str]
    product_code: str
    system_code: str
    zip_bytes: bytes
    integrity: str


def _truncated() -> GcnError:
    return GcnError(GcnErrorKind.TRUNCATED, "gcn.truncated")


def _read_outer(data: bytes) -> _Outer:
    _check_magic(data)
    cur = Cursor(data, _truncated)
    count = array_count(_skip(cur, 2))
    if not 16 <= count <= 64:  # 16 (versions 5, 7) or 17 (version 8) elements
        raise corrupt("gcn.corrupt_header")
    version = read_variant(cur)
    if not is_int(version):
        raise corrupt("gcn.corrupt_header")
    if version not in SUPPORTED_VERSIONS:
        raise GcnError(GcnErrorKind.UNSUPPORTED_VERSION, "gcn.unsupported_version", version=version,
                       supported=", ".join(map(str, SUPPORTED_VERSIONS)))
    elements = [version, *(read_variant(cur) for _ in range(count - 1))]
    if cur.remaining:
        raise corrupt("gcn.trailing_data", count=cur.remaining)
    if not is_int(elements[2]):
        raise corrupt("gcn.corrupt_header")
    if elements[2] != GETCONNECTOR_TYPE:
        raise GcnError(GcnErrorKind.NOT_A_GETCONNECTOR, "gcn.wrong_definition_type", type=elements[2])
    texts = [elements[i] for i in (1, 3, 8, 9, 10, 11, 12, 15)]
    if not all(isinstance(t, str) for t in texts) or not isinstance(elements[14], bytes):
        raise corrupt("gcn.corrupt_header")
    if not all(isinstance(elements[i], OleDate) for i in (4, 5)):
        raise corrupt("gcn.corrupt_header")
    return _Outer(
        version=version, guid=elements[1], definition_type=elements[2], description=elements[3],
        created=_ole_date(elements[4]), changed=_ole_date(elements[5]),
        stamp=(elements[8], elements[9], elements[10]), product_code=elements[11], system_code=elements[12],
        zip_bytes=elements[14], integrity=elements[15],
    )


def _skip(cur: Cursor, size: int) -> Cursor:
    cur.take(size)
    return cur


def _check_magic(data: bytes) -> None:
    if not data:
        raise GcnError(GcnErrorKind.NOT_A_GETCONNECTOR, "gcn.empty")
    if data.startswith(_OUTER_MAGIC):
        return
    if _OUTER_MAGIC.startswith(data):
        raise _truncated()
    if data.startswith(_ZIP_MAGICS):
        raise GcnError(GcnErrorKind.NOT_A_GETCONNECTOR, "gcn.is_zip")
    raise GcnError(GcnErrorKind.NOT_A_GETCONNECTOR, "gcn.not_a_getconnector")



def _ole_date(value: float) -> datetime | None:
    if not math.isfinite(value) or not -657434 <= value <= 2958465:  # the range of an OLE date: 100-9999
        raise corrupt("gcn.corrupt_header")
    if value == 0:
        return None
    return _OLE_EPOCH + timedelta(seconds=round(value * 86400))


# ------------------------------------------------------------------------------------------ embedded ZIP


def _external_data(zip_bytes: bytes) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(zip_bytes)) as archive:
            try:
                info = archive.getinfo(_EXTERNAL_DATA)
            except KeyError:
                raise GcnError(GcnErrorKind.NOT_A_GETCONNECTOR, "gcn.no_external_data") from None
            if info.file_size > MAX_PAYLOAD_SIZE:
                raise corrupt("gcn.corrupt_zip")
            return archive.read(info)  # checks the CRC
    except GcnError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError, NotImplementedError,
            struct.error, OverflowError, UnicodeDecodeError):
        raise corrupt("gcn.corrupt_zip") from None


# ------------------------------------------------------------------------------------ logical content


@dataclass(frozen=True)
class _Payload:
    data_collection_code: str | None
    data_collection_name: str | None
    external_name: str
    view_guid: str
    fields: tuple[GcnField, ...]
    stored_filter: tuple[GcnCriterion, ...]


def _read_payload(version: int, raw: bytes) -> _Payload:
    if version == 5:
        tree = tree_v5(raw)
        record = _record_v5(tree)
    else:
        tree = tree_v7(raw) if version == 7 else tree_v8(raw)
        if not isinstance(tree, list):
            raise corrupt("gcn.corrupt_payload")
        record = _record_named(tree)
    view, view_guid, external_name, fields = _field_map(tree)
    view_row = _view_row(view)
    code = record.get("ObId")
    name = view_row.get("AfasMdDescription")
    return _Payload(
        data_collection_code=code if isinstance(code, str) and code else None,
        data_collection_name=name if isinstance(name, str) and name else None,
        external_name=external_name,
        view_guid=view_guid,
        fields=fields,
        stored_filter=_parse_filter(view_row.get("AfasMdFilterData")),
    )


def _record_named(tree: list[Any]) -> dict[str, Any]:
    """Versions 7/8: the definition record is a field count and (name, value) pairs, starting at `Guid`."""
    for index, value in enumerate(tree[1:], start=1):
        if value == "Guid" and is_int(tree[index - 1]):
            count = tree[index - 1]
            pairs = tree[index:index + 2 * count]
            names = pairs[0::2]
            if len(pairs) != 2 * count or not all(isinstance(n, str) for n in names):
                break
            return dict(zip(names, pairs[1::2], strict=True))
    raise corrupt("gcn.corrupt_record")


_SCHEMA_FIELD = re.compile(r'<Field Id="([^"]*)"')


def _record_v5(tree: list[Any]) -> dict[str, Any]:
    """Version 5: the record's values are positional, in the order of the <AFASTable> schema fragment."""
    schema = next((v for v in tree if isinstance(v, str) and v.startswith("<AFASTable")), None)
    field_ids = _SCHEMA_FIELD.findall(schema or "")
    if not field_ids or field_ids[0] != "Guid":
        raise corrupt("gcn.corrupt_record")
    start = next((i for i, v in enumerate(tree) if isinstance(v, str) and re.fullmatch(r"[0-9A-F]{32}", v)), None)
    if start is None or start + len(field_ids) > len(tree):
        raise corrupt("gcn.corrupt_record")
    return dict(zip(field_ids, tree[start:start + len(field_ids)], strict=True))


def _field_map(tree: list[Any]) -> tuple[list[Any], str, str, tuple[GcnField, ...]]:
    """The trailing section: view array, SyId, view GUID, external name, n, then n (viewFieldId, alias)."""
    pairs = 0
    while True:
        index = len(tree) - 1 - 2 * pairs
        if index < 4:
            raise corrupt("gcn.corrupt_field_map")
        if is_int(tree[index]):
            break
        if not (isinstance(tree[index], str) and isinstance(tree[index - 1], str)):
            raise corrupt("gcn.corrupt_field_map")
        pairs += 1
    view, system, view_guid, external_name = tree[index - 4:index]
    if tree[index] != pairs or not isinstance(view, list):
        raise corrupt("gcn.corrupt_field_map")
    if not all(isinstance(v, str) for v in (system, view_guid, external_name)) or not external_name.strip():
        raise corrupt("gcn.corrupt_field_map")
    flat = tree[index + 1:]
    fields = tuple(GcnField(flat[i], flat[i + 1]) for i in range(0, len(flat), 2))
    if any(not f.view_field_id or not f.alias for f in fields):
        raise corrupt("gcn.corrupt_field_map")
    return view, view_guid, external_name, fields


_INSERT = re.compile(r"\s*insert\s+(\w+)\s*\(([^)]*)\)\s*values\s*\(", re.IGNORECASE)


def _view_row(view: list[Any]) -> dict[str, Any]:
    """The columns of the `insert AfasMdView (...) values (...)` statement."""
    for statement in view:
        if not isinstance(statement, str):
            continue
        match = _INSERT.match(statement)
        if match and match.group(1).lower() == "afasmdview":
            columns = [c.strip() for c in match.group(2).split(",")]
            values = _sql_values(statement, match.end())
            if len(values) != len(columns):
                raise corrupt("gcn.corrupt_view")
            return dict(zip(columns, values, strict=True))
    raise corrupt("gcn.corrupt_view")


def _sql_values(sql: str, pos: int) -> list[str | None]:
    """The literals of a VALUES list: 'text' (with '' for a quote), NULL, or a bare number."""
    values: list[str | None] = []
    while True:
        while pos < len(sql) and sql[pos].isspace():
            pos += 1
        if pos < len(sql) and sql[pos] == "'":
            chunks, pos = [], pos + 1
            while True:
                end = sql.find("'", pos)
                if end < 0:
                    raise corrupt("gcn.corrupt_view")
                chunks.append(sql[pos:end])
                if sql.startswith("''", end):
                    chunks.append("'")
                    pos = end + 2
                    continue
                pos = end + 1
                break
            values.append("".join(chunks))
        else:
            end = min((i for i in (sql.find(",", pos), sql.find(")", pos)) if i >= 0), default=-1)
            if end < 0:
                raise corrupt("gcn.corrupt_view")
            bare = sql[pos:end].strip()
            values.append(None if bare.upper() == "NULL" else bare)
            pos = end
        while pos < len(sql) and sql[pos].isspace():
            pos += 1
        if pos >= len(sql):
            raise corrupt("gcn.corrupt_view")
        if sql[pos] == ")":
            return values
        if sql[pos] != ",":
            raise corrupt("gcn.corrupt_view")
        pos += 1


def _parse_filter(data: str | None) -> tuple[GcnCriterion, ...]:
    """AfasMdFilterData: `<kind> <n filters> (<tag> <name> <int> <int> <int> <n criteria>
    (<tag> <field> <value> <operator> <null> <int> <int>)*)* <bool> <bool>`. `C1@D0` / `D1@D0`: no filter."""
    if not data:
        return ()
    tokens = [text_token(t) for t in data.split("@")]
    position = 0

    def take(check: Callable[[Any], bool]) -> Any:
        nonlocal position
        if position >= len(tokens) or not check(tokens[position]):
            raise corrupt("gcn.corrupt_filter")
        position += 1
        return tokens[position - 1]

    def is_text(v: Any) -> bool:
        return isinstance(v, str)

    def anything(_: Any) -> bool:
        return True

    criteria: list[GcnCriterion] = []
    take(is_int)
    for filter_index in range(take(is_int)):
        take(is_int), take(is_text), take(is_int), take(is_int), take(is_int)
        for _ in range(take(is_int)):
            take(is_int)
            field, value, operator = take(is_text), take(is_text), take(is_int)
            take(anything), take(is_int), take(is_int)
            criteria.append(GcnCriterion(field, operator, value, filter_index))
    while position < len(tokens):  # two closing flags in every export
        take(lambda v: isinstance(v, bool))
    return tuple(criteria)
