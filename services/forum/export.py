"""The caller's own forum data, for the personal data export.

What the caller wrote (posts with their earlier versions, threads they started, flags they
raised with their reason), what they did (reactions, where they have read up to), and
nothing anyone else wrote. Closed-thread posts and titles are sealed; the author gets
them opened. Rows are found by the account id of the verified token, in every space the
caller ever wrote in (also spaces of a municipality they have since moved from: what
they wrote there is still theirs).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import select

from services.forum.store import Category, Flag, Post, PostRevision, Reaction, ReadState, Space, Thread
from services.kit.auth import Caller
from services.kit.db import as_utc

FORMAT = "reconnect.forum.export/1"


def _at(moment: datetime | None) -> str | None:
    return as_utc(moment).isoformat() if moment else None


def export(forum, caller: Caller) -> str:
    """``forum`` is the Forum domain object (its database and cipher)."""
    me = caller.account_id
    with forum.db.transaction() as session:
        threads: dict[str, Thread] = {}

        def thread_of(thread_id: str) -> Thread:
            if thread_id not in threads:
                threads[thread_id] = session.get(Thread, thread_id)
            return threads[thread_id]

        def where(thread: Thread) -> dict:
            space = session.get(Space, thread.space_id)
            category = session.get(Category, thread.category_id)
            return {"space": space.name if space else "", "category": category.name if category else ""}

        def opened(thread: Thread, blob: bytes | None, plain: str | None, field: str) -> str:
            if blob is not None:
                return forum.cipher.decrypt(session, thread.author_tenant, field, blob)
            return plain or ""

        started = session.scalars(select(Thread).where(Thread.author_id == me).order_by(Thread.created_at, Thread.id))
        threads_started = []
        for thread in started:
            threads[thread.id] = thread
            threads_started.append({
                "id": thread.id, **where(thread), "title": opened(thread, thread.title_sealed, thread.title, "forum.title"),
                "closed": thread.circle_id is not None, "created_at": _at(thread.created_at),
            })
        posts = []
        for post in session.scalars(select(Post).where(Post.author_id == me).order_by(Post.created_at, Post.id)):
            thread = thread_of(post.thread_id)
            revisions = session.scalars(select(PostRevision).where(PostRevision.post_id == post.id)
                                        .order_by(PostRevision.replaced_at))
            posts.append({
                "id": post.id, "thread_id": thread.id, **where(thread),
                "thread_title": opened(thread, thread.title_sealed, thread.title, "forum.title"),
                "closed_thread": thread.circle_id is not None,
                "body": opened(thread, post.body_sealed, post.body, "forum.post"),
                "created_at": _at(post.created_at), "edited_at": _at(post.edited_at),
                "hidden_by_moderator": post.hidden, "deleted": post.deleted,
                "earlier_versions": [{"body": opened(thread, r.body_sealed, r.body, "forum.post"),
                                      "replaced_at": _at(r.replaced_at)} for r in revisions],
            })
        reactions = [{"post_id": r.post_id, "kind": r.kind, "created_at": _at(r.created_at)}
                     for r in session.scalars(select(Reaction).where(Reaction.account_id == me)
                                              .order_by(Reaction.created_at))]
        reading = [{"thread_id": r.thread_id, "last_read_post": r.last_read_seq, "last_visit_at": _at(r.last_visit_at)}
                   for r in session.scalars(select(ReadState).where(ReadState.account_id == me)
                                            .order_by(ReadState.last_visit_at))]
        flags = [{"post_id": f.post_id, "reason": f.reason, "created_at": _at(f.created_at),
                  "resolved_at": _at(f.resolved_at)}
                 for f in session.scalars(select(Flag).where(Flag.flagged_by == me).order_by(Flag.created_at))]
    document = {
        "format": FORMAT, "exported_at": datetime.now(UTC).isoformat(), "account_id": me,
        "threads_started": threads_started, "posts": posts, "reactions": reactions,
        "threads_followed": reading, "flags_raised": flags,
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
