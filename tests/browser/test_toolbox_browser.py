"""The toolbox in a real browser: editing the crisis plan (one tap away in the navigation),
granting and revoking a share while the provider's view changes with it (two browser
contexts), and zero axe-core violations on every toolbox page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_forum_browser import sign_in
from tests.browser.test_portal_browser import assert_accessible
from tests.gateway.conftest import Gateway, random_loopback
from tests.gateway.forum_helpers import letters, new_member
from tests.gateway.toolbox_helpers import cared_for

pytestmark = pytest.mark.browser

PLAN_SCREENSHOT = "/tmp/reconnect-crisis-plan.png"


@pytest.fixture
def api(stack) -> Gateway:
    return Gateway(stack.gateway_url, source=random_loopback())


@pytest.fixture
def admin_token(api) -> str:
    return api.login("admin.nordvik")["access_token"]


def test_edit_the_crisis_plan_and_every_toolbox_page_is_accessible(page: Page, nordvik_url: str, api, admin_token):
    member = new_member(api, admin_token)
    mia = api.login("mia")["access_token"]
    api.post("/api/v1/toolbox/exercises", token=mia, json={
        "category": "coping", "title_nb": "Fem ting du ser " + letters(4), "title_en": "Five things you see",
        "body_nb": "Se deg rundt.\n\nNevn fem ting du ser.", "body_en": "Look around.", "duration_minutes": 3})
    api.post("/api/v1/toolbox/info", token=admin_token, json={
        "kind": "page", "category": "information", "title": "Om ReConnect-kafeen", "body": "Vi møtes hver måned."})
    sign_in(page, nordvik_url, member.username, member.password)

    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Kriseplan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kriseplanen min")
    expect(page.get_by_role("heading", name="Er liv i fare, ring 113.")).to_be_visible()
    assert_accessible(page, "crisis plan, empty")
    page.get_by_role("link", name="Lag kriseplanen min").click()
    assert_accessible(page, "crisis plan form")
    page.get_by_label("1. Mine varselsignaler").fill("Sover dårlig\nTrekker meg unna")
    page.get_by_label("2. Det jeg kan gjøre selv").fill("Gå en tur")
    page.get_by_label("Navn eller sted 1").nth(1).fill("Søster")  # step 4: people I can ask for help
    page.get_by_label("Telefon 1").nth(1).fill("ring meg")
    page.get_by_role("button", name="Lagre kriseplanen min").click()
    expect(page.get_by_role("alert")).to_have_text("Det ser ikke ut som et telefonnummer.")
    expect(page.get_by_label("1. Mine varselsignaler")).to_have_value("Sover dårlig\nTrekker meg unna")
    assert_accessible(page, "crisis plan form with a problem")
    page.get_by_label("Telefon 1").nth(1).fill("+47 912 34 567")
    page.get_by_role("button", name="Lagre kriseplanen min").click()
    expect(page.get_by_role("status")).to_contain_text("Kriseplanen din er lagret.")
    expect(page.get_by_role("link", name="+47 912 34 567")).to_have_attribute("href", "tel:+4791234567")
    expect(page.get_by_text("Versjon 1, lagret")).to_be_visible()
    assert_accessible(page, "crisis plan")
    page.screenshot(path=PLAN_SCREENSHOT, full_page=True)
    page.get_by_role("link", name="Utskriftsvennlig versjon").click()
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Hovedmeny")).to_be_hidden()
    expect(page.get_by_text("Trekker meg unna")).to_be_visible()
    page.emulate_media(media="screen")
    assert_accessible(page, "printable crisis plan")

    # Every other page of the toolbox, with something in it.
    page.goto(f"{nordvik_url}/toolbox")
    assert_accessible(page, "toolbox home")
    page.goto(f"{nordvik_url}/toolbox/values")
    page.get_by_label("Noe som betyr noe for meg").fill("Familien min")
    page.get_by_role("button", name="Legg til", exact=True).click()
    page.get_by_label("Hvordan det går").fill("Ny leilighet, god stemning")
    page.get_by_text("4", exact=True).click()
    page.get_by_role("button", name="Lagre status").click()
    expect(page.get_by_text("Familien min", exact=True)).to_be_visible()
    assert_accessible(page, "values and life domains")
    page.goto(f"{nordvik_url}/toolbox/goals")
    page.get_by_label("Mål", exact=True).fill("Gå tur hver dag")
    page.get_by_label("Steg, ett på hver linje (valgfritt)").fill("Kjøpe sko\nFørste tur")
    page.get_by_role("button", name="Lagre målet").click()
    page.get_by_role("button", name=re.compile(r"Marker som gjort\s*: Kjøpe sko")).click()
    expect(page.get_by_text("50 %").first).to_be_visible()
    assert_accessible(page, "goals")
    page.goto(f"{nordvik_url}/toolbox/activities")
    page.get_by_label("Hva", exact=True).fill("Svømming")
    page.get_by_label("Hvor ofte").select_option("weekly")
    page.get_by_role("button", name="Legg til i planen min").click()
    expect(page.get_by_role("status")).to_contain_text("Aktiviteten er i planen din.")
    page.get_by_role("button", name=re.compile(r"Marker som gjort\s*: Svømming")).first.click()
    assert_accessible(page, "activity plan")
    page.get_by_role("button", name="Lag en ny kalenderadresse").click()
    assert "/calendar/toolbox/" in page.get_by_role("textbox", name="Kalenderadresse").input_value()
    assert_accessible(page, "activity plan with a new calendar address")
    page.goto(f"{nordvik_url}/toolbox/network")
    page.get_by_label("Navn", exact=True).fill("Mor")
    page.get_by_role("button", name="Legg til på kartet mitt").click()
    page.get_by_label("Navn", exact=True).fill("NAV")
    page.get_by_label("En tjeneste", exact=True).check()
    page.get_by_label("Hvor nær").select_option("outer")
    page.get_by_role("button", name="Legg til på kartet mitt").click()
    expect(page.get_by_role("img", name="Nettverkskartet mitt")).to_be_visible()
    assert_accessible(page, "network map")
    page.goto(f"{nordvik_url}/toolbox/exercises")
    page.get_by_text("Vis øvelsen").first.click()
    assert_accessible(page, "exercises")
    page.goto(f"{nordvik_url}/toolbox/medications")
    page.get_by_label("Navn", exact=True).fill("Sertralin")
    page.get_by_role("button", name="Lagre medisinen").click()
    expect(page.get_by_role("heading", name="Sertralin")).to_be_visible()
    assert_accessible(page, "medications")
    page.goto(f"{nordvik_url}/toolbox/info")
    assert_accessible(page, "information and links")
    page.goto(f"{nordvik_url}/toolbox/sharing")
    assert_accessible(page, "sharing without providers")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What my providers can see")
    page.goto(f"{nordvik_url}/toolbox/crisis-plan")
    expect(page.get_by_role("heading", name="1. My warning signs")).to_be_visible()
    assert_accessible(page, "crisis plan in English")


def test_sharing_changes_what_the_provider_sees(browser, nordvik_url: str, api, admin_token):
    hansen = api.login("hansen")["access_token"]
    member, _hansen_id = cared_for(api, admin_token, hansen)
    api.put("/api/v1/toolbox/crisis-plan", token=member.token, json={"warning_signs": ["Uro i kroppen"]})
    goal = api.post("/api/v1/toolbox/goals", token=member.token, json={"title": "Sove bedre", "domain": "mental_health"})
    assert goal.status_code == 201, goal.text

    contexts = [browser.new_context(viewport={"width": 390, "height": 844}, locale="nb-NO") for _ in range(2)]
    try:
        user, provider = (context.new_page() for context in contexts)
        for p in (user, provider):
            p.set_default_timeout(15_000)
        sign_in(user, nordvik_url, member.username, member.password)
        sign_in(provider, nordvik_url, "hansen", "reconnect-demo")

        provider.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Delt med meg").click()
        expect(provider.get_by_role("heading", level=1)).to_have_text("Delt med meg")
        expect(provider.get_by_role("heading", name=member.pseudonym)).to_have_count(0)
        assert_accessible(provider, "shared with me")

        user.goto(f"{nordvik_url}/toolbox/sharing")
        card = user.get_by_role("region", name="Fjordlys")
        card.get_by_label("Kriseplan").check()
        card.get_by_label("Mål").check()
        card.get_by_role("button", name="Lagre hva jeg deler med Fjordlys").click()
        expect(user.get_by_role("status")).to_contain_text("Det du deler, er lagret.")
        assert_accessible(user, "sharing with a provider")

        provider.reload()
        expect(provider.get_by_role("heading", name=member.pseudonym)).to_be_visible()
        provider.get_by_role("link", name=f"Kriseplan – {member.pseudonym}").click()
        expect(provider.get_by_text("Uro i kroppen")).to_be_visible()
        assert_accessible(provider, "shared crisis plan")
        plan_url = provider.url
        provider.go_back()
        provider.get_by_role("link", name=f"Mål – {member.pseudonym}").click()
        expect(provider.get_by_role("heading", name="Sove bedre")).to_be_visible()
        assert_accessible(provider, "shared goals")

        user.reload()
        log = user.get_by_role("region", name="Når behandlerne mine så")
        expect(log.get_by_role("row")).to_have_count(3)  # header + two reads
        expect(log).to_contain_text("Fjordlys")
        card = user.get_by_role("region", name="Fjordlys")
        card.get_by_label("Kriseplan").uncheck()
        card.get_by_role("button", name="Lagre hva jeg deler med Fjordlys").click()
        expect(user.get_by_role("status")).to_contain_text("Det du deler, er lagret.")

        response = provider.goto(plan_url)
        assert response is not None and response.status == 404
        provider.goto(f"{nordvik_url}/toolbox/shared")
        expect(provider.get_by_role("link", name=f"Kriseplan – {member.pseudonym}")).to_have_count(0)
        expect(provider.get_by_role("link", name=f"Mål – {member.pseudonym}")).to_be_visible()
    finally:
        for context in contexts:
            context.close()
