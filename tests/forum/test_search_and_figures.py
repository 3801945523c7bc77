"""Search over what the caller may see, the study's figures per tenant and period,
and the events the forum publishes for notifications."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from reconnect.events.v1 import forum_pb2 as fev
from reconnect.forum.v1 import forum_pb2 as fpb
from services.kit.outbox import unpack
from tests.conftest import rpc_error, trailer, wait_for
from tests.kit.test_bus import stream_messages


def word() -> str:
    return "ord" + uuid.uuid4().hex[:8].translate(str.maketrans("0123456789", "abcdefghij"))


def test_search_is_ranked_paginated_and_skips_what_is_hidden(forum):
    needle = word()
    strong = forum.thread("nils", title=f"{needle} {needle}", body=f"{needle} igjen og {needle}").post.id
    weak = forum.thread("siri", body=f"En lang tekst som nevner {needle} bare én gang blant mange andre ord").post.id
    hidden = forum.thread("nora", body=f"{needle} skjult").post.id
    forum.stub.HidePost(fpb.HidePostRequest(post_id=hidden, reason="Skjult av moderator", hidden=True), metadata=forum.as_("mia"))
    first = forum.stub.Search(fpb.SearchRequest(query=needle, page_size=1), metadata=forum.as_("nora"))
    assert [h.post.id for h in first.hits] == [strong] and first.next_page_token
    second = forum.stub.Search(fpb.SearchRequest(query=needle, page_size=1, page_token=first.next_page_token), metadata=forum.as_("nora"))
    assert [h.post.id for h in second.hits] == [weak]
    assert second.next_page_token == "", "the hidden post is not found"
    assert forum.stub.Search(fpb.SearchRequest(query=needle), metadata=forum.as_("olga")).hits == []
    empty = rpc_error(forum.stub.Search, fpb.SearchRequest(query="*"), metadata=forum.as_("nora"))
    assert trailer(empty, "reconnect-field") == "query"
    # Quotes and operators are plain words, not query syntax: no error, and every word must match.
    assert len(forum.stub.Search(fpb.SearchRequest(query=f'"{needle}*'), metadata=forum.as_("nora")).hits) == 2
    assert forum.stub.Search(fpb.SearchRequest(query=f'{needle} OR NEAR('), metadata=forum.as_("nora")).hits == []


def _stamp(moment: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def test_figures_per_tenant_and_period_for_admins_and_k_anonymous_for_researchers(forum):
    start = datetime.now(UTC)  # figures from here on: other tests wrote before
    thread = forum.thread("nils").thread.id
    forum.reply("nils", thread)
    forum.stub.GetThread(fpb.GetThreadRequest(thread_id=thread), metadata=forum.as_("nora"))
    request = fpb.UsageStatsRequest(tenant="nordvik", to=_stamp(datetime.now(UTC) + timedelta(minutes=1)))
    getattr(request, "from").CopyFrom(_stamp(start))
    stats = forum.stub.GetUsageStats(request, metadata=forum.as_("admin.nordvik"))
    assert stats.posts_written == 2 and stats.threads_started == 1 and stats.active_authors == 1
    assert stats.posts_viewed == 2
    other = rpc_error(forum.stub.GetUsageStats, fpb.UsageStatsRequest(tenant="sorby"), metadata=forum.as_("admin.nordvik"))
    assert other.code() == grpc.StatusCode.NOT_FOUND
    assert rpc_error(forum.stub.GetUsageStats, request, metadata=forum.as_("nils")).code() == grpc.StatusCode.PERMISSION_DENIED
    region = forum.stub.GetUsageStats(request, metadata=forum.as_("region.admin"))
    assert region.posts_written == 2

    forum.identity.service.bootstrap_account("nordvik", "forsker", "correct horse battery", ["researcher"])
    from tests.conftest import PEOPLE

    if ("nordvik", "forsker", ["researcher"], "") not in PEOPLE:
        PEOPLE.append(("nordvik", "forsker", ["researcher"], ""))
    researcher = forum.stub.GetUsageStats(request, metadata=forum.as_("forsker"))
    assert researcher.posts_written == -1 and researcher.active_authors == -1, "below 5: suppressed"
    for _ in range(4):
        forum.reply("nils", thread)
    researcher = forum.stub.GetUsageStats(request, metadata=forum.as_("forsker"))
    assert researcher.posts_written == 6 and researcher.active_authors == -1


def test_replies_and_mentions_tell_the_right_people(forum):
    thread = forum.thread("nora", body="Noen som vil prate?").thread.id
    reply = forum.reply("siri", thread, "Ja! Og @Nils? Nei, jeg mener @Nora_Fugl").post.id
    mention_reply = forum.reply("nils", thread, "Hei @Siri hei").post.id

    def wanted():
        replies = [e for e in [unpack(e, fev.ReplyToYourThread) for _, e, _ in stream_messages(forum.settings.nats_url, "FORUM")
                               if e.type == "forum.reply_to_your_thread"] if e.thread_id == thread]
        return replies if len(replies) == 2 else None

    replies = wait_for(wanted)
    assert {r.post_id for r in replies} == {reply, mention_reply}
    assert {r.thread_author_id for r in replies} == {forum.identity.ids["nora"]}
    created = [unpack(e, fev.PostCreated) for _, e, _ in stream_messages(forum.settings.nats_url, "FORUM") if e.type == "forum.post_created"]
    assert {c.post_id for c in created} >= {reply, mention_reply}
    assert all(not c.closed_thread and not c.audience_ids for c in created if c.thread_id == thread)
    mentions = [unpack(e, fev.Mention) for _, e, _ in stream_messages(forum.settings.nats_url, "FORUM") if e.type == "forum.mention"]
    assert [(m.post_id, m.mentioned_id) for m in mentions if m.thread_id == thread] == [(reply, forum.identity.ids["nora"])]
