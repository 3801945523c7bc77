"""The toolbox's tables.

Every personal row carries its tenant and its owner (the service user's account id);
every query filters on both. Content (anything a person wrote or that names a
medication, a person or a plan) is sealed with the kit's FieldCipher: the ``*_sealed``
columns hold AES-GCM ciphertexts bound to the tenant and the field. Dates, statuses,
circles and ratings stay plain so lists can be ordered and filtered; they say little
without the sealed text beside them.

The exercise catalogue and the information pages are the tenant's, not a person's,
and are stored plain.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
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

ID = 36
TENANT = 40


class Base(DeclarativeBase):
    pass


KIT = add_kit_tables(Base.metadata)


class Owned:
    """Columns every personal row has."""

    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(TENANT))
    owner_id: Mapped[str] = mapped_column(String(ID))


# -- values and life domains ----------------------------------------------------------------


class ValueStatement(Owned, Base):
    __tablename__ = "values_statements"
    __table_args__ = (Index("ix_values_owner", "tenant", "owner_id"),)

    text_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CustomDomain(Owned, Base):
    """A life domain the user named themselves (the standard ones are keys, not rows)."""

    __tablename__ = "custom_domains"
    __table_args__ = (Index("ix_custom_domains_owner", "tenant", "owner_id"),)

    name_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class DomainStatus(Owned, Base):
    """Dated entries, kept: how things are in a domain, over time."""

    __tablename__ = "domain_statuses"
    __table_args__ = (Index("ix_domain_statuses_owner", "tenant", "owner_id", "domain", "recorded_on"),)

    domain: Mapped[str] = mapped_column(String(ID))
    text_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    rating: Mapped[int] = mapped_column(Integer, default=0)
    recorded_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# -- goals ----------------------------------------------------------------------------------------


class Goal(Owned, Base):
    __tablename__ = "goals"
    __table_args__ = (Index("ix_goals_owner", "tenant", "owner_id"),)

    domain: Mapped[str] = mapped_column(String(ID), default="")
    title_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    description_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    target_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="active")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class GoalStep(Owned, Base):
    __tablename__ = "goal_steps"

    goal_id: Mapped[str] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    text_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="todo")
    position: Mapped[int] = mapped_column(Integer, default=0)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


# -- activity plan ---------------------------------------------------------------------------------


class Activity(Owned, Base):
    __tablename__ = "activities"
    __table_args__ = (Index("ix_activities_owner", "tenant", "owner_id"),)

    goal_id: Mapped[str | None] = mapped_column(ForeignKey("goals.id", ondelete="SET NULL"), nullable=True, index=True)
    title_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    notes_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    starts_on: Mapped[date] = mapped_column(Date)
    start_time: Mapped[str] = mapped_column(String(5), default="")  # "HH:MM", "" = all day
    duration_minutes: Mapped[int] = mapped_column(Integer, default=0)
    repeat: Mapped[str] = mapped_column(String(20), default="none")
    repeat_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ActivityDone(Owned, Base):
    """One occurrence of an activity marked done."""

    __tablename__ = "activity_done"
    __table_args__ = (UniqueConstraint("activity_id", "occurrence", name="uq_activity_done"),)

    activity_id: Mapped[str] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    occurrence: Mapped[date] = mapped_column(Date)
    done_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CalendarFeed(Owned, Base):
    """A secret feed URL; only the SHA-256 of its token is kept."""

    __tablename__ = "calendar_feeds"
    __table_args__ = (Index("ix_calendar_feeds_owner", "tenant", "owner_id"),)

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    show_titles: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


# -- network map -----------------------------------------------------------------------------------


class NetworkMember(Owned, Base):
    __tablename__ = "network_members"
    __table_args__ = (Index("ix_network_members_owner", "tenant", "owner_id"),)

    kind: Mapped[str] = mapped_column(String(20), default="person")
    circle: Mapped[str] = mapped_column(String(20))
    name_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    relation_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    can_help_with_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    contact_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# -- crisis plan -----------------------------------------------------------------------------------


class CrisisPlanVersion(Owned, Base):
    """Each save is a new version; the highest is the current plan. The whole plan is one sealed JSON."""

    __tablename__ = "crisis_plan_versions"
    __table_args__ = (UniqueConstraint("tenant", "owner_id", "version", name="uq_crisis_plan_version"),)

    version: Mapped[int] = mapped_column(Integer)
    plan_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# -- exercises ---------------------------------------------------------------------------------------


class Exercise(Base):
    """The tenant's catalogue, kept by its peer moderators and tenant admins."""

    __tablename__ = "exercises"

    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(TENANT), index=True)
    category: Mapped[str] = mapped_column(String(30))
    title_nb: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    body_nb: Mapped[str] = mapped_column(Text)
    body_en: Mapped[str] = mapped_column(Text)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=0)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(ID))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ExerciseLog(Owned, Base):
    __tablename__ = "exercise_log"
    __table_args__ = (Index("ix_exercise_log_owner", "tenant", "owner_id", "done_at"),)

    exercise_id: Mapped[str] = mapped_column(ForeignKey("exercises.id"), index=True)
    feeling: Mapped[int] = mapped_column(Integer)
    note_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    done_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# -- medication overview ---------------------------------------------------------------------------


class Medication(Owned, Base):
    __tablename__ = "medications"
    __table_args__ = (Index("ix_medications_owner", "tenant", "owner_id"),)

    name_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    strength_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    dose_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    schedule_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    purpose_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    prescriber_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    notes_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    started_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    stopped_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# -- information and local links -----------------------------------------------------------------------


class InfoItem(Base):
    """The tenant's information pages and links, kept by its admins."""

    __tablename__ = "info_items"

    id: Mapped[str] = mapped_column(String(ID), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(TENANT), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(30))
    language: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    updated_by: Mapped[str] = mapped_column(String(ID))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# -- sharing -------------------------------------------------------------------------------------------


class Share(Owned, Base):
    """A grant of one section to one provider; revoking sets ``revoked_at`` (kept as history)."""

    __tablename__ = "shares"
    __table_args__ = (
        Index("ix_shares_owner", "tenant", "owner_id"),
        Index("ix_shares_provider", "tenant", "provider_id"),
    )

    provider_id: Mapped[str] = mapped_column(String(ID))
    section: Mapped[str] = mapped_column(String(30))
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class AccessLog(Owned, Base):
    """Append-only: every provider read of a shared section, shown to its owner."""

    __tablename__ = "access_log"
    __table_args__ = (Index("ix_access_log_owner", "tenant", "owner_id", "at"),)

    provider_id: Mapped[str] = mapped_column(String(ID))
    section: Mapped[str] = mapped_column(String(30))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# Every table holding a person's rows, children before parents (the order erasure deletes in).
OWNED_TABLES = (
    AccessLog, Share, ExerciseLog, Medication, CrisisPlanVersion, NetworkMember, CalendarFeed,
    ActivityDone, Activity, GoalStep, Goal, DomainStatus, CustomDomain, ValueStatement,
)
