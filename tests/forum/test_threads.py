"""Threads and posts: membership through one's municipality, pseudonyms, Markdown,
reactions, read state, views, paging with stable cursors, editing within a window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import grpc
from sqlalchemy import update

from reconnect.forum.v1 import forum_pb2 as fpb
from services.forum.store import Post
from tests.conftest import rpc_error, trailer


def test_members_of_both_municipalities_meet_in_the_shared_space(forum):
    spaces = forum.stub.ListSpaces(fpb.ListSpacesRequest(), metadata=forum.as_("siri")).spaces
    assert forum.space_id in [s.id for s in spaces]
    started = forum.thread("nora", title="Første gang her", body="Hei, jeg er ny. **Litt nervøs**")
    assert started.published
    reply = forum.reply("siri", started.thread.id, "Velkommen! Du er ikke alene <script>alert(1)</script>")
    assert reply.published
    page = forum.stub.GetThread(fpb.GetThreadRequest(thread_id=started.thread.id), metadata=forum.as_("nils"))
    assert [p.author.pseudonym for p in page.posts] == ["Nora Fugl", "Siri Fugl"]
    assert "<strong>Litt nervøs</strong>" in page.posts[0].body_html
    assert "<script>" not in page.posts[1].body_html and "&lt;script&gt;" in page.posts[1].body_html
    assert page.posts[0].body_markdown == "", "the Markdown source is for its author only"
    for post in page.posts:
        assert post.created_at.seconds % 60 == 0 and post.created_at.nanos == 0, "times to the minute only"
        assert post.author.revealed_name == ""


def test_outsiders_get_not_found_for_everything_in_the_space(forum):
    thread = forum.thread("nora").thread
    olga = forum.as_("olga")  # Østby is not part of this space
    cases = [
        (forum.stub.GetThread, fpb.GetThreadRequest(thread_id=thread.id)),
        (forum.stub.ListCategories, fpb.ListCategoriesRequest(space_id=forum.space_id)),
        (forum.stub.ListThreads, fpb.ListThreadsRequest(category_id=forum.categories["hverdag"])),
        (forum.stub.Reply, fpb.ReplyRequest(thread_id=thread.id, body="hei")),
        (forum.stub.CreateThread, fpb.CreateThreadRequest(category_id=forum.categories["hverdag"], title="Hei der", body="x")),
        (forum.stub.React, fpb.ReactRequest(post_id=forum.stub.GetThread(
            fpb.GetThreadRequest(thread_id=thread.id), metadata=forum.as_("nils")).posts[0].id, kind="hug", on=True)),
    ]
    for call, request in cases:
        assert rpc_error(call, request, metadata=olga).code() == grpc.StatusCode.NOT_FOUND, call
    assert forum.stub.ListSpaces(fpb.ListSpacesRequest(), metadata=olga).spaces == []


def test_admins_manage_the_forum_but_do_not_read_it(forum):
    thread = forum.thread("nora").thread
    error = rpc_error(forum.stub.GetThread, fpb.GetThreadRequest(thread_id=thread.id), metadata=forum.as_("admin.nordvik"))
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    by_user = rpc_error(forum.stub.CreateCategory, fpb.CreateCategoryRequest(space_id=forum.space_id, name="Mitt"),
                        metadata=forum.as_("nora"))
    assert by_user.code() == grpc.StatusCode.PERMISSION_DENIED
    other = rpc_error(forum.stub.CreateSpace, fpb.CreateSpaceRequest(name="Felles", tenants=["nordvik", "sorby"]),
                      metadata=forum.as_("admin.nordvik"))
    assert other.code() == grpc.StatusCode.PERMISSION_DENIED, "a shared space is the region's to make"
    by_region = forum.stub.CreateCategory(fpb.CreateCategoryRequest(space_id=forum.space_id, name="Fra regionen"),
                                          metadata=forum.as_("region.admin"))
    assert by_region.space_id == forum.space_id, "the region manages every space"
    foreign = rpc_error(forum.stub.CreateCategory, fpb.CreateCategoryRequest(space_id=forum.space_id, name="Østby"),
                        metadata=forum.as_("olga"))
    assert foreign.code() == grpc.StatusCode.PERMISSION_DENIED
    # A provider in care relationships is a member too, under a pseudonym like everyone else.
    assert forum.thread("hansen", body="Tips om søvn").published


def test_bad_input_is_named(forum):
    cases = [
        (fpb.CreateThreadRequest(category_id=forum.categories["hverdag"], title="", body="x"), "title"),
        (fpb.CreateThreadRequest(category_id=forum.categories["hverdag"], title="Hei der", body=""), "body"),
        (fpb.CreateThreadRequest(category_id=forum.categories["hverdag"], title="Hei der", body="x" * 20_001), "body"),
        (fpb.CreateThreadRequest(category_id="nope", title="Hei der", body="x"), "category_id"),
    ]
    for request, field in cases:
        error = rpc_error(forum.stub.CreateThread, request, metadata=forum.as_("nora"))
        assert error.code() in (grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.NOT_FOUND)
        assert trailer(error, "reconnect-field") == field
    bad_token = rpc_error(forum.stub.ListThreads, fpb.ListThreadsRequest(category_id=forum.categories["hverdag"], page_token="!!"),
                          metadata=forum.as_("nora"))
    assert trailer(bad_token, "reconnect-field") == "page_token"
    thread = forum.thread("nora").thread
    post_id = forum.stub.GetThread(fpb.GetThreadRequest(thread_id=thread.id), metadata=forum.as_("nora")).posts[0].id
    unknown = rpc_error(forum.stub.React, fpb.ReactRequest(post_id=post_id, kind="like", on=True), metadata=forum.as_("nils"))
    assert trailer(unknown, "reconnect-field") == "kind"


def test_reactions_of_support_are_counted(forum):
    thread = forum.thread("nora").thread
    post_id = forum.stub.GetThread(fpb.GetThreadRequest(thread_id=thread.id), metadata=forum.as_("nora")).posts[0].id
    for username in ("nils", "siri"):
        forum.stub.React(fpb.ReactRequest(post_id=post_id, kind="hug", on=True), metadata=forum.as_(username))
    forum.stub.React(fpb.ReactRequest(post_id=post_id, kind="hug", on=True), metadata=forum.as_("nils"))  # twice = once
    post = forum.stub.React(fpb.ReactRequest(post_id=post_id, kind="thanks", on=True), metadata=forum.as_("nils"))
    counts = {r.kind: (r.count, r.mine) for r in post.reactions}
    assert counts["hug"] == (2, True) and counts["thanks"] == (1, True) and counts["same_here"] == (0, False)
    post = forum.stub.React(fpb.ReactRequest(post_id=post_id, kind="hug", on=False), metadata=forum.as_("nils"))
    assert {r.kind: r.count for r in post.reactions}["hug"] == 1


def test_read_state_unread_counts_and_views(forum):
    category = forum.categories["mestring"]
    thread = forum.thread("nora", category="mestring").thread
    forum.reply("siri", thread.id)
    forum.reply("siri", thread.id)

    def listed(username):
        threads = forum.stub.ListThreads(fpb.ListThreadsRequest(category_id=category, page_size=100), metadata=forum.as_(username)).threads
        return next(t for t in threads if t.id == thread.id)

    assert listed("nora").unread_count == 2 and listed("nora").new_since_last_visit
    assert listed("nils").unread_count == 3
    before = listed("nils").view_count
    forum.stub.GetThread(fpb.GetThreadRequest(thread_id=thread.id), metadata=forum.as_("nora"))
    after = listed("nora")
    assert after.unread_count == 0 and not after.new_since_last_visit
    assert after.view_count == before + 1
    forum.reply("siri", thread.id)
    assert listed("nora").unread_count == 1 and listed("nora").new_since_last_visit
    categories = forum.stub.ListCategories(fpb.ListCategoriesRequest(space_id=forum.space_id), metadata=forum.as_("nora")).categories
    assert next(c for c in categories if c.id == category).unread_count >= 1


def test_thread_pages_follow_stable_cursors(forum):
    category = forum.categories["kafe"]
    started = [forum.thread("nils", category="kafe", title=f"Kafé {i}").thread.id for i in range(5)]
    seen, token = [], ""
    page = forum.stub.ListThreads(fpb.ListThreadsRequest(category_id=category, page_size=2), metadata=forum.as_("nora"))
    seen += [t.id for t in page.threads]
    forum.thread("nils", category="kafe", title="Kom til under bla-ingen")  # a newcomer must not shift the pages
    token = page.next_page_token
    while token:
        page = forum.stub.ListThreads(fpb.ListThreadsRequest(category_id=category, page_size=2, page_token=token),
                                      metadata=forum.as_("nora"))
        seen += [t.id for t in page.threads]
        token = page.next_page_token
    assert len(seen) == len(set(seen)), "no thread twice"
    assert set(started) <= set(seen)
    assert seen == list(reversed(started)), "newest first, and the newcomer does not shift later pages"

    thread = started[0]
    for i in range(5):
        forum.reply("siri", thread, f"svar {i}")
    bodies, token = [], ""
    while True:
        page = forum.stub.GetThread(fpb.GetThreadRequest(thread_id=thread, page_size=2, page_token=token), metadata=forum.as_("nora"))
        bodies += [p.body_html for p in page.posts]
        token = page.next_page_token
        if not token:
            break
    assert len(bodies) == 6 and "svar 4" in bodies[-1]


def test_own_posts_can_be_edited_within_the_window_with_history_for_moderators(forum):
    result = forum.thread("nora", body="Førsteutkast")
    post_id = result.post.id
    assert result.post.editable and result.post.body_markdown == "Førsteutkast"
    edited = forum.stub.EditPost(fpb.EditPostRequest(post_id=post_id, body="Andre utkast"), metadata=forum.as_("nora"))
    assert "Andre utkast" in edited.post.body_html and edited.post.edited_at.seconds > 0
    assert rpc_error(forum.stub.EditPost, fpb.EditPostRequest(post_id=post_id, body="Kapret"),
                     metadata=forum.as_("nils")).code() == grpc.StatusCode.PERMISSION_DENIED
    history = forum.stub.GetPostHistory(fpb.GetPostHistoryRequest(post_id=post_id), metadata=forum.as_("mia"))
    assert [r.body_markdown for r in history.revisions] == ["Førsteutkast"]
    assert rpc_error(forum.stub.GetPostHistory, fpb.GetPostHistoryRequest(post_id=post_id),
                     metadata=forum.as_("nils")).code() == grpc.StatusCode.PERMISSION_DENIED
    # After the window, the post stands as written.
    with forum.service.db.transaction() as session:
        session.execute(update(Post).where(Post.id == post_id).values(created_at=datetime.now(UTC) - timedelta(hours=2)))
    late = rpc_error(forum.stub.EditPost, fpb.EditPostRequest(post_id=post_id, body="For sent"), metadata=forum.as_("nora"))
    assert late.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert trailer(late, "reconnect-reason") == "edit_window_closed"


def test_deleting_an_own_post_removes_its_text(forum):
    thread = forum.thread("nora").thread
    reply = forum.reply("nils", thread.id, "Angrer på dette")
    forum.stub.DeletePost(fpb.DeletePostRequest(post_id=reply.post.id), metadata=forum.as_("nils"))
    posts = forum.stub.GetThread(fpb.GetThreadRequest(thread_id=thread.id), metadata=forum.as_("nora")).posts
    deleted = next(p for p in posts if p.id == reply.post.id)
    assert deleted.deleted and deleted.body_html == ""


def test_exercise_threads_are_for_moderators(forum):
    refused = rpc_error(forum.thread, "nora", exercise=True)
    assert refused.code() == grpc.StatusCode.PERMISSION_DENIED
    exercise = forum.thread("mia", title="Ukens refleksjon", body="Hva ga deg glede denne uka?", exercise=True, cafe_id="cafe-1")
    assert exercise.thread.exercise and exercise.thread.cafe_id == "cafe-1" and exercise.thread.author.moderator
