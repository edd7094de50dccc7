"""The customers a consultant has worked on, as the Welcome page and `report --customer` see them: which AFAS
environment, which journey, where it stopped, when, and whether it is finished."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wizard.core.environment import TYPE_SOURCE_DEFAULT, parse_environment
from wizard.core.flow import Flow, FlowContext
from wizard.core.messages import UserInputError
from wizard.core.state import WizardState

NEW_CUSTOMER = "new"  # the key of a customer whose environment is not known yet


@dataclass(frozen=True)
class CustomerSummary:
    customer_id: str
    environment: str  # the environment's name (O12345AA), or "" while the customer is new
    key: str  # "production:12345", or NEW_CUSTOMER
    journey: str
    page: str  # where the journey in hand stopped
    finished: bool
    updated_at: str


def summarize(state: WizardState, flow: Flow | None = None) -> CustomerSummary:
    flow = flow or Flow()
    env = state.environment()
    return CustomerSummary(state.customer_id, env.name if env else "", env.key if env else NEW_CUSTOMER,
                           state.journey, state.current_page, flow.is_finished(FlowContext(state)), state.updated_at)


def newest_first(customers: Iterable[WizardState]) -> list[WizardState]:
    return sorted(customers, key=lambda c: c.updated_at, reverse=True)


def find_customer(customers: Iterable[WizardState], wanted: str) -> WizardState | None:
    """The most recent customer whose environment is `wanted` (O12345AA, 12345, a REST address), or None."""
    try:
        target = parse_environment(wanted)
    except UserInputError:
        return None
    for state in newest_first(customers):
        env = state.environment()
        if env is not None and env.number == target.number and (
                target.type_source == TYPE_SOURCE_DEFAULT or env.type == target.type):
            return state
    return None
