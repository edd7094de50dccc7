"""parse_environment on anything: an AfasEnvironment whose host is built from ASCII digits only, or an
EnvironmentInputError with a message in both languages. Nothing else escapes."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.strategies import environment_text
from wizard.core.environment import EnvironmentInputError, EnvironmentType, parse_environment

AFAS_BASE_URL = re.compile(r"https://[0-9]{4,6}\.rest(test|accept)?\.afas\.online/ProfitRestServices")
TYPES = st.one_of(st.none(), st.sampled_from(list(EnvironmentType)),
                  st.sampled_from(["production", "test", "accept", "O", "t", "acceptatie"]), st.text(max_size=12))


@given(environment_text(), TYPES)
def test_parse_environment_gives_an_afas_host_or_its_own_error(value, kind):
    try:
        environment = parse_environment(value, kind)
    except EnvironmentInputError as exc:
        assert exc.text("en") and exc.text("nl")
        return
    assert AFAS_BASE_URL.fullmatch(environment.base_url), environment.base_url
    assert environment.key.isascii() and environment.name.isascii()
    for warning in environment.warnings:
        assert warning.text("en") and warning.text("nl")
