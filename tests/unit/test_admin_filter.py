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


def test_a_number_longer_than_afas_allows_is_an_input_error_before_int():
    result = parse_administrations("1;" + "9" * 5000)  # Python's int() refuses strings over 4300 digits
    assert result.ids == (1,)
    assert result.problems[0].message.text("en").startswith('"999999999999999999999999999..." (line 1, position 3)'
                                                            " is too large")
    with pytest.raises(AdministrationsInputError):
        build_filter_value("9" * 5000)


@pytest.mark.parametrize(("pasted", "value"), [("007", "7"), ("0999", "999"), ("+5", "5")])
def test_leading_zeros_and_a_plus_are_still_the_number(pasted, value):
    assert build_filter_value(pasted) == value


@pytest.mark.parametrize(("pasted", "key"), [("0000", "admin.zero"), ("1000", "admin.too_large"),
                                              ("-0012", "admin.negative"), ("00001000", "admin.too_large")])
def test_numbers_outside_1_to_999_are_named(pasted, key):
    assert parse_administrations(pasted).problems[0].message.key == key


@pytest.mark.parametrize("pasted", ["٣", "１;2", "𝟏", "1;2;٣", "٣ - Holding BV"])
def test_only_ascii_digits_count_as_administration_numbers(pasted):
    result = parse_administrations(pasted)
    assert [p.message.key for p in result.problems] == ["admin.digits_not_ascii"]
    assert "contains digits that are not the plain digits 0-9" in result.problems[0].message.text("en")


TOKEN_DATA = "88537B2C00112233445566778899AABBCCDDEEFF0011223344556677BA7A6D24"


@pytest.mark.parametrize(
    "pasted",
    [TOKEN_DATA, f"<token><version>1</version><data>{TOKEN_DATA}</data></token>", f"1;2;{TOKEN_DATA}",
     f"<token>\n  <version>1</version>\n  <data>{TOKEN_DATA}</data>\n</token>", " ".join([TOKEN_DATA[:32]] * 2)],
)
def test_a_token_pasted_here_is_named_and_never_shown_back(pasted):
    result = parse_administrations(pasted)
    assert result.problems and all(p.message.key == "admin.looks_like_token" for p in result.problems)
    shown = "".join(p.part + p.message.text("en") + p.message.text("nl") for p in result.problems)
    assert "This looks like the token" in shown and TOKEN_DATA[:16] not in shown


def test_long_lists_of_numbers_do_not_look_like_a_token():
    assert build_filter_value(" ".join(str(i) for i in range(1, 80))) == ";".join(str(i) for i in range(1, 80))
