"""The fault modes of the hostile server: one function per way an answer can go wrong."""

from __future__ import annotations

import base64
import gzip
import json
import zlib
from collections.abc import Callable, Sequence

from tests.faults.hostile_server import (
    ADMINISTRATIONS_CONNECTOR,
    HUGE_BODY_BYTES,
    Connection,
    Mode,
    good_answer,
    gzip_bomb,
    metainfo,
    nested_gzip_bomb,
    send_json_body,
    spoil,
)

JSON = ("Content-Type", "application/json; charset=utf-8")
BLOCK = b" " * 65536


class _Compressing(Connection):
    """Answers gzipped, then deflated on top (Content-Encoding: gzip, deflate): legal, if unusual."""

    def respond(self, status: int, body: bytes = b"", headers: Sequence[tuple[str, str | bytes]] = (),
                content_type: str = "application/json; charset=utf-8") -> None:
        encoded = zlib.compress(gzip.compress(body))
        super().respond(status, encoded, [*headers, ("Content-Encoding", "gzip, deflate")], content_type)


def compressed_answers(conn: Connection, endpoint: str) -> None:
    good_answer(_Compressing(conn.sock, conn.stopping), endpoint)


def reset_mid_body(conn: Connection, endpoint: str) -> None:
    conn.send(conn.head(200, [JSON, ("Content-Length", "1000")]) + b'{"getConnectors":[{"id":')
    conn.client_gone(0.05)
    conn.reset()


def stalled_body(conn: Connection, endpoint: str) -> None:
    conn.send(conn.head(200, [JSON, ("Content-Length", "4096")]) + b'{"getConnectors":[')
    while not conn.client_gone(0.05):
        pass


def slow_trickle(conn: Connection, endpoint: str) -> None:
    """One byte every half second: no read ever waits long enough for a read timeout."""
    conn.send(conn.head(200, [JSON, ("Content-Length", "100000")]) + b"{")
    while not conn.client_gone(0.5):
        if not conn.send(b" "):
            return


def huge_chunked(conn: Connection, endpoint: str) -> None:
    conn.send(conn.head(200, [JSON, ("Transfer-Encoding", "chunked")]))
    for _ in range(HUGE_BODY_BYTES // len(BLOCK) + 1):
        if conn.stopping.is_set() or not conn.send(b"%x\r\n" % len(BLOCK) + BLOCK + b"\r\n"):
            return
    conn.send(b"0\r\n\r\n")


def huge_close_delimited(conn: Connection, endpoint: str) -> None:
    """No Content-Length, no chunks: the body ends when the connection closes."""
    conn.send(conn.head(200, [JSON]))
    for _ in range(HUGE_BODY_BYTES // len(BLOCK) + 1):
        if conn.stopping.is_set() or not conn.send(BLOCK):
            return


def huge_header(conn: Connection, endpoint: str) -> None:
    conn.send(conn.head(200, [JSON, ("X-Padding", "a" * (2 * 1024 * 1024)), ("Content-Length", "2")]) + b"{}")


def redirect(status: int) -> Mode:
    location = ("Location", "http://evil.example/ProfitRestServices/metainfo")
    return lambda conn, endpoint: conn.respond(status, b"", [location])


def _bomb(body: Callable[[], bytes], encoding: str) -> Mode:
    """`body` is built on first use (and cached): compressing 256 MB takes a moment."""
    return lambda conn, endpoint: conn.respond(200, body(), [("Content-Encoding", encoding)])


def _on(kind: str, bad: Mode) -> Mode:
    """Spoil the answers of one kind of endpoint: "metainfo", "fields" (metainfo/get/…) or "rows" (connectors/…)."""
    prefixes = {"metainfo": ("metainfo",), "fields": ("metainfo/get/",), "rows": ("connectors/",)}[kind]
    return spoil(lambda endpoint: endpoint == "metainfo" if kind == "metainfo" else endpoint.startswith(prefixes),
                 bad)


def _administrations(value: object) -> Mode:
    rows = json.dumps({"skip": 0, "take": 100, "rows": [{"AdministrationId": value}]}, ensure_ascii=False)
    return spoil(lambda endpoint: endpoint == f"connectors/{ADMINISTRATIONS_CONNECTOR}",
                 send_json_body(rows.encode()))


def _metainfo_with(**info: str) -> Mode:
    return _on("metainfo", send_json_body(json.dumps(metainfo(**info)).encode()))


# -- a server that echoes the token (issue 17.2): every form, cut up, in other letter cases ----------------------

def _authorization(conn: Connection) -> tuple[str, str]:
    """The request's Authorization header value, and the token's data part from it."""
    header = conn.headers.get("authorization", "")
    xml = base64.b64decode(header.removeprefix("AfasToken ")).decode()
    return header, xml.split("<data>", 1)[1].split("</data>", 1)[0]


def echoed_token_500(conn: Connection, endpoint: str) -> None:
    header, data = _authorization(conn)
    conn.json({"externalMessage": f"Unauthorized request, Authorization: {header}; token data {data}",
               "profitLogReference": header[10:74]}, status=500)


def echoed_token_cut(conn: Connection, endpoint: str) -> None:
    """The header's Base64 cut in 20-character pieces, the data upper-cased and its XML URL-encoded."""
    header, data = _authorization(conn)
    pieces = " ".join(header[i:i + 20] for i in range(10, len(header), 20))
    xml = base64.b64decode(header[10:]).decode().replace("<", "%3C").replace(">", "%3E").replace("/", "%2F")
    conn.json({"externalMessage": f"Bad token {pieces} | {data.upper()} | {xml}"}, status=500)


def echoed_token_profit_error(conn: Connection, endpoint: str) -> None:
    """No body; the obsolete X-Profit-Error header (Base64) repeats the Authorization header."""
    header, _ = _authorization(conn)
    conn.respond(500, b"", [("X-Profit-Error", base64.b64encode(f"Invalid {header}".encode()).decode())])


def echoed_token_in_metainfo(conn: Connection, endpoint: str) -> None:
    """A 200 whose App connector facts (its name, its group) hold the token."""
    header, data = _authorization(conn)
    if endpoint == "metainfo":
        conn.json(metainfo(appName=f"Finstack {data}", group=f"AuthorizationGroup {header}"))
    else:
        good_answer(conn, endpoint)


MODES: dict[str, Mode] = {
    "well_behaved": good_answer,
    "well_behaved_compressed": compressed_answers,
    "reset_mid_body": reset_mid_body,
    "stalled_body": stalled_body,
    "slow_trickle": slow_trickle,
    "huge_chunked": huge_chunked,
    "huge_close_delimited": huge_close_delimited,
    "malformed_json": send_json_body(b'{"getConnectors":[{"id":"Finstack_Adm'),
    "list_body": _on("metainfo", send_json_body(b"[]")),
    "null_body": _on("metainfo", send_json_body(b"null")),
    "missing_keys": _on("metainfo", send_json_body(b"{}")),
    "html_500": lambda conn, endpoint: conn.respond(500, b"<html><body><h1>Server Error</h1></body></html>",
                                                    content_type="text/html"),
    "maintenance_503": lambda conn, endpoint: conn.respond(503, b'{"error":{"code":"503","message":"Onderhoud"}}',
                                                           [("Retry-After", "7200")]),
    "redirect_301": redirect(301),
    "redirect_302": redirect(302),
    "gzip_bomb": _bomb(gzip_bomb, "gzip"),
    "nested_gzip_bomb": _bomb(nested_gzip_bomb, "gzip, gzip"),
    "huge_header": huge_header,
    "fields_number": _on("fields", send_json_body(b'{"name":"x","fields":5}')),
    "fields_null": _on("fields", send_json_body(b'{"name":"x","fields":null}')),
    "rows_number": _on("rows", send_json_body(b'{"skip":0,"take":1,"rows":5}')),
    "rows_null": _on("rows", send_json_body(b'{"skip":0,"take":1,"rows":null}')),
    "deep_nesting": _on("metainfo", send_json_body(b"[" * 100_000 + b"]" * 100_000)),
    # 9 MB of valid JSON whose three million empty objects would take some 250 MB once parsed
    "value_flood": _on("metainfo", send_json_body(b'{"getConnectors":[' + b"{}," * 3_000_000 + b"{}]}")),
    "huge_retry_after": lambda conn, endpoint: conn.respond(503, b'{"error":{"code":"503","message":"x"}}',
                                                            [("Retry-After", "9" * 5000)]),
    "huge_retry_after_in_body": lambda conn, endpoint: conn.respond(
        503, b'{"error":{"code":"503","message":"x"},"retry_after":1' + b"0" * 400 + b"}"),
    "retry_after_superscript": lambda conn, endpoint: conn.respond(503, b'{"error":{"code":"503","message":"x"}}',
                                                                   [("Retry-After", b"\xb2")]),
    "administration_true": _administrations(True),
    "administration_arabic_digit": _administrations("٣"),
    "expiry_not_iso": _metainfo_with(tokenExpiry="next year"),
    "echoed_token_500": echoed_token_500,
    "echoed_token_cut": echoed_token_cut,
    "echoed_token_profit_error": echoed_token_profit_error,
    "echoed_token_in_metainfo": echoed_token_in_metainfo,
    # Refusals AFAS does not document but a server (or a gateway in front of it) may send (issue 18.6)
    "expired_401": lambda conn, endpoint: conn.json({"externalMessage": "Het token is verlopen."}, status=401),
    "forbidden_403_rights": lambda conn, endpoint: conn.json(
        {"externalMessage": "Gebruiker heeft geen toegang tot deze omgeving", "profitLogReference": "0a1b"},
        status=403),
    "forbidden_403_ip": lambda conn, endpoint: conn.json({"externalMessage": "IP-adres niet toegestaan"}, status=403),
    "too_many_429": lambda conn, endpoint: conn.respond(429, b"", [("Retry-After", "120")]),
}

ECHO_MODES = tuple(name for name in MODES if name.startswith("echoed_token"))  # every way a server repeats the token
