"""Saving the build's bundle for AFAS's "Acties > Importeren > Map": a folder or a flat ZIP, written atomically,
never over a different file; and where in the folder a person chose the bundle goes (GUI and CLI alike)."""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wizard import __version__
from wizard.core.getconnectors.definitions import ADMINISTRATIONS_CONNECTOR
from wizard.core.getconnectors.destination import refuse_bad_names, refuse_unwritable, staging_name
from wizard.core.getconnectors.gcn import MAX_FILE_SIZE
from wizard.core.getconnectors.model import (
    MANIFEST,
    MAX_ENTRIES,
    README_EN,
    README_NL,
    Bundle,
    BundleEntry,
    BundleError,
    BundleErrorKind,
    EntryState,
)
from wizard.core.messages import Language, Message

_FOLDER_MODE, _FILE_MODE = 0o755, 0o644
EXPORT_NAME = "Finstack GetConnectors"  # the folder, or the ZIP's name, inside a folder that is in use


def export_target(chosen: Path, *, as_zip: bool) -> Path:
    """Where the bundle goes when a person names `chosen` (a folder dialog's answer, or the CLI's DEST).

    A ZIP named `chosen` is written there, unless `chosen` is a folder: then `Finstack GetConnectors.zip` inside
    it. A folder bundle fills a new or empty folder (or one that holds an earlier export: it has our manifest);
    any other folder gets a sub-folder `Finstack GetConnectors`, so a Downloads or Desktop folder does not fill
    with .gcn files. Reads the folder: call it off the GUI thread."""
    chosen = Path(chosen)
    if as_zip:
        return chosen / f"{EXPORT_NAME}.zip" if chosen.is_dir() else chosen
    if not chosen.exists() or (chosen.is_dir() and (not any(chosen.iterdir()) or (chosen / MANIFEST).is_file())):
        return chosen
    return chosen / EXPORT_NAME


@dataclass(frozen=True)
class ExportResult:
    destination: Path
    files: tuple[str, ...]  # the .gcn files written
    left_out: tuple[BundleEntry, ...]  # connectors without a usable .gcn


def bundle_files(bundle: Bundle) -> dict[str, bytes]:
    """Every file of the exported bundle, by name: the .gcn exports, LEESMIJ.txt, README.txt, manifest.json."""
    if not bundle.has_files:
        raise BundleError(BundleErrorKind.NO_FILES, "gcn.export_no_files", count=len(bundle.entries))
    files = {e.file_name: e.data for e in bundle.present}
    files[README_NL] = _readme(bundle, "nl").encode("utf-8-sig")
    files[README_EN] = _readme(bundle, "en").encode("utf-8-sig")
    files[MANIFEST] = (json.dumps(_manifest(bundle), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return files


def _manifest(bundle: Bundle) -> dict[str, Any]:
    return {
        "generator": f"finstack-afas-wizard {__version__}",
        "connectors": [
            {"connector": e.definition.external_name, "file": e.file_name, "sha256": e.sha256, "size": e.size,
             "format_version": e.gcn.format_version if e.gcn else None}
            for e in bundle.present
        ],
        "missing": [e.definition.external_name for e in bundle.entries if e.state is not EntryState.PRESENT],
    }


def _readme(bundle: Bundle, language: Language) -> str:
    lines = [Message("gcn.readme_title").text(language), "",
             Message("gcn.readme_contents", {"count": len(bundle.present)}).text(language)]
    lines += [Message("gcn.readme_item", {"file": e.file_name, "connector": e.definition.external_name})
              .text(language) for e in bundle.present]
    left_out = [e.definition.external_name for e in bundle.entries if e.state is not EntryState.PRESENT]
    if left_out:
        lines += ["", Message("gcn.readme_left_out", {"connectors": ", ".join(left_out)}).text(language)]
    lines += ["", Message("gcn.readme_steps", {"admin_connector": ADMINISTRATIONS_CONNECTOR}).text(language), ""]
    return "\r\n".join("\r\n".join(line.splitlines()) for line in lines)  # Windows line ends: read in Notepad


def _left_out(bundle: Bundle) -> tuple[BundleEntry, ...]:
    return tuple(e for e in bundle.entries if e.state is not EntryState.PRESENT)


def export_folder(bundle: Bundle, destination: Path) -> ExportResult:
    """Write the bundle into the folder `destination`, ready for Acties > Importeren > Map.

    A new folder appears whole or not at all (written beside it, then renamed). In an existing folder, a file
    with the same name and different content is never overwritten; identical files are left as they are."""
    files = bundle_files(bundle)
    destination = Path(destination)
    result = ExportResult(destination, tuple(e.file_name for e in bundle.present), _left_out(bundle))
    if destination.is_dir():  # each file is written beside its place first (_write_atomically)
        refuse_unwritable(destination, [*files, *(staging_name(name) for name in files)])
    else:
        refuse_unwritable(destination, list(files), destination.parent / staging_name(destination.name))
    try:
        if destination.exists() and not destination.is_dir():
            raise BundleError(BundleErrorKind.NOT_A_FOLDER, "gcn.export_not_a_folder", path=str(destination))
        if not destination.exists():
            destination.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", dir=destination.parent))
            try:
                for name, data in files.items():
                    (staging / name).write_bytes(data)
                staging.chmod(_FOLDER_MODE)  # mkdtemp makes it private; the bundle is for sharing
                staging.rename(destination)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            return result
        to_write = _refuse_different(destination, files)
        for name in to_write:
            _write_atomically(destination / name, files[name])
    except OSError as error:
        raise BundleError(BundleErrorKind.WRITE_FAILED, "gcn.export_write_failed", path=str(destination),
                          reason=error.strerror or type(error).__name__) from None
    return result


def _refuse_different(folder: Path, files: dict[str, bytes]) -> list[str]:
    """The names still to write; raises before writing anything if one would replace different content."""
    to_write = []
    for name, data in files.items():
        target = folder / name
        if not target.exists():
            to_write.append(name)
        elif not target.is_file() or target.read_bytes() != data:
            raise BundleError(BundleErrorKind.EXISTS_DIFFERENT, "gcn.export_exists_different", path=str(target))
    return to_write


def _write_atomically(target: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _FILE_MODE)  # mkstemp makes it private; the bundle is for sharing
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def export_zip(bundle: Bundle, destination: Path) -> ExportResult:
    """Write the bundle as a flat ZIP (files at the root, as AFAS's own bundles). An existing ZIP with the
    same files is left alone; one with different content is never overwritten."""
    files = bundle_files(bundle)
    destination = Path(destination)
    result = ExportResult(destination, tuple(e.file_name for e in bundle.present), _left_out(bundle))
    refuse_unwritable(destination.parent, [destination.name, staging_name(destination.name)])
    refuse_bad_names(destination, list(files))  # a member that could not be unpacked on Windows or macOS
    try:
        if destination.exists():
            if _zip_members(destination) == files:
                return result
            raise BundleError(BundleErrorKind.EXISTS_DIFFERENT, "gcn.export_exists_different", path=str(destination))
        destination.parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(destination, _zip_bytes(files, _zip_date(bundle)))
    except OSError as error:
        raise BundleError(BundleErrorKind.WRITE_FAILED, "gcn.export_write_failed", path=str(destination),
                          reason=error.strerror or type(error).__name__) from None
    return result


def _zip_date(bundle: Bundle) -> tuple[int, int, int, int, int, int]:
    """The newest export date of the files: the same bundle always gives the same ZIP."""
    dates = [e.gcn.changed or e.gcn.created for e in bundle.present if e.gcn and (e.gcn.changed or e.gcn.created)]
    newest = max((d for d in dates if d is not None and d.year >= 1980), default=None)
    return newest.timetuple()[:6] if newest else (1980, 1, 1, 0, 0, 0)


def _zip_bytes(files: dict[str, bytes], date: tuple[int, int, int, int, int, int]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=date)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _zip_members(path: Path) -> dict[str, bytes] | None:
    try:
        with zipfile.ZipFile(path) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()[:MAX_ENTRIES]
                    if info.file_size <= MAX_FILE_SIZE}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        return None
