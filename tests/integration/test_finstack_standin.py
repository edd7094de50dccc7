"""The Finstack stand-in implements docs/finstack-source-api.md: creation, idempotency, validation, faults."""


from __future__ import annotations

import time
import uuid

import httpx
import pytest

from tests.standin_fixtures import (
    FINSTACK_KEY,
    afas_authorization,
    create_source,
    http_client,
    source_body,
    standin_threads,
    token_xml,
)
from wizard.standins.demo import start_demo


def test_create_returns_201_with_location_and_never_the_token(finstack, finstack_http):
    response = create_source(finstack_http)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "status", "environment", "environment_type", "token_name", "created_at"}
    assert body["id"].startswith("src_") and body["status"] == "pending"
    assert (body["environment"], body["environment_type"], body["token_name"]) == ("O12345AA", "production", "Finstack")
    assert body["created_at"].endswith("Z")
    assert response.headers["Location"] == f"/v1/sources/{body['id']}"
    assert token_xml() not in response.text and "token_value" not in response.text
    (source,) = finstack.sources
    assert (source.id, source.environment_number, source.token_value) == (body["id"], "12345", token_xml())


def test_the_token_is_never_recorded_or_shown(finstack, finstack_http):
    create_source(finstack_http)
    assert finstack.wait_idle()
    (record,) = finstack.requests
    assert record.body_size > 0 and record.authorization_present and record.authorization_valid
    shown = repr(finstack.requests) + repr(finstack.sources)
    assert token_xml() not in shown and "DEADBEEF" not in shown and FINSTACK_KEY not in shown


def test_replaying_the_key_with_the_same_body_returns_the_original(finstack, finstack_http):
    key = str(uuid.uuid4())
    first = create_source(finstack_http, key=key)
    again = create_source(finstack_http, key=key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert len(finstack.sources) == 1


def test_reusing_the_key_with_another_body_is_422(finstack, finstack_http):
    key = str(uuid.uuid4())
    create_source(finstack_http, key=key)
    response = create_source(finstack_http, source_body(token_name="Other"), key=key)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "idempotency_key_reused"
    assert len(finstack.sources) == 1


@pytest.mark.parametrize(("key", "code"), [(None, "idempotency_key_missing"), ("abc", "idempotency_key_invalid")])
def test_idempotency_key_is_required(finstack, finstack_http, key, code):
    headers = {"Idempotency-Key": key} if key else {}
    response = finstack_http.post("/v1/sources/afas", json=source_body(), headers=headers)
    assert response.status_code == 400 and response.json()["error"]["code"] == code
    assert finstack.sources == []


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Token {FINSTACK_KEY}", FINSTACK_KEY])
def test_missing_or_wrong_api_key_is_401(finstack, authorization):
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    if authorization:
        headers["Authorization"] = authorization
    with http_client(base_url=finstack.base_url) as client:
        response = client.post("/v1/sources/afas", json=source_body(), headers=headers)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorized"
        assert client.get("/v1/sources/src_" + "0" * 24, headers=headers).status_code == 401
    assert finstack.sources == []


def test_a_second_source_for_the_same_environment_is_409(finstack, finstack_http):
    first = create_source(finstack_http).json()
    response = create_source(finstack_http, source_body(token_name="Again"))
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "source_exists"
    assert response.json()["error"]["source_id"] == first["id"]
    other_type = source_body(environment="T12345AB", environment_type="test")
    assert create_source(finstack_http, other_type).status_code == 201
    assert len(finstack.sources) == 2


@pytest.mark.parametrize(("changes", "field"), [
    ({"environment_type": "staging"}, "environment_type"),
    ({"environment_type": "test"}, "environment_type"),  # O12345AA is production
    ({"environment": "12345"}, "environment"),
    ({"environment_number": "54321"}, "environment_number"),
    ({"token_value": "DEADBEEF" * 8}, "token_value"),  # the bare data value, not the XML
    ({"token_value": "<token>\n<version>1</version><data>AB</data></token>"}, "token_value"),
    ({"token_name": ""}, "token_name"),
    ({"token_name": 5}, "token_name"),
    ({"extra": "x"}, "extra"),
])
def test_field_errors_are_422(finstack, finstack_http, changes, field):
    response = create_source(finstack_http, source_body(**changes))
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_failed" and list(error["fields"]) == [field]
    assert finstack.sources == []


def test_missing_fields_are_listed(finstack_http):
    response = create_source(finstack_http, {"environment": "O12345AA"})
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"environment_number", "environment_type", "token_name", "token_value"}
    assert fields["token_value"] == ["This field is required."]


def test_a_failed_validation_does_not_burn_the_key(finstack, finstack_http):
    key = str(uuid.uuid4())
    assert create_source(finstack_http, source_body(environment_type="x"), key=key).status_code == 422
    assert create_source(finstack_http, key=key).status_code == 201


def test_body_must_be_json(finstack_http):
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    json_headers = {**headers, "Content-Type": "application/json"}
    not_json = finstack_http.post("/v1/sources/afas", content=b"{", headers=json_headers)
    assert not_json.status_code == 400 and not_json.json()["error"]["code"] == "invalid_json"
    form = finstack_http.post("/v1/sources/afas", data={"environment": "O12345AA"}, headers=headers)
    assert form.status_code == 415 and form.json()["error"]["code"] == "unsupported_media_type"
    array = finstack_http.post("/v1/sources/afas", json=[], headers=headers)
    assert array.status_code == 400


def test_pending_becomes_available_on_the_next_get(finstack_http):
    created = create_source(finstack_http).json()
    response = finstack_http.get(f"/v1/sources/{created['id']}")
    assert response.status_code == 200
    assert response.json() == created | {"status": "available"}


def test_availability_delay_and_failed_outcome(finstack, finstack_http):
    finstack.availability_delay = 0.2
    finstack.final_status = "failed"
    started = time.monotonic()
    source_id = create_source(finstack_http).json()["id"]
    assert finstack_http.get(f"/v1/sources/{source_id}").json()["status"] == "pending"
    while finstack_http.get(f"/v1/sources/{source_id}").json()["status"] == "pending":  # polled, as Finstack is
        assert time.monotonic() - started < 5
    assert finstack_http.get(f"/v1/sources/{source_id}").json()["status"] == "failed"
    assert time.monotonic() - started >= 0.2


def test_unknown_source_and_paths_are_404(finstack_http):
    assert finstack_http.get("/v1/sources/src_" + "0" * 24).json()["error"]["code"] == "not_found"
    assert finstack_http.get("/v1/sources/nope").status_code == 404
    assert finstack_http.get("/v2/anything").status_code == 404
    wrong_method = finstack_http.get("/v1/sources/afas")
    assert wrong_method.status_code == 405 and wrong_method.headers["Allow"] == "POST"


@pytest.mark.parametrize(("status", "code"), [(429, "rate_limited"), (503, "service_unavailable"),
                                              (500, "internal_error")])
def test_fail_next_then_success(finstack, finstack_http, status, code):
    finstack.fail_next(2, status, retry_after=3)
    key = str(uuid.uuid4())
    for _ in range(2):
        response = create_source(finstack_http, key=key)
        assert response.status_code == status
        assert response.json()["error"]["code"] == code
        assert response.headers["Retry-After"] == "3"
    assert finstack.sources == []
    assert create_source(finstack_http, key=key).status_code == 201


def test_fail_next_without_retry_after(finstack, finstack_http):
    finstack.fail_next(1, 503)
    response = create_source(finstack_http)
    assert response.status_code == 503 and "Retry-After" not in response.headers
    with pytest.raises(ValueError, match="fail_next"):
        finstack.fail_next(1, 404)


def test_dropped_response_commits_and_a_retry_with_the_same_key_gets_it(finstack, finstack_http):
    finstack.drop_next_response(1)
    key = str(uuid.uuid4())
    with pytest.raises(httpx.TransportError):
        create_source(finstack_http, key=key)
    assert len(finstack.sources) == 1  # committed although the client never heard
    retry = create_source(finstack_http, key=key)
    assert retry.status_code == 200 and retry.json()["id"] == finstack.sources[0].id
    fresh_key = create_source(finstack_http)  # a careless client with a new key
    assert fresh_key.status_code == 409
    assert len(finstack.sources) == 1


def test_latency(finstack, finstack_http):
    finstack.latency_seconds = 0.2
    started = time.monotonic()
    create_source(finstack_http)
    assert time.monotonic() - started >= 0.2


# -- demo -------------------------------------------------------------------------------------------------------
def test_demo_is_a_working_happy_path():
    with start_demo() as demo:
        assert demo.environment_text == "O12345AA" and demo.administrations_text == "1;2;3"
        assert demo.token_text == token_xml()
        assert demo.afas_base_url.startswith("http://127.0.0.1:") and demo.finstack_base_url.startswith("http://127")
        assert demo.token_text not in repr(demo) and demo.finstack_api_key not in repr(demo)
        with http_client(base_url=demo.afas_base_url, headers={"Authorization": afas_authorization()}) as afas:
            assert afas.get("/metainfo").json()["info"]["envid"] == "O12345AA"
            admins = afas.get("/connectors/Finstack_Administrations", params={"orderbyfieldids": "AdministrationId"})
            assert [r["AdministrationId"] for r in admins.json()["rows"]] == [1, 2, 3]
        with http_client(base_url=demo.finstack_base_url,
                         headers={"Authorization": f"Bearer {demo.finstack_api_key}"}) as finstack_client:
            assert create_source(finstack_client, source_body(token_value=demo.token_text)).status_code == 201
    assert standin_threads() == []
