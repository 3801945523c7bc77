"""The account pages in a real browser: a health provider sets up the second factor (QR
code, key for manual entry, code, recovery codes shown once) and manages their sign-ins
(this one marked, signing out everywhere else), with zero axe-core violations."""

from __future__ import annotations

import re
import uuid

import pyotp
import pytest
import requests
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from reconnect_stack.seed import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def assert_accessible(page: Page, name: str) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, f"axe violations on {name}:\n{results.generate_report()}"


def api(stack, method: str, path: str, token: str = "", **kwargs):
    headers = {"X-Tenant": "nordvik"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return requests.request(method, stack.gateway_url + path, headers=headers, timeout=15, **kwargs)


@pytest.fixture
def provider(stack) -> tuple[str, str]:
    admin = api(stack, "POST", "/api/v1/auth/login", json={"username": "admin.nordvik", "password": DEMO_PASSWORD})
    username, password = f"browser.provider.{uuid.uuid4().hex[:8]}", f"pw-{uuid.uuid4().hex}"
    created = api(stack, "POST", "/api/v1/admin/accounts", token=admin.json()["access_token"],
                  json={"username": username, "password": password, "roles": ["health_provider"]})
    assert created.status_code == 201, created.text
    return username, password


def sign_in(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn", exact=True).click()
    expect(page).to_have_url(f"{base_url}/")


def test_a_provider_sets_up_the_second_factor(page: Page, nordvik_url: str, provider):
    sign_in(page, nordvik_url, *provider)
    page.get_by_role("link", name="Kontoen din").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontoen din")
    assert_accessible(page, "account overview")
    page.get_by_role("link", name="Andre faktor (autentiseringsapp)").click()
    page.get_by_role("button", name="Sett opp andre faktor").click()

    expect(page.locator("svg.qr-code")).to_be_visible()
    secret = page.locator("#totp-secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret)
    assert_accessible(page, "second factor set-up with the QR code")

    page.get_by_label("Kode fra appen").fill("000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    page.get_by_role("button", name="Bekreft").click()
    expect(page.locator("#code-error")).to_contain_text("Koden er ikke riktig")
    expect(page.get_by_label("Kode fra appen")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "second factor set-up with a wrong code")

    page.get_by_label("Kode fra appen").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Bekreft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gjenopprettingskodene dine")
    expect(page.locator("ul.recovery-codes li")).to_have_count(10)
    assert_accessible(page, "recovery codes")
    # Shown once: going back to the set-up says it is done rather than showing them again.
    page.goto(f"{nordvik_url}/account/second-factor")
    page.get_by_role("button", name="Sett opp andre faktor").click()
    expect(page.get_by_role("status")).to_contain_text("Du har allerede satt opp en andre faktor.")


def test_sessions_page_marks_this_one_and_ends_the_others(page: Page, nordvik_url: str, provider, stack):
    username, password = provider
    elsewhere = api(stack, "POST", "/api/v1/auth/login", json={"username": username, "password": password}).json()
    sign_in(page, nordvik_url, username, password)
    page.goto(f"{nordvik_url}/account/sessions")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hvor du er logget inn")
    rows = page.locator("table.sessions tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("tr.current-session")).to_contain_text("Denne påloggingen")
    assert_accessible(page, "sessions page")

    page.get_by_role("button", name="Logg ut alle andre steder").click()
    expect(page.get_by_role("status")).to_contain_text("Du er logget ut alle andre steder")
    expect(rows).to_have_count(1)
    refused = api(stack, "POST", "/api/v1/auth/refresh", json={"refresh_token": elsewhere["refresh_token"]})
    assert refused.status_code == 401

    page.get_by_role("button", name="Logg ut her").click()
    expect(page).to_have_url(f"{nordvik_url}/login")
