"""Content-Encoding decoding that never holds more than its cap: every chain of gzip and deflate reads back
exactly, and a bomb stops at the cap whatever its nesting."""

import gzip
import zlib

import pytest

from wizard.core.bounded_decoding import BodyTooLarge, BoundedBody, ByteBudget, UnreadableEncoding

JSON = b'{"skip":0,"take":100,"rows":[' + b'{"AdministrationId":1,"AdministrationName":"Holding BV"},' * 400 + b"{}]}"
MB = 1024 * 1024


def read(body: bytes, encodings: list[str], cap: int = 10 * MB, piece: int = 1000) -> bytes:
    bounded = BoundedBody(encodings, cap)
    for start in range(0, len(body), piece):
        bounded.feed(body[start:start + piece])
    return bounded.body()


@pytest.mark.parametrize(
    ("encodings", "encode"),
    [
        ([], lambda b: b),
        (["identity"], lambda b: b),
        (["gzip"], gzip.compress),
        (["x-gzip"], gzip.compress),
        (["deflate"], zlib.compress),
        (["deflate"], lambda b: zlib.compress(b)[2:-4]),  # raw deflate, as some servers send it
        (["gzip", "gzip"], lambda b: gzip.compress(gzip.compress(b))),
        (["deflate", "GZIP"], lambda b: gzip.compress(zlib.compress(b))),
        (["gzip"], lambda b: gzip.compress(b[:500]) + gzip.compress(b[500:])),  # two gzip members
    ],
)
def test_every_encoding_chain_reads_back_exactly(encodings, encode):
    encoded = encode(JSON)
    assert read(encoded, encodings) == JSON
    assert read(encoded, encodings, piece=1) == JSON  # one byte at a time, as a slow network delivers it


@pytest.mark.parametrize("nesting", [1, 2, 3])
def test_a_bomb_stops_at_the_cap_whatever_its_nesting(nesting):
    bomb = bytes(64 * MB)
    for _ in range(nesting):
        bomb = gzip.compress(bomb)
    with pytest.raises(BodyTooLarge):
        read(bomb, ["gzip"] * nesting, cap=MB)


def test_the_encoded_size_is_capped_too():
    with pytest.raises(BodyTooLarge):
        read(bytes(2 * MB), [], cap=MB)


def test_bodies_in_flight_share_one_budget_and_give_it_back():
    budget = ByteBudget(3 * MB)
    first, second = BoundedBody([], 2 * MB, budget), BoundedBody([], 2 * MB, budget)
    first.feed(bytes(2 * MB))
    with pytest.raises(BodyTooLarge):
        second.feed(bytes(2 * MB))  # each within its own cap, together over the budget
    first.release()
    assert budget.held == 0
    BoundedBody([], 2 * MB, budget).feed(bytes(2 * MB))


@pytest.mark.parametrize(("body", "encodings"), [(b"x" * 100, ["gzip"]), (JSON, ["br"]), (JSON, ["zstd", "gzip"]),
                                                 (b"\x78\x9c" + b"\xff" * 50, ["deflate"])])
def test_an_unknown_or_broken_encoding_is_unreadable_not_a_crash(body, encodings):
    with pytest.raises(UnreadableEncoding):
        read(body, encodings)
