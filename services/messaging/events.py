"""What messaging consumes: every event that should reach someone's notification feed.

Each consumer is durable and idempotent (the kit records processed event ids in the
same transaction as the notifications), so a redelivered event never notifies twice.
Notifications name what happened and where; they never carry what was written.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from reconnect.events.v1 import cafes_pb2 as cafe_events
from reconnect.events.v1 import envelope_pb2
from reconnect.events.v1 import forum_pb2 as forum_events
from reconnect.events.v1 import lifecycle_pb2 as lifecycle
from reconnect.events.v1 import messaging_pb2 as messaging_events
from services.kit.bus import Consumer, PermanentFailure
from services.kit.crypto import FieldCipher
from services.kit.db import Database
from services.kit.outbox import unpack
from services.messaging.store import Conversation, Message, Notification, OutsideDelivery

log = logging.getLogger(__name__)

# Kinds that also go out by e-mail or SMS ("you have a new message in ReConnect").
OUTSIDE_KINDS = frozenset({"message", "cafe_reminder", "cafe_seat"})


class OutsideChannel(Protocol):
    """E-mail or SMS. Says only that there is something new; never content, never names.
    ``delivery_id`` is stable across retries, for the gateway's own de-duplication."""

    def send(self, delivery_id: str, account_id: str, kind: str) -> None: ...


class LoggingChannel:
    """The local stand-in: logs that a message would have gone out."""

    def send(self, delivery_id: str, account_id: str, kind: str) -> None:
        log.info("outside_notification", extra={"kind": kind, "delivery_id": delivery_id})


def notify(session: Session, event: envelope_pb2.Event, account_ids, kind: str, **about: str) -> None:
    now = datetime.now(UTC)
    for account_id in dict.fromkeys(a for a in account_ids if a and a != event.actor):
        notification = Notification(
            id=str(uuid.uuid4()), account_id=account_id, tenant=event.tenant, kind=kind, source_event_id=event.id,
            created_at=now, **{k: v or None for k, v in about.items()},
        )
        session.add(notification)
        if kind in OUTSIDE_KINDS:
            session.add(OutsideDelivery(id=str(uuid.uuid4()), notification_id=notification.id, account_id=account_id,
                                        kind=kind, created_at=now))


def on_message(session: Session, event: envelope_pb2.Event) -> None:
    if event.type != "messaging.message_sent":
        return
    sent = unpack(event, messaging_events.MessageSent)
    notify(session, event, sent.recipient_ids, "message", conversation_id=sent.conversation_id)


def on_forum(session: Session, event: envelope_pb2.Event) -> None:
    if event.type == "forum.reply_to_your_thread":
        reply = unpack(event, forum_events.ReplyToYourThread)
        notify(session, event, [reply.thread_author_id], "forum_reply", thread_id=reply.thread_id, post_id=reply.post_id)
    elif event.type == "forum.mention":
        mention = unpack(event, forum_events.Mention)
        notify(session, event, [mention.mentioned_id], "forum_mention", thread_id=mention.thread_id, post_id=mention.post_id)
    elif event.type == "forum.post_flagged":
        flagged = unpack(event, forum_events.PostFlagged)
        notify(session, event, flagged.moderator_ids, "post_flagged", subject_id=flagged.space_id)
    elif event.type == "forum.crisis_flagged":
        crisis = unpack(event, forum_events.CrisisFlagged)
        notify(session, event, crisis.moderator_ids, "crisis_flagged", subject_id=crisis.space_id)
    elif event.type == "forum.post_created":
        created = unpack(event, forum_events.PostCreated)
        if created.closed_thread:  # a circle's members hear of new posts in their closed threads
            notify(session, event, created.audience_ids, "circle_post", thread_id=created.thread_id, post_id=created.post_id)


def on_cafes(session: Session, event: envelope_pb2.Event) -> None:
    if event.type == "events.reminder_due":
        due = unpack(event, cafe_events.ReminderDue)
        notify(session, event, [due.account_id], "cafe_reminder", subject_id=due.occurrence_id)
    elif event.type == "events.waitlist_promoted":
        promoted = unpack(event, cafe_events.WaitlistPromoted)
        notify(session, event, [promoted.account_id], "cafe_seat", subject_id=promoted.occurrence_id)
    elif event.type == "events.occurrence_changed":
        changed = unpack(event, cafe_events.OccurrenceChanged)
        kind = "cafe_cancelled" if changed.change == cafe_events.OccurrenceChanged.CHANGE_CANCELLED else "cafe_moved"
        notify(session, event, changed.audience_ids, kind, subject_id=changed.occurrence_id)
    elif event.type == "events.match_made":
        match = unpack(event, cafe_events.MatchMade)
        notify(session, event, match.account_ids, "cafe_match_confirmed" if match.confirmed else "cafe_match_proposed",
               subject_id=match.occurrence_id)


CONSUMERS = [
    Consumer("messaging-notifications", "MESSAGING", "messaging.*.message_sent", on_message),
    Consumer("messaging-forum", "FORUM", "forum.>", on_forum),
    Consumer("messaging-cafes", "EVENTS", "events.>", on_cafes),
]


class OutsideSender:
    """Sends queued outside notifications; marks each sent right after sending."""

    def __init__(self, db: Database, channel: OutsideChannel):
        self.db = db
        self.channel = channel

    def __call__(self) -> int:
        with self.db.transaction() as session:
            pending = list(session.scalars(
                select(OutsideDelivery).where(OutsideDelivery.sent_at.is_(None)).order_by(OutsideDelivery.created_at).limit(100)
            ))
            for delivery in pending:
                self.channel.send(delivery.id, delivery.account_id, delivery.kind)
                delivery.sent_at = datetime.now(UTC)
            return len(pending)


def erase_account(session: Session, account_id: str) -> None:
    """Conversations keep only what the other participants need: their own messages and
    that something was said. The erased person's words, subjects they wrote and their
    feed are removed."""
    for message in session.scalars(select(Message).where(Message.sender_id == account_id)):
        message.body = None
        message.retracted_at = message.retracted_at or datetime.now(UTC)
    for conversation in session.scalars(select(Conversation).where(Conversation.service_user_id == account_id)):
        conversation.subject = b""  # the subject is the service user's words too
    session.execute(delete(OutsideDelivery).where(OutsideDelivery.account_id == account_id))
    session.execute(delete(Notification).where(Notification.account_id == account_id))


def account_moved_consumer(cipher: FieldCipher) -> Consumer:
    """The account moved municipality (identity's ``account_moved``). A service user's
    conversations are theirs, so they move along: subject and every message re-sealed under
    the new tenant's key, the tenant changed. The providers' care relationships ended with
    the move, so the person keeps them read-only, now in the new municipality. (Where the
    moved account was a provider, the conversations stay with their service users.)
    The feed is keyed by account, so notifications need nothing. A redelivery finds no
    conversation left in the old tenant and changes nothing."""

    def handle(session: Session, event: envelope_pb2.Event) -> None:
        try:
            moved = unpack(event, lifecycle.AccountMoved)
        except ValueError as exc:
            raise PermanentFailure(str(exc)) from exc
        old, new = moved.from_tenant, moved.to_tenant
        if not moved.account_id or not old or not new:
            raise PermanentFailure("account_moved without account or tenants")
        if old == new:
            return
        conversations = session.scalars(select(Conversation).where(
            Conversation.service_user_id == moved.account_id, Conversation.tenant == old))
        for conversation in conversations:
            subject = cipher.decrypt_optional(session, old, "conversation.subject", conversation.subject)
            conversation.subject = cipher.encrypt(session, new, "conversation.subject", subject) if conversation.subject else b""
            for message in session.scalars(select(Message).where(Message.conversation_id == conversation.id,
                                                                 Message.body.is_not(None))):
                message.body = cipher.encrypt(session, new, "message.body",
                                              cipher.decrypt(session, old, "message.body", message.body))
            conversation.tenant = new

    return Consumer("messaging-account-moved", "IDENTITY", "identity.*.account_moved", handle)
