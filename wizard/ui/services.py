"""What the wizard needs from outside the GUI, gathered in one object so tests and the demo can swap parts:
where progress is saved, the password store, the AFAS and Finstack endpoints, the desktop's dialogs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.core.finstack_api import FinstackConfig
from wizard.core.secrets import SecretStore
from wizard.core.settings import SettingsStore
from wizard.ui.desktop import Desktop

if TYPE_CHECKING:
    from wizard.standins.demo import DemoServices

DEMO_SECRET_SERVICE = "finstack-afas-wizard-demo"  # noqa: S105 - a keyring service name


@dataclass
class Services:
    """Settings, secrets and the endpoints the wizard talks to (real ones, or the demo stand-ins)."""

    store: SettingsStore = field(default_factory=SettingsStore)
    secrets: SecretStore = field(default_factory=SecretStore)
    afas_base_url: str | None = None  # None = the real AFAS host of the environment
    finstack: FinstackConfig | None = None  # preset Finstack API (demo, tests); None = the user's choice
    demo: DemoServices | None = None  # the stand-ins while --demo runs
    clipboard_clear_ms: int = 30_000
    prefill: dict[str, str] = field(default_factory=dict)  # environment/token/administrations texts (demo)
    desktop: Desktop = field(default_factory=Desktop)  # file dialogs and the file manager; tests answer them
    definitions_dir: Path | None = None  # None = getconnectors/definitions/ of this build
    gcn_dir: Path | None = None  # None = getconnectors/gcn/ of this build

    @property
    def is_demo(self) -> bool:
        return self.demo is not None


def demo_services(store: SettingsStore | None = None) -> Services:
    """Start the stand-ins on 127.0.0.1 and point everything at them (the one place the GUI imports them)."""
    from wizard.standins.demo import start_demo

    demo = start_demo()
    return Services(
        store=store or SettingsStore(SettingsStore().directory / "demo"),  # never touches real progress
        secrets=SecretStore(service=DEMO_SECRET_SERVICE),
        afas_base_url=demo.afas_base_url,
        finstack=FinstackConfig(base_url=demo.finstack_base_url, api_key=demo.finstack_api_key),
        demo=demo,
        prefill={
            "environment": demo.environment_text,
            "token": demo.token_text,
            "administrations": demo.administrations_text,
        },
    )
