"""Peer moderation: flags, the review queue, hiding, locking, pinning, moving, read-only,
an append-only log; and crisis language handled privately."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from reconnect.events.v1 import forum_pb2 as fev
from reconnect.forum.v1 import forum_pb2 as fpb
from services.kit.outbox import unpack
from tests.conftest import rpc_error, trailer, wait_for
from tests.kit.test_bus import stream_messages


def queue(forum, username="mia"):
    return forum.stub.ListModerationQueue(fpb.ListModerationQueueRequest(space_id=forum.space_id), metadata=forum.as_(username)).items


def events_of(forum, event_type: str, payload_class):
    return [unpack(e, payload_class) for _, e, _ in stream_messages(forum.settings.nats_url, "FORUM") if e.type == event_type]


def test_crisis_language_is_answered_privately_and_goes_first_in_the_queue(forum):
    flagged = forum.thread("nora", title="Ting jeg lurer på", body="Hvordan lager dere matpakke?")
    forum.stub.FlagPost(fpb.FlagPostRequest(post_id=flagged.post.id, reason="Feil kategori"), metadata=forum.as_("nils"))
    words = "Jeg orker ikke å leve mer. Alt er mørkt."
    result = forum.thread("nils", title="En tung natt", body=words)
    assert result.published
    assert {(c.name, c.phone) for c in result.crisis_help} >= {("Nordvik legevakt", "116 117"), ("Nødtelefon", "113")}

    # What others see is exactly what any post looks like: no banner, no marker.
    seen = forum.stub.GetThread(fpb.GetThreadRequest(thread_id=result.thread.id), metadata=forum.as_("siri"))
    assert "leve mer" in seen.posts[0].body_html
    post = seen.posts[0]
    assert not [f.name for f, _ in post.ListFields() if "crisis" in f.name]
    assert "113" not in post.body_html and "legevakt" not in str(seen).lower()
    replied = forum.reply("siri", result.thread.id, "Jeg tenker på deg")
    assert list(replied.crisis_help) == [], "help is for the writer of crisis words only"

    items = queue(forum)
    assert items[0].crisis and items[0].reason == "crisis_language" and items[0].post.id == result.post.id
    assert any(i.post.id == flagged.post.id and not i.crisis for i in items)
    assert rpc_error(queue, forum, "nils").code() == grpc.StatusCode.PERMISSION_DENIED
    assert rpc_error(queue, forum, "hansen").code() == grpc.StatusCode.PERMISSION_DENIED

    def crisis_event():
        return [e for e in events_of(forum, "forum.crisis_flagged", fev.CrisisFlagged) if e.post_id == result.post.id]

    event = wait_for(crisis_event)[0]
    assert event.moderator_ids == [forum.identity.ids["mia"]]
    raw = b"".join(e.SerializeToString() for _, e, _ in stream_messages(forum.settings.nats_url, "FORUM"))
    assert b"orker ikke" not in raw and "mørkt".encode() not in raw, "no post content in any event"

    for item in items:
        forum.stub.ResolveFlag(fpb.ResolveFlagRequest(flag_id=item.flag_id), metadata=forum.as_("mia"))
    assert queue(forum) == []


def test_hiding_shows_the_reason_to_the_author_alone(forum):
    result = forum.thread("nora", body="Et innlegg som bryter retningslinjene")
    forum.stub.HidePost(fpb.HidePostRequest(post_id=result.post.id, reason="Inneholder navn på en tredjeperson", hidden=True),
                        metadata=forum.as_("mia"))

    def post_seen_by(username):
        return forum.stub.GetThread(fpb.GetThreadRequest(thread_id=result.thread.id), metadata=forum.as_(username)).posts[0]

    author = post_seen_by("nora")
    assert author.hidden and author.hidden_reason == "Inneholder navn på en tredjeperson" and "retningslinjene" in author.body_html
    other = post_seen_by("nils")
    assert other.hidden and other.hidden_reason == "" and other.body_html == ""
    assert rpc_error(forum.stub.HidePost, fpb.HidePostRequest(post_id=result.post.id, reason="x y z", hidden=True),
                     metadata=forum.as_("nils")).code() == grpc.StatusCode.PERMISSION_DENIED
    forum.stub.HidePost(fpb.HidePostRequest(post_id=result.post.id, hidden=False), metadata=forum.as_("mia"))
    assert not post_seen_by("nils").hidden


def test_lock_pin_move_and_read_only_are_logged(forum):
    category = forum.categories["hverdag"]
    thread_id = forum.thread("nils").thread.id
    forum.stub.LockThread(fpb.LockThreadRequest(thread_id=thread_id, locked=True), metadata=forum.as_("mia"))
    locked = rpc_error(forum.reply, "nora", thread_id)
    assert locked.code() == grpc.StatusCode.FAILED_PRECONDITION and trailer(locked, "reconnect-reason") == "locked"

    pinned = forum.thread("nils", title="Les dette først").thread.id
    forum.stub.PinThread(fpb.PinThreadRequest(thread_id=pinned, pinned=True), metadata=forum.as_("mia"))
    forum.thread("nora", title="En nyere tråd")
    first = forum.stub.ListThreads(fpb.ListThreadsRequest(category_id=category, page_size=1), metadata=forum.as_("siri")).threads[0]
    assert first.id == pinned and first.pinned

    forum.stub.MoveThread(fpb.MoveThreadRequest(thread_id=thread_id, category_id=forum.categories["mestring"]), metadata=forum.as_("mia"))
    moved = forum.stub.GetThread(fpb.GetThreadRequest(thread_id=thread_id), metadata=forum.as_("siri")).thread
    assert moved.category_id == forum.categories["mestring"]

    until = Timestamp()
    until.FromDatetime(datetime.now(UTC) + timedelta(days=1))
    forum.stub.SetReadOnly(fpb.SetReadOnlyRequest(space_id=forum.space_id, account_id=forum.identity.ids["sven"],
                                                  until=until, reason="Trenger en pause"), metadata=forum.as_("mia"))
    # sven has no pseudonym in this world; give one so only read-only stands in the way.
    from reconnect.identity.v1 import identity_pb2 as ipb

    forum.identity.stub.SetPseudonym(ipb.SetPseudonymRequest(pseudonym="Sven Fugl"), metadata=forum.as_("sven"))
    read_only = rpc_error(forum.thread, "sven")
    assert trailer(read_only, "reconnect-reason") == "read_only"
    forum.stub.SetReadOnly(fpb.SetReadOnlyRequest(space_id=forum.space_id, account_id=forum.identity.ids["sven"]),
                           metadata=forum.as_("mia"))
    assert forum.thread("sven").published

    log = forum.stub.ListModerationLog(fpb.ListModerationLogRequest(space_id=forum.space_id), metadata=forum.as_("mia")).actions
    actions = [a.action for a in log]
    for expected in ("lock_thread", "pin_thread", "move_thread", "read_only", "lift_read_only"):
        assert expected in actions
    assert all(a.moderator_id == forum.identity.ids["mia"] for a in log)
    assert rpc_error(forum.stub.ListModerationLog, fpb.ListModerationLogRequest(space_id=forum.space_id),
                     metadata=forum.as_("nils")).code() == grpc.StatusCode.PERMISSION_DENIED


def test_posting_needs_a_pseudonym(forum):
    newcomer = forum.identity.newcomer()
    error = rpc_error(forum.stub.CreateThread, fpb.CreateThreadRequest(
        category_id=forum.categories["hverdag"], title="Uten navn", body="Hei"), metadata=forum.as_(newcomer))
    assert error.code() == grpc.StatusCode.FAILED_PRECONDITION and trailer(error, "reconnect-reason") == "pseudonym_required"
