"""A service user who moves municipality keeps their conversations (read-only, since the
care relationships ended with the move), now under the new tenant's key; the provider no
longer finds them; the feed keeps working; a redelivered account_moved changes nothing."""

from __future__ import annotations

import uuid

import grpc
from sqlalchemy import select

from reconnect.events.v1 import envelope_pb2
from reconnect.events.v1 import lifecycle_pb2 as lifecycle
from reconnect.identity.v1 import identity_pb2 as ipb
from reconnect.messaging.v1 import messaging_pb2 as mpb
from services.kit.crypto import FieldCipher
from services.messaging.store import KIT, Conversation, Message
from tests.conftest import rpc_error, wait_for
from tests.identity.test_account_move import new_municipality
from tests.kit.test_bus import _publish_raw


def _sealed(messaging, conversation_id: str) -> tuple[str, list[bytes]]:
    with messaging.service.db.transaction() as session:
        conversation = session.get(Conversation, conversation_id)
        bodies = list(session.scalars(select(Message.body).where(Message.conversation_id == conversation_id)
                                      .order_by(Message.seq)))
        return conversation.tenant, [conversation.subject, *bodies]


def _key_tenants(messaging, blobs: list[bytes]) -> set[str]:
    with messaging.service.db.transaction() as session:
        return set(session.scalars(select(KIT.data_keys.c.tenant).where(
            KIT.data_keys.c.id.in_([FieldCipher.key_id_of(b) for b in blobs if b]))))


def test_conversations_move_with_their_service_user_and_stay_read_only(messaging):
    identity = messaging.identity
    person = identity.newcomer()
    person_id = identity.ids[person]
    identity.stub.AddCareRelationship(ipb.AddCareRelationshipRequest(
        provider_id=messaging.id("hansen"), service_user_id=person_id), metadata=messaging.as_("admin.nordvik"))
    messaging.consent(person)
    words = f"Før flyttingen {uuid.uuid4().hex[:8]}"
    started = messaging.start(person, ["hansen"], subject="Flytting", body=words)
    conversation_id = started.conversation.id
    messaging.stub.SendMessage(mpb.SendMessageRequest(conversation_id=conversation_id, body="Svar fra behandler"),
                               metadata=messaging.as_("hansen"))
    assert _key_tenants(messaging, _sealed(messaging, conversation_id)[1]) == {"nordvik"}

    there, there_admin = new_municipality(identity)
    move = identity.stub.StartAccountMove(ipb.StartAccountMoveRequest(account_id=person_id, to_tenant=there),
                                          metadata=messaging.as_("admin.nordvik"))
    identity.stub.AcceptAccountMove(ipb.AcceptAccountMoveRequest(move_id=move.id), metadata=identity.as_(there_admin))
    wait_for(lambda: _sealed(messaging, conversation_id)[0] == there, message="the conversation moved")
    tenant, blobs = _sealed(messaging, conversation_id)
    assert _key_tenants(messaging, blobs) == {there}

    moved = [("authorization", f"Bearer {identity.login(there, person).access_token}")]
    kept = messaging.stub.GetConversation(mpb.GetConversationRequest(conversation_id=conversation_id), metadata=moved)
    assert kept.conversation.read_only and [m.body for m in kept.messages][:2] == [words, "Svar fra behandler"]
    refused = rpc_error(messaging.stub.SendMessage, mpb.SendMessageRequest(conversation_id=conversation_id, body="Hei"),
                        metadata=moved)
    assert refused.code() == grpc.StatusCode.FAILED_PRECONDITION
    gone = rpc_error(messaging.stub.GetConversation, mpb.GetConversationRequest(conversation_id=conversation_id),
                     metadata=messaging.as_("hansen"))
    assert gone.code() == grpc.StatusCode.NOT_FOUND
    feed = messaging.stub.ListNotifications(mpb.ListNotificationsRequest(), metadata=moved).notifications
    assert conversation_id in [n.conversation_id for n in feed if n.kind == "message"], "the feed is the person's"

    # The same event again (a new message id, so JetStream delivers it): nothing changes.
    event = envelope_pb2.Event(id=str(uuid.uuid4()), type="identity.account_moved", tenant="nordvik")
    event.payload.Pack(lifecycle.AccountMoved(account_id=person_id, from_tenant="nordvik", to_tenant=there))
    _publish_raw(messaging.settings.nats_url, "identity.nordvik.account_moved", event, msg_id=event.id)
    marker = identity.newcomer()
    identity.stub.AddCareRelationship(ipb.AddCareRelationshipRequest(
        provider_id=messaging.id("hansen"), service_user_id=identity.ids[marker]), metadata=messaging.as_("admin.nordvik"))
    messaging.consent(marker)
    marked = messaging.start(marker, ["hansen"], subject="Markør", body="Markør").conversation.id
    after = envelope_pb2.Event(id=str(uuid.uuid4()), type="identity.account_moved", tenant="nordvik")
    after.payload.Pack(lifecycle.AccountMoved(account_id=identity.ids[marker], from_tenant="nordvik", to_tenant="ostby"))
    _publish_raw(messaging.settings.nats_url, "identity.nordvik.account_moved", after, msg_id=after.id)
    wait_for(lambda: _sealed(messaging, marked)[0] == "ostby", message="the later event was handled")
    assert _sealed(messaging, conversation_id) == (tenant, blobs)
