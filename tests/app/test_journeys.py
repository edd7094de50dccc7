"""The consultant's day, without Qt: three journeys, two customers, resume after a restart, renew, remove, a
language switch while a job runs. The session is driven as the window drives it."""

import pytest

from tests.app.harness import DEMO_ENVIRONMENT, open_session, walk
from wizard.app.events import CustomersChanged, JobChanged, PageChanged, RecordOpened
from wizard.app.flow import ImpossibleMove
from wizard.app.jobs import JobKind, JobStatus
from wizard.core.state import Journey, SubmissionStatus
from wizard.core.token import parse_token


def _connected(make_services, token, **kwargs):
    face = open_session(make_services(**kwargs))
    walk(face, Journey.CONNECT, token=token)
    face.settle()
    return face


def _token_test_started(make_services, token, **fields):
    """A new customer on the token page, its values in, the token test started: the face and the job."""
    face = open_session(make_services())
    walk(face, Journey.CONNECT, to="token")
    face.session.edit(environment_text=DEMO_ENVIRONMENT, **fields)
    face.session.tokens.set_typed(token)
    return face, face.session.tokens.test()


def test_the_three_journeys_one_after_the_other(make_services, demo_token, real_standins, memory_keyring):
    _, finstack = real_standins
    face = _connected(make_services, demo_token)
    session = face.session
    assert len(finstack.sources) == 1 and session.record.submission.status == SubmissionStatus.SUBMITTED
    session.nav.go_to_start()
    walk(face, Journey.REPLACE)
    assert session.record.journey == "replace" and len(finstack.sources) == 1  # no new source when replacing
    session.nav.go_to_start()
    walk(face, Journey.RENEW, token=demo_token)
    face.settle()
    assert session.record.journey == "renew"
    assert [account for _, account in memory_keyring.store] == ["production:12345/Finstack"]
    assert {page.page for page in face.of(PageChanged)} >= {"new_token", "submit", "done"}


def test_a_switch_of_journey_keeps_each_journeys_own_progress(make_services, demo_token):
    face = open_session(make_services())
    session = face.session
    walk(face, Journey.CONNECT, to="administrations", token=demo_token)
    session.nav.go_to_start()
    walk(face, Journey.RENEW, to="token")
    session.nav.go_to_start()
    session.nav.choose_journey(Journey.CONNECT)
    assert session.nav.resume() == "administrations"  # connect's page, not renew's
    assert session.record.parked["renew"].current_page == "token"


def test_moves_the_flow_does_not_allow_raise(make_services):
    face = open_session(make_services())
    session = face.session
    with pytest.raises(ImpossibleMove):
        session.nav.back()  # at the start
    with pytest.raises(ImpossibleMove):
        session.nav.resume()  # nothing to resume
    session.nav.next()
    with pytest.raises(ImpossibleMove):
        session.nav.next()  # the checklist is not ticked
    with pytest.raises(ImpossibleMove):
        session.nav.choose_journey(Journey.RENEW)  # a journey is chosen on the Welcome page
    assert session.page == "preparation"


def test_resume_after_a_restart_lands_where_the_customer_stopped(make_services, demo_token, memory_keyring):
    face = open_session(make_services())
    walk(face, Journey.CONNECT, to="submit", token=demo_token)
    face.settle()
    record_id = face.session.record.customer_id
    face.session.shutdown()

    again = open_session(make_services())  # a new start: the same record, its token read back, then resumed
    session = again.session
    assert session.record.customer_id == record_id
    again.wait_job(JobKind.TOKEN_READ)
    assert session.token is not None and session.page == "submit"  # opened where the customer stopped
    assert session.navigator.history[:3] == ["welcome", "preparation", "app_connector"]  # Back works after it
    session.shutdown()


def test_two_customers_each_keep_their_own_progress(make_services, demo_token):
    face = open_session(make_services())
    session = face.session
    walk(face, Journey.CONNECT, to="administrations", token=demo_token)
    session.edit(label="Bakkerij", administrations_text="1;2;3")
    first = session.record.customer_id
    session.customers.new()
    assert session.record.customer_id != first and session.record.administrations_text == ""
    walk(face, Journey.CONNECT, to="administrations", administrations="7")
    session.edit(label="Slagerij", administrations_text="7")
    second = session.record.customer_id
    face.settle()
    assert {row.label for row in session.customers.rows()} == {"Bakkerij", "Slagerij"}

    session.customers.continue_(first)
    face.settle()
    assert session.record.customer_id == first and session.page == "administrations"
    assert session.record.administrations_text == "1;2;3"
    session.customers.continue_(second)
    assert session.record.administrations_text == "7"
    assert [e.record_id for e in face.of(RecordOpened)][-2:] == [first, second]


def test_removing_a_customer_forgets_its_token_only_when_no_other_customer_uses_it(make_services, demo_token,
                                                                                    memory_keyring):
    face = _connected(make_services, demo_token)
    session = face.session
    first = session.record.customer_id
    session.customers.new()
    walk(face, Journey.CONNECT, to="submit", token=demo_token)  # the same environment and token name: one entry
    face.settle()
    second = session.record.customer_id
    assert len(memory_keyring.store) == 1

    session.customers.remove(first)
    face.wait(lambda: not session.jobs.running())
    assert len(memory_keyring.store) == 1  # the second customer still uses it
    assert "record.token_shared" in [n.message.key for n in session.notices]
    assert [row.id for row in session.customers.rows()] == [second]

    session.customers.remove(second)  # the open one: a new customer opens in its place
    face.wait(lambda: not session.jobs.running())
    face.settle()
    assert memory_keyring.store == {} and session.record.customer_id not in (first, second)
    assert session.services.records.ids() == []
    assert face.of(CustomersChanged)


def test_a_language_switch_while_the_test_runs_loses_nothing(make_services, demo_token, real_standins):
    afas, _ = real_standins
    afas.scenario.latency_seconds = 0.3
    face, job = _token_test_started(make_services, demo_token)
    session = face.session
    face.wait(lambda: len(job.progress) > 0)
    session.set_language("nl")  # the window rebuilds every page; the job is the session's, not a page's
    assert session.job(JobKind.TOKEN_TEST) is job and job.running
    face.wait_job(JobKind.TOKEN_TEST)
    assert job.status is JobStatus.DONE and session.record.token_test.outcome == "passed"
    assert session.language == "nl" and session.services.settings.load().language in ("nl", "")
    face.settle()
    assert session.services.settings.load().language == "nl"
    assert [e.job for e in face.of(JobChanged) if e.job.kind is JobKind.TOKEN_TEST][-1].status is JobStatus.DONE


def test_a_cancelled_test_leaves_no_verdict(make_services, demo_token, real_standins):
    afas, _ = real_standins
    afas.scenario.latency_seconds = 5
    face, job = _token_test_started(make_services, demo_token)
    session = face.session
    job.cancel()
    face.wait_job(JobKind.TOKEN_TEST)
    assert session.record.token_test.outcome == "" and session.blockers()


def test_renewing_from_a_refused_token_starts_the_renew_journey(make_services, demo_token):
    face = open_session(make_services())
    session = face.session
    walk(face, Journey.CONNECT, to="token", token=demo_token)
    assert session.nav.renew() == "new_token"
    assert session.record.journey == "renew" and session.token is None
    assert session.record.parked["connect"].current_page == "token"
    with pytest.raises(ImpossibleMove):
        session.nav.renew()  # renewing already


def test_choosing_renew_for_a_customer_never_connected_is_said(make_services):
    face = open_session(make_services())
    notes = face.session.nav.choose_journey(Journey.RENEW)
    assert [m.key for m in notes] == ["flow.renew_not_connected"]


def test_start_over_keeps_the_record_and_its_label_and_forgets_the_progress(make_services, demo_token):
    face = open_session(make_services())
    session = face.session
    walk(face, Journey.CONNECT, to="administrations", token=demo_token)
    session.edit(label="Bakkerij")
    record_id = session.record.customer_id
    session.nav.go_to_start()
    session.nav.start_over()
    face.settle()
    assert session.record.customer_id == record_id and session.record.label == "Bakkerij"
    assert session.record.checklist == {} and session.page == "welcome"
    assert session.services.records.read(record_id).state.checklist == {}


def test_administrations_that_are_no_list_stop_the_test_with_the_same_message_as_the_command_line(make_services,
                                                                                                   demo_token):
    face, job = _token_test_started(make_services, demo_token, administrations_text="1;x")  # a hand-edited record
    session = face.session
    face.wait_job(JobKind.TOKEN_TEST)
    assert job.status is JobStatus.FAILED and '"x"' in job.failure.text("en")
    assert session.record.token_test.outcome == ""


def test_renewing_notices_the_old_token_pasted_again(make_services, demo_token):
    face = open_session(make_services())
    session = face.session
    walk(face, Journey.CONNECT, to="submit", token=demo_token)
    old = session.token
    session.nav.go_to_start()
    session.nav.choose_journey(Journey.RENEW)
    assert session.record.replaces_same_token(old)  # the very token being replaced
    other = parse_token("AB" * 32)
    assert not session.record.replaces_same_token(other)
    session.nav.go_to_start()
    session.nav.choose_journey(Journey.CONNECT)
    assert not session.record.replaces_same_token(old)  # only renewing replaces a token


def test_renewing_a_source_the_api_created_puts_the_new_token_into_it(make_services, demo_token, real_standins):
    face = open_session(make_services())
    session = face.session
    walk(face, Journey.CONNECT, token=demo_token)
    created = session.record.submission.source_id
    assert created.startswith("src_")
    session.nav.go_to_start()
    session.nav.choose_journey(Journey.RENEW)
    assert session.record.source_to_renew == created and session.handover.api_available
    walk(face, Journey.RENEW, to="done", token=demo_token)
    _, finstack = real_standins
    assert len(finstack.sources) == 1 and finstack.sources[0].token_replaced
    assert session.record.submission.source_id == created


def test_continuing_a_customer_reads_its_stored_token_once(make_services, demo_token):
    face = _connected(make_services, demo_token)  # its token is in the password store
    first = face.session.record.customer_id
    face.session.customers.new()
    face.settle()
    face.session.shutdown()
    again = open_session(make_services())  # the next day: the new, empty customer opens
    again.session.customers.continue_(first)
    again.wait(lambda: not again.session.jobs.running())
    reads = {id(e.job) for e in again.of(JobChanged) if e.job.kind is JobKind.TOKEN_READ}
    assert again.session.token is not None and again.session.record.customer_id == first
    assert len(reads) == 1  # one look in the password store (a locked one asks once to be unlocked, not twice)
    again.session.shutdown()
