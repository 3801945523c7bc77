"""The forum's tables.

Full-text search lives in ``search_posts``, made by raw SQL in the migrations (an FTS5
virtual table on SQLite, a tsvector column with a GIN index on PostgreSQL) and so
outside these models; the kit's migration check leaves ``search_*`` tables alone.

Posts and titles in threads closed to a circle are encrypted at rest: only the
circle's members may ever read them, and a database dump must not show them. Open
threads are shared with the whole space under pseudonyms and stay searchable.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from services.kit.db import add_kit_tables


class Base(DeclarativeBase):
    pass


KIT = add_kit_tables(Base.metadata)


class Space(Base):
    __tablename__ = "spaces"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SpaceTenant(Base):
    """Which municipalities share a space."""

    __tablename__ = "space_tenants"

    space_id: Mapped[str] = mapped_column(ForeignKey("spaces.id"), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class SpaceModerator(Base):
    __tablename__ = "space_moderators"

    space_id: Mapped[str] = mapped_column(ForeignKey("spaces.id"), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)


class Category(Base):
    __tablename__ = "categories"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    space_id: Mapped[str] = mapped_column(ForeignKey("spaces.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(String(500), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Thread(Base):
    __tablename__ = "threads"
    __table_args__ = (
        # The thread list: pinned first, then most recently active; the cursor follows this order.
        Index("ix_threads_listing", "category_id", "pinned", "last_post_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    space_id: Mapped[str] = mapped_column(ForeignKey("spaces.id"), index=True)
    category_id: Mapped[str] = mapped_column(ForeignKey("categories.id"))
    author_id: Mapped[str] = mapped_column(String(36), index=True)
    author_tenant: Mapped[str] = mapped_column(String(40))
    title: Mapped[str | None] = mapped_column(String(200), nullable=True)  # open threads
    title_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # closed threads
    circle_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    exercise: Mapped[bool] = mapped_column(Boolean, default=False)
    cafe_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_post_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    post_count: Mapped[int] = mapped_column(Integer, default=0)
    view_count: Mapped[int] = mapped_column(BigInteger, default=0)


class Post(Base):
    __tablename__ = "posts"
    __table_args__ = (Index("ix_posts_thread_order", "thread_id", "seq"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    thread_id: Mapped[str] = mapped_column(ForeignKey("threads.id"))
    # Position in the thread (1, 2, ...): the stable cursor and the read marker.
    seq: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[str] = mapped_column(String(36), index=True)
    author_tenant: Mapped[str] = mapped_column(String(40), index=True)
    body: Mapped[str | None] = mapped_column(Text, nullable=True)  # open threads (Markdown)
    body_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # closed threads
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_reason: Mapped[str | None] = mapped_column(String(500), nullable=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    crisis: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class PostRevision(Base):
    """Earlier versions of an edited post, for moderators."""

    __tablename__ = "post_revisions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    post_id: Mapped[str] = mapped_column(ForeignKey("posts.id"), index=True)
    body: Mapped[str | None] = mapped_column(Text, nullable=True)
    body_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    replaced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Reaction(Base):
    __tablename__ = "reactions"

    post_id: Mapped[str] = mapped_column(ForeignKey("posts.id"), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReadState(Base):
    """How far a member has read a thread, and when they last looked."""

    __tablename__ = "read_state"

    account_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    thread_id: Mapped[str] = mapped_column(ForeignKey("threads.id"), primary_key=True)
    last_read_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_visit_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ThreadVisit(Base):
    """One row per thread view, for the study's "posts viewed" figures per tenant and period."""

    __tablename__ = "thread_visits"
    __table_args__ = (Index("ix_thread_visits_tenant_time", "viewer_tenant", "viewed_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    thread_id: Mapped[str] = mapped_column(ForeignKey("threads.id"))
    viewer_tenant: Mapped[str] = mapped_column(String(40))
    posts_shown: Mapped[int] = mapped_column(Integer)
    viewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Flag(Base):
    __tablename__ = "flags"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    post_id: Mapped[str] = mapped_column(ForeignKey("posts.id"), index=True)
    space_id: Mapped[str] = mapped_column(ForeignKey("spaces.id"), index=True)
    flagged_by: Mapped[str | None] = mapped_column(String(36), nullable=True)  # empty: the crisis check
    reason: Mapped[str] = mapped_column(String(500))
    crisis: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ModerationLog(Base):
    """Append-only: rows are inserted, never updated or deleted."""

    __tablename__ = "moderation_log"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    space_id: Mapped[str] = mapped_column(ForeignKey("spaces.id"), index=True)
    moderator_id: Mapped[str] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(String(500), default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReadOnlyMember(Base):
    __tablename__ = "read_only_members"

    space_id: Mapped[str] = mapped_column(ForeignKey("spaces.id"), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    until: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class TenantWords(Base):
    """Per-tenant lists kept by its admins: places and institutions, crisis words, crisis contacts."""

    __tablename__ = "tenant_words"
    __table_args__ = (UniqueConstraint("tenant", "kind", "word", name="uq_tenant_words"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # place, crisis_word, crisis_contact
    word: Mapped[str] = mapped_column(String(200))
    extra: Mapped[str] = mapped_column(String(100), default="")  # a crisis contact's phone number
