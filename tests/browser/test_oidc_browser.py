"""Sign-in with electronic ID in a real browser: the redirects to the provider and back,
and the sign-out that continues at the provider (which the portal's CSP must allow for a
form; Chromium enforces form-action on redirects)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.oidc_gateway import OidcPortal


@pytest.fixture(scope="module")
def portal(database_url, nats_server, master_key):
    running = OidcPortal(database_url("identity_oidc_browser"), nats_server.url, master_key)
    yield running
    running.stop()


def test_sign_in_and_out_with_electronic_id(page, portal):
    portal.well_behaved()
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(f"http://nordvik.localhost:{portal.port}/login")
    expect(page.locator("#password")).to_have_count(0)  # Nordvik allows only electronic ID
    page.get_by_role("link", name="Logg inn med elektronisk ID (for tjenestebrukere)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen til ReConnect Nordvik")
    assert portal.idporten.authorizations[-1]["redirect_uri"] == f"http://nordvik.localhost:{portal.port}/login/oidc/callback"

    logouts = portal.idporten.logouts
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_text("Du er logget ut.")).to_be_visible()
    assert page.url == f"http://nordvik.localhost:{portal.port}/login"
    assert portal.idporten.logouts == logouts + 1  # the browser went by the provider's logout
    assert blocked == []
    page.goto(f"http://nordvik.localhost:{portal.port}/")
    expect(page).to_have_url(f"http://nordvik.localhost:{portal.port}/login")


def test_a_refused_sign_in_is_a_page_that_says_what_to_do(page, portal):
    portal.well_behaved()
    portal.idporten.person = {**portal.idporten.person, "acr": "idporten-loa-substantial"}
    try:
        page.goto(f"http://nordvik.localhost:{portal.port}/login")
        page.get_by_role("link", name="Logg inn med elektronisk ID (for tjenestebrukere)").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Det trengs elektronisk ID med høyere sikkerhetsnivå")
        page.get_by_role("link", name="Gå til innloggingssiden").click()
        expect(page).to_have_url(f"http://nordvik.localhost:{portal.port}/login")
    finally:
        portal.well_behaved()
