"""The command line as a consultant uses it: real subprocesses for the entry points, in-process for detail."""

import io
import subprocess
import sys

import pytest

from wizard.cli import run
from wizard.core.environment import parse_environment
from wizard.core.secrets import SecretStore

DATA = "88537B2C00112233445566778899AABBCCDDEEFF0011223344556677BA7A6D24"


def cli(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), stdin=io.StringIO(stdin), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_filter_prints_the_value_and_warns_about_duplicates():
    assert cli("filter", "3", "1", "2", "1") == (0, "1;2;3\n", "Warning: Removed duplicates: 1\n")


def test_filter_reads_standard_input_when_no_numbers_are_given():
    code, out, _ = cli("filter", stdin="1 - Holding BV\n3 - Export BV\n2 - Dochter BV\n")
    assert (code, out) == (0, "1;2;3\n")


def test_filter_errors_go_to_stderr_with_status_2():
    code, out, err = cli("filter", "1", "abc", "0")
    assert code == 2 and out == ""
    assert 'Error: "abc" (line 2, position 1) is not an administration number' in err
    assert '"0" (line 3, position 1) is 0' in err


def test_environment_prints_number_type_and_base_url():
    code, out, _ = cli("environment", "O12345AA")
    assert code == 0
    assert out.splitlines() == [
        "Environment number: 12345",
        "Type: production (from the first letter)",
        "Environment name: O12345AA",
        "REST base URL: https://12345.rest.afas.online/ProfitRestServices",
    ]


def test_environment_in_dutch_and_as_json():
    code, out, _ = cli("--lang", "nl", "environment", "12345.resttest.afas.online")
    assert code == 0 and "Soort: test (volgens het adres)" in out
    code, out, _ = cli("environment", "12345", "--type", "accept", "--json")
    assert '"base_url": "https://12345.restaccept.afas.online/ProfitRestServices"' in out


def test_environment_conflict_is_an_error():
    code, _, err = cli("environment", "T12345AA", "--type", "production")
    assert code == 2 and "is a test environment, but production is chosen" in err


def test_token_store_check_forget_reads_the_token_from_stdin(memory_keyring):
    code, out, err = cli("token", "store", "--environment", "O12345AA", "--name", "Finstack", stdin=DATA + "\n")
    assert code == 0, err
    token = SecretStore().read_token(parse_environment("O12345AA"), "Finstack")
    assert token is not None and token.reveal_data() == DATA
    assert f"fingerprint {token.fingerprint}" in out and DATA not in out + err

    code, out, _ = cli("token", "check", "-e", "O12345AA", "-n", "Finstack")
    assert code == 0 and "A token is stored for O12345AA / Finstack" in out

    assert cli("token", "forget", "-e", "O12345AA", "-n", "Finstack")[0] == 0
    code, out, _ = cli("token", "check", "-e", "O12345AA", "-n", "Finstack")
    assert code == 1 and "No token is stored" in out


def test_token_store_with_bad_input_says_why(memory_keyring):
    code, _, err = cli("token", "store", "-e", "O12345AA", "-n", "Finstack", stdin="<token><version>1</version>")
    assert code == 2 and "incomplete or broken" in err
    assert memory_keyring.store == {}


def test_token_store_without_a_keyring_fails_plainly():
    import keyring
    import keyring.backends.fail

    keyring.set_keyring(keyring.backends.fail.Keyring())
    code, _, err = cli("token", "store", "-e", "O12345AA", "-n", "Finstack", stdin=DATA)
    assert code == 2 and "no password store the wizard can use" in err


def test_the_token_is_never_accepted_as_an_argument():
    with pytest.raises(SystemExit) as caught:
        cli("token", "store", "-e", "O12345AA", "-n", "Finstack", DATA)
    assert caught.value.code == 2


def _run_module(*argv: str, stdin: str = "") -> subprocess.CompletedProcess:
    # -X importtime is not needed: the child prints whether Qt got imported at exit.
    code = (
        "import sys, runpy; sys.argv = ['finstack-afas-wizard', *sys.argv[1:]]\n"
        "try:\n    runpy.run_module('wizard', run_name='__main__')\n"
        "except SystemExit as e:\n    code = e.code\nelse:\n    code = 0\n"
        "print('QT-LOADED' if any(m.startswith('PySide6') for m in sys.modules) else 'NO-QT', file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    return subprocess.run([sys.executable, "-c", code, *argv], input=stdin, capture_output=True, text=True,
                          timeout=60, check=False)


@pytest.mark.parametrize(
    "argv",
    [("filter", "2", "1"), ("environment", "O12345AA"), ("--help",), ("filter", "--help"), ("token", "--help"),
     ("environment", "bad!")],
)
def test_commands_never_import_qt(argv):
    result = _run_module(*argv)
    assert result.stderr.strip().endswith("NO-QT"), result.stderr
    assert result.returncode in (0, 2)


def test_python_dash_m_wizard_and_the_console_script_agree():
    result = _run_module("filter", "3", "1", "2", "1")
    assert result.returncode == 0 and result.stdout == "1;2;3\n"
    bad = _run_module("environment", "X12345AA")
    assert bad.returncode == 2 and "starts with O (production)" in bad.stderr


def test_filter_with_a_5000_digit_number_is_an_input_error_not_a_traceback():
    code, out, err = cli("filter", "9" * 5000)
    assert (code, out) == (2, "")
    assert err == 'Error: "999999999999999999999999999..." (line 1, position 1) is too large: an AFAS environment ' \
                  "has administrations 1 to 999.\n"


@pytest.mark.parametrize("value", ["[12345.rest.afas.online]", "https://[::1", "12345.rest.afas.online]"])
def test_environment_with_brackets_is_an_input_error(value):
    code, _, err = cli("environment", value)
    assert code == 2 and err.startswith("Error: Square brackets [ ] are not part of an AFAS environment.")


XML = f"<token><version>1</version><data>{DATA}</data></token>"


@pytest.mark.parametrize(
    "argv",
    [("environment", XML), ("environment", DATA), ("filter", DATA), ("filter", "1", XML),
     ("test-token", "-e", DATA, "-n", "Finstack", "--stdin"),
     ("test-token", "-e", "O12345AA", "-n", "Finstack", "-a", f"1;{DATA}", "--stdin"),
     ("test-token", "-e", "O12345AA", "-n", XML, "--stdin"), ("token", "check", "-e", "O12345AA", "-n", DATA)],
)
def test_a_token_typed_in_another_field_is_named_and_never_echoed(argv):
    code, out, err = cli(*argv, stdin=DATA)
    assert code == 2 and "looks like the token" in err
    assert DATA[:12] not in out + err


@pytest.mark.parametrize("data", [b"\xff", b"\xc3(", b"\xed\xa0\x80"])
def test_token_store_with_bytes_that_are_not_utf8_is_a_plain_input_error(data):
    token = b"<token><version>1</version><data>" + data + DATA.encode() + b"</data></token>"
    result = subprocess.run([sys.executable, "-m", "wizard", "token", "store", "-e", "O12345AA", "-n", "Finstack"],
                            input=token, capture_output=True, timeout=60, check=False)
    assert result.returncode == 2, result.stderr
    assert result.stderr.decode().startswith("Error: What came in on standard input is not text")


def test_a_lone_surrogate_on_standard_input_is_a_plain_input_error(memory_keyring):
    code, _, err = cli("token", "store", "-e", "O12345AA", "-n", "Finstack",
                       stdin=f"<token><version>1</version><data>\udcff{DATA}</data></token>")
    assert code == 2 and "is not text" in err and memory_keyring.store == {}


@pytest.mark.parametrize(("action", "says"),
                         [("check", "no saved token to read"), ("forget", "no saved token to remove")])
def test_token_check_and_forget_without_a_keyring_say_what_did_not_happen(action, says):
    import keyring
    import keyring.backends.fail

    keyring.set_keyring(keyring.backends.fail.Keyring())
    code, _, err = cli("token", action, "-e", "O12345AA", "-n", "Finstack")
    assert code == 2 and says in err and "not saved" not in err


@pytest.mark.parametrize("argv", [("token", "store", "-e", "O12345AA", "-n", "Finstack", DATA),
                                  ("environment", "O12345AA", "--type", DATA),
                                  ("test-token", "-e", "O12345AA", "-n", "Finstack", "--stdin", DATA)])
def test_argument_errors_never_show_a_token(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        cli(*argv)
    err = capsys.readouterr().err
    assert caught.value.code == 2 and "one of the arguments looks like the token" in err
    assert DATA[:12] not in err


def test_the_entry_point_knows_every_command_without_building_the_parser():
    import argparse

    from wizard.cli import build_parser
    from wizard.commands import COMMAND_MODULES

    actions = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(actions[0].choices) == set(COMMAND_MODULES)


@pytest.mark.parametrize(("name", "says"), [("CON.html", "named after the device CON"),
                                            ("report?.pdf", "holds the character ?"),
                                            ("rapport\x1b[31m.pdf", "holds the character \\x1b")])
def test_report_refuses_a_file_name_that_cannot_exist_on_windows_or_macos(tmp_path, name, says):
    code, out, err = cli("--lang", "en", "report", str(tmp_path / name))
    assert code == 2 and out == "" and err.startswith("Error: The report is not written under that name")
    assert says in err and "\x1b" not in err
    assert list(tmp_path.iterdir()) == []
