"""`finstack-afas-wizard finstack-api set|show|forget`: the address is a setting of this computer, the key goes only
to the keyring (the conftest gives each test an in-memory keyring and a private config folder). Set in an order
that strands nothing when the settings cannot be written."""

from __future__ import annotations

import io
import os

import pytest

from wizard.app.computer import SettingsFile
from wizard.cli import run
from wizard.core.secrets import SERVICE

URL = "https://api.finstack.example/"
API_KEY = "fs-cli-3b9f0e6a51d2"


def cli(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), stdin=io.StringIO(stdin), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_set_show_forget(memory_keyring):
    code, out, err = cli("finstack-api", "set", "--url", URL, stdin=API_KEY + "\n")
    assert code == 0, err
    url = URL.rstrip("/")
    assert memory_keyring.store[(SERVICE, f"finstack-api:{url}")] == API_KEY
    assert SettingsFile().load().finstack_api_url == url
    assert API_KEY not in out + err and API_KEY not in SettingsFile().path.read_text(encoding="utf-8")

    code, out, err = cli("finstack-api", "show")
    assert code == 0 and url in out
    assert API_KEY not in out + err

    code, out, _ = cli("finstack-api", "forget")
    assert code == 0 and "forgotten" in out
    assert (SERVICE, f"finstack-api:{url}") not in memory_keyring.store
    assert SettingsFile().load().finstack_api_url == ""
    assert cli("finstack-api", "show")[0] == 1  # nothing set any more


def test_set_refuses_an_address_that_is_not_https(memory_keyring):
    code, out, err = cli("finstack-api", "set", "--url", "http://example.com", stdin=API_KEY)
    assert code == 2 and out == ""
    assert '"http://example.com" is not a Finstack API address' in err
    assert memory_keyring.store == {}
    assert SettingsFile().load().finstack_api_url == ""


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into a read-only folder")
def test_set_on_a_read_only_settings_folder_says_so_and_strands_no_key(memory_keyring, isolated_config):
    _set_on_an_unwritable_folder(memory_keyring, isolated_config, lambda: isolated_config.chmod(0o500))


def test_set_when_the_settings_cannot_be_written_says_so_and_strands_no_key(memory_keyring, isolated_config):
    # As a full disk or a read-only folder would (root ignores permissions): settings.json cannot be replaced.
    _set_on_an_unwritable_folder(memory_keyring, isolated_config,
                                 lambda: (isolated_config / "settings.json").mkdir(parents=True))


def _set_on_an_unwritable_folder(memory_keyring, folder, break_it) -> None:
    first = "https://first.finstack.example"
    assert cli("finstack-api", "set", "--url", first, stdin="key-1")[0] == 0
    if (folder / "settings.json").exists():
        (folder / "settings.json").unlink()
    break_it()
    try:
        code, _, err = cli("finstack-api", "set", "--url", URL, stdin=API_KEY)
    finally:
        folder.chmod(0o700)
    assert code == 2 and err.startswith("Error:") and "Traceback" not in err
    assert "could not be saved" in err and str(folder) in err
    assert (SERVICE, f"finstack-api:{URL.rstrip('/')}") not in memory_keyring.store  # nothing stranded
    assert memory_keyring.store[(SERVICE, f"finstack-api:{first}")] == "key-1"  # the previous one still works
