"""Customers as CSV: all or nothing, every bad row named by its line, a header in any order, Dutch Excel's semicolons,
a BOM, labels kept as typed, formulas never run by a spreadsheet, and never a token."""

from __future__ import annotations

import pytest

from wizard.core.customer_csv import COLUMNS, read_customers_csv, write_customers_csv
from wizard.core.token import parse_token

TOKEN = parse_token("A1" * 32)


def _problems(text: str) -> list[tuple[int, str]]:
    return [(problem.line, problem.message.key) for problem in read_customers_csv(text)[1]]


def test_a_good_file_reads_every_row_with_the_environment_as_afas_names_it():
    rows, problems = read_customers_csv("label,environment,token_name\nBakkerij,o12345aa,Finstack\nSlagerij,54321,\n")
    assert problems == []
    assert [(r.line, r.label, r.environment, r.environment_key, r.token_name) for r in rows] == [
        (2, "Bakkerij", "O12345AA", "production:12345", "Finstack"),
        (3, "Slagerij", "O54321", "production:54321", "Finstack")]  # an empty token name is Finstack


def test_a_header_in_another_order_with_semicolons_and_a_bom_is_understood():
    rows, problems = read_customers_csv("\ufefftoken_name;Label;environment\r\nFinstack 2;Bakkerij;T12345AA\r\n")
    assert problems == [] and (rows[0].label, rows[0].environment, rows[0].token_name) == (
        "Bakkerij", "T12345AA", "Finstack 2")


@pytest.mark.parametrize(("text", "expected"), [
    ("", [(1, "csv.empty_file")]),
    ("Bakkerij,O12345AA,Finstack\n", [(1, "csv.header")]),  # the header is missing
    ("label,environment\nBakkerij,O12345AA\n", [(1, "csv.header")]),
    ("label,environment,token_name,token\nBakkerij,O12345AA,Finstack,x\n", [(1, "csv.token_column")]),
    ("label,environment,token_name\nBakkerij,O12345AA\n", [(2, "csv.cells")]),
    ("label,environment,token_name\nBakkerij,12AB,Finstack\n", [(2, "environment.unrecognised")]),
    ("label,environment,token_name\n,,Finstack\n", [(2, "csv.nothing")]),
    ("label,environment,token_name\na\tb,O12345AA,Finstack\n", [(2, "csv.control")]),
    ("label,environment,token_name\n" + "x" * 201 + ",O12345AA,\n", [(2, "csv.too_long")]),
    ('label,environment,token_name\n"Bakkerij,O12345AA,Finstack\n', [(2, "csv.malformed")]),
])
def test_a_bad_file_is_refused_and_each_problem_named_by_its_line(text, expected):
    rows, problems = read_customers_csv(text)
    assert rows == [] and [(p.line, p.message.key) for p in problems] == expected
    for problem in problems:
        assert problem.message.text("en") and problem.message.text("nl")


def test_a_token_anywhere_is_refused_and_never_repeated_in_the_message():
    for cell in (TOKEN.reveal(), TOKEN.reveal_data(), TOKEN.authorization_header().split(" ", 1)[1]):
        rows, problems = read_customers_csv(f"label,environment,token_name\n\"{cell}\",O12345AA,Finstack\n")
        assert rows == [] and [(p.line, p.message.key) for p in problems] == [(2, "csv.token")]
        assert TOKEN.reveal_data() not in problems[0].message.text("en")


def test_duplicate_rows_are_named_with_the_line_they_repeat():
    text = "label,environment,token_name\nBakkerij,O12345AA,Finstack\nSlagerij,O12345AA,Finstack\n" \
           "Bakkerij,o12345aa,Finstack\n"
    _rows, problems = read_customers_csv(text)
    assert [(p.line, p.message.key, p.message.params) for p in problems] == [(4, "csv.duplicate", {"first": 2})]


def test_many_bad_rows_are_each_named():
    lines = ["label,environment,token_name"] + [f"ok {n},O{10000 + n}AA," for n in range(50)] + ["bad,12AB,"] * 3
    assert [line for line, _ in _problems("\n".join(lines))] == [52, 53, 54]


def test_a_hundred_thousand_rows_with_one_bad_one_name_that_line():
    lines = ["label,environment,token_name"] + [f"Klant {n},O{100000 + n}AA,Finstack" for n in range(100_000)]
    lines[77_777] = "Klant x,not an environment,Finstack"
    _rows, problems = read_customers_csv("\n".join(lines))
    assert [p.line for p in problems] == [77_778]  # the header is line 1


def test_labels_are_kept_as_typed_and_a_round_trip_changes_nothing():
    labels = ['<b>Bakkerij</b> "de Vries" & zn', "=HYPERLINK(\"http://x\")", "+31 20 123", "-", "@home", "'quoted"]
    text = write_customers_csv((label, "O12345AA", "Finstack") for label in labels)
    assert text.startswith("\ufeff" + ",".join(COLUMNS))
    assert "\n=HYPERLINK" not in text and "'=HYPERLINK" in text  # a spreadsheet shows it, never runs it
    rows, problems = read_customers_csv(text)
    assert problems == [] and [row.label for row in rows] == labels
