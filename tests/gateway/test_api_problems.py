"""Every API error is application/problem+json, naming the field at fault."""

from __future__ import annotations

import pytest

from tests.gateway.conftest import assert_problem

LOGIN = "/api/v1/auth/login"
JSON = {"Content-Type": "application/json"}


def test_malformed_json(gateway):
    assert_problem(gateway.post(LOGIN, data=b'{"username": "nora",', headers=JSON), 400, kind="invalid-request")


@pytest.mark.parametrize("body", [b"[]", b'"nora"', b"42", b"null", b""])
def test_body_must_be_an_object(gateway, body):
    assert_problem(gateway.post(LOGIN, data=body, headers=JSON), 400)


def test_missing_field_is_named(gateway):
    body = assert_problem(gateway.post(LOGIN, json={"username": "nora"}), 400, field="password")
    assert "required" in body["detail"]


def test_wrong_type_is_named(gateway):
    assert_problem(gateway.post(LOGIN, json={"username": 42, "password": "x"}), 400, field="username")
    assert_problem(gateway.post(LOGIN, json={"username": ["nora"], "password": "x"}), 400, field="username")


def test_unknown_field_is_named(gateway):
    assert_problem(gateway.post(LOGIN, json={"username": "nora", "password": "x", "tenant": "sorby"}), 400,
                   field="tenant")


def test_submitted_values_are_not_echoed(gateway):
    response = gateway.post(LOGIN, json={"username": {"secret-value": 1}, "password": "x"})
    assert_problem(response, 400, field="username")
    assert "secret-value" not in response.text


def test_body_must_be_json(gateway):
    assert_problem(gateway.post(LOGIN, data="username=nora&password=x",
                                headers={"Content-Type": "application/x-www-form-urlencoded"}), 415)


def test_unknown_tenant_by_header(gateway):
    assert_problem(gateway.get("/api/v1/tenant", headers={"X-Tenant": "atlantis"}), 404, field="tenant",
                   kind="unknown-tenant")


def test_unknown_tenant_by_host(gateway, stack):
    port = stack.gateway_url.rsplit(":", 1)[1]
    gateway.tenant = ""
    assert_problem(gateway.get("/api/v1/tenant", headers={"Host": f"atlantis.localhost:{port}"}), 404,
                   field="tenant", kind="unknown-tenant")


def test_tenant_by_host_name(gateway, stack):
    port = stack.gateway_url.rsplit(":", 1)[1]
    gateway.tenant = ""
    response = gateway.get("/api/v1/tenant", headers={"Host": f"sorby.localhost:{port}"})
    assert response.status_code == 200
    assert response.json()["slug"] == "sorby"


def test_no_tenant_on_the_bare_address(gateway):
    gateway.tenant = ""
    assert_problem(gateway.post(LOGIN, json={"username": "nora", "password": "x"}), 404, field="tenant")


def test_unknown_api_route_is_a_404_problem(gateway):
    assert_problem(gateway.get("/api/v1/no-such-thing"), 404)
    assert_problem(gateway.get("/api/v2/me"), 404)


def test_wrong_method_is_a_405_problem(gateway):
    response = gateway.delete("/api/v1/tenant")
    assert_problem(response, 405)
    assert "GET" in response.headers["Allow"]


def test_problems_carry_the_request_id(gateway):
    response = gateway.get("/api/v1/me", headers={"X-Request-Id": "trace-me-123"})
    assert response.headers["X-Request-Id"] == "trace-me-123"
    assert assert_problem(response, 401)["request_id"] == "trace-me-123"


def test_an_unsafe_request_id_is_replaced(gateway):
    response = gateway.get("/healthz", headers={"X-Request-Id": "<script>" + "x" * 100})
    assert response.headers["X-Request-Id"]
    assert "<" not in response.headers["X-Request-Id"]
    assert len(response.headers["X-Request-Id"]) <= 64


def test_too_large_body_is_a_413_problem(gateway):
    response = gateway.post(LOGIN, data=b'{"username": "' + b"a" * 200_000 + b'"}', headers=JSON)
    assert_problem(response, 413)
