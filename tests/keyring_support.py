"""Whether this test run has a real Secret Service (scripts/test.sh starts gnome-keyring on a private D-Bus
session); the tests that need one skip without it, saying so."""

from __future__ import annotations

import pytest


def secret_service_available() -> bool:
    try:
        from keyring.backends import SecretService

        return SecretService.Keyring.priority > 0
    except Exception:  # no D-Bus, no secretstorage, a locked or absent collection: no Secret Service here
        return False


needs_secret_service = pytest.mark.skipif(
    not secret_service_available(), reason="no Secret Service on a D-Bus session (run via scripts/test.sh)")
