"""Conversations between a service user and their providers: who may read, receipts,
retraction, read-only after care ends, colleagues, the access log, export, and
encryption at rest."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import grpc
from sqlalchemy import text, update

from reconnect.messaging.v1 import messaging_pb2 as mpb
from services.messaging.store import Message
from tests.conftest import rpc_error, trailer


def planted() -> str:
    return f"Hemmelig-{uuid.uuid4().hex[:10]}"


def test_a_conversation_between_a_service_user_and_her_provider(messaging):
    secret = planted()
    started = messaging.start("nora", ["hansen"], subject=f"Om medisinene {secret}", body=f"Jeg sover dårlig {secret}")
    conversation_id = started.conversation.id
    assert started.conversation.acute_help_text and "113" in started.conversation.acute_help_text
    roles = {p.account_id: p.role for p in started.conversation.participants}
    assert roles == {messaging.id("nora"): mpb.PARTICIPANT_ROLE_SERVICE_USER, messaging.id("hansen"): mpb.PARTICIPANT_ROLE_PROVIDER}
    first = started.messages[0]
    assert [(r.delivered, r.read) for r in first.receipts] == [(False, False)]

    inbox = messaging.stub.ListConversations(mpb.ListConversationsRequest(), metadata=messaging.as_("hansen"))
    listed = next(c for c in inbox.conversations if c.id == conversation_id)
    assert listed.unread_count == 1 and listed.subject.endswith(secret)
    seen = messaging.stub.GetConversation(mpb.GetConversationRequest(conversation_id=conversation_id), metadata=messaging.as_("nora"))
    assert [(r.delivered, r.read) for r in seen.messages[0].receipts] == [(True, False)], "delivered to the inbox, not read"
    read = messaging.stub.GetConversation(mpb.GetConversationRequest(conversation_id=conversation_id), metadata=messaging.as_("hansen"))
    assert read.messages[0].body.endswith(secret)
    reply = messaging.stub.SendMessage(mpb.SendMessageRequest(conversation_id=conversation_id, body="Takk, vi ser på det"),
                                       metadata=messaging.as_("hansen"))
    assert reply.sender_role == mpb.PARTICIPANT_ROLE_PROVIDER
    after = messaging.stub.GetConversation(mpb.GetConversationRequest(conversation_id=conversation_id), metadata=messaging.as_("nora"))
    assert [(r.delivered, r.read) for r in after.messages[0].receipts] == [(True, True)]
    assert [m.body for m in after.messages] == [f"Jeg sover dårlig {secret}", "Takk, vi ser på det"]

    # Stored encrypted: neither subject nor body in the database in plain form.
    with messaging.wiring.db.engine.connect() as conn:
        dump = " ".join(str(row) for table in ("conversations", "messages", "outbox", "notifications")
                        for row in conn.execute(text(f"SELECT * FROM {table}")))
    assert secret not in dump
    sqlite_path = messaging.settings.database_url.split("///", 1)[-1]
    if messaging.settings.database_url.startswith("sqlite"):
        for suffix in ("", "-wal"):
            try:
                raw = open(sqlite_path + suffix, "rb").read()
            except FileNotFoundError:
                continue
            assert secret.encode() not in raw


def test_nobody_else_can_find_the_conversation(messaging):
    messaging.link("lund", "nils")  # a provider, but not nora's
    conversation_id = messaging.start("nora", ["hansen"]).conversation.id
    for outsider in ("lund", "admin.nordvik", "mia", "region.admin", "berg", "siri", "nils"):
        error = rpc_error(messaging.stub.GetConversation, mpb.GetConversationRequest(conversation_id=conversation_id),
                          metadata=messaging.as_(outsider))
        assert error.code() == grpc.StatusCode.NOT_FOUND, outsider
        send = rpc_error(messaging.stub.SendMessage, mpb.SendMessageRequest(conversation_id=conversation_id, body="x"),
                         metadata=messaging.as_(outsider))
        assert send.code() == grpc.StatusCode.NOT_FOUND, outsider


def test_writing_to_someone_outside_ones_care_is_refused(messaging):
    refused = rpc_error(messaging.start, "nora", ["lund"])
    assert refused.code() == grpc.StatusCode.NOT_FOUND and trailer(refused, "reconnect-field") == "participant_ids"
    other_tenant = rpc_error(messaging.start, "hansen", ["siri"])
    assert other_tenant.code() == grpc.StatusCode.NOT_FOUND
    by_moderator = rpc_error(messaging.start, "mia", ["nora"])
    assert by_moderator.code() == grpc.StatusCode.PERMISSION_DENIED
    # A provider may start a conversation with someone in their care.
    assert messaging.start("hansen", ["nora"], subject="Innkalling").conversation.id


def test_the_first_message_needs_the_terms_consent(messaging):
    newcomer = messaging.identity.newcomer()
    messaging.link("lund", newcomer)
    refused = rpc_error(messaging.start, newcomer, ["lund"])
    assert refused.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert trailer(refused, "reconnect-reason") == "terms_consent_required"
    messaging.consent(newcomer)
    assert messaging.start(newcomer, ["lund"]).conversation.id


def test_bad_input_is_named(messaging):
    cases = [
        (mpb.StartConversationRequest(subject="", participant_ids=[messaging.id("hansen")], first_message="x"), "subject"),
        (mpb.StartConversationRequest(subject="Hei", participant_ids=[messaging.id("hansen")], first_message="x" * 5001), "first_message"),
        (mpb.StartConversationRequest(subject="Hei", participant_ids=[], first_message="x"), "participant_ids"),
    ]
    for request, field in cases:
        error = rpc_error(messaging.stub.StartConversation, request, metadata=messaging.as_("nora"))
        assert error.code() == grpc.StatusCode.INVALID_ARGUMENT and trailer(error, "reconnect-field") == field


def test_retraction_within_the_window(messaging):
    conversation_id = messaging.start("nora", ["hansen"]).conversation.id
    oops = messaging.stub.SendMessage(mpb.SendMessageRequest(conversation_id=conversation_id, body="Feil person!"),
                                      metadata=messaging.as_("nora"))
    assert oops.retractable
    assert rpc_error(messaging.stub.RetractMessage, mpb.RetractMessageRequest(message_id=oops.id),
                     metadata=messaging.as_("hansen")).code() == grpc.StatusCode.PERMISSION_DENIED
    retracted = messaging.stub.RetractMessage(mpb.RetractMessageRequest(message_id=oops.id), metadata=messaging.as_("nora"))
    assert retracted.retracted and retracted.body == ""
    seen = messaging.stub.GetConversation(mpb.GetConversationRequest(conversation_id=conversation_id), metadata=messaging.as_("hansen"))
    shown = next(m for m in seen.messages if m.id == oops.id)
    assert shown.retracted and shown.body == ""
    late = messaging.stub.SendMessage(mpb.SendMessageRequest(conversation_id=conversation_id, body="Gammel"), metadata=messaging.as_("nora"))
    with messaging.wiring.db.transaction() as session:
        session.execute(update(Message).where(Message.id == late.id).values(sent_at=datetime.now(UTC) - timedelta(minutes=11)))
    closed = rpc_error(messaging.stub.RetractMessage, mpb.RetractMessageRequest(message_id=late.id), metadata=messaging.as_("nora"))
    assert trailer(closed, "reconnect-reason") == "retract_window_closed"


def test_when_care_ends_the_provider_loses_access_and_the_service_user_keeps_it_read_only(messaging):
    messaging.link("lund", "nils")
    messaging.consent("nils")
    conversation_id = messaging.start("nils", ["lund"], body="Før slutten").conversation.id
    messaging.unlink("lund", "nils")
    gone = rpc_error(messaging.stub.GetConversation, mpb.GetConversationRequest(conversation_id=conversation_id), metadata=messaging.as_("lund"))
    assert gone.code() == grpc.StatusCode.NOT_FOUND
    inbox = messaging.stub.ListConversations(mpb.ListConversationsRequest(), metadata=messaging.as_("lund"))
    assert conversation_id not in [c.id for c in inbox.conversations]
    mine = messaging.stub.GetConversation(mpb.GetConversationRequest(conversation_id=conversation_id), metadata=messaging.as_("nils"))
    assert mine.conversation.read_only and mine.messages[0].body == "Før slutten"
    closed = rpc_error(messaging.stub.SendMessage, mpb.SendMessageRequest(conversation_id=conversation_id, body="Hallo?"),
                       metadata=messaging.as_("nils"))
    assert closed.code() == grpc.StatusCode.FAILED_PRECONDITION and trailer(closed, "reconnect-reason") == "read_only"


def test_a_provider_adds_a_colleague_from_the_care_team_and_the_service_user_sees_it(messaging):
    messaging.link("lund", "nora")
    conversation_id = messaging.start("nora", ["hansen"]).conversation.id
    stranger = rpc_error(messaging.stub.AddColleague, mpb.AddColleagueRequest(conversation_id=conversation_id, provider_id=messaging.id("berg")),
                         metadata=messaging.as_("hansen"))
    assert stranger.code() == grpc.StatusCode.NOT_FOUND
    by_user = rpc_error(messaging.stub.AddColleague, mpb.AddColleagueRequest(conversation_id=conversation_id, provider_id=messaging.id("lund")),
                        metadata=messaging.as_("nora"))
    assert by_user.code() == grpc.StatusCode.PERMISSION_DENIED
    messaging.stub.AddColleague(mpb.AddColleagueRequest(conversation_id=conversation_id, provider_id=messaging.id("lund")),
                                metadata=messaging.as_("hansen"))
    seen = messaging.stub.GetConversation(mpb.GetConversationRequest(conversation_id=conversation_id), metadata=messaging.as_("nora"))
    system = [m for m in seen.messages if m.system]
    assert [(m.system_kind, m.system_subject_id) for m in system] == [("colleague_added", messaging.id("lund"))]
    assert messaging.stub.GetConversation(mpb.GetConversationRequest(conversation_id=conversation_id), metadata=messaging.as_("lund")).conversation.id
    messaging.unlink("lund", "nora")


def test_the_service_user_sees_who_read_and_can_export_everything(messaging):
    conversation_id = messaging.start("nora", ["hansen"], subject="Eksport", body="Mine ord").conversation.id
    messaging.stub.SendMessage(mpb.SendMessageRequest(conversation_id=conversation_id, body="Svar fra meg"), metadata=messaging.as_("hansen"))
    log = messaging.stub.ListAccessLog(mpb.ListAccessLogRequest(conversation_id=conversation_id), metadata=messaging.as_("nora")).entries
    assert log == [], "sending is not reading"
    messaging.stub.GetConversation(mpb.GetConversationRequest(conversation_id=conversation_id), metadata=messaging.as_("hansen"))
    log = messaging.stub.ListAccessLog(mpb.ListAccessLogRequest(conversation_id=conversation_id), metadata=messaging.as_("nora")).entries
    assert [e.provider_id for e in log] == [messaging.id("hansen")] and log[0].read_at.seconds > 0
    assert rpc_error(messaging.stub.ListAccessLog, mpb.ListAccessLogRequest(), metadata=messaging.as_("hansen")).code() == grpc.StatusCode.PERMISSION_DENIED

    exported = json.loads(messaging.stub.Export(mpb.ExportRequest(), metadata=messaging.as_("nora")).json)
    conversation = next(c for c in exported["conversations"] if c["id"] == conversation_id)
    assert conversation["subject"] == "Eksport"
    assert [(m["author"], m["body"]) for m in conversation["messages"]] == [("you", "Mine ord"), ("provider", "Svar fra meg")]


def test_rotating_the_tenant_key_keeps_old_messages_readable(messaging):
    conversation_id = messaging.start("nora", ["hansen"], body="Skrevet under den gamle nøkkelen").conversation.id
    with messaging.wiring.db.transaction() as session:
        messaging.wiring.cipher.rotate(session, "nordvik")
    messaging.wiring.cipher.forget_cached_keys()
    messaging.stub.SendMessage(mpb.SendMessageRequest(conversation_id=conversation_id, body="Under den nye"), metadata=messaging.as_("nora"))
    seen = messaging.stub.GetConversation(mpb.GetConversationRequest(conversation_id=conversation_id), metadata=messaging.as_("hansen"))
    assert [m.body for m in seen.messages] == ["Skrevet under den gamle nøkkelen", "Under den nye"]


def test_messages_sent_at_once_get_one_number_each(messaging):
    import threading

    conversation_id = messaging.start("nora", ["hansen"]).conversation.id
    errors: list = []
    barrier = threading.Barrier(6)

    def send(username, n):
        try:
            barrier.wait(10)
            messaging.stub.SendMessage(mpb.SendMessageRequest(conversation_id=conversation_id, body=f"{username} {n}"),
                                       metadata=messaging.as_(username))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(u, n)) for n in range(3) for u in ("nora", "hansen")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    seen = messaging.stub.GetConversation(mpb.GetConversationRequest(conversation_id=conversation_id, page_size=50),
                                          metadata=messaging.as_("nora"))
    assert len(seen.messages) == 7 and len({m.id for m in seen.messages}) == 7
