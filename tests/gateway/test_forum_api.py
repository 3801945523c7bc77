"""The forum's REST API, reveals and circles, against the real stack (forum and identity
as their own processes, the demo region seeded)."""

from __future__ import annotations

import re

import pytest

from tests.gateway.conftest import Gateway, assert_problem
from tests.gateway.forum_helpers import (
    NATIONAL_ID,
    circle_of,
    demo_categories,
    demo_space,
    letters,
    new_member,
    start_thread,
    third_municipality,
)

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
CRISIS_TEXT = "Jeg vil ikke leve lenger, jeg orker ikke mer."


@pytest.fixture
def member(gateway, admin_token):
    return new_member(gateway, admin_token)


@pytest.fixture
def other(gateway, admin_token):
    return new_member(gateway, admin_token)


@pytest.fixture
def hverdagen(gateway, member) -> dict:
    return demo_categories(gateway, member.token)["Hverdagen"]


def test_spaces_and_categories_with_counts(gateway):
    token = gateway.login("nils")["access_token"]
    space = demo_space(gateway, token)
    assert space["tenants"] == ["nordvik", "sorby"]
    assert space["i_moderate"] is False
    assert ISO_UTC.match(space["created_at"])
    categories = demo_categories(gateway, token)
    assert {"Hverdagen", "Mestring", "ReConnect-kafeen"} <= set(categories)
    assert categories["Mestring"]["thread_count"] >= 1
    assert all(isinstance(c["unread_count"], int) for c in categories.values())
    mia = gateway.login("mia")["access_token"]
    assert demo_space(gateway, mia)["i_moderate"] is True


def test_a_thread_from_start_to_reactions(gateway, member, other, hverdagen):
    result = start_thread(gateway, member.token, hverdagen["id"], title="Første tur ut " + letters(4))
    assert result["published"] is True and result["crisis_help"] == []
    thread, first = result["thread"], result["post"]
    assert thread["author"]["pseudonym"] == member.pseudonym
    assert first["mine"] is True and first["editable"] is True
    assert ISO_UTC.match(thread["created_at"]) and ISO_UTC.match(first["created_at"])
    assert first["edited_at"] is None

    reply = gateway.post(f"/api/v1/forum/threads/{thread['id']}/posts", token=other.token,
                         json={"body": "Så fint å høre! Godt jobba."})
    assert reply.status_code == 201, reply.text
    assert reply.headers["Location"] == f"/api/v1/forum/threads/{thread['id']}"
    reply_post = reply.json()["post"]

    seen = gateway.get(f"/api/v1/forum/threads/{thread['id']}", token=other.token)
    assert seen.status_code == 200
    page = seen.json()
    assert [p["id"] for p in page["posts"]] == [first["id"], reply_post["id"]]
    assert page["posts"][0]["body_markdown"] == ""  # only its author gets the markdown
    assert "Godt jobba" in page["posts"][1]["body_html"]

    listed = gateway.get(f"/api/v1/forum/categories/{hverdagen['id']}/threads", token=other.token).json()
    assert listed["threads"][0]["id"] == thread["id"]  # newest activity first (nothing is pinned there)

    hug = gateway.put(f"/api/v1/forum/posts/{first['id']}/reactions/hug", token=other.token)
    assert hug.status_code == 200
    assert {"kind": "hug", "count": 1, "mine": True} in hug.json()["reactions"]
    back = gateway.delete(f"/api/v1/forum/posts/{first['id']}/reactions/hug", token=other.token)
    assert {"kind": "hug", "count": 0, "mine": False} in back.json()["reactions"]

    edited = gateway.request("PATCH", f"/api/v1/forum/posts/{reply_post['id']}", token=other.token,
                           json={"body": "Så fint å høre! Godt jobba, virkelig."})
    assert edited.status_code == 200, edited.text
    assert ISO_UTC.match(edited.json()["post"]["edited_at"])
    not_mine = gateway.request("PATCH", f"/api/v1/forum/posts/{reply_post['id']}", token=member.token, json={"body": "Hei hei"})
    assert_problem(not_mine, 403)
    assert gateway.delete(f"/api/v1/forum/posts/{reply_post['id']}", token=other.token).status_code == 204
    after = gateway.get(f"/api/v1/forum/threads/{thread['id']}", token=member.token).json()["posts"][1]
    assert after["deleted"] is True and after["body_html"] == ""


def test_threads_page_with_a_cursor(gateway, member, hverdagen):
    for _ in range(2):
        start_thread(gateway, member.token, hverdagen["id"])
    path = f"/api/v1/forum/categories/{hverdagen['id']}/threads"
    first = gateway.get(path, token=member.token, params={"page_size": 1}).json()
    assert len(first["threads"]) == 1 and first["next_page_token"]
    second = gateway.get(path, token=member.token, params={"page_size": 1, "page_token": first["next_page_token"]})
    assert second.status_code == 200
    assert second.json()["threads"][0]["id"] != first["threads"][0]["id"]


def test_details_hold_a_post_back_with_findings_until_posted_anyway(gateway, member, hverdagen):
    thread = start_thread(gateway, member.token, hverdagen["id"])["thread"]
    text = "  Vi kan møtes ved Nordvik DPS på mandag, ring meg på 912 34 567."
    held = gateway.post(f"/api/v1/forum/threads/{thread['id']}/posts", token=member.token, json={"body": text})
    assert held.status_code == 200, held.text
    result = held.json()
    assert result["published"] is False and result["post"] is None
    found = {f["kind"]: text[f["start"]:f["end"]] for f in result["findings"]}
    # Offsets index the text as sent, leading spaces included.
    assert found["place"] == "Nordvik DPS"
    assert found["phone"] == "912 34 567"
    assert "date_near_place" in found
    assert gateway.get(f"/api/v1/forum/threads/{thread['id']}", token=member.token).json()["thread"]["post_count"] == 1

    posted = gateway.post(f"/api/v1/forum/threads/{thread['id']}/posts", token=member.token,
                          json={"body": text, "post_anyway": True})
    assert posted.status_code == 201
    assert posted.json()["published"] is True


def test_a_new_thread_title_is_checked_too(gateway, member, hverdagen):
    response = gateway.post(f"/api/v1/forum/categories/{hverdagen['id']}/threads", token=member.token,
                            json={"title": "Kø på Nordvik legesenter", "body": "Lang ventetid i dag."})
    assert response.status_code == 200
    title = "Kø på Nordvik legesenter"
    assert [title[f["start"]:f["end"]] for f in response.json()["title_findings"]] == ["Nordvik legesenter"]


def test_check_without_posting(gateway, member):
    response = gateway.post("/api/v1/forum/check", token=member.token,
                            json={"title": "Hei", "body": "Skriv til meg på ola@example.org"})
    assert response.status_code == 200
    assert [f["kind"] for f in response.json()["findings"]] == ["email"]
    assert response.json()["title_findings"] == []


def test_a_national_id_number_is_refused_outright(gateway, member, hverdagen):
    thread = start_thread(gateway, member.token, hverdagen["id"])["thread"]
    response = gateway.post(f"/api/v1/forum/threads/{thread['id']}/posts", token=member.token,
                            json={"body": f"Mitt nummer er {NATIONAL_ID}", "post_anyway": True})
    body = assert_problem(response, 400, field="body")
    assert body["reason"] == "national_id"
    assert NATIONAL_ID not in response.text
    titled = gateway.post(f"/api/v1/forum/categories/{hverdagen['id']}/threads", token=member.token,
                          json={"title": f"Nr {NATIONAL_ID}", "body": "Hei"})
    assert_problem(titled, 400, field="title")


def test_crisis_help_only_in_the_authors_own_answer(gateway, member, other, hverdagen):
    thread = start_thread(gateway, member.token, hverdagen["id"])["thread"]
    response = gateway.post(f"/api/v1/forum/threads/{thread['id']}/posts", token=member.token,
                            json={"body": CRISIS_TEXT})
    assert response.status_code == 201
    help_ = response.json()["crisis_help"]
    assert help_ and all(c["name"] and c["phone"] for c in help_)
    assert any(c["phone"] == "113" for c in help_)
    # Nothing public marks the post.
    seen = gateway.get(f"/api/v1/forum/threads/{thread['id']}", token=other.token).json()
    assert "crisis" not in str(seen).lower()
    # The moderators' queue has it, crisis first.
    mia = gateway.login("mia")["access_token"]
    space = demo_space(gateway, mia)
    queue = gateway.get(f"/api/v1/forum/spaces/{space['id']}/moderation/queue", token=mia).json()["items"]
    assert queue[0]["crisis"] is True
    assert any(i["post_id"] == response.json()["post"]["id"] and i["reason"] == "crisis_language" for i in queue)


def test_posting_needs_a_pseudonym(gateway, admin_token, hverdagen):
    nameless = new_member(gateway, admin_token, pseudonym=False)
    response = gateway.post(f"/api/v1/forum/categories/{hverdagen['id']}/threads", token=nameless.token,
                            json={"title": "Hei alle sammen", "body": "Første innlegg"})
    assert assert_problem(response, 409)["reason"] == "pseudonym_required"


@pytest.mark.parametrize(("body", "field"), [
    ({"body": "Hei"}, "title"),                                   # missing field
    ({"title": "Hei der", "body": 42}, "body"),                   # wrong type
    ({"title": "Hei der", "body": "Hei", "sensitive": "yes"}, "sensitive"),
    ({"title": "Hei der", "body": "Hei", "tenant": "sorby"}, "tenant"),  # unknown field
])
def test_bad_thread_bodies_are_named(gateway, member, hverdagen, body, field):
    response = gateway.post(f"/api/v1/forum/categories/{hverdagen['id']}/threads", token=member.token, json=body)
    assert_problem(response, 400, field=field)


def test_bad_parameters_are_named(gateway, member, hverdagen):
    threads = f"/api/v1/forum/categories/{hverdagen['id']}/threads"
    assert_problem(gateway.get(threads, token=member.token, params={"page_token": "not-a-token"}), 400,
                   field="page_token")
    assert_problem(gateway.get(threads, token=member.token, params={"page_size": "many"}), 400, field="page_size")
    assert_problem(gateway.get(threads, token=member.token, params={"page_size": "1000"}), 400, field="page_size")
    thread = start_thread(gateway, member.token, hverdagen["id"])
    post_id = thread["post"]["id"]
    assert_problem(gateway.put(f"/api/v1/forum/posts/{post_id}/reactions/love", token=member.token), 400,
                   field="kind")
    assert_problem(gateway.get("/api/v1/forum/search", token=member.token), 400, field="q")
    assert_problem(gateway.get("/api/v1/forum/search", token=member.token, params={"q": "a"}), 400, field="q")
    assert_problem(gateway.get("/api/v1/forum/search", token=member.token, params={"q": "hei", "page_token": "x"}),
                   400, field="page_token")
    assert_problem(gateway.post("/api/v1/forum/check", token=member.token, data="body=hei",
                                headers={"Content-Type": "application/x-www-form-urlencoded"}), 415)
    assert_problem(gateway.post("/api/v1/circles/x/answer", token=member.token, json={"accept": "yes"}), 400,
                   field="accept")
    assert_problem(gateway.post("/api/v1/circles/x/answer", token=member.token, json={"accept": True}), 400,
                   field="name_kind")
    assert_problem(gateway.put(f"/api/v1/reveals/{member.id}", token=member.token,
                               json={"name_kind": "full_name"}), 400, field="name_kind")


def test_forum_needs_a_token_and_unknown_things_are_404(gateway, member):
    assert_problem(gateway.get("/api/v1/forum/spaces"), 401)
    assert_problem(gateway.get("/api/v1/forum/threads/no-such-thread", token=member.token), 404)
    assert_problem(gateway.get("/api/v1/forum/categories/no-such/threads", token=member.token), 404)
    assert_problem(gateway.put("/api/v1/forum/posts/no-such/reactions/hug", token=member.token), 404)


def test_search_finds_open_posts(gateway, member, other, hverdagen):
    word = "blåbærtur" + letters(5)
    start_thread(gateway, member.token, hverdagen["id"], body=f"I dag gikk jeg på {word} i skogen.")
    found = gateway.get("/api/v1/forum/search", token=other.token, params={"q": word})
    assert found.status_code == 200
    hits = found.json()["hits"]
    assert len(hits) == 1 and word in hits[0]["post"]["body_html"]
    assert hits[0]["thread"]["author"]["pseudonym"] == member.pseudonym


def test_moderators_flag_queue_hide_lock_pin_move_and_log(gateway, member, other, hverdagen):
    mia = gateway.login("mia")["access_token"]
    space = demo_space(gateway, mia)
    categories = demo_categories(gateway, mia)
    started = start_thread(gateway, member.token, hverdagen["id"])
    thread, post = started["thread"], started["post"]

    flagged = gateway.post(f"/api/v1/forum/posts/{post['id']}/flags", token=other.token,
                           json={"reason": "Dette virker veldig personlig"})
    assert flagged.status_code == 204
    assert_problem(gateway.post(f"/api/v1/forum/posts/{post['id']}/flags", token=other.token, json={}), 400,
                   field="reason")
    queue_path = f"/api/v1/forum/spaces/{space['id']}/moderation/queue"
    assert_problem(gateway.get(queue_path, token=other.token), 403)
    items = gateway.get(queue_path, token=mia).json()["items"]
    mine = next(i for i in items if i["post_id"] == post["id"] and not i["crisis"])
    assert mine["thread_id"] == thread["id"] and ISO_UTC.match(mine["flagged_at"])
    assert items == sorted(items, key=lambda i: not i["crisis"])  # crisis first

    hidden = gateway.put(f"/api/v1/forum/posts/{post['id']}/hidden", token=mia, json={"reason": "Litt for mye detaljer"})
    assert hidden.status_code == 200 and hidden.json()["hidden"] is True
    as_author = gateway.get(f"/api/v1/forum/threads/{thread['id']}", token=member.token).json()["posts"][0]
    as_other = gateway.get(f"/api/v1/forum/threads/{thread['id']}", token=other.token).json()["posts"][0]
    assert as_author["hidden_reason"] == "Litt for mye detaljer"
    assert as_other["hidden"] is True and as_other["hidden_reason"] == "" and as_other["body_html"] == ""
    assert gateway.delete(f"/api/v1/forum/posts/{post['id']}/hidden", token=mia).json()["hidden"] is False
    assert_problem(gateway.put(f"/api/v1/forum/posts/{post['id']}/hidden", token=other.token,
                               json={"reason": "vil skjule"}), 403)

    assert gateway.post(f"/api/v1/forum/flags/{mine['flag_id']}/resolve", token=mia).status_code == 204
    assert all(i["flag_id"] != mine["flag_id"] for i in gateway.get(queue_path, token=mia).json()["items"])

    assert gateway.put(f"/api/v1/forum/threads/{thread['id']}/locked", token=mia).json()["locked"] is True
    locked = gateway.post(f"/api/v1/forum/threads/{thread['id']}/posts", token=other.token, json={"body": "Hei"})
    assert assert_problem(locked, 409)["reason"] == "locked"
    assert gateway.delete(f"/api/v1/forum/threads/{thread['id']}/locked", token=mia).json()["locked"] is False
    assert gateway.put(f"/api/v1/forum/threads/{thread['id']}/pinned", token=mia).json()["pinned"] is True
    assert gateway.delete(f"/api/v1/forum/threads/{thread['id']}/pinned", token=mia).json()["pinned"] is False
    moved = gateway.post(f"/api/v1/forum/threads/{thread['id']}/move", token=mia,
                         json={"category_id": categories["Mestring"]["id"]})
    assert moved.status_code == 200 and moved.json()["category_id"] == categories["Mestring"]["id"]

    edited = gateway.request("PATCH", f"/api/v1/forum/posts/{post['id']}", token=member.token, json={"body": "Ny tekst her"})
    assert edited.status_code == 200
    history = gateway.get(f"/api/v1/forum/posts/{post['id']}/history", token=mia)
    assert history.status_code == 200 and len(history.json()["revisions"]) == 1
    assert_problem(gateway.get(f"/api/v1/forum/posts/{post['id']}/history", token=member.token), 403)

    read_only = f"/api/v1/forum/spaces/{space['id']}/read-only/{other.id}"
    assert gateway.put(read_only, token=mia, json={"until": "2099-01-01", "reason": "Pause"}).status_code == 204
    refused = gateway.post(f"/api/v1/forum/threads/{thread['id']}/posts", token=other.token, json={"body": "Hei"})
    assert assert_problem(refused, 409)["reason"] == "read_only"
    assert_problem(gateway.put(read_only, token=mia, json={"until": "soon"}), 400, field="until")
    assert gateway.delete(read_only, token=mia).status_code == 204
    assert gateway.post(f"/api/v1/forum/threads/{thread['id']}/posts", token=other.token,
                        json={"body": "Takk for at du delte"}).status_code == 201

    log = gateway.get(f"/api/v1/forum/spaces/{space['id']}/moderation/log", token=mia).json()["actions"]
    actions = {a["action"] for a in log if a["target_id"] in (post["id"], thread["id"], other.id)}
    assert {"hide_post", "show_post", "lock_thread", "unlock_thread", "pin_thread", "move_thread",
            "read_only", "lift_read_only"} <= actions
    assert_problem(gateway.get(f"/api/v1/forum/spaces/{space['id']}/moderation/log", token=member.token), 403)


def test_word_lists_for_members_and_tenant_admins(gateway, member, admin_token):
    lists = gateway.get("/api/v1/forum/word-lists", token=member.token)
    assert lists.status_code == 200
    assert "Nordvik DPS" in lists.json()["places"]
    assert lists.json()["crisis_contacts"]
    assert_problem(gateway.put("/api/v1/forum/word-lists", token=member.token, json=lists.json()), 403)
    # The admin puts the same lists back: allowed, and nothing changes for other tests.
    current = gateway.get("/api/v1/forum/word-lists", token=admin_token).json()
    saved = gateway.put("/api/v1/forum/word-lists", token=admin_token, json=current)
    assert saved.status_code == 200, saved.text
    assert saved.json()["places"] == current["places"]
    assert_problem(gateway.put("/api/v1/forum/word-lists", token=admin_token,
                               json={"crisis_contacts": [{"name": "Hjelp"}]}), 400, field="crisis_contacts.0.phone")


def test_usage_figures_for_admins_and_researchers(gateway, member, admin_token):
    figures = gateway.get("/api/v1/forum/usage", token=admin_token, params={"from": "2020-01-01", "to": "2099-12-31"})
    assert figures.status_code == 200, figures.text
    body = figures.json()
    assert body["tenant"] == "nordvik" and body["posts_written"] >= 1
    researcher = gateway.login("researcher")["access_token"]
    suppressed = gateway.get("/api/v1/forum/usage", token=researcher).json()
    assert all(v is None or v >= 5 for k, v in suppressed.items() if k != "tenant")
    assert_problem(gateway.get("/api/v1/forum/usage", token=member.token), 403)
    assert_problem(gateway.get("/api/v1/forum/usage", token=admin_token, params={"from": "yesterday"}), 400,
                   field="from")
    assert_problem(gateway.get("/api/v1/forum/usage", token=admin_token,
                               params={"from": "2025-02-01", "to": "2025-01-01"}), 400, field="to")


def test_reveals_show_a_name_to_one_person_only(gateway, member, other, hverdagen, admin_token):
    third = new_member(gateway, admin_token)
    thread = start_thread(gateway, member.token, hverdagen["id"])["thread"]
    shown = gateway.put(f"/api/v1/reveals/{other.id}", token=member.token,
                        json={"name_kind": "cafe_name", "cafe_name": "Solsikke"})
    assert shown.status_code == 200, shown.text
    assert shown.json()["name"] == "Solsikke" and shown.json()["pseudonym"] == other.pseudonym

    def author_seen_by(who):
        return gateway.get(f"/api/v1/forum/threads/{thread['id']}", token=who.token).json()["thread"]["author"]

    assert author_seen_by(other)["revealed_name"] == "Solsikke"
    assert author_seen_by(third)["revealed_name"] == ""
    assert gateway.get("/api/v1/reveals", token=other.token).json()["received"][0]["name"] == "Solsikke"
    assert [r["viewer_id"] for r in gateway.get("/api/v1/reveals", token=member.token).json()["given"]] == [other.id]
    assert gateway.delete(f"/api/v1/reveals/{other.id}", token=member.token).status_code == 204
    assert author_seen_by(other)["revealed_name"] == ""
    assert_problem(gateway.delete(f"/api/v1/reveals/{other.id}", token=member.token), 404)


def test_closed_thread_is_invisible_to_non_members(gateway, admin_token, hverdagen):
    founder, friend, outsider = (new_member(gateway, admin_token) for _ in range(3))
    circle = circle_of(gateway, founder, friend)
    listed = gateway.get("/api/v1/circles", token=friend.token).json()
    assert [c["id"] for c in listed["circles"]] == [circle["id"]]
    assert {m["account_id"] for m in listed["circles"][0]["members"]} == {founder.id, friend.id}

    word = "hemmelighet" + letters(6)
    started = start_thread(gateway, founder.token, hverdagen["id"], circle_id=circle["id"],
                           title="Bare for oss " + word, body=f"Her kan vi snakke fritt om {word}.")
    thread = started["thread"]
    assert thread["closed"] is True and thread["circle_id"] == circle["id"]
    threads_path = f"/api/v1/forum/categories/{hverdagen['id']}/threads"

    def listed_ids(who):
        return {t["id"] for t in gateway.get(threads_path, token=who.token, params={"page_size": 100}).json()["threads"]}

    def hits(who):
        return gateway.get("/api/v1/forum/search", token=who.token, params={"q": word}).json()["hits"]

    # The friend sees it everywhere, with the founder's circle name.
    assert thread["id"] in listed_ids(friend)
    got = gateway.get(f"/api/v1/forum/threads/{thread['id']}", token=friend.token)
    assert got.status_code == 200 and got.json()["thread"]["author"]["revealed_name"].startswith("Kafe ")
    assert [h["thread"]["id"] for h in hits(friend)] == [thread["id"]]

    # The outsider: not in the list, not in search, and "not found" by id, for every route.
    assert thread["id"] not in listed_ids(outsider)
    assert hits(outsider) == []
    assert_problem(gateway.get(f"/api/v1/forum/threads/{thread['id']}", token=outsider.token), 404)
    assert_problem(gateway.post(f"/api/v1/forum/threads/{thread['id']}/posts", token=outsider.token,
                                json={"body": "Hei"}), 404)
    assert_problem(gateway.put(f"/api/v1/forum/posts/{started['post']['id']}/reactions/hug",
                               token=outsider.token), 404)
    assert_problem(gateway.post(f"/api/v1/forum/posts/{started['post']['id']}/flags", token=outsider.token,
                                json={"reason": "Hva er dette"}), 404)
    # Even the moderator sees only that something needs attention, never what.
    assert_problem(gateway.get(f"/api/v1/forum/threads/{thread['id']}", token=gateway.login("mia")["access_token"]),
                   404)

    # Leaving the circle closes the thread to the friend at once.
    assert gateway.post(f"/api/v1/circles/{circle['id']}/leave", token=friend.token).status_code == 204
    assert_problem(gateway.get(f"/api/v1/forum/threads/{thread['id']}", token=friend.token), 404)
    assert thread["id"] not in listed_ids(friend)


def test_circle_invitations_answer_and_decline(gateway, admin_token):
    founder, invited, declining = (new_member(gateway, admin_token) for _ in range(3))
    created = gateway.post("/api/v1/circles", token=founder.token,
                           json={"name": "Turgruppa", "name_kind": "first_name"})
    assert created.status_code == 201, created.text
    circle = created.json()
    assert circle["members"][0]["revealed_name"] == "Test"  # first word of the real name
    for who in (invited, declining):
        response = gateway.post(f"/api/v1/circles/{circle['id']}/invitations", token=founder.token,
                                json={"account_id": who.id})
        assert response.status_code == 201, response.text
    again = gateway.post(f"/api/v1/circles/{circle['id']}/invitations", token=founder.token,
                         json={"account_id": invited.id})
    assert_problem(again, 409)
    invitation = gateway.get("/api/v1/circles", token=invited.token).json()["invitations"][0]
    assert invitation["id"] == circle["id"]
    assert all(m["revealed_name"] == "" for m in invitation["members"])  # names only once one joins
    joined = gateway.post(f"/api/v1/circles/{circle['id']}/answer", token=invited.token,
                          json={"accept": True, "name_kind": "cafe_name", "cafe_name": "Turkompis"})
    assert joined.status_code == 200
    assert {m["revealed_name"] for m in joined.json()["members"] if m["accepted"]} == {"Test", "Turkompis"}
    declined = gateway.post(f"/api/v1/circles/{circle['id']}/answer", token=declining.token, json={"accept": False})
    assert declined.status_code == 204
    assert gateway.get("/api/v1/circles", token=declining.token).json() == {"circles": [], "invitations": []}


@pytest.fixture(scope="module")
def outsider_gateway(stack):
    slug, username, password = third_municipality(stack)
    client = Gateway(stack.gateway_url, tenant=slug)
    client.token = client.login(username, password)["access_token"]
    response = client.put("/api/v1/me/pseudonym", token=client.token, json={"pseudonym": "Fjern " + letters(8)})
    assert response.status_code == 200, response.text
    return client


def test_another_municipality_sees_nothing_of_the_shared_forum(gateway, outsider_gateway, member, hverdagen):
    outsider = outsider_gateway
    started = start_thread(gateway, member.token, hverdagen["id"], body="Åpent innlegg om fjelltur " + letters(6))
    space = demo_space(gateway, member.token)
    spaces = outsider.get("/api/v1/forum/spaces", token=outsider.token).json()["spaces"]
    assert all(s["id"] != space["id"] for s in spaces)
    assert_problem(outsider.get(f"/api/v1/forum/spaces/{space['id']}/categories", token=outsider.token), 404)
    assert_problem(outsider.get(f"/api/v1/forum/categories/{hverdagen['id']}/threads", token=outsider.token), 404)
    assert_problem(outsider.get(f"/api/v1/forum/threads/{started['thread']['id']}", token=outsider.token), 404)
    assert_problem(outsider.put(f"/api/v1/forum/posts/{started['post']['id']}/reactions/hug",
                                token=outsider.token), 404)
    assert_problem(outsider.post(f"/api/v1/forum/categories/{hverdagen['id']}/threads", token=outsider.token,
                                 json={"title": "Hei fra Fjernvik", "body": "Hei"}), 404)
    assert outsider.get("/api/v1/forum/search", token=outsider.token, params={"q": "fjelltur"}).json()["hits"] == []


def test_admins_create_spaces_and_categories_for_their_own_municipality(outsider_gateway, stack, gateway):
    region = Gateway(stack.gateway_url, tenant="region")
    region_token = region.login("region.admin")["access_token"]
    slug = outsider_gateway.tenant
    created = region.post("/api/v1/forum/spaces", token=region_token, json={"name": "Fjernvik-forumet",
                                                                             "tenants": [slug]})
    assert created.status_code == 201, created.text
    space = created.json()
    assert space["tenants"] == [slug]
    category = region.post(f"/api/v1/forum/spaces/{space['id']}/categories", token=region_token,
                           json={"name": "Prat", "description": "Løst og fast"})
    assert category.status_code == 201, category.text
    assert_problem(region.post(f"/api/v1/forum/spaces/{space['id']}/categories", token=region_token, json={}), 400,
                   field="name")
    outsider_id = outsider_gateway.get("/api/v1/me", token=outsider_gateway.token).json()["id"]
    assigned = region.put(f"/api/v1/forum/spaces/{space['id']}/moderators/{outsider_id}", token=region_token)
    assert assigned.status_code == 204
    # The third municipality now has a forum of its own; Nordvik's members do not see it.
    seen = outsider_gateway.get("/api/v1/forum/spaces", token=outsider_gateway.token).json()["spaces"]
    assert [s["name"] for s in seen] == ["Fjernvik-forumet"]
    nils = gateway.login("nils")["access_token"]
    assert all(s["id"] != space["id"] for s in gateway.get("/api/v1/forum/spaces", token=nils).json()["spaces"])
    # A tenant admin may not make shared spaces; a service user no spaces at all.
    admin = gateway.login("admin.nordvik")["access_token"]
    assert_problem(gateway.post("/api/v1/forum/spaces", token=admin, json={"name": "Delt", "tenants": ["nordvik", "sorby"]}),
                   403)
    assert_problem(gateway.post("/api/v1/forum/spaces", token=nils, json={"name": "Mitt", "tenants": ["nordvik"]}), 403)


def test_readiness_includes_the_forum(stack):
    from services.gateway.app import create_app
    from services.gateway.health import upstreams
    from services.gateway.settings import GatewaySettings

    # Every upstream of the stack, so readiness is about all of them being up.
    addresses = {f"{name}_address": service.address for name, service in stack.services.items()
                 if f"{name}_address" in GatewaySettings.model_fields}
    app = create_app(GatewaySettings(secret_key="s" * 40, environment="test", **addresses))
    with app.app_context():
        assert upstreams()["forum"] == stack.services["forum"].address
    assert app.test_client().get("/readyz").get_json() == {"status": "ready", "not_serving": []}
