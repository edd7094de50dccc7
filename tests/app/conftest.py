"""Fixtures for the application layer's tests: services on the per-test folders, with the stand-ins."""

from __future__ import annotations

import pytest

from tests.standin_fixtures import FINSTACK_KEY
from wizard.app.computer import SettingsFile
from wizard.app.records import RecordStore
from wizard.app.services import Services
from wizard.core.finstack_api import FinstackConfig
from wizard.core.secrets import SecretStore


@pytest.fixture
def make_services(real_standins):
    """Services as the window builds them, on this test's folders, talking to the stand-ins."""
    afas, finstack = real_standins

    def make(*, api: bool = True) -> Services:
        return Services(records=RecordStore(), settings=SettingsFile(), secrets=SecretStore(),
                        afas_base_url=afas.base_url,
                        finstack=FinstackConfig(finstack.base_url, FINSTACK_KEY) if api else None)

    return make


@pytest.fixture
def demo_token() -> str:
    from wizard.standins.demo import DEMO_TOKEN_XML

    return DEMO_TOKEN_XML
