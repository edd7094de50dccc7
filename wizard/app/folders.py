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
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs  # only when no override: tests and a portable copy never load it

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    """The user's log folder: %LOCALAPPDATA%\\finstack-afas-wizard\\Logs, ~/Library/Logs/finstack-afas-wizard,
    ~/.local/state/finstack-afas-wizard/log."""
    override = os.environ.get(LOG_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def records_dir() -> Path:
    return data_dir() / "customers"
