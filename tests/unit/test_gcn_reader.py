"""The .gcn reader against real Profit exports (versions 5, 7 and 8) and damaged copies of them."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.gcn_samples import (
    ALL_SAMPLES,
    COSTCENTERS_V5,
    GROUPS_V7,
    PLANNEN_V8,
    TRANSACTIONS_V8,
    needs_samples,
    sample_bytes,
    sample_path,
)
from wizard.core.getconnectors.gcn import GcnError, GcnErrorKind, read_gcn, read_gcn_file
from wizard.core.getconnectors.gcn_content import GcnCriterion, GcnField
from wizard.core.messages import UserInputError

pytestmark = needs_samples


def test_version_7_groups_export():
    gcn = read_gcn_file(sample_path(GROUPS_V7))
    assert gcn.format_version == 7
    assert gcn.guid == "F718B0F2431809769E43A0B86257A3E8"
    assert gcn.definition_type == 8
    assert gcn.description == "Tools4ever - HelloID - T4E_HelloID_Groups_v2"
    assert gcn.external_name == "T4E_HelloID_Groups_v2"
    assert gcn.fields == (GcnField("U001", "GroupId"), GcnField("U003", "Description"))
    assert gcn.aliases == ("GroupId", "Description")
    assert gcn.stored_filter.criteria == (GcnCriterion("U001", 15, "!=iedereen"), GcnCriterion("U002", 15, "=0"))
    assert [str(c) for c in gcn.stored_filter] == ["U001 !=iedereen", "U002 =0"]
    assert gcn.data_collection_code == "B_Grp02"
    assert gcn.data_collection_name == "Gebruikers per groep"
    assert (gcn.product_code, gcn.system_code) == ("Hrm", "Kn")
    assert gcn.profit_version_stamp == ("2", "9", "1400")
    assert gcn.view_guid == "8CE767F64773CDEE3426AB91D2224F13"
    assert gcn.integrity_length == 192


def test_version_5_costcenters_export():
    gcn = read_gcn(sample_bytes(COSTCENTERS_V5))
    assert gcn.format_version == 5
    assert gcn.description == "Tools4ever - HelloID - Costcenters"
    assert gcn.external_name == "T4E_HelloID_Costcenters"
    assert gcn.aliases == ("Werkgever", "Kostenplaats", "Omschrijving")
    assert gcn.fields[1] == GcnField("HrJcrCrId", "Kostenplaats")
    assert gcn.stored_filter.criteria == (GcnCriterion("HrJcrCrTy", 15, "=01"),)
    assert gcn.data_collection_code == "B_Jcr00"
    assert gcn.data_collection_name == "Werkgever/kostenplaatsen"
    assert gcn.profit_version_stamp == ("2", "9", "1100")
    assert gcn.created == datetime(2020, 6, 19, 16, 16, 50)


def test_version_8_exports_without_filter():
    plannen = read_gcn(sample_bytes(PLANNEN_V8))
    assert plannen.format_version == 8
    assert plannen.description == plannen.external_name == "SH_AUDIT_Plannen"
    assert plannen.aliases == ("Werkgever", "Jaar", "Periode", "PlanId", "Afwijkend_betaalplan", "Aantal")
    assert plannen.data_collection_code == "B_CPl09"
    assert plannen.data_collection_name == "Salarisverwerkingsplan"
    assert plannen.stored_filter.is_empty and plannen.stored_filter.raw == "D1@D0"
    assert (plannen.product_code, plannen.system_code) == ("Pay", "Hr")
    assert plannen.created == datetime(2024, 1, 10, 8, 12, 51)
    assert plannen.changed == datetime(2025, 1, 21, 16, 49, 27)

    transactions = read_gcn(sample_bytes(TRANSACTIONS_V8))
    assert transactions.external_name == "SH_AUDIT_Transactions"
    assert transactions.aliases == ("planIdBetaald", "planIdBetrekkingOp", "employeeNumber", "code", "Omschrijving",
                                    "value", "contractNumber")
    assert transactions.fields[5] == GcnField("HrVDFN112", "value")
    assert transactions.data_collection_code == "B_RCo02"


def test_the_error_is_a_user_input_error_with_dutch_text():
    with pytest.raises(GcnError) as caught:
        read_gcn(sample_bytes(GROUPS_V7)[:1000])
    assert isinstance(caught.value, UserInputError)
    assert caught.value.kind is GcnErrorKind.TRUNCATED
    assert "cut off" in caught.value.text("en")
    assert "afgebroken" in caught.value.text("nl")


@pytest.mark.parametrize("name", ALL_SAMPLES)
def test_text_conversion_is_named_as_such(name):
    mangled = sample_bytes(name).decode("utf-8", "replace").encode("utf-8")
    with pytest.raises(GcnError) as caught:
        read_gcn(mangled)
    assert caught.value.kind is GcnErrorKind.TEXT_CONVERTED
    assert "text conversion" in str(caught.value)
    assert "U+FFFD" in str(caught.value)


def test_line_ending_conversion_is_named_as_such():
    converted = sample_bytes(COSTCENTERS_V5).replace(b"\n", b"\r\n")
    with pytest.raises(GcnError) as caught:
        read_gcn(converted)
    assert caught.value.kind is GcnErrorKind.TEXT_CONVERTED
    assert "CRLF" in str(caught.value)


@pytest.mark.parametrize(("data", "words"), [
    (b"", "empty"),
    (b"Finstack_Administrations\r\nthis is a text file\r\n", "not a GetConnector export"),
    (b"\xef\xbb\xbf<?xml version='1.0'?><connector/>", "not a GetConnector export"),
])
def test_files_that_are_not_exports(data, words):
    with pytest.raises(GcnError) as caught:
        read_gcn(data)
    assert caught.value.kind is GcnErrorKind.NOT_A_GETCONNECTOR
    assert words in str(caught.value)


def test_a_zip_is_not_an_export_and_says_unzip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(GROUPS_V7, sample_bytes(GROUPS_V7))
    with pytest.raises(GcnError) as caught:
        read_gcn(buffer.getvalue())
    assert caught.value.kind is GcnErrorKind.NOT_A_GETCONNECTOR
    assert "Unzip it first" in str(caught.value)


def test_unsupported_version():
    data = bytearray(sample_bytes(GROUPS_V7))
    assert data[12:18] == b"\x03\x00\x07\x00\x00\x00"  # element 0: int32 7
    data[14] = 9
    with pytest.raises(GcnError) as caught:
        read_gcn(bytes(data))
    assert caught.value.kind is GcnErrorKind.UNSUPPORTED_VERSION
    assert "version 9" in str(caught.value)
    assert "5, 7, 8" in str(caught.value)


def test_other_definition_type_is_not_a_getconnector():
    data = bytearray(sample_bytes(PLANNEN_V8))
    assert data[0x36:0x3C] == b"\x03\x00\x08\x00\x00\x00"  # element 2: definition type 8
    data[0x38] = 3
    with pytest.raises(GcnError) as caught:
        read_gcn(bytes(data))
    assert caught.value.kind is GcnErrorKind.NOT_A_GETCONNECTOR
    assert "type 3" in str(caught.value)


def test_damaged_compressed_definition_is_corrupt():
    data = bytearray(sample_bytes(GROUPS_V7))
    data[0x200] ^= 0xFF  # inside the deflated ExternalData
    with pytest.raises(GcnError) as caught:
        read_gcn(bytes(data))
    assert caught.value.kind is GcnErrorKind.CORRUPT
    assert "does not unpack" in str(caught.value)


def test_bytes_after_the_end_are_corrupt():
    with pytest.raises(GcnError) as caught:
        read_gcn(sample_bytes(PLANNEN_V8) + b"\n")
    assert caught.value.kind is GcnErrorKind.CORRUPT
    assert "1 unexpected bytes" in str(caught.value)


def test_unreadable_file(tmp_path):
    with pytest.raises(GcnError) as caught:
        read_gcn_file(tmp_path / "missing.gcn")
    assert caught.value.kind is GcnErrorKind.UNREADABLE
    assert "missing.gcn" in str(caught.value)
    with pytest.raises(GcnError) as caught:
        read_gcn_file(tmp_path)
    assert caught.value.kind is GcnErrorKind.UNREADABLE


@pytest.mark.parametrize("name", ALL_SAMPLES)
def test_every_truncation_says_truncated(name):
    data = sample_bytes(name)
    kinds = set()
    for length in range(1, len(data)):
        try:
            read_gcn(data[:length])
        except GcnError as error:
            kinds.add(error.kind)
    assert kinds == {GcnErrorKind.TRUNCATED}


@st.composite
def mutated_sample(draw: st.DrawFn) -> bytes:
    data = bytearray(sample_bytes(draw(st.sampled_from(ALL_SAMPLES))))
    for _ in range(draw(st.integers(1, 3))):
        position = draw(st.integers(0, len(data) - 1))
        operation = draw(st.sampled_from(["flip", "insert", "delete"]))
        if operation == "flip":
            data[position] ^= 1 << draw(st.integers(0, 7))
        elif operation == "insert":
            data.insert(position, draw(st.integers(0, 255)))
        else:
            del data[position]
    return bytes(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_sample())
def test_mutated_exports_raise_only_gcn_error(data):
    try:
        gcn = read_gcn(data)
    except GcnError as error:
        assert error.text("en") and error.text("nl")
    else:
        assert gcn.format_version in (5, 7, 8)  # a flip in the opaque integrity value still reads


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=64).map(lambda tail: b"\x0c\x20\x01\x00" + tail))
def test_random_bytes_after_the_magic_raise_only_gcn_error(data):
    with pytest.raises(GcnError):
        read_gcn(data)
