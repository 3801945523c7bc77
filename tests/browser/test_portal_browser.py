"""The portal in a real browser: sign in, choose a pseudonym, switch language, sign out,
keyboard-only use, and zero axe-core violations on every page."""

from __future__ import annotations

import random
import re
import string

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from reconnect_stack.seed import DEMO_PASSWORD

pytestmark = pytest.mark.browser

SCREENSHOT = "/tmp/reconnect-home.png"


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page).to_have_url(f"{base_url}/")


def assert_accessible(page: Page, name: str) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, f"axe violations on {name}:\n{results.generate_report()}"


def random_pseudonym() -> str:
    return "Lyng " + "".join(random.choices(string.ascii_lowercase, k=8))


def test_service_user_journey(page: Page, nordvik_url: str):
    sign_in(page, nordvik_url, "nora")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.locator(".tenant-name")).to_have_text("Nordvik")

    pseudonym = random_pseudonym()
    page.get_by_role("link", name="Pseudonym", exact=True).click()
    page.get_by_label("Pseudonym").fill(pseudonym)
    page.get_by_role("button", name="Lagre pseudonym").click()
    expect(page).to_have_url(f"{nordvik_url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Velkommen, {pseudonym}")
    expect(page.get_by_role("status")).to_contain_text("Pseudonymet ditt er lagret.")
    page.screenshot(path=SCREENSHOT, full_page=True)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welcome, {pseudonym}")
    expect(page.get_by_text("Acute help: call 113")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{nordvik_url}/login")
    expect(page.get_by_role("status")).to_contain_text("You are signed out.")
    page.goto(f"{nordvik_url}/")
    expect(page).to_have_url(f"{nordvik_url}/login")  # really signed out


def test_pseudonym_error_is_shown_next_to_the_field(page: Page, nordvik_url: str):
    sign_in(page, nordvik_url, "nora")
    page.goto(f"{nordvik_url}/pseudonym")
    page.get_by_label("Pseudonym").fill("ab")
    page.get_by_role("button", name="Lagre pseudonym").click()
    field = page.get_by_label("Pseudonym")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#pseudonym-error")).to_have_text(re.compile("for kort"))
    assert_accessible(page, "pseudonym page with an error")


def test_keyboard_only_sign_in(page: Page, nordvik_url: str):
    page.goto(f"{nordvik_url}/login")
    focused_ids = []
    for _ in range(6):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id")
        focused_ids.append(focused)
        if focused == "username":
            break
    assert focused_ids[-1] == "username", f"Tab order never reached the username field: {focused_ids}"
    page.keyboard.type("nils")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{nordvik_url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen, Fjellvandrer")


def test_skip_link_is_first_and_moves_focus_to_main(page: Page, nordvik_url: str):
    page.goto(f"{nordvik_url}/login")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hopp til hovedinnholdet")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_no_axe_violations_on_any_page(page: Page, nordvik_url: str, gateway_port: str):
    page.goto(f"http://127.0.0.1:{gateway_port}/")
    expect(page.get_by_role("link", name="Nordvik")).to_be_visible()
    assert_accessible(page, "tenant list")

    page.goto(f"{nordvik_url}/no-such-page")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fant ikke siden")
    assert_accessible(page, "404 page")

    page.goto(f"http://atlantis.localhost:{gateway_port}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fant ikke siden")
    assert_accessible(page, "unknown tenant")

    page.goto(f"{nordvik_url}/login")
    assert_accessible(page, "login page")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.locator("#username-error")).to_be_visible()
    assert_accessible(page, "login page with errors")

    sign_in(page, nordvik_url, "nils")
    assert_accessible(page, "home page")
    page.goto(f"{nordvik_url}/pseudonym")
    expect(page.get_by_label("Pseudonym")).to_have_value("Fjellvandrer")
    assert_accessible(page, "pseudonym page")
    page.goto(f"{nordvik_url}/terms")
    expect(page.get_by_text("Ring 113 ved akutt fare.")).to_be_visible()
    assert_accessible(page, "terms page")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page, "terms page in English")


def test_the_unknown_tenant_page_is_a_404(page: Page, gateway_port: str):
    response = page.goto(f"http://atlantis.localhost:{gateway_port}/login")
    assert response is not None and response.status == 404
