"""Decoding an HTTP body's Content-Encoding (gzip, deflate, in any chain) without ever holding more than a cap.

httpx decodes each received chunk completely before the caller can count it, so a few KB of nested gzip
become gigabytes in one step. Here every layer inflates at most PIECE bytes at a time and counts what it
produced, so neither memory nor time grows with what an answer claims to contain.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

PIECE = 64 * 1024  # the most one layer inflates in one step


class BodyTooLarge(Exception):
    """A layer (or the body as received) grew beyond the cap."""


class UnreadableEncoding(Exception):
    """A Content-Encoding the wizard does not speak, or compressed data that is broken."""


def _wbits(coding: str, first_bytes: bytes) -> int:
    if coding in ("gzip", "x-gzip"):
        return 16 + zlib.MAX_WBITS
    # "deflate" is the zlib format by the RFC, but some servers send raw deflate: the zlib header tells.
    is_zlib = len(first_bytes) >= 2 and first_bytes[0] & 0x0F == 8 and (first_bytes[0] << 8 | first_bytes[1]) % 31 == 0
    return zlib.MAX_WBITS if is_zlib else -zlib.MAX_WBITS


class _Layer:
    """One Content-Encoding layer: inflates piece by piece and counts its output against the cap."""

    def __init__(self, coding: str, cap: int) -> None:
        self.coding, self.cap, self.produced = coding, cap, 0
        self._inflater: zlib._Decompress | None = None
        self._pending = b""  # deflate waits for two bytes to tell zlib from raw deflate

    def pieces(self, data: bytes) -> Iterator[bytes]:
        if self._inflater is None:
            self._pending += data
            if len(self._pending) < 2:
                return
            data, self._pending = self._pending, b""
            self._inflater = zlib.decompressobj(_wbits(self.coding, data))
        yield from self._inflate(data)

    def _inflate(self, data: bytes) -> Iterator[bytes]:
        while self._inflater is not None:
            try:
                piece = self._inflater.decompress(data, PIECE)
            except zlib.error:
                raise UnreadableEncoding(self.coding) from None
            self.produced += len(piece)
            if self.produced > self.cap:
                raise BodyTooLarge
            if piece:
                yield piece
            if self._inflater.eof:
                data = self._inflater.unused_data
                if not data or self.coding == "deflate":
                    return  # what follows a deflate stream is ignored, as httpx does
                self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)  # the next member of a gzip body
                continue
            stalled = not piece and self._inflater.unconsumed_tail == data
            data = self._inflater.unconsumed_tail
            if stalled or (not data and len(piece) < PIECE):
                return


def _layers(codings: Iterable[str], cap: int) -> list[_Layer]:
    """The decoders, outermost first: `Content-Encoding: gzip, deflate` was deflated last, so inflates first."""
    layers = []
    for coding in reversed([c.strip().lower() for c in codings if c.strip()]):
        if coding == "identity":
            continue
        if coding not in ("gzip", "x-gzip", "deflate"):
            raise UnreadableEncoding(coding[:20])
        layers.append(_Layer(coding, cap))
    return layers


class ByteBudget:
    """The decoded bytes all bodies read at the same time may hold together, so that many answers in flight
    cannot each fill up to their own cap. One event loop uses it, so it needs no lock."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.held = 0

    def take(self, size: int) -> None:
        if self.held + size > self.limit:
            raise BodyTooLarge
        self.held += size

    def give_back(self, size: int) -> None:
        self.held -= size


class BoundedBody:
    """Collects a body from raw (still encoded) chunks; BodyTooLarge as soon as any stage passes `cap` bytes,
    or the shared budget runs out. Call release() when the body is no longer needed."""

    def __init__(self, content_encodings: Iterable[str], cap: int, budget: ByteBudget | None = None) -> None:
        self.cap = cap
        self.received = 0
        self._layers = _layers(content_encodings, cap)
        self._parts: list[bytes] = []
        self._size = 0
        self._budget = budget or ByteBudget(cap)

    def feed(self, raw: bytes) -> None:
        self.received += len(raw)
        if self.received > self.cap:
            raise BodyTooLarge
        for piece in self._through(0, raw):
            if self._size + len(piece) > self.cap:
                raise BodyTooLarge
            self._budget.take(len(piece))
            self._size += len(piece)
            self._parts.append(piece)

    def release(self) -> None:
        """Give the bytes back to the shared budget and drop them."""
        self._budget.give_back(self._size)
        self._parts, self._size = [], 0

    def _through(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self._layers):
            yield data
            return
        for piece in self._layers[index].pieces(data):
            yield from self._through(index + 1, piece)

    def body(self) -> bytes:
        """Everything decoded so far (call after the last chunk)."""
        return b"".join(self._parts)
