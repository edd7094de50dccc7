"""Every real public export in tests/data/gcn-corpus/ reads without a "damaged" verdict; damaged copies of each are
still refused, and the one file that was damaged in its repository is named for what happened to it."""

from __future__ import annotations

import shutil

import pytest

from tests.gcn_writer import external_data, split_outer, with_payload, with_zip
from tests.unit.gcn_corpus import CORPUS_DIR, DAMAGED_IN_THE_WILD, SOUND, CorpusFile
from tests.unit.gcn_samples import write_definition
from wizard.core.getconnectors.check import check_bundle
from wizard.core.getconnectors.gcn import GcnError, GcnErrorKind, read_gcn, read_gcn_file
from wizard.core.getconnectors.gcn_filter import Uninterpreted
from wizard.core.getconnectors.model import ItemKind

_IDS = [c.path.split("/")[-1] for c in SOUND]


def test_the_corpus_is_complete():
    on_disk = sorted(p.relative_to(CORPUS_DIR).as_posix() for p in CORPUS_DIR.rglob("*.gcn"))
    assert on_disk == sorted([c.path for c in SOUND] + list(DAMAGED_IN_THE_WILD))


@pytest.mark.parametrize("corpus", SOUND, ids=_IDS)
def test_every_real_export_reads(corpus: CorpusFile):
    gcn = read_gcn_file(corpus.file)
    assert (gcn.format_version, gcn.external_name, len(gcn.fields)) == (
        corpus.version, corpus.external_name, corpus.fields)
    assert (gcn.stored_filter.filter_count, len(gcn.stored_filter.criteria)) == (corpus.filters, corpus.criteria)
    assert gcn.stored_filter.layout_known
    assert [p.what for p in gcn.not_interpreted] == [Uninterpreted.MACRO] * corpus.macros
    assert gcn.data_collection_code and gcn.data_collection_name


@pytest.mark.parametrize("corpus", SOUND, ids=_IDS)
def test_damaged_copies_of_every_real_export_are_refused(corpus: CorpusFile):
    data = corpus.file.read_bytes()
    kinds = {}
    for label, damaged in {
        "cut": data[: len(data) * 2 // 3],
        "text": data.decode("utf-8", "replace").encode("utf-8"),
        "zip": with_zip(data, _flipped(split_outer(data)[1])),
        "payload": with_payload(data, external_data(data)[: len(external_data(data)) // 2]),
    }.items():
        with pytest.raises(GcnError) as caught:
            read_gcn(damaged)
        kinds[label] = caught.value.kind
    assert kinds == {"cut": GcnErrorKind.TRUNCATED, "text": GcnErrorKind.TEXT_CONVERTED,
                     "zip": GcnErrorKind.CORRUPT, "payload": GcnErrorKind.CORRUPT}


def _flipped(zipped: bytes) -> bytes:
    broken = bytearray(zipped)
    broken[len(broken) // 3] ^= 0x55  # in the deflated ExternalData: the checksum no longer holds
    return bytes(broken)


@pytest.mark.parametrize("path", DAMAGED_IN_THE_WILD)
def test_the_file_damaged_in_its_repository_is_named_a_text_conversion(path):
    with pytest.raises(GcnError) as caught:
        read_gcn_file(CORPUS_DIR / path)
    assert caught.value.kind is GcnErrorKind.TEXT_CONVERTED
    assert "U+FFFD" in caught.value.text("en")


def test_a_check_of_real_exports_with_macros_has_notes_not_damage(tmp_path):
    employments, units = SOUND[0], SOUND[1]
    definitions = tmp_path / "definitions"
    for order, corpus in enumerate((employments, units), start=1):
        gcn = read_gcn_file(corpus.file)
        write_definition(definitions, None, order=order, external_name=gcn.external_name,
                         description=gcn.description, aliases=list(gcn.aliases),
                         stored_filter=[{"field": c.field, "operator": str(c.operator), "value": c.value}
                                        for c in gcn.stored_filter])
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    for corpus in (employments, units):
        shutil.copy(corpus.file, bundle)
    report = check_bundle(bundle, definitions)
    assert report.ok, [i.text() for i in report.problems]
    assert [i.kind for i in report.items] == [ItemKind.OK, ItemKind.NOT_INTERPRETED] * 2
    note = report.items[1].text("en")
    assert note.startswith(f"{employments.path.split('/')[-1]} (T4E_HelloID_Employments_v2) is sound, but the wizard "
                           "does not interpret part of it")
    assert "U015 <[~*NOW*~DDm3@] (a Profit macro, such as a date relative to today); U017" in note
    assert "is in orde, maar de wizard interpreteert" in report.items[1].text("nl")
