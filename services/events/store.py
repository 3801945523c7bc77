"""The events service's tables.

A café is a series with a recurrence rule in its local time zone; its meetings are
materialised as ``occurrences`` rows (so a single meeting can be moved or cancelled
and RSVPs, reminders and check-ins have something to point at). A local activity is
one ``activities`` row with exactly one occurrence, so both share every rule.

Reminders are rows with a due time in UTC and a sent marker; the scheduler sets the
marker in the same transaction as the outbox write, so each fires exactly once.

Encrypted at rest: a matched pair's meeting note, and what members write about their
own activities (description and place). Cafés' venues and notes are public notices.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
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


class Cafe(Base):
    __tablename__ = "cafes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    venue: Mapped[str] = mapped_column(String(200))
    accessibility_notes: Mapped[str] = mapped_column(Text, default="")
    transport_notes: Mapped[str] = mapped_column(Text, default="")
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    rrule: Mapped[str] = mapped_column(String(300))
    first_date: Mapped[str] = mapped_column(String(10))  # local YYYY-MM-DD
    local_time: Mapped[str] = mapped_column(String(5))  # local HH:MM
    duration_minutes: Mapped[int] = mapped_column(Integer)
    time_zone: Mapped[str] = mapped_column(String(64))
    agenda_thread_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    # Meetings exist as rows up to here; extended as time goes by.
    materialized_until: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CafeModerator(Base):
    __tablename__ = "cafe_moderators"

    cafe_id: Mapped[str] = mapped_column(ForeignKey("cafes.id"), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)


class Activity(Base):
    __tablename__ = "activities"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(40), index=True)
    proposer_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(100))
    description_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    place_sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Occurrence(Base):
    """One café meeting or one activity's time."""

    __tablename__ = "occurrences"
    __table_args__ = (
        UniqueConstraint("cafe_id", "rule_start", name="uq_occurrences_rule"),
        Index("ix_occurrences_tenant_start", "tenant", "starts_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(40))
    cafe_id: Mapped[str | None] = mapped_column(ForeignKey("cafes.id"), nullable=True)
    activity_id: Mapped[str | None] = mapped_column(ForeignKey("activities.id"), nullable=True, index=True)
    # The instant the café's rule gave this meeting (stable even after a move).
    rule_start: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    venue: Mapped[str | None] = mapped_column(String(200), nullable=True)  # a moved meeting's venue
    status: Mapped[str] = mapped_column(String(20))  # scheduled, moved, cancelled
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    agenda_thread_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)  # iCalendar SEQUENCE


class Rsvp(Base):
    __tablename__ = "rsvps"
    __table_args__ = (Index("ix_rsvps_account", "account_id", "answer"),)

    occurrence_id: Mapped[str] = mapped_column(ForeignKey("occurrences.id"), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(40))
    answer: Mapped[str] = mapped_column(String(10))  # yes, maybe, no
    waitlisted: Mapped[bool] = mapped_column(Boolean, default=False)
    visible: Mapped[bool] = mapped_column(Boolean, default=False)
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))  # waitlist order
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Reminder(Base):
    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("occurrence_id", "account_id", "minutes_before", name="uq_reminders_choice"),
        Index("ix_reminders_due", "sent_at", "due_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(40))
    occurrence_id: Mapped[str] = mapped_column(ForeignKey("occurrences.id"))
    account_id: Mapped[str] = mapped_column(String(36))
    minutes_before: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(10), nullable=True)  # sent, skipped


class Attendance(Base):
    """A moderator's check-in: who was there (walk-ins too)."""

    __tablename__ = "attendance"

    occurrence_id: Mapped[str] = mapped_column(ForeignKey("occurrences.id"), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(40), index=True)
    checked_in_by: Mapped[str] = mapped_column(String(36))
    checked_in_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CompanionAsk(Base):
    """Asking for or offering company or a ride to one occurrence."""

    __tablename__ = "companion_requests"
    __table_args__ = (Index("ix_companion_open", "occurrence_id", "kind", "status"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(40))
    occurrence_id: Mapped[str] = mapped_column(ForeignKey("occurrences.id"))
    account_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # company, ride
    offer: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(10))  # open, matched, withdrawn
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Match(Base):
    __tablename__ = "matches"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(40))
    occurrence_id: Mapped[str] = mapped_column(ForeignKey("occurrences.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    a_request_id: Mapped[str] = mapped_column(ForeignKey("companion_requests.id"))
    b_request_id: Mapped[str] = mapped_column(ForeignKey("companion_requests.id"))
    a_account: Mapped[str] = mapped_column(String(36), index=True)
    b_account: Mapped[str] = mapped_column(String(36), index=True)
    a_accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    b_accepted: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10))  # proposed, confirmed, declined
    note_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    note_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CalendarToken(Base):
    """One feed secret per member, stored only as its SHA-256."""

    __tablename__ = "calendar_tokens"

    account_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(40))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
