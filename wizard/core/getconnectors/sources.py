"""Reading what a person hands the wizard as a bundle: a ZIP, a folder, or one or more `.gcn` files. Shared by the
check (check.py) and unpacking (unpack.py), so both see the same files.

Bounded: at most MAX_ENTRIES files, a `.gcn` larger than any real export is not read, all `.gcn` files together at
most MAX_TOTAL_READ bytes (ZIP bombs), and a ZIP with an entry that points outside its folder (`../`, an absolute
path, a drive) is refused whole. So is a source with a `.gcn` whose name (or folder) cannot exist on Windows, macOS
or Linux (file_names.name_rule): unpacking would write that name. With a ReadBudget, its cancel flag and time are
checked between files.
"""

from __future__ import annotations

import enum
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from wizard.core.file_names import path_problem
from wizard.core.getconnectors.budget import ReadBudget
from wizard.core.getconnectors.gcn import MAX_FILE_SIZE, ZIP_ERRORS, GcnError, GcnErrorKind
from wizard.core.getconnectors.model import GCN_SUFFIX, MAX_ENTRIES, MAX_TOTAL_READ, BundleError, BundleErrorKind

_DRIVE = re.compile(r"^[A-Za-z]:[/\\]")  # C:/ or C:\ (a bare "a:b.gcn" is refused for its ":", by name)


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


def open_source(paths: Path | Sequence[Path], budget: ReadBudget | None = None) -> Source:
    """Read a ZIP, a folder, or .gcn files. Raises BundleError: UNREADABLE (missing, not a bundle, a broken ZIP,
    too many files), UNSAFE (an entry outside its folder, far too much data, the budget's time spent), BAD_NAME (a
    .gcn whose name cannot exist everywhere), CANCELLED (the budget's cancel flag)."""
    chosen = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    if not chosen:
        raise BundleError(BundleErrorKind.UNREADABLE, "gcn.unpack_no_sources")
    for path in chosen:
        if not path.exists():
            raise BundleError(BundleErrorKind.UNREADABLE, "gcn.check_no_such_path", path=str(path))
    first = chosen[0]
    try:
        if all(p.is_file() and p.suffix.lower() == GCN_SUFFIX for p in chosen):
            return _unique(Source(first, SourceKind.FILES, _files_entries(chosen, budget)))
        if len(chosen) > 1:
            raise BundleError(BundleErrorKind.UNREADABLE, "gcn.unpack_mixed_sources",
                              paths=", ".join(str(p) for p in chosen))
        if first.is_dir():
            return Source(first, SourceKind.FOLDER, _folder_entries(first, budget))
        if first.is_file() and zipfile.is_zipfile(first):
            return _unique(Source(first, SourceKind.ZIP, _zip_entries(first, budget)))
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


def _check_total(sizes: Iterable[int], source: Path) -> None:
    """Refuse before reading anything when the .gcn files together are far more than any bundle (a ZIP bomb)."""
    if sum(size for size in sizes if size <= MAX_FILE_SIZE) > MAX_TOTAL_READ:
        raise BundleError(BundleErrorKind.UNSAFE, "gcn.bundle_too_large", path=str(source),
                          limit=MAX_TOTAL_READ // (1024 * 1024))


def _too_many(source: Path) -> BundleError:
    return BundleError(BundleErrorKind.UNREADABLE, "gcn.bundle_too_many_entries", path=str(source), limit=MAX_ENTRIES)


def _is_gcn(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() == GCN_SUFFIX


def _too_large(shown: str, size: int) -> SourceEntry:
    return SourceEntry(shown, size, error=GcnError(GcnErrorKind.NOT_A_GETCONNECTOR, "gcn.too_large", size=size))


def _check_names(names: Iterable[str], source: Path) -> None:
    """Refuse the whole source when a .gcn (or a folder it sits in) has a name that cannot exist on Windows,
    macOS or Linux: unpacking writes that name, and a check that passed it would promise what cannot be done."""
    for name in names:
        problem = path_problem(name) if _is_gcn(name) else None
        if problem is not None:
            raise BundleError(BundleErrorKind.BAD_NAME, "gcn.unpack_bad_name", path=str(source), problem=problem)


def _read_files(files: Sequence[tuple[Path, str]], source: Path, budget: ReadBudget | None) -> tuple[
        SourceEntry, ...]:
    """(path, shown name) pairs: every .gcn of a plausible size read, the rest only listed."""
    _check_names((shown for _, shown in files), source)
    sizes = [path.stat().st_size for path, _ in files]
    _check_total((size for (_, shown), size in zip(files, sizes, strict=True) if _is_gcn(shown)), source)
    entries = []
    for (path, shown), size in zip(files, sizes, strict=True):
        if budget is not None:
            budget.checkpoint()
        if not _is_gcn(shown):
            entries.append(SourceEntry(shown, size))
        elif size > MAX_FILE_SIZE:
            entries.append(_too_large(shown, size))
        else:
            entries.append(_read_one(path, shown, size))
    return tuple(entries)


def _read_one(path: Path, shown: str, size: int) -> SourceEntry:
    try:
        with path.open("rb") as stream:
            return SourceEntry(shown, size, stream.read(MAX_FILE_SIZE + 1))
    except OSError as error:
        return SourceEntry(shown, size, error=GcnError(  # made, never raised: it holds no traceback
            GcnErrorKind.UNREADABLE, "gcn.unreadable", file=shown, reason=error.strerror or type(error).__name__))


def _files_entries(paths: Sequence[Path], budget: ReadBudget | None) -> tuple[SourceEntry, ...]:
    unique = list(dict.fromkeys(p.resolve() for p in paths))  # the same file chosen twice counts once
    if len(unique) > MAX_ENTRIES:
        raise _too_many(paths[0])
    return _read_files([(path, path.name) for path in unique], paths[0], budget)


def _folder_entries(folder: Path, budget: ReadBudget | None) -> tuple[SourceEntry, ...]:
    """Files in the folder and its direct sub-folders."""
    found: list[tuple[Path, str]] = []
    for path in _walk(folder, depth=2):
        if len(found) >= MAX_ENTRIES:
            raise _too_many(folder)
        found.append((path, path.relative_to(folder).as_posix()))
    return _read_files(found, folder, budget)


def _walk(folder: Path, depth: int) -> Iterable[Path]:
    for path in sorted(folder.iterdir()):
        if path.is_file():
            yield path
        elif path.is_dir() and depth > 1 and not path.name.startswith("."):
            yield from _walk(path, depth - 1)


def _zip_entries(path: Path, budget: ReadBudget | None) -> tuple[SourceEntry, ...]:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            if len(infos) > MAX_ENTRIES:
                raise _too_many(path)
            for info in infos:
                if not is_safe_name(info.filename):
                    raise BundleError(BundleErrorKind.UNSAFE, "gcn.unpack_unsafe_entry", path=str(path),
                                      entry=info.filename)
            _check_names((info.filename for info in infos), path)
            _check_total((info.file_size for info in infos if _is_gcn(info.filename)), path)
            return tuple(_zip_entry(archive, info, budget) for info in infos)
    except BundleError:
        raise  # a UserInputError is a ValueError: keep it from being taken for a broken ZIP
    except ZIP_ERRORS as error:
        raise BundleError(BundleErrorKind.UNREADABLE, "gcn.check_bad_zip", path=str(path),
                          reason=str(error) or type(error).__name__) from None


def _zip_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: ReadBudget | None) -> SourceEntry:
    if budget is not None:
        budget.checkpoint()
    name = info.filename.replace("\\", "/")  # some Windows tools write backslashes
    if not _is_gcn(name):
        return SourceEntry(name, info.file_size)
    if info.file_size > MAX_FILE_SIZE:
        return _too_large(name, info.file_size)
    try:  # zipfile never returns more than the declared size, and it checks the CRC
        return SourceEntry(name, info.file_size, archive.read(info))
    except ZIP_ERRORS as error:
        return SourceEntry(name, info.file_size, error=GcnError(  # made, never raised: no traceback
            GcnErrorKind.CORRUPT, "gcn.zip_entry_unreadable", reason=str(error) or type(error).__name__))


def is_safe_name(name: str) -> bool:
    """A ZIP entry name that stays inside the folder it is unpacked into."""
    parts = name.replace("\\", "/").split("/")
    return not (name.startswith(("/", "\\")) or _DRIVE.match(name) or ".." in parts or "\0" in name)
