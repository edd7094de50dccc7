"""Every stand-in response, per endpoint and status, matches the OpenAPI description it stands in for:
AFAS's own (shared/reference/afas/profit-rest-core.openapi.json) and ours (docs/finstack-source-api.openapi.json)."""


from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from openapi_schema_validator import OAS30Validator

from tests.standin_fixtures import (
    AFAS_SHARED_REFERENCE,
    create_source,
    source_body,
    token_xml,
)
from wizard.standins.afas_scenario import Fault, FaultKind

REPO = Path(__file__).resolve().parents[2]
AFAS_SPEC = AFAS_SHARED_REFERENCE / "profit-rest-core.openapi.json"
FINSTACK_SPEC = REPO / "docs" / "finstack-source-api.openapi.json"


def inline_refs(node, root):
    """The document with every local $ref replaced by what it points to (neither spec is recursive)."""
    if isinstance(node, dict):
        if "$ref" in node:
            target = root
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            return inline_refs(target, root)
        return {key: inline_refs(value, root) for key, value in node.items()}
    if isinstance(node, list):
        return [inline_refs(item, root) for item in node]
    return node


def load(path: Path) -> dict:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return inline_refs(raw, raw)


@pytest.fixture(scope="module")
def afas_spec():
    if not AFAS_SPEC.is_file():
        pytest.skip(f"AFAS's OpenAPI file is not next to the repository ({AFAS_SPEC}); CI provides it")
    return load(AFAS_SPEC)


@pytest.fixture(scope="module")
def finstack_spec():
    return load(FINSTACK_SPEC)


def check_response(spec: dict, path: str, method: str, response: httpx.Response) -> None:
    documented = spec["paths"][path][method]["responses"]
    status = str(response.status_code)
    assert status in documented, f"{method.upper()} {path} answered {status}, which the spec does not list"
    described = documented[status]
    for header in described.get("headers", {}):
        assert header in response.headers, f"{status} of {path} lacks documented header {header}"
    content = described.get("content", {})
    if "application/json" in content:
        assert response.headers["Content-Type"].startswith("application/json")
        OAS30Validator(content["application/json"]["schema"]).validate(response.json())
    else:
        assert response.content == b""


# -- AFAS ----------------------------------------------------------------------------------------------------------
def _set(**changes) -> Callable:
    def apply(standin):
        for name, value in changes.items():
            setattr(standin.scenario, name, value)
    return apply


def _no_token(client: httpx.Client) -> None:
    client.headers.pop("Authorization")


def _plain_token(client: httpx.Client) -> None:
    client.headers["Authorization"] = "AfasToken " + token_xml()


AFAS_CASES = [
    # (spec path, request path, status, scenario change, client change)
    ("/MetaInfo", "/metainfo", 200, None, None),
    ("/MetaInfo", "/metainfo", 401, None, _no_token),
    ("/MetaInfo", "/metainfo", 401, _set(app_connector_blocked=True), None),
    ("/MetaInfo", "/metainfo", 403, _set(ip_restricted=True), None),
    ("/MetaInfo", "/metainfo", 500, None, _plain_token),
    ("/MetaInfo", "/metainfo", 503, _set(maintenance=True), None),
    ("/Metainfo/{Type}/{Endpoint}", "/metainfo/get/Finstack_Transactions", 200, None, None),
    ("/Metainfo/{Type}/{Endpoint}", "/metainfo/get/Finstack_Transactions", 500,
     _set(not_imported={"Finstack_Transactions"}), None),
    ("/Metainfo/{Type}/{Endpoint}", "/metainfo/get/Finstack_Transactions", 401, None, _no_token),
    ("/connectors/{Endpoint}", "/connectors/Finstack_Transactions?skip=0&take=5&orderbyfieldids=EntryNumber", 200,
     None, None),
    ("/connectors/{Endpoint}", "/connectors/Finstack_Transactions", 500,
     _set(blocked_connectors={"Finstack_Transactions"}), None),
    ("/connectors/{Endpoint}", "/connectors/Finstack_Transactions", 500,
     _set(not_in_app_connector={"Finstack_Transactions"}), None),
    ("/connectors/{Endpoint}", "/connectors/Finstack_Transactions?orderbyfieldids=Nope", 500, None, None),
    ("/connectors/{Endpoint}", "/connectors/Finstack_Transactions?filtervalues=" + "1" * 2100, 404, None, None),
    ("/connectors/{Endpoint}", "/connectors/Finstack_Transactions", 503, _set(maintenance=True), None),
    ("/connectors/{Endpoint}", "/connectors/Finstack_Transactions", 403, _set(ip_restricted=True), None),
    ("/ProfitVersion", "/profitversion", 200, _set(app_connector_version_enabled=True), None),
    ("/ProfitVersion", "/profitversion", 401, None, None),
]


@pytest.mark.parametrize(("spec_path", "request_path", "status", "scenario", "client_change"), AFAS_CASES,
                         ids=[f"{c[2]}-{c[1][:50]}" for c in AFAS_CASES])
def test_afas_responses_match_afas_openapi(afas_spec, afas, afas_http, spec_path, request_path, status, scenario,
                                           client_change):
    if scenario:
        scenario(afas)
    if client_change:
        client_change(afas_http)
    response = afas_http.get(request_path)
    assert response.status_code == status
    check_response(afas_spec, spec_path, "get", response)
    if status == 200:  # the headers AFAS lists on every successful response
        for header in afas_spec["components"]["responses"]["200"]["headers"]:
            assert header in response.headers, header
    if status in (401, 403, 404):
        assert response.headers["Content-Type"] == "application/xml; charset=utf-8"
        assert response.headers["Content-Length"] == "0"
    if status == 503:
        assert int(response.headers["Retry-After"]) == response.json()["retry_after"]


def test_afas_huge_body_is_announced_like_any_200(afas_spec, afas, afas_http):
    afas.scenario.faults = {"connectors/Finstack_Transactions": Fault(FaultKind.HUGE_BODY)}
    with afas_http.stream("GET", "/connectors/Finstack_Transactions") as response:
        assert response.status_code == 200
        for header in afas_spec["components"]["responses"]["200"]["headers"]:
            assert header in response.headers, header


# -- Finstack ----------------------------------------------------------------------------------------------------
CREATE, READ = ("/v1/sources/afas", "post"), ("/v1/sources/{id}", "get")
REPLACE = ("/v1/sources/{id}/token", "put")
NEW_TOKEN = {"token_name": "Finstack 2027", "token_value": token_xml("AB" * 32)}
UNKNOWN_ID = "/v1/sources/src_" + "0" * 24


def _post(body=None, key: str | None = "new", content_type: str = "application/json", **headers) -> Callable:
    def send(client: httpx.Client, standin) -> httpx.Response:
        sent = dict(headers)
        if key:
            sent["Idempotency-Key"] = str(uuid.uuid4()) if key == "new" else key
        sent["Content-Type"] = content_type
        return client.post("/v1/sources/afas", content=json.dumps(body or source_body()).encode(), headers=sent)
    return send


def _replay(client, standin):
    key = str(uuid.uuid4())
    create_source(client, key=key)
    return create_source(client, key=key)


def _reuse(client, standin):
    key = str(uuid.uuid4())
    create_source(client, key=key)
    return create_source(client, source_body(token_name="Other"), key=key)


def _conflict(client, standin):
    create_source(client)
    return create_source(client)


def _failing(status: int, then: Callable) -> Callable:
    def send(client, standin):
        standin.fail_next(1, status, retry_after=2)
        return then(client, standin)
    return send


def _read_created(client, standin):
    return client.get(create_source(client).headers["Location"])


def _unauthorised(send: Callable) -> Callable:
    def wrapped(client, standin):
        client.headers["Authorization"] = "Bearer wrong"
        return send(client, standin)
    return wrapped


def _replace(body: dict | None = None, key: str | None = "new", content_type: str = "application/json",
             known: bool = True) -> Callable:
    """PUT a new token into a source the stand-in created a moment ago (or into one it never had)."""
    def send(client: httpx.Client, standin) -> httpx.Response:
        target = create_source(client).json()["id"] if known else UNKNOWN_ID.rsplit("/", 1)[1]
        headers = {"Content-Type": content_type, **({"Idempotency-Key": str(uuid.uuid4()) if key == "new" else key}
                                                    if key else {})}
        return client.put(f"/v1/sources/{target}/token", content=json.dumps(body or NEW_TOKEN).encode(),
                          headers=headers)
    return send


FINSTACK_CASES = [
    (CREATE, 201, _post()),
    (CREATE, 200, _replay),
    (CREATE, 400, _post(key=None)),
    (CREATE, 400, _post(key="not-a-uuid")),
    (CREATE, 401, _unauthorised(_post())),
    (CREATE, 405, lambda client, standin: client.get("/v1/sources/afas")),
    (CREATE, 409, _conflict),
    (CREATE, 415, _post(content_type="text/plain")),
    (CREATE, 422, _post(source_body(environment_type="staging", token_value="DEADBEEF"))),
    (CREATE, 422, _reuse),
    (CREATE, 429, _failing(429, _post())),
    (CREATE, 500, _failing(500, _post())),
    (CREATE, 503, _failing(503, _post())),
    (READ, 200, _read_created),
    (READ, 401, _unauthorised(lambda client, standin: client.get(UNKNOWN_ID))),
    (READ, 404, lambda client, standin: client.get(UNKNOWN_ID)),
    (READ, 405, lambda client, standin: client.post(UNKNOWN_ID)),
    (READ, 429, _failing(429, lambda client, standin: client.get(UNKNOWN_ID))),
    (READ, 500, _failing(500, lambda client, standin: client.get(UNKNOWN_ID))),
    (READ, 503, _failing(503, lambda client, standin: client.get(UNKNOWN_ID))),
    (REPLACE, 200, _replace()),
    (REPLACE, 400, _replace(key=None)),
    (REPLACE, 401, _unauthorised(_replace(known=False))),
    (REPLACE, 404, _replace(known=False)),
    (REPLACE, 405, lambda client, standin: client.get(UNKNOWN_ID + "/token")),
    (REPLACE, 415, _replace(content_type="text/plain")),
    (REPLACE, 422, _replace({"token_name": "", "token_value": "DEADBEEF"})),
    (REPLACE, 429, _failing(429, _replace(known=False))),
    (REPLACE, 500, _failing(500, _replace(known=False))),
    (REPLACE, 503, _failing(503, _replace(known=False))),
]


@pytest.mark.parametrize(("operation", "status", "send"), FINSTACK_CASES,
                         ids=[f"{c[0][1]}-{c[1]}-{i}" for i, c in enumerate(FINSTACK_CASES)])
def test_finstack_responses_match_our_openapi(finstack_spec, finstack, finstack_http, operation, status, send):
    response = send(finstack_http, finstack)
    assert response.status_code == status, response.text
    check_response(finstack_spec, *operation, response)
    assert token_xml() not in response.text


def test_every_documented_finstack_response_is_exercised(finstack_spec):
    documented = {((path, method), int(status)) for path, item in finstack_spec["paths"].items()
                  for method, operation in item.items() for status in operation["responses"]}
    assert documented == {(operation, status) for operation, status, _ in FINSTACK_CASES}


def test_the_request_schema_agrees_with_the_stand_in(finstack_spec):
    schema = finstack_spec["paths"]["/v1/sources/afas"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    validator = OAS30Validator(schema)
    assert validator.is_valid(source_body())
    assert validator.is_valid(source_body(environment="T12345AB", environment_type="test"))
    for wrong in (source_body(environment_type="staging"), source_body(token_value="DEADBEEF" * 8),
                  source_body(environment="12345"), source_body(token_name=""), source_body(extra="x"),
                  {"environment": "O12345AA"}):
        assert not validator.is_valid(wrong), wrong


def test_the_finstack_spec_is_valid_openapi_schema_wise(finstack_spec):
    for schema in finstack_spec["components"]["schemas"].values():
        OAS30Validator.check_schema(schema)  # raises SchemaError for an invalid schema
    assert finstack_spec["openapi"].startswith("3.0")
    assert "Idempotency-Key" in json.dumps(finstack_spec["paths"]["/v1/sources/afas"]["post"]["parameters"])
