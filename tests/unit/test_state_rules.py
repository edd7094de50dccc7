"""The rules that change the saved progress, without Qt: which token a record is about, what a finished test
leaves behind, what a submit attempt leaves behind, and where the bundle goes when a person names a folder."""

from __future__ import annotations

from wizard.core.environment import parse_environment
from wizard.core.finstack_api import SubmitOutcome, SubmitStatus
from wizard.core.getconnectors.export import EXPORT_NAME, export_target
from wizard.core.identity import TokenIdentity
from wizard.core.messages import Message
from wizard.core.state import Submission, SubmissionStatus, TokenTestRecord, WizardState
from wizard.core.token import parse_token
from wizard.core.token_test.report import TestOutcome, TokenTestReport

TOKEN = parse_token("A" * 64)
ENV = parse_environment("O12345AA")


def _report(outcome: TestOutcome, name: str = " Finstack ") -> TokenTestReport:
    return TokenTestReport(ENV.key, ENV.name, name, TOKEN.fingerprint, (), outcome, "2026-11-29T10:00:00", 1.0)


def test_the_identity_needs_all_three_and_normalises_the_name_once():
    assert TokenIdentity.of(ENV, "  Finstack ", TOKEN) == TokenIdentity("production:12345", "Finstack",
                                                                         TOKEN.fingerprint)
    assert TokenIdentity.of(None, "Finstack", TOKEN) is None
    assert TokenIdentity.of(ENV, "   ", TOKEN) is None
    assert TokenIdentity.of(ENV, "Finstack", None) is None
    identity = TokenIdentity.of(ENV, "Finstack", TOKEN)
    assert identity is not None and TOKEN.reveal_data() not in identity.content_id


def test_the_state_names_the_token_the_fields_hold():
    state = WizardState(environment_text="o12345aa", token_name=" Finstack ")
    assert state.identity(TOKEN) == TokenIdentity("production:12345", "Finstack", TOKEN.fingerprint)
    assert WizardState(environment_text="not an environment").identity(TOKEN) is None


def test_a_finished_test_is_recorded_for_exactly_its_values():
    record = TokenTestRecord.from_report(_report(TestOutcome.WARNING))
    identity = TokenIdentity.of(ENV, "Finstack", TOKEN)
    assert record.token_name == "Finstack" and record.outcome == "warning" and record.at
    assert record.passed_for(identity)
    assert not record.passed_for(TokenIdentity.of(ENV, "Other", TOKEN))
    failed = TokenTestRecord.from_report(_report(TestOutcome.FAILED))
    assert failed.about(identity) and not failed.passed_for(identity)


def test_a_cancelled_test_leaves_no_record():
    assert TokenTestRecord.from_report(_report(TestOutcome.CANCELLED)) == TokenTestRecord()


def test_a_submit_attempt_is_recorded_and_a_cancel_changes_nothing():
    submission = Submission()
    cancelled = SubmitOutcome(SubmitStatus.CANCELLED, Message("finstack.cancelled"))
    assert not submission.record(cancelled) and submission == Submission()
    refused = SubmitOutcome(SubmitStatus.UNAUTHORIZED, Message("finstack.unauthorized"))
    assert submission.record(refused)
    assert submission.status == SubmissionStatus.FAILED and submission.reason == refused.message  # a key, kept
    created = SubmitOutcome(SubmitStatus.CREATED, Message("finstack.created", {"id": "src_1"}), "src_1")
    assert submission.record(created)
    assert submission.status == SubmissionStatus.SUBMITTED and submission.source_id == "src_1"
    assert submission.is_done


def test_the_handoff_is_confirmed_and_can_be_taken_back():
    submission = Submission()
    submission.confirm_handoff(True)
    assert submission.status == SubmissionStatus.HANDOFF_CONFIRMED and submission.is_done and submission.at
    submission.confirm_handoff(False)
    assert submission.status == SubmissionStatus.NONE and not submission.is_done


def test_gui_and_command_line_put_the_bundle_in_the_same_place(tmp_path):
    new = tmp_path / "new"
    assert export_target(new, as_zip=False) == new  # a new folder takes the files itself
    empty = tmp_path / "empty"
    empty.mkdir()
    assert export_target(empty, as_zip=False) == empty
    downloads = tmp_path / "Downloads"
    downloads.mkdir()
    (downloads / "invoice.pdf").write_bytes(b"%PDF")
    assert export_target(downloads, as_zip=False) == downloads / EXPORT_NAME  # a folder in use: a sub-folder
    assert export_target(downloads, as_zip=True) == downloads / f"{EXPORT_NAME}.zip"
    assert export_target(tmp_path / "out.zip", as_zip=True) == tmp_path / "out.zip"
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    (earlier / "manifest.json").write_text("{}")
    assert export_target(earlier, as_zip=False) == earlier  # an earlier export is updated in place
