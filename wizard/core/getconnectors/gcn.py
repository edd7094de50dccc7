"""Reader for AFAS Profit GetConnector exports (`.gcn`). Read and validate only: a `.gcn` is a sealed
binary export of Profit, so the wizard never writes or changes one.

Layout (docs: shared/reference/gcn-format.md): an OLE/Delphi Variant array whose element 14 is a ZIP with one
entry, `ExternalData`. That entry holds the definition record, the connector's view (SQL inserts, with the
built-in filter in AfasMdFilterData) and the external field map, in one of three encodings:
version 5 a Variant array, version 7 `@`-separated text, version 8 base64 of a binary token stream.

Damage means the container is broken (cut off, text-converted, not a GetConnector, a ZIP or payload that does not
decode or would inflate to far more than the file's size, no field map): a GcnError with a kind, and no other
exception leaves read_gcn (given a ReadBudget, also its BundleError: the budget of a whole bundle is spent). What a
sound file holds in a form the wizard does not know (a filter layout, a macro, an operator) is kept as stored:
GcnFile.not_interpreted.
"""

from __future__ import annotations

import io
import lzma
import math
import struct
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from wizard.core.getconnectors.budget import ReadBudget, payload_limit
from wizard.core.getconnectors.errors import BundleError
from wizard.core.getconnectors.gcn_content import GcnField, read_payload
from wizard.core.getconnectors.gcn_encoding import (
    Cursor,
    GcnError,
    GcnErrorKind,
    OleDate,
    array_count,
    corrupt,
    detached,
    is_int,
    read_variant,
)
from wizard.core.getconnectors.gcn_filter import NotInterpreted, StoredFilter

__all__ = ["ZIP_ERRORS", "GcnError", "GcnErrorKind", "GcnFile", "detached", "read_gcn", "read_gcn_file"]

SUPPORTED_VERSIONS = (5, 7, 8)
GETCONNECTOR_TYPE = 8  # definition type of a GetConnector (element 2 and the record's Type)
MAX_FILE_SIZE = 1024 * 1024  # real exports are 2-10 KB; refuse anything absurd before reading it
# The inflated ExternalData may be at most budget.payload_limit(file size): a few tens of KB in practice.

_OUTER_MAGIC = b"\x0c\x20\x01\x00"  # VT_ARRAY|VT_VARIANT, one dimension
_REPLACEMENT = "\ufffd".encode()  # what a UTF-8 text conversion leaves for every byte it did not understand
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_EXTERNAL_DATA = "ExternalData"
# What zipfile raises on a damaged archive or entry, whatever its compression (LZMA has its own error class).
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError, RuntimeError,
              NotImplementedError, struct.error, OverflowError)
_OLE_EPOCH = datetime(1899, 12, 30)  # day 0 of an OLE Automation date; Profit writes it for "no date"


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
    stored_filter: StoredFilter
    integrity_length: int  # characters of the opaque integrity value (192 in every known export)
    unread_parts: tuple[NotInterpreted, ...] = ()  # the record or view, when in a form the wizard does not know

    @property
    def aliases(self) -> tuple[str, ...]:
        return tuple(f.alias for f in self.fields)

    @property
    def not_interpreted(self) -> tuple[NotInterpreted, ...]:
        """What this sound export holds that the wizard shows as stored instead of interpreting it."""
        return self.unread_parts + self.stored_filter.not_interpreted


# ----------------------------------------------------------------------------------------------- public


def read_gcn(data: bytes, budget: ReadBudget | None = None) -> GcnFile:
    """Parse a `.gcn` export. Raises GcnError, and only GcnError, for anything that is not a sound export; with a
    `budget` (of the bundle this file is part of) also its BundleError, when the budget is spent or cancelled.

    The GcnError carries no traceback of the reading and no exception it replaced: their frames would keep the
    inflated content alive for as long as the error is kept."""
    data = bytes(data)  # a bytearray or memoryview reads the same
    try:
        return _read(data, budget)
    except GcnError as error:
        failure = _diagnose(data, detached(error), budget)
    raise detached(failure)  # outside the except block: the error replaces nothing


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


def _diagnose(data: bytes, error: GcnError, budget: ReadBudget | None) -> GcnError:
    """A file that fails after a sound start was often mangled by a text conversion: say that instead."""
    if error.kind in (GcnErrorKind.NOT_A_GETCONNECTOR, GcnErrorKind.UNSUPPORTED_VERSION):
        return error
    if _REPLACEMENT in data:
        return GcnError(GcnErrorKind.TEXT_CONVERTED, "gcn.text_converted", count=data.count(_REPLACEMENT))
    if b"\r\n" in data:
        try:
            _read(data.replace(b"\r\n", b"\n"), budget)
        except GcnError:
            pass  # only a diagnosis: the original error stands
        else:
            return GcnError(GcnErrorKind.TEXT_CONVERTED, "gcn.line_endings_converted")
    return error


def _read(data: bytes, budget: ReadBudget | None) -> GcnFile:
    outer = _read_outer(data)
    payload = read_payload(outer.version, _external_data(outer.zip_bytes, len(data), budget))
    if budget is not None:
        budget.checkpoint()  # between payloads: the decoding of this one may have taken a while
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
        unread_parts=payload.not_interpreted,
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


def _external_data(zip_bytes: bytes, file_size: int, budget: ReadBudget | None) -> bytes:
    """The inflated ExternalData, refused on its declared size before inflating when it exceeds what a file of
    `file_size` may hold (zipfile never returns more than the declared size, and checks the CRC)."""
    try:
        with zipfile.ZipFile(io.BytesIO(zip_bytes)) as archive:
            try:
                info = archive.getinfo(_EXTERNAL_DATA)
            except KeyError:
                raise GcnError(GcnErrorKind.NOT_A_GETCONNECTOR, "gcn.no_external_data") from None
            limit = payload_limit(file_size)
            if budget is not None:
                budget.charge(min(info.file_size, limit))
            if info.file_size > limit:
                raise corrupt("gcn.payload_too_large", size=_kb(info.file_size), file_size=_kb(file_size),
                              limit=_kb(limit))
            return archive.read(info)
    except (GcnError, BundleError):
        raise  # a BundleError is a ValueError too: it must not be taken for a broken ZIP
    except ZIP_ERRORS:
        raise corrupt("gcn.corrupt_zip") from None


def _kb(size: int) -> str:
    """A size in KB, for a message."""
    return f"{size / 1024:,.0f}"
