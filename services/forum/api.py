"""The gRPC face of the forum: proto in, proto out. Rules live in domain.py."""

from __future__ import annotations

from google.protobuf.timestamp_pb2 import Timestamp

from reconnect.forum.v1 import forum_pb2 as pb
from reconnect.forum.v1 import forum_pb2_grpc
from services.forum import checks
from services.forum import export as forum_export
from services.forum.domain import Forum, PostOutcome, PostView, ThreadView
from services.kit import auth
from services.kit.proto_time import moment_of, timestamp

SERVICE_NAME = pb.DESCRIPTOR.services_by_name["ForumService"].full_name
PUBLIC_METHODS: frozenset[str] = frozenset()


def finding_pb(finding: checks.Finding) -> pb.Finding:
    return pb.Finding(kind=finding.kind, start=finding.start, end=finding.end, blocking=finding.blocking)


def thread_pb(view: ThreadView) -> pb.Thread:
    thread = view.thread
    return pb.Thread(
        id=thread.id, space_id=thread.space_id, category_id=thread.category_id, title=view.title,
        author=pb.Author(account_id=thread.author_id, pseudonym=view.author.pseudonym,
                         revealed_name=view.author.revealed_name, moderator=view.author_moderator),
        circle_id=thread.circle_id or "", pinned=thread.pinned, locked=thread.locked, exercise=thread.exercise,
        cafe_id=thread.cafe_id or "", created_at=timestamp(thread.created_at, to_minute=True),
        last_post_at=timestamp(thread.last_post_at, to_minute=True), post_count=thread.post_count, view_count=thread.view_count,
        unread_count=view.unread, new_since_last_visit=view.new_since_last_visit,
    )


def post_pb(view: PostView) -> pb.Post:
    post = view.post
    return pb.Post(
        id=post.id, thread_id=post.thread_id,
        author=pb.Author(account_id=post.author_id, pseudonym=view.author.pseudonym,
                         revealed_name=view.author.revealed_name, moderator=view.author_moderator),
        body_html=checks.render_markdown(view.body_markdown) if view.show_body else "",
        body_markdown=view.body_markdown if view.mine else "",
        sensitive=post.sensitive, hidden=post.hidden,
        hidden_reason=(post.hidden_reason or "") if view.show_reason else "",
        deleted=post.deleted, created_at=timestamp(post.created_at, to_minute=True),
        edited_at=timestamp(post.edited_at, to_minute=True),
        reactions=[pb.ReactionCount(kind=k, count=c, mine=m) for k, c, m in view.reactions],
        mine=view.mine, editable=view.editable,
    )


def outcome_pb(outcome: PostOutcome) -> pb.PostResult:
    return pb.PostResult(
        published=outcome.published,
        thread=thread_pb(outcome.thread) if outcome.thread else None,
        post=post_pb(outcome.post) if outcome.post else None,
        findings=[finding_pb(f) for f in outcome.findings],
        title_findings=[finding_pb(f) for f in outcome.title_findings],
        crisis_help=[pb.CrisisContact(name=n, phone=p) for n, p in outcome.crisis_help],
    )


class ForumApi(forum_pb2_grpc.ForumServiceServicer):
    def __init__(self, forum: Forum):
        self.forum = forum

    def CreateSpace(self, request, context):
        space = self.forum.create_space(auth.require_caller(), request.name, list(request.tenants))
        return pb.Space(id=space.id, name=space.name, tenants=sorted(set(request.tenants)), created_at=timestamp(space.created_at))

    def ListSpaces(self, request, context):
        spaces = self.forum.list_spaces(auth.require_caller())
        return pb.ListSpacesResponse(spaces=[
            pb.Space(id=s.id, name=s.name, tenants=tenants, created_at=timestamp(s.created_at), i_moderate=moderates)
            for s, tenants, moderates in spaces
        ])

    def AssignModerator(self, request, context):
        self.forum.assign_moderator(auth.require_caller(), request.space_id, request.account_id)
        return pb.AssignModeratorResponse()

    def CreateCategory(self, request, context):
        category = self.forum.create_category(auth.require_caller(), request.space_id, request.name, request.description)
        return pb.Category(id=category.id, space_id=category.space_id, name=category.name, description=category.description)

    def ListCategories(self, request, context):
        rows = self.forum.list_categories(auth.require_caller(), request.space_id)
        return pb.ListCategoriesResponse(categories=[
            pb.Category(id=c.id, space_id=c.space_id, name=c.name, description=c.description,
                        thread_count=count, unread_count=unread)
            for c, count, unread in rows
        ])

    def CheckPost(self, request, context):
        findings, title_findings = self.forum.check(auth.require_caller(), request.body, request.title)
        return pb.CheckPostResponse(findings=[finding_pb(f) for f in findings],
                                    title_findings=[finding_pb(f) for f in title_findings])

    def CreateThread(self, request, context):
        outcome = self.forum.create_thread(
            auth.require_caller(), request.category_id, request.title, request.body, request.circle_id,
            request.sensitive, request.post_anyway, request.exercise, request.cafe_id,
        )
        return outcome_pb(outcome)

    def Reply(self, request, context):
        outcome = self.forum.reply(auth.require_caller(), request.thread_id, request.body, request.sensitive, request.post_anyway)
        return outcome_pb(outcome)

    def EditPost(self, request, context):
        return outcome_pb(self.forum.edit_post(auth.require_caller(), request.post_id, request.body, request.post_anyway))

    def DeletePost(self, request, context):
        self.forum.delete_post(auth.require_caller(), request.post_id)
        return pb.DeletePostResponse()

    def GetPostHistory(self, request, context):
        revisions = self.forum.post_history(auth.require_caller(), request.post_id)
        return pb.GetPostHistoryResponse(revisions=[pb.PostRevision(body_markdown=b, replaced_at=timestamp(t)) for b, t in revisions])

    def ListThreads(self, request, context):
        threads, token = self.forum.list_threads(auth.require_caller(), request.category_id, request.page_size, request.page_token)
        return pb.ListThreadsResponse(threads=[thread_pb(t) for t in threads], next_page_token=token)

    def GetThread(self, request, context):
        thread, posts, token = self.forum.get_thread(auth.require_caller(), request.thread_id, request.page_size, request.page_token)
        return pb.GetThreadResponse(thread=thread_pb(thread), posts=[post_pb(p) for p in posts], next_page_token=token)

    def React(self, request, context):
        return post_pb(self.forum.react(auth.require_caller(), request.post_id, request.kind, request.on))

    def Search(self, request, context):
        hits, token = self.forum.search(auth.require_caller(), request.query, request.page_size, request.page_token)
        return pb.SearchResponse(
            hits=[pb.SearchHit(thread=thread_pb(t), post=post_pb(p), rank=r) for t, p, r in hits], next_page_token=token
        )

    def FlagPost(self, request, context):
        self.forum.flag(auth.require_caller(), request.post_id, request.reason)
        return pb.FlagPostResponse()

    def ListModerationQueue(self, request, context):
        entries = self.forum.queue(auth.require_caller(), request.space_id)
        return pb.ListModerationQueueResponse(items=[
            pb.QueueItem(flag_id=e.flag.id, post_id=e.flag.post_id if e.post else "", thread_id=e.thread_id,
                         reason=e.flag.reason, crisis=e.flag.crisis, post=post_pb(e.post) if e.post else None,
                         flagged_at=timestamp(e.flag.created_at, to_minute=True))
            for e in entries
        ])

    def ResolveFlag(self, request, context):
        self.forum.resolve_flag(auth.require_caller(), request.flag_id)
        return pb.ResolveFlagResponse()

    def HidePost(self, request, context):
        return post_pb(self.forum.hide_post(auth.require_caller(), request.post_id, request.reason, request.hidden))

    def LockThread(self, request, context):
        return thread_pb(self.forum.lock_thread(auth.require_caller(), request.thread_id, request.locked))

    def PinThread(self, request, context):
        return thread_pb(self.forum.pin_thread(auth.require_caller(), request.thread_id, request.pinned))

    def MoveThread(self, request, context):
        return thread_pb(self.forum.move_thread(auth.require_caller(), request.thread_id, request.category_id))

    def SetReadOnly(self, request, context):
        self.forum.set_read_only(auth.require_caller(), request.space_id, request.account_id,
                                 moment_of(request.until), request.reason)
        return pb.SetReadOnlyResponse()

    def ListModerationLog(self, request, context):
        actions = self.forum.moderation_log(auth.require_caller(), request.space_id)
        return pb.ListModerationLogResponse(actions=[
            pb.ModerationAction(id=a.id, moderator_id=a.moderator_id, action=a.action, target_id=a.target_id,
                                reason=a.reason, at=timestamp(a.at))
            for a in actions
        ])

    def _lists(self, lists) -> pb.WordLists:
        places, crisis_words, contacts = lists
        return pb.WordLists(places=places, crisis_words=crisis_words,
                            crisis_contacts=[pb.CrisisContact(name=n, phone=p) for n, p in contacts])

    def GetWordLists(self, request, context):
        return self._lists(self.forum.word_lists(auth.require_caller()))

    def SetWordLists(self, request, context):
        lists = request.lists
        return self._lists(self.forum.set_word_lists(
            auth.require_caller(), list(lists.places), list(lists.crisis_words),
            [(c.name, c.phone) for c in lists.crisis_contacts],
        ))

    def GetUsageStats(self, request, context):
        stats = self.forum.usage(auth.require_caller(), request.tenant, moment_of(getattr(request, "from")), moment_of(request.to))
        return pb.UsageStats(tenant=stats.tenant, posts_written=stats.posts_written, posts_viewed=stats.posts_viewed,
                             threads_started=stats.threads_started, active_authors=stats.active_authors)

    # -- the personal data export -----------------------------------------------------------

    def Export(self, request, context):
        # Anyone signed in may ask; only rows of the token's own account are read.
        document = forum_export.export(self.forum, auth.require_caller())
        generated = Timestamp()
        generated.GetCurrentTime()
        return pb.ExportResponse(json=document, generated_at=generated)
