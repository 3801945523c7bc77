"""The forum pages over plain HTTP: pseudonym first, the identifying-details flow, crisis
help shown once and privately, hidden and sensitive posts, moderators only in the queue."""

from __future__ import annotations

import re

import pytest

from tests.gateway.forum_helpers import circle_of, demo_categories, letters, new_member, start_thread
from tests.gateway.test_web_security import csrf_token, sign_in


@pytest.fixture
def member(gateway, admin_token):
    return new_member(gateway, admin_token)


@pytest.fixture
def browser_of(stack):
    """A second client (own cookies) signed in to the portal as a given member."""
    from tests.gateway.conftest import Gateway, random_loopback

    def make(member):
        client = Gateway(stack.gateway_url, source=random_loopback())
        assert sign_in(client, member.username, member.password).status_code == 302
        return client

    return make


def main(html: str) -> str:
    return html[html.index("<main"):html.index("</main>")]


def test_the_forum_asks_for_a_pseudonym_first_and_comes_back(gateway, admin_token):
    nameless = new_member(gateway, admin_token, pseudonym=False)
    sign_in(gateway, nameless.username, nameless.password)
    response = gateway.get("/forum/search")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/pseudonym?next=")
    form = gateway.get(response.headers["Location"])
    assert 'name="next" value="/forum/search"' in form.text
    saved = gateway.post("/pseudonym", data={"csrf_token": csrf_token(form.text), "next": "/forum/search",
                                             "pseudonym": "Skog " + letters(10)})
    assert saved.status_code == 302 and saved.headers["Location"] == "/forum/search"
    assert gateway.get("/forum").status_code == 200
    # Only back to this site.
    evil = gateway.post("/pseudonym", data={"csrf_token": csrf_token(form.text), "next": "//evil.example/",
                                            "pseudonym": "Skog " + letters(10)})
    assert evil.headers["Location"] == "/"


def test_forum_home_lists_categories_and_is_linked(gateway, member):
    sign_in(gateway, member.username, member.password)
    home = gateway.get("/")
    assert 'href="/forum"' in home.text
    forum = gateway.get("/forum")
    assert forum.status_code == 200
    for name in ("Nordvik og Sørby", "Hverdagen", "Mestring", "ReConnect-kafeen"):
        assert name in forum.text
    assert "Modereringskø" not in forum.text  # not a moderator
    assert not re.search(r"<script(?![^>]*\bsrc=)", forum.text)  # no inline script; external files only


def test_identifying_details_are_named_and_the_text_kept_until_posted_anyway(gateway, member):
    sign_in(gateway, member.username, member.password)
    category = demo_categories(gateway, member.token)["Hverdagen"]
    path = f"/forum/categories/{category['id']}/new"
    form = gateway.get(path)
    assert form.status_code == 200
    title = "Kafé " + letters(6)
    body = "Vi ses ved Nordvik bibliotek på fredag. Ring 934 56 789."
    held = gateway.post(path, data={"csrf_token": csrf_token(form.text), "title": title, "body": body})
    assert held.status_code == 200
    page = main(held.text)
    assert "Sjekk innlegget ditt før det publiseres" in page
    assert "<q>Nordvik bibliotek</q>" in page and "<q>934 56 789</q>" in page
    assert "Telefonnummer" in page and "Sted eller institusjon" in page
    assert f">{body}</textarea>" in page and f'value="{title}"' in page
    assert 'name="post_anyway" value="yes"' in page
    posted = gateway.post(path, data={"csrf_token": csrf_token(held.text), "title": title, "body": body,
                                      "post_anyway": "yes"})
    assert posted.status_code == 302
    thread = gateway.get(posted.headers["Location"])
    assert title in thread.text and "Nordvik bibliotek" in thread.text
    assert "Tråden din er publisert." in thread.text


def test_a_national_id_number_is_refused_next_to_the_field(gateway, member):
    sign_in(gateway, member.username, member.password)
    category = demo_categories(gateway, member.token)["Hverdagen"]
    path = f"/forum/categories/{category['id']}/new"
    form = gateway.get(path)
    response = gateway.post(path, data={"csrf_token": csrf_token(form.text), "title": "Hjelp med skjema",
                                        "body": "Nummeret mitt er 01019000083", "post_anyway": "yes"})
    assert response.status_code == 400
    assert 'id="body-error"' in response.text and "fødselsnummer" in response.text


def test_crisis_help_is_shown_once_to_the_author_only(gateway, member, admin_token, browser_of):
    reader = new_member(gateway, admin_token)
    sign_in(gateway, member.username, member.password)
    category = demo_categories(gateway, member.token)["Mestring"]
    thread = start_thread(gateway, member.token, category["id"])["thread"]
    page = gateway.get(f"/forum/threads/{thread['id']}")
    replied = gateway.post(f"/forum/threads/{thread['id']}/reply",
                           data={"csrf_token": csrf_token(page.text), "body": "Jeg orker ikke mer, vil ikke leve."})
    assert replied.status_code == 302
    after = gateway.get(replied.headers["Location"].split("#")[0])
    assert "Du trenger ikke være alene med dette" in after.text
    assert 'href="tel:113"' in after.text and 'href="tel:116117"' in after.text
    again = gateway.get(f"/forum/threads/{thread['id']}")
    assert "Du trenger ikke være alene med dette" not in again.text
    seen = browser_of(reader).get(f"/forum/threads/{thread['id']}")
    assert "Jeg orker ikke mer" in seen.text
    assert "alene med dette" not in seen.text and "tel:" not in main(seen.text)


def test_sensitive_and_hidden_posts(gateway, member, admin_token, browser_of):
    reader = new_member(gateway, admin_token)
    category = demo_categories(gateway, member.token)["Hverdagen"]
    sensitive = start_thread(gateway, member.token, category["id"], sensitive=True, body="Tung dag i dag.")
    thread_id = sensitive["thread"]["id"]
    mia = gateway.login("mia")["access_token"]
    gateway.put(f"/api/v1/forum/posts/{sensitive['post']['id']}/hidden", token=mia, json={"reason": "Skjult for test"})
    author_page = browser_of(member).get(f"/forum/threads/{thread_id}").text
    reader_page = browser_of(reader).get(f"/forum/threads/{thread_id}").text
    assert "Skjult av en moderator." in author_page and "Skjult for test" in author_page
    assert "Skjult av en moderator." in reader_page and "Skjult for test" not in reader_page
    assert "Tung dag i dag" not in reader_page
    gateway.delete(f"/api/v1/forum/posts/{sensitive['post']['id']}/hidden", token=mia)
    shown = browser_of(reader).get(f"/forum/threads/{thread_id}").text
    assert re.search(r'<details class="sensitive"><summary>Sensitivt innhold – åpne for å lese</summary>'
                     r'<div class="post-body"><p>Tung dag i dag\.</p>', shown)


def test_reactions_are_small_forms(gateway, member, admin_token, browser_of):
    reader = new_member(gateway, admin_token)
    category = demo_categories(gateway, member.token)["Hverdagen"]
    started = start_thread(gateway, member.token, category["id"])
    client = browser_of(reader)
    page = client.get(f"/forum/threads/{started['thread']['id']}")
    response = client.post(f"/forum/posts/{started['post']['id']}/react",
                           data={"csrf_token": csrf_token(page.text), "kind": "strength", "on": "yes"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#post-{started['post']['id']}")
    after = client.get(f"/forum/threads/{started['thread']['id']}").text
    assert re.search(r'aria-pressed="true">Styrke <span class="count">1</span>', after)
    no_token = client.post(f"/forum/posts/{started['post']['id']}/react", data={"kind": "hug", "on": "yes"})
    assert no_token.status_code == 400  # CSRF


def test_the_moderation_queue_is_for_moderators(gateway, member, browser_of):
    assert browser_of(member).get("/forum/moderation").status_code == 403
    sign_in(gateway, "mia")
    queue = gateway.get("/forum/moderation")
    assert queue.status_code == 200
    assert "Modereringskø" in queue.text
    assert 'href="/forum/moderation"' in gateway.get("/forum").text


def test_closed_thread_pages_are_not_found_for_non_members(gateway, admin_token, browser_of):
    founder, friend, outsider = (new_member(gateway, admin_token) for _ in range(3))
    circle = circle_of(gateway, founder, friend, name="Kveldsprat")
    category = demo_categories(gateway, founder.token)["Hverdagen"]
    title = "Lukket " + letters(8)
    thread = start_thread(gateway, founder.token, category["id"], circle_id=circle["id"], title=title)["thread"]
    friend_page = browser_of(friend).get(f"/forum/threads/{thread['id']}")
    assert friend_page.status_code == 200 and "Lukket: bare sirkelen Kveldsprat ser denne tråden" in friend_page.text
    other = browser_of(outsider)
    assert other.get(f"/forum/threads/{thread['id']}").status_code == 404
    assert title not in other.get(f"/forum/categories/{category['id']}").text
    assert title in browser_of(friend).get(f"/forum/categories/{category['id']}").text


def test_circles_and_reveals_pages(gateway, member, admin_token, browser_of):
    other = new_member(gateway, admin_token)
    client = browser_of(member)
    page = client.get("/forum/circles")
    assert page.status_code == 200
    created = client.post("/forum/circles", data={"csrf_token": csrf_token(page.text), "name": "Morgenkaffe",
                                                   "name_kind": "cafe_name", "cafe_name": "Sol"})
    assert created.status_code == 302
    listing = client.get("/forum/circles").text
    assert "Morgenkaffe" in listing and "Sirkelen din er opprettet." in listing
    category = demo_categories(gateway, other.token)["Hverdagen"]
    thread = start_thread(gateway, other.token, category["id"])["thread"]
    thread_page = client.get(f"/forum/threads/{thread['id']}")
    assert "Vis navnet mitt til denne personen" in thread_page.text
    assert "Inviter " + other.pseudonym + " til sirkelen min Morgenkaffe" in thread_page.text
    shown = client.post("/forum/reveals", data={"csrf_token": csrf_token(thread_page.text), "viewer_id": other.id,
                                                "thread_id": thread["id"], "name_kind": "cafe_name",
                                                "cafe_name": "Solstråle"})
    assert shown.status_code == 302
    reveals = client.get("/forum/reveals").text
    assert f"{other.pseudonym} ser deg som Solstråle" in reveals
    revoked = client.post(f"/forum/reveals/{other.id}/revoke", data={"csrf_token": csrf_token(reveals)})
    assert revoked.status_code == 302
    assert "ser deg som" not in main(client.get("/forum/reveals").text)


def test_people_without_a_forum_role_are_told_so(gateway):
    sign_in(gateway, "admin.nordvik")
    response = gateway.get("/forum")
    assert response.status_code == 403
    assert "Forumet er for tjenestebrukere" in response.text
