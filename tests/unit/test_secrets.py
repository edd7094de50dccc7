import keyring
import keyring.backend
import keyring.backends.fail
import keyring.errors
import pytest

from tests.keyring_support import needs_secret_service
from wizard.core.environment import parse_environment
from wizard.core.secrets import SERVICE, SecretStore, SecretStoreError, SecretStoreFailure
from wizard.core.token import parse_token

ENV = parse_environment("O12345AA")
TOKEN = parse_token("ADE370BE" * 8)


def test_a_token_is_stored_read_and_forgotten_under_environment_and_name(memory_keyring):
    store = SecretStore()
    store.store_token(ENV, "Finstack", TOKEN)
    assert memory_keyring.store[(SERVICE, "production:12345/Finstack")] == TOKEN.reveal()
    assert store.read_token(ENV, " Finstack ") == TOKEN
    assert store.read_token(parse_environment("T12345AA"), "Finstack") is None
    assert store.read_token(ENV, "Other") is None
    assert store.forget_token(ENV, "Finstack") is True
    assert store.read_token(ENV, "Finstack") is None
    assert store.forget_token(ENV, "Finstack") is False


class RaisingKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self, exc: BaseException) -> None:
        super().__init__()
        self.exc = exc

    def get_password(self, service, username):
        raise self.exc

    def set_password(self, service, username, password):
        raise self.exc

    def delete_password(self, service, username):
        raise self.exc


class OSError1783(Exception):
    """Stands in for pywintypes.error, which Windows raises outside keyring's hierarchy."""


@pytest.mark.parametrize(
    ("exc", "failure", "says"),
    [
        (keyring.errors.KeyringLocked("Failed to unlock the collection!"), SecretStoreFailure.LOCKED, "is locked"),
        (keyring.errors.InitError("Failed to create the collection: Prompt dismissed.."),
         SecretStoreFailure.PROMPT_DISMISSED, "request was closed"),
        (keyring.errors.PasswordSetError("boom"), SecretStoreFailure.BACKEND_ERROR, "PasswordSetError"),
        (OSError1783(1783, "CredWrite", "The stub received bad data."), SecretStoreFailure.BACKEND_ERROR,
         "OSError1783"),
    ],
)
def test_every_keyring_failure_becomes_one_typed_error_with_a_plain_message(exc, failure, says):
    store = SecretStore(backend=RaisingKeyring(exc))
    for action in (lambda: store.store_token(ENV, "Finstack", TOKEN), lambda: store.read_token(ENV, "Finstack"),
                   lambda: store.forget_token(ENV, "Finstack")):
        with pytest.raises(SecretStoreError) as caught:
            action()
        assert caught.value.failure is failure
        assert says in caught.value.text("en")
        assert caught.value.__cause__ is None  # the backend's own text (and any secret) is not chained


def test_no_backend_says_nothing_was_written_and_where_is_nowhere(isolated_config):
    keyring.set_keyring(keyring.backends.fail.Keyring())
    store = SecretStore()
    with pytest.raises(SecretStoreError) as caught:
        store.store_token(ENV, "Finstack", TOKEN)
    assert caught.value.failure is SecretStoreFailure.NO_BACKEND
    assert "Nothing was written to disk" in caught.value.text("en")
    assert store.where().text("en") == "no password store (none is available)"
    assert not isolated_config.exists() or not any(isolated_config.rglob("*"))


def test_a_value_too_long_for_windows_credential_manager_is_refused_before_writing(memory_keyring):
    store = SecretStore()
    with pytest.raises(SecretStoreError) as caught:
        store.set_secret("x", "A" * 1281)
    assert caught.value.failure is SecretStoreFailure.TOO_LONG
    assert "2560 bytes" in caught.value.text("en")
    assert memory_keyring.store == {}
    store.set_secret("x", "A" * 1280)
    assert store.get_secret("x") == "A" * 1280


def test_a_plaintext_or_null_backend_is_refused_never_used():
    from keyring.backends.null import Keyring as NullKeyring
    from keyrings.alt.file import PlaintextKeyring

    for backend, failure in ((NullKeyring(), SecretStoreFailure.NO_BACKEND),
                             (PlaintextKeyring(), SecretStoreFailure.UNSAFE_BACKEND)):
        with pytest.raises(SecretStoreError) as caught:
            SecretStore(backend=backend).store_token(ENV, "Finstack", TOKEN)
        assert caught.value.failure is failure


def test_an_unreadable_stored_value_is_reported(memory_keyring):
    memory_keyring.store[(SERVICE, "production:12345/Finstack")] = "<token><data></data></token>"
    with pytest.raises(SecretStoreError) as caught:
        SecretStore().read_token(ENV, "Finstack")
    assert caught.value.failure is SecretStoreFailure.STORED_VALUE_UNREADABLE


def test_error_texts_never_contain_the_token():
    store = SecretStore(backend=RaisingKeyring(keyring.errors.PasswordSetError(TOKEN.reveal())))
    with pytest.raises(SecretStoreError) as caught:
        store.store_token(ENV, "Finstack", TOKEN)
    assert TOKEN.reveal_data() not in str(caught.value) + caught.value.text("nl") + repr(caught.value)


@pytest.mark.secret_service
@needs_secret_service
def test_round_trip_through_a_real_secret_service():
    from keyring.backends import SecretService

    store = SecretStore(backend=SecretService.Keyring())
    assert store.where().text("en") == "the Secret Service (GNOME Keyring)"
    with pytest.raises(SecretStoreError) as caught:
        store.set_secret("too-long", "A" * 2608)
    assert "too long to keep in the Secret Service (GNOME Keyring)" in caught.value.text("en")
    env = parse_environment("T54321AB")
    store.store_token(env, "Finstack CI", TOKEN)
    try:
        assert store.read_token(env, "Finstack CI") == TOKEN
        import secretstorage

        with secretstorage.dbus_init() as connection:
            items = list(secretstorage.search_items(connection, {"service": SERVICE,
                                                                 "username": "test:54321/Finstack CI"}))
            assert len(items) == 1
    finally:
        assert store.forget_token(env, "Finstack CI") is True
    assert store.read_token(env, "Finstack CI") is None


def test_a_value_too_long_names_this_computers_password_store(memory_keyring):
    store = SecretStore()
    with pytest.raises(SecretStoreError) as caught:
        store.store_token(ENV, "Finstack", parse_token("A1" * 1304))  # a 2608-character data part
    where = store.where().text("en")
    assert caught.value.text("en").startswith(f"This value is too long to keep in {where}:")
    assert "Windows" not in caught.value.text("en") + caught.value.text("nl")


@pytest.mark.parametrize(
    ("action", "says"),
    [(lambda store: store.read_token(ENV, "Finstack"), "so there is no saved token to read"),
     (lambda store: store.forget_token(ENV, "Finstack"), "so there is no saved token to remove")],
)
def test_without_a_password_store_reading_and_removing_say_what_did_not_happen(action, says):
    keyring.set_keyring(keyring.backends.fail.Keyring())
    with pytest.raises(SecretStoreError) as caught:
        action(SecretStore())
    assert says in caught.value.text("en")
    assert "not saved" not in caught.value.text("en") and "niet bewaard" not in caught.value.text("nl")
