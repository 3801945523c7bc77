"""The messaging and notification pages over plain HTTP: the inbox, a conversation with
receipts, retraction and the acute-help text, a new message (and the terms first), read-only
conversations, the access log, the export, the notifications and the live badge's hooks."""

from __future__ import annotations

import re

import pytest

from tests.conftest import wait_for
from tests.gateway.conftest import Gateway, random_loopback
from tests.gateway.forum_helpers import new_member
from tests.gateway.messaging_helpers import care_pair, start
from tests.gateway.test_web_security import csrf_token, sign_in


@pytest.fixture
def pair(gateway, admin_token):
    return care_pair(gateway, admin_token)


@pytest.fixture
def browser_of(stack):
    def make(member):
        client = Gateway(stack.gateway_url, source=random_loopback())
        assert sign_in(client, member.username, member.password).status_code == 302
        return client

    return make


def main(html: str) -> str:
    return html[html.index("<main"):html.index("</main>")]


def test_new_message_conversation_receipts_and_reply(pair, browser_of):
    user, provider = browser_of(pair.user), browser_of(pair.provider)
    inbox = user.get("/messages")
    assert inbox.status_code == 200
    assert 'href="/messages/new"' in inbox.text and "Ny melding" in inbox.text
    assert 'href="/messages"' in inbox.text  # in the navigation
    assert not re.search(r"<script(?![^>]*\bsrc=)", inbox.text)
    form = user.get("/messages/new")
    assert form.status_code == 200 and pair.provider.pseudonym in form.text
    assert user.post("/messages/new", data={"to": pair.provider.id, "subject": "Hei", "body": "Hei"}).status_code == 400
    empty = user.post("/messages/new", data={"csrf_token": csrf_token(form.text), "to": pair.provider.id,
                                             "subject": "", "body": ""})
    assert empty.status_code == 400
    assert "Skriv et emne." in empty.text and "Skriv noe i meldingen." in empty.text
    sent = user.post("/messages/new", data={"csrf_token": csrf_token(form.text), "to": pair.provider.id,
                                            "subject": "Om medisinene", "body": "Kan vi snakke om dosen?"})
    assert sent.status_code == 302
    location = sent.headers["Location"]
    assert re.fullmatch(r"/messages/[0-9a-f-]+", location)
    page = user.get(location)
    body = main(page.text)
    assert "Meldingen din er sendt." in body
    assert body.index("Ikke for akutte situasjoner") < body.index("Om medisinene")  # acute help at the top
    assert "Ring 113 ved akutt fare." in body and "Kan vi snakke om dosen?" in body
    # The municipality's contacts, each a link to call, and nothing in the other language.
    assert 'href="tel:116117"' in body and "is not for emergencies" not in body
    assert '<p class="receipt">Sendt</p>' in body or '<p class="receipt">Levert</p>' in body
    assert "Trekk tilbake" in body and 'id="reply-body"' in body

    seen = provider.get(location)
    assert "Kan vi snakke om dosen?" in seen.text and "Trekk tilbake" not in main(seen.text)
    assert '<p class="receipt">Lest</p>' in user.get(location).text
    reply = provider.post(location + "/reply", data={"csrf_token": csrf_token(seen.text), "body": "Ja, gjerne."})
    assert reply.status_code == 302
    after = user.get(location).text
    assert after.index("Kan vi snakke om dosen?") < after.index("Ja, gjerne.")  # oldest first
    assert pair.provider.pseudonym in after and ">Du<" in after
    assert provider.post(location + "/reply", data={"body": "uten token"}).status_code == 400


def test_retract_from_the_conversation_page(pair, gateway, browser_of):
    conversation_id = start(gateway, pair, body="Dette var feil")["conversation"]["id"]
    user = browser_of(pair.user)
    page = user.get(f"/messages/{conversation_id}")
    message_id = re.search(r'action="/messages/[^/]+/retract/([^"]+)"', page.text).group(1)
    assert user.post(f"/messages/{conversation_id}/retract/{message_id}").status_code == 400  # no CSRF token
    done = user.post(f"/messages/{conversation_id}/retract/{message_id}", data={"csrf_token": csrf_token(page.text)})
    assert done.status_code == 302
    after = user.get(f"/messages/{conversation_id}").text
    assert "Meldingen er trukket tilbake." in after and "Denne meldingen ble trukket tilbake." in after
    assert "Dette var feil" not in after
    provider = browser_of(pair.provider)
    assert "Denne meldingen ble trukket tilbake." in provider.get(f"/messages/{conversation_id}").text


def test_terms_first_then_back_to_the_new_message(gateway, admin_token, browser_of):
    pair = care_pair(gateway, admin_token, consent=False)
    user = browser_of(pair.user)
    page = user.get("/messages/new")
    assert "Godta først vilkårene for bruk" in page.text
    assert 'href="/terms?next=/messages/new"' in page.text or 'href="/terms?next=%2Fmessages%2Fnew"' in page.text
    assert 'name="subject"' not in page.text
    terms = user.get("/terms?next=/messages/new")
    accepted = user.post("/terms", data={"csrf_token": csrf_token(terms.text), "accept": "yes", "next": "/messages/new"})
    assert accepted.status_code == 302 and accepted.headers["Location"] == "/messages/new"
    assert 'name="subject"' in user.get("/messages/new").text


def test_a_provider_writes_to_someone_in_their_care(pair, browser_of):
    provider = browser_of(pair.provider)
    form = provider.get("/messages/new")
    assert pair.user.pseudonym in form.text and 'type="radio"' in form.text
    sent = provider.post("/messages/new", data={"csrf_token": csrf_token(form.text), "to": pair.user.id,
                                                "subject": "Innkalling", "body": "Velkommen til samtale."})
    assert sent.status_code == 302
    user_inbox = browser_of(pair.user).get("/messages").text
    assert "Innkalling" in user_inbox and "1 uleste" in user_inbox
    # A provider has no access log or export of their own.
    assert provider.get("/messages/access-log").status_code == 403
    assert provider.get("/messages/export").status_code == 403


def test_read_only_conversation_has_no_reply_form(pair, gateway, admin_token, browser_of):
    conversation_id = start(gateway, pair)["conversation"]["id"]
    gateway.delete(f"/api/v1/care-relationships/{pair.relationship_id}", token=admin_token)
    page = browser_of(pair.user).get(f"/messages/{conversation_id}")
    assert page.status_code == 200
    assert "Samtalen er lukket for nye meldinger" in page.text and 'id="reply-body"' not in page.text
    assert "oppfølgingen er avsluttet" in page.text
    assert browser_of(pair.provider).get(f"/messages/{conversation_id}").status_code == 404


def test_access_log_and_export_pages(pair, gateway, browser_of):
    conversation_id = start(gateway, pair, subject="Loggtest")["conversation"]["id"]
    user = browser_of(pair.user)
    assert "Ingen behandler har lest samtalene dine ennå." in user.get("/messages/access-log").text
    browser_of(pair.provider).get(f"/messages/{conversation_id}")
    log = user.get("/messages/access-log").text
    assert pair.provider.pseudonym in log and "Loggtest" in log and "<caption" in log
    one = user.get(f"/messages/access-log?conversation={conversation_id}")
    assert one.status_code == 200 and pair.provider.pseudonym in one.text
    assert user.get("/messages/access-log?conversation=bad%20id").status_code == 404
    export = user.get("/messages/export")
    assert export.status_code == 200 and export.headers["Content-Disposition"].startswith("attachment;")
    assert "Loggtest" in export.text


def test_notifications_page_badge_and_mark_all_read(pair, gateway, browser_of):
    conversation_id = start(gateway, pair)["conversation"]["id"]
    provider = browser_of(pair.provider)
    page = wait_for(lambda: (p := provider.get("/notifications")) and "Du har fått en ny melding." in p.text and p,
                    timeout=20, interval=0.2)
    assert f'href="/messages/{conversation_id}"' in page.text and "Les meldingen" in page.text
    badge = re.search(r'<span id="notification-badge" class="badge badge-unread" data-stream="([^"]+)" '
                      r'data-count="(\d+)"', page.text)
    assert badge and int(badge.group(2)) >= 1
    assert badge.group(1).startswith("/notifications/stream?after=")
    assert '<script src="/static/notifications.js" defer></script>' in page.text
    assert 'aria-live="polite"' in page.text
    assert provider.post("/notifications/read").status_code == 400  # no CSRF token
    done = provider.post("/notifications/read", data={"csrf_token": csrf_token(page.text)})
    assert done.status_code == 302
    after = provider.get("/notifications").text
    assert "Alle varsler er merket som lest." in after and 'data-count="0" hidden' in after
    # Reading the conversation also answers its notifications.
    gateway.post(f"/api/v1/conversations/{conversation_id}/messages", token=pair.user.token, json={"body": "Igjen"})
    wait_for(lambda: 'data-count="1"' in provider.get("/notifications").text, timeout=20, interval=0.2)
    provider.get(f"/messages/{conversation_id}")
    assert 'data-count="0"' in provider.get("/notifications").text


def test_portal_stream_uses_the_session(pair, browser_of):
    provider = browser_of(pair.provider)
    with provider.get("/notifications/stream", stream=True) as stream:
        assert stream.status_code == 200
        assert stream.headers["Content-Type"].startswith("text/event-stream")
        assert next(stream.iter_lines(decode_unicode=True)) == "retry: 5000"
    anonymous = Gateway(provider.base_url, source=random_loopback())
    assert anonymous.get("/notifications/stream").status_code == 204


def test_messages_are_for_service_users_and_providers(gateway, admin_token, browser_of):
    moderator = new_member(gateway, admin_token, roles=("peer_moderator",))
    client = browser_of(moderator)
    page = client.get("/messages")
    assert page.status_code == 403 and "Meldinger er for tjenestebrukere og behandlerne deres" in page.text
    assert 'href="/messages"' not in client.get("/notifications").text  # not in the navigation
    assert client.get("/messages/no-such-conversation").status_code == 403
    assert gateway.get("/messages").status_code == 302  # not signed in: to the login page
