"""What reading `.gcn` files may cost, so that a bomb inside them ends in a plain message, fast and small.

A `.gcn` carries its content (ExternalData) Deflate-compressed, and Deflate shrinks up to about 1:1030: a 64 KB file
can hold 63 MB. Real exports hold 4-10 times their size (13-90 KB from 3-10 KB files). The budgets, stated in
getconnectors/README.md:

- one payload: at most PAYLOAD_RATIO times the size of its `.gcn`, at least PAYLOAD_FLOOR, never more than
  MAX_PAYLOAD. A file whose ZIP declares more is damaged (a finding about that file). The declared size is the
  one to trust: zipfile never inflates more than it, and checks the CRC.
- one bundle (every `.gcn` read for one check or unpack): BUNDLE_INFLATED bytes. Each payload counts at its
  declared size, at most its own limit, before it is inflated; more, and the bundle is refused whole.
- time: BUNDLE_SECONDS from the start of the reading, checked between files and between payloads.
- the cancel flag (the window's Cancel, or closing it) is read at the same points.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from wizard.core.file_names import shown_name
from wizard.core.getconnectors.errors import BundleError, BundleErrorKind

MB = 1024 * 1024
PAYLOAD_RATIO = 64
PAYLOAD_FLOOR = MB // 4
MAX_PAYLOAD = 1 * MB
BUNDLE_INFLATED = 8 * MB
BUNDLE_SECONDS = 20.0


def payload_limit(file_size: int) -> int:
    """The most one `.gcn` of `file_size` bytes may hold once inflated."""
    return min(MAX_PAYLOAD, max(PAYLOAD_FLOOR, PAYLOAD_RATIO * file_size))


class ReadBudget:
    """What reading one bundle may still cost. Raises BundleError: UNSAFE when the inflated bytes or the time are
    spent, CANCELLED when the cancel flag is set."""

    def __init__(self, source: Path, cancel: threading.Event | None = None, *, inflated: int = BUNDLE_INFLATED,
                 seconds: float = BUNDLE_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self._source, self._cancel, self._clock = source, cancel, clock
        self.inflated_limit, self.seconds = inflated, seconds
        self.inflated = 0  # bytes counted so far
        self._deadline = clock() + seconds

    def checkpoint(self) -> None:
        """Between files and between payloads: stop when asked to, or when the time is spent."""
        if self._cancel is not None and self._cancel.is_set():
            raise BundleError(BundleErrorKind.CANCELLED, "gcn.unpack_cancelled")
        if self._clock() > self._deadline:
            raise BundleError(BundleErrorKind.UNSAFE, "gcn.bundle_too_slow", path=shown_name(str(self._source)),
                              seconds=round(self.seconds))

    def charge(self, size: int) -> None:
        """Count `size` inflated bytes before inflating them; refuse the bundle when they would be too many."""
        self.checkpoint()
        self.inflated += size
        if self.inflated > self.inflated_limit:
            raise BundleError(BundleErrorKind.UNSAFE, "gcn.bundle_inflates_too_much",
                              path=shown_name(str(self._source)), limit=self.inflated_limit // MB)
