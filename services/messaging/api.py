"""The gRPC face of messaging: proto in, proto out. Rules live in domain.py."""

from __future__ import annotations

import time

from reconnect.messaging.v1 import messaging_pb2 as pb
from reconnect.messaging.v1 import messaging_pb2_grpc
from services.kit import auth
from services.kit.db import as_utc
from services.kit.proto_time import timestamp
from services.messaging.domain import PROVIDER, SERVICE_USER, SYSTEM, ConversationView, MessageView, Messaging
from services.messaging.store import Notification

SERVICE_NAME = pb.DESCRIPTOR.services_by_name["MessagingService"].full_name
PUBLIC_METHODS: frozenset[str] = frozenset()
WATCH_POLL_SECONDS = 0.5
_ROLE = {SERVICE_USER: pb.PARTICIPANT_ROLE_SERVICE_USER, PROVIDER: pb.PARTICIPANT_ROLE_PROVIDER}


def conversation_pb(view: ConversationView) -> pb.Conversation:
    c = view.conversation
    return pb.Conversation(
        id=c.id, subject=view.subject, created_at=timestamp(c.created_at), last_message_at=timestamp(c.last_message_at),
        unread_count=view.unread, read_only=view.read_only, acute_help_text=view.acute_help,
        acute_help_contacts=[pb.AcuteHelpContact(name=name, phone=phone) for name, phone in view.acute_help_contacts],
        participants=[pb.Participant(account_id=p.account_id, role=_ROLE.get(p.role, 0), pseudonym=name, active=active,
                                     joined_at=timestamp(p.joined_at)) for p, name, active in view.participants],
    )


def message_pb(view: MessageView) -> pb.Message:
    m = view.message
    return pb.Message(
        id=m.id, conversation_id=m.conversation_id, sender_id=m.sender_id, sender_role=_ROLE.get(m.sender_role, 0),
        body=view.body, retracted=m.retracted_at is not None, system=m.sender_role == SYSTEM,
        system_kind=m.system_kind or "", system_subject_id=m.system_subject_id or "", sent_at=timestamp(m.sent_at),
        receipts=[pb.Receipt(account_id=a, delivered=d, read=r) for a, d, r in view.receipts], retractable=view.retractable,
    )


def notification_pb(n: Notification) -> pb.Notification:
    return pb.Notification(
        id=n.id, kind=n.kind, conversation_id=n.conversation_id or "", thread_id=n.thread_id or "",
        post_id=n.post_id or "", subject_id=n.subject_id or "", created_at=timestamp(n.created_at), read=n.read_at is not None,
    )


class MessagingApi(messaging_pb2_grpc.MessagingServiceServicer):
    def __init__(self, messaging: Messaging):
        self.messaging = messaging

    def _conversation(self, result) -> pb.GetConversationResponse:
        view, messages, token = result
        return pb.GetConversationResponse(conversation=conversation_pb(view), messages=[message_pb(m) for m in messages],
                                          next_page_token=token)

    def StartConversation(self, request, context):
        return self._conversation(self.messaging.start(
            auth.require_caller(), request.subject, list(request.participant_ids), request.first_message))

    def ListConversations(self, request, context):
        views, token, unread = self.messaging.list(auth.require_caller(), request.page_size, request.page_token)
        return pb.ListConversationsResponse(conversations=[conversation_pb(v) for v in views], next_page_token=token,
                                            unread_total=unread)

    def GetConversation(self, request, context):
        return self._conversation(self.messaging.get(
            auth.require_caller(), request.conversation_id, request.page_size, request.page_token))

    def SendMessage(self, request, context):
        return message_pb(self.messaging.send(auth.require_caller(), request.conversation_id, request.body))

    def RetractMessage(self, request, context):
        return message_pb(self.messaging.retract(auth.require_caller(), request.message_id))

    def AddColleague(self, request, context):
        return conversation_pb(self.messaging.add_colleague(auth.require_caller(), request.conversation_id, request.provider_id))

    def ListAccessLog(self, request, context):
        entries = self.messaging.access_log(auth.require_caller(), request.conversation_id)
        return pb.ListAccessLogResponse(entries=[
            pb.AccessLogEntry(conversation_id=e.conversation_id, provider_id=e.provider_id, provider_pseudonym=name,
                              read_at=timestamp(e.read_at)) for e, name in entries
        ])

    def Export(self, request, context):
        return pb.ExportResponse(json=self.messaging.export(auth.require_caller()))

    def ListNotifications(self, request, context):
        rows, token, unread = self.messaging.notifications(
            auth.require_caller(), request.page_size, request.page_token, request.unread_only)
        return pb.ListNotificationsResponse(notifications=[notification_pb(n) for n in rows], next_page_token=token,
                                            unread_count=unread)

    def MarkNotificationsRead(self, request, context):
        return pb.MarkNotificationsReadResponse(
            unread_count=self.messaging.mark_read(auth.require_caller(), list(request.notification_ids)))

    def WatchNotifications(self, request, context):
        caller = auth.require_caller()
        after = self.messaging.position_of(caller, request.after_id)
        if after is None:
            latest = self.messaging.notifications(caller, 1, "", False)[0]
            after = (as_utc(latest[0].created_at), latest[0].id) if latest else None
        # Polls its own database: cheap with the feed index, and right with several replicas.
        while context.is_active():
            for notification in self.messaging.notifications_after(caller, after):
                after = (as_utc(notification.created_at), notification.id)
                yield notification_pb(notification)
            time.sleep(WATCH_POLL_SECONDS)
