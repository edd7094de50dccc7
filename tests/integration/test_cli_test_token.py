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
    assert "✗ Each GetConnector answers — 1 GetConnector did not answer: Finstack_Periods." in out
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


def test_a_piped_token_is_used_when_there_is_no_usable_password_store(afas):
    import keyring
    import keyring.backends.fail

    keyring.set_keyring(keyring.backends.fail.Keyring())
    code, out, err = cli("test-token", "-e", "O12345AA", "-n", "Finstack", "--base-url", afas.base_url,
                         stdin=DEMO_TOKEN_DATA + "\n")
    assert code == 0, err
    assert out.startswith("✓ The AFAS server answers")
    assert err == ("Warning: This computer has no password store the wizard can use, so there is no saved token to "
                   "read. The wizard never keeps the token on disk; give it again when it is needed. Reading the "
                   "token from standard input instead.\n")


def test_a_piped_token_is_used_when_none_is_stored(afas):
    code, out, err = cli("test-token", "-e", "O12345AA", "-n", "Finstack", "--base-url", afas.base_url,
                         stdin=DEMO_TOKEN_DATA)
    assert (code, err) == (0, "") and out.startswith("✓ The AFAS server answers")


def test_no_token_anywhere_says_where_it_looked():
    code, _, err = cli("test-token", "-e", "O12345AA", "-n", "Finstack", stdin="")
    assert code == 2
    assert err.startswith("Error: No token was given on standard input, and none is stored for O12345AA / Finstack "
                          "in the password store")


def test_the_whole_test_stops_at_the_timeout(afas):
    from wizard.standins.afas_scenario import Fault, FaultKind

    afas.scenario.faults["*"] = Fault(FaultKind.STALLED_BODY)
    code, out, _ = cli("test-token", "-e", "O12345AA", "-n", "Finstack", "--stdin", "--timeout", "0.5",
                       "--base-url", afas.base_url, stdin=DEMO_TOKEN_DATA)
    assert code == 1
    assert "✗ AFAS accepts the token — Stopped after 0.5 seconds: AFAS had not finished answering by then." in out


@pytest.mark.parametrize("seconds", ["0", "-1", "nan", "1e9"])
def test_a_timeout_out_of_range_is_an_input_error(seconds):
    code, _, err = cli("test-token", "-e", "O12345AA", "-n", "Finstack", "--stdin", "--timeout", seconds,
                       stdin=DEMO_TOKEN_DATA)
    assert code == 2 and "--timeout must be a number of seconds greater than 0 and at most 3600" in err


@pytest.mark.parametrize("base_url", ["http://127.0.0.1:99999", "http://127.0.0.1:abc/ProfitRestServices",
                                      "http://localhost:0"])
def test_a_bad_port_in_base_url_is_an_input_error(base_url):
    code, out, err = cli("test-token", "-e", "O12345AA", "-n", "Finstack", "--stdin", "--base-url", base_url,
                         stdin=DEMO_TOKEN_DATA)
    assert (code, out) == (2, "")
    assert err.startswith("Error: The port in --base-url must be a number from 1 to 65535")


def test_a_broken_ipv6_base_url_is_refused_plainly():
    code, _, err = cli("test-token", "-e", "O12345AA", "-n", "Finstack", "--stdin", "--base-url", "http://[::1",
                       stdin=DEMO_TOKEN_DATA)
    assert code == 2 and "only accepts a local stand-in" in err
