"""The command line in real processes against the real Secret Service (gnome-keyring on a private D-Bus)."""

import os
import subprocess
import sys

import pytest

from tests.keyring_support import needs_secret_service

DATA = "949C1A9C0BB8B1A4E0CCE6A2F1D0E3B2C4A5968778695A4B3C2D1E0F1A2B3C4D"


pytestmark = [
    pytest.mark.secret_service,
    needs_secret_service,
]


def wizard(*argv: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    return subprocess.run([sys.executable, "-m", "wizard", *argv], input=stdin, capture_output=True, text=True,
                          timeout=60, env=env, check=False)


def test_store_check_forget_through_the_real_keyring():
    args = ("-e", "T54321AB", "-n", "CLI real keyring")
    stored = wizard("token", "store", *args, stdin=DATA + "\n")
    assert stored.returncode == 0, stored.stderr
    assert "Token stored in the Secret Service (GNOME Keyring) for T54321AB / CLI real keyring" in stored.stdout
    try:
        checked = wizard("token", "check", *args)
        assert checked.returncode == 0 and "A token is stored" in checked.stdout
        assert DATA not in checked.stdout + checked.stderr + stored.stdout + stored.stderr
    finally:
        forgotten = wizard("token", "forget", *args)
    assert forgotten.returncode == 0 and "removed from the Secret Service" in forgotten.stdout
    assert wizard("token", "check", *args).returncode == 1


def test_test_token_reads_the_token_from_the_real_keyring():
    from wizard.standins.afas_profit import DEMO_TOKEN_DATA, AfasProfitStandin
    from wizard.standins.afas_scenario import AfasScenario

    args = ("-e", "O12345AA", "-n", "CLI test-token")
    assert wizard("token", "store", *args, stdin=DEMO_TOKEN_DATA).returncode == 0
    try:
        with AfasProfitStandin("O12345AA", scenario=AfasScenario(stored_administration_filter="1;2;3")) as afas:
            result = wizard("test-token", *args, "--administrations", "3;2;1", "--base-url", afas.base_url)
    finally:
        wizard("token", "forget", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "✓ AFAS returns exactly your administrations — AFAS returns exactly administrations 1;2;3." in result.stdout
