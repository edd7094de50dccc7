from tests.app.harness import open_session, walk
from wizard.app.jobs import JobKind
from wizard.core.state import Journey, SubmissionStatus


def test_connect_journey_end_to_end_without_qt(make_services, demo_token, real_standins, memory_keyring):
    _, finstack = real_standins
    face = open_session(make_services())
    walk(face, Journey.CONNECT, token=demo_token)
    session = face.session
    face.settle()
    assert session.page == "done"
    assert session.record.submission.status == SubmissionStatus.SUBMITTED
    assert len(finstack.sources) == 1
    assert session.record.token_stored
    assert [account for _, account in memory_keyring.store] == ["production:12345/Finstack"]
    assert session.job(JobKind.TOKEN_TEST).result.outcome == "passed"
