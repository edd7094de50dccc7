"""Hypothesis profiles for the fuzz tests: only a parser's own typed error (a UserInputError) may escape.

    pytest tests/fuzz                              # "fuzz": a few hundred examples per test (CI)
    pytest tests/fuzz --hypothesis-profile=deep    # at least 10,000 examples per test
    pytest tests/fuzz --hypothesis-profile=deep --hypothesis-show-statistics   # with the counts

Fuzz tests in this folder take no @settings of their own, so both profiles apply to them.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow], "print_blob": True}
settings.register_profile("fuzz", max_examples=300, **_COMMON)
settings.register_profile("deep", max_examples=10_000, **_COMMON)

# Hypothesis's plugin loads --hypothesis-profile after this file; without the option, fuzz with "fuzz".
if settings.get_current_profile_name() == "default":
    settings.load_profile("fuzz")
