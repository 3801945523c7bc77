"""The forum's REST API, ``/api/v1/forum/…``, and identity's reveals and circles,
``/api/v1/reveals`` and ``/api/v1/circles``.

Each route maps one gRPC call a person or an admin makes. The services decide who may do
what (membership of a space through one's municipality, circles for closed threads,
moderators, admins); the gateway validates the shape of the request, passes the caller's
own token on, and turns the answer into JSON or a problem document.

Posting answers 201 with the post, or — when the check found details that could identify
someone — 200 with ``published: false`` and the findings, so the app can show them and
offer to post anyway. A national ID number is refused outright (400, field ``body`` or
``title``, reason ``national_id``).
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

import grpc
from flask import current_app, jsonify, request, url_for

from services.gateway import forum_resources as res
from services.gateway.api import bearer_token, identity
from services.gateway.api_blueprint import (
    api_blueprint,
    bad_parameter,
    no_content,
    page_size,
    page_token,
    parse_time,
)
from services.gateway.forum_client import REACTION_KINDS, ForumClient
from services.gateway.problems import Problem, from_rpc_error
from services.gateway.schemas import (
    AnswerBody,
    CategoryBody,
    CheckBody,
    CircleBody,
    EditPostBody,
    InviteBody,
    MoveThreadBody,
    NewThreadBody,
    ReadOnlyBody,
    ReasonBody,
    ReplyBody,
    RevealBody,
    SpaceBody,
    WordListsBody,
    parse_body,
)

forum_api = api_blueprint("forum_api", __name__)

MAX_QUERY_LENGTH = 200


def forum() -> ForumClient:
    return current_app.extensions["reconnect_forum"]


@contextlib.contextmanager
def _fields_renamed(names: dict[str, str]):
    """The service names its own field ("query"); the client sent another ("q")."""
    try:
        yield
    except grpc.RpcError as error:
        problem = from_rpc_error(error)
        problem.field = names.get(problem.field, problem.field)
        raise problem from None


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip())


def _shift(findings, by: int) -> None:
    """The service checks the draft without its surrounding white space; the client's
    offsets are into the text it sent."""
    if by:
        for finding in findings:
            finding.start += by
            finding.end += by


def _posted(result, location: str, body_sent: str, title_sent: str = ""):
    _shift(result.findings, _lead(body_sent))
    _shift(result.title_findings, _lead(title_sent))
    body = res.post_result(result)
    if not result.published:
        return jsonify(body), 200
    response = jsonify(body)
    response.status_code = 201
    response.headers["Location"] = location
    return response


# Spaces and categories


@forum_api.get("/forum/spaces")
def list_spaces():
    return jsonify({"spaces": [res.space(s) for s in forum().list_spaces(bearer_token())]})


@forum_api.post("/forum/spaces")
def create_space():
    token = bearer_token()
    body = parse_body(SpaceBody)
    return jsonify(res.space(forum().create_space(token, body.name, body.tenants))), 201


@forum_api.put("/forum/spaces/<space_id>/moderators/<account_id>")
def assign_moderator(space_id: str, account_id: str):
    forum().assign_moderator(bearer_token(), space_id, account_id)
    return no_content()


@forum_api.get("/forum/spaces/<space_id>/categories")
def list_categories(space_id: str):
    categories = forum().list_categories(bearer_token(), space_id)
    return jsonify({"categories": [res.category(c) for c in categories]})


@forum_api.post("/forum/spaces/<space_id>/categories")
def create_category(space_id: str):
    token = bearer_token()
    body = parse_body(CategoryBody)
    return jsonify(res.category(forum().create_category(token, space_id, body.name, body.description))), 201


# Threads and posts


@forum_api.get("/forum/categories/<category_id>/threads")
def list_threads(category_id: str):
    token = bearer_token()
    reply = forum().list_threads(token, category_id, page_size(), page_token())
    return jsonify(res.thread_page(reply))


@forum_api.post("/forum/categories/<category_id>/threads")
def create_thread(category_id: str):
    token = bearer_token()
    body = parse_body(NewThreadBody)
    result = forum().create_thread(token, category_id=category_id, **body.model_dump())
    location = url_for("forum_api.get_thread", thread_id=result.thread.id) if result.published else ""
    return _posted(result, location, body.body, body.title)


@forum_api.get("/forum/threads/<thread_id>")
def get_thread(thread_id: str):
    token = bearer_token()
    return jsonify(res.thread_with_posts(forum().get_thread(token, thread_id, page_size(), page_token())))


@forum_api.post("/forum/threads/<thread_id>/posts")
def reply(thread_id: str):
    token = bearer_token()
    body = parse_body(ReplyBody)
    result = forum().reply(token, thread_id=thread_id, **body.model_dump())
    location = url_for("forum_api.get_thread", thread_id=thread_id) if result.published else ""
    return _posted(result, location, body.body)


@forum_api.patch("/forum/posts/<post_id>")
def edit_post(post_id: str):
    token = bearer_token()
    body = parse_body(EditPostBody)
    result = forum().edit_post(token, post_id, body.body, body.post_anyway)
    _shift(result.findings, _lead(body.body))
    return jsonify(res.post_result(result))


@forum_api.delete("/forum/posts/<post_id>")
def delete_post(post_id: str):
    forum().delete_post(bearer_token(), post_id)
    return no_content()


@forum_api.get("/forum/posts/<post_id>/history")
def post_history(post_id: str):
    revisions = forum().post_history(bearer_token(), post_id)
    return jsonify({"revisions": [res.revision(r) for r in revisions]})


def _reaction_kind(kind: str) -> str:
    if kind not in REACTION_KINDS:
        raise Problem(400, "invalid-request", "Invalid request",
                      f"kind: one of {', '.join(REACTION_KINDS)}", field="kind")
    return kind


@forum_api.put("/forum/posts/<post_id>/reactions/<kind>")
def add_reaction(post_id: str, kind: str):
    token = bearer_token()
    return jsonify(res.post(forum().react(token, post_id, _reaction_kind(kind), True)))


@forum_api.delete("/forum/posts/<post_id>/reactions/<kind>")
def remove_reaction(post_id: str, kind: str):
    token = bearer_token()
    return jsonify(res.post(forum().react(token, post_id, _reaction_kind(kind), False)))


@forum_api.post("/forum/check")
def check():
    token = bearer_token()
    body = parse_body(CheckBody)
    return jsonify(res.check_result(forum().check(token, body.body, body.title)))


@forum_api.get("/forum/search")
def search():
    token = bearer_token()
    query = request.args.get("q", "")
    if not query.strip():
        raise bad_parameter("q", "is required")
    if len(query) > MAX_QUERY_LENGTH:
        raise bad_parameter("q", f"at most {MAX_QUERY_LENGTH} characters")
    with _fields_renamed({"query": "q"}):
        reply = forum().search(token, query, page_size(), page_token())
    return jsonify(res.search_page(reply))


# Flags and moderation


@forum_api.post("/forum/posts/<post_id>/flags")
def flag_post(post_id: str):
    token = bearer_token()
    body = parse_body(ReasonBody)
    forum().flag(token, post_id, body.reason)
    return no_content()


@forum_api.get("/forum/spaces/<space_id>/moderation/queue")
def moderation_queue(space_id: str):
    items = forum().moderation_queue(bearer_token(), space_id)
    return jsonify({"items": [res.queue_item(i) for i in items]})


@forum_api.post("/forum/flags/<flag_id>/resolve")
def resolve_flag(flag_id: str):
    forum().resolve_flag(bearer_token(), flag_id)
    return no_content()


@forum_api.put("/forum/posts/<post_id>/hidden")
def hide_post(post_id: str):
    token = bearer_token()
    body = parse_body(ReasonBody)
    return jsonify(res.post(forum().hide_post(token, post_id, True, body.reason)))


@forum_api.delete("/forum/posts/<post_id>/hidden")
def show_post(post_id: str):
    return jsonify(res.post(forum().hide_post(bearer_token(), post_id, False)))


@forum_api.put("/forum/threads/<thread_id>/locked")
def lock_thread(thread_id: str):
    return jsonify(res.thread(forum().lock_thread(bearer_token(), thread_id, True)))


@forum_api.delete("/forum/threads/<thread_id>/locked")
def unlock_thread(thread_id: str):
    return jsonify(res.thread(forum().lock_thread(bearer_token(), thread_id, False)))


@forum_api.put("/forum/threads/<thread_id>/pinned")
def pin_thread(thread_id: str):
    return jsonify(res.thread(forum().pin_thread(bearer_token(), thread_id, True)))


@forum_api.delete("/forum/threads/<thread_id>/pinned")
def unpin_thread(thread_id: str):
    return jsonify(res.thread(forum().pin_thread(bearer_token(), thread_id, False)))


@forum_api.post("/forum/threads/<thread_id>/move")
def move_thread(thread_id: str):
    token = bearer_token()
    body = parse_body(MoveThreadBody)
    return jsonify(res.thread(forum().move_thread(token, thread_id, body.category_id)))


@forum_api.put("/forum/spaces/<space_id>/read-only/<account_id>")
def set_read_only(space_id: str, account_id: str):
    token = bearer_token()
    body = parse_body(ReadOnlyBody)
    try:
        until = datetime.fromisoformat(body.until)
    except ValueError:
        raise bad_parameter("until", "an ISO 8601 date or time") from None
    if until.tzinfo is None:
        until = until.replace(tzinfo=UTC)
    forum().set_read_only(token, space_id, account_id, until, body.reason)
    return no_content()


@forum_api.delete("/forum/spaces/<space_id>/read-only/<account_id>")
def lift_read_only(space_id: str, account_id: str):
    forum().set_read_only(bearer_token(), space_id, account_id, None)
    return no_content()


@forum_api.get("/forum/spaces/<space_id>/moderation/log")
def moderation_log(space_id: str):
    actions = forum().moderation_log(bearer_token(), space_id)
    return jsonify({"actions": [res.moderation_action(a) for a in actions]})


# Word lists and figures


@forum_api.get("/forum/word-lists")
def get_word_lists():
    return jsonify(res.word_lists(forum().word_lists(bearer_token())))


@forum_api.put("/forum/word-lists")
def set_word_lists():
    token = bearer_token()
    body = parse_body(WordListsBody)
    contacts = [(c.name, c.phone) for c in body.crisis_contacts]
    return jsonify(res.word_lists(forum().set_word_lists(token, body.places, body.crisis_words, contacts)))


@forum_api.get("/forum/usage")
def usage():
    token = bearer_token()
    tenant = request.args.get("tenant", "")
    if len(tenant) > 63:
        raise bad_parameter("tenant", "a tenant slug")
    start, end = parse_time(request.args.get("from", ""), "from"), parse_time(request.args.get("to", ""), "to", end_of_day=True)
    return jsonify(res.usage(forum().usage(token, tenant, start, end)))


# Reveals (identity)


@forum_api.get("/reveals")
def list_reveals():
    return jsonify(res.reveals(identity().list_reveals(bearer_token())))


@forum_api.put("/reveals/<viewer_id>")
def reveal_to(viewer_id: str):
    token = bearer_token()
    body = parse_body(RevealBody)
    return jsonify(res.reveal(identity().reveal_to(token, viewer_id, body.name_kind, body.cafe_name)))


@forum_api.delete("/reveals/<viewer_id>")
def revoke_reveal(viewer_id: str):
    identity().revoke_reveal(bearer_token(), viewer_id)
    return no_content()


# Circles (identity)


@forum_api.get("/circles")
def list_circles():
    return jsonify(res.circles(identity().list_circles(bearer_token())))


@forum_api.post("/circles")
def create_circle():
    token = bearer_token()
    body = parse_body(CircleBody)
    created = identity().create_circle(token, body.name, body.name_kind, body.cafe_name, body.invitee_ids)
    return jsonify(res.circle(created)), 201


@forum_api.post("/circles/<circle_id>/invitations")
def invite_to_circle(circle_id: str):
    token = bearer_token()
    body = parse_body(InviteBody)
    return jsonify(res.circle(identity().invite_to_circle(token, circle_id, body.account_id))), 201


@forum_api.post("/circles/<circle_id>/answer")
def answer_invitation(circle_id: str):
    token = bearer_token()
    body = parse_body(AnswerBody)
    if body.accept and body.name_kind is None:
        raise bad_parameter("name_kind", "is required when accepting")
    circle = identity().answer_circle_invitation(token, circle_id, body.accept, body.name_kind or "", body.cafe_name)
    if not body.accept:
        return no_content()
    return jsonify(res.circle(circle))


@forum_api.post("/circles/<circle_id>/leave")
def leave_circle(circle_id: str):
    identity().leave_circle(bearer_token(), circle_id)
    return no_content()
