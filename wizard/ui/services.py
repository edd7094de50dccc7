"""What the pages need from outside the GUI, gathered in one object so tests and the demo can swap parts.

Some core modules are written alongside the GUI; `optional_module` lets the wizard start (and say plainly
what is missing) while one of them is absent, without hiding errors inside a module that does exist.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from wizard.core.secrets import SecretStore
from wizard.core.settings import SettingsStore
from wizard.ui.desktop import Desktop

DEMO_SECRET_SERVICE = "finstack-afas-wizard-demo"  # noqa: S105 - a keyring service name


def optional_module(name: str) -> ModuleType | None:
    """The module `name`, or None when that module itself is not part of this build."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return None
        raise


@dataclass
class Services:
    """Settings, secrets and the endpoints the wizard talks to (real ones, or the demo stand-ins)."""

    store: SettingsStore = field(default_factory=SettingsStore)
    secrets: SecretStore = field(default_factory=SecretStore)
    afas_base_url: str | None = None  # None = the real AFAS host of the environment
    finstack: Any = None  # a finstack_client.FinstackConfig, or None: hand-off by copy and paste
    demo: Any = None  # demo.DemoServices while --demo runs
    clipboard_clear_ms: int = 30_000
    prefill: dict[str, str] = field(default_factory=dict)  # environment/token/administrations texts (demo)
    desktop: Desktop = field(default_factory=Desktop)  # file dialogs and the file manager; tests answer them
    definitions_dir: Path | None = None  # None = getconnectors/definitions/ of this build
    gcn_dir: Path | None = None  # None = getconnectors/gcn/ of this build

    @property
    def is_demo(self) -> bool:
        return self.demo is not None

    def token_test_module(self) -> ModuleType | None:
        return optional_module("wizard.core.token_test.run")

    def finstack_module(self) -> ModuleType | None:
        return optional_module("wizard.core.finstack_client")


def demo_services(store: SettingsStore | None = None) -> Services:
    """Start the stand-ins and point everything at them. Raises RuntimeError when this build has no demo."""
    demo_module = optional_module("wizard.standins.demo")
    client = optional_module("wizard.core.finstack_client")
    if demo_module is None or client is None:
        raise RuntimeError("demo stand-ins are not part of this build")
    demo = demo_module.start_demo()
    return Services(
        store=store or SettingsStore(SettingsStore().directory / "demo"),  # never touches real progress
        secrets=SecretStore(service=DEMO_SECRET_SERVICE),
        afas_base_url=demo.afas_base_url,
        finstack=client.FinstackConfig(base_url=demo.finstack_base_url, api_key=demo.finstack_api_key),
        demo=demo,
        prefill={
            "environment": demo.environment_text,
            "token": demo.token_text,
            "administrations": demo.administrations_text,
        },
    )
