"""Status symbols and the few accent colours, in one place, each with a light and a dark value: every box, field,
check row and bundle finding takes them from here, and every other colour comes from the window's palette, so the
wizard reads as well in a dark scheme as in a light one (text at least 4.5:1 against its background, WCAG AA).
Colours are set as palette roles, never as style sheets, so they follow a change of scheme and can be measured.
Each status also has a symbol and a name, so colour is never the only signal and a screen reader hears a word."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

from wizard.core.messages import LANGUAGES, Language, text
from wizard.core.token_test.report import CheckStatus, TestOutcome


@dataclass(frozen=True)
class Accent:
    """One colour in the light scheme and in the dark one."""

    light: str
    dark: str

    def colour(self) -> QColor:
        return QColor(self.dark if is_dark() else self.light)


@dataclass(frozen=True)
class Tone:
    symbol: str
    name: str  # message key: what a screen reader says instead of the symbol
    foreground: Accent
    background: Accent


# The four tones of a message: each has a symbol and a name as well as a colour.
TONES: dict[str, Tone] = {
    "ok": Tone("✓", "ui.tone_ok", Accent("#1a6130", "#8fdda0"), Accent("#e5f5e8", "#173522")),
    "warning": Tone("⚠", "ui.tone_warning", Accent("#7a4f00", "#f3c969"), Accent("#fff4d6", "#3a2c0b")),
    "error": Tone("✗", "ui.tone_error", Accent("#9c1919", "#ff9c9c"), Accent("#fde4e4", "#421717")),
    "info": Tone("ℹ", "ui.tone_info", Accent("#1d4a82", "#9cc5f5"), Accent("#e6f0fb", "#16283f")),
}
DEMO = Tone("", "ui.tone_info", Accent("#ffffff", "#ffffff"), Accent("#5b2690", "#5b2690"))
SPINNER = "◐◓◑◒"
MUTED = "muted"  # a colour between the text and the background, still readable: help texts, later steps

# Token-test checks: symbol, tone and spoken name per status (a running check spins in the info tone).
CHECK_SYMBOLS: dict[CheckStatus, str] = {
    CheckStatus.PENDING: "…", CheckStatus.RUNNING: SPINNER[0], CheckStatus.PASSED: "✓",
    CheckStatus.WARNING: "⚠", CheckStatus.FAILED: "✗", CheckStatus.SKIPPED: "–",
}
CHECK_TONES: dict[CheckStatus, str] = {
    CheckStatus.PENDING: MUTED, CheckStatus.RUNNING: "info", CheckStatus.PASSED: "ok",
    CheckStatus.WARNING: "warning", CheckStatus.FAILED: "error", CheckStatus.SKIPPED: MUTED,
}
CHECK_STATUS_NAMES: dict[CheckStatus, str] = {  # what a screen reader says instead of the symbol
    CheckStatus.PENDING: "ui.check_status_pending", CheckStatus.RUNNING: "ui.check_status_running",
    CheckStatus.PASSED: "ui.check_status_passed", CheckStatus.WARNING: "ui.check_status_warning",
    CheckStatus.FAILED: "ui.check_status_failed", CheckStatus.SKIPPED: "ui.check_status_skipped",
}

# Bundle findings (ItemKind values): problems are red or amber, the rest green or muted (the checks' symbols).
ITEM_TONES: dict[str, tuple[str, str]] = {  # by ItemKind value: the bundle code loads only when needed
    "ok": ("✓", "ok"),
    "missing": ("✗", "error"),
    "corrupt": ("✗", "error"),
    "outdated": ("⚠", "warning"),
    "extra": ("⚠", "warning"),
    "unsupported": ("✗", "error"),
    "scattered": ("⚠", "warning"),
    "nested": ("ℹ", "info"),  # a note: the files sit in one folder, which is fine
    "not_interpreted": ("ℹ", "info"),
    "ignored": ("–", MUTED),
}

# A whole token test: its tone, its sentence under the checks, and its word in the summary.
OUTCOME_TONES: dict[TestOutcome, str] = {
    TestOutcome.PASSED: "ok", TestOutcome.WARNING: "warning", TestOutcome.FAILED: "error",
    TestOutcome.CANCELLED: "info",
}
OUTCOME_SENTENCES: dict[TestOutcome, str] = {
    TestOutcome.PASSED: "ui.test_outcome_passed", TestOutcome.WARNING: "ui.test_outcome_warning",
    TestOutcome.FAILED: "ui.test_outcome_failed", TestOutcome.CANCELLED: "ui.test_outcome_cancelled",
}


def ui_language() -> Language:
    """The window's language, for a widget built without one (set by the window; English before that)."""
    app = QGuiApplication.instance()
    chosen = app.property("wizard_language") if app is not None else None
    return chosen if chosen in LANGUAGES else "en"  # type: ignore[return-value]


def spoken(tone: str) -> str:
    """What a screen reader says for a tone's symbol: "done", "warning", "error", "note"."""
    return text(TONES[tone].name if tone in TONES else "ui.tone_info", ui_language())


def is_dark() -> bool:
    """The window's palette is a dark one (the OS scheme, or --color-scheme)."""
    app = QGuiApplication.instance()
    palette = app.palette() if isinstance(app, QGuiApplication) else QPalette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def muted_colour(palette: QPalette) -> QColor:
    """Between the text and its background, nearer the text: quieter, and still at least 4.5:1."""
    text, window = palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window)
    share = 0.72
    return QColor(round(text.red() * share + window.red() * (1 - share)),
                  round(text.green() * share + window.green() * (1 - share)),
                  round(text.blue() * share + window.blue() * (1 - share)))


def tone_colour(tone: str, palette: QPalette) -> QColor:
    return muted_colour(palette) if tone == MUTED else TONES[tone].foreground.colour()


def paint_text(widget: QWidget, tone: str, *, bold: bool = False) -> None:
    """Colour a label's text in `tone` (a TONES key or MUTED), through its palette."""
    palette = widget.palette()
    colour = tone_colour(tone, QGuiApplication.palette())
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        palette.setColor(role, colour)
    widget.setPalette(palette)
    if bold:
        font = widget.font()
        font.setBold(True)
        widget.setFont(font)


def plain_text(widget: QWidget) -> None:
    """The palette's own text colour again (after a tone)."""
    widget.setPalette(QGuiApplication.palette())


def paint_box(widget: QWidget, tone: Tone) -> None:
    """A filled box in `tone`: its background, and its text (and its children's) in the tone's foreground."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.Window, tone.background.colour())
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        palette.setColor(role, tone.foreground.colour())
    widget.setAutoFillBackground(True)
    widget.setPalette(palette)


def contrast(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)
