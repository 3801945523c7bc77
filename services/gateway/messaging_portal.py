"""Secure messaging and the notification feed in the web portal.

Pages: the inbox, a conversation (oldest message first, receipts on one's own messages,
retracted and system lines, the acute-help text always at the top, a reply form unless
the conversation is read-only), a new message to one's own providers (or, for a provider,
to someone in their care), the access log ("who read my messages, when"), the export, and
the notifications with a text per kind. Server-rendered and usable without JavaScript:
every action is a small form with a CSRF token. The only script is static/notifications.js,
which keeps the unread badge in the navigation live over server-sent events.

Messaging decides who may read and write what; these views turn its answers into pages.
"""

from __future__ import annotations

import re

import grpc
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from reconnect.identity.v1 import identity_pb2 as ipb
from reconnect.messaging.v1 import messaging_pb2 as mpb
from services.gateway import messaging_resources as res
from services.gateway import notification_stream, portal_session
from services.gateway.messaging_api import export_response
from services.gateway.messaging_client import MessagingClient
from services.gateway.portal import _terms_accepted, call, identity, role_page, signed_in_page, tenant_page
from services.kit.errors import details_from_rpc_error

messages_portal = Blueprint("messages", __name__, url_prefix="/messages")
notifications_portal = Blueprint("notifications", __name__, url_prefix="/notifications")

MESSAGING_ROLES = {ipb.ROLE_SERVICE_USER, ipb.ROLE_HEALTH_PROVIDER}
_ID = re.compile(r"^[A-Za-z0-9-]{1,100}$")


def messaging() -> MessagingClient:
    return current_app.extensions["reconnect_messaging"]


def _id(value: str) -> str:
    if not _ID.match(value or ""):
        abort(404)
    return value


def is_service_user() -> bool:
    return ipb.ROLE_SERVICE_USER in g.account.roles


def is_provider() -> bool:
    return ipb.ROLE_HEALTH_PROVIDER in g.account.roles


# A messaging page: signed in, a service user or a health provider.
messaging_page = role_page(MESSAGING_ROLES, "messaging")


def _problem_text(reason: str, fallback: str) -> str:
    texts = {
        "too_short": _("The text is too short."),
        "too_long": _("The text is too long. Shorten it a little."),
        "read_only": _("This conversation is closed for new messages."),
        "retract_window_closed": _("Messages can only be taken back in the first 10 minutes."),
        "not_own": _("You can only take back your own messages."),
    }
    return texts.get(reason, fallback)


# -- names ----------------------------------------------------------------------------------


def _names(conversation: mpb.Conversation) -> dict[str, str]:
    """What to call each participant on this page: "You", a pseudonym, or the role."""
    names = {}
    for participant in conversation.participants:
        if participant.account_id == g.account.id:
            names[participant.account_id] = _("You")
        elif participant.pseudonym:
            names[participant.account_id] = participant.pseudonym
        elif participant.role == mpb.PARTICIPANT_ROLE_PROVIDER:
            names[participant.account_id] = _("Health provider")
        else:
            names[participant.account_id] = _("Service user")
    return names


def _others(conversation: mpb.Conversation, names: dict[str, str]) -> str:
    return ", ".join(names[p.account_id] for p in conversation.participants if p.account_id != g.account.id)


def _receipt(message: mpb.Message, names: dict[str, str]) -> str:
    receipts = list(message.receipts)
    if not receipts or message.retracted:
        return ""
    if len(receipts) == 1:
        only = receipts[0]
        return _("Read") if only.read else (_("Delivered") if only.delivered else _("Sent"))
    read = [names.get(r.account_id, "?") for r in receipts if r.read]
    delivered = [names.get(r.account_id, "?") for r in receipts if r.delivered and not r.read]
    parts = []
    if read:
        parts.append(_("Read by %(names)s", names=", ".join(read)))
    if delivered:
        parts.append(_("Delivered to %(names)s", names=", ".join(delivered)))
    return " · ".join(parts) or _("Sent")


# -- inbox and conversations ------------------------------------------------------------------


@messages_portal.get("")
@messaging_page
def inbox():
    page_token = request.args.get("page_token", "")
    try:
        page = call(lambda token: messaging().list_conversations(token, 0, page_token))
    except grpc.RpcError as error:
        if error.code() != grpc.StatusCode.INVALID_ARGUMENT:
            raise
        abort(404)  # a page token that is not (or no longer) valid
    rows = []
    for conversation in page.conversations:
        names = _names(conversation)
        rows.append({"conversation": conversation, "with": _others(conversation, names)})
    return render_template("messages/inbox.html", rows=rows, next_page_token=page.next_page_token,
                           first_page=not page_token, unread_total=page.unread_total,
                           service_user=is_service_user())


def _conversation_page(conversation_id: str, *, draft: str = "", error: str = "", status: int = 200):
    page_token = request.args.get("page_token", "")
    try:
        reply = call(lambda token: messaging().get_conversation(token, conversation_id, 0, page_token))
    except grpc.RpcError as rpc_error:
        if rpc_error.code() not in (grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.NOT_FOUND):
            raise
        abort(404)
    conversation = reply.conversation
    names = _names(conversation)
    if not page_token:
        _mark_conversation_notifications_read(conversation_id)
    lines = []
    for message in reply.messages:
        line = {"message": message, "mine": message.sender_id == g.account.id and not message.system,
                "sender": names.get(message.sender_id, _("Former participant")),
                "receipt": _receipt(message, names) if message.sender_id == g.account.id else ""}
        if message.system and message.system_kind == "colleague_added":
            line["system_text"] = _("%(who)s added %(colleague)s to the conversation.",
                                    who=line["sender"], colleague=names.get(message.system_subject_id, _("a colleague")))
        elif message.system:
            line["system_text"] = _("The conversation was changed.")
        lines.append(line)
    return render_template(
        "messages/conversation.html", conversation=conversation, lines=lines, names=names,
        next_page_token=reply.next_page_token, first_page=not page_token, draft=draft, error=error,
        service_user=is_service_user(),
    ), status


def _mark_conversation_notifications_read(conversation_id: str) -> None:
    """Reading a conversation answers its "new message" notifications too."""
    try:
        unread = call(lambda token: messaging().notifications(token, 100, "", True)).notifications
        ids = [n.id for n in unread if n.conversation_id == conversation_id]
        if ids:
            call(lambda token: messaging().mark_read(token, ids))
    except grpc.RpcError:
        pass  # the badge stays a little longer; the conversation itself is shown


@messages_portal.get("/<conversation_id>")
@messaging_page
def conversation(conversation_id: str):
    return _conversation_page(_id(conversation_id))


@messages_portal.post("/<conversation_id>/reply")
@messaging_page
def reply(conversation_id: str):
    conversation_id = _id(conversation_id)
    body = request.form.get("body", "").strip()
    if not body:
        return _conversation_page(conversation_id, draft=body, error=_("Write something in the message."), status=400)
    try:
        call(lambda token: messaging().send(token, conversation_id, body))
    except grpc.RpcError as error:
        field, reason = details_from_rpc_error(error)
        if error.code() == grpc.StatusCode.FAILED_PRECONDITION and reason == "terms_consent_required":
            return _terms_first(url_for("messages.conversation", conversation_id=conversation_id))
        if error.code() in (grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.FAILED_PRECONDITION):
            message = _problem_text(reason, _("The message could not be sent."))
            return _conversation_page(conversation_id, draft=body, error=message, status=400)
        if error.code() == grpc.StatusCode.NOT_FOUND:
            abort(404)
        raise
    flash(_("Your message is sent."), "success")
    return redirect(url_for("messages.conversation", conversation_id=conversation_id, _anchor="reply-heading"))


def _terms_first(back: str):
    flash(_("Before you write, read and accept the terms of use. ReConnect is not for emergencies."), "info")
    return redirect(url_for("portal.terms", next=back))


@messages_portal.post("/<conversation_id>/retract/<message_id>")
@messaging_page
def retract(conversation_id: str, message_id: str):
    conversation_id, message_id = _id(conversation_id), _id(message_id)
    try:
        call(lambda token: messaging().retract(token, message_id))
    except grpc.RpcError as error:
        _field, reason = details_from_rpc_error(error)
        if error.code() == grpc.StatusCode.NOT_FOUND:
            abort(404)
        if error.code() not in (grpc.StatusCode.FAILED_PRECONDITION, grpc.StatusCode.PERMISSION_DENIED):
            raise
        flash(_problem_text(reason, _("The message could not be taken back.")), "error")
    else:
        flash(_("The message is taken back. Nobody can read it any more."), "success")
    return redirect(url_for("messages.conversation", conversation_id=conversation_id))


# -- a new conversation -----------------------------------------------------------------------


def _choices() -> list[dict]:
    """Whom the caller can write to: their providers, or (providers) the people in their care."""
    relationships = call(lambda token: identity().list_care_relationships(token))
    choices = []
    if is_service_user():
        for r in relationships:
            if r.service_user_id == g.account.id:
                choices.append({"id": r.provider_id, "name": r.provider_pseudonym or _("Health provider")})
    else:
        number = 0
        for r in relationships:
            if r.provider_id == g.account.id:
                name = r.service_user_pseudonym
                if not name:
                    number += 1
                    name = _("Person in your care without a pseudonym (%(number)s)", number=number)
                choices.append({"id": r.service_user_id, "name": name})
    return sorted(choices, key=lambda c: c["name"].lower())


@messages_portal.route("/new", methods=["GET", "POST"])
@messaging_page
def new():
    choices = _choices()
    terms_accepted = True
    if is_service_user():
        terms_accepted = _terms_accepted(call(identity().list_consents))
    form = {"subject": "", "body": "", "to": [request.args.get("to", "")]}
    errors: dict[str, str] = {}

    def page(status: int = 200):
        return render_template("messages/new.html", choices=choices, form=form, errors=errors,
                               terms_accepted=terms_accepted, service_user=is_service_user()), status

    if request.method == "GET" or not terms_accepted:
        return page(200 if request.method == "GET" else 409)
    form = {
        "subject": request.form.get("subject", "").strip(),
        "body": request.form.get("body", "").strip(),
        "to": request.form.getlist("to"),
    }
    allowed = {c["id"] for c in choices}
    if not form["to"] or any(t not in allowed for t in form["to"]):
        errors["to"] = _("Choose who to write to.") if is_service_user() else _("Choose the person to write to.")
    elif not is_service_user() and len(form["to"]) != 1:
        errors["to"] = _("Choose one person to write to.")
    if not form["subject"]:
        errors["subject"] = _("Write a subject.")
    if not form["body"]:
        errors["body"] = _("Write something in the message.")
    if errors:
        return page(400)
    try:
        started = call(lambda token: messaging().start(token, form["subject"], form["to"], form["body"]))
    except grpc.RpcError as error:
        field, reason = details_from_rpc_error(error)
        if error.code() == grpc.StatusCode.FAILED_PRECONDITION and reason == "terms_consent_required":
            terms_accepted = False
            return page(409)
        target = {"subject": "subject", "first_message": "body", "participant_ids": "to"}.get(field)
        if target and error.code() in (grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.NOT_FOUND):
            errors[target] = _problem_text(reason, _("Check this field."))
            return page(400)
        raise
    flash(_("Your message is sent."), "success")
    return redirect(url_for("messages.conversation", conversation_id=started.conversation.id))


# -- access log and export ----------------------------------------------------------------------


@messages_portal.get("/access-log")
@messaging_page
def access_log():
    if not is_service_user():
        return render_template("error.html", status=403, reason="access_log"), 403
    conversation_id = request.args.get("conversation", "")
    if conversation_id:
        _id(conversation_id)
    try:
        entries = call(lambda token: messaging().access_log(token, conversation_id))
    except grpc.RpcError as error:
        if error.code() != grpc.StatusCode.NOT_FOUND:
            raise
        abort(404)
    subjects = {}
    listing = call(lambda token: messaging().list_conversations(token, 100, ""))
    for c in listing.conversations:
        subjects[c.id] = c.subject
    return render_template("messages/access_log.html", entries=entries, subjects=subjects,
                           conversation_id=conversation_id)


@messages_portal.get("/export")
@messaging_page
def export():
    if not is_service_user():
        return render_template("error.html", status=403, reason="access_log"), 403
    return export_response(call(lambda token: messaging().export(token)))


# -- notifications --------------------------------------------------------------------------------


def notification_text(kind: str) -> str:
    texts = {
        "message": _("You have a new message."),
        "forum_reply": _("Someone replied in your thread in the forum."),
        "forum_mention": _("Someone mentioned you in the forum."),
        "post_flagged": _("A post in the forum was sent to the moderators."),
        "crisis_flagged": _("A post in the forum may be from someone in crisis. Please look at it soon."),
        "circle_post": _("There is a new post in a closed thread of your circle."),
        "cafe_reminder": _("Reminder: a ReConnect café is coming up."),
        "cafe_seat": _("A seat became free: you have a place at the café."),
        "cafe_moved": _("A café you signed up for has a new time or place."),
        "cafe_cancelled": _("A café you signed up for is cancelled."),
        "cafe_match_proposed": _("Someone could go to the café with you. Have a look at the suggestion."),
        "cafe_match_confirmed": _("You are going to the café together with someone."),
    }
    return texts.get(kind, _("There is something new for you in ReConnect."))


def notification_link_text(kind: str) -> str:
    if kind == "message":
        return _("Read the message")
    if kind in ("post_flagged", "crisis_flagged"):
        return _("Go to the moderation queue")
    return _("Go to the post")


@notifications_portal.get("")
@signed_in_page
def feed():
    page_token = request.args.get("page_token", "")
    try:
        page = call(lambda token: messaging().notifications(token, 0, page_token, False))
    except grpc.RpcError as error:
        if error.code() != grpc.StatusCode.INVALID_ARGUMENT:
            raise
        abort(404)
    items = []
    for n in page.notifications:
        page_link = res.notification_links(n)["page"]
        items.append({"notification": n, "text": notification_text(n.kind),
                      "link": page_link if page_link != "/notifications" else "",
                      "link_text": notification_link_text(n.kind)})
    return render_template("notifications.html", items=items, unread_count=page.unread_count,
                           next_page_token=page.next_page_token, first_page=not page_token)


@notifications_portal.post("/read")
@signed_in_page
def mark_read():
    call(lambda token: messaging().mark_read(token, []))
    flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("notifications.feed"))


@notifications_portal.get("/stream")
@tenant_page
def stream():
    """The live feed for the portal's own script, signed in by the session cookie."""
    try:
        token = portal_session.access_token(g.tenant.slug)
    except portal_session.SignedOut:
        return "", 204  # tells EventSource to stop trying
    return notification_stream.event_stream(token, notification_stream.after_id_from_request())


@notifications_portal.app_context_processor
def _unread_badge():
    """The unread count for the navigation badge, and where the live stream should resume."""
    tenant = g.get("tenant")
    if tenant is None or not portal_session.is_signed_in(tenant.slug) or request.endpoint == "notifications.stream":
        return {}
    try:
        page = portal_session.call(tenant.slug, lambda token: messaging().notifications(token, 1, "", False))
    except (grpc.RpcError, portal_session.SignedOut):
        return {}  # no badge rather than no page
    latest = page.notifications[0].id if page.notifications else ""
    roles = portal_session.role_hint(tenant.slug)
    return {"notification_badge": {"count": page.unread_count,
                                   "stream": url_for("notifications.stream", after=latest or None)},
            "messaging_member": bool(roles & {"service_user", "health_provider"})}
