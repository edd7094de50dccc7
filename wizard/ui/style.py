"""Status symbols and colours, in one place: every box, field, check row and bundle finding takes them from here,
so a warning looks the same wherever it appears. Also the message keys that name an outcome or a status."""

from __future__ import annotations

from dataclasses import dataclass

from wizard.core.token_test.report import CheckStatus, TestOutcome


@dataclass(frozen=True)
class Tone:
    symbol: str
    foreground: str
    background: str


# The four tones of a message: each has a symbol as well as a colour, so colour is never the only signal.
TONES: dict[str, Tone] = {
    "ok": Tone("✓", "#1d6b32", "#e5f5e8"),
    "warning": Tone("⚠", "#8a5a00", "#fff4d6"),
    "error": Tone("✗", "#a11a1a", "#fde4e4"),
    "info": Tone("ℹ", "#1f4f8a", "#e6f0fb"),
}
MUTED = "#777777"  # skipped checks, ignored files
NEUTRAL = "#444444"  # a field's message that is neither good nor bad
HELP_TEXT = "#555555"
DEMO_BACKGROUND = "#6b2fa3"
SPINNER = "◐◓◑◒"

# Token-test checks: symbol and colour per status (a running check spins in the info colour).
CHECK_SYMBOLS: dict[CheckStatus, str] = {
    CheckStatus.PENDING: "…", CheckStatus.RUNNING: SPINNER[0], CheckStatus.PASSED: "✓",
    CheckStatus.WARNING: "⚠", CheckStatus.FAILED: "✗", CheckStatus.SKIPPED: "–",
}
CHECK_COLOURS: dict[CheckStatus, str] = {
    CheckStatus.PENDING: TONES["info"].foreground, CheckStatus.RUNNING: TONES["info"].foreground,
    CheckStatus.PASSED: TONES["ok"].foreground, CheckStatus.WARNING: TONES["warning"].foreground,
    CheckStatus.FAILED: TONES["error"].foreground, CheckStatus.SKIPPED: MUTED,
}
CHECK_STATUS_NAMES: dict[CheckStatus, str] = {  # what a screen reader says instead of the symbol
    CheckStatus.PENDING: "ui.check_status_pending", CheckStatus.RUNNING: "ui.check_status_running",
    CheckStatus.PASSED: "ui.check_status_passed", CheckStatus.WARNING: "ui.check_status_warning",
    CheckStatus.FAILED: "ui.check_status_failed", CheckStatus.SKIPPED: "ui.check_status_skipped",
}

# Bundle findings (ItemKind values): problems are red or amber, the rest green or grey (the same symbols as the checks).
ITEM_TONES: dict[str, tuple[str, str]] = {  # by ItemKind value: the bundle code loads only when needed
    "ok": ("✓", TONES["ok"].foreground),
    "missing": ("✗", TONES["error"].foreground),
    "corrupt": ("✗", TONES["error"].foreground),
    "outdated": ("⚠", TONES["warning"].foreground),
    "extra": ("⚠", TONES["warning"].foreground),
    "unsupported": ("✗", TONES["error"].foreground),
    "scattered": ("⚠", TONES["warning"].foreground),
    "nested": ("ℹ", TONES["info"].foreground),  # a note: the files sit in one folder, which is fine
    "not_interpreted": ("ℹ", TONES["info"].foreground),
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
OUTCOME_WORDS: dict[TestOutcome | None, str] = {
    None: "ui.test_outcome_short_none", TestOutcome.PASSED: "ui.test_outcome_short_passed",
    TestOutcome.WARNING: "ui.test_outcome_short_warning", TestOutcome.FAILED: "ui.test_outcome_short_failed",
    TestOutcome.CANCELLED: "ui.test_outcome_short_cancelled",
}


def colour_rule(colour: str, *, bold: bool = False) -> str:
    """A style sheet that colours a label's text."""
    return f"color: {colour};" + (" font-weight: bold;" if bold else "")
