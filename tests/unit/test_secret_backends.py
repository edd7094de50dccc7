"""The password store per operating system, judged by keyring backend class: the real classes of keyring and
keyrings.alt are constructed here (Windows's and macOS's cannot run on Linux, but their classes can be judged
and described), and the refused ones are shown never to receive a token."""

from __future__ import annotations

import keyring.backend
import keyring.backends.fail
import keyring.backends.kwallet
import keyring.backends.libsecret
import keyring.backends.macOS
import keyring.backends.null
import keyring.backends.SecretService
import keyring.backends.Windows
import keyrings.alt.file
import keyrings.alt.Windows
import pytest
from keyring.backends.chainer import ChainerBackend

import wizard.cli as cli
from wizard.core.environment import parse_environment
from wizard.core.secret_backends import Verdict, backend_name, choose_backend, judge_class
from wizard.core.secrets import SecretStore, SecretStoreError, SecretStoreFailure

WINDOWS, MACOS, LINUX = "win32", "darwin", "linux"
ENV = parse_environment("O12345AA")
TOKEN_XML = "<token><version>1</version><data>" + "ADE370BE" * 8 + "</data></token>"

OS_STORE_CLASSES = {
    WINDOWS: [keyring.backends.Windows.WinVaultKeyring],
    MACOS: [keyring.backends.macOS.Keyring],
    LINUX: [keyring.backends.SecretService.Keyring, keyring.backends.libsecret.Keyring,
            keyring.backends.kwallet.DBusKeyring, keyring.backends.kwallet.DBusKeyringKWallet4],
}
FILE_STORE_CLASSES = [keyrings.alt.file.PlaintextKeyring, keyrings.alt.file.EncryptedKeyring,
                      keyrings.alt.Windows.RegistryKeyring, keyrings.alt.Windows.EncryptedKeyring]
NO_STORE_CLASSES = [keyring.backends.null.Keyring, keyring.backends.fail.Keyring]


class Chain(ChainerBackend):
    """keyring's own chain of backends, with the members given instead of discovered on this computer."""

    priority = -2  # type: ignore[assignment]  # keyring registers every backend class: never pick this one

    def __init__(self, *members: keyring.backend.KeyringBackend) -> None:
        super().__init__()
        self.members = list(members)

    @property
    def backends(self) -> list[keyring.backend.KeyringBackend]:  # type: ignore[override]
        return self.members


@pytest.mark.parametrize("platform", [WINDOWS, MACOS, LINUX, "freebsd14"])
def test_each_system_uses_its_own_store_and_treats_another_systems_as_a_configured_one(platform):
    own = OS_STORE_CLASSES.get(platform, OS_STORE_CLASSES[LINUX])
    for cls in own:
        choice = choose_backend(cls(), platform)
        assert (choice.verdict, choice.used_name) == (Verdict.OS_STORE, backend_name(choice.configured))
    for cls in (cls for classes in OS_STORE_CLASSES.values() for cls in classes if cls not in own):
        assert judge_class(backend_name(cls()), platform) is Verdict.OTHER


@pytest.mark.parametrize("platform", [WINDOWS, MACOS, LINUX])
def test_file_and_empty_stores_are_refused_on_every_system(platform):
    for cls, verdict in [*((cls, Verdict.FILE_STORE) for cls in FILE_STORE_CLASSES),
                         *((cls, Verdict.NO_STORE) for cls in NO_STORE_CLASSES)]:
        name = f"{cls.__module__}.{cls.__qualname__}"
        assert judge_class(name, platform) is verdict, name
    # Judged as keyring hands them over: an instance (the encrypted ones need pycryptodome to be constructed).
    for backend in (keyrings.alt.file.PlaintextKeyring(), keyrings.alt.Windows.RegistryKeyring(),
                    keyring.backends.null.Keyring(), keyring.backends.fail.Keyring()):
        choice = choose_backend(backend, platform)
        assert (choice.used, choice.refused_names) == (None, (backend_name(backend),))
        assert choice.verdict.refused


def test_the_expected_store_of_each_system_is_named_as_its_users_know_it():
    names = {cls: SecretStore(backend=cls()).where().text(language)
             for cls in (keyring.backends.Windows.WinVaultKeyring, keyring.backends.macOS.Keyring,
                         keyring.backends.SecretService.Keyring, keyring.backends.kwallet.DBusKeyring)
             for language in ("en",)}
    assert list(names.values()) == ["Windows Credential Manager", "macOS Keychain",
                                    "the Secret Service (GNOME Keyring)", "KDE Wallet"]
    assert SecretStore(backend=keyring.backends.Windows.WinVaultKeyring()).where().text("nl") \
        == "Windows Referentiebeheer"


def test_a_plaintext_store_is_refused_with_its_name_and_gets_no_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # where keyrings.alt would write keyring_pass.cfg
    store = SecretStore(backend=keyrings.alt.file.PlaintextKeyring())
    for action, says in ((lambda: store.set_secret("x", "A" * 40), "the wizard did not store the token there"),
                         (lambda: store.get_secret("x"), "no token is read from it or removed from it"),
                         (lambda: store.delete_secret("x"), "no token is read from it or removed from it")):
        with pytest.raises(SecretStoreError) as caught:
            action()
        assert caught.value.failure is SecretStoreFailure.UNSAFE_BACKEND
        assert "(keyrings.alt.file.PlaintextKeyring) keeps passwords in a file of its own" in caught.value.text("en")
        assert says in caught.value.text("en")
        assert "bewaart wachtwoorden in een eigen bestand" in caught.value.text("nl")
    assert list(tmp_path.rglob("*")) == []


def test_a_store_that_keeps_nothing_is_refused_as_no_store_at_all():
    for cls in NO_STORE_CLASSES:
        with pytest.raises(SecretStoreError) as caught:
            SecretStore(backend=cls()).set_secret("x", "A" * 40)
        assert caught.value.failure is SecretStoreFailure.NO_BACKEND
        assert "no password store the wizard can use" in caught.value.text("en")
        assert SecretStore(backend=cls()).where().text("en") == "no password store (none is available)"


def test_a_chain_is_never_used_whole_the_systems_own_member_is(tmp_path, monkeypatch):
    plaintext, memory = keyrings.alt.file.PlaintextKeyring(), _memory()
    windows, secret_service = keyring.backends.Windows.WinVaultKeyring(), keyring.backends.SecretService.Keyring()
    cases = [
        (LINUX, Chain(plaintext, memory, secret_service), secret_service, Verdict.OS_STORE),
        (WINDOWS, Chain(plaintext, secret_service, windows), windows, Verdict.OS_STORE),
        (MACOS, Chain(plaintext, memory), memory, Verdict.OTHER),
    ]
    for platform, chain, used, verdict in cases:
        choice = choose_backend(chain, platform)
        assert (choice.used, choice.verdict, choice.configured) == (used, verdict, chain)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    store = SecretStore(backend=Chain(plaintext, memory))
    store.store_token(ENV, "Finstack", _token())
    assert store.read_token(ENV, "Finstack") == _token()
    assert list(tmp_path.rglob("*")) == []  # the plaintext member never saw it
    assert store.where().text("en") == f"the password store {backend_name(memory)}"


def test_a_chain_of_refused_members_only_is_refused_naming_them():
    chain = Chain(keyrings.alt.file.PlaintextKeyring(), keyrings.alt.Windows.RegistryKeyring())
    with pytest.raises(SecretStoreError) as caught:
        SecretStore(backend=chain).store_token(ENV, "Finstack", _token())
    assert caught.value.failure is SecretStoreFailure.UNSAFE_BACKEND
    assert "(keyrings.alt.file.PlaintextKeyring, keyrings.alt.Windows.RegistryKeyring)" in caught.value.text("en")
    with pytest.raises(SecretStoreError) as caught:
        SecretStore(backend=Chain()).store_token(ENV, "Finstack", _token())
    assert caught.value.failure is SecretStoreFailure.NO_BACKEND


def test_the_keyring_backend_diagnostic_names_the_class_and_exits_1_when_refused(memory_keyring, capsys):
    assert cli.run(["keyring-backend"]) == 0
    assert capsys.readouterr().out == ("Tokens are kept in the password store tests.conftest.MemoryKeyring: not this "
                                       "system's own password store, but one keyring was set up to use (keyring "
                                       "backend tests.conftest.MemoryKeyring).\n")
    keyring.set_keyring(Chain(keyrings.alt.file.PlaintextKeyring(), memory_keyring))
    assert cli.run(["keyring-backend"]) == 0
    assert "the wizard uses only tests.conftest.MemoryKeyring of it" in capsys.readouterr().out
    keyring.set_keyring(keyrings.alt.file.PlaintextKeyring())
    assert cli.run(["--lang", "nl", "keyring-backend"]) == 1
    assert capsys.readouterr().out.startswith("keyring koos keyrings.alt.file.PlaintextKeyring; die zou wachtwoorden")
    keyring.set_keyring(keyring.backends.null.Keyring())
    assert cli.run(["keyring-backend"]) == 1
    assert "keyring.backends.null.Keyring, which stores nothing" in capsys.readouterr().out


def test_the_diagnostic_is_not_listed_in_the_help(capsys):
    with pytest.raises(SystemExit):
        cli.run(["--help"])
    assert "keyring-backend" not in capsys.readouterr().out


def _memory() -> keyring.backend.KeyringBackend:
    from tests.conftest import MemoryKeyring

    return MemoryKeyring()


def _token():
    from wizard.core.token import parse_token

    return parse_token(TOKEN_XML)
