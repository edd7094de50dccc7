"""Where bundle work (export, unpack) writes: every name it creates must exist on Windows, macOS and Linux, and on
Windows every path must fit MAX_PATH. Checked before anything is written, so a refusal leaves nothing behind.

Long paths are refused, not written through the `\\\\?\\` prefix: the files are for AFAS's "Acties > Importeren >
Map" and for Explorer, which could not open them there (file_names.long_path_problem).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from wizard.core.file_names import long_path_problem, name_problem, new_path_problem
from wizard.core.getconnectors.errors import BundleError, BundleErrorKind

STAGING_RANDOM = "x" * 8  # tempfile.mkdtemp and mkstemp add 8 random characters to the prefix


def staging_name(name: str) -> str:
    """As long as the name tempfile gives a file or folder written beside `name` first."""
    return f".{name}.{STAGING_RANDOM}"


def refuse_bad_names(destination: Path, names: Sequence[str]) -> None:
    """BAD_NAME, naming the rule, when one of `names` (to be created at `destination`) cannot exist on Windows,
    macOS or Linux."""
    problem = next(filter(None, map(name_problem, names)), None)
    if problem is not None:
        raise BundleError(BundleErrorKind.BAD_NAME, "gcn.destination_bad_name", path=str(destination),
                          problem=problem)


def refuse_unwritable(destination: Path, names: Sequence[str], *staging: Path) -> None:
    """Before anything is written: refuse a name the wizard would create that cannot exist on Windows, macOS or
    Linux (BAD_NAME), and on Windows a folder or file path longer than it takes (PATH_TOO_LONG, naming the length).
    `staging`: the other folders the files pass through."""
    problem = new_path_problem(destination)
    if problem is not None:
        raise BundleError(BundleErrorKind.BAD_NAME, "gcn.destination_bad_name", path=str(destination),
                          problem=problem)
    refuse_bad_names(destination, names)
    folders = [os.path.abspath(folder) for folder in (destination, *staging)]
    too_long = long_path_problem(folders, [os.path.join(folder, name) for folder in folders for name in names])
    if too_long is not None:
        raise BundleError(BundleErrorKind.PATH_TOO_LONG, too_long.key, **too_long.params)
