"""The OpenAPI 3.1 description of ``/api``, served at ``/api/openapi.json``.

Request schemas come from the same pydantic models that validate the bodies, so the
document cannot drift from what the gateway accepts. A test walks the URL map and fails
when a route is missing here, or described here but not served.
"""

from __future__ import annotations

from flask import Blueprint, jsonify

from services.gateway.forum_client import REACTION_KINDS
from services.gateway.identity_client import ROLES_BY_NAME
from services.gateway.messaging_client import NOTIFICATION_KINDS
from services.gateway.schemas import (
    AnswerBody,
    CareRelationshipBody,
    CategoryBody,
    CheckBody,
    CircleBody,
    ColleagueBody,
    ConsentBody,
    EditPostBody,
    InviteBody,
    LoginBody,
    MarkNotificationsReadBody,
    MessageBody,
    MoveThreadBody,
    NewAccountBody,
    NewThreadBody,
    PseudonymBody,
    ReadOnlyBody,
    ReasonBody,
    RefreshBody,
    ReplyBody,
    RevealBody,
    SpaceBody,
    StartConversationBody,
    WordListsBody,
)

docs = Blueprint("openapi", __name__)

_TIMESTAMP = {"type": ["string", "null"], "format": "date-time"}

COMPONENT_SCHEMAS: dict[str, dict] = {
    "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details (media type application/problem+json).",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"type": "string", "format": "uri"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "field": {"type": "string", "description": "The request field at fault, when there is one."},
            "reason": {"type": "string", "description": (
                "The service's machine-readable reason, when it gives one: e.g. `national_id` (a national ID "
                "number cannot be posted), `pseudonym_required` (choose a pseudonym first), `locked`, "
                "`read_only`, `edit_window_closed`, `moderator_required`; in messaging `terms_consent_required` (accept "
                "the terms first), `read_only` (every care relationship has ended), `retract_window_closed`, "
                "`not_own`, `role_required`, `already_participant`.")},
            "request_id": {"type": "string"},
        },
    },
    "TokenPair": {
        "type": "object",
        "required": ["access_token", "access_expires_at", "refresh_token", "refresh_expires_at", "token_type"],
        "properties": {
            "access_token": {"type": "string"},
            "access_expires_at": _TIMESTAMP,
            "refresh_token": {"type": "string"},
            "refresh_expires_at": _TIMESTAMP,
            "token_type": {"const": "Bearer"},
        },
    },
    "Account": {
        "type": "object",
        "required": ["id", "tenant", "username", "roles", "pseudonym"],
        "properties": {
            "id": {"type": "string"},
            "tenant": {"type": "string"},
            "username": {"type": "string"},
            "roles": {"type": "array", "items": {"enum": list(ROLES_BY_NAME)}},
            "pseudonym": {"type": "string", "description": "Empty until chosen."},
            "real_name": {"type": "string", "description": "Only for the account itself and its tenant's admins."},
            "email": {"type": "string"},
            "phone": {"type": "string"},
            "active": {"type": "boolean"},
            "created_at": _TIMESTAMP,
        },
    },
    "AccountPage": {
        "type": "object",
        "properties": {
            "accounts": {"type": "array", "items": {"$ref": "#/components/schemas/Account"}},
            "next_page_token": {"type": "string"},
        },
    },
    "Consent": {
        "type": "object",
        "properties": {
            "kind": {"enum": ["terms", "research"]},
            "version": {"type": "string"},
            "given_at": _TIMESTAMP,
            "withdrawn": {"type": "boolean"},
        },
    },
    "Consents": {
        "type": "object",
        "properties": {
            "consents": {"type": "array", "items": {"$ref": "#/components/schemas/Consent"}},
            "current_terms_version": {"type": "string"},
            "current_research_version": {"type": "string"},
        },
    },
    "Tenant": {
        "type": "object",
        "properties": {
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "locale": {"type": "string"},
            "time_zone": {"type": "string"},
        },
    },
    "CareRelationship": {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "tenant": {"type": "string"},
            "provider_id": {"type": "string"},
            "service_user_id": {"type": "string"},
            "provider_pseudonym": {"type": "string"},
            "service_user_pseudonym": {"type": "string"},
            "created_at": _TIMESTAMP,
        },
    },
    "CareRelationships": {
        "type": "object",
        "properties": {
            "relationships": {"type": "array", "items": {"$ref": "#/components/schemas/CareRelationship"}},
        },
    },
}



def _object(properties: dict, required: list[str] | None = None, description: str = "") -> dict:
    schema: dict = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    if description:
        schema["description"] = description
    return schema


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _list_of(name: str) -> dict:
    return {"type": "array", "items": _ref(name)}


_STRING = {"type": "string"}
_INT = {"type": "integer"}
_BOOL = {"type": "boolean"}
_PAGE_TOKEN = {"type": "string", "description": "Empty on the last page."}
_CONTACT = _object({"name": _STRING, "phone": _STRING}, ["name", "phone"])

COMPONENT_SCHEMAS |= {
    "Space": _object({"id": _STRING, "name": _STRING, "tenants": {"type": "array", "items": _STRING},
                      "created_at": _TIMESTAMP, "i_moderate": _BOOL}, ["id", "name", "tenants"]),
    "Spaces": _object({"spaces": _list_of("Space")}, ["spaces"]),
    "Category": _object({"id": _STRING, "space_id": _STRING, "name": _STRING, "description": _STRING,
                         "thread_count": _INT,
                         "unread_count": _INT | {"description": "Posts the caller has not read, in threads the caller can see."}},
                        ["id", "space_id", "name"]),
    "Categories": _object({"categories": _list_of("Category")}, ["categories"]),
    "Author": _object({
        "account_id": _STRING,
        "pseudonym": _STRING,
        "revealed_name": _STRING | {"description": "Only where the author revealed themselves to the caller; else empty."},
        "moderator": _BOOL,
    }, ["account_id", "pseudonym"]),
    "Thread": _object({
        "id": _STRING, "space_id": _STRING, "category_id": _STRING, "title": _STRING, "author": _ref("Author"),
        "circle_id": _STRING | {"description": "Non-empty: closed to that circle."}, "closed": _BOOL,
        "pinned": _BOOL, "locked": _BOOL, "exercise": _BOOL, "cafe_id": _STRING,
        "created_at": _TIMESTAMP, "last_post_at": _TIMESTAMP, "post_count": _INT, "view_count": _INT,
        "unread_count": _INT, "new_since_last_visit": _BOOL,
    }, ["id", "title", "author"]),
    "ThreadPage": _object({"threads": _list_of("Thread"), "next_page_token": _PAGE_TOKEN},
                          ["threads", "next_page_token"]),
    "ReactionCount": _object({"kind": {"enum": list(REACTION_KINDS)}, "count": _INT, "mine": _BOOL}),
    "Post": _object({
        "id": _STRING, "thread_id": _STRING, "author": _ref("Author"),
        "body_html": _STRING | {"description": "Sanitised HTML; empty for deleted posts and, except to their "
                                               "author and moderators, hidden ones."},
        "body_markdown": _STRING | {"description": "Only for the post's author, for editing."},
        "sensitive": _BOOL | {"description": "Show collapsed until the reader opens it."},
        "hidden": _BOOL,
        "hidden_reason": _STRING | {"description": "Only for the author and moderators."},
        "deleted": _BOOL, "created_at": _TIMESTAMP, "edited_at": _TIMESTAMP,
        "reactions": _list_of("ReactionCount"), "mine": _BOOL,
        "editable": _BOOL | {"description": "The caller may still edit or delete it."},
    }, ["id", "thread_id", "author"]),
    "ThreadWithPosts": _object({"thread": _ref("Thread"), "posts": _list_of("Post"), "next_page_token": _PAGE_TOKEN},
                               ["thread", "posts", "next_page_token"]),
    "Finding": _object({
        "kind": {"enum": ["phone", "email", "national_id", "address", "place", "date_near_place"]},
        "start": _INT | {"description": "Offset in Unicode code points into the text checked."},
        "end": _INT,
        "blocking": _BOOL | {"description": "National ID numbers are refused outright."},
    }, ["kind", "start", "end"], "A detail in a draft that could identify someone in a small community."),
    "CheckResult": _object({"findings": _list_of("Finding"), "title_findings": _list_of("Finding")},
                           ["findings", "title_findings"]),
    "CrisisContact": _CONTACT,
    "PostResult": _object({
        "published": _BOOL | {"description": "false: held back because the check found details; see findings, "
                                              "then edit, or send again with post_anyway."},
        "thread": {"oneOf": [_ref("Thread"), {"type": "null"}]},
        "post": {"oneOf": [_ref("Post"), {"type": "null"}]},
        "findings": _list_of("Finding"),
        "title_findings": _list_of("Finding"),
        "crisis_help": {"type": "array", "items": _ref("CrisisContact"),
                        "description": "Only in the author's own answer, when the words suggest a crisis: where to "
                                       "get acute help. Nothing public marks the post."},
    }, ["published", "findings", "title_findings", "crisis_help"]),
    "SearchHit": _object({"thread": _ref("Thread"), "post": _ref("Post"), "rank": {"type": "number"}}),
    "SearchPage": _object({"hits": _list_of("SearchHit"), "next_page_token": _PAGE_TOKEN}, ["hits", "next_page_token"]),
    "QueueItem": _object({
        "flag_id": _STRING, "post_id": _STRING, "thread_id": _STRING,
        "reason": _STRING | {"description": "`crisis_language` for the automatic check."},
        "crisis": _BOOL,
        "post": {"oneOf": [_ref("Post"), {"type": "null"}],
                 "description": "null for a post in a circle's closed thread."},
        "flagged_at": _TIMESTAMP,
    }, ["flag_id", "crisis"]),
    "ModerationQueue": _object({"items": _list_of("QueueItem")}, ["items"],
                               "Unresolved flags, crisis first, oldest first."),
    "ModerationAction": _object({"id": _STRING, "moderator_id": _STRING, "action": _STRING, "target_id": _STRING,
                                 "reason": _STRING, "at": _TIMESTAMP}),
    "ModerationLog": _object({"actions": _list_of("ModerationAction")}, ["actions"]),
    "PostRevisions": _object({"revisions": {"type": "array", "items": _object(
        {"body_markdown": _STRING, "replaced_at": _TIMESTAMP})}}, ["revisions"]),
    "WordLists": _object({"places": {"type": "array", "items": _STRING},
                          "crisis_words": {"type": "array", "items": _STRING},
                          "crisis_contacts": _list_of("CrisisContact")}),
    "UsageStats": _object({
        "tenant": _STRING,
        "posts_written": {"type": ["integer", "null"]},
        "posts_viewed": {"type": ["integer", "null"]},
        "threads_started": {"type": ["integer", "null"]},
        "active_authors": {"type": ["integer", "null"]},
    }, ["tenant"], "Figures for one tenant; null where suppressed below the k-anonymity threshold (researchers)."),
    "Reveal": _object({"account_id": _STRING, "viewer_id": _STRING,
                       "name": _STRING | {"description": "The revealed name, only ever shown to the viewer."},
                       "pseudonym": _STRING | {"description": "The other side's pseudonym."},
                       "created_at": _TIMESTAMP}),
    "Reveals": _object({"given": _list_of("Reveal"), "received": _list_of("Reveal")}, ["given", "received"]),
    "CircleMember": _object({"account_id": _STRING, "pseudonym": _STRING,
                             "revealed_name": _STRING | {"description": "Shown to fellow members only."},
                             "accepted": _BOOL}),
    "Circle": _object({"id": _STRING, "name": _STRING, "members": _list_of("CircleMember"),
                       "created_at": _TIMESTAMP}),
    "Circles": _object({"circles": _list_of("Circle"), "invitations": _list_of("Circle")}, ["circles", "invitations"]),
}

_ROLE = {"enum": ["service_user", "provider", "system", "unspecified"]}
COMPONENT_SCHEMAS |= {
    "Participant": _object({"account_id": _STRING, "role": _ROLE, "pseudonym": _STRING,
                            "active": _BOOL | {"description": "false: a provider whose care relationship has ended."},
                            "joined_at": _TIMESTAMP}, ["account_id", "role", "active"]),
    "Conversation": _object({
        "id": _STRING, "subject": _STRING, "participants": _list_of("Participant"),
        "created_at": _TIMESTAMP, "last_message_at": _TIMESTAMP,
        "unread_count": _INT,
        "read_only": _BOOL | {"description": "The service user's view after every care relationship ended: "
                                             "readable, no new messages."},
        "acute_help_text": _STRING | {"description": "Where to get acute help; show it on every conversation view."},
        "acute_help_contacts": {"type": "array", "description": "The same contacts one by one, to present in the "
                                "reader's language.", "items": _object({"name": _STRING, "phone": _STRING},
                                                                         ["name", "phone"])},
    }, ["id", "subject", "participants", "unread_count", "read_only", "acute_help_text", "acute_help_contacts"]),
    "Receipt": _object({"account_id": _STRING, "delivered": _BOOL, "read": _BOOL}, ["account_id", "delivered", "read"]),
    "Message": _object({
        "id": _STRING, "conversation_id": _STRING, "sender_id": _STRING, "sender_role": _ROLE,
        "body": _STRING | {"description": "Empty when retracted and for system lines."},
        "retracted": _BOOL,
        "system": _BOOL | {"description": "A system line, e.g. a colleague was added."},
        "system_kind": {"enum": ["", "colleague_added"]},
        "system_subject_id": _STRING | {"description": "For colleague_added: the provider added."},
        "sent_at": _TIMESTAMP,
        "receipts": {"type": "array", "items": _ref("Receipt"),
                     "description": "Only on the caller's own messages: who has it, who has read it."},
        "retractable": _BOOL | {"description": "The caller may still take it back (10 minutes)."},
    }, ["id", "conversation_id", "sender_role", "body", "retracted", "system", "receipts", "retractable"]),
    "ConversationPage": _object({"conversations": _list_of("Conversation"), "next_page_token": _PAGE_TOKEN,
                                 "unread_total": _INT}, ["conversations", "next_page_token", "unread_total"]),
    "ConversationWithMessages": _object({
        "conversation": _ref("Conversation"),
        "messages": {"type": "array", "items": _ref("Message"), "description": "Oldest first within the page."},
        "next_page_token": _PAGE_TOKEN | {"description": "For older messages; empty when there are none."},
    }, ["conversation", "messages", "next_page_token"]),
    "AccessLogEntry": _object({"conversation_id": _STRING, "provider_id": _STRING, "provider_pseudonym": _STRING,
                               "read_at": _TIMESTAMP}),
    "AccessLog": _object({"entries": _list_of("AccessLogEntry")}, ["entries"],
                         "When which provider read the caller's conversations, newest first."),
    "MessagesExport": {"type": "object", "description": (
        "The caller's conversations and messages, each message marked by author (`you`, `provider`, `system`); "
        "served as an attachment."),
        "properties": {"conversations": {"type": "array", "items": {"type": "object"}}, "exported_at": _TIMESTAMP}},
    "NotificationLinks": _object({
        "page": _STRING | {"description": "The portal page it leads to."},
        "conversation": _STRING, "thread": _STRING,
    }, ["page"]),
    "Notification": _object({
        "id": _STRING,
        "kind": {"enum": list(NOTIFICATION_KINDS),
                 "description": "What happened; the text to show is made from the kind. Never content."},
        "conversation_id": _STRING, "thread_id": _STRING, "post_id": _STRING,
        "subject_id": _STRING | {"description": "A forum space (flags) or a café occurrence."},
        "links": _ref("NotificationLinks"),
        "created_at": _TIMESTAMP, "read": _BOOL,
    }, ["id", "kind", "links", "created_at", "read"]),
    "NotificationPage": _object({"notifications": _list_of("Notification"), "next_page_token": _PAGE_TOKEN,
                                 "unread_count": _INT}, ["notifications", "next_page_token", "unread_count"]),
    "UnreadCount": _object({"unread_count": _INT}, ["unread_count"]),
}

for _model in (LoginBody, RefreshBody, PseudonymBody, ConsentBody, NewAccountBody, CareRelationshipBody,
               SpaceBody, CategoryBody, CheckBody, NewThreadBody, ReplyBody, EditPostBody, ReasonBody,
               MoveThreadBody, ReadOnlyBody, WordListsBody, RevealBody, CircleBody, InviteBody, AnswerBody,
               StartConversationBody, MessageBody, ColleagueBody, MarkNotificationsReadBody):
    _schema = _model.model_json_schema(ref_template="#/components/schemas/{model}")
    # Nested models (a crisis contact in the word lists) become components of their own.
    COMPONENT_SCHEMAS.update(_schema.pop("$defs", {}))
    COMPONENT_SCHEMAS[_model.__name__] = _schema

_PROBLEM_CONTENT = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
_PROBLEM_TEXT = {
    400: "Malformed JSON, a missing field or a value of the wrong type; `field` names it.",
    401: "No, expired or invalid access token.",
    403: "The token does not allow this.",
    404: "Unknown tenant or resource.",
    409: "Conflicts with the current state; `reason` says which (e.g. `locked`, `read_only`, "
         "`pseudonym_required`, `edit_window_closed`, `terms_consent_required`, `retract_window_closed`).",
    415: "The body is not application/json.",
    429: "Too many attempts; see Retry-After.",
    503: "A service behind the gateway is unavailable; see Retry-After.",
}


def _json(ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def _operation(summary: str, *, ok: int = 200, result: str | None = None, body: str | None = None,
               auth: bool = True, problems: tuple[int, ...] = (), parameters: list | None = None,
               tag: str = "") -> dict:
    responses: dict[str, dict] = {}
    responses[str(ok)] = {"description": "Success"} | ({"content": _json(result)} if result else {})
    codes = set(problems) | {404, 503}
    if auth:
        codes |= {401, 403}
    if body:
        codes |= {400, 415}
    for code in sorted(codes):
        responses[str(code)] = {"description": _PROBLEM_TEXT[code], "content": _PROBLEM_CONTENT}
    responses["default"] = {"description": "Unexpected error (only a request id).", "content": _PROBLEM_CONTENT}
    operation: dict = {"summary": summary, "responses": responses, "tags": [tag] if tag else []}
    operation["security"] = [{"bearer": []}] if auth else []
    if body:
        operation["requestBody"] = {"required": True, "content": _json(body)}
    if parameters:
        operation["parameters"] = parameters
    return operation


def _path_param(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def _query_param(name: str, schema: dict, description: str = "") -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


_PAGING = [
    _query_param("page_size", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}),
    _query_param("page_token", {"type": "string"}, "next_page_token of the previous page"),
]
_REACTION = _path_param("kind") | {"schema": {"enum": list(REACTION_KINDS)}}
_POSTING = (
    "Answers 201 with the post when it is published, or 200 with `published: false` and the findings when the "
    "check found details that could identify someone (send again with `post_anyway` to publish). A national ID "
    "number is refused: 400, reason `national_id`. `crisis_help` is given only in this, the author's own, answer."
)


def _forum(summary: str, tag: str = "forum", **kwargs) -> dict:
    return _operation(summary, tag=tag, **kwargs)


FORUM_PATHS: dict[str, dict] = {
    "/api/v1/forum/spaces": {
        "get": _forum("Spaces the caller's municipality takes part in", result="Spaces"),
        "post": _forum("Create a space (region admin; a tenant admin for their own municipality only)", ok=201,
                       result="Space", body="SpaceBody", tag="forum-admin"),
    },
    "/api/v1/forum/spaces/{space_id}/moderators/{account_id}": {
        "put": _forum("Make a peer moderator a moderator of the space (admin)", ok=204, tag="forum-admin",
                      parameters=[_path_param("space_id"), _path_param("account_id")]),
    },
    "/api/v1/forum/spaces/{space_id}/categories": {
        "get": _forum("Categories of a space, with thread and unread counts the caller can see",
                      result="Categories", parameters=[_path_param("space_id")]),
        "post": _forum("Create a category (admin)", ok=201, result="Category", body="CategoryBody",
                       tag="forum-admin", parameters=[_path_param("space_id")]),
    },
    "/api/v1/forum/categories/{category_id}/threads": {
        "get": _forum("Threads of a category the caller may see, pinned first, newest activity first",
                      result="ThreadPage", problems=(400,), parameters=[_path_param("category_id"), *_PAGING]),
        "post": _forum("Start a thread (open, or closed to one of the caller's circles). " + _POSTING, ok=201,
                       result="PostResult", body="NewThreadBody", problems=(409,),
                       parameters=[_path_param("category_id")]),
    },
    "/api/v1/forum/threads/{thread_id}": {
        "get": _forum("A thread with a page of its posts (marks them read)", result="ThreadWithPosts",
                      problems=(400,), parameters=[_path_param("thread_id"), *_PAGING]),
    },
    "/api/v1/forum/threads/{thread_id}/posts": {
        "post": _forum("Reply to a thread. " + _POSTING, ok=201, result="PostResult", body="ReplyBody",
                       problems=(409,), parameters=[_path_param("thread_id")]),
    },
    "/api/v1/forum/posts/{post_id}": {
        "patch": _forum("Edit one's own post within an hour of posting (held back like a new post when the check "
                        "finds details)", result="PostResult", body="EditPostBody", problems=(409,),
                        parameters=[_path_param("post_id")]),
        "delete": _forum("Delete one's own post within an hour of posting", ok=204, problems=(409,),
                         parameters=[_path_param("post_id")]),
    },
    "/api/v1/forum/posts/{post_id}/history": {
        "get": _forum("Earlier versions of a post (the space's moderators)", result="PostRevisions",
                      tag="forum-moderation", parameters=[_path_param("post_id")]),
    },
    "/api/v1/forum/posts/{post_id}/reactions/{kind}": {
        "put": _forum("Give a reaction of support", result="Post", problems=(400,),
                      parameters=[_path_param("post_id"), _REACTION]),
        "delete": _forum("Take one's reaction back", result="Post", problems=(400,),
                         parameters=[_path_param("post_id"), _REACTION]),
    },
    "/api/v1/forum/check": {
        "post": _forum("Check a draft for details that could identify someone, without posting it",
                       result="CheckResult", body="CheckBody"),
    },
    "/api/v1/forum/search": {
        "get": _forum("Search the posts the caller may see", result="SearchPage", problems=(400,), parameters=[
            _query_param("q", {"type": "string", "minLength": 2}, "words to find"), *_PAGING]),
    },
    "/api/v1/forum/posts/{post_id}/flags": {
        "post": _forum("Ask the moderators to look at a post", ok=204, body="ReasonBody",
                       parameters=[_path_param("post_id")]),
    },
    "/api/v1/forum/spaces/{space_id}/moderation/queue": {
        "get": _forum("Flagged posts waiting for a moderator, crisis first (the space's moderators)",
                      result="ModerationQueue", tag="forum-moderation", parameters=[_path_param("space_id")]),
    },
    "/api/v1/forum/flags/{flag_id}/resolve": {
        "post": _forum("Mark a flag as dealt with (moderators)", ok=204, tag="forum-moderation",
                       parameters=[_path_param("flag_id")]),
    },
    "/api/v1/forum/posts/{post_id}/hidden": {
        "put": _forum("Hide a post, with a reason its author sees (moderators)", result="Post", body="ReasonBody",
                      tag="forum-moderation", parameters=[_path_param("post_id")]),
        "delete": _forum("Show a hidden post again (moderators)", result="Post", tag="forum-moderation",
                         parameters=[_path_param("post_id")]),
    },
    "/api/v1/forum/threads/{thread_id}/locked": {
        "put": _forum("Lock a thread: no more replies (moderators)", result="Thread", tag="forum-moderation",
                      parameters=[_path_param("thread_id")]),
        "delete": _forum("Unlock a thread (moderators)", result="Thread", tag="forum-moderation",
                         parameters=[_path_param("thread_id")]),
    },
    "/api/v1/forum/threads/{thread_id}/pinned": {
        "put": _forum("Pin a thread to the top of its category (moderators)", result="Thread",
                      tag="forum-moderation", parameters=[_path_param("thread_id")]),
        "delete": _forum("Unpin a thread (moderators)", result="Thread", tag="forum-moderation",
                         parameters=[_path_param("thread_id")]),
    },
    "/api/v1/forum/threads/{thread_id}/move": {
        "post": _forum("Move a thread to another category of its space (moderators)", result="Thread",
                       body="MoveThreadBody", tag="forum-moderation", parameters=[_path_param("thread_id")]),
    },
    "/api/v1/forum/spaces/{space_id}/read-only/{account_id}": {
        "put": _forum("Let a member read but not write until a time (moderators)", ok=204, body="ReadOnlyBody",
                      tag="forum-moderation", parameters=[_path_param("space_id"), _path_param("account_id")]),
        "delete": _forum("Lift a member's read-only time (moderators)", ok=204, tag="forum-moderation",
                         parameters=[_path_param("space_id"), _path_param("account_id")]),
    },
    "/api/v1/forum/spaces/{space_id}/moderation/log": {
        "get": _forum("What the space's moderators did (moderators)", result="ModerationLog",
                      tag="forum-moderation", parameters=[_path_param("space_id")]),
    },
    "/api/v1/forum/word-lists": {
        "get": _forum("The municipality's places, extra crisis words and crisis contacts", result="WordLists"),
        "put": _forum("Replace the municipality's word lists (tenant admin)", result="WordLists",
                      body="WordListsBody", tag="forum-admin"),
    },
    "/api/v1/forum/usage": {
        "get": _forum("Usage figures of a municipality (admins; researchers see k-anonymous figures)",
                      result="UsageStats", problems=(400,), tag="forum-admin", parameters=[
                          _query_param("tenant", {"type": "string"}, "a tenant slug; default: this one"),
                          _query_param("from", {"type": "string", "format": "date"},
                                       "ISO 8601 date or time (UTC unless an offset is given)"),
                          _query_param("to", {"type": "string", "format": "date"},
                                       "ISO 8601 date (that whole day counts) or time"),
                      ]),
    },
    "/api/v1/reveals": {
        "get": _forum("To whom the caller revealed a name, and who revealed theirs to the caller",
                      result="Reveals", tag="reveals"),
    },
    "/api/v1/reveals/{viewer_id}": {
        "put": _forum("Show one's first name or a café name to one member (replaces an earlier one)",
                      result="Reveal", body="RevealBody", problems=(409,), tag="reveals",
                      parameters=[_path_param("viewer_id")]),
        "delete": _forum("Take a reveal back; the name disappears at once", ok=204, tag="reveals",
                         parameters=[_path_param("viewer_id")]),
    },
    "/api/v1/circles": {
        "get": _forum("The caller's circles and invitations", result="Circles", tag="circles"),
        "post": _forum("Create a circle (revealing one's chosen name to its members) and invite members", ok=201,
                       result="Circle", body="CircleBody", problems=(409,), tag="circles"),
    },
    "/api/v1/circles/{circle_id}/invitations": {
        "post": _forum("Invite a member to a circle one belongs to", ok=201, result="Circle", body="InviteBody",
                       problems=(409,), tag="circles", parameters=[_path_param("circle_id")]),
    },
    "/api/v1/circles/{circle_id}/answer": {
        "post": _forum("Accept (with the name to show the circle) or decline an invitation; declining answers 204",
                       result="Circle", body="AnswerBody", problems=(409,), tag="circles",
                       parameters=[_path_param("circle_id")]),
    },
    "/api/v1/circles/{circle_id}/leave": {
        "post": _forum("Leave a circle; one's name disappears from it at once", ok=204, tag="circles",
                       parameters=[_path_param("circle_id")]),
    },
}

def _messaging(summary: str, tag: str = "messaging", **kwargs) -> dict:
    return _operation(summary, tag=tag, **kwargs)


_CONVERSATION = _path_param("conversation_id")
_NOT_FOUND_NOTE = (" A conversation exists only for its participants: anyone else (an admin of the same "
                   "municipality, a provider without a care relationship, anyone elsewhere) gets 404.")

MESSAGING_PATHS: dict[str, dict] = {
    "/api/v1/conversations": {
        "get": _messaging("The caller's conversations, newest activity first, with unread counts",
                          result="ConversationPage", problems=(400,), parameters=_PAGING),
        "post": _messaging(
            "Start a conversation: a service user with some of their own providers, a provider with one service "
            "user in their care. A service user must have accepted the current terms (409, reason "
            "`terms_consent_required`); someone who is not one's own provider or in one's care is 404, field "
            "`participant_ids`.", ok=201, result="ConversationWithMessages", body="StartConversationBody",
            problems=(409,)),
    },
    "/api/v1/conversations/{conversation_id}": {
        "get": _messaging("A conversation with a page of its messages, oldest first (the newest page marks them "
                          "read; a provider's read is written to the service user's access log)." + _NOT_FOUND_NOTE,
                          result="ConversationWithMessages", problems=(400,), parameters=[_CONVERSATION, *_PAGING]),
    },
    "/api/v1/conversations/{conversation_id}/messages": {
        "post": _messaging("Write a message. 409 with reason `read_only` once every care relationship has ended, "
                           "`terms_consent_required` before the terms are accepted." + _NOT_FOUND_NOTE, ok=201,
                           result="Message", body="MessageBody", problems=(409,), parameters=[_CONVERSATION]),
    },
    "/api/v1/messages/{message_id}/retract": {
        "post": _messaging("Take one's own message back within 10 minutes (nothing of it remains); later: 409, "
                           "reason `retract_window_closed`; someone else's: 403, reason `not_own`",
                           result="Message", problems=(409,), parameters=[_path_param("message_id")]),
    },
    "/api/v1/conversations/{conversation_id}/colleagues": {
        "post": _messaging("Add a colleague from the service user's care team (providers); a system line says so",
                           result="Conversation", body="ColleagueBody", problems=(409,), parameters=[_CONVERSATION]),
    },
    "/api/v1/conversations/access-log": {
        "get": _messaging("Who read the caller's conversations, and when (service users)", result="AccessLog"),
    },
    "/api/v1/conversations/{conversation_id}/access-log": {
        "get": _messaging("Who read this conversation, and when (its service user)", result="AccessLog",
                          parameters=[_CONVERSATION]),
    },
    "/api/v1/conversations/export": {
        "get": _messaging("Download all of the caller's conversations as JSON (service users); "
                          "Content-Disposition: attachment", result="MessagesExport"),
    },
    "/api/v1/notifications": {
        "get": _messaging("The caller's notification feed, newest first, with the unread count", tag="notifications",
                          result="NotificationPage", problems=(400,), parameters=[
                              *_PAGING, _query_param("unread_only", {"type": "boolean", "default": False})]),
    },
    "/api/v1/notifications/read": {
        "post": _messaging("Mark notifications read: the given ids, or all; answers the unread count left",
                           tag="notifications", result="UnreadCount", body="MarkNotificationsReadBody"),
    },
    "/api/v1/notifications/stream": {
        "get": {
            **_messaging("New notifications live, as server-sent events", tag="notifications", problems=(400,),
                         parameters=[
                             {"name": "Last-Event-ID", "in": "header", "required": False, "schema": _STRING,
                              "description": "Resume after this notification (EventSource sends it by itself)."},
                             _query_param("after", _STRING, "Resume after this notification (when there is no "
                                                            "Last-Event-ID)."),
                         ]),
            "description": (
                "`text/event-stream`. Each new notification is an event `notification` whose id is the "
                "notification's id and whose data is its JSON (the Notification schema: kind, ids, links, time — "
                "never content). A comment line is sent every 15 seconds. The stream ends after 5 minutes; "
                "reconnect with Last-Event-ID (EventSource does both by itself). 503 with Retry-After when too "
                "many streams are open."),
        } | {"responses": {
            **_messaging("", problems=(400,))["responses"],
            "200": {"description": "An event stream",
                    "content": {"text/event-stream": {"schema": {"type": "string"}}}},
        }},
    },
}


PATHS: dict[str, dict] = {
    "/api/v1/auth/login": {
        "post": _operation("Sign in with username and password; staff whose second factor is set up add "
                           "`second_factor` (without it: 409, reason `second_factor_required`)",
                           result="TokenPair", body="LoginBody", auth=False, problems=(401, 409, 429), tag="auth"),
    },
    "/api/v1/auth/refresh": {
        "post": _operation("Exchange a refresh token for a new pair (the old one stops working)",
                           result="TokenPair", body="RefreshBody", auth=False, problems=(401,), tag="auth"),
    },
    "/api/v1/auth/logout": {
        "post": _operation("Revoke a refresh token", ok=204, body="RefreshBody", auth=False, problems=(401,),
                           tag="auth"),
    },
    "/api/v1/me": {"get": _operation("The caller's account", result="Account", tag="me")},
    "/api/v1/me/pseudonym": {
        "put": _operation("Choose or change the pseudonym", result="Account", body="PseudonymBody",
                          problems=(409,), tag="me"),
    },
    "/api/v1/me/consents": {
        "get": _operation("The caller's consents and the versions in force", result="Consents", tag="me"),
        "post": _operation("Give a consent", ok=201, result="Consent", body="ConsentBody", problems=(409,),
                           tag="me"),
    },
    "/api/v1/me/consents/{kind}": {
        "delete": _operation("Withdraw a consent", result="Consent", problems=(409,), tag="me",
                             parameters=[_path_param("kind") | {"schema": {"enum": ["terms", "research"]}}]),
    },
    "/api/v1/tenant": {
        "get": _operation("The municipality this address serves", result="Tenant", auth=False, tag="tenant"),
    },
    "/api/v1/admin/accounts": {
        "get": _operation(
            "Accounts of the tenant (tenant admin)", result="AccountPage", problems=(400,), tag="admin",
            parameters=[
                _query_param("page_size", {"type": "integer", "minimum": 1, "default": 50}),
                _query_param("page_token", {"type": "string"}, "next_page_token of the previous page"),
            ],
        ),
        "post": _operation("Create an account in the tenant (tenant admin)", ok=201, result="Account",
                           body="NewAccountBody", problems=(409,), tag="admin"),
    },
    "/api/v1/admin/accounts/{account_id}": {
        "get": _operation("One account (tenant admin)", result="Account", tag="admin",
                          parameters=[_path_param("account_id")]),
    },
    "/api/v1/care-relationships": {
        "get": _operation(
            "Care relationships of a provider or a service user (none given: the caller's own)",
            result="CareRelationships", problems=(400,), tag="care",
            parameters=[_query_param("provider_id", {"type": "string"}),
                        _query_param("service_user_id", {"type": "string"})],
        ),
        "post": _operation("Add a care relationship (tenant admin)", ok=201, result="CareRelationship",
                           body="CareRelationshipBody", problems=(409,), tag="care"),
    },
    "/api/v1/care-relationships/{relationship_id}": {
        "delete": _operation("End a care relationship (tenant admin)", ok=204, tag="care",
                             parameters=[_path_param("relationship_id")]),
    },
    **FORUM_PATHS,
    **MESSAGING_PATHS,
    "/api/openapi.json": {
        "get": {
            "summary": "This document",
            "security": [],
            "responses": {"200": {"description": "OpenAPI 3.1 document",
                                  "content": {"application/json": {"schema": {"type": "object"}}}}},
        },
    },
}

TENANT_NOTE = (
    "Every /api/v1 route serves the municipality named by the host (`<slug>.<base domain>`) or, "
    "for local use, the `X-Tenant: <slug>` header; an unknown one answers 404 with field `tenant`."
)


def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "ReConnect API", "version": "1.0.0", "description": TENANT_NOTE},
        "servers": [{"url": "/"}],
        "paths": PATHS,
        "components": {
            "schemas": COMPONENT_SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
    }


from services.gateway import (  # noqa: E402
    account_openapi,  # noqa: F401  (adds the account routes)
    toolbox_openapi,  # noqa: F401  (adds the toolbox's and cafés' paths)
)

# isort: split
from services.gateway import lifecycle_openapi  # noqa: E402,F401  (adds account moves and the data export)


@docs.get("/api/openapi.json")
def openapi_json():
    return jsonify(document())
