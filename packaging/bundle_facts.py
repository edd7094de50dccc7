"""Facts about a built Linux bundle that the smoke test checks and the .deb needs: which of its libraries the
dynamic linker cannot find, which it takes from the system (and which Debian packages hold those), and the
newest glibc symbol version it needs (the oldest glibc it runs on).

    python packaging/bundle_facts.py report  dist/finstack-afas-wizard    # human-readable
    python packaging/bundle_facts.py depends dist/finstack-afas-wizard    # a Debian "Depends:" value

Uses ldd, objdump (binutils) and dpkg-query, all on a Debian build machine already.
"""

# ruff: noqa: S603, S607 - runs the build machine's ldd, objdump and dpkg-query on the bundle it built

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

GLIBC_VERSION = re.compile(r"\bGLIBC_(\d+)\.(\d+)(?:\.(\d+))?\b")


def elf_files(bundle: Path) -> list[Path]:
    """Every regular ELF file in the bundle (the executable, libraries, extensions, Qt plugins)."""
    found = []
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    found.append(path)
    return found


@dataclass
class Linkage:
    missing: dict[str, list[str]] = field(default_factory=dict)  # library name -> bundle files that need it
    system: dict[str, str] = field(default_factory=dict)  # library path outside the bundle -> one file needing it


def linkage(bundle: Path) -> Linkage:
    """Resolve every ELF file's libraries the way the bundle runs: its bootloader puts _internal/ on
    LD_LIBRARY_PATH (Qt's own libraries find each other through their RUNPATH)."""
    internal = (bundle / "_internal").resolve()
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"} | {"LD_LIBRARY_PATH": str(internal)}
    result = Linkage()
    for path in elf_files(bundle):
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env, check=False).stdout
        for line in out.splitlines():
            name, _, target = line.strip().partition(" => ")
            if "not found" in target:
                result.missing.setdefault(name, []).append(str(path.relative_to(bundle)))
            elif target.startswith("/"):
                resolved = Path(target.split(" (")[0]).resolve()
                if not resolved.is_relative_to(bundle.resolve()):
                    result.system.setdefault(str(resolved), str(path.relative_to(bundle)))
    return result


def glibc_floor(bundle: Path) -> tuple[tuple[int, ...], str]:
    """The newest GLIBC_x.y symbol version any file of the bundle needs, and one file that needs it."""
    best: tuple[int, ...] = (0,)
    where = ""
    for path in elf_files(bundle):
        out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True, check=False).stdout
        for match in GLIBC_VERSION.finditer(out):
            version = tuple(int(part) for part in match.groups() if part is not None)
            if version > best:
                best, where = version, str(path.relative_to(bundle))
    return best, where


def debian_package(library: str) -> str | None:
    """The installed Debian package that holds `library` (tried as given and with /usr dropped: usrmerge)."""
    candidates = [library]
    if library.startswith("/usr/"):
        candidates.append(library[len("/usr"):])
    for candidate in candidates:
        done = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True, check=False)
        if done.returncode == 0:
            return done.stdout.split(":", 1)[0].strip()
    return None


def debian_depends(bundle: Path) -> str:
    """Depends: for the .deb: the packages of the system libraries the bundle links to, glibc at its floor."""
    packages = {debian_package(library) or "" for library in linkage(bundle).system} - {""}
    floor, _ = glibc_floor(bundle)
    parts = [f"libc6 (>= {'.'.join(map(str, floor))})", *sorted(packages - {"libc6"})]
    return ", ".join(parts)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("report", "depends"):
        print(__doc__, file=sys.stderr)
        return 2
    bundle = Path(argv[1])
    if argv[0] == "depends":
        print(debian_depends(bundle))
        return 0
    facts = linkage(bundle)
    floor, where = glibc_floor(bundle)
    print(f"glibc floor: {'.'.join(map(str, floor))} (needed by {where})")
    print("libraries taken from the system:")
    for library, user in sorted(facts.system.items()):
        print(f"  {library}  ({debian_package(library) or '?'}; e.g. {user})")
    for library, users in sorted(facts.missing.items()):
        print(f"MISSING {library}: needed by {', '.join(users)}")
    return 1 if facts.missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
