"""Issue 17.2: a server that echoes the token. What `test-token` prints (text and --json), what the record keeps
and what the report says carry no form of it and no fragment of 16 characters; what AFAS said is still there,
with the token taken out."""

from __future__ import annotations

import json

import pytest

from tests.faults.conftest import test_token_against
from tests.faults.hostile_server import HostileServer
from tests.faults.modes import ECHO_MODES, MODES
from tests.leaks import assert_no_token, leaked_fragments, token_texts
from wizard.app.records import RecordStore, new_record_id
from wizard.core.environment import parse_environment
from wizard.core.report import build_report, to_html, to_text
from wizard.core.state import TokenTestRecord, WizardState
from wizard.core.token import parse_token
from wizard.core.token_test.run import run_token_test
from wizard.standins.afas_profit import DEMO_TOKEN_DATA

TOKEN = parse_token(DEMO_TOKEN_DATA)


def test_the_leak_finder_finds_a_cut_upper_cased_fragment():
    """The helper the tests below trust: it finds 16 characters of the data in another letter case."""
    assert leaked_fragments(f"x {DEMO_TOKEN_DATA[3:19].lower()} y", token_texts(TOKEN.reveal()))
    assert not leaked_fragments(f"x {DEMO_TOKEN_DATA[3:18]} y", token_texts(TOKEN.reveal()))


@pytest.mark.parametrize("mode", ECHO_MODES)
@pytest.mark.parametrize("output", ["text", "json"])
def test_test_token_never_prints_the_echoed_token(mode, output):
    with HostileServer(MODES[mode]) as server:
        run = test_token_against(server.base_url, "--timeout", "5", *(["--json"] if output == "json" else []))
    assert "Traceback" not in run.output
    assert_no_token(run.output, TOKEN.reveal())
    shown = json.dumps(json.loads(run.stdout)) if output == "json" else run.output
    assert "[redacted]" in shown  # what AFAS said is shown, without the token


@pytest.mark.parametrize("mode", ["echoed_token_500", "echoed_token_in_metainfo"])
def test_the_record_and_the_report_never_keep_the_echoed_token(mode, tmp_path):
    with HostileServer(MODES[mode]) as server:
        report = run_token_test(parse_environment("O12345AA"), TOKEN, (1, 2, 3), token_name="Finstack",
                                base_url=server.base_url, read_timeout=5, deadline=10)
    state = WizardState(environment_text="O12345AA", token_name="Finstack")
    state.token_test = TokenTestRecord.from_report(report)
    store = RecordStore(tmp_path)
    record_id = new_record_id()
    assert store.write(record_id, state.to_json(), 0).written
    saved = store.path(record_id).read_text(encoding="utf-8")
    assert_no_token(saved, TOKEN.reveal())
    assert "[redacted]" in saved
    for language in ("en", "nl"):
        onboarding = build_report(store.read(record_id).state, language, fingerprint=TOKEN.fingerprint)
        assert_no_token(to_html(onboarding) + to_text(onboarding), TOKEN.reveal())


def _finstack_echo(status: int, body: dict) -> object:
    """A Finstack that repeats the request's key and token in its answer (issue 17.2: Finstack's texts too)."""
    def mode(conn, endpoint: str) -> None:
        key = conn.headers.get("authorization", "").removeprefix("Bearer ")
        said = json.dumps(body).replace("KEY", key).replace("DATA", DEMO_TOKEN_DATA)
        conn.respond(status, said.encode())
    return mode


@pytest.mark.parametrize(("status", "body"), [
    (422, {"error": {"code": "invalid", "fields": {"token_value": ["DATA is not valid for key KEY"]}}}),
    (409, {"error": {"source_id": "src_DATA"}}),
    (201, {"id": "src_KEY_DATA"}),
])
def test_finstack_repeating_the_key_or_the_token_is_redacted(status, body):
    from wizard.core.finstack_api import FinstackConfig
    from wizard.core.finstack_client import submit_source

    key = "fs_live_key_9QmZ2xK7pLw3"
    with HostileServer(_finstack_echo(status, body)) as server:
        root = server.base_url.removesuffix("/ProfitRestServices")
        outcome = submit_source(FinstackConfig(root, key), parse_environment("O12345AA"), "Finstack", TOKEN,
                                "idem-1", max_attempts=1)
    shown = outcome.message.text("en") + outcome.message.text("nl") + repr(outcome)
    assert_no_token(shown, TOKEN.reveal(), key)
    assert "[redacted]" in shown
