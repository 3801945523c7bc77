"""Request bodies of the toolbox API, validated with pydantic (see schemas.py).

Unknown fields are refused. Bounds here only keep absurd sizes away from the service:
the toolbox decides the exact rules and answers with the field at fault and a reason
(``required``, ``too_long``, ``bad_date``, ``unknown_value``, ``out_of_range``, …).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictBool, StrictStr

from services.gateway.schemas import Body, Int32
from services.gateway.toolbox_client import (
    CIRCLES,
    EXERCISE_CATEGORIES,
    GOAL_STATUSES,
    INFO_CATEGORIES,
    INFO_KINDS,
    MEMBER_KINDS,
    REPEATS,
    SECTIONS,
    STEP_STATUSES,
)

TEXT = 20_000
SHORT = 1_000
DATE = Field(default="", max_length=10, description="YYYY-MM-DD; empty: not set.")

Section = Literal[SECTIONS]  # type: ignore[valid-type]
Line = Annotated[StrictStr, Field(max_length=SHORT)]


class ValueBody(Body):
    text: StrictStr = Field(max_length=SHORT, description="What is important in my life.")


class LifeDomainBody(Body):
    name: StrictStr = Field(max_length=SHORT)


class DomainStatusBody(Body):
    domain: StrictStr = Field(max_length=100, description="A standard domain key or the id of one's own domain.")
    text: StrictStr = Field(max_length=TEXT)
    rating: Int32 = Field(default=0, description="1-5; 0: not given.")
    recorded_on: StrictStr = Field(default="", max_length=10, description="YYYY-MM-DD; empty: today.")


class StepBody(Body):
    text: StrictStr = Field(max_length=SHORT)
    due_date: StrictStr = DATE


class StepUpdateBody(StepBody):
    status: Literal[STEP_STATUSES] = "todo"  # type: ignore[valid-type]


class NewGoalBody(Body):
    domain: StrictStr = Field(default="", max_length=100)
    title: StrictStr = Field(max_length=SHORT)
    description: StrictStr = Field(default="", max_length=TEXT)
    target_date: StrictStr = DATE
    steps: list[StepBody] = Field(default_factory=list, max_length=100)


class GoalBody(Body):
    domain: StrictStr = Field(default="", max_length=100)
    title: StrictStr = Field(max_length=SHORT)
    description: StrictStr = Field(default="", max_length=TEXT)
    target_date: StrictStr = DATE
    status: Literal[GOAL_STATUSES] = "active"  # type: ignore[valid-type]


class ActivityBody(Body):
    title: StrictStr = Field(max_length=SHORT)
    notes: StrictStr = Field(default="", max_length=TEXT)
    starts_on: StrictStr = Field(max_length=10, description="YYYY-MM-DD of the first (or only) time.")
    start_time: StrictStr = Field(default="", max_length=5, description="HH:MM; empty: all day.")
    duration_minutes: Int32 = 0
    repeat: Literal[REPEATS] = "none"  # type: ignore[valid-type]
    repeat_until: StrictStr = DATE
    goal_id: StrictStr = Field(default="", max_length=100)


class CalendarFeedBody(Body):
    show_titles: StrictBool = Field(default=False, description="false: every event is called “ReConnect”.")


class NetworkMemberBody(Body):
    name: StrictStr = Field(max_length=SHORT)
    kind: Literal[MEMBER_KINDS] = "person"  # type: ignore[valid-type]
    relation: StrictStr = Field(default="", max_length=SHORT)
    circle: Literal[CIRCLES]  # type: ignore[valid-type]
    can_help_with: StrictStr = Field(default="", max_length=TEXT)
    contact: StrictStr = Field(default="", max_length=SHORT)


class PlanContactBody(Body):
    name: StrictStr = Field(default="", max_length=SHORT)
    phone: StrictStr = Field(default="", max_length=100)
    note: StrictStr = Field(default="", max_length=TEXT)


class CrisisPlanBody(Body):
    warning_signs: list[Line] = Field(default_factory=list, max_length=100)
    coping_strategies: list[Line] = Field(default_factory=list, max_length=100)
    distractions: list[PlanContactBody] = Field(default_factory=list, max_length=100)
    ask_for_help: list[PlanContactBody] = Field(default_factory=list, max_length=100)
    professionals: list[PlanContactBody] = Field(default_factory=list, max_length=100)
    safe_environment: list[Line] = Field(default_factory=list, max_length=100)
    reasons_for_living: list[Line] = Field(default_factory=list, max_length=100)


class ExerciseBody(Body):
    category: Literal[EXERCISE_CATEGORIES]  # type: ignore[valid-type]
    title_nb: StrictStr = Field(max_length=SHORT)
    title_en: StrictStr = Field(max_length=SHORT)
    body_nb: StrictStr = Field(max_length=TEXT, description="Markdown.")
    body_en: StrictStr = Field(max_length=TEXT, description="Markdown.")
    duration_minutes: Int32 = 0


class ExerciseUpdateBody(ExerciseBody):
    archived: StrictBool = False


class ExerciseLogBody(Body):
    exercise_id: StrictStr = Field(max_length=100)
    feeling: Int32 = Field(description="1-5: how did it feel.")
    note: StrictStr = Field(default="", max_length=TEXT)
    done_at: StrictStr = Field(default="", max_length=40, description="ISO 8601 time; empty: now.")


class MedicationBody(Body):
    name: StrictStr = Field(max_length=SHORT)
    strength: StrictStr = Field(default="", max_length=SHORT)
    dose: StrictStr = Field(default="", max_length=SHORT)
    schedule: StrictStr = Field(default="", max_length=SHORT)
    purpose: StrictStr = Field(default="", max_length=TEXT)
    prescriber: StrictStr = Field(default="", max_length=SHORT)
    started_on: StrictStr = DATE
    stopped_on: StrictStr = DATE
    notes: StrictStr = Field(default="", max_length=TEXT)


class InfoItemBody(Body):
    kind: Literal[INFO_KINDS]  # type: ignore[valid-type]
    category: Literal[INFO_CATEGORIES]  # type: ignore[valid-type]
    language: Literal["nb", "en"] = "nb"
    title: StrictStr = Field(max_length=SHORT)
    body: StrictStr = Field(default="", max_length=TEXT, description="Markdown (pages; optional for links).")
    url: StrictStr = Field(default="", max_length=1000, description="Links: an http(s) address.")
    position: Int32 = 0


class ShareBody(Body):
    provider_id: StrictStr = Field(min_length=1, max_length=100, description="A provider in one's care team.")
    sections: list[Section] = Field(min_length=1, max_length=len(SECTIONS))


class SendCrisisPlanBody(Body):
    provider_id: StrictStr = Field(min_length=1, max_length=100, description="A provider in one's care team.")
    note: StrictStr = Field(default="", max_length=TEXT, description="Words of one's own before the plan.")


MODELS = (ValueBody, LifeDomainBody, DomainStatusBody, StepBody, StepUpdateBody, NewGoalBody, GoalBody,
          ActivityBody, CalendarFeedBody, NetworkMemberBody, CrisisPlanBody, SendCrisisPlanBody, ExerciseBody,
          ExerciseUpdateBody, ExerciseLogBody, MedicationBody, InfoItemBody, ShareBody)
