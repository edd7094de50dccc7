import pytest

from wizard.app.flow import PAGES, Flow, FlowContext, ImpossibleMove, Navigator, repair
from wizard.core.state import TokenTestRecord, WizardState
from wizard.core.token import parse_token

TOKEN = parse_token("A" * 64)


def ctx(**state_fields) -> FlowContext:
    token = state_fields.pop("token", None)
    return FlowContext(WizardState(**state_fields), token)


CONNECT = ("welcome", "preparation", "app_connector", "getconnectors", "administrations", "updateconnectors",
           "token", "submit", "done")


def test_the_first_connection_follows_the_article_in_order():
    assert Flow().route(ctx()) == list(CONNECT)
    assert set(PAGES) >= set(CONNECT)


def test_information_pages_are_always_complete():
    flow = Flow()
    for page in ("welcome", "app_connector", "getconnectors", "updateconnectors"):
        assert flow.next_page(page, ctx()) == CONNECT[CONNECT.index(page) + 1]


def test_preparation_needs_every_tick_or_an_explicit_later():
    flow = Flow()
    assert flow.next_page("preparation", ctx()) is None
    assert "2 open item" in flow.blockers("preparation", ctx())[0].text("en")
    half = ctx(checklist={"user_in_pr001": True})
    assert "1 open item" in flow.blockers("preparation", half)[0].text("en")
    assert flow.next_page("preparation", ctx(checklist={"user_in_pr001": True, "all_administrations_visible": True}))
    assert flow.next_page("preparation", ctx(preparation_deferred=True)) == "app_connector"


def test_administrations_need_a_valid_list():
    flow = Flow()
    assert flow.next_page("administrations", ctx()) is None
    assert "abc" in flow.blockers("administrations", ctx(administrations_text="1;abc"))[0].text("en")
    assert flow.next_page("administrations", ctx(administrations_text="1;2")) == "updateconnectors"


def _tested(outcome: str, **overrides) -> FlowContext:
    record = TokenTestRecord("production:12345", "Finstack", TOKEN.fingerprint, outcome, "2026-11-23T10:00:00")
    fields = {"environment_text": "O12345AA", "token_name": "Finstack", "token_test": record, "token": TOKEN}
    fields.update(overrides)
    return ctx(**fields)


def test_token_page_needs_environment_name_token_and_a_good_test():
    flow = Flow()
    reasons = [m.key for m in flow.blockers("token", ctx(token_name=""))]
    assert reasons == ["flow.environment_missing", "flow.token_name_missing", "flow.token_missing"]
    assert flow.next_page("token", _tested("passed")) == "submit"
    assert flow.next_page("token", _tested("warning")) == "submit"
    assert [m.key for m in flow.blockers("token", _tested("failed"))] == ["flow.token_test_failed"]


def test_a_test_of_another_token_environment_or_name_does_not_count():
    flow = Flow()
    other = parse_token("B" * 64)
    for changed in ({"token": other}, {"environment_text": "T12345AA"}, {"token_name": "Other"}):
        assert [m.key for m in flow.blockers("token", _tested("passed", **changed))] == ["flow.token_not_tested"]


def test_submit_needs_a_submission_or_a_confirmed_handoff():
    flow = Flow()
    state = WizardState()
    assert flow.next_page("submit", FlowContext(state)) is None
    state.submission.status = "failed"
    assert flow.next_page("submit", FlowContext(state)) is None
    state.submission.status = "handoff_confirmed"
    assert flow.next_page("submit", FlowContext(state)) == "done"


def test_back_goes_one_page_back_and_not_before_the_start():
    navigator = Navigator(Flow())
    state = ctx(preparation_deferred=True)
    assert navigator.next(state) == "preparation" and navigator.next(state) == "app_connector"
    assert navigator.back() == "preparation" and navigator.back() == "welcome"
    with pytest.raises(ImpossibleMove):
        navigator.back()
    assert Flow().next_page("done", ctx()) is None and Flow().is_final("done")


def test_resume_lands_on_the_saved_page_when_everything_before_is_complete():
    state = WizardState(current_page="updateconnectors", preparation_deferred=True, administrations_text="1;2")
    assert Flow().resume_page(FlowContext(state)) == "updateconnectors"


def test_resume_goes_back_to_the_first_page_that_is_no_longer_complete():
    state = WizardState(current_page="submit", preparation_deferred=True, administrations_text="1;2",
                        environment_text="O12345AA")
    # The token could not be read back (e.g. no keyring): the token page needs it again.
    assert Flow().resume_page(FlowContext(state, token=None)) == "token"
    state.administrations_text = ""
    assert Flow().resume_page(FlowContext(state)) == "administrations"


def test_resume_of_an_unknown_page_is_impossible_until_the_record_is_repaired():
    state = WizardState(current_page="gone")
    with pytest.raises(ImpossibleMove):
        Flow().resume_page(FlowContext(state))
    said = repair(state)
    assert [m.key for m in said] == ["record.page_unknown"] and "gone" in said[0].text("en")
    assert state.current_page == "welcome" and Flow().resume_page(FlowContext(state)) == "welcome"
    assert not Flow().has_progress(ctx())
    assert Flow().has_progress(ctx(current_page="token"))


@pytest.mark.parametrize(("fields", "keys"), [
    ({"journey": "future"}, ["record.journey_unknown"]),
    ({"current_page": ""}, ["record.page_unknown"]),
    ({"journey": "replace", "current_page": "preparation"}, ["record.page_unknown"]),  # not on that route
    ({"steps": {"tomorrow": True}}, ["record.ticks_unknown"]),
    ({"checklist": {"user_in_pr001": True, "gone": True}}, ["record.ticks_unknown"]),
])
def test_a_record_naming_what_this_version_does_not_know_opens_at_a_real_page_and_says_so(fields, keys):
    state = WizardState(**fields)
    said = repair(state)
    assert [m.key for m in said] == keys
    route = Flow().route(FlowContext(state))
    assert state.current_page in route and state.journey in ("connect", "replace", "renew")
    assert set(state.steps) <= {"replace_status_good", "replace_filter_again"}
    assert repair(state) == []  # repaired once: said once


def test_a_parked_journey_of_another_version_is_repaired_too():
    from wizard.core.state import JourneyProgress

    state = WizardState(parked={"renew": JourneyProgress(current_page="nowhere"), "later": JourneyProgress()})
    keys = [m.key for m in repair(state)]
    assert keys == ["record.journey_unknown", "record.page_unknown"]
    assert set(state.parked) == {"renew"} and state.parked["renew"].current_page == "welcome"


def test_next_from_a_page_that_is_not_on_the_route_is_an_impossible_move():
    with pytest.raises(ImpossibleMove):
        Flow().following("preparation", ctx(journey="renew"))


def test_next_follows_the_navmap_even_on_an_incomplete_page():
    flow = Flow()
    assert flow.following("preparation", ctx()) == "app_connector"  # Next stays "Next", disabled
    assert flow.next_page("preparation", ctx()) is None
    assert flow.following("done", ctx()) is None and flow.route(ctx()) == list(CONNECT)


def test_back_walks_down_the_stack_the_user_came_by():
    navigator = Navigator(Flow())
    state = ctx(preparation_deferred=True)
    for _ in range(3):
        navigator.next(state)
    assert navigator.history == ["welcome", "preparation", "app_connector", "getconnectors"]
    assert navigator.back() == "app_connector" and navigator.back() == "preparation"
    assert navigator.back() == "welcome" and not navigator.can_go_back()


def test_next_on_an_incomplete_or_the_last_page_is_an_impossible_move_with_its_reasons():
    navigator = Navigator(Flow())
    navigator.next(ctx())
    with pytest.raises(ImpossibleMove) as refused:
        navigator.next(ctx())  # the checklist is not ticked
    assert [m.key for m in refused.value.reasons] == ["flow.checklist_open"]
    assert navigator.current == "preparation"
    navigator.history = ["welcome", "done"]
    with pytest.raises(ImpossibleMove):
        navigator.next(ctx())


def test_resume_sets_the_whole_route_so_back_works_after_a_restart():
    state = WizardState(current_page="token", preparation_deferred=True, administrations_text="1;2")
    navigator = Navigator(Flow())
    assert navigator.resume(FlowContext(state)) == "token"
    assert navigator.back() == "updateconnectors"
    assert navigator.history[:2] == ["welcome", "preparation"]
