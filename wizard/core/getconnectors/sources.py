"""Reading what a person hands the wizard as a bundle: a ZIP, a folder, or one or more `.gcn` files. Shared by the
check (check.py) and unpacking (unpack.py), so both see the same files.

Bounded: at most MAX_ENTRIES files, a `.gcn` larger than any real export is not read, all `.gcn` files together at
most MAX_TOTAL_READ bytes (ZIP bombs), and a ZIP with an entry that points outside its folder (`../`, an absolute
path, a drive letter) is refused whole.
"""

from __future__ import annotations

import enum
import re
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from wizard.core.getconnectors.gcn import MAX_FILE_SIZE, GcnError, GcnErrorKind
from wizard.core.getconnectors.model import GCN_SUFFIX, MAX_ENTRIES, MAX_TOTAL_READ, BundleError, BundleErrorKind

_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError, NotImplementedError)
_DRIVE = re.compile(r"^[A-Za-z]:")


class SourceKind(enum.Enum):
    ZIP = "zip"
    FOLDER = "folder"
    FILES = "files"  # .gcn files chosen one by one: their folders mean nothing


@dataclass(frozen=True)
class SourceEntry:
    """One file of the source. `data` holds a `.gcn` that was read; `error` says why a `.gcn` was not."""

    path: str  # as found: the ZIP entry name, or the path relative to the folder, with "/"
    size: int
    data: bytes | None = None
    error: GcnError | None = None

    @property
    def pure(self) -> PurePosixPath:
        return PurePosixPath(self.path)

    @property
    def is_gcn(self) -> bool:
        return self.pure.suffix.lower() == GCN_SUFFIX


@dataclass(frozen=True)
class Source:
    path: Path  # the ZIP, the folder, or the first .gcn file
    kind: SourceKind
    entries: tuple[SourceEntry, ...]


def open_source(paths: Path | Sequence[Path]) -> Source:
    """Read a ZIP, a folder, or .gcn files. Raises BundleError: UNREADABLE (missing, not a bundle, a broken ZIP,
    too many files), UNSAFE (an entry outside its folder, far too much data)."""
    chosen = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    if not chosen:
        raise BundleError(BundleErrorKind.UNREADABLE, "gcn.unpack_no_sources")
    for path in chosen:
        if not path.exists():
            raise BundleError(BundleErrorKind.UNREADABLE, "gcn.check_no_such_path", path=str(path))
    first = chosen[0]
    try:
        if all(p.is_file() and p.suffix.lower() == GCN_SUFFIX for p in chosen):
            return _unique(Source(first, SourceKind.FILES, _files_entries(chosen)))
        if len(chosen) > 1:
            raise BundleError(BundleErrorKind.UNREADABLE, "gcn.unpack_mixed_sources",
                              paths=", ".join(str(p) for p in chosen))
        if first.is_dir():
            return Source(first, SourceKind.FOLDER, _folder_entries(first))
        if first.is_file() and zipfile.is_zipfile(first):
            return _unique(Source(first, SourceKind.ZIP, _zip_entries(first)))
        raise BundleError(BundleErrorKind.UNREADABLE, "gcn.check_not_a_bundle", path=str(first))
    except OSError as error:
        raise BundleError(BundleErrorKind.UNREADABLE, "gcn.bundle_unreadable", path=str(first),
                          reason=error.strerror or type(error).__name__) from None


def _unique(source: Source) -> Source:
    """Two .gcn files that would land on one name (a ZIP with a name twice, files from two folders) are refused:
    unpacking could keep only one of them."""
    seen: set[str] = set()
    for entry in source.entries:
        key = str(entry.pure).lower() if source.kind is SourceKind.ZIP else entry.pure.name.lower()
        if entry.is_gcn and key in seen:
            raise BundleError(BundleErrorKind.UNREADABLE, "gcn.unpack_same_name", path=str(source.path),
                              file=entry.path)
        seen.add(key)
    return source


class _Budget:
    """The bytes all .gcn files of one source may take together."""

    def __init__(self, source: Path) -> None:
        self.left, self.source = MAX_TOTAL_READ, source

    def spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise BundleError(BundleErrorKind.UNSAFE, "gcn.bundle_too_large", path=str(self.source),
                              limit=MAX_TOTAL_READ // (1024 * 1024))


def _too_many(source: Path) -> BundleError:
    return BundleError(BundleErrorKind.UNREADABLE, "gcn.bundle_too_many_entries", path=str(source), limit=MAX_ENTRIES)


def _read_file(path: Path, shown: str, budget: _Budget) -> SourceEntry:
    size = path.stat().st_size
    if PurePosixPath(shown).suffix.lower() != GCN_SUFFIX:
        return SourceEntry(shown, size)
    if size > MAX_FILE_SIZE:
        return SourceEntry(shown, size, error=GcnError(GcnErrorKind.NOT_A_GETCONNECTOR, "gcn.too_large", size=size))
    budget.spend(size)
    try:
        return SourceEntry(shown, size, path.read_bytes()[:MAX_FILE_SIZE + 1])
    except OSError as error:
        return SourceEntry(shown, size, error=GcnError(GcnErrorKind.UNREADABLE, "gcn.unreadable", file=shown,
                                                       reason=error.strerror or type(error).__name__))


def _files_entries(paths: Sequence[Path]) -> tuple[SourceEntry, ...]:
    if len(paths) > MAX_ENTRIES:
        raise _too_many(paths[0])
    budget = _Budget(paths[0])
    unique = list(dict.fromkeys(p.resolve() for p in paths))  # the same file chosen twice counts once
    return tuple(_read_file(path, path.name, budget) for path in unique)


def _folder_entries(folder: Path) -> tuple[SourceEntry, ...]:
    """Files in the folder and its direct sub-folders."""
    budget = _Budget(folder)
    found: list[SourceEntry] = []
    for path in _walk(folder, depth=2):
        if len(found) >= MAX_ENTRIES:
            raise _too_many(folder)
        found.append(_read_file(path, path.relative_to(folder).as_posix(), budget))
    return tuple(found)


def _walk(folder: Path, depth: int) -> Iterable[Path]:
    for path in sorted(folder.iterdir()):
        if path.is_file():
            yield path
        elif path.is_dir() and depth > 1 and not path.name.startswith("."):
            yield from _walk(path, depth - 1)


def _zip_entries(path: Path) -> tuple[SourceEntry, ...]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ENTRIES:
                raise _too_many(path)
            for info in infos:
                if not is_safe_name(info.filename):
                    raise BundleError(BundleErrorKind.UNSAFE, "gcn.unpack_unsafe_entry", path=str(path),
                                      entry=info.filename)
            budget = _Budget(path)
            return tuple(_zip_entry(archive, info, budget) for info in infos if not info.is_dir())
    except _ZIP_ERRORS as error:
        raise BundleError(BundleErrorKind.UNREADABLE, "gcn.check_bad_zip", path=str(path),
                          reason=str(error) or type(error).__name__) from None


def _zip_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> SourceEntry:
    name = info.filename.replace("\\", "/")  # some Windows tools write backslashes
    entry = SourceEntry(name, info.file_size)
    if not entry.is_gcn:
        return entry
    if info.file_size > MAX_FILE_SIZE:
        return SourceEntry(name, info.file_size, error=GcnError(GcnErrorKind.NOT_A_GETCONNECTOR, "gcn.too_large",
                                                                size=info.file_size))
    budget.spend(info.file_size)  # zipfile never returns more than the declared size, and checks the CRC
    try:
        return SourceEntry(name, info.file_size, archive.read(info))
    except _ZIP_ERRORS as error:
        return SourceEntry(name, info.file_size, error=GcnError(
            GcnErrorKind.CORRUPT, "gcn.zip_entry_unreadable", reason=str(error) or type(error).__name__))


def is_safe_name(name: str) -> bool:
    """A ZIP entry name that stays inside the folder it is unpacked into."""
    parts = name.replace("\\", "/").split("/")
    return not (name.startswith(("/", "\\")) or _DRIVE.match(name) or ".." in parts or "\0" in name)
