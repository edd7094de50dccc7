"""Where the wizard keeps things on this computer (platformdirs' folders per OS; see docs/platform-folders.md).
Each can be moved by an environment variable, for tests and for a portable copy."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "finstack-afas-wizard"
CONFIG_DIR_ENV = "FINSTACK_WIZARD_CONFIG_DIR"  # this computer's settings (language, Finstack API address)
DATA_DIR_ENV = "FINSTACK_WIZARD_DATA_DIR"  # the customer records
LOG_DIR_ENV = "FINSTACK_WIZARD_LOG_DIR"  # the log file for the help desk


def config_dir() -> Path:
    return _folder(CONFIG_DIR_ENV, "user_config_dir")


def data_dir() -> Path:
    return _folder(DATA_DIR_ENV, "user_data_dir")


def log_dir() -> Path:
    """The user's log folder: %LOCALAPPDATA%\\finstack-afas-wizard\\Logs, ~/Library/Logs/finstack-afas-wizard,
    ~/.local/state/finstack-afas-wizard/log."""
    return _folder(LOG_DIR_ENV, "user_log_dir")


def _folder(override_env: str, platformdirs_function: str) -> Path:
    """The folder `override_env` names, else platformdirs' folder of that kind for this program."""
    override = os.environ.get(override_env)
    if override:
        return Path(override)
    import platformdirs  # only when no override: tests and a portable copy never load it

    return Path(getattr(platformdirs, platformdirs_function)(APP_NAME, appauthor=False))


def records_dir() -> Path:
    return data_dir() / "customers"
