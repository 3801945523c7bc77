"""The toolbox and cafés pages over plain HTTP: every page renders for its people, the crisis
plan is one tap away and keeps what was typed when it cannot be saved, a feed address is
shown once and never put in the cookie, other people's things are 404, and no page has
inline script."""

from __future__ import annotations

import re

import pytest

from tests.gateway.forum_helpers import new_member
from tests.gateway.test_web_security import csrf_token, session_contents, sign_in
from tests.gateway.toolbox_helpers import cared_for, first_meeting, new_cafe

OWNER_PAGES = ["/toolbox", "/toolbox/values", "/toolbox/goals", "/toolbox/activities", "/toolbox/network",
               "/toolbox/crisis-plan", "/toolbox/crisis-plan/edit", "/toolbox/crisis-plan/print",
               "/toolbox/exercises", "/toolbox/medications", "/toolbox/info", "/toolbox/sharing", "/cafes",
               "/cafes/activities/new"]


def main(html: str) -> str:
    return html[html.index("<main"):html.index("</main>")]


@pytest.fixture
def member(gateway, admin_token):
    return new_member(gateway, admin_token)


def test_every_toolbox_page_renders_without_inline_script(gateway, member):
    sign_in(gateway, member.username, member.password)
    home = gateway.get("/")
    assert 'href="/toolbox/crisis-plan"' in home.text and 'href="/toolbox"' in home.text
    assert 'href="/cafes"' in home.text
    for path in OWNER_PAGES:
        page = gateway.get(path)
        assert page.status_code == 200, (path, page.status_code)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page.text), path
        assert " style=" not in page.text, path
        assert "Akutt hjelp: ring 113" in page.text, path
        assert 'href="/toolbox/crisis-plan"' in page.text, path  # one tap away, everywhere


def test_crisis_plan_keeps_the_text_when_it_cannot_be_saved(gateway, member):
    sign_in(gateway, member.username, member.password)
    form = gateway.get("/toolbox/crisis-plan/edit")
    data = {"csrf_token": csrf_token(form.text), "warning_signs": "Sover dårlig\nTrekker meg unna",
            "ask_for_help.name": ["Søster", ""], "ask_for_help.phone": ["ikke et nummer", ""],
            "ask_for_help.note": ["", ""]}
    refused = gateway.post("/toolbox/crisis-plan/edit", data=data)
    assert refused.status_code == 400
    assert "Det ser ikke ut som et telefonnummer." in refused.text
    assert "Sover dårlig\nTrekker meg unna</textarea>" in refused.text and 'value="Søster"' in refused.text
    data["ask_for_help.phone"] = ["+47 912 34 567", ""]
    saved = gateway.post("/toolbox/crisis-plan/edit", data=data)
    assert saved.status_code == 302 and saved.headers["Location"] == "/toolbox/crisis-plan"
    plan = gateway.get("/toolbox/crisis-plan")
    assert "Kriseplanen din er lagret." in plan.text
    assert 'href="tel:+4791234567"' in plan.text and "Trekker meg unna" in plan.text
    printable = gateway.get("/toolbox/crisis-plan/print")
    assert "Sover dårlig" in printable.text and "toolbox.css" in printable.text


def test_calendar_address_is_shown_once_and_not_kept_in_the_cookie(gateway, member):
    sign_in(gateway, member.username, member.password)
    page = gateway.get("/toolbox/activities")
    made = gateway.post("/toolbox/activities/feed", data={"csrf_token": csrf_token(page.text)})
    assert made.status_code == 200
    url = re.search(r'id="feed-url" readonly value="([^"]+)"', made.text).group(1)
    assert "/calendar/toolbox/" in url
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    cookie = gateway.http.cookies.get("reconnect_session")
    assert token not in str(session_contents(cookie))
    assert token not in gateway.get("/toolbox/activities").text


def test_network_picture_is_inline_svg_with_a_list(gateway, member):
    gateway.post("/api/v1/toolbox/network", token=member.token, json={"name": "Mor", "circle": "inner"})
    sign_in(gateway, member.username, member.password)
    page = main(gateway.get("/toolbox/network").text)
    assert '<svg viewBox="0 0 560 560" role="img" aria-label="Nettverkskartet mitt"' in page
    assert "<strong>Mor</strong>" in page


def test_sharing_page_lists_ones_providers_and_the_provider_sees_only_whats_shared(gateway, admin_token, stack):
    from tests.gateway.conftest import Gateway, random_loopback

    hansen_token = gateway.login("hansen")["access_token"]
    member, hansen_id = cared_for(gateway, admin_token, hansen_token)
    gateway.post("/api/v1/toolbox/medications", token=member.token, json={"name": "Sertralin"})
    sign_in(gateway, member.username, member.password)
    page = gateway.get("/toolbox/sharing")
    assert "Fjordlys" in page.text  # hansen's pseudonym
    saved = gateway.post(f"/toolbox/sharing/{hansen_id}", data={"csrf_token": csrf_token(page.text),
                                                                "section": ["medications"]})
    assert saved.status_code == 302
    provider = Gateway(stack.gateway_url, source=random_loopback())
    sign_in(provider, "hansen")
    listing = provider.get("/toolbox/shared")
    assert member.pseudonym in listing.text
    shared = provider.get(f"/toolbox/shared/{member.id}/medications")
    assert shared.status_code == 200 and "Sertralin" in shared.text
    assert provider.get(f"/toolbox/shared/{member.id}/crisis_plan").status_code == 404
    assert provider.get("/toolbox/goals").status_code == 403  # a provider has no toolbox
    log = gateway.get("/toolbox/sharing")
    assert "Medisiner" in main(log.text).split("Når behandlerne mine så")[1]


def test_cafe_meeting_page_rsvp_and_moderator_attendance(gateway, admin_token):
    mia = gateway.login("mia")["access_token"]
    member = new_member(gateway, admin_token)
    cafe = new_cafe(gateway, mia, capacity=5)
    meeting = first_meeting(gateway, member.token, cafe["id"])
    sign_in(gateway, member.username, member.password)
    listing = gateway.get("/cafes")
    assert cafe["title"] in listing.text
    page = gateway.get(f"/cafes/meetings/{meeting['id']}")
    assert page.status_code == 200 and "Du har ikke svart ennå." in page.text
    assert "Buss 12 stopper rett utenfor." in page.text
    answered = gateway.post(f"/cafes/meetings/{meeting['id']}/rsvp",
                            data={"csrf_token": csrf_token(page.text), "answer": "yes", "visible": "yes"})
    assert answered.status_code == 302
    after = gateway.get(f"/cafes/meetings/{meeting['id']}")
    assert "Du har plass. Velkommen!" in after.text and "Jeg orker ikke i dag" in after.text
    tapped = gateway.post(f"/cafes/meetings/{meeting['id']}/not-up-to-it", data={"csrf_token": csrf_token(after.text)})
    assert tapped.status_code == 302
    assert "Du svarte at du ikke kommer." in gateway.get(f"/cafes/meetings/{meeting['id']}").text
    ics = gateway.get(f"/cafes/meetings/{meeting['id']}.ics")
    assert ics.status_code == 200 and "BEGIN:VCALENDAR" in ics.text
    assert gateway.get(f"/cafes/meetings/{meeting['id']}/attendance").status_code == 403
    assert gateway.get("/cafes/meetings/not-a-meeting").status_code == 404
