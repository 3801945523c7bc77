"""The posting pace: one account may publish only so many posts a minute and an hour,
counted by the forum itself so the limit holds across every gateway pod."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import grpc
from sqlalchemy import update

from reconnect.forum.v1 import forum_pb2 as fpb
from reconnect.identity.v1 import identity_pb2 as ipb
from services.forum.domain import PostingPace
from services.forum.store import Post
from tests.conftest import rpc_error, trailer


def _newcomer_with_pseudonym(forum) -> str:
    username = forum.identity.newcomer()
    letters = "".join(chr(ord("a") + int(c, 16)) for c in username[-6:])
    forum.identity.stub.SetPseudonym(ipb.SetPseudonymRequest(pseudonym=f"Tempo {letters}"),
                                     metadata=forum.as_(username))
    return username


def test_posting_faster_than_the_pace_is_refused_until_the_window_passes(forum):
    username, other = _newcomer_with_pseudonym(forum), _newcomer_with_pseudonym(forum)
    lifted = forum.service.pace
    forum.service.pace = PostingPace(per_minute=3, per_hour=5)
    try:
        started = forum.thread(username, title="Tempo", body="Første innlegg")
        assert started.published
        thread_id = started.thread.id
        assert forum.reply(username, thread_id, "Andre").published
        assert forum.reply(username, thread_id, "Tredje").published
        # The fourth within the minute: refused with a reason, and nothing written.
        error = rpc_error(forum.reply, username, thread_id, "Fjerde")
        assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        assert trailer(error, "reconnect-reason") == "posting_too_fast"
        error = rpc_error(forum.thread, username, title="Ny tråd", body="Også en post")
        assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
        page = forum.stub.GetThread(fpb.GetThreadRequest(thread_id=thread_id), metadata=forum.as_("nils"))
        assert len(page.posts) == 3

        # Others post as usual meanwhile: the pace is per account.
        assert forum.reply(other, thread_id, "Jeg er her også").published

        # A held post (identifying details, not posted anyway) is not counted and not refused for pace.
        held = forum.reply(username, thread_id, "Vi møttes på Nordvik DPS i går")
        assert not held.published

        # When the minute has passed (the posts are moved back in time), posting works again...
        account_id = forum.identity.ids[username]
        with forum.service.db.transaction() as session:
            session.execute(update(Post).where(Post.author_id == account_id)
                            .values(created_at=datetime.now(UTC) - timedelta(minutes=2)))
        assert forum.reply(username, thread_id, "Fjerde, etter en pause").published
        assert forum.reply(username, thread_id, "Femte").published
        # ... until the hour's limit (5) is reached.
        error = rpc_error(forum.reply, username, thread_id, "Sjette")
        assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    finally:
        forum.service.pace = lifted
