"""A thin, typed wrapper over the MessagingService stub.

Like the identity and forum clients: every call carries the request id and the caller's
own access token as gRPC metadata, and a deadline. Messaging decides who may read and
write what (participants only, providers only while the care relationship lasts, the
terms consent before writing); the gateway never does. The stub is built per call from
the per-process channel, so a forked worker never touches its parent's.
"""

from __future__ import annotations

from reconnect.messaging.v1 import messaging_pb2 as pb
from reconnect.messaging.v1 import messaging_pb2_grpc
from services.kit import client

TIMEOUT_SECONDS = 5.0

NOTIFICATION_KINDS = (
    "message", "forum_reply", "forum_mention", "post_flagged", "crisis_flagged", "circle_post",
    "cafe_reminder", "cafe_seat", "cafe_moved", "cafe_cancelled", "cafe_match_proposed", "cafe_match_confirmed",
)
ROLE_NAMES = {pb.PARTICIPANT_ROLE_SERVICE_USER: "service_user", pb.PARTICIPANT_ROLE_PROVIDER: "provider"}


class MessagingClient:
    def __init__(self, address: str, timeout: float = TIMEOUT_SECONDS):
        self.address = address
        self.timeout = timeout

    def _stub(self) -> messaging_pb2_grpc.MessagingServiceStub:
        return messaging_pb2_grpc.MessagingServiceStub(client.channel(self.address))

    def _call(self, method: str, request, access_token: str):
        return getattr(self._stub(), method)(request, metadata=client.call_metadata(access_token), timeout=self.timeout)

    # Conversations
    def start(self, token: str, subject: str, participant_ids: list[str], first_message: str) -> pb.GetConversationResponse:
        request = pb.StartConversationRequest(subject=subject, participant_ids=participant_ids, first_message=first_message)
        return self._call("StartConversation", request, token)

    def list_conversations(self, token: str, page_size: int = 0, page_token: str = "") -> pb.ListConversationsResponse:
        return self._call("ListConversations", pb.ListConversationsRequest(page_size=page_size, page_token=page_token), token)

    def get_conversation(self, token: str, conversation_id: str, page_size: int = 0,
                         page_token: str = "") -> pb.GetConversationResponse:
        request = pb.GetConversationRequest(conversation_id=conversation_id, page_size=page_size, page_token=page_token)
        return self._call("GetConversation", request, token)

    def send(self, token: str, conversation_id: str, body: str) -> pb.Message:
        return self._call("SendMessage", pb.SendMessageRequest(conversation_id=conversation_id, body=body), token)

    def retract(self, token: str, message_id: str) -> pb.Message:
        return self._call("RetractMessage", pb.RetractMessageRequest(message_id=message_id), token)

    def add_colleague(self, token: str, conversation_id: str, provider_id: str) -> pb.Conversation:
        request = pb.AddColleagueRequest(conversation_id=conversation_id, provider_id=provider_id)
        return self._call("AddColleague", request, token)

    def access_log(self, token: str, conversation_id: str = "") -> list[pb.AccessLogEntry]:
        return list(self._call("ListAccessLog", pb.ListAccessLogRequest(conversation_id=conversation_id), token).entries)

    def export(self, token: str) -> str:
        return self._call("Export", pb.ExportRequest(), token).json

    # The notification feed
    def notifications(self, token: str, page_size: int = 0, page_token: str = "",
                      unread_only: bool = False) -> pb.ListNotificationsResponse:
        request = pb.ListNotificationsRequest(page_size=page_size, page_token=page_token, unread_only=unread_only)
        return self._call("ListNotifications", request, token)

    def mark_read(self, token: str, notification_ids: list[str]) -> int:
        """Marks the given notifications read (none given: all of them); the unread count left."""
        request = pb.MarkNotificationsReadRequest(notification_ids=notification_ids)
        return self._call("MarkNotificationsRead", request, token).unread_count

    def watch(self, token: str, after_id: str, lifetime_seconds: float):
        """New notifications as they arrive: an iterator that is also a gRPC call, so the
        caller can ``cancel()`` it. The deadline ends the stream after ``lifetime_seconds``."""
        request = pb.WatchNotificationsRequest(after_id=after_id)
        return self._stub().WatchNotifications(request, metadata=client.call_metadata(token), timeout=lifetime_seconds)
