"""Signing in, refreshing and signing out through the API, against the real identity service."""

from __future__ import annotations

import base64

from tests.gateway.conftest import assert_problem


def test_login_returns_a_bearer_token_pair(gateway):
    pair = gateway.login("nora")
    assert pair["token_type"] == "Bearer"
    assert pair["access_token"].count(".") == 2  # a JWT
    assert pair["refresh_token"]
    assert pair["access_expires_at"].endswith("Z")
    assert pair["refresh_expires_at"] > pair["access_expires_at"]


def test_wrong_password_is_401_problem(gateway, new_service_user):
    response = gateway.post("/api/v1/auth/login", json={"username": new_service_user.username, "password": "not-it-at-all"})
    assert_problem(response, 401, kind="unauthenticated")
    assert "not-it-at-all" not in response.text


def test_login_is_per_tenant(gateway):
    """nora lives in nordvik; the same name on sorby's address is not her."""
    response = gateway.post("/api/v1/auth/login", json={"username": "nora", "password": "reconnect-demo"},
                            headers={"X-Tenant": "sorby"})
    assert_problem(response, 401)


def test_refresh_rotates_and_the_old_refresh_token_stops_working(gateway, new_service_user):
    first = gateway.login(new_service_user.username, new_service_user.password)
    response = gateway.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert response.status_code == 200, response.text
    second = response.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert gateway.get("/api/v1/me", token=second["access_token"]).status_code == 200
    again = gateway.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert_problem(again, 401)


def test_logout_revokes_the_refresh_token(gateway, new_service_user):
    pair = gateway.login(new_service_user.username, new_service_user.password)
    response = gateway.post("/api/v1/auth/logout", json={"refresh_token": pair["refresh_token"]})
    assert response.status_code == 204
    assert response.content == b""
    assert_problem(gateway.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]}), 401)


def test_me_without_a_token_is_401_with_a_bearer_challenge(gateway):
    response = gateway.get("/api/v1/me")
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_garbage_token_is_401(gateway):
    assert_problem(gateway.get("/api/v1/me", token="garbage"), 401)


def test_tampered_token_is_401(gateway):
    """A real token whose claims were edited (another account id) fails the signature check."""
    token = gateway.login("nora")["access_token"]
    header, claims, signature = token.split(".")
    padded = claims + "=" * (-len(claims) % 4)
    edited = base64.urlsafe_b64decode(padded).replace(b'"sub":"', b'"sub":"x')
    forged = ".".join([header, base64.urlsafe_b64encode(edited).decode().rstrip("="), signature])
    assert_problem(gateway.get("/api/v1/me", token=forged), 401)


def test_expired_token_is_401(gateway):
    """A token with an expiry in the past (and no valid signature: we hold no key) is refused."""
    header = base64.urlsafe_b64encode(b'{"alg":"EdDSA","typ":"JWT"}').decode().rstrip("=")
    claims = base64.urlsafe_b64encode(
        b'{"iss":"reconnect-identity","aud":"reconnect","sub":"x","tenant":"nordvik","exp":1000}'
    ).decode().rstrip("=")
    assert_problem(gateway.get("/api/v1/me", token=f"{header}.{claims}.AAAA"), 401)


def test_non_bearer_authorization_is_401(gateway):
    response = gateway.get("/api/v1/me", headers={"Authorization": "Basic bm9yYTpyZWNvbm5lY3QtZGVtbw=="})
    assert_problem(response, 401)
