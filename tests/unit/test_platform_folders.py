"""docs/platform-folders.md against platformdirs itself: its Windows, macOS and Linux classes run here (the Windows
one with the Local AppData folder given, as Windows would give it), so the table says what each system gets."""

from __future__ import annotations

import re
from pathlib import Path

import platformdirs.macos
import platformdirs.unix
import platformdirs.windows
import pytest

from wizard.app.folders import APP_NAME, config_dir, data_dir, log_dir

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "platform-folders.md"
HOME, LOCAL_APPDATA = "/home/someone", "C:\\Users\\someone\\AppData\\Local"
FOLDERS = ("config", "data", "log", "cache")
SYSTEMS = {"Windows": platformdirs.windows.Windows, "macOS": platformdirs.macos.MacOS,
           "Linux": platformdirs.unix.Unix}


def documented() -> dict[str, dict[str, str]]:
    """The table: folder -> system -> the path in backquotes."""
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        if cells and cells[0] in FOLDERS:
            rows[cells[0]] = dict(zip(SYSTEMS, cells[2:], strict=True))
    return rows


def as_written(system: str, path: str) -> str:
    """platformdirs' answer in the table's notation: ~ for the home folder, %LOCALAPPDATA% on Windows."""
    if system == "Windows":
        return path.replace(LOCAL_APPDATA, "%LOCALAPPDATA%").replace("/", "\\")
    return path.replace(HOME, "~")


@pytest.fixture
def a_users_environment(monkeypatch):
    monkeypatch.setenv("HOME", HOME)
    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", LOCAL_APPDATA)  # platformdirs' own override for Windows
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)


def test_the_table_is_what_platformdirs_gives_on_each_system(a_users_environment):
    table = documented()
    assert set(table) == set(FOLDERS)
    for system, dirs_class in SYSTEMS.items():
        dirs = dirs_class(APP_NAME, appauthor=False)
        answers = {"config": dirs.user_config_dir, "data": dirs.user_data_dir, "log": dirs.user_log_dir,
                   "cache": dirs.user_cache_dir}
        for folder, path in answers.items():
            assert table[folder][system] == as_written(system, path), (folder, system)


def test_the_wizard_asks_for_its_config_folder_as_the_table_says(a_users_environment, monkeypatch):
    for name in ("FINSTACK_WIZARD_CONFIG_DIR", "FINSTACK_WIZARD_DATA_DIR", "FINSTACK_WIZARD_LOG_DIR"):
        monkeypatch.delenv(name, raising=False)
    assert config_dir() == Path(HOME, ".config", "finstack-afas-wizard")
    assert data_dir() == Path(HOME, ".local", "share", "finstack-afas-wizard")
    assert log_dir() == Path(HOME, ".local", "state", "finstack-afas-wizard", "log")
    calls = re.findall(r"`(platformdirs\.user_\w+_dir\(\"[^`]+\))`", DOC.read_text(encoding="utf-8"))
    assert calls == [f'platformdirs.user_{folder}_dir("{APP_NAME}", appauthor=False)' for folder in FOLDERS]
