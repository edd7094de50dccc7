"""Unpacking the GetConnectors a person downloaded (Finstack's ZIP, a folder, or `.gcn` files) into one flat folder
for AFAS's "Acties > Importeren > Map".

Every `.gcn` is checked first (check.assess: the same findings as `getconnectors check`). Nothing is written when a
file is damaged, when the `.gcn` files sit in several folders, or when one connector has two different exports (the
user could not tell which one AFAS took). Otherwise Finstack's connectors are copied byte for byte, under the names
they had, into the destination: a new folder appears whole (staged beside it, then renamed); in an existing folder a
file with the same name and other content is never replaced (identical files are left as they are).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from wizard.core.getconnectors.budget import ReadBudget
from wizard.core.getconnectors.check import assess
from wizard.core.getconnectors.definitions import load_definitions
from wizard.core.getconnectors.destination import STAGING_RANDOM, refuse_unwritable, staging_name
from wizard.core.getconnectors.matching import Found
from wizard.core.getconnectors.model import (
    GCN_SUFFIX,
    BundleError,
    BundleErrorKind,
    CheckItem,
    CheckReport,
    ItemKind,
)
from wizard.core.getconnectors.sources import Source, open_source
from wizard.core.messages import Message

DEFAULT_FOLDER_NAME = "Finstack GetConnectors"
_FOLDER_MODE, _FILE_MODE = 0o755, 0o644  # the folder is for sharing, not private like a temporary folder
_STOPPING = (ItemKind.CORRUPT, ItemKind.SCATTERED)


@dataclass(frozen=True)
class UnpackedFile:
    """One Finstack GetConnector now in the destination."""

    name: str  # the file name in the destination (as it was in the bundle)
    source: str  # where it was found: the ZIP entry, or the path relative to the chosen folder
    connector: str  # the external name of the GetConnector it holds
    sha256: str
    size: int
    already_there: bool  # an identical file was already in the destination and was left as it was


@dataclass(frozen=True)
class UnpackResult:
    source: Path  # the ZIP, the folder, or the first .gcn file
    destination: Path  # where the files are (or would have gone when nothing was written)
    files: tuple[UnpackedFile, ...]  # empty when nothing was written
    report: CheckReport  # every finding, as `getconnectors check` gives them, plus any about the destination
    stopped_by: tuple[CheckItem, ...]  # the findings that kept anything from being written

    @property
    def ok(self) -> bool:
        """Every Finstack GetConnector is in the destination, sound, with no problem found."""
        return bool(self.files) and self.report.ok

    @property
    def wrote_nothing(self) -> bool:
        return not self.files


def default_destination(source: Path | Sequence[Path]) -> Path:
    """`Finstack GetConnectors` beside the ZIP, the folder, or the first .gcn file."""
    first = Path(source) if isinstance(source, (str, Path)) else Path(source[0])
    return first.parent / DEFAULT_FOLDER_NAME


def unpack_bundle(sources: Path | Sequence[Path], destination: Path | None = None,
                  definitions_dir: Path | None = None, cancel: threading.Event | None = None) -> UnpackResult:
    """Check `sources` (a ZIP, a folder, or .gcn files) and unpack Finstack's GetConnectors into `destination`.

    Without a destination: `Finstack GetConnectors` beside the source, or `Finstack GetConnectors (2)` ... when
    that folder holds other files. Findings never raise; they are in the result. Raises BundleError: UNREADABLE,
    UNSAFE or BAD_NAME (the source; UNSAFE also when its ReadBudget is spent), NOT_A_FOLDER, EXISTS_DIFFERENT (a
    different file with the same name is in the destination; nothing is written), BAD_NAME or PATH_TOO_LONG (the
    destination), WRITE_FAILED, CANCELLED (`cancel` was set before anything was written; it is read between files
    and between payloads). Reads and writes files: call it off the GUI thread."""
    first = Path(sources) if isinstance(sources, (str, Path)) else Path(next(iter(sources), "."))
    budget = ReadBudget(first, cancel)
    assessment = assess(open_source(sources, budget), load_definitions(definitions_dir), budget)
    source, report = assessment.source, assessment.report
    planned = {PurePosixPath(found.path).name: (name, found) for name, found in assessment.matched.items()}
    stopped_by = _stopping(source, report)
    target = Path(destination) if destination is not None else _free_default(source, planned)
    if stopped_by or not planned:
        return UnpackResult(source.path, target, (), report, stopped_by)
    if cancel is not None and cancel.is_set():  # the last moment to stop: after it, the folder appears whole
        raise BundleError(BundleErrorKind.CANCELLED, "gcn.unpack_cancelled")
    refuse_unwritable(target, list(planned), _staging_folder(target))
    files = _place(target, planned)
    strangers = _other_gcn_files(target, planned)
    return UnpackResult(source.path, target, files, CheckReport(report.source, report.items + strangers), ())


def _staging_folder(destination: Path) -> Path:
    """Where _place stages the files: inside an existing folder, else beside the new one (as long as it will be)."""
    if destination.is_dir():
        return destination / f".unpacking.{STAGING_RANDOM}"
    return destination.parent / staging_name(destination.name)


def _stopping(source: Source, report: CheckReport) -> tuple[CheckItem, ...]:
    """Damaged files, several folders, and second exports of a connector that differ from the first."""
    data = {e.path: e.data for e in source.entries}
    stopping = []
    for item in report.items:
        if item.kind in _STOPPING:
            stopping.append(item)
        elif item.kind is ItemKind.EXTRA and item.connector is not None:  # a second export of one connector
            chosen = next((i.file for i in report.items if i.connector == item.connector and i.file != item.file
                           and i.kind is not ItemKind.EXTRA), None)
            if chosen is None or data.get(chosen) != data.get(item.file or ""):
                stopping.append(item)
    return tuple(stopping)


def _free_default(source: Source, planned: dict[str, tuple[str, Found]]) -> Path:
    """The default destination, numbered when the plain name is taken by other files (an older bundle)."""
    base = default_destination(source.path)
    candidates = [base, *(base.with_name(f"{base.name} ({n})") for n in range(2, 10))]
    for candidate in candidates:
        with contextlib.suppress(OSError):
            if not candidate.exists():
                return candidate
            if candidate.is_dir() and not _conflicts(candidate, planned) and not _other_gcn_files(candidate, planned):
                return candidate
    return base


def _conflicts(folder: Path, planned: dict[str, tuple[str, Found]]) -> list[Path]:
    """Files in `folder` with a planned name and other content."""
    found = []
    for name, (_, export) in planned.items():
        target = folder / name
        if target.exists() or target.is_symlink():
            if not target.is_file() or target.stat().st_size != len(export.data) or target.read_bytes() != export.data:
                found.append(target)
    return found


def _other_gcn_files(folder: Path, planned: dict[str, tuple[str, Found]]) -> tuple[CheckItem, ...]:
    """Other .gcn files in the destination: AFAS's Map would import them too."""
    if not folder.is_dir():
        return ()
    others = sorted(p.name for p in folder.iterdir() if p.suffix.lower() == GCN_SUFFIX and p.name not in planned)
    return tuple(CheckItem(ItemKind.EXTRA, Message("gcn.unpack_other_gcn", {"file": name, "folder": str(folder)}),
                           None, name) for name in others)


def _place(destination: Path, planned: dict[str, tuple[str, Found]]) -> tuple[UnpackedFile, ...]:
    try:
        if destination.exists() and not destination.is_dir():
            raise BundleError(BundleErrorKind.NOT_A_FOLDER, "gcn.export_not_a_folder", path=str(destination))
        conflicts = _conflicts(destination, planned) if destination.is_dir() else []
        if conflicts:
            raise BundleError(BundleErrorKind.EXISTS_DIFFERENT, "gcn.export_exists_different", path=str(conflicts[0]))
        if destination.is_dir():
            present = _into_existing(destination, planned)
        else:
            _into_new(destination, planned)
            present = set()
    except OSError as error:
        raise BundleError(BundleErrorKind.WRITE_FAILED, "gcn.export_write_failed", path=str(destination),
                          reason=error.strerror or type(error).__name__) from None
    return tuple(UnpackedFile(name, found.path, connector, hashlib.sha256(found.data).hexdigest(), len(found.data),
                              name in present) for name, (connector, found) in planned.items())


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "xb") as stream:  # "x": a file that appeared meanwhile is never overwritten
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    os.chmod(path, _FILE_MODE)


def _into_new(destination: Path, planned: dict[str, tuple[str, Found]]) -> None:
    """A new folder appears whole or not at all: written beside it, then renamed."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", dir=destination.parent))
    try:
        for name, (_, found) in planned.items():
            _write_file(staging / name, found.data)
        staging.chmod(_FOLDER_MODE)
        staging.rename(destination)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _into_existing(destination: Path, planned: dict[str, tuple[str, Found]]) -> set[str]:
    """Stage every file inside the folder, then link each into place; a link never replaces a file. Returns the
    names that were already there, identical. On any failure the files placed so far are taken away again."""
    staging = Path(tempfile.mkdtemp(prefix=".unpacking.", dir=destination))
    placed: list[Path] = []
    present: set[str] = set()
    try:
        for name, (_, found) in planned.items():
            _write_file(staging / name, found.data)
        for name, (_, found) in planned.items():
            target = destination / name
            try:
                _link(staging / name, target)
                placed.append(target)
            except FileExistsError:
                if not target.is_file() or target.read_bytes() != found.data:
                    raise BundleError(BundleErrorKind.EXISTS_DIFFERENT, "gcn.export_exists_different",
                                      path=str(target)) from None
                present.add(name)
    except BaseException:
        for path in placed:
            path.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return present


def _link(staged: Path, target: Path) -> None:
    """Put `staged` at `target` without ever replacing a file there (FileExistsError instead)."""
    try:
        os.link(staged, target)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (FAT, some network shares): copy, refusing to overwrite
        with open(target, "xb") as stream:
            stream.write(staged.read_bytes())
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(target, _FILE_MODE)
