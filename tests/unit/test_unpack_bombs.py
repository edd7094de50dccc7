"""A bomb inside the `.gcn` files (issue 17 item 1): a payload may inflate to PAYLOAD_RATIO times its file (at least
PAYLOAD_FLOOR, at most MAX_PAYLOAD), all payloads of a bundle to BUNDLE_INFLATED; a bundle over its budget, its time
or cancelled ends in a plain message; nothing a result keeps holds a payload. Bombs are made here by the test-only
writer (never committed). The 6.5 MB and 32 MB ZIPs run as the command line in tests/faults/test_gcn_bomb.py."""

from __future__ import annotations

import gc
import threading
import types
from pathlib import Path

import pytest

from tests.gcn_writer import GcnSpec, bomb_gcn, bomb_zip, outer, zip_payload
from tests.unit.gcn_bundles import finstack_files, write_folder, write_zip
from wizard.core.getconnectors.budget import BUNDLE_INFLATED, MAX_PAYLOAD, MB, ReadBudget, payload_limit
from wizard.core.getconnectors.check import assess, check_bundle
from wizard.core.getconnectors.definitions import load_definitions
from wizard.core.getconnectors.gcn import GcnError, GcnErrorKind, read_gcn
from wizard.core.getconnectors.matching import found_file
from wizard.core.getconnectors.model import BundleError, BundleErrorKind, ItemKind
from wizard.core.getconnectors.sources import open_source
from wizard.core.getconnectors.unpack import unpack_bundle

FILES = finstack_files()


def padded_gcn(inflated: int, padding: int = 0, name: str = "Finstack_Padded") -> bytes:
    """A .gcn whose ExternalData (base64 letters, not a sound payload) inflates to `inflated` bytes; `padding`
    characters of description make the file itself larger."""
    return outer(GcnSpec(name, description="x" * padding if padding else None), zip_payload(b"A" * inflated))


def test_a_payload_may_be_64_times_its_file_within_a_floor_and_a_cap():
    assert payload_limit(3_000) == MB // 4  # the floor: a real 3 KB export holds about 13 KB
    assert payload_limit(10 * 1024) == 640 * 1024
    assert payload_limit(64 * 1024) == payload_limit(900 * 1024) == MAX_PAYLOAD == MB


def test_a_bomb_is_damage_named_with_its_sizes_and_never_inflated():
    bomb = bomb_gcn()
    assert len(bomb) < 66_000
    with pytest.raises(GcnError) as refused:
        read_gcn(bomb)
    assert refused.value.kind is GcnErrorKind.CORRUPT
    assert "would unpack to 64,512 KB, while a file of 63 KB holds at most 1,024 KB" in refused.value.text("en")
    assert "uitgepakt 64,512 KB worden" in refused.value.text("nl")
    assert refused.value.__traceback__ is not None  # raised, but from read_gcn itself, with nothing inside it
    assert refused.value.__context__ is None and refused.value.__cause__ is None


def test_a_payload_just_within_its_limit_is_read_and_just_over_is_refused():
    limit = payload_limit(len(padded_gcn(MB // 4)))
    with pytest.raises(GcnError) as within:
        read_gcn(padded_gcn(limit))
    assert within.value.message.key == "gcn.corrupt_payload"  # inflated and decoded: only its content is wrong
    with pytest.raises(GcnError) as over:
        read_gcn(padded_gcn(limit + 1))
    assert over.value.message.key == "gcn.payload_too_large"


def test_a_bomb_among_finstacks_files_is_a_damaged_file_and_nothing_is_written(tmp_path):
    source = write_zip(tmp_path / "download.zip", {**FILES, "Finstack_Periods.gcn": bomb_gcn()})
    result = unpack_bundle(source)
    assert result.wrote_nothing
    [stop] = result.stopped_by
    assert stop.kind is ItemKind.CORRUPT and stop.file == "Finstack_Periods.gcn"
    assert "would unpack to 64,512 KB" in stop.text("en")


@pytest.mark.parametrize("layout", ["zip", "folder", "files"])
def test_a_bundle_of_bombs_ends_in_one_plain_message(tmp_path, layout):
    if layout == "zip":
        source = bomb_zip(tmp_path / "bombs.zip", 12)
    else:
        bomb = bomb_gcn()
        folder = write_folder(tmp_path / "bombs", {f"Finstack_Bomb_{n}.gcn": bomb for n in range(12)})
        source = folder if layout == "folder" else sorted(folder.iterdir())
    for attempt in (lambda: unpack_bundle(source, tmp_path / "out"),
                    lambda: check_bundle(source) if layout != "files" else unpack_bundle(source)):
        with pytest.raises(BundleError) as refused:
            attempt()
        assert refused.value.kind is BundleErrorKind.UNSAFE
        assert "would unpack to more than 8 MB together" in refused.value.text("en")
        assert "zouden uitgepakt samen meer dan 8 MB worden" in refused.value.text("nl")
    assert not (tmp_path / "out").exists()


def test_payloads_each_within_their_limit_are_still_bounded_together(tmp_path):
    one = padded_gcn(MB, padding=17_000)  # 1 MB from a file of 17 KB: within its own limit
    assert payload_limit(len(one)) == MB
    count = BUNDLE_INFLATED // MB
    fits = write_zip(tmp_path / "fits.zip", {f"Finstack_{n}.gcn": one for n in range(count)})
    assert {i.kind for i in check_bundle(fits).items} >= {ItemKind.CORRUPT}  # read, and each found damaged
    over = write_zip(tmp_path / "over.zip", {f"Finstack_{n}.gcn": one for n in range(count + 1)})
    with pytest.raises(BundleError) as refused:
        check_bundle(over)
    assert refused.value.kind is BundleErrorKind.UNSAFE


def test_a_bundle_that_takes_too_long_is_stopped(tmp_path):
    source = write_zip(tmp_path / "download.zip", FILES)
    with pytest.raises(BundleError) as stopped:
        open_source(source, ReadBudget(source, seconds=-1))
    assert stopped.value.kind is BundleErrorKind.UNSAFE
    assert "took longer than" in stopped.value.text("en") and "duurde langer dan" in stopped.value.text("nl")


class CountingEvent(threading.Event):
    """A real cancel flag that a person "sets" at its `at`-th reading, and counts how often it was read."""

    def __init__(self, at: int) -> None:
        super().__init__()
        self.at, self.reads = at, 0

    def is_set(self) -> bool:
        self.reads += 1
        if self.reads >= self.at:
            self.set()
        return super().is_set()


def test_the_cancel_flag_is_read_between_files_and_between_payloads(tmp_path):
    source = write_zip(tmp_path / "download.zip", FILES)
    reading = CountingEvent(at=10**6)
    unpack_bundle(source, tmp_path / "first", cancel=reading)
    assert reading.reads >= 3 * len(FILES)  # each file as it is read, before and after its payload
    for at in (1, len(FILES) + 2, reading.reads - 1):  # while reading the ZIP, inflating, at the last payload
        cancel = CountingEvent(at)
        with pytest.raises(BundleError) as stopped:
            unpack_bundle(source, tmp_path / f"out-{at}", cancel=cancel)
        assert stopped.value.kind is BundleErrorKind.CANCELLED and cancel.reads == at
        assert not (tmp_path / f"out-{at}").exists()


def test_the_window_check_stops_when_cancelled(tmp_path):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(BundleError) as stopped:
        check_bundle(bomb_zip(tmp_path / "bombs.zip", 3), cancel=cancel)
    assert stopped.value.kind is BundleErrorKind.CANCELLED and stopped.value.text("en") == "Stopped: nothing was " \
        "written."


def _reachable_sizes(root: object) -> list[int]:
    """The sizes of every bytes, str and list reachable from `root`, through containers, objects, exceptions,
    tracebacks and frames (not through classes, modules or functions: those reach everything)."""
    seen, sizes, todo = set(), [], [root]
    skip = (type, types.ModuleType, types.FunctionType, types.CodeType, types.BuiltinFunctionType)
    while todo:
        obj = todo.pop()
        if id(obj) in seen or isinstance(obj, skip):
            continue
        seen.add(id(obj))
        if isinstance(obj, (bytes, bytearray, str, list)):
            sizes.append(len(obj))
        if isinstance(obj, dict) and "__builtins__" in obj:
            continue  # a module's globals, reached from a frame
        extra = [obj.__traceback__, obj.__context__] if isinstance(obj, BaseException) else []
        todo.extend(gc.get_referents(obj) + extra)
    return sizes


def test_nothing_a_result_keeps_holds_an_inflated_payload(tmp_path):
    damaged = padded_gcn(MB, padding=17_000)  # inflates to 1 MB, then fails to decode
    files = {**FILES, **{f"Finstack_Damaged_{n}.gcn": damaged for n in range(4)}}
    source = write_zip(tmp_path / "download.zip", files)
    budget = ReadBudget(source)
    assessment = assess(open_source(source, budget), load_definitions(), budget)
    assert budget.inflated > 4 * MB  # the payloads were inflated ...
    largest_file = max(len(data) for data in files.values())
    assert max(_reachable_sizes(assessment)) <= largest_file  # ... and none of them is kept
    found = found_file("x.gcn", damaged, len(damaged))
    assert found.error is not None and found.error.__traceback__ is None and found.error.__context__ is None
    assert max(_reachable_sizes(found)) <= len(damaged)
    report = unpack_bundle(source, tmp_path / "out").report
    assert max(_reachable_sizes(report)) <= largest_file
    assert not Path(tmp_path / "out").exists()
