"""Two windows, or a window and the command line, changing records at once: the later save of one record never
erases another record's change, and the same record changed in two places is merged, the clash named, nothing
overwritten blindly."""

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.app.harness import open_session
from wizard.app.records import RecordStore


def _two(make_services):
    return open_session(make_services()), open_session(make_services())


def _record_for_both(one, two, **fields) -> str:
    one.session.edit(**fields)
    one.settle()
    record_id = one.session.record.customer_id
    two.session.customers.continue_(record_id)
    two.settle()
    assert two.session.record.customer_id == record_id
    return record_id


def test_two_windows_saving_different_customers_lose_nothing(make_services):
    one, two = _two(make_services)
    one.session.edit(label="Bakkerij", environment_text="O11111AA")
    two.session.edit(label="Slagerij", environment_text="O22222AA")
    one.settle()
    two.settle()
    for _ in range(5):  # and again, interleaved
        one.session.edit(administrations_text=one.session.record.administrations_text + "1;")
        two.session.edit(administrations_text=two.session.record.administrations_text + "2;")
        one.settle()
        two.settle()
    rows = {row.label: row for row in open_session(make_services()).session.customers.rows()}
    assert set(rows) == {"Bakkerij", "Slagerij"}
    records = {RecordStore().read(row.id).state.label: RecordStore().read(row.id).state for row in rows.values()}
    assert records["Bakkerij"].administrations_text == "1;" * 5
    assert records["Slagerij"].administrations_text == "2;" * 5


def test_the_same_customer_changed_in_two_windows_keeps_both_changes(make_services):
    one, two = _two(make_services)
    record_id = _record_for_both(one, two, environment_text="O12345AA")
    one.session.edit(administrations_text="1;2;3")
    one.settle()
    two.session.edit(label="Bakkerij de Vries")
    two.settle()
    saved = RecordStore().read(record_id).state
    assert (saved.administrations_text, saved.label) == ("1;2;3", "Bakkerij de Vries")
    assert two.session.record.administrations_text == "1;2;3"  # the other window's change reached this one
    assert not [n for n in two.session.notices if n.message.key == "record.conflict"]


def test_the_same_field_changed_in_two_windows_is_a_clash_that_is_named_and_kept(make_services):
    one, two = _two(make_services)
    record_id = _record_for_both(one, two, environment_text="O12345AA")
    one.session.edit(administrations_text="1;2;3")
    one.settle()
    two.session.edit(administrations_text="7;8")
    two.settle()
    assert RecordStore().read(record_id).state.administrations_text == "7;8"  # the one saved last, here
    [clash] = [n for n in two.session.notices if n.message.key == "record.conflict"]
    text = clash.message.text("en")
    assert "administrations_text" in text
    kept = Path(clash.message.params["path"])
    assert kept.is_file() and json.loads(kept.read_text())["administrations_text"] == "1;2;3"


def test_a_customer_removed_elsewhere_while_open_here_is_saved_again_and_said(make_services):
    one, two = _two(make_services)
    record_id = _record_for_both(one, two, environment_text="O12345AA", label="Bakkerij")
    one.session.customers.remove(record_id)
    one.settle()
    assert not RecordStore().exists(record_id)
    two.session.edit(administrations_text="4;5")
    two.settle()
    assert RecordStore().read(record_id).state.administrations_text == "4;5"
    assert "record.removed_elsewhere" in [n.message.key for n in two.session.notices]


def test_many_writers_in_threads_never_lose_a_customer(make_services):
    faces = [open_session(make_services()) for _ in range(4)]

    def work(n: int) -> None:
        face = faces[n]
        for i in range(10):
            face.session.customers.add(f"O{10000 + n * 100 + i}AA", "Finstack", f"customer {n}-{i}")
        face.session.keeper.writer.wait_idle(30)

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(work, range(4)))
    assert len(RecordStore().ids()) == 40


_WRITER = """
import sys
from wizard.cli import run
for i in range(int(sys.argv[2])):
    assert run(["customers", "add", "-e", f"O{sys.argv[1]}{i:03d}AA", "--label", f"p{sys.argv[1]}-{i}"]) == 0
"""


def test_two_processes_adding_customers_at_once_lose_none(tmp_path):
    env = {**os.environ}
    processes = [subprocess.Popen([sys.executable, "-c", _WRITER, str(n), "15"], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE) for n in (1, 2)]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    labels = {RecordStore().read(record_id).state.label for record_id in RecordStore().ids()}
    assert labels == {f"p{n}-{i}" for n in (1, 2) for i in range(15)}


_EDITOR = """
import sys
from tests.app.harness import open_session
from wizard.app.services import Services
face = open_session(Services())
face.session.customers.continue_(sys.argv[1])
face.settle()
face.session.edit(label="from the other process")
face.settle()
face.session.shutdown()
"""


def test_a_window_and_another_process_changing_one_customer_keep_both_changes(make_services):
    one = open_session(make_services())
    one.session.edit(environment_text="O12345AA")
    one.settle()
    record_id = one.session.record.customer_id
    subprocess.run([sys.executable, "-c", _EDITOR, record_id], check=True, timeout=120,
                   cwd=Path(__file__).resolve().parents[2])
    one.session.edit(administrations_text="1;2")
    one.settle()
    saved = RecordStore().read(record_id).state
    assert (saved.label, saved.administrations_text) == ("from the other process", "1;2")
