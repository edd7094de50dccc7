"""TLS on this computer for names that do not exist here (12345.rest.afas.online): a throw-away certificate
authority, a server certificate from it for those names, and a TLS front on 127.0.0.1 that decrypts and passes
bytes to a plain-HTTP stand-in. The client trusts the authority through SSL_CERT_FILE, which OpenSSL's default
paths, and so truststore on Linux, honour (as packaging/smoke_test.py's TLS check does for the bundle)."""

from __future__ import annotations

import asyncio
import datetime
import ssl
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.proxy_servers import LoopServer


@dataclass(frozen=True)
class LocalCertificates:
    ca_file: Path  # the authority to trust (SSL_CERT_FILE)
    cert_file: Path  # the server certificate, for every name asked
    key_file: Path


def make_certificates(folder: Path, names: tuple[str, ...]) -> LocalCertificates:
    """A new authority, and a certificate from it valid for `names` (DNS names) for one day."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.UTC)

    def builder(subject: str, issuer: str, key: ec.EllipticCurvePrivateKey, ca: bool) -> x509.CertificateBuilder:
        return (x509.CertificateBuilder()
                .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
                .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
                .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))

    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca = (builder("Proxy test CA", "Proxy test CA", ca_key, True)
          .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                       encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    leaf = (builder(names[0], "Proxy test CA", key, False)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    files = LocalCertificates(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    files.ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    files.cert_file.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    files.key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                 serialization.NoEncryption()))
    return files


class TlsFront(LoopServer):
    """TLS on 127.0.0.1 in front of a plain-HTTP server on this computer. asyncio does the TLS in one thread."""

    def __init__(self, certificates: LocalCertificates, backend_port: int) -> None:
        super().__init__(None)
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(certificates.cert_file, certificates.key_file)
        self.backend_port = backend_port

    def server_options(self) -> dict[str, object]:
        return {"ssl": self.context, "ssl_handshake_timeout": 10}

    async def _serve(self, client_in: asyncio.StreamReader, client_out: asyncio.StreamWriter) -> None:
        await self.tunnel(client_in, client_out, ("127.0.0.1", self.backend_port))


@contextmanager
def served_as(folder: Path, backends: dict[str, int]) -> Iterator[tuple[Path, dict[str, tuple[str, int]]]]:
    """Each plain-HTTP server in `backends` (name → port) behind TLS for that name, from one new authority.
    Yields the authority's file (for SSL_CERT_FILE) and the table a test proxy resolves the names with."""
    certificates = make_certificates(folder, tuple(backends))
    with ExitStack() as stack:
        fronts = {name: stack.enter_context(TlsFront(certificates, port)) for name, port in backends.items()}
        yield certificates.ca_file, {f"{name}:443": ("127.0.0.1", front.port) for name, front in fronts.items()}
