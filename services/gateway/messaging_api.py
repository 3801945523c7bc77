"""Secure messaging and the notification feed in the REST API: ``/api/v1/conversations``,
``/api/v1/messages``, ``/api/v1/notifications``.

Each route maps one gRPC call. Messaging decides everything that matters: a conversation
exists only for its participants (anyone else — an admin of the same municipality, a
provider without a care relationship, anyone elsewhere — gets 404), a service user accepts
the terms before writing (409, reason ``terms_consent_required``), a conversation whose
care relationships have all ended is read-only (409, reason ``read_only``), a message can be
taken back for ten minutes (409, reason ``retract_window_closed``). The gateway validates
the request's shape and passes the caller's own token on.

``GET /api/v1/notifications/stream`` is the live feed as server-sent events; see
notification_stream.py.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Response, current_app, jsonify, url_for

from services.gateway import messaging_resources as res
from services.gateway import notification_stream
from services.gateway.api import bearer_token
from services.gateway.api_blueprint import api_blueprint, flag, page_size, page_token
from services.gateway.messaging_client import MessagingClient
from services.gateway.problems import Problem
from services.gateway.schemas import (
    ColleagueBody,
    MarkNotificationsReadBody,
    MessageBody,
    StartConversationBody,
    parse_body,
)

messaging_api = api_blueprint("messaging_api", __name__)


def messaging() -> MessagingClient:
    return current_app.extensions["reconnect_messaging"]


# Conversations


@messaging_api.get("/conversations")
def list_conversations():
    token = bearer_token()
    return jsonify(res.conversation_page(messaging().list_conversations(token, page_size(), page_token())))


@messaging_api.post("/conversations")
def start_conversation():
    token = bearer_token()
    body = parse_body(StartConversationBody)
    reply = messaging().start(token, body.subject, body.participant_ids, body.first_message)
    response = jsonify(res.conversation_with_messages(reply))
    response.status_code = 201
    response.headers["Location"] = url_for("messaging_api.get_conversation", conversation_id=reply.conversation.id)
    return response


@messaging_api.get("/conversations/<conversation_id>")
def get_conversation(conversation_id: str):
    token = bearer_token()
    reply = messaging().get_conversation(token, conversation_id, page_size(), page_token())
    return jsonify(res.conversation_with_messages(reply))


@messaging_api.post("/conversations/<conversation_id>/messages")
def send_message(conversation_id: str):
    token = bearer_token()
    body = parse_body(MessageBody)
    sent = messaging().send(token, conversation_id, body.body)
    response = jsonify(res.message(sent))
    response.status_code = 201
    response.headers["Location"] = url_for("messaging_api.get_conversation", conversation_id=conversation_id)
    return response


@messaging_api.post("/messages/<message_id>/retract")
def retract_message(message_id: str):
    return jsonify(res.message(messaging().retract(bearer_token(), message_id)))


@messaging_api.post("/conversations/<conversation_id>/colleagues")
def add_colleague(conversation_id: str):
    token = bearer_token()
    body = parse_body(ColleagueBody)
    return jsonify(res.conversation(messaging().add_colleague(token, conversation_id, body.provider_id)))


@messaging_api.get("/conversations/access-log")
def access_log():
    return jsonify(res.access_log(messaging().access_log(bearer_token())))


@messaging_api.get("/conversations/<conversation_id>/access-log")
def conversation_access_log(conversation_id: str):
    return jsonify(res.access_log(messaging().access_log(bearer_token(), conversation_id)))


def export_response(document: str) -> Response:
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    response = Response(document, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="reconnect-messages-{day}.json"'
    return response


@messaging_api.get("/conversations/export")
def export():
    return export_response(messaging().export(bearer_token()))


# Notifications


@messaging_api.get("/notifications")
def list_notifications():
    token = bearer_token()
    reply = messaging().notifications(token, page_size(), page_token(), flag("unread_only"))
    return jsonify(res.notification_page(reply))


@messaging_api.post("/notifications/read")
def mark_notifications_read():
    token = bearer_token()
    body = parse_body(MarkNotificationsReadBody)
    if body.all == bool(body.ids):
        raise Problem(400, "invalid-request", "Invalid request",
                      "ids: give the ids to mark read, or all: true, not both", field="ids")
    return jsonify({"unread_count": messaging().mark_read(token, [] if body.all else body.ids)})


@messaging_api.get("/notifications/stream")
def notification_stream_api():
    token = bearer_token()
    return notification_stream.event_stream(token, notification_stream.after_id_from_request())
