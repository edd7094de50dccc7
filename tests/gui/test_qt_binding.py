"""The Qt binding itself must hold: PySide6 6.12.0 dropped a reference to True on every signal delivered to a
Python slot, so a wizard that ran for a while aborted with "deallocating True or False". The project pins a
version without that fault; this test fails on any build that has it again."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal

pytestmark = pytest.mark.gui


class _Emitter(QObject):
    value = Signal(object)
    plain = Signal()


def test_delivering_signals_leaves_the_reference_counts_of_true_and_none_alone(qapp):
    emitter, received = _Emitter(), []
    emitter.value.connect(received.append)
    emitter.plain.connect(lambda: received.append(None))
    before = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)
    for _ in range(200):
        emitter.value.emit(None)
        emitter.plain.emit()
    received.clear()
    after = sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None)
    assert after == before
