"""The customers a consultant has worked on, as the Welcome page and the command line list them: one summary per
record (which AFAS environment, which journey, where it stopped, when, whether its token is stored, its last token
test). Kept in memory for the whole book, so listing 2000 customers reads nothing again."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from wizard.app.flow import Flow, FlowContext
from wizard.core.environment import TYPE_SOURCE_DEFAULT, parse_environment
from wizard.core.messages import UserInputError
from wizard.core.state import WizardState

NEW_CUSTOMER = "new"  # the key of a customer whose environment is not known yet
_FLOW = Flow()


@dataclass(frozen=True)
class CustomerSummary:
    id: str
    label: str
    environment: str  # the environment's name (O12345AA), or "" while it is not known
    key: str  # "production:12345", or NEW_CUSTOMER
    token_name: str
    journey: str
    page: str  # where the journey in hand stopped
    finished: bool
    updated_at: str
    token_stored: bool
    test_outcome: str  # the last token test: passed / warning / failed, or ""
    test_at: str

    @property
    def token_account(self) -> tuple[str, str] | None:
        """The password-store entry this record's token is kept under, while it has one."""
        return (self.key, self.token_name) if self.token_stored and self.key != NEW_CUSTOMER else None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def summarize(state: WizardState, flow: Flow = _FLOW) -> CustomerSummary:
    env = state.environment()
    return CustomerSummary(state.customer_id, state.label, env.name if env else "", env.key if env else NEW_CUSTOMER,
                           state.clean_token_name, state.journey, state.current_page,
                           flow.is_finished(FlowContext(state)), state.updated_at, state.token_stored,
                           state.token_test.outcome, state.token_test.at)


class CustomerBook:
    """Record id -> summary, newest first when listed."""

    def __init__(self) -> None:
        self._rows: dict[str, CustomerSummary] = {}
        self.loaded = False  # the background scan has filled it

    def fill(self, summaries: Iterable[CustomerSummary]) -> None:
        for summary in summaries:
            self._rows.setdefault(summary.id, summary)  # a row changed since the scan began is newer
        self.loaded = True

    def put(self, summary: CustomerSummary) -> bool:
        """Keep `summary`; False when nothing changed."""
        if self._rows.get(summary.id) == summary:
            return False
        self._rows[summary.id] = summary
        return True

    def drop(self, record_id: str) -> None:
        self._rows.pop(record_id, None)

    def get(self, record_id: str) -> CustomerSummary | None:
        return self._rows.get(record_id)

    def rows(self) -> list[CustomerSummary]:
        return newest_first(self._rows.values())

    def __len__(self) -> int:
        return len(self._rows)

    def others_on_account(self, record_id: str, account: tuple[str, str]) -> list[CustomerSummary]:
        """The other records whose token is kept under `account` (the same environment and token name)."""
        return [row for row in self._rows.values() if row.id != record_id and row.token_account == account]


def newest_first(rows: Iterable[CustomerSummary]) -> list[CustomerSummary]:
    return sorted(rows, key=lambda row: (row.updated_at, row.id), reverse=True)


def find_customers(rows: Iterable[CustomerSummary], wanted: str) -> list[CustomerSummary]:
    """The customers `wanted` names: a record id (or the first 4+ characters of one), else an AFAS environment
    (O12345AA, 12345 or a REST address: every record on it, newest first)."""
    rows = list(rows)
    wanted = wanted.strip()
    exact = [row for row in rows if row.id == wanted]
    if exact:
        return exact
    if len(wanted) >= 4:
        by_prefix = [row for row in rows if row.id.startswith(wanted.lower())]
        if by_prefix:
            return newest_first(by_prefix)
    try:
        target = parse_environment(wanted)
    except UserInputError:
        return []
    found = []
    for row in rows:
        if row.key == NEW_CUSTOMER:
            continue
        env_type, number = row.key.split(":", 1)
        if number == target.number and (target.type_source == TYPE_SOURCE_DEFAULT or env_type == target.type.value):
            found.append(row)
    return newest_first(found)
