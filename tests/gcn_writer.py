"""TEST-ONLY writer of the documented `.gcn` layout (../shared/reference/gcn-format.md), versions 5, 7 and 8.

The product never writes a `.gcn`: a real export is sealed by Profit (its integrity value cannot be made). This
module exists so that the reader and the bundle code are tested in a clone without ../shared and without relying
on a handful of real files; files it makes carry a made-up integrity value and the owner `12345.test`. It is never
imported by product code (tests/unit/test_gcn_written.py checks that no module under wizard/ imports tests).
"""

from __future__ import annotations

import base64
import hashlib
import io
import struct
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

V8_MAGIC = bytes.fromhex("15d283e7cbb8074faa8a7065d8a6ddbb")
RECORD_FIELDS = ("Guid", "Type", "Code", "Ds", "Info", "PrId", "CtId", "AuId", "Comp", "Temp", "Bl", "Own", "CrUs",
                 "CrDt", "ChUs", "ChDt", "ClUs", "ClDt", "MntL", "UnCn", "SyId", "CnSn", "ObId", "Visi", "Md", "NCnd",
                 "UsAu", "Bu", "Sp")
OWNER = "12345.test"
OPERATORS = {"=": 1, ">=": 2, "<=": 3, ">": 4, "<": 5, "!=": 7, "[]": 8, "![]": 9, "quick": 15}

Criterion = tuple[str, str, str]  # (field, operator: a key of OPERATORS or a number, value)


class Int16(int):
    """An int written as a 2-byte Variant (element 0 of a version 5 export)."""


class OleDate(float):
    """A float written as a Variant date."""


def ole_date(moment: datetime) -> OleDate:
    return OleDate((moment - datetime(1899, 12, 30)).total_seconds() / 86400)


@dataclass
class GcnSpec:
    external_name: str
    aliases: Sequence[str] = ("Id", "Description")
    version: int = 8
    description: str | None = None  # defaults to the external name, as Finstack's own connectors do
    filters: Sequence[Sequence[Criterion]] = ()  # ORed filters of ANDed criteria
    filter_text: str | None = None  # AfasMdFilterData as is, instead of `filters`
    data_collection_code: str | None = "B_Tst00"
    data_collection_name: str = "Testgegevens"
    system: str = "Kn"
    product: str = "Alg"
    guid: str = ""
    view_guid: str = ""
    created: datetime = datetime(2025, 1, 21, 16, 49, 27)
    changed: datetime = datetime(2025, 2, 3, 9, 15, 0)
    view_statement: str | None = None  # the whole `insert AfasMdView ...`, instead of the one made here
    with_record: bool = True
    extra: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        digest = hashlib.md5(self.external_name.encode(), usedforsecurity=False).hexdigest().upper()
        self.guid = self.guid or digest
        self.view_guid = self.view_guid or digest[::-1]
        self.description = self.description or self.external_name


# ------------------------------------------------------------------------------------------------ content


def filter_data(filters: Sequence[Sequence[Criterion]], version: int = 8) -> str:
    """AfasMdFilterData in the `@` notation, escaped once (`~A` is `~`, `~B` is `@`), as Profit stores it."""
    tag = "C" if version == 5 else "D"
    tokens = [f"{tag}1", f"D{len(filters):X}"]
    for criteria in filters:
        tokens += [f"{tag}3", "I", "D2", "D1", f"{tag}1", f"D{len(criteria):X}"]
        for name, operator, value in criteria:
            code = OPERATORS.get(operator) or int(operator)
            tokens += [f"{tag}2", "I" + escape(name), "I" + escape(value), f"C{code:X}", "A", "D2", "D0"]
        tokens += ["L", "L"]
    return "@".join(tokens)


def escape(text: str) -> str:
    return (text.replace("~", "~A").replace("@", "~B").replace("\r", "~-").replace("\n", "~*")
            .replace("\t", "~)"))


def _sql(value: object) -> str:
    return "NULL" if value is None else "'" + str(value).replace("'", "''") + "'"


def _insert(table: str, columns: dict[str, object]) -> str:
    """One SQL insert statement as Profit stores the view in an export (text only; nothing runs it)."""
    return " ".join(["insert", table, "(" + ", ".join(columns) + ")", "values",
                     "(" + ",".join(_sql(v) for v in columns.values()) + ")"])


def view_statements(spec: GcnSpec) -> list[str]:
    filter_text = spec.filter_text if spec.filter_text is not None else filter_data(spec.filters, spec.version)
    columns = {"AfasMdSystemId": spec.system, "AfasMdViewId": spec.view_guid,
               "AfasMdName": f"Vw_Afas{spec.system}{spec.view_guid}", "AfasMdFilename": None, "AfasMdTableId": "Tst",
               "AfasMdDescription": spec.data_collection_name,
               "AfasMdCreateStatement": f"create view Vw_Afas{spec.system}{spec.view_guid} as\r\nselect 1\r\ngo",
               "AfasMdCustom": "1", "AfasMdFilterData": filter_text, "AfasMdGuid": None, "AfasMdListUse": "0"}
    view = spec.view_statement or _insert("AfasMdView", columns)
    fields = [_insert("AfasMdViewField", {"AfasMdSystemId": spec.system, "AfasMdViewId": spec.view_guid,
                                          "AfasMdViewFieldId": field_id, "AfasMdFieldSeqno": n})
              for n, (field_id, _) in enumerate(_field_ids(spec), start=1)]
    return [view, *fields]


def _field_ids(spec: GcnSpec) -> list[tuple[str, str]]:
    return [(f"U{n:03d}", alias) for n, alias in enumerate(spec.aliases, start=1)]


def _record_values(spec: GcnSpec) -> list[object]:
    values = {"Guid": spec.guid, "Type": 8, "Ds": spec.description, "PrId": spec.product, "Temp": False, "Bl": False,
              "Own": OWNER, "CrUs": OWNER, "CrDt": ole_date(spec.created), "ChUs": OWNER,
              "ChDt": ole_date(spec.changed), "MntL": 0, "UnCn": False, "SyId": spec.system, "CnSn": 3000,
              "ObId": spec.data_collection_code, "Visi": True, "UsAu": False, "Bu": 600, "Sp": 1}
    return [values.get(name) for name in RECORD_FIELDS]


def payload_tree(spec: GcnSpec) -> list[object]:
    """ExternalData as a tree: header, the definition record, the view, then the external field map."""
    view = [1, "1", 1, 3, "", spec.system, spec.view_guid, "", 3, 0, len(spec.aliases) + 1,
            *view_statements(spec), False, None]
    field_map = [spec.system, spec.view_guid, spec.external_name, len(spec.aliases)]
    for field_id, alias in _field_ids(spec):
        field_map += [field_id, alias]
    if spec.version == 5:
        schema = "<AFASTable Sy=\"Kn\" Id=\"Mdf\" Na=\"AfasKnMetaDefinition\">" + "".join(
            f'<Field Id="{name}"/>' for name in RECORD_FIELDS) + "</AFASTable>"
        head: list[object] = [1, 3, False, 3, "", "", "", "A12345AD", schema if spec.with_record else "", 3, 1,
                              "Mdf", 0, False, len(RECORD_FIELDS), 0]
        return [*head, *_record_values(spec), view, *field_map]
    record: list[object] = []
    if spec.with_record:
        record = [len(RECORD_FIELDS)]
        for name, value in zip(RECORD_FIELDS, _record_values(spec), strict=True):
            record += [name, value]
    return [1, 4, False, 0, *record, view, *field_map]


# ------------------------------------------------------------------------------------- three encodings


def variant(value: object) -> bytes:
    """One OLE/Delphi Variant, little-endian: strings are a 2-byte length and single-byte characters."""
    if isinstance(value, bool):
        return struct.pack("<Hh", 0x0B, -1 if value else 0)
    if isinstance(value, Int16):
        return struct.pack("<Hh", 0x02, value)
    if isinstance(value, int):
        return struct.pack("<Hi", 0x03, value)
    if isinstance(value, OleDate):
        return struct.pack("<Hd", 0x07, value)
    if isinstance(value, float):
        return struct.pack("<Hd", 0x05, value)
    if isinstance(value, str):
        raw = value.encode("cp1252")
        return struct.pack("<HH", 0x08, len(raw)) + raw
    if isinstance(value, bytes):
        return struct.pack("<HHii", 0x2011, 1, len(value), 0) + value
    if isinstance(value, list):
        return struct.pack("<HHii", 0x200C, 1, len(value), 0) + b"".join(variant(v) for v in value)
    if value is None:
        return struct.pack("<H", 0x01)
    raise TypeError(type(value))


def encode_v7(tree: list[object]) -> bytes:
    tokens: list[str] = []

    def element(value: object) -> None:
        if isinstance(value, list):
            tokens.extend(["D1", f"D{len(value) - 1:X}", "D2009"])
            for item in value:
                element(item)
            return
        tokens.append("D0")
        if isinstance(value, bool):
            tokens.append("L1" if value else "L")
        elif isinstance(value, OleDate):
            tokens.append(f"H {float(value)!r}")
        elif isinstance(value, int):
            tokens.append(f"D{value:X}")
        elif isinstance(value, str):
            tokens.append("I" + escape(value))
        else:
            tokens.append("A")

    element(tree)
    return "@".join(tokens).encode("utf-8")


def encode_v8(tree: list[object]) -> bytes:
    out = bytearray(V8_MAGIC + b"\x00\x00")

    def scalar(value: object) -> None:
        if value is None:
            out.append(0x00)
        elif isinstance(value, bool):
            out.extend((0x0A, int(value)))
        elif isinstance(value, OleDate):  # a .NET DateTime.ToBinary() tick count
            ticks = int((float(value) - 2) * 86400 * 10**7) + 599266080000000000
            out.extend(b"\x08" + struct.pack("<q", ticks))
        elif isinstance(value, int):
            out.extend(b"\x02" + struct.pack("<i", value))
        else:
            raw = str(value).encode("utf-8")
            out.append(0x09)
            size = len(raw)
            while size >= 0x80:
                out.append(size & 0x7F | 0x80)
                size >>= 7
            out.extend(bytes([size]) + raw)

    def element(value: object) -> None:
        if isinstance(value, list):
            scalar(1), scalar(len(value) - 1), scalar(0x2009)
            for item in value:
                element(item)
        else:
            scalar(0), scalar(value)

    element(tree)
    return base64.b64encode(bytes(out))


def encode_payload(tree: list[object], version: int) -> bytes:
    if version == 5:
        return variant(tree)
    return encode_v7(tree) if version == 7 else encode_v8(tree)


# ----------------------------------------------------------------------------------------- the container


def zip_payload(payload: bytes, name: str = "ExternalData") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo(name, date_time=(2025, 1, 21, 16, 49, 26))
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, payload)
    return buffer.getvalue()


def outer(spec: GcnSpec, zip_bytes: bytes, *, definition_type: int = 8) -> bytes:
    integrity = base64.b64encode(hashlib.sha512(zip_bytes).digest() * 2 + bytes(16)).decode()  # 192 characters
    elements: list[object] = [Int16(spec.version) if spec.version == 5 else spec.version, spec.guid, definition_type,
                              spec.description, ole_date(spec.created), ole_date(spec.changed), 0, 3000, "2", "9",
                              "1400", spec.product, spec.system, False, zip_bytes, integrity]
    if spec.version >= 8:
        elements.append(False)
    return variant(elements)


def make_gcn(external_name: str, aliases: Sequence[str] = ("Id", "Description"), version: int = 8,
             **options: object) -> bytes:
    """A `.gcn` in the documented layout (made-up integrity value): see GcnSpec for the options."""
    spec = GcnSpec(external_name, tuple(aliases), version, **options)  # type: ignore[arg-type]
    return outer(spec, zip_payload(encode_payload(payload_tree(spec), version)))


# ------------------------------------------------------------------------------ taking files apart again


def split_outer(data: bytes) -> tuple[bytes, bytes, bytes]:
    """(before, embedded ZIP, after) of an export, real or written here."""
    start = data.find(b"\x11\x20\x01\x00")
    while start >= 0 and data[start + 12:start + 14] != b"PK":
        start = data.find(b"\x11\x20\x01\x00", start + 1)
    if start < 0:
        raise ValueError("no embedded ZIP")
    size = int.from_bytes(data[start + 4:start + 8], "little")
    return data[:start], data[start + 12:start + 12 + size], data[start + 12 + size:]


def external_data(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(split_outer(data)[1])) as archive:
        return archive.read("ExternalData")


def with_zip(data: bytes, zip_bytes: bytes) -> bytes:
    """The export with another embedded ZIP (the byte array's length follows)."""
    before, _, after = split_outer(data)
    return before + struct.pack("<HHii", 0x2011, 1, len(zip_bytes), 0) + zip_bytes + after


def with_payload(data: bytes, payload: bytes) -> bytes:
    """The export with another ExternalData, zipped again so that its checksum holds."""
    return with_zip(data, zip_payload(payload))


# ------------------------------------------------------------------------------------------------- bombs

MB = 1024 * 1024
BOMB_INFLATED = 63 * MB  # just under the old per-payload cap of 64 MB


def bomb_gcn(inflated: int = BOMB_INFLATED, external_name: str = "Finstack_Bomb") -> bytes:
    """A sound-looking `.gcn` of about 64 KB whose ExternalData inflates to `inflated` bytes of base64 letters
    (what a version 8 payload looks like until it is decoded); Deflate's best ratio is about 1:1030."""
    return outer(GcnSpec(external_name), zip_payload(b"A" * inflated))


def bomb_zip(path: Path, count: int, inflated: int = BOMB_INFLATED) -> Path:
    """A ZIP (stored, as the .gcn files hardly shrink again) of `count` bomb files: 100 make about 6.5 MB, 500
    (the most entries a bundle may have) about 32 MB."""
    one = bomb_gcn(inflated)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for number in range(count):
            archive.writestr(f"Finstack_Bomb_{number:03d}.gcn", one)
    return path


def slow_gcn(inflated: int = MB, padding: int = 17_000) -> bytes:
    """A version 7 `.gcn` (padded to about 17 KB) whose ExternalData is `inflated` bytes of the smallest tokens a
    list may hold: within its file's limit, it makes the decoder do the most work before the payload turns out
    damaged (the worst a bundle can do inside the budgets)."""
    tokens = (b"D1@D7FFFFFF@D2009@" + b"D0@D0@" * (inflated // 6 + 1))[:inflated - 2] + b"D0"
    return outer(GcnSpec("Finstack_Slow", version=7, description="x" * padding), zip_payload(tokens))


def slow_zip(path: Path, count: int) -> Path:
    one = slow_gcn()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for number in range(count):
            archive.writestr(f"Finstack_Slow_{number:03d}.gcn", one)
    return path
