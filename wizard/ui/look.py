"""Light or dark: the wizard follows the operating system's colour scheme, and --color-scheme light|dark overrides
it. Where the platform gives a scheme's palette (Windows 11, macOS, a desktop that says "dark"), that palette is
used; where it does not (a bare X server, the offscreen platform of the self-test), the wizard sets Fusion's
palette for that scheme itself, so the choice always shows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from wizard.ui.style import is_dark

_DARK = {  # (role, active/inactive colour, disabled colour)
    QPalette.ColorRole.Window: ("#202124", "#202124"),
    QPalette.ColorRole.WindowText: ("#e8eaed", "#9aa0a6"),
    QPalette.ColorRole.Base: ("#2a2b2e", "#2a2b2e"),
    QPalette.ColorRole.AlternateBase: ("#303134", "#303134"),
    QPalette.ColorRole.Text: ("#e8eaed", "#9aa0a6"),
    QPalette.ColorRole.PlaceholderText: ("#a8adb3", "#80868b"),
    QPalette.ColorRole.Button: ("#303134", "#2a2b2e"),
    QPalette.ColorRole.ButtonText: ("#e8eaed", "#9aa0a6"),
    QPalette.ColorRole.BrightText: ("#ffffff", "#ffffff"),
    QPalette.ColorRole.Highlight: ("#3b6ea8", "#3c4043"),
    QPalette.ColorRole.HighlightedText: ("#ffffff", "#9aa0a6"),
    QPalette.ColorRole.Link: ("#9cc5f5", "#9aa0a6"),
    QPalette.ColorRole.ToolTipBase: ("#303134", "#303134"),
    QPalette.ColorRole.ToolTipText: ("#e8eaed", "#e8eaed"),
    QPalette.ColorRole.Light: ("#5f6368", "#5f6368"),
    QPalette.ColorRole.Midlight: ("#4a4d51", "#4a4d51"),
    QPalette.ColorRole.Mid: ("#3c4043", "#3c4043"),
    QPalette.ColorRole.Dark: ("#17181a", "#17181a"),
    QPalette.ColorRole.Shadow: ("#000000", "#000000"),
}


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, (normal, disabled) in _DARK.items():
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, role, QColor(normal))
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return palette


def wants_dark(app: QApplication, choice: str) -> bool:
    if choice in ("light", "dark"):
        return choice == "dark"
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_color_scheme(app: QApplication, choice: str = "auto") -> None:
    """Take the scheme `choice` names (auto: the operating system's), and a palette that shows it."""
    hints = app.styleHints()
    if choice in ("light", "dark") and hasattr(hints, "setColorScheme"):  # Qt 6.8: the platform's own palette
        hints.setColorScheme(Qt.ColorScheme.Dark if choice == "dark" else Qt.ColorScheme.Light)
    dark = wants_dark(app, choice)
    if dark != is_dark():
        app.setStyle("Fusion")
        app.setPalette(dark_palette() if dark else app.style().standardPalette())
    app.setProperty("wizard_color_scheme", choice)
