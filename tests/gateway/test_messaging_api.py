"""Secure messaging and the notification feed through the REST API, against the real stack
(identity, messaging and NATS as their own processes, the demo region seeded)."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import wait_for
from tests.gateway.conftest import Gateway, assert_problem
from tests.gateway.forum_helpers import new_member
from tests.gateway.messaging_helpers import accept_terms, care_pair, read_events, relate, start

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


@pytest.fixture
def pair(gateway, admin_token):
    return care_pair(gateway, admin_token)


def notifications(gateway, token: str, **params) -> dict:
    response = gateway.get("/api/v1/notifications", token=token, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def message_notification(gateway, token: str, conversation_id: str) -> dict:
    def found():
        items = notifications(gateway, token)["notifications"]
        return next((n for n in items if n["kind"] == "message" and n["conversation_id"] == conversation_id), None)

    return wait_for(found, timeout=20, interval=0.1, message="a 'message' notification")


def test_start_send_and_receipts(gateway, pair):
    started = start(gateway, pair)
    conversation = started["conversation"]
    assert conversation["subject"] == "Spørsmål om timen"
    assert "113" in conversation["acute_help_text"]
    assert {"name", "phone"} <= set(conversation["acute_help_contacts"][0])
    assert "116 117" in [c["phone"] for c in conversation["acute_help_contacts"]]
    assert conversation["read_only"] is False
    assert {p["account_id"]: p["role"] for p in conversation["participants"]} == {
        pair.user.id: "service_user", pair.provider.id: "provider"}
    first = started["messages"][0]
    assert first["body"] == "Hei, kan vi flytte timen?" and first["sender_role"] == "service_user"
    assert ISO_UTC.match(first["sent_at"]) and first["retractable"] is True
    assert first["receipts"] == [{"account_id": pair.provider.id, "delivered": False, "read": False}]
    location = gateway.post("/api/v1/conversations", token=pair.user.token, json={
        "subject": "Til", "participant_ids": [pair.provider.id], "first_message": "Hei igjen"}).headers["Location"]
    assert re.fullmatch(r"/api/v1/conversations/[0-9a-f-]+", location)

    # The provider's inbox delivers it; opening the conversation reads it.
    inbox = gateway.get("/api/v1/conversations", token=pair.provider.token).json()
    mine = next(c for c in inbox["conversations"] if c["id"] == conversation["id"])
    assert mine["unread_count"] == 1 and inbox["unread_total"] >= 1
    seen = gateway.get(f"/api/v1/conversations/{conversation['id']}", token=pair.user.token).json()
    assert seen["messages"][0]["receipts"][0] == {"account_id": pair.provider.id, "delivered": True, "read": False}
    provider_view = gateway.get(f"/api/v1/conversations/{conversation['id']}", token=pair.provider.token).json()
    assert provider_view["messages"][0]["receipts"] == []  # receipts are for the sender only
    seen = gateway.get(f"/api/v1/conversations/{conversation['id']}", token=pair.user.token).json()
    assert seen["messages"][0]["receipts"][0]["read"] is True

    reply = gateway.post(f"/api/v1/conversations/{conversation['id']}/messages", token=pair.provider.token,
                         json={"body": "Ja, det går fint."})
    assert reply.status_code == 201, reply.text
    assert reply.json()["sender_role"] == "provider"
    assert reply.headers["Location"] == f"/api/v1/conversations/{conversation['id']}"
    inbox = gateway.get("/api/v1/conversations", token=pair.user.token).json()
    assert next(c for c in inbox["conversations"] if c["id"] == conversation["id"])["unread_count"] == 1
    thread = gateway.get(f"/api/v1/conversations/{conversation['id']}", token=pair.user.token).json()
    assert [m["body"] for m in thread["messages"]] == ["Hei, kan vi flytte timen?", "Ja, det går fint."]


def test_conversation_pages_with_a_cursor(gateway, pair):
    conversation_id = start(gateway, pair, body="En")["conversation"]["id"]
    for body in ("To", "Tre"):
        gateway.post(f"/api/v1/conversations/{conversation_id}/messages", token=pair.user.token, json={"body": body})
    newest = gateway.get(f"/api/v1/conversations/{conversation_id}", token=pair.user.token,
                         params={"page_size": 2}).json()
    assert [m["body"] for m in newest["messages"]] == ["To", "Tre"] and newest["next_page_token"]
    older = gateway.get(f"/api/v1/conversations/{conversation_id}", token=pair.user.token,
                        params={"page_size": 2, "page_token": newest["next_page_token"]}).json()
    assert [m["body"] for m in older["messages"]] == ["En"] and older["next_page_token"] == ""
    first = gateway.get("/api/v1/conversations", token=pair.user.token, params={"page_size": 1}).json()
    assert len(first["conversations"]) == 1


def test_retract_own_recent_messages_only(gateway, pair):
    conversation_id = start(gateway, pair)["conversation"]["id"]
    sent = gateway.post(f"/api/v1/conversations/{conversation_id}/messages", token=pair.user.token,
                        json={"body": "Dette angrer jeg på"}).json()
    assert_problem(gateway.post(f"/api/v1/messages/{sent['id']}/retract", token=pair.provider.token), 403)
    retracted = gateway.post(f"/api/v1/messages/{sent['id']}/retract", token=pair.user.token)
    assert retracted.status_code == 200, retracted.text
    assert retracted.json()["retracted"] is True and retracted.json()["body"] == ""
    assert retracted.json()["retractable"] is False
    seen = gateway.get(f"/api/v1/conversations/{conversation_id}", token=pair.provider.token).json()
    gone = next(m for m in seen["messages"] if m["id"] == sent["id"])
    assert gone["retracted"] is True and gone["body"] == ""
    assert "Dette angrer jeg på" not in json.dumps(seen)
    # Someone else's message is never retractable for the caller; an unknown one is 404.
    assert all(m["retractable"] is False for m in seen["messages"])
    assert_problem(gateway.post("/api/v1/messages/no-such-message/retract", token=pair.user.token), 404)


def test_read_only_after_the_care_relationship_ends(gateway, admin_token, pair):
    conversation_id = start(gateway, pair)["conversation"]["id"]
    ended = gateway.delete(f"/api/v1/care-relationships/{pair.relationship_id}", token=admin_token)
    assert ended.status_code == 204, ended.text
    view = gateway.get(f"/api/v1/conversations/{conversation_id}", token=pair.user.token).json()
    assert view["conversation"]["read_only"] is True
    assert [p["active"] for p in view["conversation"]["participants"] if p["role"] == "provider"] == [False]
    assert view["messages"][0]["body"] == "Hei, kan vi flytte timen?"  # still readable
    refused = gateway.post(f"/api/v1/conversations/{conversation_id}/messages", token=pair.user.token,
                           json={"body": "Hallo?"})
    assert assert_problem(refused, 409, kind="failed-precondition")["reason"] == "read_only"
    # The provider loses access entirely, as if the conversation never was.
    assert_problem(gateway.get(f"/api/v1/conversations/{conversation_id}", token=pair.provider.token), 404)


def test_nobody_else_finds_a_conversation(gateway, admin_token, pair, stack):
    conversation_id = start(gateway, pair)["conversation"]["id"]
    path = f"/api/v1/conversations/{conversation_id}"
    hansen = gateway.login("hansen")["access_token"]  # a provider, but not this person's
    for token in (hansen, admin_token, gateway.login("mia")["access_token"]):
        assert_problem(gateway.get(path, token=token), 404)
        assert_problem(gateway.post(path + "/messages", token=token, json={"body": "Hei"}), 404)
    assert_problem(gateway.get(path + "/access-log", token=pair.provider.token), 403)
    sorby = Gateway(stack.gateway_url, tenant="sorby")
    for username in ("berg", "siri", "admin.sorby"):
        assert_problem(sorby.get(path, token=sorby.login(username)["access_token"]), 404)
    # Writing to a provider who is not one's own is "not found" too, naming the field.
    body = {"subject": "Hei", "participant_ids": [gateway.get("/api/v1/me", token=hansen).json()["id"]],
            "first_message": "Hei"}
    assert_problem(gateway.post("/api/v1/conversations", token=pair.user.token, json=body), 404,
                   field="participant_ids")
    assert_problem(gateway.get("/api/v1/conversations", token=admin_token), 403)


def test_writing_needs_the_terms_consent(gateway, admin_token):
    pair = care_pair(gateway, admin_token, consent=False)
    body = {"subject": "Hei", "participant_ids": [pair.provider.id], "first_message": "Hei"}
    refused = gateway.post("/api/v1/conversations", token=pair.user.token, json=body)
    assert assert_problem(refused, 409)["reason"] == "terms_consent_required"
    accept_terms(gateway, pair.user.token)
    assert gateway.post("/api/v1/conversations", token=pair.user.token, json=body).status_code == 201


def test_a_colleague_is_added_with_a_system_line(gateway, admin_token, pair):
    colleague = new_member(gateway, admin_token, roles=("health_provider",))
    relate(gateway, admin_token, colleague, pair.user)
    outsider = new_member(gateway, admin_token, roles=("health_provider",))
    conversation_id = start(gateway, pair)["conversation"]["id"]
    path = f"/api/v1/conversations/{conversation_id}/colleagues"
    assert_problem(gateway.post(path, token=pair.provider.token, json={"provider_id": outsider.id}), 404,
                   field="provider_id")
    added = gateway.post(path, token=pair.provider.token, json={"provider_id": colleague.id})
    assert added.status_code == 200, added.text
    assert colleague.id in {p["account_id"] for p in added.json()["participants"]}
    again = gateway.post(path, token=pair.provider.token, json={"provider_id": colleague.id})
    assert assert_problem(again, 409)["reason"] == "already_participant"
    assert_problem(gateway.post(path, token=pair.user.token, json={"provider_id": colleague.id}), 403)
    seen = gateway.get(f"/api/v1/conversations/{conversation_id}", token=colleague.token).json()
    system = [m for m in seen["messages"] if m["system"]]
    assert len(system) == 1 and system[0]["system_kind"] == "colleague_added"
    assert system[0]["system_subject_id"] == colleague.id and system[0]["sender_role"] == "system"


def test_access_log_shows_who_read_when(gateway, pair):
    conversation_id = start(gateway, pair)["conversation"]["id"]
    before = gateway.get("/api/v1/conversations/access-log", token=pair.user.token).json()["entries"]
    assert [e for e in before if e["conversation_id"] == conversation_id] == []
    gateway.get(f"/api/v1/conversations/{conversation_id}", token=pair.provider.token)
    everything = gateway.get("/api/v1/conversations/access-log", token=pair.user.token).json()["entries"]
    entry = next(e for e in everything if e["conversation_id"] == conversation_id)
    assert entry["provider_id"] == pair.provider.id and entry["provider_pseudonym"] == pair.provider.pseudonym
    assert ISO_UTC.match(entry["read_at"])
    one = gateway.get(f"/api/v1/conversations/{conversation_id}/access-log", token=pair.user.token).json()
    assert [e["provider_id"] for e in one["entries"]] == [pair.provider.id]
    assert_problem(gateway.get("/api/v1/conversations/access-log", token=pair.provider.token), 403)


def test_export_is_a_json_download(gateway, pair):
    conversation_id = start(gateway, pair)["conversation"]["id"]
    gateway.post(f"/api/v1/conversations/{conversation_id}/messages", token=pair.provider.token, json={"body": "Svar"})
    response = gateway.get("/api/v1/conversations/export", token=pair.user.token)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert re.fullmatch(r'attachment; filename="reconnect-messages-\d{4}-\d\d-\d\d\.json"',
                        response.headers["Content-Disposition"])
    assert response.headers["Cache-Control"] == "no-store"
    document = response.json()
    exported = next(c for c in document["conversations"] if c["id"] == conversation_id)
    assert [(m["author"], m["body"]) for m in exported["messages"]] == [
        ("you", "Hei, kan vi flytte timen?"), ("provider", "Svar")]
    assert_problem(gateway.get("/api/v1/conversations/export", token=pair.provider.token), 403)


def test_notifications_list_and_mark_read(gateway, pair):
    conversation_id = start(gateway, pair)["conversation"]["id"]
    notification = message_notification(gateway, pair.provider.token, conversation_id)
    assert notification["read"] is False and ISO_UTC.match(notification["created_at"])
    assert notification["links"] == {"conversation": f"/api/v1/conversations/{conversation_id}",
                                     "page": f"/messages/{conversation_id}"}
    assert "Hei, kan vi flytte timen?" not in json.dumps(notification)  # never content
    gateway.post(f"/api/v1/conversations/{conversation_id}/messages", token=pair.user.token, json={"body": "To"})
    wait_for(lambda: notifications(gateway, pair.provider.token)["unread_count"] == 2, timeout=20, interval=0.1)
    unread = notifications(gateway, pair.provider.token, unread_only="true")
    assert len(unread["notifications"]) == 2
    page = notifications(gateway, pair.provider.token, page_size=1)
    assert len(page["notifications"]) == 1 and page["next_page_token"]

    one = gateway.post("/api/v1/notifications/read", token=pair.provider.token, json={"ids": [notification["id"]]})
    assert one.status_code == 200 and one.json() == {"unread_count": 1}
    assert notification["id"] not in {n["id"] for n in notifications(gateway, pair.provider.token,
                                                                      unread_only="1")["notifications"]}
    everything = gateway.post("/api/v1/notifications/read", token=pair.provider.token, json={"all": True})
    assert everything.json() == {"unread_count": 0}
    # The sender is not notified of their own message.
    assert [n for n in notifications(gateway, pair.user.token)["notifications"]
            if n["conversation_id"] == conversation_id] == []


def test_the_stream_delivers_a_new_message_notification(gateway, pair):
    conversation_id = start(gateway, pair)["conversation"]["id"]
    first = message_notification(gateway, pair.provider.token, conversation_id)
    with gateway.get("/api/v1/notifications/stream", token=pair.provider.token, stream=True) as stream:
        assert stream.status_code == 200
        assert stream.headers["Content-Type"].startswith("text/event-stream")
        assert stream.headers["Cache-Control"] == "no-store"
        assert stream.headers["X-Accel-Buffering"] == "no"
        opening = read_events(stream, lambda events: any("id" in e for e in events))
        assert opening[0] == {"retry": "5000"}
        assert opening[-1] == {"id": first["id"]}  # where a reconnect resumes; no event fired
        gateway.post(f"/api/v1/conversations/{conversation_id}/messages", token=pair.user.token,
                     json={"body": "Er du der?"})
        events = read_events(stream, lambda events: any(e.get("event") == "notification" for e in events))
    event = next(e for e in events if e.get("event") == "notification")
    assert event["data"]["kind"] == "message" and event["data"]["conversation_id"] == conversation_id
    assert event["id"] == event["data"]["id"] != first["id"]
    assert event["data"]["links"]["page"] == f"/messages/{conversation_id}"
    assert "Er du der?" not in json.dumps(event)

    # Reconnecting with Last-Event-ID replays what came after it at once.
    with gateway.get("/api/v1/notifications/stream", token=pair.provider.token, stream=True,
                     headers={"Last-Event-ID": first["id"]}) as again:
        replayed = read_events(again, lambda events: any(e.get("event") == "notification" for e in events))
    assert next(e for e in replayed if e.get("event") == "notification")["id"] == event["id"]


def test_bad_input_is_a_problem_naming_the_field(gateway, pair):
    conversation_id = start(gateway, pair)["conversation"]["id"]
    token = pair.user.token
    cases = [
        ("/api/v1/conversations", {"participant_ids": [pair.provider.id], "first_message": "Hei"}, "subject"),
        ("/api/v1/conversations", {"subject": "Hei", "participant_ids": [], "first_message": "Hei"}, "participant_ids"),
        ("/api/v1/conversations", {"subject": "Hei", "participant_ids": "x", "first_message": "Hei"}, "participant_ids"),
        ("/api/v1/conversations", {"subject": "Hei", "participant_ids": [pair.provider.id], "first_message": 5},
         "first_message"),
        ("/api/v1/conversations", {"subject": "Hei", "participant_ids": [pair.provider.id], "first_message": "Hei",
                                   "cc": []}, "cc"),
        (f"/api/v1/conversations/{conversation_id}/messages", {}, "body"),
        (f"/api/v1/conversations/{conversation_id}/colleagues", {"provider_id": ""}, "provider_id"),
        ("/api/v1/notifications/read", {}, "ids"),
        ("/api/v1/notifications/read", {"ids": ["a"], "all": True}, "ids"),
        ("/api/v1/notifications/read", {"all": "yes"}, "all"),
    ]
    for path, body, field in cases:
        assert_problem(gateway.post(path, token=token, json=body), 400, field=field)
    # The service's own bounds come back with its field name.
    blank = gateway.post(f"/api/v1/conversations/{conversation_id}/messages", token=token, json={"body": "   "})
    assert assert_problem(blank, 400, field="body")["reason"] == "too_short"
    assert_problem(gateway.post("/api/v1/conversations", token=token, data="subject=Hei"), 415)
    assert_problem(gateway.get("/api/v1/conversations", token=token, params={"page_size": "many"}), 400,
                   field="page_size")
    assert_problem(gateway.get("/api/v1/conversations", token=token, params={"page_token": "nonsense"}), 400,
                   field="page_token")
    assert_problem(gateway.get("/api/v1/notifications", token=token, params={"unread_only": "maybe"}), 400,
                   field="unread_only")
    assert_problem(gateway.get("/api/v1/notifications/stream", token=token, headers={"Last-Event-ID": "<x>"}), 400,
                   field="Last-Event-ID")
    for path in ("/api/v1/conversations", "/api/v1/notifications", "/api/v1/notifications/stream",
                 "/api/v1/conversations/export"):
        assert_problem(gateway.get(path), 401)


def test_readiness_includes_messaging(stack):
    from services.gateway.app import create_app
    from services.gateway.health import upstreams
    from services.gateway.settings import GatewaySettings

    addresses = {f"{name}_address": service.address for name, service in stack.services.items()
                 if f"{name}_address" in GatewaySettings.model_fields}
    app = create_app(GatewaySettings(secret_key="s" * 40, environment="test", **addresses))
    with app.app_context():
        assert upstreams()["messaging"] == stack.services["messaging"].address
    assert app.test_client().get("/readyz").get_json() == {"status": "ready", "not_serving": []}
    down = create_app(GatewaySettings(secret_key="s" * 40, environment="test",
                                      **(addresses | {"messaging_address": "127.0.0.1:1"})))
    answer = down.test_client().get("/readyz")
    assert answer.status_code == 503 and answer.get_json()["not_serving"] == ["messaging"]
