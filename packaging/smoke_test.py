"""Smoke-test a built Linux bundle: the real executable, run as a user would, no mocks.

    dbus-run-session -- sh scripts/with-keyring.sh \
        build/venv/bin/python packaging/smoke_test.py dist/finstack-afas-wizard

Run it inside a private D-Bus session with an unlocked gnome-keyring (as above), so the password-store checks
use a real Secret Service, with xvfb-run on PATH for the real-X check, from a Python that has the project
installed (the build venv: the TLS check serves the AFAS stand-in from it). Exit status 0 only when every
check passed.
"""

# ruff: noqa: S603, S607 - running the bundle it was given, and du, is what this script is for

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from bundle_facts import glibc_floor, linkage

import wizard
from wizard.app.flow import JOURNEY_ROUTES
from wizard.standins.demo import DEMO_ENVIRONMENT, DEMO_TOKEN_XML, start_demo

APP = "finstack-afas-wizard"
MAX_BUNDLE_MIB = 140  # the agreed ceiling for the stripped one-folder bundle on disk (a minimal PySide6 one: 159)
TIMEOUT_S = 120


class CheckFailed(Exception):
    pass


def bundle_env(**extra: str) -> dict[str, str]:
    """The environment of a user's shell: nothing of the build venv may leak into the bundle."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "LD_LIBRARY_PATH", "QT_PLUGIN_PATH")}
    return env | extra


def run(argv: list[str], stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, input=stdin, capture_output=True, text=True, env=bundle_env(**env),
                          timeout=TIMEOUT_S, check=False)


def expect(done: subprocess.CompletedProcess[str], status: int, *needles: str) -> str:
    """The command's output, once its exit status and output are as expected."""
    output = done.stdout + done.stderr
    if done.returncode != status:
        raise CheckFailed(f"exit status {done.returncode}, expected {status}:\n{output.strip()[-2000:]}")
    for needle in needles:
        if needle not in output:
            raise CheckFailed(f"{needle!r} not in the output:\n{output.strip()[-2000:]}")
    return output


# --- the checks ------------------------------------------------------------------------------------------------
def check_size(bundle: Path, exe: Path) -> str:
    du = subprocess.run(["du", "-sk", str(bundle)], capture_output=True, text=True, check=True).stdout
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


def check_libraries(bundle: Path, exe: Path) -> str:
    facts = linkage(bundle)
    if facts.missing:
        raise CheckFailed("not found: " + "; ".join(f"{lib} (for {', '.join(users[:3])})"
                                                     for lib, users in sorted(facts.missing.items())))
    names = {Path(lib).name.split(".so")[0]: user for lib, user in facts.system.items()}
    unexpected = sorted(name for name in names if name not in SYSTEM_LIBRARIES)
    if unexpected:
        raise CheckFailed("taken from the build machine, not bundled: "
                          + "; ".join(f"{name} (for {names[name]})" for name in unexpected))
    floor, where = glibc_floor(bundle)
    return (f"none missing; glibc >= {'.'.join(map(str, floor))} ({where}); "
            f"from the system: {', '.join(sorted(names))}")


def check_version(bundle: Path, exe: Path) -> str:
    return expect(run([str(exe), "--version"]), 0, f"{APP} {wizard.__version__}").strip()


def check_filter(bundle: Path, exe: Path) -> str:
    done = run([str(exe), "filter", "3", "1", "2"])
    expect(done, 0)
    if done.stdout.strip() != "1;2;3":
        raise CheckFailed(f"printed {done.stdout.strip()!r}, expected '1;2;3'")
    return "filter 3 1 2 -> 1;2;3"


def check_environment(bundle: Path, exe: Path) -> str:
    expect(run([str(exe), "environment", "O12345AA"]), 0, "https://12345.rest.afas.online/ProfitRestServices")
    return "O12345AA -> its REST address"


def check_getconnectors(bundle: Path, exe: Path) -> str:
    # Both read getconnectors/definitions/ and the messages from where the bundle keeps them (wizard/_data).
    expect(run([str(exe), "getconnectors", "list"]), 0, "Finstack_Administrations")
    expect(run([str(exe), "getconnectors", "guide", "Finstack_Administrations"]), 0, "Finstack_Administrations")
    return "list, guide Finstack_Administrations"


def check_token_store(bundle: Path, exe: Path) -> str:
    where = "Secret Service"
    names = ["-e", DEMO_ENVIRONMENT, "-n", "SmokeTest"]
    expect(run([str(exe), "token", "store", *names], stdin=DEMO_TOKEN_XML), 0, where)
    expect(run([str(exe), "token", "check", *names]), 0, where)
    expect(run([str(exe), "token", "forget", *names]), 0, where)
    expect(run([str(exe), "token", "check", *names]), 1)  # 1: no token stored any more
    return "store, check, forget, check again (absent) through the Secret Service"


def self_test(exe: Path, argv_prefix: list[str], **env: str) -> str:
    walked = [f"ok {journey.value} {page}" for journey, route in JOURNEY_ROUTES.items() for page in route]
    with tempfile.TemporaryDirectory() as shots:
        done = run([*argv_prefix, str(exe), "--self-test", shots], **env)
        expect(done, 0, *walked)
        count = len(list(Path(shots).glob("*.png")))
        if count != len(walked):
            raise CheckFailed(f"{count} screenshots, expected {len(walked)}")
        if not (Path(shots) / "report.pdf").is_file():
            raise CheckFailed("no report.pdf")
    return f"{len(JOURNEY_ROUTES)} journeys, {len(walked)} pages walked, {count} screenshots and the report"


def check_self_test_offscreen(bundle: Path, exe: Path) -> str:
    return self_test(exe, [], QT_QPA_PLATFORM="offscreen")


def check_self_test_xcb(bundle: Path, exe: Path) -> str:
    # Qt's real X11 platform on a virtual screen; the token is kept in the real Secret Service meanwhile.
    xvfb = ["xvfb-run", "-a", "-s", "-screen 0 1280x900x24", "env", "QT_QPA_PLATFORM=xcb"]
    return self_test(exe, xvfb) + " under Xvfb (xcb)"


def check_tls(bundle: Path, exe: Path) -> str:
    """The bundle verifies TLS through truststore. Offline proof, against the AFAS stand-in behind local TLS:
    a certificate from an unknown issuer is refused; trusting that issuer (SSL_CERT_FILE, which OpenSSL's
    default paths, and so truststore on Linux, honour) lets the whole token test pass; and a trusted
    certificate for another host name is refused, so the host name is checked too."""
    with tempfile.TemporaryDirectory() as folder, start_demo() as demo:
        ca_file, good, wrong_name = make_certificates(Path(folder))
        with TlsFront(good, demo.afas.port) as front_good, TlsFront(wrong_name, demo.afas.port) as front_wrong:

            def token_test(front: TlsFront, **env: str) -> tuple[int, dict]:
                done = run([str(exe), "test-token", "-e", DEMO_ENVIRONMENT, "-n", "Smoke", "--stdin", "--json",
                            "--base-url", demo.afas_base_url.replace(demo.afas.root_url, front.root_url)],
                           stdin=DEMO_TOKEN_XML, **env)
                try:
                    return done.returncode, json.loads(done.stdout)
                except json.JSONDecodeError as exc:
                    raise CheckFailed(f"no JSON report (status {done.returncode}): {done.stderr[-1500:]}") from exc

            def tls_refused(report: dict) -> bool:
                return any("CERTIFICATE_VERIFY_FAILED" in json.dumps(check) for check in report["checks"])

            status, report = token_test(front_good)
            if status != 1 or not tls_refused(report):
                raise CheckFailed(f"an unknown issuer was not refused: {json.dumps(report)[:1500]}")
            status, report = token_test(front_good, SSL_CERT_FILE=str(ca_file))
            if status != 0:
                raise CheckFailed(f"with the issuer trusted, the token test did not pass: {json.dumps(report)[:1500]}")
            status, report = token_test(front_wrong, SSL_CERT_FILE=str(ca_file))
            if status != 1 or not tls_refused(report):
                raise CheckFailed(f"a certificate for another host was not refused: {json.dumps(report)[:1500]}")
    return "unknown issuer refused; trusted issuer: token test passed; wrong host name refused"


CHECKS: list[tuple[str, Callable[[Path, Path], str]]] = [
    ("size on disk", check_size),
    ("libraries (ldd)", check_libraries),
    ("--version", check_version),
    ("CLI filter", check_filter),
    ("CLI environment", check_environment),
    ("CLI getconnectors", check_getconnectors),
    ("CLI token (keyring)", check_token_store),
    ("TLS via truststore", check_tls),
    ("self-test offscreen", check_self_test_offscreen),
    ("self-test xcb", check_self_test_xcb),
]


# --- test fixtures: certificates and a TLS front for the plain-HTTP stand-in ------------------------------------
def make_certificates(folder: Path) -> tuple[Path, tuple[Path, Path], tuple[Path, Path]]:
    """A throw-away CA, a server certificate for 127.0.0.1 and one for another host name, both from that CA."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.UTC)

    def name(text: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])

    def certificate(subject: str, key: ec.EllipticCurvePrivateKey, issuer: str, signer: ec.EllipticCurvePrivateKey,
                    ca: bool, san: x509.GeneralName | None = None) -> x509.Certificate:
        builder = (x509.CertificateBuilder().subject_name(name(subject)).issuer_name(name(issuer))
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(minutes=5))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if ca:
            builder = builder.add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False, data_encipherment=False,
                key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False),
                critical=True).add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                                             critical=False)
        else:
            builder = (builder.add_extension(x509.SubjectAlternativeName([san]), critical=False)
                       .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
                       .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(signer.public_key()),
                                      critical=False))
        return builder.sign(signer, hashes.SHA256())

    def write(stem: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey) -> tuple[Path, Path]:
        cert_path, key_path = folder / f"{stem}.pem", folder / f"{stem}.key"
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
        return cert_path, key_path

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = certificate("Smoke test CA", ca_key, "Smoke test CA", ca_key, ca=True)
    ca_file, _ = write("ca", ca_cert, ca_key)
    leaves = []
    for stem, san in (("localhost", x509.IPAddress(ipaddress.ip_address("127.0.0.1"))),
                      ("elsewhere", x509.DNSName("elsewhere.invalid"))):
        key = ec.generate_private_key(ec.SECP256R1())
        leaves.append(write(stem, certificate(stem, key, "Smoke test CA", ca_key, ca=False, san=san), key))
    return ca_file, leaves[0], leaves[1]


class TlsFront:
    """TLS on 127.0.0.1 in front of a plain-HTTP server on this computer: decrypts and passes bytes both ways.
    asyncio does the TLS in one thread, so no SSL object is used from two threads at once."""

    def __init__(self, cert_and_key: tuple[Path, Path], backend_port: int) -> None:
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(*map(str, cert_and_key))
        self.backend_port = backend_port
        self.port = 0
        self.root_url = ""
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TlsFront:
        self._thread.start()
        if not self._ready.wait(10):
            raise CheckFailed("the TLS front did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(
            asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=self.context, ssl_handshake_timeout=10))
        self.port = server.sockets[0].getsockname()[1]
        self.root_url = f"https://127.0.0.1:{self.port}"
        self._ready.set()
        self._loop.run_forever()
        server.close()

    async def _serve(self, client_in: asyncio.StreamReader, client_out: asyncio.StreamWriter) -> None:
        backend_in, backend_out = await asyncio.open_connection("127.0.0.1", self.backend_port)

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            try:
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            except (ConnectionError, ssl.SSLError):
                pass
            finally:
                sink.close()

        await asyncio.gather(pipe(client_in, backend_out), pipe(backend_in, client_out))


# --- runner ----------------------------------------------------------------------------------------------------
def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    bundle = Path(argv[0]).resolve()
    exe = bundle / APP
    if not exe.is_file():
        print(f"no {APP} executable in {bundle}", file=sys.stderr)
        return 2
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS") or not shutil.which("xvfb-run"):
        print("needs a D-Bus session with gnome-keyring (scripts/with-keyring.sh) and xvfb-run", file=sys.stderr)
        return 2
    failed = 0
    for title, check in CHECKS:
        started = time.monotonic()
        try:
            outcome, detail = "PASS", check(bundle, exe)
        except (CheckFailed, subprocess.TimeoutExpired, OSError) as exc:
            outcome, detail = "FAIL", str(exc)
            failed += 1
        print(f"{outcome} {title:<22} {time.monotonic() - started:5.1f} s  {detail}", flush=True)
    print(f"smoke test: {len(CHECKS) - failed} of {len(CHECKS)} checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
