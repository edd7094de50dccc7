"""The rules of a consultant's day, one by one, as a user would notice them: what a move refuses and says, what a
repaired record tells, how two versions of one record are merged, what the list of customers shows and in which
order, what a customer started anew holds, and what a test keeps of its checks."""

from __future__ import annotations

from itertools import pairwise

import pytest

from tests.app.harness import DEMO_ENVIRONMENT, open_session, walk
from wizard.app.book import CustomerBook, find_customers, newest_first, summarize
from wizard.app.flow import (
    JOURNEY_ROUTES,
    Flow,
    FlowContext,
    ImpossibleMove,
    Navigator,
    Step,
    repair,
)
from wizard.app.jobs import JobKind
from wizard.app.merge import merge_records
from wizard.app.navigation import journey_notes
from wizard.core.messages import Message
from wizard.core.state import Journey, JourneyProgress, Submission, TokenTestRecord, WizardState
from wizard.core.token_test.report import CheckResult, CheckStatus, TestOutcome, TokenTestReport


# -- the flow's moves, and what they say when refused -------------------------------------------------------------
def test_every_refused_move_names_itself_and_the_page():
    navigator = Navigator(Flow())
    with pytest.raises(ImpossibleMove) as back:
        navigator.back()
    assert (back.value.move, back.value.page) == ("back", "welcome") and "back" in str(back.value)
    navigator.next(FlowContext(WizardState()))
    with pytest.raises(ImpossibleMove) as blocked:
        navigator.next(FlowContext(WizardState()))
    assert (blocked.value.move, blocked.value.page) == ("next", "preparation")
    assert "'preparation'" in str(blocked.value)
    with pytest.raises(ImpossibleMove) as resume:
        Flow().resume_path(FlowContext(WizardState(current_page="nowhere")))
    assert (resume.value.move, resume.value.page) == ("resume", "nowhere")
    with pytest.raises(ImpossibleMove) as off_route:
        Flow().following("preparation", FlowContext(WizardState(journey="renew")))
    assert (off_route.value.move, off_route.value.page) == ("next", "preparation")


def test_back_is_offered_from_the_second_page_on():
    navigator = Navigator(Flow())
    assert not navigator.can_go_back()
    navigator.next(FlowContext(WizardState()))
    assert navigator.can_go_back()


def test_every_journey_ends_on_done_and_only_done_is_final():
    for journey, route in JOURNEY_ROUTES.items():
        ctx = FlowContext(WizardState(journey=journey.value))
        assert route[-1] == "done" and Flow().following("done", ctx) is None
        assert all(Flow().following(page, ctx) == following for page, following in pairwise(route))
    assert Flow().is_final("done") and not Flow().is_final("token")


def test_a_journey_is_finished_only_on_its_last_page():
    flow = Flow()
    assert not flow.is_finished(FlowContext(WizardState(current_page="welcome")))
    assert not flow.is_finished(FlowContext(WizardState(current_page="submit")))
    assert flow.is_finished(FlowContext(WizardState(current_page="done")))
    assert flow.has_progress(FlowContext(WizardState(current_page="submit")))
    assert not flow.has_progress(FlowContext(WizardState(current_page="done")))  # finished: starts anew


def test_a_page_can_name_its_next_page_by_a_function_of_the_data():
    navmap = {"start": Step(lambda ctx: "b" if ctx.state.label else "a"), "a": Step(None), "b": Step(None)}
    flow = Flow(navmap, "start")
    assert flow.pages == ("start", "a", "b")
    assert flow.following("start", FlowContext(WizardState())) == "a"
    assert flow.following("start", FlowContext(WizardState(label="x"))) == "b"


def test_the_blockers_say_what_is_missing():
    flow = Flow()
    assert [m.key for m in flow.blockers("administrations", FlowContext(WizardState()))] == ["admin.empty"]
    assert [m.key for m in flow.blockers("submit", FlowContext(WizardState()))] == ["flow.not_submitted"]
    replacing = WizardState(journey="replace", administrations_text="1;2")
    assert [m.key for m in flow.blockers("administrations", FlowContext(replacing))] == [
        "flow.replace_filter_not_confirmed"]
    assert [m.key for m in flow.blockers("getconnectors", FlowContext(replacing))] == ["flow.replace_not_confirmed"]


# -- repairs: said with what was repaired ---------------------------------------------------------------------------
def test_a_repair_names_what_it_repaired_in_its_message():
    state = WizardState(journey="j" * 50, current_page="", steps={"tomorrow": True},
                        parked={"later": JourneyProgress(), "renew": JourneyProgress(current_page="")})
    said = repair(state)
    assert [(m.key, m.params) for m in said] == [
        ("record.journey_unknown", {"journey": "j" * 40}),  # a hand edit's long value, cut short
        ("record.journey_unknown", {"journey": "later"}),
        ("record.page_unknown", {"page": "—"}),
        ("record.page_unknown", {"page": "—"}),
        ("record.ticks_unknown", {"ticks": "tomorrow"})]
    for message in said:
        assert message.text("en") and message.text("nl")


def test_unknown_ticks_are_named_five_at_most():
    state = WizardState(steps={f"tick{n}": True for n in range(7)})
    [said] = repair(state)
    assert said.params["ticks"] == "tick0, tick1, tick2, tick3, tick4" and state.steps == {}


def test_a_parked_journey_of_the_journey_in_hand_is_dropped():
    state = WizardState(journey="renew", parked={"renew": JourneyProgress(current_page="token")})
    assert [m.key for m in repair(state)] == ["record.journey_unknown"] and state.parked == {}


# -- merging a record changed in two places ----------------------------------------------------------------------------
def test_a_merge_takes_each_sides_own_changes_and_names_the_clashes():
    base = {"label": "a", "administrations_text": "1", "token_name": "Finstack", "updated_at": "1",
            "checklist": {"x": True}}
    ours = {**base, "label": "ours", "administrations_text": "2", "checklist": {"x": True, "y": True},
            "updated_at": "3"}
    theirs = {**base, "token_name": "Other", "administrations_text": "9", "checklist": {"x": False},
              "new_field": 1, "updated_at": "2"}
    merged, clashes = merge_records(base, ours, theirs)
    assert merged["label"] == "ours" and merged["token_name"] == "Other"  # each side's own change
    assert merged["administrations_text"] == "2" and merged["checklist"] == {"x": False, "y": True}
    assert merged["new_field"] == 1  # a field only the other version has is kept
    assert clashes == ["administrations_text"]
    assert merged["updated_at"] == "3"  # the later of the two


def test_a_merge_of_maps_is_key_by_key_and_a_key_removed_on_one_side_goes():
    base = {"gcn_files": {"a.gcn": "1", "b.gcn": "2"}}
    ours = {"gcn_files": {"a.gcn": "1", "b.gcn": "2", "c.gcn": "3"}}
    theirs = {"gcn_files": {"a.gcn": "1"}}
    merged, clashes = merge_records(base, ours, theirs)
    assert merged["gcn_files"] == {"a.gcn": "1", "c.gcn": "3"} and clashes == []
    merged, clashes = merge_records({"steps": {"s": True}}, {"steps": {"s": False}}, {"steps": {"s": None}})
    assert clashes == ["steps.s"]


def test_a_field_both_sides_changed_alike_is_no_clash():
    merged, clashes = merge_records({"label": "a"}, {"label": "b"}, {"label": "b"})
    assert merged == {"label": "b", "updated_at": ""} and clashes == []


def test_a_map_field_that_is_not_a_map_on_one_side_is_merged_as_a_whole():
    merged, clashes = merge_records({"checklist": {}}, {"checklist": {"x": True}}, {"checklist": "garbage"})
    assert merged["checklist"] == {"x": True} and clashes == ["checklist"]


# -- the list of customers ------------------------------------------------------------------------------------------
def _summary(**fields):
    state = WizardState(customer_id=fields.pop("customer_id", "c1"), **fields)
    return summarize(state)


def test_a_summary_says_what_the_list_shows():
    state = WizardState(customer_id="c1", label="Bakkerij", environment_text="t54321ab", token_name=" Fin ",
                        journey="renew", current_page="new_token", updated_at="2026-12-01T10:00:00",
                        token_stored=True)
    state.token_test = TokenTestRecord(outcome="passed", at="2026-12-01T09:00:00")
    row = summarize(state)
    assert row.to_json() == {
        "id": "c1", "label": "Bakkerij", "environment": "T54321AB", "key": "test:54321", "token_name": "Fin",
        "journey": "renew", "page": "new_token", "finished": False, "updated_at": "2026-12-01T10:00:00",
        "token_stored": True, "test_outcome": "passed", "test_at": "2026-12-01T09:00:00"}
    assert row.token_account == ("test:54321", "Fin")
    new = _summary()
    assert (new.environment, new.key, new.token_account) == ("", "new", None)
    assert _summary(current_page="done").finished


def test_the_book_lists_newest_first_and_says_when_a_row_changed():
    book = CustomerBook()
    assert not book.loaded and len(book) == 0
    old, recent = _summary(customer_id="a", updated_at="2026-01-01"), _summary(customer_id="b", updated_at="2026-02-01")
    assert book.put(old) and not book.put(old)  # the same row again: nothing changed
    book.fill([recent, _summary(customer_id="a", updated_at="1999-01-01")])  # the newer row in the book stays
    assert book.loaded and [row.id for row in book.rows()] == ["b", "a"] and book.get("a") == old
    book.drop("a")
    assert [row.id for row in book.rows()] == ["b"] and book.get("a") is None
    assert [row.id for row in newest_first([old, recent])] == ["b", "a"]


def test_customers_are_found_by_id_its_first_characters_or_their_environment():
    rows = [_summary(customer_id="abcdef01", environment_text="O12345AA", updated_at="1"),
            _summary(customer_id="abcd9999", environment_text="T12345AA", updated_at="2"),
            _summary(customer_id="ffff0000", updated_at="3")]
    assert [r.id for r in find_customers(rows, "abcdef01")] == ["abcdef01"]
    assert [r.id for r in find_customers(rows, "abcd")] == ["abcd9999", "abcdef01"]  # newest first
    assert find_customers(rows, "abc") == []  # too short for an id, and no environment
    assert [r.id for r in find_customers(rows, "12345")] == ["abcd9999", "abcdef01"]  # the number: every type
    assert [r.id for r in find_customers(rows, "T12345AA")] == ["abcd9999"]  # the name says the type
    assert [r.id for r in find_customers(rows, " O12345AA ")] == ["abcdef01"]


def test_sharing_a_token_is_by_environment_and_token_name():
    book = CustomerBook()
    for record_id, env, stored in (("a", "O12345AA", True), ("b", "O12345AA", True), ("c", "O12345AA", False),
                                   ("d", "T12345AA", True)):
        book.put(_summary(customer_id=record_id, environment_text=env, token_stored=stored))
    assert [row.id for row in book.others_on_account("a", ("production:12345", "Finstack"))] == ["b"]


# -- the session's moves on the open record -------------------------------------------------------------------------
def test_every_move_off_the_start_is_saved_at_once(make_services, demo_token):
    face = open_session(make_services())
    session = face.session
    session.keeper.writer.delay = 3600.0  # typing alone would not be saved during this test
    session.edit(label="Bakkerij")
    session.nav.next()
    record_id = session.record.customer_id
    face.wait(lambda: not session.keeper.writer.has_pending(record_id), 10)
    assert session.services.records.read(record_id).state.current_page == "preparation"


def test_choosing_journeys_switches_only_on_the_welcome_page_and_keeps_their_progress(make_services):
    face = open_session(make_services())
    session = face.session
    with pytest.raises(ImpossibleMove) as refused:
        session.nav.next()
        session.nav.choose_journey(Journey.RENEW)
    assert refused.value.move == "choose a journey"
    session.nav.back()
    assert session.nav.choose_journey(Journey.CONNECT) == []  # the journey in hand: nothing happens
    session.nav.choose_journey(Journey.REPLACE)
    assert session.record.journey == "replace" and session.record.parked["connect"].current_page == "preparation"
    assert session.nav.resume_target() is None  # replace has no progress yet
    session.nav.choose_journey(Journey.CONNECT)
    assert session.nav.resume_target() == "preparation"
    assert session.nav.resume() == "preparation" and session.nav.resume_target() is None


def test_renewing_says_so_only_for_a_customer_without_a_stored_or_tested_token():
    assert [m.key for m in journey_notes(WizardState(), Journey.RENEW)] == ["flow.renew_not_connected"]
    assert journey_notes(WizardState(token_stored=True), Journey.RENEW) == []
    assert journey_notes(WizardState(token_test=TokenTestRecord(outcome="failed")), Journey.RENEW) == []
    assert journey_notes(WizardState(), Journey.REPLACE) == []


def test_a_finished_journey_set_out_on_again_starts_from_its_beginning(make_services, demo_token):
    face = open_session(make_services())
    session = face.session
    walk(face, Journey.CONNECT, token=demo_token)
    session.nav.go_to_start()
    assert session.page == "welcome" and session.nav.resume_target() is None
    session.nav.next()
    assert session.page == "preparation" and session.record.submission.status == "none"
    assert session.record.token_test.outcome == ""  # the journey's own progress begins afresh
    assert session.record.checklist  # what was checked in AFAS for this customer stays checked


def test_a_new_customer_gets_the_demo_values_and_nothing_else(make_services, demo_token):
    services = make_services()
    services.prefill = {"environment": DEMO_ENVIRONMENT, "administrations": "1;2;3", "token": demo_token}
    face = open_session(services)
    session = face.session
    first = session.record.customer_id
    assert (session.record.environment_text, session.record.administrations_text) == (DEMO_ENVIRONMENT, "1;2;3")
    assert session.token is not None
    session.edit(label="first")
    session.customers.new()
    assert session.record.customer_id != first and session.record.label == ""
    assert session.record.environment_text == DEMO_ENVIRONMENT and session.token is not None


def test_added_customers_keep_their_label_and_token_name_and_are_listed_at_once(make_services):
    face = open_session(make_services())
    session = face.session
    record_id = session.customers.add("o12345aa", " Finstack 2 ", "  Bakkerij  ")
    row = session.book.get(record_id)
    assert (row.label, row.environment, row.token_name) == ("Bakkerij", "O12345AA", "Finstack 2")
    face.settle()
    assert session.services.records.read(record_id).state.label == "Bakkerij"
    with pytest.raises(Exception, match="name for the token"):
        session.customers.add("O12345AA", "   ")


def test_a_damaged_record_is_put_aside_when_the_window_reads_the_book(make_services):
    services = make_services()
    services.records.folder.mkdir(parents=True)
    services.records.path("broken").write_text("{nope")
    face = open_session(services)
    assert [n.message.key for n in face.session.notices] == ["record.unreadable_aside"]
    assert not services.records.path("broken").exists()


def test_removing_the_open_customer_opens_a_new_one_and_forgets_it_everywhere(make_services, demo_token):
    face = open_session(make_services())
    session = face.session
    session.edit(label="gone")
    face.settle()
    gone = session.record.customer_id
    session.customers.remove(gone)
    face.settle()
    assert session.record.customer_id != gone and session.book.get(gone) is None
    assert gone not in session.keeper.synced and gone not in session.keeper.latest
    assert not session.services.records.exists(gone)


# -- what a test keeps ----------------------------------------------------------------------------------------------
def test_a_test_keeps_each_check_as_messages_and_shows_them_again():
    checks = (CheckResult("host", Message("tokentest.title.host"), CheckStatus.PASSED),
              CheckResult("administrations", Message("tokentest.title.administrations"), CheckStatus.WARNING,
                          Message("tokentest.admin.more", {"extra": "4", "ids": "1;2"}),
                          Message("tokentest.fix.admin_more")))
    report = TokenTestReport("production:12345", "O12345AA", " Finstack ", "0a1b2c3d", checks, TestOutcome.WARNING,
                             "2026-12-01T10:00:00", 0.5)
    record = TokenTestRecord.from_report(report)
    assert (record.environment_key, record.token_name, record.token_fingerprint, record.outcome) == (
        "production:12345", "Finstack", "0a1b2c3d", "warning")
    assert record.at and record.check_results() == checks


def test_a_submission_keeps_when_and_what_came_of_it():
    from wizard.core.finstack_api import SubmitOutcome, SubmitStatus

    submission = Submission()
    assert submission.record(SubmitOutcome(SubmitStatus.CREATED, Message("finstack.created", {"id": "-"})))
    assert submission.source_id == "" and submission.at and submission.reason is None


def test_a_record_without_a_change_has_no_content_and_any_field_gives_it_one():
    assert not WizardState(customer_id="x", updated_at="now").has_content()
    for fields in ({"label": "a"}, {"environment_text": "O12345AA"}, {"checklist": {"a": True}},
                   {"current_page": "token"}):
        assert WizardState(**fields).has_content(), fields


def test_the_environment_of_a_record_follows_the_explicit_type():
    assert WizardState(environment_text="12345").environment().key == "production:12345"
    assert WizardState(environment_text="12345", environment_type="test").environment().key == "test:12345"
    assert WizardState(environment_text="nonsense").environment() is None
    assert WizardState(environment_text="12345", environment_type="bogus").environment() is None


def test_a_record_as_json_keeps_lists_and_messages():
    state = WizardState(customer_id="c1")
    state.submission.reason = Message("finstack.unauthorized")
    state.token_test.checks = [{"id": "host", "status": "passed", "title": {"key": "tokentest.title.host",
                                                                            "params": {}}}]
    data = state.to_json()
    assert data["submission"]["reason"] == {"key": "finstack.unauthorized", "params": {}}
    assert data["token_test"]["checks"][0]["id"] == "host" and "schema_version" not in data


def test_a_switch_of_journey_keeps_the_customer_and_parks_the_journey(make_services):
    state = WizardState(environment_text="O12345AA", token_name="Finstack", current_page="token",
                        steps={"replace_status_good": True})
    state.switch_journey(Journey.RENEW)
    assert state.journey == "renew" and state.current_page == "welcome" and state.steps == {}
    assert state.renewing_name == "Finstack" and state.environment_text == "O12345AA"
    assert state.parked["connect"].current_page == "token"
    state.switch_journey(Journey.CONNECT)
    assert state.current_page == "token" and "connect" not in state.parked
    assert state.parked["renew"].renewing_name == "Finstack"


def test_a_job_of_the_open_record_is_found_by_its_kind(make_services):
    face = open_session(make_services())
    assert face.session.job(JobKind.TOKEN_TEST) is None
