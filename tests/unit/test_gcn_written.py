"""The .gcn reader on files made by the test-only writer (tests/gcn_writer.py) in the documented layout of versions
5, 7 and 8: these run in any clone. The real exports (tests/data/gcn-corpus, ../shared) are the stronger layer."""

from __future__ import annotations

import ast
import io
import struct
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from tests.gcn_writer import (
    GcnSpec,
    OleDate,
    encode_payload,
    encode_v7,
    external_data,
    make_gcn,
    outer,
    payload_tree,
    split_outer,
    variant,
    with_payload,
    with_zip,
    zip_payload,
)
from wizard.core.getconnectors.gcn import MAX_FILE_SIZE, GcnError, GcnErrorKind, read_gcn, read_gcn_file
from wizard.core.getconnectors.gcn_content import GcnCriterion, GcnField
from wizard.core.getconnectors.gcn_filter import Uninterpreted
from wizard.core.messages import UserInputError

VERSIONS = (5, 7, 8)
ROOT = Path(__file__).resolve().parents[2]


def _error(data: bytes) -> GcnError:
    with pytest.raises(GcnError) as caught:
        read_gcn(data)
    assert isinstance(caught.value, UserInputError)
    assert caught.value.text("en") and caught.value.text("nl")
    return caught.value


@pytest.mark.parametrize("version", VERSIONS)
def test_every_version_reads_back_what_the_export_holds(version):
    data = make_gcn("Finstack_Administrations", ["AdministrationId", "Name", "Currency"], version,
                    data_collection_code="B_Adm00", data_collection_name="Administraties", system="Kn",
                    product="Alg", filters=[[("U001", "quick", "1;2;3")]])
    gcn = read_gcn(data)
    assert gcn.format_version == version
    assert gcn.definition_type == 8
    assert gcn.description == gcn.external_name == "Finstack_Administrations"
    assert gcn.fields == (GcnField("U001", "AdministrationId"), GcnField("U002", "Name"), GcnField("U003", "Currency"))
    assert (gcn.data_collection_code, gcn.data_collection_name) == ("B_Adm00", "Administraties")
    assert (gcn.product_code, gcn.system_code, gcn.profit_version_stamp) == ("Alg", "Kn", ("2", "9", "1400"))
    assert gcn.created == datetime(2025, 1, 21, 16, 49, 27)
    assert gcn.changed == datetime(2025, 2, 3, 9, 15)
    assert len(gcn.guid) == len(gcn.view_guid) == 32
    assert gcn.integrity_length == 192
    assert list(gcn.stored_filter) == [GcnCriterion("U001", 15, "1;2;3")]
    assert gcn.not_interpreted == ()


def test_a_bytearray_or_memoryview_reads_the_same():
    data = make_gcn("Finstack_Periods", ["Year"], 7)
    assert read_gcn(bytearray(data)) == read_gcn(memoryview(data)) == read_gcn(data)


def test_the_empty_ole_date_is_no_date():
    gcn = read_gcn(make_gcn("Finstack_Periods", ["Year"], 5, changed=datetime(1899, 12, 30)))
    assert gcn.changed is None


def test_text_with_markup_quotes_and_escapes_survives():
    data = make_gcn("Finstack_Periods", ["Year"], 7, data_collection_name="Perioden 'actueel' @ ~ 100%",
                    filters=[[("U001", "=", "it's @home ~ here")]])
    gcn = read_gcn(data)
    assert gcn.data_collection_name == "Perioden 'actueel' @ ~ 100%"
    assert [c.value for c in gcn.stored_filter] == ["it's @home ~ here"]


# -------------------------------------------------------------------- sound files the wizard only shows


@pytest.mark.parametrize("version", VERSIONS)
def test_a_missing_record_is_not_interpreted_not_damage(version):
    gcn = read_gcn(make_gcn("Finstack_Periods", ["Year"], version, with_record=False))
    assert gcn.data_collection_code is None
    assert [n.what for n in gcn.not_interpreted] == [Uninterpreted.RECORD]
    assert gcn.aliases == ("Year",)


@pytest.mark.parametrize("statement", [
    "insert AfasMdView (AfasMdDescription, AfasMdFilterData) values ('Perioden')",  # a column without value
    "insert AfasMdView (AfasMdDescription) values ('Perioden",  # an open quote
    "insert AfasMdView (AfasMdDescription) values (Perioden",  # no closing bracket
    "insert AfasMdView (AfasMdDescription) values ('a' 'b')",  # no comma
    "merge AfasMdView using something",  # another statement altogether
])
def test_a_view_in_an_unknown_form_is_not_interpreted_not_damage(statement):
    gcn = read_gcn(make_gcn("Finstack_Periods", ["Year"], 8, view_statement=statement))
    assert gcn.data_collection_name is None
    assert [n.what for n in gcn.not_interpreted] == [Uninterpreted.VIEW]
    assert not gcn.stored_filter.layout_known and gcn.stored_filter.raw is None
    assert gcn.aliases == ("Year",)


# ------------------------------------------------------------------------------------------------ damage


@pytest.mark.parametrize("version", VERSIONS)
def test_every_truncation_says_truncated(version):
    data = make_gcn("Finstack_Transactions", ["AdministrationId", "EntryNumber"], version,
                    filters=[[("U001", "quick", "1;2")]])
    kinds = {_error(data[:length]).kind for length in range(1, len(data), 7)}
    assert kinds == {GcnErrorKind.TRUNCATED}


@pytest.mark.parametrize("version", VERSIONS)
def test_text_conversions_are_named(version):
    data = make_gcn("Finstack_Periods", ["Year"], version)
    assert _error(data.decode("utf-8", "replace").encode()).kind is GcnErrorKind.TEXT_CONVERTED
    crlf = data.replace(b"\n", b"\r\n") if b"\n" in data else None
    if crlf is not None:
        error = _error(crlf)
        assert error.kind is GcnErrorKind.TEXT_CONVERTED and "CRLF" in error.text("en")


def test_a_damaged_embedded_zip_is_corrupt():
    data = make_gcn("Finstack_Periods", ["Year"], 7)
    broken = bytearray(split_outer(data)[1])
    broken[60] ^= 0xFF  # inside the deflated ExternalData: its checksum no longer holds
    error = _error(with_zip(data, bytes(broken)))
    assert error.kind is GcnErrorKind.CORRUPT and "does not unpack" in error.text("en")
    assert _error(with_zip(data, b"PK\x03\x04 no zip at all")).kind is GcnErrorKind.CORRUPT


def test_a_zip_without_external_data_is_not_a_getconnector():
    data = make_gcn("Finstack_Periods", ["Year"], 8)
    error = _error(with_zip(data, zip_payload(external_data(data), name="Other")))
    assert error.kind is GcnErrorKind.NOT_A_GETCONNECTOR and "ExternalData" in error.text("en")


@pytest.mark.parametrize(("version", "payload"), [
    (5, b"\x0c\x20\x01\x00\x02\x00\x00\x00\x00\x00\x00\x00\x99\x99"),  # an unknown Variant type
    (5, b"not a variant stream"),
    (7, b"D1@D1@D2009@D0@IA~Zbad escape@D0@D1"),
    (7, b"D1@D0@D2009@D0@D1@extra tokens"),
    (7, b"\xff\xfe not utf-8"),
    (8, b"!!! not base64 !!!"),
    (8, b"AAAAAAAAAAAAAAAAAAAAAAAAAAAA"),  # base64, but not the version 8 magic
])
def test_a_payload_that_does_not_decode_is_corrupt(version, payload):
    data = with_payload(make_gcn("Finstack_Periods", ["Year"], version), payload)
    assert _error(data).kind is GcnErrorKind.CORRUPT


@pytest.mark.parametrize("version", VERSIONS)
def test_a_payload_without_its_field_map_is_corrupt(version):
    spec = GcnSpec("Finstack_Periods", ("Year",), version)
    tree = payload_tree(spec)[:-4]  # the external name, the count and the one (field, alias) pair are gone
    error = _error(outer(spec, zip_payload(encode_payload(tree, version))))
    assert error.kind is GcnErrorKind.CORRUPT and "field map" in error.text("en")


def test_deep_nesting_is_refused_not_recursed():
    nested: list[object] = [1]
    for _ in range(40):
        nested = [nested]
    data = with_payload(make_gcn("Finstack_Periods", ["Year"], 7), encode_v7(nested))
    assert _error(data).kind is GcnErrorKind.CORRUPT
    data = with_payload(make_gcn("Finstack_Periods", ["Year"], 5), variant(nested))
    assert _error(data).kind is GcnErrorKind.CORRUPT


def _outer_elements(**changes: object) -> bytes:
    spec = GcnSpec("Finstack_Periods", ("Year",), 7)
    data = outer(spec, zip_payload(encode_v7(payload_tree(spec))))
    elements = [7, spec.guid, 8, spec.description, *_dates(), 0, 3000, "2", "9", "1400", "Alg", "Kn", False,
                split_outer(data)[1], "x" * 192]
    for index, value in changes.items():
        elements[int(index[1:])] = value
    return variant(elements)


def _dates() -> list[object]:
    return [OleDate(45678.5), OleDate(45679.5)]


@pytest.mark.parametrize(("changes", "kind", "words"), [
    ({"e0": 9}, GcnErrorKind.UNSUPPORTED_VERSION, "version 9"),
    ({"e0": "7"}, GcnErrorKind.CORRUPT, "header"),
    ({"e2": 3}, GcnErrorKind.NOT_A_GETCONNECTOR, "type 3"),
    ({"e2": "8"}, GcnErrorKind.CORRUPT, "header"),
    ({"e3": 42}, GcnErrorKind.CORRUPT, "header"),
    ({"e4": 45678.5}, GcnErrorKind.CORRUPT, "header"),  # a double, not a date
    ({"e14": "not bytes"}, GcnErrorKind.CORRUPT, "header"),
])
def test_a_header_that_is_not_what_profit_writes(changes, kind, words):
    error = _error(_outer_elements(**changes))
    assert error.kind is kind and words in error.text("en")


def test_dates_out_of_range_and_element_counts_are_refused():
    assert _error(_outer_elements(e5=OleDate(float("inf")))).kind is GcnErrorKind.CORRUPT
    assert _error(_outer_elements(e5=OleDate(9e9))).kind is GcnErrorKind.CORRUPT
    few = struct.pack("<HHii", 0x200C, 1, 3, 0) + variant(7) + variant("x") + variant(8)
    assert _error(few).kind is GcnErrorKind.CORRUPT


def test_bytes_after_the_end_are_named():
    error = _error(make_gcn("Finstack_Periods", ["Year"], 8) + b"\x00\x00")
    assert error.kind is GcnErrorKind.CORRUPT and "2 unexpected bytes" in error.text("en")


@pytest.mark.parametrize(("data", "kind", "words"), [
    (b"", GcnErrorKind.NOT_A_GETCONNECTOR, "empty"),
    (b"\x0c\x20", GcnErrorKind.TRUNCATED, "cut off"),
    (b"Finstack_Periods\r\n", GcnErrorKind.NOT_A_GETCONNECTOR, "not a GetConnector export"),
])
def test_files_that_are_no_export(data, kind, words):
    error = _error(data)
    assert error.kind is kind and words in error.text("en")


def test_a_zip_says_unzip_first():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Finstack_Periods.gcn", make_gcn("Finstack_Periods", ["Year"]))
    assert "Unzip it first" in _error(buffer.getvalue()).text("en")


def test_read_gcn_file_refuses_unreadable_and_absurd_files(tmp_path):
    with pytest.raises(GcnError) as caught:
        read_gcn_file(tmp_path / "missing.gcn")
    assert caught.value.kind is GcnErrorKind.UNREADABLE and "missing.gcn" in caught.value.text("en")
    huge = tmp_path / "huge.gcn"
    with huge.open("wb") as stream:
        stream.truncate(MAX_FILE_SIZE + 1)  # sparse: nothing is really written
    with pytest.raises(GcnError) as caught:
        read_gcn_file(huge)
    assert caught.value.kind is GcnErrorKind.NOT_A_GETCONNECTOR and "far too large" in caught.value.text("en")
    good = tmp_path / "good.gcn"
    good.write_bytes(make_gcn("Finstack_Periods", ["Year"], 5))
    assert read_gcn_file(good).external_name == "Finstack_Periods"


def test_no_product_module_imports_the_test_writer():
    for path in (ROOT / "wizard").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not any(m == "tests" or m.startswith("tests.") for m in modules), path


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_an_embedded_zip_in_any_compression_reads_and_its_damage_is_corrupt(method):
    """Found by fuzzing: damaged LZMA data raised lzma.LZMAError out of read_gcn."""
    data = make_gcn("Finstack_Periods", ["Year"], 7)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("ExternalData", external_data(data))
    assert read_gcn(with_zip(data, buffer.getvalue())).aliases == ("Year",)
    kinds = set()
    for position in range(40, len(buffer.getvalue()) - 60, 3):  # every third byte of the compressed data
        broken = bytearray(buffer.getvalue())
        broken[position] ^= 0x10
        try:
            read_gcn(with_zip(data, bytes(broken)))
        except GcnError as error:
            kinds.add(error.kind)
    assert kinds <= {GcnErrorKind.CORRUPT, GcnErrorKind.NOT_A_GETCONNECTOR} and GcnErrorKind.CORRUPT in kinds
