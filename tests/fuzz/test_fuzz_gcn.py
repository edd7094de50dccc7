"""Fuzzing the .gcn reader: mutated real and writer-made exports, including mutations INSIDE the embedded ZIP (zipped
again, so they get past its checksum and reach the payload decoders). Only GcnError may leave read_gcn; a file that
reads must render every finding in both languages.

Runs with the hypothesis profile in force (a hundred examples each by default). A deep run:
    GCN_FUZZ_EXAMPLES=10000 pytest tests/fuzz/test_fuzz_gcn.py -p no:cacheprovider
(or, once tests/fuzz/conftest.py registers it, `pytest tests/fuzz --hypothesis-profile=deep`).

And bombs inside the files (payloads and bundles against their budgets) and hostile entry names (refused by the
rule they break, or shown escaped), issue 17 items 1 and 8.
"""

from __future__ import annotations

import base64
import io
import os
import tempfile
import zipfile
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.gcn_writer import (
    GcnSpec,
    OleDate,
    encode_payload,
    external_data,
    make_gcn,
    outer,
    payload_tree,
    split_outer,
    with_payload,
    with_zip,
    zip_payload,
)
from tests.unit.gcn_bundles import finstack_files
from tests.unit.gcn_corpus import SOUND
from tests.unit.gcn_samples import ALL_SAMPLES, SAMPLES_DIR
from wizard.core.file_names import is_portable_name
from wizard.core.getconnectors.budget import BUNDLE_INFLATED, ReadBudget, payload_limit
from wizard.core.getconnectors.definitions import load_definitions
from wizard.core.getconnectors.gcn import GcnError, GcnFile, read_gcn
from wizard.core.getconnectors.gcn_filter import parse_stored_filter
from wizard.core.getconnectors.matching import evaluate, found_file
from wizard.core.getconnectors.model import BundleError, BundleErrorKind, ItemKind
from wizard.core.getconnectors.unpack import unpack_bundle
from wizard.core.messages import Message

_EXAMPLES = os.environ.get("GCN_FUZZ_EXAMPLES")
FUZZ = settings(**({"max_examples": int(_EXAMPLES)} if _EXAMPLES else {}), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
V8_HEADER = 18  # the magic and two bytes before the token stream


@cache
def seeds() -> tuple[bytes, ...]:
    """Real exports (the corpus, and ../shared when it is there) and writer-made ones of every version."""
    real = [c.file.read_bytes() for c in SOUND]
    real += [(SAMPLES_DIR / n).read_bytes() for n in ALL_SAMPLES if (SAMPLES_DIR / n).is_file()]
    made = [make_gcn("Finstack_Fuzz", ["AdministrationId", "Name"], v,
                     filters=[[("U001", "quick", "1;2;3"), ("U002", "<=", "~*NOW*~DD@")], [("U002", "[]", "")]])
            for v in (5, 7, 8)]
    # The same files with the embedded ZIP in every compression zipfile knows (Profit writes Deflate): their
    # decompressors fail in their own ways (a damaged LZMA stream raised lzma.LZMAError out of read_gcn).
    for method in (zipfile.ZIP_STORED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):
        for data in made[:3]:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", method) as archive:
                archive.writestr("ExternalData", external_data(data))
            made.append(with_zip(data, buffer.getvalue()))
    return tuple(real + made)


def _check(data: bytes) -> None:
    """The property: GcnError or a file whose findings render, in English and Dutch."""
    try:
        gcn = read_gcn(data)
    except GcnError as error:
        assert error.text("en") and error.text("nl")
        return
    _renders(gcn, data)


def _renders(gcn: GcnFile, data: bytes) -> None:
    assert gcn.format_version in (5, 7, 8) and gcn.external_name.strip()
    for part in gcn.not_interpreted:
        assert part.message.text("en") and part.message.text("nl")
    described = gcn.stored_filter.describe()
    if isinstance(described, Message):
        described.text("nl")
    per_definition, others, _ = evaluate(load_definitions(), [found_file("fuzz.gcn", data, len(data))])
    for item in [i for items in per_definition.values() for i in items] + others:
        assert item.text("en") and item.text("nl")


def _mutate(data: bytearray, draw: st.DrawFn, rounds: int = 3) -> bytearray:
    for _ in range(draw(st.integers(1, rounds))):
        if not data:
            break
        position = draw(st.integers(0, len(data) - 1))
        operation = draw(st.sampled_from(["flip", "set", "insert", "delete", "cut", "repeat"]))
        if operation == "flip":
            data[position] ^= 1 << draw(st.integers(0, 7))
        elif operation == "set":
            data[position] = draw(st.sampled_from([0x00, 0x01, 0x7F, 0x80, 0xFF, 0x40, 0x7E]))
        elif operation == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=8))
        elif operation == "delete":
            del data[position:position + draw(st.integers(1, 16))]
        elif operation == "cut":
            del data[position:]
        else:
            data[position:position] = data[position:position + draw(st.integers(1, 32))]
    return data


@st.composite
def outer_mutations(draw: st.DrawFn) -> bytes:
    """Bytes of a whole export changed anywhere: header, ZIP or integrity value."""
    return bytes(_mutate(bytearray(draw(st.sampled_from(seeds()))), draw))


@st.composite
def payload_mutations(draw: st.DrawFn) -> bytes:
    """ExternalData changed and zipped again: the change reaches the decoders of all three versions."""
    data = draw(st.sampled_from(seeds()))
    payload = external_data(data)
    if payload.startswith(b"FdKD"):  # "FdKD" starts base64 of the version 8 magic: change the decoded tokens
        binary = bytearray(base64.b64decode(payload))
        head, body = binary[:V8_HEADER], _mutate(binary[V8_HEADER:], draw, rounds=4)
        payload = base64.b64encode(bytes(head + body))
    elif payload[:1] == b"D":  # version 7 text: change whole tokens, then maybe bytes
        tokens = payload.split(b"@")
        for _ in range(draw(st.integers(1, 4))):
            index = draw(st.integers(0, len(tokens) - 1))
            tokens[index] = draw(st.sampled_from([b"D0", b"D1", b"D7FFFFFFF", b"D-1", b"I", b"I~Z", b"L", b"L1",
                                                  b"A", b"H nan", b"H 1e400", b"C2009", b"", b"X", tokens[index] * 2]))
        payload = b"@".join(tokens)
    if payload[:2] == b"\x0c\x20" or draw(st.booleans()):  # version 5 (a Variant stream) always changes here
        payload = bytes(_mutate(bytearray(payload), draw, rounds=2))
    return with_payload(data, payload)


# What a person or Profit could put in a text: printable ASCII, Dutch letters, the notation's own marks, controls.
_TEXT = st.text(alphabet=st.sampled_from([chr(c) for c in range(32, 127)] + list("éëïöü€~@'\r\n\t\x00")),
                max_size=60)
_FILTER_TOKENS = st.sampled_from(["C1", "D1", "D0", "D2", "C3", "D3", "C2", "CF", "C7", "C8", "C1F", "I", "IU001",
                                  "I=1", "I~A*NOW*~ADD~B", "I~Z", "A", "L", "L1", "H 2", "D7FFFFFFF", "X", ""])


@st.composite
def filter_texts(draw: st.DrawFn) -> str:
    """AfasMdFilterData: made from the notation's own tokens, or any text at all."""
    if draw(st.booleans()):
        return "@".join(draw(st.lists(_FILTER_TOKENS, max_size=30)))
    return draw(_TEXT)


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-(2**31), 2**31 - 1), _TEXT,
                     st.floats(-1e6, 1e6).map(OleDate),
                     st.sampled_from(["Guid", "ObId", "insert AfasMdView (a) values (1)"]))


@st.composite
def tree_mutations(draw: st.DrawFn) -> bytes:
    """A writer-made export whose payload tree was changed element by element before it was encoded: values of
    another type, elements gone, doubled or nested, so the record, view and field-map readers see odd shapes."""
    version = draw(st.sampled_from([5, 7, 8]))
    spec = GcnSpec(draw(_TEXT), tuple(draw(st.lists(_TEXT, max_size=4))), version,
                   filter_text=draw(st.one_of(st.none(), filter_texts())))
    tree = payload_tree(spec)
    for _ in range(draw(st.integers(1, 4))):
        target = tree
        if draw(st.booleans()):  # sometimes inside the view array
            target = next((v for v in tree if isinstance(v, list)), tree)
        index = draw(st.integers(0, max(len(target) - 1, 0)))
        operation = draw(st.sampled_from(["replace", "delete", "insert", "nest"]))
        if operation == "replace" and target:
            target[index] = draw(_SCALARS)
        elif operation == "delete" and target:
            del target[index]
        elif operation == "insert":
            target.insert(index, draw(_SCALARS))
        elif target:
            target[index] = [target[index]]
    return outer(spec, zip_payload(encode_payload(tree, version)))


@FUZZ
@given(tree_mutations())
def test_odd_payload_trees_raise_only_gcn_error(data):
    _check(data)


@FUZZ
@given(outer_mutations())
def test_mutated_exports_raise_only_gcn_error(data):
    _check(data)


@FUZZ
@given(payload_mutations())
def test_mutations_inside_the_zipped_payload_raise_only_gcn_error(data):
    _check(data)


@FUZZ
@given(filter_texts(), st.sampled_from([5, 7, 8]))
def test_any_filter_text_is_read_or_shown_as_stored_never_damage(text, version):
    stored = parse_stored_filter(text)
    assert stored.layout_known or stored.raw == text
    gcn = read_gcn(make_gcn("Finstack_Fuzz", ["Id"], version, filter_text=text))  # never raises: the file is sound
    _renders(gcn, make_gcn("Finstack_Fuzz", ["Id"], version, filter_text=text))


@FUZZ
@given(_TEXT, st.sampled_from([5, 7, 8]))
def test_any_view_statement_is_read_or_shown_as_stored(statement, version):
    data = make_gcn("Finstack_Fuzz", ["Id"], version, view_statement="insert AfasMdView " + statement)
    _renders(read_gcn(data), data)


@FUZZ
@given(st.sampled_from(seeds()), st.binary(max_size=64))
def test_any_embedded_zip_raises_only_gcn_error(data, garbage):
    zipped = split_outer(data)[1]
    _check(with_zip(data, zipped[: len(zipped) // 2] + garbage))


def test_the_seeds_are_sound():
    assert len(seeds()) >= len(SOUND) + 3
    assert all(read_gcn(data).external_name for data in seeds())


@cache
def bundle_zips() -> tuple[bytes, ...]:
    """Finstack's bundle as ZIP files: flat and Deflate, in a sub-folder and LZMA, stored."""
    files = finstack_files()
    made = []
    for folder, method in (("", zipfile.ZIP_DEFLATED), ("Finstack", zipfile.ZIP_LZMA), ("", zipfile.ZIP_STORED)):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", method) as archive:
            for name, data in files.items():
                archive.writestr(f"{folder}/{name}" if folder else name, data)
        made.append(buffer.getvalue())
    return tuple(made)


@st.composite
def bundle_mutations(draw: st.DrawFn) -> bytes:
    return bytes(_mutate(bytearray(draw(st.sampled_from(bundle_zips()))), draw, rounds=4))


@FUZZ
@given(bundle_mutations())
def test_mutated_bundle_zips_raise_only_bundle_error(data):
    """The check and unpacking of a damaged download: findings or BundleError, nothing else; nothing written when a
    file is damaged."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "download.zip"
        source.write_bytes(data)
        try:
            result = unpack_bundle(source)
        except BundleError as error:
            assert error.text("en") and error.text("nl")
            return
        for item in result.report.items:
            assert item.text("en") and item.text("nl")
        if any(i.kind is ItemKind.CORRUPT for i in result.report.items):
            assert result.wrote_nothing and not result.destination.exists()


# ------------------------------------------------------------------------ bombs and names (issue 17: 1, 8)

_INFLATED = st.sampled_from([0, 1000, 200_000, 262_144, 262_145, 700_000, 1_048_576, 1_048_577, 4 * 2**20,
                             63 * 2**20])


@cache
def _padded(inflated: int, padding: int) -> bytes:
    """A .gcn whose ExternalData inflates to `inflated` bytes of base64 letters, `padding` characters larger."""
    return outer(GcnSpec("Finstack_Fuzz", description="x" * padding if padding else None),
                 zip_payload(b"A" * inflated))


@FUZZ
@given(_INFLATED, st.sampled_from([0, 3000, 11_000, 17_000, 60_000]))
def test_a_payload_is_inflated_only_within_the_limit_of_its_file(inflated, padding):
    data = _padded(inflated, padding)
    budget = ReadBudget(Path("fuzz.zip"), inflated=2**40)
    try:
        read_gcn(data, budget)
    except GcnError as error:
        assert error.text("en") and error.text("nl")
        assert (error.message.key == "gcn.payload_too_large") == (inflated > payload_limit(len(data)))
    assert budget.inflated == min(inflated, payload_limit(len(data)))


@FUZZ
@given(st.lists(st.tuples(_INFLATED, st.sampled_from([0, 17_000])), min_size=1, max_size=24))
def test_a_bundle_of_bombs_ends_in_findings_or_one_plain_refusal(files):
    """Whatever the mix of files and what they inflate to: findings, or one UNSAFE BundleError exactly when their
    payloads (each counted at most at its own limit) exceed the bundle's budget."""
    datas = [_padded(inflated, padding) for inflated, padding in files]
    counted = sum(min(inflated, payload_limit(len(d))) for (inflated, _), d in zip(files, datas, strict=True))
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "download.zip"
        with zipfile.ZipFile(source, "w", zipfile.ZIP_STORED) as archive:
            for number, data in enumerate(datas):
                archive.writestr(f"Finstack_{number}.gcn", data)
        try:
            result = unpack_bundle(source)
        except BundleError as error:
            assert error.kind is BundleErrorKind.UNSAFE and counted > BUNDLE_INFLATED
            assert error.text("en") and error.text("nl")
            return
        assert counted <= BUNDLE_INFLATED and result.wrote_nothing


_NAME_PARTS = st.sampled_from(["CON", "aux", "Nul", "COM1", "lpt\u00b9", "COM10", "Finstack", "a", " ", ".", "..",
                               ":", "*", "?", '"', "<", ">", "|", "\\", "/", "\x1b[31m", "\n", "\r", "\t", "\x7f",
                               "\u202e", "é", "\U0001f600", "x" * 120])


@FUZZ
@given(st.lists(_NAME_PARTS, min_size=1, max_size=6).map("".join), st.booleans())
def test_any_entry_name_is_refused_by_its_rule_or_shown_escaped(name, as_gcn):
    """A .gcn entry whose name (or folder) cannot exist everywhere refuses the bundle with a plain reason; any
    other name is read or listed, and no text of the outcome holds a control character."""
    entry = name + (".gcn" if as_gcn else "")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "download.zip"
        with zipfile.ZipFile(source, "w") as archive:
            archive.writestr(entry, make_gcn("Finstack_Fuzz", ["Id"]))
        try:
            result = unpack_bundle(source, Path(folder) / "out")
        except BundleError as error:
            assert error.kind in (BundleErrorKind.UNSAFE, BundleErrorKind.BAD_NAME, BundleErrorKind.UNREADABLE)
            assert error.text("en").isprintable() and error.text("nl").isprintable()
            return
        for item in result.report.items:
            assert item.text("en").isprintable() and item.text("nl").isprintable()
        for written in result.files:
            assert is_portable_name(written.name)
