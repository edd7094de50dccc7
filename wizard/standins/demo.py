"""`--demo`: both stand-ins on 127.0.0.1 with a happy-path customer, and the texts to prefill the wizard with.

The demo customer is O12345AA with five administrations, of which the token's user may see all, and the
Finstack_Administrations filter already set to 1;2;3. The token is a fake constant that only this stand-in
accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import TracebackType
from typing import Self

from wizard.standins.afas_profit import DEMO_TOKEN_DATA, AfasProfitStandin
from wizard.standins.afas_scenario import DEFAULT_ADMINISTRATIONS, AfasScenario
from wizard.standins.finstack import FinstackStandin

DEMO_ENVIRONMENT = "O12345AA"
DEMO_TOKEN_XML = f"<token><version>1</version><data>{DEMO_TOKEN_DATA}</data></token>"
DEMO_ADMINISTRATIONS_FILTER = "1;2;3"
DEMO_FINSTACK_API_KEY = "demo-finstack-api-key"


@dataclass
class DemoServices:
    afas: AfasProfitStandin
    finstack: FinstackStandin
    environment_text: str = DEMO_ENVIRONMENT
    token_text: str = field(default=DEMO_TOKEN_XML, repr=False)
    administrations_text: str = DEMO_ADMINISTRATIONS_FILTER
    finstack_api_key: str = field(default=DEMO_FINSTACK_API_KEY, repr=False)

    @property
    def afas_base_url(self) -> str:
        return self.afas.base_url

    @property
    def finstack_base_url(self) -> str:
        return self.finstack.base_url

    def stop(self) -> None:
        self.afas.stop()
        self.finstack.stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def start_demo() -> DemoServices:
    """Start both stand-ins and return their addresses and the demo texts. Call stop() (or use `with`)."""
    scenario = AfasScenario(stored_administration_filter=DEMO_ADMINISTRATIONS_FILTER)
    afas = AfasProfitStandin(DEMO_ENVIRONMENT, DEMO_TOKEN_DATA, DEFAULT_ADMINISTRATIONS, scenario=scenario)
    finstack = FinstackStandin(api_key=DEMO_FINSTACK_API_KEY)
    afas.start()
    try:
        finstack.start()
    except BaseException:
        afas.stop()
        raise
    return DemoServices(afas, finstack)
