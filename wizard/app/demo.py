"""--demo: the built-in AFAS and Finstack stand-ins on 127.0.0.1 and the texts to prefill, with their own records
folder and password-store service, so a demo never touches real progress or real tokens. The one place outside
the tests that imports the stand-ins."""

from __future__ import annotations

from pathlib import Path

from wizard.app.computer import SettingsFile
from wizard.app.folders import config_dir, records_dir
from wizard.app.records import RecordStore
from wizard.app.services import Services
from wizard.core.finstack_api import FinstackConfig
from wizard.core.secrets import SecretStore

DEMO_SECRET_SERVICE = "finstack-afas-wizard-demo"  # noqa: S105 - a keyring service name


def demo_services(folder: Path | None = None, latency: float = 0.0) -> Services:
    """Start the stand-ins (answering `latency` seconds late, to watch a job run and cancel it) and point
    everything at them. `folder`: where the demo keeps records and settings (default: a demo folder beside the
    real ones). OSError when 127.0.0.1 cannot be listened on."""
    from wizard.standins.demo import start_demo

    demo = start_demo()
    demo.afas.scenario.latency_seconds = latency
    demo.finstack.latency_seconds = latency
    records = RecordStore(folder / "customers" if folder else records_dir().parent / "demo" / "customers")
    settings = SettingsFile(folder if folder else config_dir() / "demo")
    return Services(
        records=records, settings=settings, secrets=SecretStore(service=DEMO_SECRET_SERVICE),
        afas_base_url=demo.afas_base_url,
        finstack=FinstackConfig(base_url=demo.finstack_base_url, api_key=demo.finstack_api_key),
        demo=demo,
        prefill={"environment": demo.environment_text, "token": demo.token_text,
                 "administrations": demo.administrations_text},
    )
