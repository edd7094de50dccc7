"""Smoke-test a built bundle on the system it was built for: the real executable, run as a user would, no mocks.

    Linux:   dbus-run-session -- sh scripts/with-keyring.sh \
                 build/venv/bin/python packaging/smoke_test.py dist/finstack-afas-wizard
    Windows: build\\venv\\Scripts\\python packaging\\smoke_test.py dist\\finstack-afas-wizard
    macOS:   build/venv/bin/python packaging/smoke_test.py "dist/Finstack AFAS wizard.app"

Run it from a Python that has the project installed (the build venv: the checks serve the AFAS stand-in from
it) and `cryptography` (the TLS check makes certificates with it; on Linux it comes with SecretStorage). On Linux,
inside a private D-Bus session with an unlocked gnome-keyring (as above) and with xvfb-run on PATH; on Windows
and macOS in the logged-in user's session, whose Credential Manager or login Keychain the token checks use.
Exit status 0 only when every check passed. The checks that need Linux tools (ldd, Xvfb) run only there.
"""

# ruff: noqa: S603, S607 - running the bundle it was given, and du, is what this script is for

from __future__ import annotations

import json
import os
import plistlib
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bundle_facts import glibc_floor, linkage
from smoke_fixtures import TlsFront, make_certificates, plaintext_keyring_env

import wizard
from wizard.app.flow import JOURNEY_ROUTES
from wizard.standins.demo import DEMO_ENVIRONMENT, DEMO_TOKEN_XML, start_demo

APP = "finstack-afas-wizard"
BUNDLE_ID = "com.finstack.afas-wizard"
MAX_BUNDLE_MIB = 140  # Linux: the agreed ceiling for the stripped one-folder bundle (a minimal PySide6 one: 159)
TIMEOUT_S = 120
LINUX, WINDOWS, MACOS = "linux", "windows", "macos"


class CheckFailed(Exception):
    pass


@dataclass(frozen=True)
class Target:
    """The bundle on this system: where its programs are and which password store it must use."""

    system: str
    bundle: Path  # the folder (Linux, Windows) or the .app (macOS)
    cli: Path  # the program for commands: it prints
    gui: Path  # the program a user starts from the menu (windowed on Windows: no output at all)
    store_class: str  # the keyring backend the wizard must pick here
    store_words: str  # how the token commands name that store


def target_for(path: Path) -> Target:
    if sys.platform == "win32":
        return Target(WINDOWS, path, path / f"{APP}-cli.exe", path / f"{APP}.exe",
                      "keyring.backends.Windows.WinVaultKeyring", "Windows Credential Manager")
    if sys.platform == "darwin":
        program = path / "Contents" / "MacOS" / APP
        return Target(MACOS, path, program, program, "keyring.backends.macOS.Keyring", "macOS Keychain")
    program = path / APP
    return Target(LINUX, path, program, program, "keyring.backends.SecretService.Keyring", "Secret Service")


def bundle_env(**extra: str) -> dict[str, str]:
    """The environment of a user's shell: nothing of the build venv, nor a keyring choice, may leak in."""
    leaks = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "QT_PLUGIN_PATH",
             "PYTHON_KEYRING_BACKEND", "PYTHONUTF8", "PYTHONIOENCODING")
    return {k: v for k, v in os.environ.items() if k not in leaks} | extra


def run(argv: list[str | Path], stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    # UTF-8 both ways: the bundle runs in Python's UTF-8 mode (the spec says why), whatever the system's code page.
    return subprocess.run([str(arg) for arg in argv], input=stdin, capture_output=True, encoding="utf-8",
                          errors="replace", env=bundle_env(**env), timeout=TIMEOUT_S, check=False)


def expect(done: subprocess.CompletedProcess[str], status: int, *needles: str) -> str:
    """The command's output, once its exit status and output are as expected."""
    output = done.stdout + done.stderr
    if done.returncode != status:
        raise CheckFailed(f"exit status {done.returncode}, expected {status}:\n{output.strip()[-2000:]}")
    for needle in needles:
        if needle not in output:
            raise CheckFailed(f"{needle!r} not in the output:\n{output.strip()[-2000:]}")
    return output


# --- what the bundle is ----------------------------------------------------------------------------------------
def check_size(target: Target) -> str:
    if target.system != LINUX:  # no limit agreed for these yet: the figure is reported
        size = sum(p.stat().st_size for p in target.bundle.rglob("*") if p.is_file() and not p.is_symlink())
        return f"{size / 2**20:.1f} MiB (sum of file sizes; no limit set on {target.system} yet)"
    du = subprocess.run(["du", "-sk", str(target.bundle)], capture_output=True, text=True, check=True).stdout
    mib = int(du.split()[0]) / 1024
    if mib > MAX_BUNDLE_MIB:
        raise CheckFailed(f"{mib:.1f} MiB on disk, more than {MAX_BUNDLE_MIB} MiB")
    return f"{mib:.1f} MiB on disk (limit {MAX_BUNDLE_MIB})"


# The only libraries the bundle may take from the system: glibc, the OpenGL/EGL dispatch libraries (they load
# the machine's graphics driver), libxcb and the Wayland client libraries (PyInstaller leaves these out on
# purpose). Anything else found outside the bundle here might be missing on a user's machine.
SYSTEM_LIBRARIES = ("libc", "libm", "libdl", "libpthread", "librt", "libutil", "ld-linux", "libGL", "libEGL",
                    "libGLX", "libGLdispatch", "libOpenGL", "libxcb", "libwayland-client", "libwayland-cursor",
                    "libwayland-egl")


def check_libraries(target: Target) -> str:
    facts = linkage(target.bundle)
    if facts.missing:
        raise CheckFailed("not found: " + "; ".join(f"{lib} (for {', '.join(users[:3])})"
                                                     for lib, users in sorted(facts.missing.items())))
    names = {Path(lib).name.split(".so")[0]: user for lib, user in facts.system.items()}
    unexpected = sorted(name for name in names if name not in SYSTEM_LIBRARIES)
    if unexpected:
        raise CheckFailed("taken from the build machine, not bundled: "
                          + "; ".join(f"{name} (for {names[name]})" for name in unexpected))
    floor, where = glibc_floor(target.bundle)
    return (f"none missing; glibc >= {'.'.join(map(str, floor))} ({where}); "
            f"from the system: {', '.join(sorted(names))}")


def check_info_plist(target: Target) -> str:
    with (target.bundle / "Contents" / "Info.plist").open("rb") as handle:
        info = plistlib.load(handle)
    wanted = {"CFBundleIdentifier": BUNDLE_ID, "CFBundleShortVersionString": wizard.__version__,
              "CFBundleExecutable": APP, "NSHighResolutionCapable": True}
    wrong = {key: info.get(key) for key, value in wanted.items() if info.get(key) != value}
    if wrong:
        raise CheckFailed(f"Info.plist has {wrong}, expected {wanted}")
    return ", ".join(f"{key}={value}" for key, value in wanted.items())


# --- the command line ------------------------------------------------------------------------------------------
def check_version(target: Target) -> str:
    return expect(run([target.cli, "--version"]), 0, f"{APP} {wizard.__version__}").strip()


def check_filter(target: Target) -> str:
    done = run([target.cli, "filter", "3", "1", "2"])
    expect(done, 0)
    if done.stdout.strip() != "1;2;3":
        raise CheckFailed(f"printed {done.stdout.strip()!r}, expected '1;2;3'")
    return "filter 3 1 2 -> 1;2;3"


def check_environment(target: Target) -> str:
    expect(run([target.cli, "environment", "O12345AA"]), 0, "https://12345.rest.afas.online/ProfitRestServices")
    return "O12345AA -> its REST address"


def check_getconnectors(target: Target) -> str:
    # Both read getconnectors/definitions/ and the messages from where the bundle keeps them (wizard/_data).
    expect(run([target.cli, "getconnectors", "list"]), 0, "Finstack_Administrations")
    expect(run([target.cli, "getconnectors", "guide", "Finstack_Administrations"]), 0, "Finstack_Administrations")
    return "list, guide Finstack_Administrations"


def check_test_token_output(target: Target) -> str:
    """The token test against the stand-in over plain HTTP, its report in Dutch through a pipe: the ✓ and the
    accented Dutch arrive as UTF-8 (a Windows console program would otherwise fail on them)."""
    with start_demo() as demo:
        done = run([target.cli, "--lang", "nl", "test-token", "-e", DEMO_ENVIRONMENT, "-n", "Smoke", "--stdin",
                    "--base-url", demo.afas_base_url], stdin=DEMO_TOKEN_XML)
    expect(done, 0, "✓ AFAS accepteert het token", " — ")
    if "\ufffd" in done.stdout:
        raise CheckFailed(f"output is not UTF-8: {done.stdout[:500]!r}")
    return f"{done.stdout.count('✓')} checks passed, report in UTF-8"


# --- the password store ----------------------------------------------------------------------------------------
def check_keyring_backend(target: Target) -> str:
    said = expect(run([target.cli, "--lang", "en", "keyring-backend"]), 0,
                  f"this system's own password store: keyring backend {target.store_class}.")
    return said.strip().splitlines()[0]


def check_keyring_refusals(target: Target) -> str:
    """keyring's null store (keyring --disable) and keyrings.alt's plaintext file store: both refused, and the
    token never reaches a file."""
    null = {"PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    expect(run([target.cli, "--lang", "en", "keyring-backend"], **null), 1, "which stores nothing")
    expect(run([target.cli, "--lang", "en", "token", "store", "-e", DEMO_ENVIRONMENT, "-n", "Smoke"],
               stdin=DEMO_TOKEN_XML, **null), 2, "no password store the wizard can use")
    with tempfile.TemporaryDirectory() as folder:
        plaintext = plaintext_keyring_env(Path(folder))
        expect(run([target.cli, "--lang", "en", "keyring-backend"], **plaintext), 1,
               "keyring chose keyrings.alt.file.PlaintextKeyring")
        expect(run([target.cli, "--lang", "en", "token", "store", "-e", DEMO_ENVIRONMENT, "-n", "Smoke"],
                   stdin=DEMO_TOKEN_XML, **plaintext), 2, "keeps passwords in a file of its own")
        written = sorted(str(p) for p in Path(folder).rglob("keyring_pass.cfg"))
        if written:
            raise CheckFailed(f"the plaintext store wrote {written}")
    return "null store and keyrings.alt's PlaintextKeyring refused; no file written"


def check_token_store(target: Target) -> str:
    def token(action: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return run([target.cli, "--lang", "en", "token", action, "-e", DEMO_ENVIRONMENT, "-n", "SmokeTest"],
                   stdin=stdin)

    expect(token("store", DEMO_TOKEN_XML), 0, target.store_words)
    try:
        expect(token("check"), 0, target.store_words)
    finally:
        expect(token("forget"), 0, target.store_words)
    expect(token("check"), 1)  # 1: no token stored any more
    return f"store, check, forget, check again (absent) through the {target.store_words}"


def check_tls(target: Target) -> str:
    """The bundle verifies TLS through truststore, against the AFAS stand-in behind local TLS: a certificate from
    an unknown issuer is refused. On Linux also: trusting that issuer (SSL_CERT_FILE, which OpenSSL's default
    paths, and so truststore there, honour) lets the whole token test pass, and a trusted certificate for another
    host name is refused. (On Windows and macOS truststore asks the system's own store, which a test cannot
    extend without changing the machine.)"""
    with tempfile.TemporaryDirectory() as folder, start_demo() as demo:
        ca_file, good, wrong_name = make_certificates(Path(folder))
        with TlsFront(good, demo.afas.port) as front_good, TlsFront(wrong_name, demo.afas.port) as front_wrong:

            def token_test(front: TlsFront, **env: str) -> tuple[int, dict]:
                base_url = demo.afas_base_url.replace(demo.afas.root_url, front.root_url)
                done = run([target.cli, "--lang", "en", "test-token", "-e", DEMO_ENVIRONMENT, "-n", "Smoke", "--stdin",
                            "--json", "--base-url", base_url], stdin=DEMO_TOKEN_XML, **env)
                try:
                    return done.returncode, json.loads(done.stdout)
                except json.JSONDecodeError as exc:
                    raise CheckFailed(f"no JSON report (status {done.returncode}): {done.stderr[-1500:]}") from exc

            def refused(front: TlsFront, why: str, **env: str) -> None:
                # The wording of the verification error is the system's (OpenSSL, SChannel, Security framework):
                # the wizard's own classification is what is checked.
                status, report = token_test(front, **env)
                if status != 1 or not any(check["id"] == "host" and check["status"] == "failed"
                                          and "secure (TLS) connection" in check["explanation"]
                                          for check in report["checks"]):
                    raise CheckFailed(f"{why} was not refused: {json.dumps(report)[:1500]}")

            refused(front_good, "an unknown issuer")
            if target.system != LINUX:
                return "unknown issuer refused (the trusted-issuer cases need the system's store: Linux only)"
            status, report = token_test(front_good, SSL_CERT_FILE=str(ca_file))
            if status != 0:
                raise CheckFailed(f"with the issuer trusted, the token test did not pass: {json.dumps(report)[:1500]}")
            refused(front_wrong, "a certificate for another host", SSL_CERT_FILE=str(ca_file))
    return "unknown issuer refused; trusted issuer: token test passed; wrong host name refused"


# --- the window ------------------------------------------------------------------------------------------------
WALKED = [f"ok {journey.value} {page}" for journey, route in JOURNEY_ROUTES.items() for page in route]


def self_test(program: Path, argv_prefix: list[str], printed: bool = True, **env: str) -> str:
    """Every page of every journey walked against the stand-ins: one screenshot each, and the report."""
    with tempfile.TemporaryDirectory() as shots:
        done = run([*argv_prefix, program, "--self-test", shots], **env)
        expect(done, 0, *(WALKED if printed else ()))
        count = len(list(Path(shots).glob("*.png")))
        if count != len(WALKED):
            raise CheckFailed(f"{count} screenshots, expected {len(WALKED)}")
        if not (Path(shots) / "report.pdf").is_file():
            raise CheckFailed("no report.pdf")
    return f"{len(JOURNEY_ROUTES)} journeys, {len(WALKED)} pages walked, {count} screenshots and the report"


def check_self_test_offscreen(target: Target) -> str:
    return self_test(target.cli, [], QT_QPA_PLATFORM="offscreen")


def check_self_test_windowed(target: Target) -> str:
    # The double-clicked program has no console: it prints nothing, so its screenshots are the proof.
    return self_test(target.gui, [], printed=False, QT_QPA_PLATFORM="offscreen") + f" ({target.gui.name})"


def check_self_test_xcb(target: Target) -> str:
    # Qt's real X11 platform on a virtual screen; the token is kept in the real Secret Service meanwhile.
    xvfb = ["xvfb-run", "-a", "-s", "-screen 0 1280x900x24", "env", "QT_QPA_PLATFORM=xcb"]
    return self_test(target.cli, xvfb) + " under Xvfb (xcb)"


ALL = frozenset({LINUX, WINDOWS, MACOS})
CHECKS: list[tuple[str, Callable[[Target], str], frozenset[str]]] = [
    ("size on disk", check_size, ALL),
    ("libraries (ldd)", check_libraries, frozenset({LINUX})),
    ("Info.plist", check_info_plist, frozenset({MACOS})),
    ("--version", check_version, ALL),
    ("CLI filter", check_filter, ALL),
    ("CLI environment", check_environment, ALL),
    ("CLI getconnectors", check_getconnectors, ALL),
    ("CLI test-token (UTF-8)", check_test_token_output, ALL),
    ("keyring backend", check_keyring_backend, ALL),
    ("keyring refusals", check_keyring_refusals, ALL),
    ("CLI token (keyring)", check_token_store, ALL),
    ("TLS via truststore", check_tls, ALL),
    ("self-test offscreen", check_self_test_offscreen, ALL),
    ("self-test windowed exe", check_self_test_windowed, frozenset({WINDOWS})),
    ("self-test xcb", check_self_test_xcb, frozenset({LINUX})),
]


# --- runner ----------------------------------------------------------------------------------------------------
def missing_prerequisite(target: Target) -> str:
    if not target.cli.is_file():
        return f"no {target.cli.name} in {target.bundle}"
    if target.system == LINUX and (not os.environ.get("DBUS_SESSION_BUS_ADDRESS") or not shutil.which("xvfb-run")):
        return "needs a D-Bus session with gnome-keyring (scripts/with-keyring.sh) and xvfb-run"
    return ""


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    target = target_for(Path(argv[0]).resolve())
    problem = missing_prerequisite(target)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    checks = [(title, check) for title, check, systems in CHECKS if target.system in systems]
    failed = 0
    for title, check in checks:
        started = time.monotonic()
        try:
            outcome, detail = "PASS", check(target)
        except (CheckFailed, subprocess.TimeoutExpired, RuntimeError, OSError) as exc:
            outcome, detail = "FAIL", str(exc)
            failed += 1
        print(f"{outcome} {title:<24} {time.monotonic() - started:5.1f} s  {detail}", flush=True)
    print(f"smoke test ({target.system}): {len(checks) - failed} of {len(checks)} checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
