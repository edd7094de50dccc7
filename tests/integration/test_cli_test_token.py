"""`finstack-afas-wizard test-token` against the AFAS stand-in: lines, JSON and exit status."""

import io
import json

import pytest

from wizard.cli import run
from wizard.core.environment import parse_environment
from wizard.core.secrets import SecretStore
from wizard.core.token import parse_token
from wizard.standins.afas_profit import DEMO_TOKEN_DATA, AfasProfitStandin
from wizard.standins.afas_scenario import AfasScenario


@pytest.fixture
def afas():
    """The stand-in serving the shipped definitions (the plugin's `afas` serves the stand-in tests' own)."""
    with AfasProfitStandin("O12345AA", scenario=AfasScenario()) as server:
        yield server


def cli(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), stdin=io.StringIO(stdin), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_a_passing_environment_prints_a_tick_per_check_and_exits_0(afas):
    afas.scenario.stored_administration_filter = "1;2;3"
    code, out, _ = cli("test-token", "-e", "O12345AA", "-n", "Finstack", "-a", "3;1;2", "--stdin",
                       "--base-url", afas.base_url, stdin=DEMO_TOKEN_DATA)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 7 and all(line.startswith("✓ ") for line in lines)
    assert lines[-1] == "✓ AFAS returns exactly your administrations — AFAS returns exactly administrations 1;2;3."


def test_the_token_comes_from_the_keyring_when_stored(afas):
    SecretStore().store_token(parse_environment("O12345AA"), "Finstack", parse_token(DEMO_TOKEN_DATA))
    code, out, _ = cli("test-token", "-e", "O12345AA", "-n", "Finstack", "--base-url", afas.base_url)
    assert code == 0 and out.startswith("✓ The AFAS server answers")


def test_a_failing_check_prints_a_cross_the_fix_and_exits_1(afas):
    afas.scenario.blocked_connectors.add("Finstack_Periods")
    code, out, _ = cli("test-token", "-e", "O12345AA", "-n", "Finstack", "--stdin", "--base-url", afas.base_url,
                       stdin=DEMO_TOKEN_DATA)
    assert code == 1
    assert "✗ Each GetConnector answers — 1 GetConnector(s) did not answer: Finstack_Periods." in out
    assert "    Finstack_Periods is blocked." in out
    assert "    → Fix each GetConnector as described" in out
    assert "– The token belongs" not in out  # independent checks still ran


def test_a_warning_exits_1_and_shows_the_warning_sign(afas):
    code, out, _ = cli("test-token", "-e", "O12345AA", "-n", "Finstack", "-a", "1;2;3", "--stdin",
                       "--base-url", afas.base_url, stdin=DEMO_TOKEN_DATA)
    assert code == 1
    assert "⚠ AFAS returns exactly your administrations — AFAS also returns administrations 4;5" in out


def test_json_output_is_the_report_without_the_token(afas):
    afas.scenario.app_connector_blocked = True
    code, out, _ = cli("--lang", "nl", "test-token", "-e", "O12345AA", "-n", "Finstack", "--stdin", "--json",
                       "--base-url", afas.base_url, stdin=DEMO_TOKEN_DATA)
    report = json.loads(out)
    assert code == 1 and report["outcome"] == "failed"
    assert report["checks"][1]["explanation"] == "AFAS weigerde het token (401)."
    assert DEMO_TOKEN_DATA not in out


def test_bad_input_exits_2():
    assert cli("test-token", "-e", "X1", "-n", "Finstack", "--stdin", stdin=DEMO_TOKEN_DATA)[0] == 2
    code, _, err = cli("test-token", "-e", "O12345AA", "-n", "Finstack", "-a", "1;abc", "--stdin",
                       stdin=DEMO_TOKEN_DATA)
    assert code == 2 and '"abc"' in err
    code, _, err = cli("test-token", "-e", "O12345AA", "-n", "Finstack", "--stdin", "--base-url",
                       "https://evil.example", stdin=DEMO_TOKEN_DATA)
    assert code == 2 and "only accepts a local stand-in" in err
    code, _, err = cli("test-token", "-e", "O12345AA", "-n", "Nothing stored", stdin="")
    assert code == 2 and "No token was given" in err
