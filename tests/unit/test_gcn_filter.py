"""The built-in filter (AfasMdFilterData) in every form met in real exports (getconnectors/README.md lists them), and
what the wizard does with a form it does not know: show it as stored, never call the file damaged."""

from __future__ import annotations

import pytest

from tests.gcn_writer import filter_data, make_gcn
from wizard.core.getconnectors.gcn import read_gcn
from wizard.core.getconnectors.gcn_filter import (
    RAW_LIMIT,
    GcnCriterion,
    StoredFilter,
    Uninterpreted,
    parse_stored_filter,
)
from wizard.core.messages import Message


def _text(value: Message | str, language: str = "en") -> str:
    return value.text(language) if isinstance(value, Message) else value


@pytest.mark.parametrize("raw", [None, "", "C1@D0", "D1@D0"])
def test_no_filter(raw):
    stored = parse_stored_filter(raw)
    assert stored.is_empty and stored.layout_known and stored.criteria == () and stored.not_interpreted == ()


def test_one_quick_filter_version_5():  # Tools4ever Costcenters (v5)
    stored = parse_stored_filter("C1@D1@C3@I@D0@D1@C1@D1@C2@IHrJcrCrTy@I=01@CF@A@D0@D0@L@L")
    assert stored.criteria == (GcnCriterion("HrJcrCrTy", 15, "=01"),)
    assert _text(stored.describe()) == "HrJcrCrTy =01"
    assert stored.not_interpreted == ()


def test_quick_filters_with_not_equal_empty_and_not_empty():  # Tools4ever UserGroups_v2 (v7)
    stored = parse_stored_filter("C1@D1@C3@I@D2@D1@C1@D4@C2@IU001@I!=Iedereen@CF@A@D2@D0@C2@IU002@I![]@CF@A@D2@D0"
                                 "@C2@IU003@I=0@CF@A@D2@D0@C2@IU004@I=0@CF@A@D2@D0@L@L")
    assert [str(c) for c in stored] == ["U001 !=Iedereen", "U002 ![]", "U003 =0", "U004 =0"]
    assert stored.not_interpreted == ()


def test_plain_operators_equal_not_equal_and_empty():  # Tools4ever Autorisation users, Positions (v5)
    stored = parse_stored_filter("C1@D1@C3@I@D2@D0@C1@D3@C2@IU001@I1@C1@A@D2@D0@C2@IHrEssPerc@I100@C7@A@D2@D0"
                                 "@C2@IU005@I@C8@A@D2@D0@L@L")
    assert [str(c) for c in stored] == ["U001 = 1", "HrEssPerc != 100", "U005 []"]
    assert [c.symbol for c in stored] == ["=", "!=", "[]"]


def test_several_filters_are_alternatives():  # Tools4ever Employments_v2 (v7): D and C tags mixed
    raw = ("D1@D2@D3@I@D2@D1@D1@D2@D2@IU014@I!=N@CF@A@D2@D0@D2@IU015@I<[~A*NOW*~ADDm3~B]@CF@A@D2@D0@L@L"
           "@D3@I@D0@D1@D1@D1@D2@IKnEmpTpId@I0@C1@A@D0@D0@L@L")
    stored = parse_stored_filter(raw)
    assert stored.filter_count == 2
    assert [(c.field, c.filter_index) for c in stored] == [("U014", 0), ("U015", 0), ("KnEmpTpId", 1)]
    assert _text(stored.describe()) == "(U014 !=N; U015 <[~*NOW*~DDm3@]) or (KnEmpTpId = 0)"
    assert _text(stored.describe(), "nl") == "(U014 !=N; U015 <[~*NOW*~DDm3@]) of (KnEmpTpId = 0)"


def test_date_macros_are_kept_as_stored_and_not_interpreted():  # Tools4ever OrganizationalUnits_v2, Users_v2
    stored = parse_stored_filter("C1@D1@C3@I@D0@D0@C1@D3@C2@IKnOscDaBe@I~A*NOW*~ADD~B@C3@A@D0@D0"
                                 "@C2@IU018@I>[~A*NOW*~ADDm-3~B];[]@CF@A@D0@D0@C2@IKnOscDaEn@I@C8@A@D0@D0@L@L")
    assert [str(c) for c in stored] == ["KnOscDaBe <= ~*NOW*~DD@", "U018 >[~*NOW*~DDm-3@];[]", "KnOscDaEn []"]
    parts = stored.not_interpreted
    assert [(p.what, p.raw) for p in parts] == [(Uninterpreted.MACRO, "KnOscDaBe <= ~*NOW*~DD@"),
                                                (Uninterpreted.MACRO, "U018 >[~*NOW*~DDm-3@];[]")]
    assert parts[0].message.text("en") == "KnOscDaBe <= ~*NOW*~DD@ (a Profit macro, such as a date relative to today)"
    assert "Profit-macro" in parts[0].message.text("nl")


def test_an_unknown_operator_is_not_interpreted():
    stored = parse_stored_filter(filter_data([[("U001", "42", "x")]]))
    assert stored.criteria == (GcnCriterion("U001", 42, "x"),)
    assert [(p.what, p.raw) for p in stored.not_interpreted] == [(Uninterpreted.OPERATOR, "U001 42 x")]


@pytest.mark.parametrize("raw", [
    "C1@D1@C3@I@D0@D1@C1@D1@C2@IU001@I=1@CF@A@D0@D0",  # the closing flags are missing
    "C1@D1@C3@I@D0@D1@C1@D1@C2@IU001@I=1@CF@A@D0@D0@L@L@L",  # one flag too many
    "C1@D1@C3@I@D0@D1@C1@D1@C2@IU001@I=1@CF@IX@D0@D0@L@L",  # text where a null stands
    "C1@D1@C3@I@D0@D1@C1@D1@C2@IU001@I~Zx@CF@A@D0@D0@L@L",  # an escape Profit does not write
    "X1@D0",  # a token the notation does not have
    "C1@D7FFFFFFF",  # more filters than there is text
    "1;2;3",  # a plain value, as "Filter op deze waarden" might be stored (unconfirmed)
])
def test_a_layout_the_wizard_does_not_know_is_shown_as_stored(raw):
    stored = parse_stored_filter(raw)
    assert not stored.layout_known and not stored.is_empty
    assert stored.criteria == () and stored.raw == raw
    assert [(p.what, p.raw) for p in stored.not_interpreted] == [(Uninterpreted.FILTER_LAYOUT, raw)]
    assert _text(stored.describe()) == raw


def test_a_long_text_is_clipped_for_display_only():
    raw = "C1@D1@" + "x" * 1000
    stored = parse_stored_filter(raw)
    assert stored.raw == raw
    assert len(stored.not_interpreted[0].raw) == RAW_LIMIT + 1 and stored.not_interpreted[0].raw.endswith("…")


def test_a_view_that_could_not_be_read_has_an_unknown_filter_without_text():
    stored = StoredFilter(layout_known=False)
    assert not stored.is_empty and stored.not_interpreted == ()


@pytest.mark.parametrize("version", [5, 7, 8])
def test_filters_in_a_whole_export_never_make_it_damaged(version):
    data = make_gcn("Finstack_Periods", ["Year", "Period"], version, filter_text="C1@D1@something new@L")
    gcn = read_gcn(data)
    assert gcn.aliases == ("Year", "Period")
    assert [n.what for n in gcn.not_interpreted] == [Uninterpreted.FILTER_LAYOUT]
