import pytest
from hypothesis import given
from hypothesis import strategies as st

from wizard.core.admin_filter import AdministrationsInputError, build_filter_value, parse_administrations


@pytest.mark.parametrize(
    ("pasted", "value"),
    [
        ("3;1;2", "1;2;3"),
        ("3, 1, 2, 1", "1;2;3"),
        ("3 1 2", "1;2;3"),
        ("3\n1\r\n2\n\n", "1;2;3"),
        ("10;9;100", "9;10;100"),
        ("1 - Holding BV\n2 - Werkmaatschappij Noord BV\n3 - Holding 2020 BV", "1;2;3"),
        ("1\tHolding BV\n2\tDochter BV", "1;2"),
        ("5 – Vastgoed BV\n4: Beheer BV\n 7 | Export BV", "4;5;7"),
        ("001;02", "1;2"),
        ("1;;2;", "1;2"),
        ("1;2;3", "1;2;3"),
        ("\u00a01\u00a0;\u200b2", "1;2"),
    ],
)
def test_what_users_paste_becomes_the_filter_value(pasted, value):
    assert build_filter_value(pasted) == value


def test_duplicates_are_removed_and_reported():
    result = parse_administrations("1;2;2;3;1")
    assert result.filter_value == "1;2;3"
    assert result.duplicates == (1, 2)


@pytest.mark.parametrize(
    ("pasted", "part", "says"),
    [
        ("1;abc;3", "abc", '"abc" (line 1, position 3) is not an administration number'),
        ("1;0", "0", "is 0; administration numbers start at 1"),
        ("1;-4", "-4", "is negative"),
        ("1;1000", "1000", "too large: an AFAS environment has administrations 1 to 999"),
        ("1\n2\n3.5", "3.5", "(line 3, position 1)"),
        ("1 Holding BV", "Holding", '"Holding" (line 1, position 3)'),
        ("1 - 2", "-", '"-" (line 1, position 3)'),
    ],
)
def test_each_offending_part_is_pointed_at(pasted, part, says):
    result = parse_administrations(pasted)
    assert any(p.part == part for p in result.problems)
    with pytest.raises(AdministrationsInputError) as caught:
        build_filter_value(pasted)
    assert says in caught.value.text("en")


def test_every_offending_part_is_reported_not_only_the_first():
    result = parse_administrations("x;0;-1;5000;7")
    assert [p.part for p in result.problems] == ["x", "0", "-1", "5000"]
    assert result.ids == (7,)
    assert not result.ok


def test_an_empty_list_asks_for_at_least_one_number():
    with pytest.raises(AdministrationsInputError) as caught:
        build_filter_value(" \n ;; ")
    assert "at least one administration number" in caught.value.text("en")
    assert "minstens één administratienummer" in caught.value.text("nl")


def test_a_very_long_offending_part_is_shortened_in_the_message():
    result = parse_administrations("x" * 500)
    assert len(result.problems[0].part) <= 30


@given(
    st.lists(st.integers(min_value=1, max_value=999), min_size=1, max_size=60),
    st.sampled_from([";", ",", " ", "\n"]),
)
def test_any_valid_list_round_trips_sorted_and_unique(ids, separator):
    value = build_filter_value(separator.join(map(str, ids)))
    assert value == ";".join(map(str, sorted(set(ids))))
    assert build_filter_value(value) == value


@given(st.text(max_size=200))
def test_any_text_gives_a_result_or_a_pointed_message_never_a_crash(text):
    result = parse_administrations(text)
    assert all(1 <= i <= 999 for i in result.ids)
    for problem in result.problems:
        assert problem.message.text("en")
        assert problem.line >= 1 and problem.column >= 1
