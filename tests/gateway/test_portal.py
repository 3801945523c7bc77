"""Portal pages over plain HTTP: tenant routing, forms and the session's token refresh."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface

from reconnect_stack.seed import DEMO_PASSWORD
from tests.gateway.test_web_security import csrf_token, session_contents, sign_in


def test_bare_address_lists_the_tenants(gateway, stack):
    gateway.tenant = ""
    port = stack.gateway_url.rsplit(":", 1)[1]
    response = gateway.get("/")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    links = dict(re.findall(r'<a href="(http://[^"]+)">([^<]+)</a>', response.text))
    assert links[f"http://nordvik.localhost:{port}/"] == "Nordvik"
    assert links[f"http://sorby.localhost:{port}/"] == "Sørby"


def test_unknown_tenant_page_is_a_plain_404(gateway):
    response = gateway.get("/login", headers={"X-Tenant": "atlantis"})
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/html")
    assert "Fant ikke siden" in response.text


def test_unknown_page_is_a_404_page(gateway):
    response = gateway.get("/no-such-page")
    assert response.status_code == 404
    assert '<html lang="nb">' in response.text


def test_front_page_sends_strangers_to_login(gateway):
    response = gateway.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")


def test_login_page_in_the_tenants_language_with_acute_help(gateway):
    page = gateway.get("/login")
    assert page.status_code == 200
    assert '<html lang="nb">' in page.text
    assert "Logg inn" in page.text
    assert "Akutt hjelp: ring 113" in page.text
    assert '<label for="username">' in page.text and '<label for="password">' in page.text


def test_wrong_password_shows_an_error(gateway, new_service_user):
    response = sign_in(gateway, new_service_user.username, "wrong-password-here")
    assert response.status_code == 400
    assert "Feil brukernavn eller passord." in response.text
    assert "wrong-password-here" not in response.text


def test_sign_in_shows_tenant_and_pseudonym_prompt(gateway, new_service_user):
    assert sign_in(gateway, new_service_user.username, new_service_user.password).status_code == 302
    home = gateway.get("/")
    assert home.status_code == 200
    assert "Nordvik" in home.text
    assert "Velg et pseudonym" in home.text


def test_pseudonym_errors_are_shown_next_to_the_field(gateway, new_service_user):
    sign_in(gateway, new_service_user.username, new_service_user.password)
    form = gateway.get("/pseudonym")
    response = gateway.post("/pseudonym", data={"csrf_token": csrf_token(form.text), "pseudonym": "Moderator"})
    assert response.status_code == 400
    assert 'id="pseudonym-error"' in response.text
    assert "reservert" in response.text
    assert 'aria-invalid="true"' in response.text
    assert 'aria-describedby="pseudonym-hint pseudonym-error"' in response.text

    taken = gateway.post("/pseudonym", data={"csrf_token": csrf_token(form.text), "pseudonym": "Fjellvandrer"})
    assert taken.status_code == 400
    assert "allerede" in taken.text


def test_terms_must_be_ticked_then_are_accepted(gateway, new_service_user):
    sign_in(gateway, new_service_user.username, new_service_user.password)
    page = gateway.get("/terms")
    assert "Ring 113 ved akutt fare." in page.text
    assert "116 117" in page.text
    unticked = gateway.post("/terms", data={"csrf_token": csrf_token(page.text)})
    assert unticked.status_code == 400
    assert 'id="accept-error"' in unticked.text
    accepted = gateway.post("/terms", data={"csrf_token": csrf_token(page.text), "accept": "yes"})
    assert accepted.status_code == 302
    assert "Du har godtatt disse vilkårene" in gateway.get("/terms").text
    assert "Les vilkårene" not in gateway.get("/").text


def test_language_switch_stays_on_the_site(gateway):
    page = gateway.get("/login")
    response = gateway.post("/language", data={"csrf_token": csrf_token(page.text), "lang": "en",
                                               "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    english = gateway.get("/login")
    assert '<html lang="en">' in english.text
    assert "Acute help: call 113" in english.text


def test_a_session_from_another_tenant_is_not_signed_in_here(gateway):
    sign_in(gateway, "nora")
    assert gateway.get("/").status_code == 200
    assert gateway.get("/", headers={"X-Tenant": "sorby"}).status_code == 302


def test_logout_ends_the_session(gateway):
    sign_in(gateway, "nora")
    home = gateway.get("/")
    refresh_token = _session(gateway)["refresh_token"]
    response = gateway.post("/logout", data={"csrf_token": csrf_token(home.text)})
    assert response.status_code == 302
    assert gateway.get("/").status_code == 302
    # The refresh token was revoked at identity, not only forgotten by the browser.
    assert gateway.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token}).status_code == 401


@pytest.fixture
def session_serializer(stack):
    secret = getattr(stack, "gateway_secret", None)
    if not secret:
        pytest.fail("the stack fixture should expose gateway_secret (the gateway's RECONNECT_SECRET_KEY)")
    app = Flask(__name__)
    app.secret_key = secret
    return SecureCookieSessionInterface().get_signing_serializer(app)


def _session(gateway) -> dict:
    return session_contents(gateway.http.cookies["reconnect_session"])


def test_an_expired_access_token_is_refreshed_transparently(gateway, session_serializer):
    sign_in(gateway, "nils", DEMO_PASSWORD)
    state = session_serializer.loads(gateway.http.cookies["reconnect_session"])
    old_refresh = state["refresh_token"]
    state["access_expires"] = 0  # as if the access token ran out
    gateway.http.cookies.clear()
    gateway.http.cookies.set("reconnect_session", session_serializer.dumps(state), domain="127.0.0.1", path="/")

    home = gateway.get("/")
    assert home.status_code == 200
    assert "Fjellvandrer" in home.text
    new_state = session_serializer.loads(home.cookies["reconnect_session"])
    assert new_state["refresh_token"] != old_refresh  # identity rotated it; the session kept the new one
    assert new_state["access_expires"] > 0
    assert gateway.get("/pseudonym").status_code == 200  # and the new pair works
