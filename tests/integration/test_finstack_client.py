"""Submitting the source to the Finstack stand-in: one source per submission, whatever goes wrong."""

from __future__ import annotations

import threading

import pytest

from wizard.core.environment import parse_environment
from wizard.core.finstack_api import FinstackConfig, check_api_url, handoff_values
from wizard.core.finstack_client import submit_source
from wizard.core.state import new_idempotency_key
from wizard.core.token import parse_token
from wizard.standins.finstack import FinstackStandin

ENV = parse_environment("O12345AA")
TOKEN = parse_token("ADE370BE" * 8)
KEY = "test-api-key"


@pytest.fixture
def finstack():
    with FinstackStandin(api_key=KEY) as server:
        yield server


def submit(server, key=None, *, api_key=KEY, env=ENV, name="Finstack", waits=None, **kwargs):
    config = FinstackConfig(server.root_url, api_key)
    return submit_source(config, env, name, TOKEN, key or new_idempotency_key(),
                         sleep=(waits.append if waits is not None else (lambda s: None)), **kwargs)


def test_a_submission_creates_exactly_one_source_with_the_right_values(finstack):
    outcome = submit(finstack)
    assert outcome.status == "created" and outcome.ok
    assert outcome.message.text("en").startswith(f"Finstack created the source ({outcome.source_id}).")
    [source] = finstack.sources
    assert (source.environment, source.environment_number, source.environment_type, source.token_name) == (
        "O12345AA", "12345", "production", "Finstack")
    assert source.token_value == TOKEN.reveal()


def test_a_replayed_submission_is_recognised_and_creates_nothing(finstack):
    key = new_idempotency_key()
    first, again = submit(finstack, key), submit(finstack, key)
    assert again.status == "replayed" and again.source_id == first.source_id
    assert "Nothing was created twice" in again.message.text("en")
    assert len(finstack.sources) == 1


def test_finstack_down_then_up_retries_with_the_same_key_and_no_duplicate(finstack):
    finstack.fail_next(2, 503, retry_after=3)
    waits: list[float] = []
    outcome = submit(finstack, waits=waits)
    assert outcome.status == "created" and outcome.attempts == 3
    assert waits == [3.0, 3.0]  # Retry-After honoured
    keys = {v for r in finstack.requests for k, v in r.headers.items() if k.lower() == "idempotency-key"}
    assert len(keys) == 1 and len(finstack.sources) == 1


def test_a_lost_answer_is_retried_without_creating_a_second_source(finstack):
    finstack.drop_next_response(1)  # Finstack stored it, but the answer never arrived
    outcome = submit(finstack)
    assert outcome.status == "replayed"
    assert len(finstack.sources) == 1


def test_backoff_grows_between_network_retries(finstack):
    finstack.drop_next_response(3)
    waits: list[float] = []
    submit(finstack, waits=waits)
    assert waits == [0.5, 1.0, 2.0]


def test_still_down_after_the_retries_keeps_everything_and_says_when_to_retry(finstack):
    finstack.fail_next(10, 503, retry_after=120)
    outcome = submit(finstack)
    assert outcome.status == "unavailable" and outcome.attempts == 1  # Retry-After beyond 30 s: no sleeping
    assert "try again in about 2 minutes" in outcome.message.text("en")
    assert finstack.sources == []


def test_rate_limited_with_a_short_retry_after_is_retried(finstack):
    finstack.fail_next(1, 429, retry_after=1)
    waits: list[float] = []
    assert submit(finstack, waits=waits).status == "created"
    assert waits == [1.0]


def test_a_wrong_api_key_is_not_retried(finstack):
    outcome = submit(finstack, api_key="wrong")
    assert outcome.status == "unauthorized" and outcome.attempts == 1
    assert "refused the API key (401)" in outcome.message.text("en")


def test_a_second_source_for_the_same_environment_is_a_conflict(finstack):
    first = submit(finstack)
    outcome = submit(finstack)
    assert outcome.status == "exists" and outcome.source_id == first.source_id
    assert "already has a source for this AFAS environment" in outcome.message.text("en")
    assert len(finstack.sources) == 1


def test_field_errors_are_listed(finstack):
    outcome = submit(finstack, name="  ")
    assert outcome.status == "invalid"
    assert "token_name" in outcome.field_errors
    assert "token_name:" in outcome.message.text("en")


def test_cancel_before_sending_sends_nothing(finstack):
    cancel = threading.Event()
    cancel.set()
    outcome = submit(finstack, cancel=cancel)
    assert outcome.status == "cancelled" and finstack.requests == []


def test_the_api_key_and_token_never_show_in_outcomes_or_config_repr(finstack):
    outcome = submit(finstack)
    config = FinstackConfig(finstack.root_url, KEY)
    shown = repr(config) + repr(outcome) + outcome.message.text("en") + outcome.message.text("nl")
    assert KEY not in shown and TOKEN.reveal_data() not in shown


def test_the_api_address_must_be_https_or_a_local_stand_in():
    assert check_api_url("https://api.finstack.example/") == "https://api.finstack.example"
    assert check_api_url("http://127.0.0.1:8080") == "http://127.0.0.1:8080"
    for bad in ("http://api.finstack.example", "ftp://x", "finstack.io"):
        with pytest.raises(ValueError):
            check_api_url(bad)


def test_the_handoff_gives_the_three_values_of_finstacks_form_in_order():
    values = handoff_values(ENV, " Finstack ", TOKEN)
    assert [(label.text("en"), value) for label, value in values] == [
        ("Environment (Omgevingsnaam)", "O12345AA"), ("Token name", "Finstack"), ("Token value", TOKEN.reveal()),
    ]


# -- renewing: the new token into the source the API created ------------------------------------------------------
NEW_TOKEN = parse_token("C0FFEE00" * 8)


def replace(server, source_id, key=None, **kwargs):
    from wizard.core.finstack_client import replace_source_token

    return replace_source_token(FinstackConfig(server.root_url, KEY), source_id, "Finstack 2027", NEW_TOKEN,
                                key or new_idempotency_key(), sleep=lambda s: None, **kwargs)


def test_a_renewed_token_goes_into_the_existing_source(finstack):
    created = submit(finstack)
    outcome = replace(finstack, created.source_id)
    assert outcome.status == "updated" and outcome.ok and outcome.source_id == created.source_id
    assert outcome.message.text("en").startswith(f"The new token is in Finstack's source {created.source_id}.")
    [source] = finstack.sources
    assert source.token_value == NEW_TOKEN.reveal() and source.token_name == "Finstack 2027"
    assert source.status == "pending"  # until Finstack has read AFAS with the new token


def test_a_replayed_replacement_changes_nothing_and_another_body_under_its_key_is_refused(finstack):
    source_id, key = submit(finstack).source_id, new_idempotency_key()
    assert replace(finstack, source_id, key).status == "updated"
    assert replace(finstack, source_id, key).status == "updated"  # the answer to the first one, again
    from wizard.core.finstack_client import replace_source_token

    other = replace_source_token(FinstackConfig(finstack.root_url, KEY), source_id, "Other", NEW_TOKEN, key,
                                 sleep=lambda s: None)
    assert other.status == "invalid" and other.message.key == "finstack.key_reused"
    assert finstack.sources[0].token_name == "Finstack 2027"  # the refused body changed nothing


def test_a_source_finstack_no_longer_has_is_said_and_nothing_is_sent_for_an_id_that_is_not_one(finstack):
    gone = replace(finstack, "src_" + "0" * 24)
    assert gone.status == "not_found" and not gone.ok and "add the source by hand" in gone.message.text("en").lower()
    before = len(finstack.requests)
    odd = replace(finstack, "../../v1/sources/afas")
    assert odd.status == "not_found" and len(finstack.requests) == before  # never put into a URL
