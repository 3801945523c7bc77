"""Request bodies of the cafés API, validated with pydantic (see schemas.py).

Times are ISO 8601 (UTC unless an offset is given). The events service decides the exact
rules (capacity 0-500, durations 15-720 minutes, reminders 5 minutes to 14 days, …) and
answers with the field at fault.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictBool, StrictStr

from services.gateway.cafes_client import ACTIVITY_KINDS, ANSWERS, COMPANION_KINDS
from services.gateway.schemas import Body, Int32

Id = Annotated[StrictStr, Field(min_length=1, max_length=100)]
TIME = Field(max_length=40, description="ISO 8601 time (UTC unless an offset is given).")


class RecurrenceBody(Body):
    rrule: StrictStr = Field(max_length=500, description='RFC 5545 RRULE, e.g. "FREQ=MONTHLY;BYDAY=1TU".')
    first_date: StrictStr = Field(max_length=10, description="YYYY-MM-DD, local.")
    local_time: StrictStr = Field(max_length=5, description="HH:MM, local.")
    duration_minutes: Int32 = Field(description="15-720.")
    time_zone: StrictStr = Field(default="", max_length=64, description="IANA; empty: the municipality's.")


class CafeDetails(Body):
    title: StrictStr = Field(max_length=1000)
    description: StrictStr = Field(default="", max_length=10_000)
    venue: StrictStr = Field(max_length=1000)
    accessibility_notes: StrictStr = Field(default="", max_length=5000)
    transport_notes: StrictStr = Field(default="", max_length=5000)
    capacity: Int32 = Field(default=0, description="Seats per meeting; 0: no limit.")
    moderator_ids: list[Id] = Field(default_factory=list, max_length=20)


class NewCafeBody(CafeDetails):
    recurrence: RecurrenceBody
    agenda_thread_id: StrictStr = Field(default="", max_length=100)


class CafeBody(CafeDetails):
    """Replaces the café's details (not its recurrence)."""


class AgendaBody(Body):
    thread_id: StrictStr = Field(max_length=100, description="The forum exercise thread; empty removes the link.")
    occurrence_id: StrictStr = Field(default="", max_length=100, description="Set: this meeting only.")


class MoveBody(Body):
    starts_at: StrictStr = TIME
    duration_minutes: Int32 = Field(default=0, description="0: unchanged.")
    venue: StrictStr = Field(default="", max_length=1000, description="Empty: unchanged.")


class RsvpBody(Body):
    answer: Literal[tuple(ANSWERS)]  # type: ignore[valid-type]
    visible: StrictBool = Field(default=False, description="Show my pseudonym (or revealed name) to other attendees.")


class RemindersBody(Body):
    minutes_before: list[Int32] = Field(max_length=10, description="e.g. 1440 (the day before), 120.")


class CompanionBody(Body):
    occurrence_id: Id
    kind: Literal[tuple(COMPANION_KINDS)]  # type: ignore[valid-type]
    offer: StrictBool = Field(default=False, description="Offering company or a ride (false: asking).")


class MatchAnswerBody(Body):
    accept: StrictBool


class MeetingNoteBody(Body):
    place: StrictStr = Field(max_length=1000)
    meet_at: StrictStr = Field(default="", max_length=40, description="ISO 8601 time; empty: not set.")


class ActivityProposalBody(Body):
    kind: Literal[tuple(ACTIVITY_KINDS)]  # type: ignore[valid-type]
    title: StrictStr = Field(max_length=1000)
    description: StrictStr = Field(default="", max_length=10_000)
    place: StrictStr = Field(max_length=1000)
    starts_at: StrictStr = TIME
    duration_minutes: Int32 = Field(default=0, description="0: 120.")
    capacity: Int32 = Field(default=0, description="0: no limit.")
    visible: StrictBool = False


class JoinBody(Body):
    visible: StrictBool = False


MODELS = (NewCafeBody, CafeBody, AgendaBody, MoveBody, RsvpBody, RemindersBody, CompanionBody, MatchAnswerBody,
          MeetingNoteBody, ActivityProposalBody, JoinBody)
