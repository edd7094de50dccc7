"""Buttons as every page makes them: a label, an accessible name for screen readers, and an action."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPushButton


def without_mnemonic(label: str) -> str:
    """A button's text as it is spoken: "&Test token" is "Test token" ("&&" stays a literal "&")."""
    return label.replace("&&", "\0").replace("&", "").replace("\0", "&")


def action_button(label: str, accessible_name: str, slot: Callable[[], object]) -> QPushButton:
    """A push button with its accessible name and its action (the pages make their push buttons with this)."""
    button = QPushButton(label)
    button.setAccessibleName(without_mnemonic(accessible_name))
    button.clicked.connect(slot)
    return button
