"""Closed threads and revealed names: what the study's users asked for, and the
promise that nobody outside a circle ever learns a closed thread exists."""

from __future__ import annotations

import uuid

import grpc

from reconnect.events.v1 import forum_pb2 as fev
from reconnect.forum.v1 import forum_pb2 as fpb
from reconnect.identity.v1 import identity_pb2 as ipb
from services.kit.outbox import unpack
from tests.conftest import rpc_error, wait_for
from tests.kit.test_bus import stream_messages


def make_circle(forum, founder: str, *members: str) -> str:
    identity = forum.identity
    circle = identity.stub.CreateCircle(
        ipb.CreateCircleRequest(name="Tirsdagsgjengen", name_kind=ipb.REVEALED_NAME_KIND_FIRST_NAME,
                                invitee_ids=[identity.ids[m] for m in members]),
        metadata=forum.as_(founder),
    )
    for member in members:
        identity.stub.AnswerCircleInvitation(
            ipb.AnswerCircleInvitationRequest(circle_id=circle.id, accept=True, name_kind=ipb.REVEALED_NAME_KIND_FIRST_NAME),
            metadata=forum.as_(member),
        )
    return circle.id


def test_a_closed_thread_is_invisible_to_non_members_everywhere(forum):
    circle = make_circle(forum, "nora", "siri")
    secret_word = "Blåbærsyltetøy" + uuid.uuid4().hex[:6]
    result = forum.thread("nora", category="mestring", title=f"Bare for oss {secret_word}",
                          body=f"Det jeg ikke tør si til alle: {secret_word}", circle_id=circle)
    thread_id = result.thread.id
    forum.reply("siri", thread_id, f"Takk for tilliten {secret_word}")

    # Members see it, with names.
    members_view = forum.stub.GetThread(fpb.GetThreadRequest(thread_id=thread_id), metadata=forum.as_("siri"))
    assert members_view.thread.circle_id == circle
    assert members_view.posts[0].author.revealed_name == "Nora"

    outsider = forum.as_("nils")  # same municipality and space, not in the circle
    assert rpc_error(forum.stub.GetThread, fpb.GetThreadRequest(thread_id=thread_id), metadata=outsider).code() == grpc.StatusCode.NOT_FOUND
    assert rpc_error(forum.stub.Reply, fpb.ReplyRequest(thread_id=thread_id, body="hei"), metadata=outsider).code() == grpc.StatusCode.NOT_FOUND
    post_id = members_view.posts[0].id
    for call, request in (
        (forum.stub.React, fpb.ReactRequest(post_id=post_id, kind="hug", on=True)),
        (forum.stub.FlagPost, fpb.FlagPostRequest(post_id=post_id, reason="nysgjerrig")),
    ):
        assert rpc_error(call, request, metadata=outsider).code() == grpc.StatusCode.NOT_FOUND
    listing = forum.stub.ListThreads(fpb.ListThreadsRequest(category_id=forum.categories["mestring"], page_size=100), metadata=outsider)
    assert thread_id not in [t.id for t in listing.threads]
    members_listing = forum.stub.ListThreads(fpb.ListThreadsRequest(category_id=forum.categories["mestring"], page_size=100),
                                             metadata=forum.as_("siri"))
    assert thread_id in [t.id for t in members_listing.threads]
    counts = {c.id: c.thread_count for c in forum.stub.ListCategories(fpb.ListCategoriesRequest(space_id=forum.space_id), metadata=outsider).categories}
    member_counts = {c.id: c.thread_count for c in forum.stub.ListCategories(fpb.ListCategoriesRequest(space_id=forum.space_id), metadata=forum.as_("siri")).categories}
    assert member_counts[forum.categories["mestring"]] == counts[forum.categories["mestring"]] + 1
    assert forum.stub.Search(fpb.SearchRequest(query=secret_word), metadata=outsider).hits == []
    hits = forum.stub.Search(fpb.SearchRequest(query=secret_word), metadata=forum.as_("siri")).hits
    assert {h.thread.id for h in hits} == {thread_id} and len(hits) == 2
    # Moderators outside the circle see neither the thread nor its words.
    assert rpc_error(forum.stub.GetThread, fpb.GetThreadRequest(thread_id=thread_id), metadata=forum.as_("mia")).code() == grpc.StatusCode.NOT_FOUND

    # Stored encrypted: the words are not in the database file.
    with forum.service.db.engine.connect() as conn:
        from sqlalchemy import text
        dump = " ".join(str(row) for table in ("threads", "posts", "search_posts") for row in conn.execute(text(f"SELECT * FROM {table}")))
    assert secret_word not in dump

    # The event tells only the circle's members.
    def created():
        for _, event, _ in stream_messages(forum.settings.nats_url, "FORUM"):
            if event.type == "forum.post_created":
                payload = unpack(event, fev.PostCreated)
                if payload.thread_id == thread_id and payload.post_id == result.post.id:
                    return payload
        return None

    payload = wait_for(created)
    assert payload.closed_thread
    assert set(payload.audience_ids) == {forum.identity.ids["nora"], forum.identity.ids["siri"]}


def test_leaving_the_circle_closes_the_thread_at_once(forum):
    circle = make_circle(forum, "nora", "siri")
    thread_id = forum.thread("nora", circle_id=circle).thread.id
    assert forum.stub.GetThread(fpb.GetThreadRequest(thread_id=thread_id), metadata=forum.as_("siri")).thread.id == thread_id
    forum.identity.stub.LeaveCircle(ipb.LeaveCircleRequest(circle_id=circle), metadata=forum.as_("siri"))
    error = rpc_error(forum.stub.GetThread, fpb.GetThreadRequest(thread_id=thread_id), metadata=forum.as_("siri"))
    assert error.code() == grpc.StatusCode.NOT_FOUND


def test_only_circle_members_can_close_a_thread_to_it(forum):
    circle = make_circle(forum, "nora", "siri")
    error = rpc_error(forum.thread, "nils", circle_id=circle)
    assert error.code() == grpc.StatusCode.NOT_FOUND


def test_a_revealed_name_shows_to_that_viewer_alone_and_goes_at_once_when_revoked(forum):
    identity = forum.identity
    thread_id = forum.thread("nils", title="Om å våge").thread.id
    identity.stub.RevealTo(
        ipb.RevealToRequest(viewer_id=identity.ids["siri"], name_kind=ipb.REVEALED_NAME_KIND_CAFE_NAME, cafe_name="Nisse"),
        metadata=forum.as_("nils"),
    )

    def author_seen_by(username):
        return forum.stub.GetThread(fpb.GetThreadRequest(thread_id=thread_id), metadata=forum.as_(username)).posts[0].author

    assert author_seen_by("siri").revealed_name == "Nisse"
    assert author_seen_by("nora").revealed_name == ""
    assert author_seen_by("nils").revealed_name == "", "one's own name is not shown back as 'revealed'"
    identity.stub.RevokeReveal(ipb.RevokeRevealRequest(viewer_id=identity.ids["siri"]), metadata=forum.as_("nils"))
    assert author_seen_by("siri").revealed_name == ""
    assert author_seen_by("siri").pseudonym
