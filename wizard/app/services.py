"""What the session needs from outside, in one object so tests and the demo can swap parts: where records and this
computer's settings are kept, the password store, and the AFAS and Finstack endpoints."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.app.computer import SettingsFile
from wizard.app.records import RecordStore
from wizard.core.finstack_api import FinstackConfig
from wizard.core.secrets import SecretStore

if TYPE_CHECKING:
    from wizard.core.logs import LogSetup
    from wizard.standins.demo import DemoServices


@dataclass
class Services:
    records: RecordStore = field(default_factory=RecordStore)
    settings: SettingsFile = field(default_factory=SettingsFile)
    secrets: SecretStore = field(default_factory=SecretStore)
    afas_base_url: str | None = None  # None = the real AFAS host of the environment
    finstack: FinstackConfig | None = None  # a preset Finstack API (demo, tests); None = the user's choice
    demo: DemoServices | None = None  # the stand-ins while --demo runs
    prefill: dict[str, str] = field(default_factory=dict)  # environment/token/administrations texts (demo)
    definitions_dir: Path | None = None  # None = getconnectors/definitions/ of this build
    gcn_dir: Path | None = None  # None = getconnectors/gcn/ of this build
    log: LogSetup | None = None  # where this run logs (None: not set up, as in most tests)

    @property
    def is_demo(self) -> bool:
        return self.demo is not None

    def stop(self) -> None:
        if self.demo is not None:
            self.demo.stop()
