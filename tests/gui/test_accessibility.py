"""Every control on every page has an accessible name, so screen readers and keyboard users can use it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit

pytestmark = pytest.mark.gui


def test_every_control_has_an_accessible_name(make_window, standin_services):
    window = make_window(standin_services)
    unnamed = []
    for name, page in window.pages.items():
        for kind in (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox):
            for control in page.findChildren(kind):
                if control.objectName() == "qt_scrollarea_viewport" or isinstance(control.parent(), QComboBox):
                    continue
                if not control.accessibleName():
                    unnamed.append(f"{name}: {type(control).__name__} {getattr(control, 'text', lambda: '')()!r}")
    assert unnamed == []
