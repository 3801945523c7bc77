"""The forum in a real browser: starting a thread, replying, the identifying-details
warning and "Post anyway", a closed thread a non-member cannot find, and zero axe-core
violations on every forum page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_portal_browser import assert_accessible
from tests.gateway.conftest import Gateway, random_loopback
from tests.gateway.forum_helpers import circle_of, demo_categories, letters, new_member, start_thread

pytestmark = pytest.mark.browser

THREAD_SCREENSHOT = "/tmp/reconnect-forum-thread.png"
WARNING_SCREENSHOT = "/tmp/reconnect-forum-warning.png"


@pytest.fixture
def api(stack) -> Gateway:
    return Gateway(stack.gateway_url, source=random_loopback())


@pytest.fixture
def admin_token(api) -> str:
    return api.login("admin.nordvik")["access_token"]


def sign_in(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/login")
    # On a loaded machine the sign-in page can take a while after the previous page's live
    # notification stream is dropped: wait for the form itself, with room.
    expect(page.get_by_label("Brukernavn")).to_be_visible(timeout=45_000)
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    expect(page).to_have_url(f"{base_url}/")


def test_start_a_thread_see_the_warning_post_anyway_and_reply(page: Page, nordvik_url: str, api, admin_token):
    author = new_member(api, admin_token)
    replier = new_member(api, admin_token)
    sign_in(page, nordvik_url, author.username, author.password)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Forum").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forum")
    assert_accessible(page, "forum home")

    page.get_by_role("link", name="Hverdagen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hverdagen")
    assert_accessible(page, "category page")

    page.get_by_role("link", name="Start en ny tråd").click()
    assert_accessible(page, "new thread form")
    title = "Turen i dag " + letters(5)
    page.get_by_label("Tittel").fill(title)
    page.get_by_role("textbox", name="Innlegget ditt", exact=True).fill(
        "Jeg gikk forbi Nordvik DPS i dag og følte meg sterkere. Ring meg gjerne på 934 56 789."
    )
    page.get_by_role("button", name="Publiser", exact=True).click()

    warning = page.get_by_role("region", name="Sjekk innlegget ditt før det publiseres")
    expect(warning).to_be_visible()
    expect(warning.locator("li")).to_have_count(3)
    expect(warning).to_contain_text("Dato eller tidspunkt nær et sted: i dag")
    expect(warning).to_contain_text("Sted eller institusjon: Nordvik DPS")
    expect(warning).to_contain_text("Telefonnummer: 934 56 789")
    expect(page.get_by_label("Tittel")).to_have_value(title)
    expect(page.get_by_role("textbox", name="Innlegget ditt", exact=True)).to_have_value(
        "Jeg gikk forbi Nordvik DPS i dag og følte meg sterkere. Ring meg gjerne på 934 56 789.")
    assert_accessible(page, "new thread with warnings")
    page.screenshot(path=WARNING_SCREENSHOT, full_page=True)

    page.get_by_role("button", name="Publiser likevel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("status")).to_contain_text("Tråden din er publisert.")
    thread_url = page.url

    # Someone else replies and gives a reaction (the page left first: nothing of it in flight).
    page.goto("about:blank")
    page.context.clear_cookies()
    sign_in(page, nordvik_url, replier.username, replier.password)
    page.goto(thread_url)
    page.get_by_role("button", name="Styrke 0").first.click()
    expect(page.get_by_role("button", name="Styrke 1").first).to_have_attribute("aria-pressed", "true")
    page.get_by_label("Svaret ditt").fill("Så bra! Det er modig å gå ut når det er tungt.")
    page.get_by_role("button", name="Publiser svaret").click()
    expect(page.get_by_role("status")).to_contain_text("Svaret ditt er publisert.")
    expect(page.locator("article.post")).to_have_count(2)
    expect(page.locator("article.post").nth(1)).to_contain_text(replier.pseudonym)
    expect(page.locator("article.post").nth(1)).to_contain_text("Det er modig å gå ut")
    assert_accessible(page, "thread page")
    page.get_by_text("Flere valg").first.click()
    assert_accessible(page, "thread page with post options open")
    page.screenshot(path=THREAD_SCREENSHOT, full_page=True)


def test_a_closed_thread_is_invisible_to_a_non_member(page: Page, nordvik_url: str, api, admin_token):
    founder, friend, outsider = (new_member(api, admin_token) for _ in range(3))
    circle = circle_of(api, founder, friend, name="Fjelltur")
    category = demo_categories(api, founder.token)["Hverdagen"]
    title = "Bare for sirkelen " + letters(6)
    thread = start_thread(api, founder.token, category["id"], circle_id=circle["id"], title=title)["thread"]

    sign_in(page, nordvik_url, friend.username, friend.password)
    page.goto(f"{nordvik_url}/forum/categories/{category['id']}")
    expect(page.get_by_role("link", name=title)).to_be_visible()
    page.get_by_role("link", name=title).click()
    expect(page.get_by_text("Lukket: bare sirkelen Fjelltur ser denne tråden")).to_be_visible()
    page.goto(f"{nordvik_url}/forum/circles")
    expect(page.get_by_role("heading", name="Fjelltur")).to_be_visible()
    assert_accessible(page, "my circles")

    page.context.clear_cookies()
    sign_in(page, nordvik_url, outsider.username, outsider.password)
    page.goto(f"{nordvik_url}/forum/categories/{category['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hverdagen")
    expect(page.get_by_role("link", name=title)).to_have_count(0)
    response = page.goto(f"{nordvik_url}/forum/threads/{thread['id']}")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Fant ikke siden")
    page.goto(f"{nordvik_url}/forum/search?q=" + title.split()[-1])
    expect(page.get_by_text("Fant ingenting. Prøv andre eller færre ord.")).to_be_visible()
    assert_accessible(page, "search page without results")


def test_search_queue_and_reveals_pages_are_accessible(page: Page, nordvik_url: str, api, admin_token):
    author = new_member(api, admin_token)
    category = demo_categories(api, author.token)["Mestring"]
    word = "solnedgang" + letters(4)
    start_thread(api, author.token, category["id"], body=f"Jeg så en {word} i kveld, og det hjalp.")
    sign_in(page, nordvik_url, "mia", "reconnect-demo")
    page.goto(f"{nordvik_url}/forum/search")
    page.get_by_label("Ord å søke etter").fill(word)
    page.get_by_role("button", name="Søk", exact=True).click()
    expect(page.get_by_role("heading", name="Treff")).to_be_visible()
    expect(page.locator(".search-results li")).to_have_count(1)
    assert_accessible(page, "search results")

    page.goto(f"{nordvik_url}/forum")
    page.get_by_role("link", name="Modereringskø").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Modereringskø")
    assert_accessible(page, "moderation queue")

    page.goto(f"{nordvik_url}/forum/reveals")
    expect(page.get_by_role("heading", level=1)).to_have_text("Navn jeg viser")
    assert_accessible(page, "names I show")

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Names I show")
    page.goto(f"{nordvik_url}/forum")
    expect(page.get_by_role("link", name="Moderation queue")).to_be_visible()
    assert_accessible(page, "forum home in English")
