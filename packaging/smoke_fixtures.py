"""What the smoke tests (smoke_test.py) set up around the bundle: throw-away certificates and a TLS front for the
plain-HTTP AFAS stand-in, and keyring's own configuration pointing the bundle at keyrings.alt's plaintext store
(installed into a temporary folder, never into the bundle) to prove the bundle refuses it."""

# ruff: noqa: S603 - runs this Python's pip, as the smoke test's set-up

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import os
import ssl
import subprocess
import sys
import threading
from pathlib import Path

# The real plaintext backend the bundle must refuse (pinned: the smoke test shows that one is refused).
KEYRINGS_ALT = "keyrings.alt==5.0.2"


def plaintext_keyring_env(folder: Path) -> dict[str, str]:
    """Environment that makes the bundle's keyring pick keyrings.alt's PlaintextKeyring, through keyring's own
    keyringrc.cfg (default-keyring, and keyring-path to import it from a folder outside the bundle). keyring
    keeps its configuration and the plaintext file in %LOCALAPPDATA%\\Python Keyring on Windows, under
    $XDG_CONFIG_HOME and $XDG_DATA_HOME (python_keyring) elsewhere, macOS included: all three point into
    `folder`, so nothing reaches the real home folder."""
    packages = folder / "site"
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                          "--no-deps", "--target", str(packages), KEYRINGS_ALT], capture_output=True, text=True,
                         check=False)
    if pip.returncode != 0:
        raise RuntimeError(f"pip could not install {KEYRINGS_ALT} for the check: {pip.stderr.strip()[-1000:]}")
    env = {"LOCALAPPDATA": str(folder / "local"), "XDG_CONFIG_HOME": str(folder / "config"),
           "XDG_DATA_HOME": str(folder / "data")}
    config_dir = (folder / "local" / "Python Keyring") if os.name == "nt" else (folder / "config" / "python_keyring")
    config_dir.mkdir(parents=True)
    (config_dir / "keyringrc.cfg").write_text(
        f"[backend]\ndefault-keyring = keyrings.alt.file.PlaintextKeyring\nkeyring-path = {packages}\n",
        encoding="utf-8")
    return env


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
            raise RuntimeError("the TLS front did not start")
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
