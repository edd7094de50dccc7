"""`finstack-afas-wizard finstack-api set|show|forget`: the address goes to the saved state, the key only to
the keyring (the conftest gives each test an in-memory keyring and a private config folder)."""

from __future__ import annotations

import io

from wizard.cli import run
from wizard.core.secrets import SERVICE
from wizard.core.settings import SettingsStore

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
    assert SettingsStore().load().state.finstack_api_url == url
    assert API_KEY not in out + err and API_KEY not in SettingsStore().path.read_text(encoding="utf-8")

    code, out, err = cli("finstack-api", "show")
    assert code == 0 and url in out
    assert API_KEY not in out + err

    code, out, _ = cli("finstack-api", "forget")
    assert code == 0 and "forgotten" in out
    assert (SERVICE, f"finstack-api:{url}") not in memory_keyring.store
    assert SettingsStore().load().state.finstack_api_url == ""
    assert cli("finstack-api", "show")[0] == 1  # nothing set any more


def test_set_refuses_an_address_that_is_not_https(memory_keyring):
    code, out, err = cli("finstack-api", "set", "--url", "http://example.com", stdin=API_KEY)
    assert code == 2 and out == ""
    assert '"http://example.com" is not a Finstack API address' in err
    assert memory_keyring.store == {}
    assert SettingsStore().load().state.finstack_api_url == ""
