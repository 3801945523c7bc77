"""Security headers, cookies and CSRF protection of the portal."""

from __future__ import annotations

import base64
import json
import zlib

import pytest

from reconnect_stack.seed import DEMO_PASSWORD
from services.gateway.middleware import CONTENT_SECURITY_POLICY


def csrf_token(page_text: str) -> str:
    return page_text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def session_contents(cookie_value: str) -> dict:
    """Flask's session cookie is signed, not encrypted: its payload is readable."""
    payload = cookie_value.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    if cookie_value.startswith("."):
        raw = zlib.decompress(raw)
    return json.loads(raw)


def sign_in(gateway, username: str, password: str = DEMO_PASSWORD):
    page = gateway.get("/login")
    return gateway.post("/login", data={"csrf_token": csrf_token(page.text), "username": username, "password": password})


@pytest.mark.parametrize("path", ["/login", "/api/v1/tenant", "/no-such-page", "/api/v1/me", "/healthz"])
def test_security_headers_on_every_response(gateway, path):
    response = gateway.get(path)
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


def test_pages_have_no_inline_script(gateway):
    page = gateway.get("/login").text
    assert "<script" not in page
    assert " on" + "click=" not in page


def test_session_cookie_flags(gateway):
    response = sign_in(gateway, "nora")
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("reconnect_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # the stack runs with RECONNECT_ENVIRONMENT=test (plain http)


def test_sign_in_replaces_the_session(gateway):
    page = gateway.get("/login")
    before = session_contents(gateway.http.cookies["reconnect_session"])
    assert "csrf_token" in before
    response = gateway.post("/login", data={"csrf_token": csrf_token(page.text), "username": "nora",
                                            "password": DEMO_PASSWORD})
    assert response.status_code == 302
    after = session_contents(gateway.http.cookies["reconnect_session"])
    assert "csrf_token" not in after  # nothing from before sign-in survives
    assert after["tenant"] == "nordvik"
    assert after["refresh_token"]


def test_authenticated_page_is_not_stored(gateway):
    sign_in(gateway, "nora")
    response = gateway.get("/")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_form_post_without_csrf_token_is_rejected(gateway):
    gateway.get("/login")
    response = gateway.post("/login", data={"username": "nora", "password": DEMO_PASSWORD})
    assert response.status_code == 400
    assert "refresh_token" not in session_contents(gateway.http.cookies["reconnect_session"])
    assert gateway.get("/").status_code == 302  # still not signed in


def test_form_post_with_a_wrong_csrf_token_is_rejected(gateway):
    sign_in(gateway, "nora")
    response = gateway.post("/logout", data={"csrf_token": "forged"})
    assert response.status_code == 400
    assert gateway.get("/").status_code == 200  # still signed in


def test_the_json_api_needs_no_csrf_token(gateway):
    response = gateway.post("/api/v1/auth/login", json={"username": "nora", "password": DEMO_PASSWORD})
    assert response.status_code == 200
