"""The forum's rules. Every call checks, here in the service that owns the posts, that
the caller is a member of the space (through their municipality), may see the thread
(closed threads: members of the circle only), and has the role the action needs.

Anything the caller may not see answers "not found": a closed thread, a space of
other municipalities, a post in either, all look the same as a thread that never was.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, bindparam, delete, func, or_, select, text, update
from sqlalchemy.orm import Session

from reconnect.events.v1 import forum_pb2 as events
from services.forum import checks
from services.forum.store import (
    Category,
    Flag,
    ModerationLog,
    Post,
    PostRevision,
    Reaction,
    ReadOnlyMember,
    ReadState,
    Space,
    SpaceModerator,
    SpaceTenant,
    TenantWords,
    Thread,
    ThreadVisit,
)
from services.kit import auth, paging, tenants
from services.kit.auth import Caller
from services.kit.crypto import FieldCipher
from services.kit.db import Database, as_utc, is_postgres
from services.kit.directory import Directory, Name
from services.kit.errors import (
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    ResourceExhausted,
)
from services.kit.outbox import Outbox

MEMBER_ROLES = (auth.SERVICE_USER, auth.PEER_MODERATOR, auth.HEALTH_PROVIDER)
REACTIONS = ("thanks", "hug", "same_here", "strength")
EDIT_WINDOW = timedelta(minutes=60)
TITLE_LENGTH = (3, 150)
BODY_LENGTH = (1, 20_000)
REASON_LENGTH = 500
DEFAULT_PAGE = 20
MAX_PAGE = 100
K_ANONYMITY = 5
SEARCH_LIMIT = 500


def _now() -> datetime:
    return datetime.now(UTC)


def _id() -> str:
    return str(uuid.uuid4())


def _page_size(size: int) -> int:
    if size < 0 or size > MAX_PAGE:
        raise InvalidArgument(f"page_size is 1-{MAX_PAGE}", field="page_size")
    return size or DEFAULT_PAGE


def _text(value: str, field_name: str, bounds: tuple[int, int]) -> str:
    value = value.strip()
    if len(value) < bounds[0]:
        raise InvalidArgument(f"{field_name} needs at least {bounds[0]} characters", field=field_name, reason="too_short")
    if len(value) > bounds[1]:
        raise InvalidArgument(f"{field_name} can have at most {bounds[1]} characters", field=field_name, reason="too_long")
    return value


# -- what the API hands back --------------------------------------------------------


@dataclass
class PostView:
    post: Post
    body_markdown: str
    author: Name
    author_moderator: bool
    reactions: list[tuple[str, int, bool]]
    mine: bool
    editable: bool
    show_body: bool
    show_reason: bool


@dataclass
class ThreadView:
    thread: Thread
    title: str
    author: Name
    author_moderator: bool
    unread: int
    new_since_last_visit: bool


@dataclass
class PostOutcome:
    published: bool
    findings: list[checks.Finding] = field(default_factory=list)
    title_findings: list[checks.Finding] = field(default_factory=list)
    thread: ThreadView | None = None
    post: PostView | None = None
    crisis_help: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class QueueEntry:
    flag: Flag
    post: PostView | None
    thread_id: str


@dataclass
class Stats:
    tenant: str
    posts_written: int
    posts_viewed: int
    threads_started: int
    active_authors: int


@dataclass(frozen=True)
class PostingPace:
    """How many posts one account may publish per minute and per hour (ForumSettings)."""

    per_minute: int = 10
    per_hour: int = 120


class Forum:
    def __init__(self, db: Database, cipher: FieldCipher, outbox: Outbox, people: Directory,
                 pace: PostingPace = PostingPace()):
        self.db = db
        self.cipher = cipher
        self.outbox = outbox
        self.people = people
        self.pace = pace

    # == who may see what =================================================================

    def _require_member(self, caller: Caller) -> None:
        if not caller.has(*MEMBER_ROLES):
            raise PermissionDenied("the forum is for service users, providers and peer moderators", reason="role_required")

    def _space_ids(self, session: Session, caller: Caller) -> list[str]:
        return list(session.scalars(select(SpaceTenant.space_id).where(SpaceTenant.tenant == caller.tenant)))

    def _space(self, session: Session, caller: Caller, space_id: str) -> Space:
        space = session.get(Space, space_id) if space_id else None
        if space is None or space_id not in self._space_ids(session, caller):
            raise NotFound("no such space", field="space_id")
        return space

    def _is_moderator(self, session: Session, caller: Caller, space_id: str) -> bool:
        return caller.has(auth.PEER_MODERATOR) and session.get(SpaceModerator, (space_id, caller.account_id)) is not None

    def _require_moderator(self, session: Session, caller: Caller, space_id: str) -> None:
        if not self._is_moderator(session, caller, space_id):
            raise PermissionDenied("only this space's moderators can do that", reason="moderator_required")

    def _visible_thread(self, session: Session, caller: Caller, thread_id: str, circles: dict[str, set[str]] | None = None) -> Thread:
        self._require_member(caller)
        thread = session.get(Thread, thread_id) if thread_id else None
        if thread is None or thread.space_id not in self._space_ids(session, caller):
            raise NotFound("no such thread", field="thread_id")
        if thread.circle_id:
            circles = self.people.circles() if circles is None else circles
            if thread.circle_id not in circles:
                raise NotFound("no such thread", field="thread_id")
        return thread

    def _visible_post(self, session: Session, caller: Caller, post_id: str) -> tuple[Post, Thread]:
        # The role first: an answer must never differ between another tenant's post and no post.
        self._require_member(caller)
        post = session.get(Post, post_id) if post_id else None
        if post is None:
            raise NotFound("no such post", field="post_id")
        try:
            thread = self._visible_thread(session, caller, post.thread_id)
        except NotFound:
            raise NotFound("no such post", field="post_id") from None
        return post, thread

    def _thread_filter(self, circles: dict[str, set[str]]):
        return or_(Thread.circle_id.is_(None), Thread.circle_id.in_(list(circles)))

    # == spaces and categories ==============================================================

    def create_space(self, caller: Caller, name: str, tenants: list[str]) -> Space:
        name = _text(name, "name", (2, 100))
        tenants = sorted(set(t.strip() for t in tenants if t.strip()))
        if not tenants:
            raise InvalidArgument("a space belongs to one or more municipalities", field="tenants")
        if caller.has(auth.REGION_ADMIN):
            pass
        elif caller.has(auth.TENANT_ADMIN):
            if tenants != [caller.tenant]:
                raise PermissionDenied("a tenant admin makes spaces for their own municipality; shared spaces are the region's", reason="region_required")
        else:
            raise PermissionDenied("only admins create spaces", reason="role_required")
        with self.db.transaction() as session:
            space = Space(id=_id(), name=name, created_at=_now())
            session.add(space)
            session.flush()
            for tenant in tenants:
                session.add(SpaceTenant(space_id=space.id, tenant=tenant))
            return space

    def space_tenants(self, session: Session, space_id: str) -> list[str]:
        return list(session.scalars(select(SpaceTenant.tenant).where(SpaceTenant.space_id == space_id).order_by(SpaceTenant.tenant)))

    def list_spaces(self, caller: Caller) -> list[tuple[Space, list[str], bool]]:
        with self.db.transaction() as session:
            ids = self._space_ids(session, caller)
            spaces = session.scalars(select(Space).where(Space.id.in_(ids)).order_by(Space.name, Space.id)) if ids else []
            return [(s, self.space_tenants(session, s.id), self._is_moderator(session, caller, s.id)) for s in spaces]

    def _admin_space(self, session: Session, caller: Caller, space_id: str) -> Space:
        if not caller.has(auth.REGION_ADMIN):
            caller.require(auth.TENANT_ADMIN)  # the role before the lookup: no hint that the space exists
        space = session.get(Space, space_id) if space_id else None
        if space is None:
            raise NotFound("no such space", field="space_id")
        if caller.has(auth.REGION_ADMIN) or caller.tenant in self.space_tenants(session, space_id):
            return space
        raise NotFound("no such space", field="space_id")

    def assign_moderator(self, caller: Caller, space_id: str, account_id: str) -> None:
        if not account_id:
            raise InvalidArgument("account_id is required", field="account_id")
        with self.db.transaction() as session:
            self._admin_space(session, caller, space_id)
            if session.get(SpaceModerator, (space_id, account_id)) is None:
                session.add(SpaceModerator(space_id=space_id, account_id=account_id))

    def create_category(self, caller: Caller, space_id: str, name: str, description: str) -> Category:
        name = _text(name, "name", (2, 100))
        if len(description) > 500:
            raise InvalidArgument("a description can have at most 500 characters", field="description")
        with self.db.transaction() as session:
            self._admin_space(session, caller, space_id)
            position = session.scalar(select(func.count()).select_from(Category).where(Category.space_id == space_id))
            category = Category(id=_id(), space_id=space_id, name=name, description=description.strip(),
                                position=position or 0, created_at=_now())
            session.add(category)
            return category

    def list_categories(self, caller: Caller, space_id: str) -> list[tuple[Category, int, int]]:
        """(category, visible threads, unread posts) for a member."""
        self._require_member(caller)
        circles = self.people.circles()
        with self.db.transaction() as session:
            self._space(session, caller, space_id)
            result = []
            for category in session.scalars(
                select(Category).where(Category.space_id == space_id).order_by(Category.position, Category.id)
            ):
                visible = and_(Thread.category_id == category.id, self._thread_filter(circles))
                count, unread = session.execute(
                    select(
                        func.count(Thread.id),
                        func.coalesce(func.sum(Thread.post_count - func.coalesce(ReadState.last_read_seq, 0)), 0),
                    )
                    .select_from(Thread)
                    .outerjoin(ReadState, and_(ReadState.thread_id == Thread.id, ReadState.account_id == caller.account_id))
                    .where(visible)
                ).one()
                result.append((category, int(count), int(unread)))
            return result

    # == writing ============================================================================

    def _words(self, session: Session, tenant: str, kind: str) -> list[TenantWords]:
        return list(session.scalars(
            select(TenantWords).where(TenantWords.tenant == tenant, TenantWords.kind == kind).order_by(TenantWords.word)
        ))

    def _places(self, session: Session, tenant: str) -> list[str]:
        return [w.word for w in self._words(session, tenant, "place")]

    def crisis_contacts(self, session: Session, tenant: str) -> list[tuple[str, str]]:
        configured = [(w.word, w.extra) for w in self._words(session, tenant, "crisis_contact")]
        return configured or tenants.crisis_contacts(tenant)

    def check(self, caller: Caller, body: str, title: str = "") -> tuple[list[checks.Finding], list[checks.Finding]]:
        self._require_member(caller)
        with self.db.transaction() as session:
            places = self._places(session, caller.tenant)
        return checks.find_identifying_details(body, places), checks.find_identifying_details(title, places)

    def _refuse_national_ids(self, findings: list[checks.Finding], field_name: str) -> None:
        if any(f.blocking for f in findings):
            raise InvalidArgument(
                "this looks like a national ID number; it cannot be posted", field=field_name, reason="national_id"
            )

    def _read_only(self, session: Session, caller: Caller, space_id: str) -> bool:
        row = session.get(ReadOnlyMember, (space_id, caller.account_id))
        return row is not None and as_utc(row.until) > _now()

    def _seal(self, session: Session, thread: Thread, field_name: str, value: str) -> bytes:
        return self.cipher.encrypt(session, thread.author_tenant, f"forum.{field_name}", value)

    def _body(self, session: Session, thread: Thread, post: Post) -> str:
        if post.body_sealed is not None:
            return self.cipher.decrypt(session, thread.author_tenant, "forum.post", post.body_sealed)
        return post.body or ""

    def _title(self, session: Session, thread: Thread) -> str:
        if thread.title_sealed is not None:
            return self.cipher.decrypt(session, thread.author_tenant, "forum.title", thread.title_sealed)
        return thread.title or ""

    def _index(self, session: Session, post: Post, text_value: str, title: str = "") -> None:
        """Open threads only: closed ones are searched by their members after decryption."""
        session.execute(text("DELETE FROM search_posts WHERE post_id = :p"), {"p": post.id})
        if text_value:
            session.execute(text("INSERT INTO search_posts (post_id, content) VALUES (:p, :c)"),
                            {"p": post.id, "c": f"{title}\n{text_value}" if title else text_value})

    def _unindex(self, session: Session, post_id: str) -> None:
        session.execute(text("DELETE FROM search_posts WHERE post_id = :p"), {"p": post_id})

    def _add_post(self, session: Session, caller: Caller, thread: Thread, body: str, sensitive: bool, crisis: bool) -> Post:
        now = _now()
        # Lock the row first: two replies posted at once must get places one after the other.
        session.refresh(thread, with_for_update=True)
        thread.post_count += 1
        thread.last_post_at = now
        post = Post(
            id=_id(), thread_id=thread.id, seq=thread.post_count, author_id=caller.account_id,
            author_tenant=caller.tenant, sensitive=sensitive, crisis=crisis, created_at=now,
        )
        if thread.circle_id:
            post.body_sealed = self._seal(session, thread, "post", body)
        else:
            post.body = body
        session.add(post)
        session.flush()
        if not thread.circle_id:
            self._index(session, post, body, thread.title or "" if post.seq == 1 else "")
        state = session.get(ReadState, (caller.account_id, thread.id))
        if state is None:
            session.add(ReadState(account_id=caller.account_id, thread_id=thread.id, last_read_seq=post.seq, last_visit_at=now))
        else:
            state.last_read_seq = max(state.last_read_seq, post.seq)
        return post

    def _moderator_ids(self, session: Session, space_id: str) -> list[str]:
        return list(session.scalars(select(SpaceModerator.account_id).where(SpaceModerator.space_id == space_id)))

    def _after_post(self, session: Session, caller: Caller, thread: Thread, post: Post, body: str,
                    circles: dict[str, set[str]], crisis: bool) -> None:
        audience = sorted(circles.get(thread.circle_id, set())) if thread.circle_id else []
        self.outbox.emit(session, "post_created", tenant=caller.tenant, actor=caller.account_id,
                         payload=events.PostCreated(post_id=post.id, thread_id=thread.id, space_id=thread.space_id,
                                                    author_id=caller.account_id, closed_thread=bool(thread.circle_id),
                                                    audience_ids=audience))
        if post.seq > 1 and thread.author_id != caller.account_id:
            self.outbox.emit(session, "reply_to_your_thread", tenant=caller.tenant, actor=caller.account_id,
                             payload=events.ReplyToYourThread(post_id=post.id, thread_id=thread.id,
                                                              thread_author_id=thread.author_id, replier_id=caller.account_id))
        mentioned = checks.mentioned_pseudonyms(body)
        if mentioned:
            participants = set(session.scalars(select(Post.author_id).where(Post.thread_id == thread.id)))
            if thread.circle_id:
                participants |= circles.get(thread.circle_id, set())
            names = self.people.names(sorted(participants))
            # "@Nora_Fugl" names "Nora Fugl": a mention cannot contain spaces.
            wanted = {p.casefold().replace("_", " ") for p in mentioned}
            for account_id, name in names.items():
                if name.pseudonym.casefold() in wanted and account_id != caller.account_id:
                    self.outbox.emit(session, "mention", tenant=caller.tenant, actor=caller.account_id,
                                     payload=events.Mention(post_id=post.id, thread_id=thread.id,
                                                            mentioned_id=account_id, author_id=caller.account_id))
        if crisis:
            flag = Flag(id=_id(), post_id=post.id, space_id=thread.space_id, flagged_by=None,
                        reason="crisis_language", crisis=True, created_at=_now())
            session.add(flag)
            self.outbox.emit(session, "crisis_flagged", tenant=caller.tenant, actor="",
                             payload=events.CrisisFlagged(flag_id=flag.id, post_id=post.id, space_id=thread.space_id,
                                                          moderator_ids=self._moderator_ids(session, thread.space_id)))

    def _require_pseudonym(self, caller: Caller) -> None:
        """Authors appear only under their pseudonym, so one must be chosen first."""
        name = self.people.names([caller.account_id]).get(caller.account_id)
        if name is None or not name.pseudonym:
            raise FailedPrecondition("choose a pseudonym before you post", reason="pseudonym_required")

    def _check_pace(self, session: Session, caller: Caller) -> None:
        """The limit is kept here, where the posts are, so it holds across every gateway pod;
        a post held back for identifying details does not count, only published ones."""
        now = _now()
        for window, limit in ((timedelta(minutes=1), self.pace.per_minute), (timedelta(hours=1), self.pace.per_hour)):
            recent = session.scalar(select(func.count()).select_from(Post).where(
                Post.author_id == caller.account_id, Post.created_at > now - window))
            if recent >= limit:
                raise ResourceExhausted("you are posting faster than the forum allows; wait a little and post again",
                                        reason="posting_too_fast")

    def _prepare(self, session: Session, caller: Caller, body: str, title: str | None, post_anyway: bool) -> PostOutcome | None:
        places = self._places(session, caller.tenant)
        findings = checks.find_identifying_details(body, places)
        title_findings = checks.find_identifying_details(title, places) if title else []
        self._refuse_national_ids(findings, "body")
        self._refuse_national_ids(title_findings, "title")
        if (findings or title_findings) and not post_anyway:
            return PostOutcome(published=False, findings=findings, title_findings=title_findings)
        return None

    def create_thread(self, caller: Caller, category_id: str, title: str, body: str, circle_id: str,
                      sensitive: bool, post_anyway: bool, exercise: bool, cafe_id: str) -> PostOutcome:
        self._require_member(caller)
        title = _text(title, "title", TITLE_LENGTH)
        body = _text(body, "body", BODY_LENGTH)
        self._require_pseudonym(caller)
        circles = self.people.circles()
        if circle_id and circle_id not in circles:
            raise NotFound("no such circle", field="circle_id")
        with self.db.transaction() as session:
            category = session.get(Category, category_id) if category_id else None
            if category is None:
                raise NotFound("no such category", field="category_id")
            self._space(session, caller, category.space_id)
            if (exercise or cafe_id) and not self._is_moderator(session, caller, category.space_id):
                raise PermissionDenied("exercise threads are posted by moderators", reason="moderator_required")
            if self._read_only(session, caller, category.space_id):
                raise FailedPrecondition("you can read but not write here for a while", reason="read_only")
            held = self._prepare(session, caller, body, title, post_anyway)
            if held:
                return held
            self._check_pace(session, caller)
            findings = checks.find_identifying_details(body, self._places(session, caller.tenant))
            crisis = checks.mentions_crisis(f"{title}\n{body}", [w.word for w in self._words(session, caller.tenant, "crisis_word")])
            now = _now()
            thread = Thread(
                id=_id(), space_id=category.space_id, category_id=category.id, author_id=caller.account_id,
                author_tenant=caller.tenant, circle_id=circle_id or None, exercise=exercise, cafe_id=cafe_id or None,
                created_at=now, last_post_at=now, post_count=0, view_count=0, pinned=False, locked=False,
            )
            if circle_id:
                thread.title_sealed = self._seal(session, thread, "title", title)
            else:
                thread.title = title
            session.add(thread)
            session.flush()
            post = self._add_post(session, caller, thread, body, sensitive, crisis)
            self._after_post(session, caller, thread, post, body, circles, crisis)
            return PostOutcome(
                published=True, findings=findings,
                thread=self._thread_view(session, caller, thread, {}, {}),
                post=self._post_views(session, caller, thread, [post])[0],
                crisis_help=self.crisis_contacts(session, caller.tenant) if crisis else [],
            )

    def reply(self, caller: Caller, thread_id: str, body: str, sensitive: bool, post_anyway: bool) -> PostOutcome:
        body = _text(body, "body", BODY_LENGTH)
        self._require_member(caller)
        circles = self.people.circles()
        with self.db.transaction() as session:
            thread = self._visible_thread(session, caller, thread_id, circles)
            self._require_pseudonym(caller)
            if thread.locked:
                raise FailedPrecondition("this thread is locked", field="thread_id", reason="locked")
            if self._read_only(session, caller, thread.space_id):
                raise FailedPrecondition("you can read but not write here for a while", reason="read_only")
            held = self._prepare(session, caller, body, None, post_anyway)
            if held:
                return held
            self._check_pace(session, caller)
            findings = checks.find_identifying_details(body, self._places(session, caller.tenant))
            crisis = checks.mentions_crisis(body, [w.word for w in self._words(session, caller.tenant, "crisis_word")])
            post = self._add_post(session, caller, thread, body, sensitive, crisis)
            self._after_post(session, caller, thread, post, body, circles, crisis)
            return PostOutcome(
                published=True, findings=findings,
                thread=self._thread_view(session, caller, thread, {}, {}),
                post=self._post_views(session, caller, thread, [post])[0],
                crisis_help=self.crisis_contacts(session, caller.tenant) if crisis else [],
            )

    def _own_recent_post(self, session: Session, caller: Caller, post_id: str) -> tuple[Post, Thread]:
        post, thread = self._visible_post(session, caller, post_id)
        if post.author_id != caller.account_id:
            raise PermissionDenied("you can only change your own posts", reason="not_own")
        if post.deleted:
            raise NotFound("no such post", field="post_id")
        if _now() - as_utc(post.created_at) > EDIT_WINDOW:
            raise FailedPrecondition("posts can be changed for an hour after posting", reason="edit_window_closed")
        return post, thread

    def edit_post(self, caller: Caller, post_id: str, body: str, post_anyway: bool) -> PostOutcome:
        body = _text(body, "body", BODY_LENGTH)
        with self.db.transaction() as session:
            post, thread = self._own_recent_post(session, caller, post_id)
            held = self._prepare(session, caller, body, None, post_anyway)
            if held:
                return held
            session.add(PostRevision(id=_id(), post_id=post.id, body=post.body, body_sealed=post.body_sealed, replaced_at=_now()))
            if thread.circle_id:
                post.body_sealed = self._seal(session, thread, "post", body)
            else:
                post.body = body
                self._index(session, post, body, thread.title or "" if post.seq == 1 else "")
            post.edited_at = _now()
            crisis = checks.mentions_crisis(body, [w.word for w in self._words(session, caller.tenant, "crisis_word")])
            if crisis and not post.crisis:
                post.crisis = True
                self._after_post_crisis_only(session, caller, thread, post)
            return PostOutcome(
                published=True, findings=checks.find_identifying_details(body, self._places(session, caller.tenant)),
                thread=self._thread_view(session, caller, thread, {}, {}),
                post=self._post_views(session, caller, thread, [post])[0],
                crisis_help=self.crisis_contacts(session, caller.tenant) if crisis else [],
            )

    def _after_post_crisis_only(self, session: Session, caller: Caller, thread: Thread, post: Post) -> None:
        flag = Flag(id=_id(), post_id=post.id, space_id=thread.space_id, flagged_by=None,
                    reason="crisis_language", crisis=True, created_at=_now())
        session.add(flag)
        self.outbox.emit(session, "crisis_flagged", tenant=caller.tenant, actor="",
                         payload=events.CrisisFlagged(flag_id=flag.id, post_id=post.id, space_id=thread.space_id,
                                                      moderator_ids=self._moderator_ids(session, thread.space_id)))

    def delete_post(self, caller: Caller, post_id: str) -> None:
        with self.db.transaction() as session:
            post, _thread = self._own_recent_post(session, caller, post_id)
            session.add(PostRevision(id=_id(), post_id=post.id, body=post.body, body_sealed=post.body_sealed, replaced_at=_now()))
            post.deleted = True
            post.body = None
            post.body_sealed = None
            self._unindex(session, post.id)

    def post_history(self, caller: Caller, post_id: str) -> list[tuple[str, datetime]]:
        with self.db.transaction() as session:
            post, thread = self._visible_post(session, caller, post_id)
            self._require_moderator(session, caller, thread.space_id)
            revisions = session.scalars(select(PostRevision).where(PostRevision.post_id == post.id).order_by(PostRevision.replaced_at))
            result = []
            for revision in revisions:
                if revision.body_sealed is not None:
                    body = self.cipher.decrypt(session, thread.author_tenant, "forum.post", revision.body_sealed)
                else:
                    body = revision.body or ""
                result.append((body, revision.replaced_at))
            return result

    # == reading ============================================================================

    def _names(self, session: Session, caller: Caller, author_ids: list[str], space_id: str) -> tuple[dict[str, Name], set[str]]:
        names = self.people.names(author_ids)
        moderators = set(self._moderator_ids(session, space_id))
        return names, moderators

    def _thread_view(self, session: Session, caller: Caller, thread: Thread, names: dict[str, Name],
                     states: dict[str, ReadState]) -> ThreadView:
        if thread.author_id not in names:
            names.update(self.people.names([thread.author_id]))
        moderators = set(self._moderator_ids(session, thread.space_id))
        state = states.get(thread.id) or session.get(ReadState, (caller.account_id, thread.id))
        unread = thread.post_count - (state.last_read_seq if state else 0)
        new = state is None or as_utc(thread.last_post_at) > as_utc(state.last_visit_at)
        return ThreadView(thread, self._title(session, thread), names.get(thread.author_id, Name("", "")),
                           thread.author_id in moderators, max(unread, 0), new)

    def _post_views(self, session: Session, caller: Caller, thread: Thread, posts: list[Post]) -> list[PostView]:
        if not posts:
            return []
        names = self.people.names([p.author_id for p in posts])
        moderators = set(self._moderator_ids(session, thread.space_id))
        is_moderator = caller.account_id in moderators and caller.has(auth.PEER_MODERATOR)
        counts: dict[str, dict[str, int]] = {}
        mine: dict[str, set[str]] = {}
        ids = [p.id for p in posts]
        for post_id, kind, count in session.execute(
            select(Reaction.post_id, Reaction.kind, func.count()).where(Reaction.post_id.in_(ids)).group_by(Reaction.post_id, Reaction.kind)
        ):
            counts.setdefault(post_id, {})[kind] = count
        for post_id, kind in session.execute(
            select(Reaction.post_id, Reaction.kind).where(Reaction.post_id.in_(ids), Reaction.account_id == caller.account_id)
        ):
            mine.setdefault(post_id, set()).add(kind)
        views = []
        now = _now()
        for post in posts:
            own = post.author_id == caller.account_id
            show_body = not post.deleted and (not post.hidden or own or is_moderator)
            body = self._body(session, thread, post) if show_body else ""
            views.append(PostView(
                post=post, body_markdown=body if show_body else "",
                author=names.get(post.author_id, Name("", "")), author_moderator=post.author_id in moderators,
                reactions=[(k, counts.get(post.id, {}).get(k, 0), k in mine.get(post.id, set())) for k in REACTIONS],
                mine=own, editable=own and not post.deleted and now - as_utc(post.created_at) <= EDIT_WINDOW,
                show_body=show_body, show_reason=own or is_moderator,
            ))
        return views

    def list_threads(self, caller: Caller, category_id: str, page_size: int, page_token: str) -> tuple[list[ThreadView], str]:
        self._require_member(caller)
        size = _page_size(page_size)
        cursor = paging.position_of(page_token, 3)
        circles = self.people.circles()
        with self.db.transaction() as session:
            category = session.get(Category, category_id) if category_id else None
            if category is None:
                raise NotFound("no such category", field="category_id")
            self._space(session, caller, category.space_id)
            query = select(Thread).where(Thread.category_id == category.id, self._thread_filter(circles))
            if cursor:
                pinned, last_post_at, thread_id = bool(cursor[0]), datetime.fromisoformat(cursor[1]), str(cursor[2])
                later_in_group = or_(
                    Thread.last_post_at < last_post_at,
                    and_(Thread.last_post_at == last_post_at, Thread.id < thread_id),
                )
                if pinned:  # pinned threads come first; after them, every unpinned one
                    query = query.where(or_(Thread.pinned.is_(False), and_(Thread.pinned.is_(True), later_in_group)))
                else:
                    query = query.where(Thread.pinned.is_(False), later_in_group)
            rows = list(session.scalars(
                query.order_by(Thread.pinned.desc(), Thread.last_post_at.desc(), Thread.id.desc()).limit(size + 1)
            ))
            page = rows[:size]
            next_token = ""
            if len(rows) > size:
                last = page[-1]
                next_token = paging.page_token([last.pinned, as_utc(last.last_post_at).isoformat(), last.id])
            names = self.people.names([t.author_id for t in page])
            states = {s.thread_id: s for s in session.scalars(
                select(ReadState).where(ReadState.account_id == caller.account_id, ReadState.thread_id.in_([t.id for t in page]))
            )}
            return [self._thread_view(session, caller, t, names, states) for t in page], next_token

    def get_thread(self, caller: Caller, thread_id: str, page_size: int, page_token: str) -> tuple[ThreadView, list[PostView], str]:
        size = _page_size(page_size)
        cursor = paging.position_of(page_token, 1)
        with self.db.transaction() as session:
            thread = self._visible_thread(session, caller, thread_id)
            state = session.get(ReadState, (caller.account_id, thread.id))
            view = self._thread_view(session, caller, thread, {}, {thread.id: state} if state else {})
            after = int(cursor[0]) if cursor else 0
            posts = list(session.scalars(
                select(Post).where(Post.thread_id == thread.id, Post.seq > after).order_by(Post.seq).limit(size + 1)
            ))
            page = posts[:size]
            next_token = paging.page_token([page[-1].seq]) if len(posts) > size else ""
            now = _now()
            thread.view_count += 1
            session.add(ThreadVisit(id=_id(), thread_id=thread.id, viewer_tenant=caller.tenant, posts_shown=len(page), viewed_at=now))
            last_seen = page[-1].seq if page else after
            if state is None:
                session.add(ReadState(account_id=caller.account_id, thread_id=thread.id, last_read_seq=last_seen, last_visit_at=now))
            else:
                state.last_read_seq = max(state.last_read_seq, last_seen)
                state.last_visit_at = now
            return view, self._post_views(session, caller, thread, page), next_token

    def react(self, caller: Caller, post_id: str, kind: str, on: bool) -> PostView:
        if kind not in REACTIONS:
            raise InvalidArgument(f"a reaction is one of {', '.join(REACTIONS)}", field="kind")
        with self.db.transaction() as session:
            post, thread = self._visible_post(session, caller, post_id)
            if post.deleted:
                raise NotFound("no such post", field="post_id")
            existing = session.get(Reaction, (post.id, caller.account_id, kind))
            if on and existing is None:
                session.add(Reaction(post_id=post.id, account_id=caller.account_id, kind=kind, created_at=_now()))
            elif not on and existing is not None:
                session.delete(existing)
            session.flush()
            return self._post_views(session, caller, thread, [post])[0]

    # == search ===============================================================================

    def search(self, caller: Caller, query: str, page_size: int, page_token: str) -> tuple[list[tuple[ThreadView, PostView, float]], str]:
        self._require_member(caller)
        terms = [t for t in re.findall(r"[\wæøåÆØÅ]+", query.casefold()) if len(t) >= 2][:8]
        if not terms:
            raise InvalidArgument("search for at least one word of two letters or more", field="query")
        size = _page_size(page_size)
        cursor = paging.position_of(page_token, 2)
        circles = self.people.circles()
        with self.db.transaction() as session:
            spaces = self._space_ids(session, caller)
            if not spaces:
                return [], ""
            hits = self._search_open(session, terms, spaces) + self._search_closed(session, terms, spaces, circles)
            hits.sort(key=lambda hit: (-hit[1], hit[0]))
            if cursor:
                rank, post_id = float(cursor[0]), str(cursor[1])
                hits = [h for h in hits if (-h[1], h[0]) > (-rank, post_id)]
            page = hits[:size]
            next_token = paging.page_token([page[-1][1], page[-1][0]]) if len(hits) > size else ""
            result = []
            for post_id, rank in page:
                post = session.get(Post, post_id)
                thread = session.get(Thread, post.thread_id)
                result.append((self._thread_view(session, caller, thread, {}, {}),
                               self._post_views(session, caller, thread, [post])[0], rank))
            return result, next_token

    def _search_open(self, session: Session, terms: list[str], spaces: list[str]) -> list[tuple[str, float]]:
        if is_postgres(self.db.engine):
            matches = session.execute(text(
                "SELECT post_id, ts_rank(tsv, q) AS rank FROM search_posts, plainto_tsquery('simple', :q) AS q "
                "WHERE tsv @@ q ORDER BY rank DESC LIMIT :limit"
            ), {"q": " ".join(terms), "limit": SEARCH_LIMIT}).all()
            ranked = {m.post_id: float(m.rank) for m in matches}
        else:
            fts_query = " ".join(f'"{t}"*' for t in terms)
            matches = session.execute(text(
                "SELECT post_id, bm25(search_posts) AS rank FROM search_posts WHERE search_posts MATCH :q "
                "ORDER BY rank LIMIT :limit"
            ), {"q": fts_query, "limit": SEARCH_LIMIT}).all()
            ranked = {m.post_id: -float(m.rank) for m in matches}  # bm25: lower is better
        if not ranked:
            return []
        allowed = set(session.scalars(
            select(Post.id).join(Thread, Thread.id == Post.thread_id).where(
                Post.id.in_(list(ranked)), Thread.space_id.in_(spaces), Thread.circle_id.is_(None),
                Post.hidden.is_(False), Post.deleted.is_(False),
            )
        ))
        return [(post_id, round(rank, 6)) for post_id, rank in ranked.items() if post_id in allowed]

    def _search_closed(self, session: Session, terms: list[str], spaces: list[str], circles: dict[str, set[str]]) -> list[tuple[str, float]]:
        if not circles:
            return []
        hits = []
        rows = session.execute(
            select(Post, Thread).join(Thread, Thread.id == Post.thread_id).where(
                Thread.space_id.in_(spaces), Thread.circle_id.in_(list(circles)),
                Post.hidden.is_(False), Post.deleted.is_(False),
            ).order_by(Post.created_at.desc()).limit(SEARCH_LIMIT * 4)
        ).all()
        for post, thread in rows:
            content = self._body(session, thread, post).casefold()
            if post.seq == 1:
                content = self._title(session, thread).casefold() + "\n" + content
            if all(t in content for t in terms):
                score = sum(content.count(t) for t in terms) / (1 + len(content) / 500)
                hits.append((post.id, round(score, 6)))
        return hits

    # == moderation ==========================================================================

    def _log(self, session: Session, caller: Caller, space_id: str, action: str, target: str, reason: str = "") -> None:
        session.add(ModerationLog(id=_id(), space_id=space_id, moderator_id=caller.account_id, action=action,
                                  target_id=target, reason=reason[:REASON_LENGTH], at=_now()))

    def flag(self, caller: Caller, post_id: str, reason: str) -> None:
        reason = _text(reason, "reason", (3, REASON_LENGTH))
        with self.db.transaction() as session:
            post, thread = self._visible_post(session, caller, post_id)
            flag = Flag(id=_id(), post_id=post.id, space_id=thread.space_id, flagged_by=caller.account_id,
                        reason=reason, crisis=False, created_at=_now())
            session.add(flag)
            self.outbox.emit(session, "post_flagged", tenant=caller.tenant, actor=caller.account_id,
                             payload=events.PostFlagged(flag_id=flag.id, post_id=post.id, space_id=thread.space_id,
                                                        moderator_ids=self._moderator_ids(session, thread.space_id)))

    def queue(self, caller: Caller, space_id: str) -> list[QueueEntry]:
        circles = self.people.circles()
        with self.db.transaction() as session:
            self._space(session, caller, space_id)
            self._require_moderator(session, caller, space_id)
            flags = session.scalars(
                select(Flag).where(Flag.space_id == space_id, Flag.resolved_at.is_(None))
                .order_by(Flag.crisis.desc(), Flag.created_at, Flag.id)
            )
            entries = []
            for flag in flags:
                post = session.get(Post, flag.post_id)
                thread = session.get(Thread, post.thread_id)
                # A closed thread stays closed even to moderators: they see that something
                # needs attention, not what it says.
                visible = not thread.circle_id or thread.circle_id in circles
                view = self._post_views(session, caller, thread, [post])[0] if visible else None
                entries.append(QueueEntry(flag, view, thread.id if visible else ""))
            return entries

    def resolve_flag(self, caller: Caller, flag_id: str) -> None:
        with self.db.transaction() as session:
            flag = session.get(Flag, flag_id) if flag_id else None
            if flag is None or flag.space_id not in self._space_ids(session, caller):
                raise NotFound("no such flag", field="flag_id")
            self._require_moderator(session, caller, flag.space_id)
            if flag.resolved_at is None:
                flag.resolved_at = _now()
                self._log(session, caller, flag.space_id, "resolve_flag", flag.id)

    def _moderated_post(self, session: Session, caller: Caller, post_id: str) -> tuple[Post, Thread]:
        post = session.get(Post, post_id) if post_id else None
        if post is None:
            raise NotFound("no such post", field="post_id")
        thread = session.get(Thread, post.thread_id)
        if thread.space_id not in self._space_ids(session, caller):
            raise NotFound("no such post", field="post_id")
        self._require_moderator(session, caller, thread.space_id)
        return post, thread

    def hide_post(self, caller: Caller, post_id: str, reason: str, hidden: bool) -> PostView:
        if hidden:
            reason = _text(reason, "reason", (3, REASON_LENGTH))
        with self.db.transaction() as session:
            post, thread = self._moderated_post(session, caller, post_id)
            post.hidden = hidden
            post.hidden_reason = reason if hidden else None
            if hidden:
                self._unindex(session, post.id)
            elif not thread.circle_id and not post.deleted:
                self._index(session, post, post.body or "", thread.title or "" if post.seq == 1 else "")
            self._log(session, caller, thread.space_id, "hide_post" if hidden else "show_post", post.id, reason)
            session.flush()
            return self._post_views(session, caller, thread, [post])[0]

    def _moderated_thread(self, session: Session, caller: Caller, thread_id: str) -> Thread:
        thread = session.get(Thread, thread_id) if thread_id else None
        if thread is None or thread.space_id not in self._space_ids(session, caller):
            raise NotFound("no such thread", field="thread_id")
        self._require_moderator(session, caller, thread.space_id)
        return thread

    def lock_thread(self, caller: Caller, thread_id: str, locked: bool) -> ThreadView:
        with self.db.transaction() as session:
            thread = self._moderated_thread(session, caller, thread_id)
            thread.locked = locked
            self._log(session, caller, thread.space_id, "lock_thread" if locked else "unlock_thread", thread.id)
            return self._thread_view(session, caller, thread, {}, {})

    def pin_thread(self, caller: Caller, thread_id: str, pinned: bool) -> ThreadView:
        with self.db.transaction() as session:
            thread = self._moderated_thread(session, caller, thread_id)
            thread.pinned = pinned
            self._log(session, caller, thread.space_id, "pin_thread" if pinned else "unpin_thread", thread.id)
            return self._thread_view(session, caller, thread, {}, {})

    def move_thread(self, caller: Caller, thread_id: str, category_id: str) -> ThreadView:
        with self.db.transaction() as session:
            thread = self._moderated_thread(session, caller, thread_id)
            category = session.get(Category, category_id) if category_id else None
            if category is None or category.space_id != thread.space_id:
                raise NotFound("no such category in this space", field="category_id")
            thread.category_id = category.id
            self._log(session, caller, thread.space_id, "move_thread", thread.id, category.id)
            return self._thread_view(session, caller, thread, {}, {})

    def set_read_only(self, caller: Caller, space_id: str, account_id: str, until: datetime | None, reason: str) -> None:
        if not account_id:
            raise InvalidArgument("account_id is required", field="account_id")
        with self.db.transaction() as session:
            self._space(session, caller, space_id)
            self._require_moderator(session, caller, space_id)
            session.execute(delete(ReadOnlyMember).where(ReadOnlyMember.space_id == space_id, ReadOnlyMember.account_id == account_id))
            if until is not None and until > _now():
                session.add(ReadOnlyMember(space_id=space_id, account_id=account_id, until=until))
                self._log(session, caller, space_id, "read_only", account_id, reason)
            else:
                self._log(session, caller, space_id, "lift_read_only", account_id, reason)

    def moderation_log(self, caller: Caller, space_id: str) -> list[ModerationLog]:
        with self.db.transaction() as session:
            self._space(session, caller, space_id)
            self._require_moderator(session, caller, space_id)
            return list(session.scalars(
                select(ModerationLog).where(ModerationLog.space_id == space_id).order_by(ModerationLog.at, ModerationLog.id)
            ))

    # == word lists and figures ===============================================================

    def word_lists(self, caller: Caller) -> tuple[list[str], list[str], list[tuple[str, str]]]:
        with self.db.transaction() as session:
            places = self._places(session, caller.tenant)
            crisis_words = [w.word for w in self._words(session, caller.tenant, "crisis_word")]
            return places, crisis_words, self.crisis_contacts(session, caller.tenant)

    def set_word_lists(self, caller: Caller, places: list[str], crisis_words: list[str],
                       contacts: list[tuple[str, str]]) -> tuple[list[str], list[str], list[tuple[str, str]]]:
        caller.require(auth.TENANT_ADMIN)
        for name, value in (("places", places), ("crisis_words", crisis_words)):
            if len(value) > 2000 or any(len(w) > 200 for w in value):
                raise InvalidArgument("at most 2000 entries of at most 200 characters", field=name)
        for contact_name, phone in contacts:
            if not contact_name.strip() or not re.fullmatch(r"\+?[0-9 ]{3,20}", phone.strip()):
                raise InvalidArgument("a crisis contact needs a name and a phone number", field="crisis_contacts")
        with self.db.transaction() as session:
            session.execute(delete(TenantWords).where(TenantWords.tenant == caller.tenant))
            rows = {("place", w.strip(), "") for w in places if w.strip()}
            rows |= {("crisis_word", w.strip(), "") for w in crisis_words if w.strip()}
            rows |= {("crisis_contact", n.strip(), p.strip()) for n, p in contacts}
            for kind, word, extra in sorted(rows):
                session.add(TenantWords(id=_id(), tenant=caller.tenant, kind=kind, word=word, extra=extra))
        return self.word_lists(caller)

    def usage(self, caller: Caller, tenant: str, start: datetime | None, end: datetime | None) -> Stats:
        tenant = tenant or caller.tenant
        if caller.has(auth.REGION_ADMIN):
            pass
        elif caller.has(auth.TENANT_ADMIN, auth.RESEARCHER):
            if tenant != caller.tenant and not caller.has(auth.RESEARCHER):
                raise NotFound("unknown tenant", field="tenant")
        else:
            raise PermissionDenied("figures are for admins and researchers", reason="role_required")
        start = start or datetime(2000, 1, 1, tzinfo=UTC)
        end = end or _now() + timedelta(days=1)
        if end <= start:
            raise InvalidArgument("'to' must be after 'from'", field="to")
        with self.db.transaction() as session:
            in_period = and_(Post.author_tenant == tenant, Post.created_at >= start, Post.created_at < end)
            written = session.scalar(select(func.count()).select_from(Post).where(in_period)) or 0
            authors = session.scalar(select(func.count(func.distinct(Post.author_id))).where(in_period)) or 0
            threads = session.scalar(select(func.count()).select_from(Thread).where(
                Thread.author_tenant == tenant, Thread.created_at >= start, Thread.created_at < end)) or 0
            viewed = session.scalar(select(func.coalesce(func.sum(ThreadVisit.posts_shown), 0)).where(
                ThreadVisit.viewer_tenant == tenant, ThreadVisit.viewed_at >= start, ThreadVisit.viewed_at < end)) or 0
        figures = [int(written), int(viewed), int(threads), int(authors)]
        if caller.has(auth.RESEARCHER) and not caller.has(auth.TENANT_ADMIN, auth.REGION_ADMIN):
            # Researchers see k-anonymous figures only: small counts could point at a person.
            figures = [f if f >= K_ANONYMITY else -1 for f in figures]
        return Stats(tenant, *figures)



def erase_member(session: Session, account_id: str) -> None:
    """What the forum keeps of an erased member: the place of their posts in each thread,
    so the conversation others had stays readable, but no word they wrote. Their posts
    show as from "a former member" (identity no longer gives them a pseudonym)."""
    posts = list(session.scalars(select(Post.id).where(Post.author_id == account_id)))
    if posts:
        session.execute(text("DELETE FROM search_posts WHERE post_id IN :ids").bindparams(
            bindparam("ids", expanding=True)), {"ids": posts})
        if session.get_bind().dialect.name == "sqlite":
            # FTS5 keeps deleted tokens in its segments until they are merged.
            session.execute(text("INSERT INTO search_posts(search_posts) VALUES('optimize')"))
        session.execute(delete(PostRevision).where(PostRevision.post_id.in_(posts)))
    for post in session.scalars(select(Post).where(Post.author_id == account_id)):
        post.body = None
        post.body_sealed = None
        post.deleted = True
    for thread in session.scalars(select(Thread).where(Thread.author_id == account_id)):
        thread.title = ""
        thread.title_sealed = None
    session.execute(delete(Reaction).where(Reaction.account_id == account_id))
    session.execute(delete(ReadState).where(ReadState.account_id == account_id))
    session.execute(delete(ReadOnlyMember).where(ReadOnlyMember.account_id == account_id))
    session.execute(delete(SpaceModerator).where(SpaceModerator.account_id == account_id))
    session.execute(update(Flag).where(Flag.flagged_by == account_id).values(flagged_by=None))
