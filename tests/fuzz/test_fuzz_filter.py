"""The administration filter on anything: numbers 1 to 999 and problems with a message, or (for the
filter value) an AdministrationsInputError. Nothing else escapes; no int() of thousands of digits."""

from __future__ import annotations

from hypothesis import given

from tests.fuzz.strategies import administrations_text
from wizard.core.admin_filter import AdministrationsInputError, build_filter_value, parse_administrations


@given(administrations_text())
def test_parse_administrations_reports_instead_of_raising(text):
    result = parse_administrations(text)
    assert all(type(i) is int and 1 <= i <= 999 for i in result.ids)
    for problem in result.problems:
        assert problem.message.text("en") and problem.message.text("nl")
        assert len(problem.part) <= 30


@given(administrations_text())
def test_build_filter_value_gives_a_value_or_its_own_error(text):
    try:
        value = build_filter_value(text)
    except AdministrationsInputError as exc:
        assert exc.text("en") and exc.text("nl")
        return
    assert value == ";".join(str(i) for i in sorted({int(v) for v in value.split(";")}))
