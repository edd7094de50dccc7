"""What the AFAS stand-in pretends about the customer's environment: the situations the wizard must recognise
(blocked App connector, missing connectors, IP restriction, maintenance, filters, rights) and network faults.

Tests set these at construction or change them while the stand-in runs (`standin.scenario.maintenance = True`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from enum import Enum

HUGE_BODY_BYTES = 80 * 1024 * 1024  # above AFAS's documented 75 MB per API call


@dataclass(frozen=True)
class Administration:
    id: int
    name: str
    code: str


# A realistic Dutch group: one holding, operating companies and a property company.
DEFAULT_ADMINISTRATIONS: tuple[Administration, ...] = (
    Administration(1, "Holding BV", "HOLD"),
    Administration(2, "Werkmaatschappij Noord BV", "WMN"),
    Administration(3, "Werkmaatschappij Zuid BV", "WMZ"),
    Administration(4, "Vastgoed BV", "VG"),
    Administration(5, "Personeel BV", "PERS"),
)


class FaultKind(Enum):
    CONNECTION_RESET = "connection_reset"  # close the socket with a TCP reset, no response
    STALLED_BODY = "stalled_body"  # send the headers and a few bytes, then nothing
    MALFORMED_JSON = "malformed_json"  # 200 with a truncated JSON body
    HUGE_BODY = "huge_body"  # a valid JSON body of `size` bytes, streamed


@dataclass
class Fault:
    """A fault for the requests to one path. `times` None = every request; otherwise the next `times` ones."""

    kind: FaultKind
    times: int | None = None
    size: int = HUGE_BODY_BYTES  # HUGE_BODY only

    def __post_init__(self) -> None:
        self._lock = threading.Lock()

    def claim(self) -> bool:
        """True when this request gets the fault (and uses up one of `times`)."""
        with self._lock:
            if self.times is None:
                return True
            if self.times <= 0:
                return False
            self.times -= 1
            return True


@dataclass
class AfasScenario:
    """The state of the AFAS environment behind the stand-in. Every default is the happy path."""

    # App connector and access
    app_connector_blocked: bool = False  # new App connectors start blocked: every call → 401, empty body
    ip_restricted: bool = False  # the caller's IP is not on the App connector's allow-list → 403, empty body
    maintenance: bool = False  # → 503 with AFAS's JSON body and Retry-After
    maintenance_retry_after: int = 7200  # seconds, AFAS's documented example value
    app_connector_version_enabled: bool = False  # AppConnectorVersion on the Connectors tab: /profitversion works
    profit_version: str = "22.22.5"
    token_envid: str | None = None  # report another envid in metainfo (a token of another environment)
    app_name: str = "Finstack"
    group: str | None = None  # None: "AuthorizationGroup 101 (<number>.FINSTACK)"
    token_expiry: str = "0"

    # GetConnectors (by external name)
    not_imported: set[str] = field(default_factory=set)  # .gcn never imported: absent from metainfo; call → 500
    not_in_app_connector: set[str] = field(default_factory=set)  # imported but not added: same as not imported
    blocked_connectors: set[str] = field(default_factory=set)  # listed in metainfo; call → 500 "is geblokkeerd"
    missing_fields: dict[str, tuple[str, ...]] = field(default_factory=dict)  # connector → aliases it lacks
    outdated_aliases: dict[str, dict[str, str]] = field(default_factory=dict)  # connector → {alias: older alias}

    # Administrations
    stored_administration_filter: str | None = None  # what the customer typed ("1;2;3"); None = no filter set
    authorised_administrations: tuple[int, ...] | None = None  # what the token's user may see; None = all
    filter_cache_seconds: float = 0.0  # AFAS caches stored filters up to 30 minutes (1800); 0 = instant

    # Network behaviour
    latency_seconds: float = 0.0  # added to every request
    faults: dict[str, Fault] = field(default_factory=dict)  # "metainfo", "connectors/<id>", ... or "*"

    def is_callable(self, connector: str) -> bool:
        """Imported and added to the App connector (blocked ones still count: they show in metainfo)."""
        return connector not in self.not_imported and connector not in self.not_in_app_connector

    def fault_for(self, relative_path: str) -> Fault | None:
        wanted = relative_path.strip("/").casefold()
        for key, fault in list(self.faults.items()):
            if (key == "*" or key.strip("/").casefold() == wanted) and fault.claim():
                return fault
        return None


def parse_stored_filter(value: str | None) -> frozenset[int] | None:
    """The administration ids in a stored "Filter op deze waarden" value; None when no filter is set."""
    if value is None or not value.strip():
        return None
    ids = {int(part) for part in value.replace(",", ";").split(";") if part.strip().isdigit()}
    return frozenset(ids)
