"""The password store keyring picks on this computer, judged in real processes: a plaintext file store is refused
and gets no file; when keyring chains the Secret Service with keyrings.alt's file store (as on many Linux
desktops), the token goes to the Secret Service only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.keyring_support import needs_secret_service
from wizard.app.folders import CONFIG_DIR_ENV
from wizard.standins.demo import DEMO_TOKEN_XML

TOKEN_ARGS = ("-e", "T54321AB", "-n", "Keyring choice")


def wizard(*argv: str, home: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess:
    """The command line as a user runs it, with keyring's and the wizard's files kept under `home`."""
    base = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    folders = {"XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
               CONFIG_DIR_ENV: str(home / "wizard")}
    return subprocess.run([sys.executable, "-m", "wizard", *argv], input=stdin, capture_output=True, text=True,
                          timeout=60, env=base | folders | env, check=False)


def test_a_plaintext_store_named_by_the_user_is_refused_and_writes_nothing(tmp_path):
    plaintext = {"PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring"}
    said = wizard("keyring-backend", home=tmp_path, **plaintext)
    assert said.returncode == 1
    assert said.stdout.startswith("keyring chose keyrings.alt.file.PlaintextKeyring; it would keep passwords in a "
                                  "file of its own")
    stored = wizard("token", "store", *TOKEN_ARGS, home=tmp_path, stdin=DEMO_TOKEN_XML, **plaintext)
    assert stored.returncode == 2
    assert stored.stderr.startswith("Error: The only password store available (keyrings.alt.file.PlaintextKeyring) "
                                    "keeps passwords in a file of its own")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


@pytest.mark.secret_service
@needs_secret_service
def test_keyrings_own_chain_is_narrowed_to_the_secret_service(tmp_path):
    said = wizard("keyring-backend", home=tmp_path)
    assert said.returncode == 0, said.stdout + said.stderr
    assert said.stdout == (
        "Tokens are kept in the Secret Service (GNOME Keyring), this system's own password store: keyring backend "
        "keyring.backends.SecretService.Keyring.\n"
        "keyring chose a chain of password stores (keyring.backends.chainer.ChainerBackend); the wizard uses only "
        "keyring.backends.SecretService.Keyring of it.\n")
    stored = wizard("token", "store", *TOKEN_ARGS, home=tmp_path, stdin=DEMO_TOKEN_XML)
    try:
        assert stored.returncode == 0 and "Token stored in the Secret Service (GNOME Keyring)" in stored.stdout
        assert wizard("token", "check", *TOKEN_ARGS, home=tmp_path).returncode == 0
    finally:
        assert wizard("token", "forget", *TOKEN_ARGS, home=tmp_path).returncode == 0
    assert not (tmp_path / "data" / "python_keyring").exists()  # keyrings.alt's file was never written
