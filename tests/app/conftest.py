"""Fixtures for the application layer's tests: services on the per-test folders, with the stand-ins."""

from __future__ import annotations

import pytest

from tests.app.harness import DEMO_ENVIRONMENT
from wizard.app.computer import SettingsFile
from wizard.app.records import RecordStore
from wizard.app.services import Services
from wizard.core.finstack_api import FinstackConfig
from wizard.core.secrets import SecretStore


@pytest.fixture
def app_standins():
    from wizard.standins.afas_profit import DEMO_TOKEN_DATA, AfasProfitStandin
    from wizard.standins.afas_scenario import DEFAULT_ADMINISTRATIONS, AfasScenario
    from wizard.standins.finstack import FinstackStandin

    afas = AfasProfitStandin(DEMO_ENVIRONMENT, DEMO_TOKEN_DATA, DEFAULT_ADMINISTRATIONS,
                             scenario=AfasScenario(stored_administration_filter="1;2;3"))
    finstack = FinstackStandin(api_key="test-key")
    afas.start()
    finstack.start()
    yield afas, finstack
    afas.stop()
    finstack.stop()


@pytest.fixture
def make_services(app_standins):
    """Services as the window builds them, on this test's folders, talking to the stand-ins."""
    afas, finstack = app_standins

    def make(*, api: bool = True) -> Services:
        return Services(records=RecordStore(), settings=SettingsFile(), secrets=SecretStore(),
                        afas_base_url=afas.base_url,
                        finstack=FinstackConfig(finstack.base_url, "test-key") if api else None)

    return make


@pytest.fixture
def demo_token() -> str:
    from wizard.standins.demo import DEMO_TOKEN_XML

    return DEMO_TOKEN_XML
