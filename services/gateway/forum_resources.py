"""The JSON shapes of the forum, reveals and circles, built from the services' messages.

Times are ISO 8601 UTC (``…Z``); a time that is not set is ``null``. Nothing is added
here that the service did not give: a revealed name, a hidden post's reason, a post's
markdown or crisis help appear only where the service put them for this caller.
"""

from __future__ import annotations

from reconnect.forum.v1 import forum_pb2 as fpb
from reconnect.identity.v1 import identity_pb2 as ipb
from services.gateway.resources import timestamp


def _time(message, name: str) -> str | None:
    # The forum sends an empty timestamp for "never" (a post not edited): that is null here.
    value = getattr(message, name)
    return timestamp(value, message.HasField(name) and bool(value.seconds or value.nanos))


def space(message: fpb.Space) -> dict:
    return {
        "id": message.id,
        "name": message.name,
        "tenants": list(message.tenants),
        "created_at": _time(message, "created_at"),
        "i_moderate": message.i_moderate,
    }


def category(message: fpb.Category) -> dict:
    return {
        "id": message.id,
        "space_id": message.space_id,
        "name": message.name,
        "description": message.description,
        "thread_count": message.thread_count,
        "unread_count": message.unread_count,
    }


def author(message: fpb.Author) -> dict:
    return {
        "account_id": message.account_id,
        "pseudonym": message.pseudonym,
        "revealed_name": message.revealed_name,
        "moderator": message.moderator,
    }


def thread(message: fpb.Thread) -> dict:
    return {
        "id": message.id,
        "space_id": message.space_id,
        "category_id": message.category_id,
        "title": message.title,
        "author": author(message.author),
        "circle_id": message.circle_id,
        "closed": bool(message.circle_id),
        "pinned": message.pinned,
        "locked": message.locked,
        "exercise": message.exercise,
        "cafe_id": message.cafe_id,
        "created_at": _time(message, "created_at"),
        "last_post_at": _time(message, "last_post_at"),
        "post_count": message.post_count,
        "view_count": message.view_count,
        "unread_count": message.unread_count,
        "new_since_last_visit": message.new_since_last_visit,
    }


def post(message: fpb.Post) -> dict:
    return {
        "id": message.id,
        "thread_id": message.thread_id,
        "author": author(message.author),
        "body_html": message.body_html,
        "body_markdown": message.body_markdown,
        "sensitive": message.sensitive,
        "hidden": message.hidden,
        "hidden_reason": message.hidden_reason,
        "deleted": message.deleted,
        "created_at": _time(message, "created_at"),
        "edited_at": _time(message, "edited_at"),
        "reactions": [{"kind": r.kind, "count": r.count, "mine": r.mine} for r in message.reactions],
        "mine": message.mine,
        "editable": message.editable,
    }


def finding(message: fpb.Finding) -> dict:
    return {"kind": message.kind, "start": message.start, "end": message.end, "blocking": message.blocking}


def check_result(message: fpb.CheckPostResponse) -> dict:
    return {
        "findings": [finding(f) for f in message.findings],
        "title_findings": [finding(f) for f in message.title_findings],
    }


def post_result(message: fpb.PostResult) -> dict:
    return {
        "published": message.published,
        "thread": thread(message.thread) if message.HasField("thread") else None,
        "post": post(message.post) if message.HasField("post") else None,
        "findings": [finding(f) for f in message.findings],
        "title_findings": [finding(f) for f in message.title_findings],
        # Only ever in the author's own answer; nothing public marks the post.
        "crisis_help": [{"name": c.name, "phone": c.phone} for c in message.crisis_help],
    }


def thread_page(message: fpb.ListThreadsResponse) -> dict:
    return {"threads": [thread(t) for t in message.threads], "next_page_token": message.next_page_token}


def thread_with_posts(message: fpb.GetThreadResponse) -> dict:
    return {
        "thread": thread(message.thread),
        "posts": [post(p) for p in message.posts],
        "next_page_token": message.next_page_token,
    }


def search_page(message: fpb.SearchResponse) -> dict:
    return {
        "hits": [{"thread": thread(h.thread), "post": post(h.post), "rank": h.rank} for h in message.hits],
        "next_page_token": message.next_page_token,
    }


def queue_item(message: fpb.QueueItem) -> dict:
    return {
        "flag_id": message.flag_id,
        "post_id": message.post_id,
        "thread_id": message.thread_id,
        "reason": message.reason,
        "crisis": message.crisis,
        # Empty for a post in a circle's closed thread: moderators see that, not what it says.
        "post": post(message.post) if message.HasField("post") else None,
        "flagged_at": _time(message, "flagged_at"),
    }


def moderation_action(message: fpb.ModerationAction) -> dict:
    return {
        "id": message.id,
        "moderator_id": message.moderator_id,
        "action": message.action,
        "target_id": message.target_id,
        "reason": message.reason,
        "at": _time(message, "at"),
    }


def revision(message: fpb.PostRevision) -> dict:
    return {"body_markdown": message.body_markdown, "replaced_at": _time(message, "replaced_at")}


def word_lists(message: fpb.WordLists) -> dict:
    return {
        "places": list(message.places),
        "crisis_words": list(message.crisis_words),
        "crisis_contacts": [{"name": c.name, "phone": c.phone} for c in message.crisis_contacts],
    }


def usage(message: fpb.UsageStats) -> dict:
    def figure(value: int) -> int | None:
        return None if value < 0 else value

    return {
        "tenant": message.tenant,
        "posts_written": figure(message.posts_written),
        "posts_viewed": figure(message.posts_viewed),
        "threads_started": figure(message.threads_started),
        "active_authors": figure(message.active_authors),
    }


# Reveals and circles (identity)


def reveal(message: ipb.Reveal) -> dict:
    return {
        "account_id": message.account_id,
        "viewer_id": message.viewer_id,
        "name": message.name,
        "pseudonym": message.pseudonym,
        "created_at": _time(message, "created_at"),
    }


def reveals(message: ipb.ListRevealsResponse) -> dict:
    return {"given": [reveal(r) for r in message.given], "received": [reveal(r) for r in message.received]}


def circle(message: ipb.Circle) -> dict:
    return {
        "id": message.id,
        "name": message.name,
        "members": [
            {"account_id": m.account_id, "pseudonym": m.pseudonym, "revealed_name": m.revealed_name,
             "accepted": m.accepted}
            for m in message.members
        ],
        "created_at": _time(message, "created_at"),
    }


def circles(message: ipb.ListCirclesResponse) -> dict:
    return {"circles": [circle(c) for c in message.circles], "invitations": [circle(c) for c in message.invitations]}
