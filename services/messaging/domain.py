"""Messaging's rules. A conversation is readable by its participants only — not by
tenant admins, moderators or the region — and a provider only while their care
relationship with the service user lasts (asked of identity on every call). After
every provider's relationship has ended, the service user keeps it read-only.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from prometheus_client import Counter, Histogram
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from reconnect.events.v1 import messaging_pb2 as events
from services.kit import auth, paging, tenants
from services.kit.auth import Caller
from services.kit.crypto import FieldCipher
from services.kit.db import Database, as_utc
from services.kit.directory import Directory
from services.kit.errors import FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from services.kit.outbox import Outbox
from services.messaging.store import AccessLog, Conversation, Message, Notification, Participant

SERVICE_USER = auth.SERVICE_USER
PROVIDER = auth.HEALTH_PROVIDER
SYSTEM = "system"
SUBJECT_LENGTH = (1, 150)
BODY_LENGTH = (1, 5000)
MAX_PARTICIPANTS = 10
RETRACT_WINDOW = timedelta(minutes=10)
DEFAULT_PAGE = 30
MAX_PAGE = 100

MESSAGES_SENT = Counter("reconnect_messages_sent_total", "Messages sent, by tenant and the sender's role.", ["tenant", "role"])
FIRST_REPLY_SECONDS = Histogram(
    "reconnect_messaging_first_provider_reply_seconds",
    "Time from a service user's first message to the first provider reply.",
    ["tenant"],
    buckets=(60, 300, 900, 3600, 4 * 3600, 12 * 3600, 24 * 3600, 3 * 24 * 3600, 7 * 24 * 3600),
)


def _now() -> datetime:
    return datetime.now(UTC)


def _id() -> str:
    return str(uuid.uuid4())


def _text(value: str, field: str, bounds: tuple[int, int]) -> str:
    value = value.strip()
    if len(value) < bounds[0]:
        raise InvalidArgument(f"{field} cannot be empty", field=field, reason="too_short")
    if len(value) > bounds[1]:
        raise InvalidArgument(f"{field} can have at most {bounds[1]} characters", field=field, reason="too_long")
    return value


def _page(size: int) -> int:
    if size < 0 or size > MAX_PAGE:
        raise InvalidArgument(f"page_size is 1-{MAX_PAGE}", field="page_size")
    return size or DEFAULT_PAGE


@dataclass
class ConversationView:
    conversation: Conversation
    subject: str
    participants: list[tuple[Participant, str, bool]]  # participant, pseudonym, active
    unread: int
    read_only: bool
    acute_help: str
    acute_help_contacts: list[tuple[str, str]]  # (name, phone)


@dataclass
class MessageView:
    message: Message
    body: str
    receipts: list[tuple[str, bool, bool]]  # account, delivered, read
    retractable: bool


@dataclass
class Access:
    conversation: Conversation
    me: Participant
    active_providers: set[str]
    read_only: bool


class Messaging:
    def __init__(self, db: Database, cipher: FieldCipher, outbox: Outbox, directory: Directory):
        self.db = db
        self.cipher = cipher
        self.outbox = outbox
        self.directory = directory

    # == access ===========================================================================

    def _role(self, caller: Caller) -> str:
        if caller.has(SERVICE_USER):
            return SERVICE_USER
        if caller.has(PROVIDER):
            return PROVIDER
        raise PermissionDenied("messaging is between service users and their providers", reason="role_required")

    def _access(self, session: Session, caller: Caller, conversation_id: str) -> Access:
        """The caller's place in a conversation; anyone else (admins included) finds nothing."""
        conversation = session.get(Conversation, conversation_id) if conversation_id else None
        me = session.get(Participant, (conversation_id, caller.account_id)) if conversation else None
        if conversation is None or me is None or conversation.tenant != caller.tenant:
            raise NotFound("no such conversation", field="conversation_id")
        providers = {p.account_id for p in self._participants(session, conversation.id) if p.role == PROVIDER}
        if me.role == PROVIDER:
            mine = {link.service_user_id for link in self.directory.care_links()}
            if conversation.service_user_id not in mine:
                # The care relationship has ended: no access at all, as if it never was.
                raise NotFound("no such conversation", field="conversation_id")
            return Access(conversation, me, {caller.account_id}, False)
        active = {link.provider_id for link in self.directory.care_links()} & providers
        return Access(conversation, me, active, not active)

    def _participants(self, session: Session, conversation_id: str) -> list[Participant]:
        return list(session.scalars(
            select(Participant).where(Participant.conversation_id == conversation_id).order_by(Participant.joined_at, Participant.account_id)
        ))

    def _require_terms(self, caller: Caller) -> None:
        if caller.has(SERVICE_USER) and not self.directory.has_current_terms_consent():
            raise FailedPrecondition(
                "accept the terms (ReConnect is not for emergencies) before writing", reason="terms_consent_required"
            )

    # == conversations ======================================================================

    def start(self, caller: Caller, subject: str, participant_ids: list[str], first_message: str) -> tuple[ConversationView, list[MessageView], str]:
        role = self._role(caller)
        subject = _text(subject, "subject", SUBJECT_LENGTH)
        body = _text(first_message, "first_message", BODY_LENGTH)
        others = list(dict.fromkeys(p for p in participant_ids if p and p != caller.account_id))
        if not others or len(others) > MAX_PARTICIPANTS:
            raise InvalidArgument(f"choose 1-{MAX_PARTICIPANTS} people to write to", field="participant_ids")
        links = self.directory.care_links()
        if role == SERVICE_USER:
            mine = {link.provider_id for link in links}
            if any(p not in mine for p in others):
                raise NotFound("you can write to your own providers only", field="participant_ids")
            self._require_terms(caller)
            service_user_id, providers = caller.account_id, others
        else:
            mine = {link.service_user_id for link in links}
            if len(others) != 1 or others[0] not in mine:
                raise NotFound("you can write to one person in your care", field="participant_ids")
            service_user_id, providers = others[0], [caller.account_id]
        now = _now()
        with self.db.transaction() as session:
            conversation = Conversation(
                id=_id(), tenant=caller.tenant, service_user_id=service_user_id, created_at=now, last_message_at=now,
                message_count=0, subject=self.cipher.encrypt(session, caller.tenant, "conversation.subject", subject),
            )
            session.add(conversation)
            session.add(Participant(conversation_id=conversation.id, account_id=service_user_id, role=SERVICE_USER, joined_at=now))
            for provider in providers:
                session.add(Participant(conversation_id=conversation.id, account_id=provider, role=PROVIDER, joined_at=now))
            session.flush()
            self.outbox.emit(session, "conversation_started", tenant=caller.tenant, actor=caller.account_id,
                             payload=events.ConversationStarted(conversation_id=conversation.id,
                                                                participant_ids=[service_user_id, *providers]))
            self._add_message(session, caller, conversation, role, body)
            conversation_id = conversation.id
        return self.get(caller, conversation_id, 0, "")

    def _add_message(self, session: Session, caller: Caller, conversation: Conversation, role: str, body: str) -> Message:
        now = _now()
        # Lock the row first: two messages sent at once must get numbers one after the other.
        session.refresh(conversation, with_for_update=True)
        conversation.message_count += 1
        conversation.last_message_at = now
        message = Message(
            id=_id(), conversation_id=conversation.id, seq=conversation.message_count, sender_id=caller.account_id,
            sender_role=role, sent_at=now, body=self.cipher.encrypt(session, conversation.tenant, "message.body", body),
        )
        session.add(message)
        me = session.get(Participant, (conversation.id, caller.account_id))
        me.last_read_seq = me.last_delivered_seq = message.seq  # one's own message is read
        if role == PROVIDER and conversation.first_provider_reply_at is None:
            conversation.first_provider_reply_at = now
            FIRST_REPLY_SECONDS.labels(conversation.tenant).observe((now - as_utc(conversation.created_at)).total_seconds())
        recipients = [p.account_id for p in self._participants(session, conversation.id) if p.account_id != caller.account_id]
        self.outbox.emit(session, "message_sent", tenant=conversation.tenant, actor=caller.account_id,
                         payload=events.MessageSent(conversation_id=conversation.id, message_id=message.id,
                                                    sender_id=caller.account_id, recipient_ids=recipients, sender_role=role))
        MESSAGES_SENT.labels(conversation.tenant, role).inc()
        return message

    def send(self, caller: Caller, conversation_id: str, body: str) -> MessageView:
        body = _text(body, "body", BODY_LENGTH)
        with self.db.transaction() as session:
            access = self._access(session, caller, conversation_id)
            role = access.me.role
            self._require_terms(caller)
            if access.read_only:
                raise FailedPrecondition("this conversation is closed for new messages", reason="read_only")
            message = self._add_message(session, caller, access.conversation, role, body)
            session.flush()
            return self._message_views(session, caller, access.conversation, [message])[0]

    def retract(self, caller: Caller, message_id: str) -> MessageView:
        with self.db.transaction() as session:
            message = session.get(Message, message_id) if message_id else None
            if message is None:
                raise NotFound("no such message", field="message_id")
            access = self._access(session, caller, message.conversation_id)
            if message.sender_id != caller.account_id:
                raise PermissionDenied("you can only take back your own messages", reason="not_own")
            if message.retracted_at is None:
                if _now() - as_utc(message.sent_at) > RETRACT_WINDOW:
                    raise FailedPrecondition("messages can be taken back for 10 minutes", reason="retract_window_closed")
                message.retracted_at = _now()
                message.body = None  # nothing of it remains
                self.outbox.emit(session, "message_retracted", tenant=caller.tenant, actor=caller.account_id,
                                 payload=events.MessageRetracted(conversation_id=message.conversation_id, message_id=message.id))
            return self._message_views(session, caller, access.conversation, [message])[0]

    def add_colleague(self, caller: Caller, conversation_id: str, provider_id: str) -> ConversationView:
        with self.db.transaction() as session:
            access = self._access(session, caller, conversation_id)
            if access.me.role != PROVIDER:
                raise PermissionDenied("providers add colleagues", reason="role_required")
            team = {link.provider_id for link in self.directory.care_links(service_user_id=access.conversation.service_user_id)}
            if provider_id not in team:
                raise NotFound("that provider is not in this person's care team", field="provider_id")
            if session.get(Participant, (conversation_id, provider_id)) is not None:
                raise FailedPrecondition("already in the conversation", field="provider_id", reason="already_participant")
            now = _now()
            session.add(Participant(conversation_id=conversation_id, account_id=provider_id, role=PROVIDER, joined_at=now))
            conversation = access.conversation
            session.refresh(conversation, with_for_update=True)
            conversation.message_count += 1
            session.add(Message(
                id=_id(), conversation_id=conversation.id, seq=conversation.message_count, sender_id=caller.account_id,
                sender_role=SYSTEM, system_kind="colleague_added", system_subject_id=provider_id, sent_at=now,
            ))
            session.flush()
            return self._conversation_view(session, caller, access)

    # == reading ==============================================================================

    def _conversation_view(self, session: Session, caller: Caller, access: Access) -> ConversationView:
        participants = self._participants(session, access.conversation.id)
        names = self.directory.names([p.account_id for p in participants])
        rows = [
            (p, names[p.account_id].pseudonym if p.account_id in names else "",
             p.role == SERVICE_USER or p.account_id in access.active_providers or access.me.role == PROVIDER)
            for p in participants
        ]
        subject = self.cipher.decrypt_optional(session, access.conversation.tenant, "conversation.subject", access.conversation.subject)
        unread = access.conversation.message_count - access.me.last_read_seq
        return ConversationView(access.conversation, subject, rows, max(unread, 0), access.read_only,
                                tenants.acute_help_text(access.conversation.tenant),
                                tenants.crisis_contacts(access.conversation.tenant))

    def _message_views(self, session: Session, caller: Caller, conversation: Conversation, messages: list[Message]) -> list[MessageView]:
        others = [p for p in self._participants(session, conversation.id) if p.account_id != caller.account_id]
        now = _now()
        views = []
        for message in messages:
            body = ""
            if message.body is not None:
                body = self.cipher.decrypt(session, conversation.tenant, "message.body", message.body)
            own = message.sender_id == caller.account_id
            receipts = [(p.account_id, p.last_delivered_seq >= message.seq, p.last_read_seq >= message.seq) for p in others] if own else []
            retractable = own and message.retracted_at is None and message.sender_role != SYSTEM and now - as_utc(message.sent_at) <= RETRACT_WINDOW
            views.append(MessageView(message, body, receipts, retractable))
        return views

    def get(self, caller: Caller, conversation_id: str, page_size: int, page_token: str) -> tuple[ConversationView, list[MessageView], str]:
        size = _page(page_size)
        cursor = paging.position_of(page_token, 1)
        with self.db.transaction() as session:
            access = self._access(session, caller, conversation_id)
            conversation = access.conversation
            before = int(cursor[0]) if cursor else conversation.message_count + 1
            rows = list(session.scalars(
                select(Message).where(Message.conversation_id == conversation.id, Message.seq < before)
                .order_by(Message.seq.desc()).limit(size + 1)
            ))
            page = list(reversed(rows[:size]))
            next_token = paging.page_token([page[0].seq]) if len(rows) > size else ""
            if not cursor:  # the newest page was shown: everything is read now
                access.me.last_read_seq = conversation.message_count
                access.me.last_delivered_seq = conversation.message_count
            if access.me.role == PROVIDER:
                session.add(AccessLog(id=_id(), conversation_id=conversation.id, provider_id=caller.account_id, read_at=_now()))
            session.flush()
            return self._conversation_view(session, caller, access), self._message_views(session, caller, conversation, page), next_token

    def list(self, caller: Caller, page_size: int, page_token: str) -> tuple[list[ConversationView], str, int]:
        role = self._role(caller)
        size = _page(page_size)
        cursor = paging.position_of(page_token, 2)
        links = self.directory.care_links()
        with self.db.transaction() as session:
            query = (
                select(Conversation, Participant)
                .join(Participant, Participant.conversation_id == Conversation.id)
                .where(Participant.account_id == caller.account_id, Conversation.tenant == caller.tenant)
            )
            if role == PROVIDER:
                query = query.where(Conversation.service_user_id.in_([link.service_user_id for link in links]))
            rows = session.execute(query.order_by(Conversation.last_message_at.desc(), Conversation.id.desc())).all()
            if cursor:
                last_at, last_id = datetime.fromisoformat(cursor[0]), cursor[1]
                rows = [r for r in rows if (as_utc(r[0].last_message_at), r[0].id) < (last_at, last_id)]
            unread_total = sum(max(c.message_count - p.last_read_seq, 0) for c, p in rows)
            page = rows[:size]
            next_token = paging.page_token([as_utc(page[-1][0].last_message_at).isoformat(), page[-1][0].id]) if len(rows) > size else ""
            views = []
            active = {link.provider_id for link in links}
            for conversation, me in page:
                me.last_delivered_seq = conversation.message_count  # it has reached the inbox
                providers = {p.account_id for p in self._participants(session, conversation.id) if p.role == PROVIDER}
                access = Access(conversation, me, {caller.account_id} if role == PROVIDER else providers & active,
                                role == SERVICE_USER and not (providers & active))
                views.append(self._conversation_view(session, caller, access))
            return views, next_token, unread_total

    def access_log(self, caller: Caller, conversation_id: str) -> list[tuple[AccessLog, str]]:
        if not caller.has(SERVICE_USER):
            raise PermissionDenied("the access log is the service user's", reason="role_required")
        with self.db.transaction() as session:
            if conversation_id:
                ids = [self._access(session, caller, conversation_id).conversation.id]
            else:
                ids = list(session.scalars(select(Conversation.id).where(
                    Conversation.service_user_id == caller.account_id, Conversation.tenant == caller.tenant)))
            entries = list(session.scalars(
                select(AccessLog).where(AccessLog.conversation_id.in_(ids)).order_by(AccessLog.read_at.desc(), AccessLog.id)
            )) if ids else []
        names = self.directory.names([e.provider_id for e in entries])
        return [(e, names[e.provider_id].pseudonym if e.provider_id in names else "") for e in entries]

    def export(self, caller: Caller) -> str:
        if not caller.has(SERVICE_USER):
            raise PermissionDenied("the export is the service user's", reason="role_required")
        with self.db.transaction() as session:
            conversations = session.scalars(select(Conversation).where(
                Conversation.service_user_id == caller.account_id, Conversation.tenant == caller.tenant
            ).order_by(Conversation.created_at))
            document = []
            for conversation in conversations:
                messages = session.scalars(select(Message).where(Message.conversation_id == conversation.id).order_by(Message.seq))
                document.append({
                    "id": conversation.id,
                    "subject": self.cipher.decrypt_optional(session, conversation.tenant, "conversation.subject", conversation.subject),
                    "created_at": as_utc(conversation.created_at).isoformat(),
                    "messages": [
                        {
                            "author": "you" if m.sender_id == caller.account_id else ("system" if m.sender_role == SYSTEM else "provider"),
                            "sent_at": as_utc(m.sent_at).isoformat(),
                            "retracted": m.retracted_at is not None,
                            "system": m.system_kind or "",
                            "body": self.cipher.decrypt(session, conversation.tenant, "message.body", m.body) if m.body else "",
                        }
                        for m in messages
                    ],
                })
        return json.dumps({"conversations": document, "exported_at": _now().isoformat()}, ensure_ascii=False, indent=2)

    # == notifications ==========================================================================

    def notifications(self, caller: Caller, page_size: int, page_token: str, unread_only: bool) -> tuple[list[Notification], str, int]:
        size = _page(page_size)
        cursor = paging.position_of(page_token, 2)
        with self.db.transaction() as session:
            query = select(Notification).where(Notification.account_id == caller.account_id)
            unread = session.scalars(query.where(Notification.read_at.is_(None))).all()
            if unread_only:
                query = query.where(Notification.read_at.is_(None))
            rows = list(session.scalars(query.order_by(Notification.created_at.desc(), Notification.id.desc())))
            if cursor:
                rows = [n for n in rows if (as_utc(n.created_at).isoformat(), n.id) < (cursor[0], cursor[1])]
            page = rows[:size]
            next_token = paging.page_token([as_utc(page[-1].created_at).isoformat(), page[-1].id]) if len(rows) > size else ""
            return page, next_token, len(unread)

    def mark_read(self, caller: Caller, ids: list[str]) -> int:
        with self.db.transaction() as session:
            query = select(Notification).where(Notification.account_id == caller.account_id, Notification.read_at.is_(None))
            if ids:
                query = query.where(Notification.id.in_(ids))
            for notification in session.scalars(query):
                notification.read_at = _now()
            session.flush()
            return len(session.scalars(select(Notification.id).where(
                Notification.account_id == caller.account_id, Notification.read_at.is_(None))).all())

    def notifications_after(self, caller: Caller, after: tuple[datetime, str] | None) -> list[Notification]:
        with self.db.transaction() as session:
            query = select(Notification).where(Notification.account_id == caller.account_id)
            if after is not None:
                at, notification_id = after
                query = query.where(or_(Notification.created_at > at,
                                        and_(Notification.created_at == at, Notification.id > notification_id)))
            return list(session.scalars(query.order_by(Notification.created_at, Notification.id).limit(100)))

    def position_of(self, caller: Caller, notification_id: str) -> tuple[datetime, str] | None:
        with self.db.transaction() as session:
            notification = session.get(Notification, notification_id) if notification_id else None
            if notification is None or notification.account_id != caller.account_id:
                return None
            return as_utc(notification.created_at), notification.id
