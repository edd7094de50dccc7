"""The log file a help desk asks for: rotating (1 MB × 5) in the user's log folder, every record redacted.

A windowed program has no console, so this file is where a failure at a customer's desk leaves its trace:
what the wizard did (journeys, jobs, checks, saves), what went wrong, and every unhandled exception with its
traceback, from whichever thread. Nothing secret: each record (its message, arguments, traceback) passes the
redaction of wizard.core.redact — the tokens and keys this process has used, and anything that looks like one.

Logging never stops the wizard: a folder that cannot be written leaves it without a file (said once, by the
face that started it), and a disk that fills up stops the file at the first failed write (said once too).
"""

from __future__ import annotations

import logging
import logging.handlers
import platform
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from wizard import __version__
from wizard.core.messages import Message
from wizard.core.redact import SEEN_SECRETS

LOG_FILE_NAME = "finstack-afas-wizard.log"
MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 5
LEVELS: dict[str, int] = {"error": logging.ERROR, "warning": logging.WARNING, "info": logging.INFO,
                          "debug": logging.DEBUG}
DEFAULT_LEVEL = "info"
_FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"
_log = logging.getLogger("wizard")


class RedactingFilter(logging.Filter):
    """Renders each record's message and traceback once, redacted; the handler then writes only that text."""

    def __init__(self, redact: Callable[[str], str] = SEEN_SECRETS) -> None:
        super().__init__()
        self.redact = redact
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a record whose arguments do not fit its format: keep the format alone
            message = str(record.msg)
        record.msg, record.args = self.redact(message), None
        if record.exc_info:
            record.exc_text = self._formatter.formatException(record.exc_info)
            record.exc_info = None  # only the redacted text goes on
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class LogFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating file that gives up quietly at its first failed write (a full disk, a removed folder): no text
    on stderr (a windowed program has none), no exception; `on_failure` hears of it once."""

    def __init__(self, path: Path, level: int, on_failure: Callable[[Message], None] | None = None) -> None:
        super().__init__(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
        self.setLevel(level)
        self.setFormatter(logging.Formatter(_FORMAT))
        self.addFilter(RedactingFilter())
        self.on_failure = on_failure
        self.failure: Message | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.failure is None:
            super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        exc = sys.exc_info()[1]
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        self.failure = Message("log.write_failed", {"file": str(self.baseFilename), "reason": reason})
        try:
            self.close()
        except OSError:
            pass
        tell, self.on_failure = self.on_failure, None
        if tell is not None:
            tell(self.failure)


@dataclass
class LogSetup:
    """Where the log goes (None: nowhere, and `problem` says why) and at which level."""

    path: Path | None
    level: str
    problem: Message | None = None
    handler: LogFileHandler | None = None

    @property
    def folder(self) -> Path | None:
        return self.path.parent if self.path is not None else None

    def when_failing(self, tell: Callable[[Message], None]) -> None:
        """`tell` hears once, from whichever thread wrote last, that the log stopped (at once if it already has)."""
        if self.handler is None:
            return
        if self.handler.failure is not None:
            tell(self.handler.failure)
        else:
            self.handler.on_failure = tell


def start_logging(folder: Path, level: str = DEFAULT_LEVEL,
                  on_failure: Callable[[Message], None] | None = None) -> LogSetup:
    """Log to `folder`/finstack-afas-wizard.log from now on (the wizard's own loggers and the libraries'), at
    `level`; hook unhandled exceptions of every thread. Never raises: a folder that cannot be written gives a
    LogSetup without a path and with the problem to say once."""
    numeric = LEVELS[level]
    root = logging.getLogger()
    stop_logging()
    path = folder / LOG_FILE_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = LogFileHandler(path, numeric, on_failure)
    except OSError as exc:
        return LogSetup(None, level, Message("log.cannot_write", {"folder": str(folder),
                                                                  "reason": exc.strerror or type(exc).__name__}))
    root.addHandler(handler)
    root.setLevel(numeric)
    # httpcore tells every byte and filelock every lock at debug: the wizard's own lines (a request, a save) say
    # enough, so they stay at info whatever the level.
    for chatty in ("httpcore", "filelock"):
        logging.getLogger(chatty).setLevel(max(numeric, logging.INFO))
    _hook_threads()
    _log.info("Finstack AFAS wizard %s on %s, Python %s; log level %s", __version__, platform.platform(),
              platform.python_version(), level)
    return LogSetup(path, level, handler=handler)


def stop_logging() -> None:
    """Close and remove the log file handler (a second start, the end of a test)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, LogFileHandler)]:
        root.removeHandler(handler)
        handler.close()


def log_unhandled(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None,
                  where: str = "the main thread") -> None:
    """An exception nothing caught: into the log with its traceback (redacted like every record)."""
    _log.error("Unhandled %s in %s", exc_type.__name__, where, exc_info=(exc_type, exc, tb))


_previous_thread_hook = threading.excepthook


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is not SystemExit and args.exc_value is not None:
        name = args.thread.name if args.thread is not None else "a thread"
        log_unhandled(args.exc_type, args.exc_value, args.exc_traceback, f"thread {name}")
    _previous_thread_hook(args)


def _hook_threads() -> None:
    threading.excepthook = _thread_hook
