"""Test isolation for the whole suite: every test gets its own config folder and, unless it asks for the
real Secret Service, an in-memory keyring; Qt runs offscreen."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Children started outside a test's own folders (module-scoped fixtures) log here, never in the user's folder.
os.environ.setdefault("FINSTACK_WIZARD_LOG_DIR", tempfile.mkdtemp(prefix="wizard-test-logs-"))

import keyring
import keyring.backend
import keyring.errors
import pytest

from wizard.app.folders import CONFIG_DIR_ENV, DATA_DIR_ENV, LOG_DIR_ENV
from wizard.core.logs import stop_logging

# The stand-in fixtures (afas, afas_http, finstack, finstack_http, standin_definitions) for every test module.
pytest_plugins = ["tests.standin_fixtures"]


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A real keyring backend that keeps secrets in a dict, for tests that are not about the OS store."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.store[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError(username) from None


@pytest.fixture(autouse=True)
def isolated_config(tmp_path, tmp_path_factory, monkeypatch):
    """A private config and data folder per test, so no test reads or writes the developer's real state."""
    folder = tmp_path / "config"
    monkeypatch.setenv(CONFIG_DIR_ENV, str(folder))
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    monkeypatch.setenv(LOG_DIR_ENV, str(tmp_path_factory.mktemp("logs")))  # beside tmp_path: tests count its files
    monkeypatch.delenv("FINSTACK_WIZARD_LANG", raising=False)
    yield folder
    stop_logging()  # a command run in-process started the log: its file is closed with the test


@pytest.fixture(autouse=True)
def memory_keyring(request):
    """In-memory keyring for every test except those marked secret_service (they use the real one)."""
    if request.node.get_closest_marker("secret_service"):
        yield None
        return
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
