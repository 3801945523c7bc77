"""The JSON shapes of conversations, messages and the notification feed.

Times are ISO 8601 UTC (``…Z``); a time that is not set is ``null``. A notification names
what happened and where — its kind and the ids it is about — never what anyone wrote; the
texts people read are made by the portal (or an app) from the kind.
"""

from __future__ import annotations

from reconnect.messaging.v1 import messaging_pb2 as pb
from services.gateway.messaging_client import ROLE_NAMES
from services.gateway.resources import timestamp


def _time(message, name: str) -> str | None:
    value = getattr(message, name)
    return timestamp(value, message.HasField(name) and bool(value.seconds or value.nanos))


def participant(message: pb.Participant) -> dict:
    return {
        "account_id": message.account_id,
        "role": ROLE_NAMES.get(message.role, "unspecified"),
        "pseudonym": message.pseudonym,
        "active": message.active,
        "joined_at": _time(message, "joined_at"),
    }


def conversation(message: pb.Conversation) -> dict:
    return {
        "id": message.id,
        "subject": message.subject,
        "participants": [participant(p) for p in message.participants],
        "created_at": _time(message, "created_at"),
        "last_message_at": _time(message, "last_message_at"),
        "unread_count": message.unread_count,
        "read_only": message.read_only,
        "acute_help_text": message.acute_help_text,
        "acute_help_contacts": [{"name": c.name, "phone": c.phone} for c in message.acute_help_contacts],
    }


def message(item: pb.Message) -> dict:
    return {
        "id": item.id,
        "conversation_id": item.conversation_id,
        "sender_id": item.sender_id,
        "sender_role": "system" if item.system else ROLE_NAMES.get(item.sender_role, "unspecified"),
        "body": item.body,
        "retracted": item.retracted,
        "system": item.system,
        "system_kind": item.system_kind,
        "system_subject_id": item.system_subject_id,
        "sent_at": _time(item, "sent_at"),
        "receipts": [{"account_id": r.account_id, "delivered": r.delivered, "read": r.read} for r in item.receipts],
        "retractable": item.retractable,
    }


def conversation_with_messages(reply: pb.GetConversationResponse) -> dict:
    return {
        "conversation": conversation(reply.conversation),
        "messages": [message(m) for m in reply.messages],
        "next_page_token": reply.next_page_token,
    }


def conversation_page(reply: pb.ListConversationsResponse) -> dict:
    return {
        "conversations": [conversation(c) for c in reply.conversations],
        "next_page_token": reply.next_page_token,
        "unread_total": reply.unread_total,
    }


def access_log(entries: list[pb.AccessLogEntry]) -> dict:
    return {"entries": [
        {"conversation_id": e.conversation_id, "provider_id": e.provider_id,
         "provider_pseudonym": e.provider_pseudonym, "read_at": _time(e, "read_at")}
        for e in entries
    ]}


def notification_links(item: pb.Notification) -> dict:
    """Where the notification leads: the API resource and the portal page. Plain paths, so
    the live stream can build them after its request has ended."""
    links: dict[str, str] = {}
    if item.conversation_id:
        links["conversation"] = f"/api/v1/conversations/{item.conversation_id}"
        links["page"] = f"/messages/{item.conversation_id}"
    elif item.thread_id:
        links["thread"] = f"/api/v1/forum/threads/{item.thread_id}"
        links["page"] = f"/forum/threads/{item.thread_id}" + (f"#post-{item.post_id}" if item.post_id else "")
    elif item.kind in ("post_flagged", "crisis_flagged"):
        links["page"] = "/forum/moderation"
    else:
        links["page"] = "/notifications"
    return links


def notification(item: pb.Notification) -> dict:
    return {
        "id": item.id,
        "kind": item.kind,
        "conversation_id": item.conversation_id,
        "thread_id": item.thread_id,
        "post_id": item.post_id,
        "subject_id": item.subject_id,
        "links": notification_links(item),
        "created_at": _time(item, "created_at"),
        "read": item.read,
    }


def notification_page(reply: pb.ListNotificationsResponse) -> dict:
    return {
        "notifications": [notification(n) for n in reply.notifications],
        "next_page_token": reply.next_page_token,
        "unread_count": reply.unread_count,
    }
