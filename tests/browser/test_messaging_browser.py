"""Secure messaging in a real browser: a service user and a provider write to each other in
two browser contexts, the provider's unread badge appears live (server-sent events, no
reload), and zero axe-core violations on the inbox, a conversation, a new message, the
access log and the notifications."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_forum_browser import sign_in
from tests.browser.test_portal_browser import assert_accessible
from tests.gateway.conftest import Gateway, random_loopback
from tests.gateway.messaging_helpers import care_pair

pytestmark = pytest.mark.browser

CONVERSATION_SCREENSHOT = "/tmp/reconnect-conversation.png"


@pytest.fixture
def api(stack) -> Gateway:
    return Gateway(stack.gateway_url, source=random_loopback())


def test_two_people_write_and_the_badge_is_live(browser, page: Page, nordvik_url: str, api):
    pair = care_pair(api, api.login("admin.nordvik")["access_token"])

    # The provider is on the inbox, with the live stream open.
    provider = page
    sign_in(provider, nordvik_url, pair.provider.username, pair.provider.password)
    provider.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Meldinger").click()
    expect(provider.get_by_role("heading", level=1)).to_have_text("Meldinger")
    expect(provider.locator("html")).to_have_attribute("data-notifications", "live")
    expect(provider.locator("#notification-badge")).to_be_hidden()
    assert_accessible(provider, "inbox")

    # The service user writes, in a browser of their own.
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nb-NO")
    context.set_default_timeout(15_000)
    user = context.new_page()
    try:
        sign_in(user, nordvik_url, pair.user.username, pair.user.password)
        user.goto(f"{nordvik_url}/messages")
        user.get_by_role("link", name="Ny melding").click()
        expect(user.get_by_role("heading", level=1)).to_have_text("Ny melding")
        assert_accessible(user, "new message")
        user.get_by_label(pair.provider.pseudonym).check()
        user.get_by_label("Emne").fill("Søvnen denne uka")
        user.get_by_label("Melding", exact=True).fill("Hei! Jeg sover dårlig igjen. Kan vi snakke om det neste gang?")
        user.get_by_role("button", name="Send").click()
        expect(user.get_by_role("heading", level=1)).to_have_text("Søvnen denne uka")
        expect(user.get_by_role("status")).to_contain_text("Meldingen din er sendt.")
        expect(user.get_by_role("complementary", name="Ikke for akutte situasjoner")).to_contain_text("113")

        # The provider's badge appears without a reload, and is announced politely.
        badge = provider.locator("#notification-badge")
        expect(badge).to_be_visible(timeout=20_000)
        expect(badge).to_contain_text("1")
        expect(provider.locator("#notification-live")).to_have_text("Du har fått et nytt varsel.")
        assert_accessible(provider, "inbox with a live badge")

        provider.reload()
        provider.get_by_role("link", name="Søvnen denne uka").click()
        expect(provider.get_by_text("Jeg sover dårlig igjen")).to_be_visible()
        provider.get_by_label("Meldingen din").fill("Takk for at du sier fra. Ja, det tar vi opp på torsdag.")
        provider.get_by_role("button", name="Send").click()
        expect(provider.get_by_role("status")).to_contain_text("Meldingen din er sendt.")
        assert_accessible(provider, "conversation (provider)")

        user.reload()
        expect(user.get_by_text("det tar vi opp på torsdag")).to_be_visible()
        expect(user.locator(".receipt").first).to_have_text("Lest")
        assert_accessible(user, "conversation (service user)")
        user.screenshot(path=CONVERSATION_SCREENSHOT, full_page=True)

        user.get_by_role("link", name="Hvem har lest denne samtalen").click()
        expect(user.get_by_role("heading", level=1)).to_have_text("Hvem har lest meldingene mine")
        expect(user.get_by_role("table")).to_contain_text(pair.provider.pseudonym)
        assert_accessible(user, "access log")

        user.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Varsler").click()
        expect(user.get_by_text("Du har fått en ny melding.")).to_be_visible()
        assert_accessible(user, "notifications")
        # Reading the conversation answered its notification already: nothing unread is left.
        expect(user.locator("#notification-badge")).to_be_hidden()
        expect(user.get_by_role("button", name="Merk alle som lest")).to_have_count(0)
    finally:
        context.close()
