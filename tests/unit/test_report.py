"""The onboarding report from saved progress, without Qt: what it says, in which language, and what it never
holds."""

from __future__ import annotations

from datetime import datetime

from wizard.core.file_names import is_portable_name
from wizard.core.messages import Message
from wizard.core.report import build_report, default_report_name, to_html, to_text
from wizard.core.state import Journey, SubmissionStatus, TokenTestRecord, WizardState
from wizard.core.token import parse_token
from wizard.core.token_test.report import CheckResult, CheckStatus

TOKEN = parse_token("A1" * 32)


def _state(**fields) -> WizardState:
    values = {"environment_text": "T54321AB", "administrations_text": "3, 1;2", "token_name": "Finstack <b>",
              "token_stored": True, **fields}
    state = WizardState(**values)
    check = CheckResult("administrations", Message("tokentest.title.administrations"), CheckStatus.WARNING,
                        Message("tokentest.admin.more", {"extra": "4", "ids": "1;2;3"}),
                        Message("tokentest.fix.admin_more"))
    state.token_test = TokenTestRecord("test:54321", "Finstack <b>", TOKEN.fingerprint, "warning", "2026-11-29T10:00",
                                       [{"id": check.id, "status": check.status.value,
                                         "title": check.title.to_json(), "explanation": check.explanation.to_json(),
                                         "fix": check.fix.to_json()}])
    state.submission.status = SubmissionStatus.SUBMITTED
    state.submission.source_id = "src_42"
    return state


def test_the_report_names_everything_that_was_set_up():
    report = build_report(_state(), "en", now=datetime(2026, 11, 29, 10, 5))
    summary = to_text(report)
    for expected in ("Customer: T54321AB", "Date and time: 2026-11-29 10:05", "Environment type: test",
                     "https://54321.resttest.afas.online/ProfitRestServices", f"Fingerprint: {TOKEN.fingerprint}",
                     "Authenticatietype: Classic token (2)", "Finstack_Administrations:", "1;2;3",
                     "Outcome: passed, with a warning", "warning — AFAS also returns administrations 4, which are not "
                     "in your filter 1;2;3. Advice: The filter is not applied", "source src_42", "Setup > Mapping"):
        assert expected in summary, expected


def test_the_report_speaks_dutch_and_escapes_what_people_typed():
    page = to_html(build_report(_state(), "nl"))
    assert 'lang="nl"' in page and "waarschuwing — AFAS geeft ook administraties 4" in page and "Advies:" in page
    assert "Finstack &lt;b&gt;" in page and "Finstack <b>" not in page


def test_a_replace_needs_no_new_source_and_a_deferred_check_is_listed():
    replacing = build_report(_state(journey=Journey.REPLACE.value), "en")
    assert "unchanged: replacing the GetConnectors needs no new source" in to_text(replacing)
    deferred = to_text(build_report(_state(preparation_deferred=True), "en"))
    assert "was deferred" in deferred
    assert "I checked the groups of the App connector's user (Finstack recommends group PR001)." in deferred


def test_the_token_never_appears():
    state = _state(environment_text="O12345AA")
    text = to_text(build_report(state, "en", fingerprint=TOKEN.fingerprint)) + to_html(build_report(state, "nl"))
    assert TOKEN.reveal_data() not in text and TOKEN.reveal() not in text


def test_names_people_typed_or_chose_are_shown_escaped():
    state = _state(token_name="Finstack\x1b[31m\nFingerprint: forged", gcn_folder="C:\\AFAS\nok")
    for language in ("en", "nl"):
        summary = to_text(build_report(state, language))
        assert "\x1b" not in summary and "Finstack\\x1b[31m\\nFingerprint: forged" in summary
        assert "\nFingerprint: forged" not in summary and "C:\\AFAS\\nok" in summary


def test_the_default_report_name_exists_on_every_system():
    assert default_report_name("en", "O12345AA") == "Onboarding report O12345AA.pdf"
    assert default_report_name("nl", "O12345AA", ".html") == "Rapport koppeling O12345AA.html"
    assert default_report_name("en") == "Onboarding report.pdf"
    assert is_portable_name(default_report_name("en", 'a/b:c*?"<>|\x00 CON.'))
