"""The cafés in a real browser: answering with a waitlist and a seat handed on (capacity 1),
going together (nobody named before both accept, then each sees the other), the
moderator's attendance view, proposing an activity, and zero axe-core violations on every
cafés page."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_forum_browser import sign_in
from tests.browser.test_portal_browser import assert_accessible
from tests.gateway.conftest import Gateway, random_loopback
from tests.gateway.forum_helpers import letters, new_member
from tests.gateway.toolbox_helpers import first_meeting, new_cafe

pytestmark = pytest.mark.browser


@pytest.fixture
def api(stack) -> Gateway:
    return Gateway(stack.gateway_url, source=random_loopback())


@pytest.fixture
def admin_token(api) -> str:
    return api.login("admin.nordvik")["access_token"]


@pytest.fixture
def two_pages(browser):
    contexts = [browser.new_context(viewport={"width": 390, "height": 844}, locale="nb-NO") for _ in range(2)]
    pages = [context.new_page() for context in contexts]
    for p in pages:
        p.set_default_timeout(15_000)
    yield pages
    for context in contexts:
        context.close()


def answer(page: Page, label: str) -> None:
    page.get_by_label(label).check()
    page.get_by_role("button", name="Lagre svaret mitt").click()
    expect(page.get_by_role("status")).to_contain_text("Svaret ditt er lagret.")


def test_waitlist_hands_the_seat_on(two_pages, nordvik_url: str, api, admin_token):
    mia = api.login("mia")["access_token"]
    cafe = new_cafe(api, mia, capacity=1)
    first, second = new_member(api, admin_token), new_member(api, admin_token)
    meeting = first_meeting(api, first.token, cafe["id"])
    one, two = two_pages
    sign_in(one, nordvik_url, first.username, first.password)
    sign_in(two, nordvik_url, second.username, second.password)

    one.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Kafeer").click()
    expect(one.get_by_role("heading", level=1)).to_have_text("Kafeer og aktiviteter")
    assert_accessible(one, "cafés home")
    one.get_by_role("link", name=cafe["title"]).first.click()
    expect(one.get_by_role("heading", level=1)).to_have_text(cafe["title"])
    assert_accessible(one, "meeting page, not answered")
    answer(one, "Ja, jeg kommer")
    expect(one.locator("#my-status")).to_have_text("Du har plass. Velkommen!")
    assert_accessible(one, "meeting page with a seat")

    two.goto(f"{nordvik_url}/cafes/meetings/{meeting['id']}")
    answer(two, "Ja, jeg kommer")
    expect(two.locator("#my-status")).to_contain_text("Du står på venteliste, nummer 1.")
    assert_accessible(two, "meeting page on the waitlist")

    one.get_by_role("button", name="Jeg orker ikke i dag").click()
    expect(one.get_by_role("status")).to_contain_text("Det er helt greit.")
    expect(one.locator("#my-status")).to_have_text("Du svarte at du ikke kommer.")

    two.reload()
    expect(two.locator("#my-status")).to_have_text("Du har plass. Velkommen!")
    two.get_by_label("Dagen før").check()
    two.get_by_role("button", name="Lagre påminnelser").click()
    expect(two.get_by_role("status")).to_contain_text("Påminnelsene dine er lagret.")
    expect(two.get_by_label("Dagen før")).to_be_checked()

    # The café's moderator sees everyone and checks people in.
    one.context.clear_cookies()
    sign_in(one, nordvik_url, "mia", "reconnect-demo")
    one.goto(f"{nordvik_url}/cafes/meetings/{meeting['id']}")
    one.get_by_role("link", name="Oppmøte og innsjekking").click()
    expect(one.get_by_role("cell", name=second.pseudonym, exact=True)).to_be_visible()
    assert_accessible(one, "attendance")
    one.get_by_role("button", name=re.compile(rf"Sjekk inn\s*: {second.pseudonym}")).click()
    expect(one.get_by_role("button", name=re.compile(rf"Angre\s*: {second.pseudonym}"))).to_be_visible()


def test_going_together_names_each_other_only_after_both_accept(two_pages, nordvik_url: str, api, admin_token):
    mia = api.login("mia")["access_token"]
    cafe = new_cafe(api, mia)
    asker, offerer = new_member(api, admin_token), new_member(api, admin_token)
    meeting = first_meeting(api, asker.token, cafe["id"])
    one, two = two_pages
    sign_in(one, nordvik_url, asker.username, asker.password)
    sign_in(two, nordvik_url, offerer.username, offerer.password)
    url = f"{nordvik_url}/cafes/meetings/{meeting['id']}"

    one.goto(url)
    one.get_by_role("button", name="Jeg vil gjerne ha noen å gå sammen med").click()
    expect(one.get_by_text("Venter på noen å gå sammen med.")).to_be_visible()
    assert_accessible(one, "meeting page waiting for company")
    two.goto(url)
    two.get_by_role("button", name="Jeg kan tilby dette").click()
    proposal = two.get_by_text("Noen andre vil også gjerne gå sammen (følge). Vil du det?")
    expect(proposal).to_be_visible()
    expect(two.locator("main")).not_to_contain_text(asker.pseudonym)
    assert_accessible(two, "meeting page with a proposed match")
    two.get_by_role("button", name="Ja, la oss gå sammen").click()
    expect(two.get_by_text("Du sa ja. Venter på at den andre svarer.")).to_be_visible()
    expect(two.locator("main")).not_to_contain_text(asker.pseudonym)

    one.reload()
    expect(one.locator("main")).not_to_contain_text(offerer.pseudonym)
    one.get_by_role("button", name="Ja, la oss gå sammen").click()
    expect(one.get_by_text(f"Du går sammen med {offerer.pseudonym}.")).to_be_visible()
    one.get_by_label("Hvor skal vi møtes?").fill("Ved busstoppet")
    one.get_by_role("button", name="Lagre møtestedet").click()
    expect(one.get_by_text("Møtested: Ved busstoppet")).to_be_visible()
    assert_accessible(one, "meeting page with a confirmed match")
    two.reload()
    expect(two.get_by_text(f"Du går sammen med {asker.pseudonym}.")).to_be_visible()
    expect(two.get_by_text("Møtested: Ved busstoppet")).to_be_visible()


def test_propose_an_activity(page: Page, nordvik_url: str, api, admin_token):
    member = new_member(api, admin_token)
    sign_in(page, nordvik_url, member.username, member.password)
    page.goto(f"{nordvik_url}/cafes")
    page.get_by_role("link", name="Foreslå en aktivitet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Foreslå en aktivitet")
    assert_accessible(page, "propose an activity")
    page.get_by_label("Type aktivitet").select_option("walk")
    title = "Tur rundt " + letters(6)
    page.get_by_label("Tittel").fill(title)
    page.get_by_label("Møtested").fill("Parkeringsplassen ved vannet")
    page.get_by_label("Dato").fill("2020-01-01")
    page.get_by_label("Klokkeslett").fill("10:00")
    page.get_by_role("button", name="Foreslå aktiviteten").click()
    expect(page.get_by_role("alert")).to_have_text("Velg en dato og et tidspunkt fram i tid.")
    expect(page.get_by_label("Tittel")).to_have_value(title)
    assert_accessible(page, "propose an activity with a problem")
    page.get_by_label("Dato").fill((date.today() + timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Foreslå aktiviteten").click()
    expect(page.get_by_role("status")).to_contain_text("Aktiviteten din er foreslått.")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator("#my-status")).to_have_text("Du har plass. Velkommen!")
    assert_accessible(page, "activity page")
    page.goto(f"{nordvik_url}/cafes")
    expect(page.get_by_role("link", name=title)).to_be_visible()
    page.get_by_role("button", name="Lag en ny kalenderadresse").click()
    assert "/calendar/cafes/" in page.get_by_role("textbox", name="Kalenderadresse").input_value()
    assert_accessible(page, "cafés home with a calendar address")
