"""The log file (issue 18.3): where it is, what it keeps (and never keeps), rotation, and a log that cannot be
written — a folder that is not one, a disk that is full — which the wizard survives and says once."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

import pytest

from tests.leaks import assert_no_token
from wizard.core.logs import BACKUP_COUNT, LOG_FILE_NAME, MAX_BYTES, start_logging, stop_logging
from wizard.core.redact import SEEN_SECRETS
from wizard.core.token import parse_token

TOKEN = parse_token("5f" * 32)
API_KEY = "fs_live_9QmZ2xK7pLw3"
_log = logging.getLogger("wizard.test")


def _read(folder: Path) -> str:
    stop_logging()  # closed and flushed
    return "".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob(LOG_FILE_NAME + "*")))


def test_the_log_keeps_what_happened_at_its_level_and_nothing_below(tmp_path):
    setup = start_logging(tmp_path / "logs", "info")
    assert setup.path == tmp_path / "logs" / LOG_FILE_NAME and setup.problem is None
    _log.info("page %s", "token")
    _log.debug("a detail only debug keeps")
    written = _read(tmp_path / "logs")
    assert "Finstack AFAS wizard" in written and "page token" in written
    assert "a detail only debug keeps" not in written


def test_no_record_keeps_a_token_a_key_or_an_authorization_header(tmp_path):
    SEEN_SECRETS.remember_token(TOKEN.reveal())
    SEEN_SECRETS.remember(API_KEY)
    start_logging(tmp_path, "debug")
    _log.debug("sent %s", {"Authorization": TOKEN.authorization_header()})
    _log.info("AFAS said: %s", TOKEN.reveal_data().upper()[4:40])
    _log.warning("Finstack refused key %s", API_KEY)
    _log.info("Authorization: Bearer some-other-key-1234")
    try:
        raise RuntimeError(f"the server echoed {TOKEN.reveal()}")
    except RuntimeError:
        _log.exception("it failed")
    written = _read(tmp_path)
    assert_no_token(written, TOKEN.reveal(), API_KEY)
    assert "some-other-key-1234" not in written
    assert "it failed" in written and "Traceback" in written and "RuntimeError: the server echoed [redacted]" in written


def test_an_exception_in_a_thread_is_in_the_log_with_its_traceback(tmp_path):
    start_logging(tmp_path, "info")

    def fail() -> None:
        raise ValueError("worker went wrong")

    thread = threading.Thread(target=fail, name="job-unpack")
    thread.start()
    thread.join()
    written = _read(tmp_path)
    assert "Unhandled ValueError in thread job-unpack" in written and "worker went wrong" in written
    assert "in fail" in written  # the traceback's frame


def test_the_log_rotates_at_a_megabyte_keeping_five_old_files(tmp_path):
    start_logging(tmp_path, "info")
    line = "x" * 1000
    for _ in range(7 * MAX_BYTES // 1000):
        _log.info(line)
    stop_logging()
    files = sorted(tmp_path.glob(LOG_FILE_NAME + "*"))
    assert len(files) == 1 + BACKUP_COUNT
    assert all(f.stat().st_size <= MAX_BYTES for f in files)


def test_a_folder_that_cannot_be_made_leaves_no_log_and_says_why(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    setup = start_logging(blocked / "logs", "info")
    assert setup.path is None and setup.problem is not None
    assert setup.problem.key == "log.cannot_write" and str(blocked / "logs") in setup.problem.text("en")
    _log.error("the wizard runs on")  # no handler, no exception


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux) to fill a disk at will")
def test_a_full_disk_stops_the_log_at_once_and_says_so_once(tmp_path, capsys):
    (tmp_path / LOG_FILE_NAME).symlink_to("/dev/full")  # every write fails with "No space left on device"
    setup = start_logging(tmp_path, "info")  # its own first line already fails
    heard = []
    setup.when_failing(heard.append)
    for _ in range(3):
        _log.info("more")
    assert len(heard) == 1 and heard[0].key == "log.write_failed"
    assert "No space left on device" in heard[0].text("en")
    assert "Logging error" not in capsys.readouterr().err  # nothing on stderr: a windowed program has none
    stop_logging()


def test_an_unknown_level_is_refused_by_the_command_line(capsys):
    from wizard.cli import run

    with pytest.raises(SystemExit) as exit_:
        run(["--log-level", "loud", "filter", "1"])
    assert exit_.value.code == 2 and "invalid choice: 'loud'" in capsys.readouterr().err


def test_a_bug_in_a_command_is_a_plain_line_and_a_traceback_in_the_log(tmp_path, monkeypatch, capsys):
    """A command that crashes (made to, here: a bug cannot be made to exist on purpose) says so in one line and
    names the log, which has the traceback."""
    import wizard.cli.filter as filter_command
    from wizard.cli import run

    def broken(args, console):
        raise KeyError("a bug")

    monkeypatch.setattr(filter_command, "cmd_filter", broken)
    status = run(["filter", "1;2"])
    err = capsys.readouterr().err
    assert status == 2 and "Error: something unexpected went wrong (KeyError)" in err and "Traceback" not in err
    log_file = Path(err.split("log file ", 1)[1].split("; send", 1)[0])
    assert "Unhandled KeyError in the command filter" in _read(log_file.parent)
    assert sys.exc_info() == (None, None, None)
