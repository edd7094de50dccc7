"""One place that knows where resources/ and getconnectors/ are: in a source checkout, an installed wheel,
or a frozen (PyInstaller) bundle."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _candidates(name: str) -> list[Path]:
    frozen_root = getattr(sys, "_MEIPASS", None)
    found = [_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name]
    if frozen_root:
        found.insert(0, Path(frozen_root) / "wizard" / "_data" / name)
    return found


@cache
def data_dir(name: str) -> Path:
    """Return the folder `name` ("resources" or "getconnectors") wherever this install keeps it."""
    for candidate in _candidates(name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"The {name!r} folder of the wizard is missing from this installation.")


def resource_path(*parts: str) -> Path:
    """Path of a file under resources/."""
    return data_dir("resources").joinpath(*parts)


def getconnectors_dir() -> Path:
    return data_dir("getconnectors")
