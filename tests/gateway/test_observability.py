"""Probes, metrics and the request id."""

from __future__ import annotations

import re

from tests.conftest import wait_for
from tests.gateway.conftest import assert_problem


def test_healthz(gateway):
    response = gateway.get("/healthz", headers={"X-Tenant": ""})
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}


def test_readyz_when_identity_serves(gateway):
    response = gateway.get("/readyz")
    assert response.status_code == 200
    assert response.json()["not_serving"] == []


def test_metrics_are_labelled_by_route_rule_not_path(gateway, admin_token, new_service_user):
    account_path = f"/api/v1/admin/accounts/{new_service_user.id}"
    assert gateway.get(account_path, token=admin_token).status_code == 200
    text = gateway.get("/metrics").text
    assert "gateway_http_requests_total" in text
    assert re.search(
        r'gateway_http_requests_total\{[^}]*route="/api/v1/admin/accounts/<account_id>"[^}]*status="200"', text
    ) or re.search(r'gateway_http_requests_total\{[^}]*status="200"[^}]*route="/api/v1/admin/accounts/<account_id>"',
                   text)
    assert "gateway_http_request_duration_seconds_bucket" in text
    assert new_service_user.id not in text
    assert new_service_user.username not in text


def test_identity_down_means_not_ready_and_503(stack, gateway, new_service_user):
    token = gateway.login(new_service_user.username, new_service_user.password)["access_token"]
    stack.stop_service("identity")
    try:
        ready = gateway.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["not_serving"] == ["identity"]
        response = gateway.get("/api/v1/me", token=token)
        assert_problem(response, 503, kind="service-unavailable")
        assert int(response.headers["Retry-After"]) > 0
    finally:
        stack.start_service("identity")
    # The gateway's channel reconnects on gRPC's backoff schedule, not at once.
    wait_for(lambda: gateway.get("/readyz").status_code == 200, timeout=30, message="gateway ready again")
    wait_for(lambda: gateway.get("/api/v1/me", token=token).status_code == 200, timeout=30,
             message="identity reachable again")


def test_logs_hold_no_personal_content(stack, gateway, new_service_user, unique_pseudonym):
    token = gateway.login(new_service_user.username, new_service_user.password)["access_token"]
    gateway.post("/api/v1/auth/login", json={"username": new_service_user.username, "password": "wrong-pass-xyz"})
    response = gateway.put("/api/v1/me/pseudonym", token=token, json={"pseudonym": unique_pseudonym},
                           headers={"X-Request-Id": f"log-check-{new_service_user.id}"})
    assert response.status_code == 200
    log_file = stack.logs_dir / "gateway.log"
    marker = f"log-check-{new_service_user.id}"
    text = wait_for(lambda: marker in log_file.read_text() and log_file.read_text(), timeout=10,
                    message="the request's log line")
    for personal in (new_service_user.username, new_service_user.password, "wrong-pass-xyz", unique_pseudonym,
                     token):
        assert personal not in text


def test_metrics_are_not_served_through_a_municipality_s_host(stack):
    import requests

    port = stack.gateway_url.rsplit(":", 1)[1]
    direct = requests.get(f"{stack.gateway_url}/metrics", timeout=10)
    assert direct.status_code == 200 and "# TYPE" in direct.text
    public = requests.get(f"{stack.gateway_url}/metrics", headers={"Host": f"nordvik.localhost:{port}"}, timeout=10)
    assert public.status_code == 404
