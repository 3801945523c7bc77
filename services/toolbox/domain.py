"""The toolbox's rules, and its authorization: here, in the service that owns the data.

- Only the owner (a service user, in their own tenant) reads and writes their items.
  Anyone else asking for one gets "not found", exactly as for an item that never was.
- A health provider reads a section of a user's toolbox only while the user has granted
  it to them AND identity confirms a current care relationship (asked on every read,
  with the provider's own token). Every such read lands in the user's access log.
- Admins, moderators, region staff and researchers never read anyone's toolbox; they keep
  the tenant's exercise catalogue and information pages.
- Input is validated completely before anything is written; each call is one
  transaction, so nothing is half-written.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from reconnect.events.v1 import toolbox_pb2 as events
from services.kit import auth
from services.kit.auth import Caller
from services.kit.crypto import FieldCipher
from services.kit.db import Database, as_utc
from services.kit.directory import Directory
from services.kit.errors import FailedPrecondition, InvalidArgument, NotFound
from services.kit.outbox import Outbox
from services.toolbox import calendar
from services.toolbox.crisis_message import CrisisPlanMessenger, plan_text
from services.toolbox.store import (
    OWNED_TABLES,
    AccessLog,
    Activity,
    ActivityDone,
    CalendarFeed,
    CrisisPlanVersion,
    CustomDomain,
    DomainStatus,
    Exercise,
    ExerciseLog,
    Goal,
    GoalStep,
    InfoItem,
    Medication,
    NetworkMember,
    Share,
    ValueStatement,
)

STANDARD_DOMAINS = ("work_school", "social_life", "mental_health", "physical_health", "housing", "finances")
SECTIONS = ("goals", "activity_plan", "network_map", "crisis_plan", "medications", "exercise_log")
GOAL_STATUSES = ("active", "completed", "dropped")
STEP_STATUSES = ("todo", "doing", "done")
CIRCLES = ("inner", "middle", "outer")
MEMBER_KINDS = ("person", "service")
EXERCISE_CATEGORIES = ("mindfulness", "coping", "sleep_hygiene", "symptom_management")
INFO_KINDS = ("page", "link")
INFO_CATEGORIES = ("information", "local_activity", "user_organisation")
LANGUAGES = ("nb", "en")
PLAN_TEXT_LISTS = ("warning_signs", "coping_strategies", "safe_environment", "reasons_for_living")
PLAN_CONTACT_LISTS = ("distractions", "ask_for_help", "professionals")

SHORT = 200
MEDIUM = 1000
LONG = 4000
PAGE = 20_000
PLAN_ITEMS = 30
MAX_STEPS = 50
MAX_DURATION_MINUTES = 24 * 60
MAX_WINDOW_DAYS = 366
ACCESS_LOG_DEFAULT, ACCESS_LOG_MAX = 200, 1000
SHARED_PAST_DAYS, SHARED_FUTURE_DAYS = 14, 28
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_PHONE = re.compile(r"^\+?[0-9 ()\-]{2,30}$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def _now() -> datetime:
    return datetime.now(UTC)


def _today() -> date:
    return _now().date()


def _id() -> str:
    return str(uuid.uuid4())


# -- validation: every problem names its field, and no message echoes the input ------------


def _text(value: str, field_name: str, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidArgument(f"{field_name} is required", field=field_name, reason="required")
    if len(value) > limit:
        raise InvalidArgument(f"{field_name} can have at most {limit} characters", field=field_name, reason="too_long")
    return value


def _date(value: str, field_name: str, required: bool = False) -> date | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise InvalidArgument(f"{field_name} is required", field=field_name, reason="required")
        return None
    try:
        return date.fromisoformat(value) if len(value) == 10 else _bad_date(field_name)
    except ValueError:
        return _bad_date(field_name)


def _bad_date(field_name: str):
    raise InvalidArgument(f"{field_name} is a date as YYYY-MM-DD", field=field_name, reason="bad_date")


def _not_before(later: date | None, earlier: date | None, later_name: str, earlier_name: str) -> None:
    if later is not None and earlier is not None and later < earlier:
        raise InvalidArgument(f"{later_name} cannot be before {earlier_name}", field=later_name, reason="dates_out_of_order")


def _choice(value: str, field_name: str, options: tuple[str, ...], default: str | None = None) -> str:
    value = (value or "").strip()
    if not value and default is not None:
        return default
    if value not in options:
        raise InvalidArgument(f"{field_name} is one of: {', '.join(options)}", field=field_name, reason="unknown_value")
    return value


def _in_range(value: int, field_name: str, low: int, high: int) -> int:
    if not low <= value <= high:
        raise InvalidArgument(f"{field_name} is {low}-{high}", field=field_name, reason="out_of_range")
    return value


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


# -- what the API hands back --------------------------------------------------------------


@dataclass
class ValueView:
    id: str
    text: str
    created_at: datetime
    updated_at: datetime


@dataclass
class StatusView:
    id: str
    domain: str
    text: str
    rating: int
    recorded_on: date
    created_at: datetime


@dataclass
class DomainView:
    key: str
    custom: bool
    name: str
    latest: StatusView | None


@dataclass
class StepView:
    id: str
    goal_id: str
    text: str
    due_date: date | None
    status: str
    position: int
    done_at: datetime | None


@dataclass
class GoalView:
    id: str
    domain: str
    title: str
    description: str
    target_date: date | None
    status: str
    steps: list[StepView]
    progress_percent: int
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None


@dataclass
class ActivityView:
    id: str
    title: str
    notes: str
    starts_on: date
    start_time: str
    duration_minutes: int
    repeat: str
    repeat_until: date | None
    goal_id: str
    created_at: datetime
    updated_at: datetime


@dataclass
class OccurrenceView:
    activity_id: str
    date: date
    start_time: str
    title: str
    done: bool
    done_at: datetime | None
    goal_id: str


@dataclass
class FeedView:
    id: str
    show_titles: bool
    created_at: datetime
    revoked_at: datetime | None
    token: str = ""


@dataclass
class MemberView:
    id: str
    name: str
    kind: str
    relation: str
    circle: str
    can_help_with: str
    contact: str
    created_at: datetime
    updated_at: datetime


@dataclass
class PlanContact:
    name: str
    phone: str = ""
    note: str = ""


@dataclass
class Plan:
    warning_signs: list[str] = field(default_factory=list)
    coping_strategies: list[str] = field(default_factory=list)
    distractions: list[PlanContact] = field(default_factory=list)
    ask_for_help: list[PlanContact] = field(default_factory=list)
    professionals: list[PlanContact] = field(default_factory=list)
    safe_environment: list[str] = field(default_factory=list)
    reasons_for_living: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, text: str) -> Plan:
        data = json.loads(text)
        plan = cls(**{name: list(data.get(name, [])) for name in PLAN_TEXT_LISTS})
        for name in PLAN_CONTACT_LISTS:
            setattr(plan, name, [PlanContact(**c) for c in data.get(name, [])])
        return plan


@dataclass
class PlanVersionView:
    version: int
    plan: Plan
    saved_at: datetime


@dataclass
class LogView:
    id: str
    exercise_id: str
    exercise_title_nb: str
    exercise_title_en: str
    feeling: int
    note: str
    done_at: datetime


@dataclass
class MedicationView:
    id: str
    name: str
    strength: str
    dose: str
    schedule: str
    purpose: str
    prescriber: str
    started_on: date | None
    stopped_on: date | None
    notes: str
    created_at: datetime
    updated_at: datetime


@dataclass
class SharedWithMeView:
    service_user_id: str
    service_user_pseudonym: str
    sections: list[str]


@dataclass
class SharedSectionView:
    service_user_id: str
    section: str
    goals: list[GoalView] = field(default_factory=list)
    activities: list[ActivityView] = field(default_factory=list)
    occurrences: list[OccurrenceView] = field(default_factory=list)
    network: list[MemberView] = field(default_factory=list)
    crisis_plan: PlanVersionView | None = None
    medications: list[MedicationView] = field(default_factory=list)
    exercise_log: list[LogView] = field(default_factory=list)


@dataclass
class MedicationInput:
    name: str = ""
    strength: str = ""
    dose: str = ""
    schedule: str = ""
    purpose: str = ""
    prescriber: str = ""
    started_on: str = ""
    stopped_on: str = ""
    notes: str = ""


@dataclass
class ActivityInput:
    title: str = ""
    notes: str = ""
    starts_on: str = ""
    start_time: str = ""
    duration_minutes: int = 0
    repeat: str = ""
    repeat_until: str = ""
    goal_id: str = ""


@dataclass
class MemberInput:
    name: str = ""
    kind: str = ""
    relation: str = ""
    circle: str = ""
    can_help_with: str = ""
    contact: str = ""


@dataclass
class ExerciseInput:
    category: str = ""
    title_nb: str = ""
    title_en: str = ""
    body_nb: str = ""
    body_en: str = ""
    duration_minutes: int = 0


@dataclass
class InfoInput:
    kind: str = ""
    category: str = ""
    language: str = ""
    title: str = ""
    body: str = ""
    url: str = ""
    position: int = 0


def _json_default(value):
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


class Toolbox:
    def __init__(self, db: Database, cipher: FieldCipher, outbox: Outbox, people: Directory,
                 messenger: CrisisPlanMessenger | None = None):
        self.messenger = messenger
        self.db = db
        self.cipher = cipher
        self.outbox = outbox
        self.people = people

    # == sealing ===========================================================================

    def _seal(self, session: Session, tenant: str, field_name: str, value: str) -> bytes:
        return self.cipher.encrypt(session, tenant, f"toolbox.{field_name}", value)

    def _seal_optional(self, session: Session, tenant: str, field_name: str, value: str) -> bytes | None:
        return self._seal(session, tenant, field_name, value) if value else None

    def _open(self, session: Session, tenant: str, field_name: str, blob: bytes | None) -> str:
        return self.cipher.decrypt(session, tenant, f"toolbox.{field_name}", blob) if blob else ""

    # == who may do what ======================================================================

    @staticmethod
    def _user(caller: Caller) -> Caller:
        """The toolbox belongs to service users; other roles have none."""
        return caller.require(auth.SERVICE_USER)

    @staticmethod
    def _owned(session: Session, model, caller: Caller, item_id: str, field_name: str = "id", what: str = "item"):
        row = session.get(model, item_id) if item_id else None
        if row is None or row.tenant != caller.tenant or row.owner_id != caller.account_id:
            raise NotFound(f"no such {what}", field=field_name)
        return row

    @staticmethod
    def _mine(model, caller: Caller):
        return select(model).where(model.tenant == caller.tenant, model.owner_id == caller.account_id)

    # == values and life domains ================================================================

    def _value_view(self, session: Session, row: ValueStatement) -> ValueView:
        return ValueView(row.id, self._open(session, row.tenant, "value", row.text_sealed), row.created_at, row.updated_at)

    def list_values(self, caller: Caller) -> list[ValueView]:
        self._user(caller)
        with self.db.transaction() as session:
            rows = session.scalars(self._mine(ValueStatement, caller).order_by(ValueStatement.created_at, ValueStatement.id))
            return [self._value_view(session, r) for r in rows]

    def add_value(self, caller: Caller, text: str) -> ValueView:
        self._user(caller)
        text = _text(text, "text", MEDIUM, required=True)
        with self.db.transaction() as session:
            now = _now()
            row = ValueStatement(id=_id(), tenant=caller.tenant, owner_id=caller.account_id,
                                 text_sealed=self._seal(session, caller.tenant, "value", text), created_at=now, updated_at=now)
            session.add(row)
            return self._value_view(session, row)

    def update_value(self, caller: Caller, value_id: str, text: str) -> ValueView:
        self._user(caller)
        text = _text(text, "text", MEDIUM, required=True)
        with self.db.transaction() as session:
            row = self._owned(session, ValueStatement, caller, value_id, what="value")
            row.text_sealed = self._seal(session, caller.tenant, "value", text)
            row.updated_at = _now()
            return self._value_view(session, row)

    def _delete_owned(self, caller: Caller, model, item_id: str, what: str) -> None:
        self._user(caller)
        with self.db.transaction() as session:
            session.delete(self._owned(session, model, caller, item_id, what=what))

    def delete_value(self, caller: Caller, value_id: str) -> None:
        self._delete_owned(caller, ValueStatement, value_id, "value")

    def _check_domain(self, session: Session, caller: Caller, key: str, field_name: str = "domain") -> str:
        key = (key or "").strip()
        if key in STANDARD_DOMAINS:
            return key
        row = session.get(CustomDomain, key) if key else None
        if row is None or row.tenant != caller.tenant or row.owner_id != caller.account_id:
            raise InvalidArgument("domain is a standard life domain or one of your own", field=field_name,
                                  reason="unknown_domain")
        return key

    def _status_view(self, session: Session, row: DomainStatus) -> StatusView:
        return StatusView(row.id, row.domain, self._open(session, row.tenant, "domain_status", row.text_sealed),
                          row.rating, row.recorded_on, row.created_at)

    def _latest_status(self, session: Session, caller: Caller, key: str) -> StatusView | None:
        row = session.scalars(
            self._mine(DomainStatus, caller).where(DomainStatus.domain == key)
            .order_by(DomainStatus.recorded_on.desc(), DomainStatus.created_at.desc()).limit(1)
        ).first()
        return self._status_view(session, row) if row else None

    def _domain_view(self, session: Session, caller: Caller, row: CustomDomain) -> DomainView:
        return DomainView(row.id, True, self._open(session, row.tenant, "domain_name", row.name_sealed),
                          self._latest_status(session, caller, row.id))

    def list_life_domains(self, caller: Caller) -> list[DomainView]:
        self._user(caller)
        with self.db.transaction() as session:
            views = [DomainView(k, False, "", self._latest_status(session, caller, k)) for k in STANDARD_DOMAINS]
            for row in session.scalars(self._mine(CustomDomain, caller).order_by(CustomDomain.created_at, CustomDomain.id)):
                views.append(self._domain_view(session, caller, row))
            return views

    def create_life_domain(self, caller: Caller, name: str) -> DomainView:
        self._user(caller)
        name = _text(name, "name", SHORT, required=True)
        with self.db.transaction() as session:
            row = CustomDomain(id=_id(), tenant=caller.tenant, owner_id=caller.account_id,
                               name_sealed=self._seal(session, caller.tenant, "domain_name", name), created_at=_now())
            session.add(row)
            return DomainView(row.id, True, name, None)

    def rename_life_domain(self, caller: Caller, domain_id: str, name: str) -> DomainView:
        self._user(caller)
        name = _text(name, "name", SHORT, required=True)
        with self.db.transaction() as session:
            row = self._owned(session, CustomDomain, caller, domain_id, what="life domain")
            row.name_sealed = self._seal(session, caller.tenant, "domain_name", name)
            return self._domain_view(session, caller, row)

    def delete_life_domain(self, caller: Caller, domain_id: str) -> None:
        self._user(caller)
        with self.db.transaction() as session:
            row = self._owned(session, CustomDomain, caller, domain_id, what="life domain")
            session.execute(delete(DomainStatus).where(DomainStatus.owner_id == caller.account_id,
                                                       DomainStatus.domain == row.id))
            session.execute(update(Goal).where(Goal.owner_id == caller.account_id, Goal.domain == row.id).values(domain=""))
            session.delete(row)

    def record_domain_status(self, caller: Caller, domain: str, text: str, rating: int, recorded_on: str) -> StatusView:
        self._user(caller)
        text = _text(text, "text", LONG, required=True)
        if rating:
            _in_range(rating, "rating", 1, 5)
        day = _date(recorded_on, "recorded_on") or _today()
        if day > _today() + timedelta(days=1):
            raise InvalidArgument("recorded_on cannot be in the future", field="recorded_on", reason="in_future")
        with self.db.transaction() as session:
            key = self._check_domain(session, caller, domain)
            row = DomainStatus(id=_id(), tenant=caller.tenant, owner_id=caller.account_id, domain=key,
                               text_sealed=self._seal(session, caller.tenant, "domain_status", text),
                               rating=rating, recorded_on=day, created_at=_now())
            session.add(row)
            return self._status_view(session, row)

    def list_domain_statuses(self, caller: Caller, domain: str) -> list[StatusView]:
        self._user(caller)
        with self.db.transaction() as session:
            query = self._mine(DomainStatus, caller)
            if domain:
                query = query.where(DomainStatus.domain == self._check_domain(session, caller, domain))
            rows = session.scalars(query.order_by(DomainStatus.recorded_on, DomainStatus.created_at, DomainStatus.id))
            return [self._status_view(session, r) for r in rows]

    def delete_domain_status(self, caller: Caller, status_id: str) -> None:
        self._delete_owned(caller, DomainStatus, status_id, "status entry")

    # == goals ====================================================================================

    def _goal_view(self, session: Session, goal: Goal) -> GoalView:
        steps = list(session.scalars(select(GoalStep).where(GoalStep.goal_id == goal.id)
                                     .order_by(GoalStep.position, GoalStep.id)))
        views = [StepView(s.id, s.goal_id, self._open(session, s.tenant, "step", s.text_sealed), s.due_date, s.status,
                          s.position, s.done_at) for s in steps]
        if goal.status == "completed":
            progress = 100
        elif views:
            progress = round(100 * sum(1 for s in views if s.status == "done") / len(views))
        else:
            progress = 0
        return GoalView(
            goal.id, goal.domain, self._open(session, goal.tenant, "goal_title", goal.title_sealed),
            self._open(session, goal.tenant, "goal_description", goal.description_sealed), goal.target_date,
            goal.status, views, progress, goal.created_at, goal.updated_at, goal.completed_at,
        )

    def _goals(self, session: Session, owner_tenant: str, owner_id: str, domain: str = "", include_closed: bool = True) -> list[GoalView]:
        query = select(Goal).where(Goal.tenant == owner_tenant, Goal.owner_id == owner_id)
        if domain:
            query = query.where(Goal.domain == domain)
        if not include_closed:
            query = query.where(Goal.status == "active")
        return [self._goal_view(session, g) for g in session.scalars(query.order_by(Goal.created_at, Goal.id))]

    def list_goals(self, caller: Caller, domain: str, include_closed: bool) -> list[GoalView]:
        self._user(caller)
        with self.db.transaction() as session:
            return self._goals(session, caller.tenant, caller.account_id, domain.strip(), include_closed)

    def get_goal(self, caller: Caller, goal_id: str) -> GoalView:
        self._user(caller)
        with self.db.transaction() as session:
            return self._goal_view(session, self._owned(session, Goal, caller, goal_id, what="goal"))

    def _add_step_row(self, session: Session, caller: Caller, goal: Goal, text: str, due: date | None, position: int) -> None:
        session.add(GoalStep(id=_id(), tenant=caller.tenant, owner_id=caller.account_id, goal_id=goal.id,
                             text_sealed=self._seal(session, caller.tenant, "step", text), due_date=due,
                             status="todo", position=position))

    def create_goal(self, caller: Caller, domain: str, title: str, description: str, target_date: str,
                    steps: list[tuple[str, str]]) -> GoalView:
        self._user(caller)
        title = _text(title, "title", SHORT, required=True)
        description = _text(description, "description", LONG)
        target = _date(target_date, "target_date")
        if len(steps) > MAX_STEPS:
            raise InvalidArgument(f"a goal can have at most {MAX_STEPS} steps", field="steps", reason="too_many")
        checked = [(_text(t, "steps.text", MEDIUM, required=True), _date(d, "steps.due_date")) for t, d in steps]
        with self.db.transaction() as session:
            key = self._check_domain(session, caller, domain)
            now = _now()
            goal = Goal(id=_id(), tenant=caller.tenant, owner_id=caller.account_id, domain=key,
                        title_sealed=self._seal(session, caller.tenant, "goal_title", title),
                        description_sealed=self._seal_optional(session, caller.tenant, "goal_description", description),
                        target_date=target, status="active", created_at=now, updated_at=now)
            session.add(goal)
            session.flush()
            for position, (text, due) in enumerate(checked):
                self._add_step_row(session, caller, goal, text, due, position)
            session.flush()
            return self._goal_view(session, goal)

    def _set_goal_status(self, session: Session, caller: Caller, goal: Goal, status: str) -> None:
        if status == goal.status:
            return
        goal.status = status
        if status == "completed":
            goal.completed_at = _now()
            self.outbox.emit(session, "goal_completed", tenant=caller.tenant, actor=caller.account_id,
                             payload=events.GoalCompleted(goal_id=goal.id, owner_id=caller.account_id))
        else:
            goal.completed_at = None

    def update_goal(self, caller: Caller, goal_id: str, domain: str, title: str, description: str,
                    target_date: str, status: str) -> GoalView:
        self._user(caller)
        title = _text(title, "title", SHORT, required=True)
        description = _text(description, "description", LONG)
        target = _date(target_date, "target_date")
        status = _choice(status, "status", GOAL_STATUSES, default="active")
        with self.db.transaction() as session:
            goal = self._owned(session, Goal, caller, goal_id, what="goal")
            goal.domain = self._check_domain(session, caller, domain) if domain or goal.domain else ""
            goal.title_sealed = self._seal(session, caller.tenant, "goal_title", title)
            goal.description_sealed = self._seal_optional(session, caller.tenant, "goal_description", description)
            goal.target_date = target
            self._set_goal_status(session, caller, goal, status)
            goal.updated_at = _now()
            return self._goal_view(session, goal)

    def delete_goal(self, caller: Caller, goal_id: str) -> None:
        self._user(caller)
        with self.db.transaction() as session:
            goal = self._owned(session, Goal, caller, goal_id, what="goal")
            session.execute(delete(GoalStep).where(GoalStep.goal_id == goal.id))
            session.execute(update(Activity).where(Activity.goal_id == goal.id).values(goal_id=None))
            session.delete(goal)

    def add_step(self, caller: Caller, goal_id: str, text: str, due_date: str) -> GoalView:
        self._user(caller)
        text = _text(text, "text", MEDIUM, required=True)
        due = _date(due_date, "due_date")
        with self.db.transaction() as session:
            goal = self._owned(session, Goal, caller, goal_id, field_name="goal_id", what="goal")
            count = session.scalar(select(func.count()).select_from(GoalStep).where(GoalStep.goal_id == goal.id)) or 0
            if count >= MAX_STEPS:
                raise InvalidArgument(f"a goal can have at most {MAX_STEPS} steps", field="goal_id", reason="too_many")
            top = session.scalar(select(func.max(GoalStep.position)).where(GoalStep.goal_id == goal.id))
            self._add_step_row(session, caller, goal, text, due, (top or 0) + 1 if count else 0)
            goal.updated_at = _now()
            session.flush()
            return self._goal_view(session, goal)

    def update_step(self, caller: Caller, step_id: str, text: str, due_date: str, status: str) -> GoalView:
        self._user(caller)
        text = _text(text, "text", MEDIUM, required=True)
        due = _date(due_date, "due_date")
        status = _choice(status, "status", STEP_STATUSES, default="todo")
        with self.db.transaction() as session:
            step = self._owned(session, GoalStep, caller, step_id, what="step")
            goal = session.get(Goal, step.goal_id)
            step.text_sealed = self._seal(session, caller.tenant, "step", text)
            step.due_date = due
            if status != step.status:
                step.done_at = _now() if status == "done" else None
                step.status = status
            goal.updated_at = _now()
            session.flush()
            return self._goal_view(session, goal)

    def delete_step(self, caller: Caller, step_id: str) -> GoalView:
        self._user(caller)
        with self.db.transaction() as session:
            step = self._owned(session, GoalStep, caller, step_id, what="step")
            goal = session.get(Goal, step.goal_id)
            session.delete(step)
            goal.updated_at = _now()
            session.flush()
            return self._goal_view(session, goal)

    # == activity plan ==============================================================================

    def _activity_view(self, session: Session, row: Activity) -> ActivityView:
        return ActivityView(
            row.id, self._open(session, row.tenant, "activity_title", row.title_sealed),
            self._open(session, row.tenant, "activity_notes", row.notes_sealed), row.starts_on, row.start_time,
            row.duration_minutes, row.repeat, row.repeat_until, row.goal_id or "", row.created_at, row.updated_at,
        )

    def _check_activity(self, session: Session, caller: Caller, given: ActivityInput) -> dict:
        title = _text(given.title, "title", SHORT, required=True)
        notes = _text(given.notes, "notes", LONG)
        starts_on = _date(given.starts_on, "starts_on", required=True)
        start_time = (given.start_time or "").strip()
        if start_time and not _TIME.match(start_time):
            raise InvalidArgument("start_time is HH:MM", field="start_time", reason="bad_time")
        duration = _in_range(given.duration_minutes, "duration_minutes", 0, MAX_DURATION_MINUTES)
        repeat = _choice(given.repeat, "repeat", calendar.REPEATS, default="none")
        until = _date(given.repeat_until, "repeat_until")
        if until and repeat == "none":
            raise InvalidArgument("repeat_until needs a repeat", field="repeat_until", reason="no_repeat")
        _not_before(until, starts_on, "repeat_until", "starts_on")
        goal_id = (given.goal_id or "").strip()
        if goal_id:
            self._owned(session, Goal, caller, goal_id, field_name="goal_id", what="goal")
        return dict(title=title, notes=notes, starts_on=starts_on, start_time=start_time, duration_minutes=duration,
                    repeat=repeat, repeat_until=until, goal_id=goal_id or None)

    def list_activities(self, caller: Caller) -> list[ActivityView]:
        self._user(caller)
        with self.db.transaction() as session:
            return self._activities(session, caller.tenant, caller.account_id)

    def _activities(self, session: Session, tenant: str, owner_id: str) -> list[ActivityView]:
        rows = session.scalars(select(Activity).where(Activity.tenant == tenant, Activity.owner_id == owner_id)
                               .order_by(Activity.starts_on, Activity.start_time, Activity.id))
        return [self._activity_view(session, r) for r in rows]

    def create_activity(self, caller: Caller, given: ActivityInput) -> ActivityView:
        self._user(caller)
        with self.db.transaction() as session:
            values = self._check_activity(session, caller, given)
            now = _now()
            row = Activity(
                id=_id(), tenant=caller.tenant, owner_id=caller.account_id, goal_id=values["goal_id"],
                title_sealed=self._seal(session, caller.tenant, "activity_title", values["title"]),
                notes_sealed=self._seal_optional(session, caller.tenant, "activity_notes", values["notes"]),
                starts_on=values["starts_on"], start_time=values["start_time"],
                duration_minutes=values["duration_minutes"], repeat=values["repeat"],
                repeat_until=values["repeat_until"], created_at=now, updated_at=now,
            )
            session.add(row)
            session.flush()
            return self._activity_view(session, row)

    def update_activity(self, caller: Caller, activity_id: str, given: ActivityInput) -> ActivityView:
        self._user(caller)
        with self.db.transaction() as session:
            row = self._owned(session, Activity, caller, activity_id, what="activity")
            values = self._check_activity(session, caller, given)
            row.title_sealed = self._seal(session, caller.tenant, "activity_title", values["title"])
            row.notes_sealed = self._seal_optional(session, caller.tenant, "activity_notes", values["notes"])
            for name in ("starts_on", "start_time", "duration_minutes", "repeat", "repeat_until", "goal_id"):
                setattr(row, name, values[name])
            row.updated_at = _now()
            session.flush()
            return self._activity_view(session, row)

    def delete_activity(self, caller: Caller, activity_id: str) -> None:
        self._user(caller)
        with self.db.transaction() as session:
            row = self._owned(session, Activity, caller, activity_id, what="activity")
            session.execute(delete(ActivityDone).where(ActivityDone.activity_id == row.id))
            session.delete(row)

    def _occurrences(self, session: Session, tenant: str, owner_id: str, first: date, last: date) -> list[OccurrenceView]:
        done = {
            (d.activity_id, d.occurrence): d.done_at
            for d in session.scalars(select(ActivityDone).where(
                ActivityDone.tenant == tenant, ActivityDone.owner_id == owner_id,
                ActivityDone.occurrence >= first, ActivityDone.occurrence <= last))
        }
        result = []
        for activity in self._activities(session, tenant, owner_id):
            for day in calendar.occurrences(activity.starts_on, activity.repeat, activity.repeat_until, first, last):
                when = done.get((activity.id, day))
                result.append(OccurrenceView(activity.id, day, activity.start_time, activity.title, when is not None,
                                             when, activity.goal_id))
        result.sort(key=lambda o: (o.date, o.start_time or "", o.activity_id))
        return result

    def list_occurrences(self, caller: Caller, first: str, last: str) -> list[OccurrenceView]:
        self._user(caller)
        start = _date(first, "from", required=True)
        end = _date(last, "to", required=True)
        _not_before(end, start, "to", "from")
        if (end - start).days > MAX_WINDOW_DAYS:
            raise InvalidArgument(f"to is at most {MAX_WINDOW_DAYS} days after from", field="to", reason="window_too_long")
        with self.db.transaction() as session:
            return self._occurrences(session, caller.tenant, caller.account_id, start, end)

    def mark_done(self, caller: Caller, activity_id: str, day: str, done: bool) -> OccurrenceView:
        self._user(caller)
        when = _date(day, "date", required=True)
        with self.db.transaction() as session:
            row = self._owned(session, Activity, caller, activity_id, field_name="activity_id", what="activity")
            if not calendar.happens_on(row.starts_on, row.repeat, row.repeat_until, when):
                raise InvalidArgument("the activity does not happen on that date", field="date", reason="no_occurrence")
            existing = session.scalars(select(ActivityDone).where(ActivityDone.activity_id == row.id,
                                                                  ActivityDone.occurrence == when)).first()
            if done and existing is None:
                existing = ActivityDone(id=_id(), tenant=caller.tenant, owner_id=caller.account_id,
                                        activity_id=row.id, occurrence=when, done_at=_now())
                session.add(existing)
            elif not done and existing is not None:
                session.delete(existing)
                existing = None
            view = self._activity_view(session, row)
            return OccurrenceView(row.id, when, row.start_time, view.title, existing is not None,
                                  existing.done_at if existing else None, row.goal_id or "")

    # -- the calendar feed: a secret, revocable URL --------------------------------------------------

    @staticmethod
    def _token_hash(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8")).hexdigest()

    @staticmethod
    def _feed_view(row: CalendarFeed, token: str = "") -> FeedView:
        return FeedView(row.id, row.show_titles, row.created_at, row.revoked_at, token)

    def create_calendar_feed(self, caller: Caller, show_titles: bool) -> FeedView:
        """A new secret URL; any earlier one stops working (a link shared by mistake is undone by making a new one)."""
        self._user(caller)
        token = secrets.token_urlsafe(32)
        with self.db.transaction() as session:
            now = _now()
            session.execute(update(CalendarFeed).where(
                CalendarFeed.tenant == caller.tenant, CalendarFeed.owner_id == caller.account_id,
                CalendarFeed.revoked_at.is_(None)).values(revoked_at=now))
            row = CalendarFeed(id=_id(), tenant=caller.tenant, owner_id=caller.account_id,
                               token_hash=self._token_hash(token), show_titles=show_titles, created_at=now)
            session.add(row)
            return self._feed_view(row, token)

    def list_calendar_feeds(self, caller: Caller) -> list[FeedView]:
        self._user(caller)
        with self.db.transaction() as session:
            rows = session.scalars(self._mine(CalendarFeed, caller).order_by(CalendarFeed.created_at.desc(), CalendarFeed.id))
            return [self._feed_view(r) for r in rows]

    def revoke_calendar_feed(self, caller: Caller, feed_id: str) -> FeedView:
        self._user(caller)
        with self.db.transaction() as session:
            row = self._owned(session, CalendarFeed, caller, feed_id, what="calendar feed")
            if row.revoked_at is None:
                row.revoked_at = _now()
            return self._feed_view(row)

    def calendar_ics(self, token: str) -> str:
        """Public: the token is the credential. Unknown and revoked tokens look the same."""
        token = (token or "").strip()
        if not token or len(token) > 200:
            raise NotFound("no such calendar", field="token")
        with self.db.transaction() as session:
            feed = session.scalars(select(CalendarFeed).where(CalendarFeed.token_hash == self._token_hash(token))).first()
            if feed is None or feed.revoked_at is not None:
                raise NotFound("no such calendar", field="token")
            planned = [
                calendar.Planned(a.id, a.title, a.notes, a.starts_on, a.start_time, a.duration_minutes, a.repeat,
                                 a.repeat_until, as_utc(a.updated_at))
                for a in self._activities(session, feed.tenant, feed.owner_id)
            ]
            tenant, show_titles = feed.tenant, feed.show_titles
        return calendar.ics(planned, self.people.time_zone(tenant), show_titles)

    # == network map ====================================================================================

    def _member_view(self, session: Session, row: NetworkMember) -> MemberView:
        t = row.tenant
        return MemberView(
            row.id, self._open(session, t, "network_name", row.name_sealed), row.kind,
            self._open(session, t, "network_relation", row.relation_sealed), row.circle,
            self._open(session, t, "network_can_help_with", row.can_help_with_sealed),
            self._open(session, t, "network_contact", row.contact_sealed), row.created_at, row.updated_at,
        )

    @staticmethod
    def _check_member(given: MemberInput) -> MemberInput:
        return MemberInput(
            name=_text(given.name, "name", SHORT, required=True),
            kind=_choice(given.kind, "kind", MEMBER_KINDS, default="person"),
            relation=_text(given.relation, "relation", SHORT),
            circle=_choice(given.circle, "circle", CIRCLES),
            can_help_with=_text(given.can_help_with, "can_help_with", MEDIUM),
            contact=_text(given.contact, "contact", SHORT),
        )

    def _fill_member(self, session: Session, caller: Caller, row: NetworkMember, m: MemberInput) -> None:
        t = caller.tenant
        row.kind, row.circle = m.kind, m.circle
        row.name_sealed = self._seal(session, t, "network_name", m.name)
        row.relation_sealed = self._seal_optional(session, t, "network_relation", m.relation)
        row.can_help_with_sealed = self._seal_optional(session, t, "network_can_help_with", m.can_help_with)
        row.contact_sealed = self._seal_optional(session, t, "network_contact", m.contact)
        row.updated_at = _now()

    def _network(self, session: Session, tenant: str, owner_id: str) -> list[MemberView]:
        order = {c: i for i, c in enumerate(CIRCLES)}
        rows = session.scalars(select(NetworkMember).where(NetworkMember.tenant == tenant, NetworkMember.owner_id == owner_id)
                               .order_by(NetworkMember.created_at, NetworkMember.id))
        return sorted((self._member_view(session, r) for r in rows), key=lambda m: order.get(m.circle, 9))

    def list_network(self, caller: Caller) -> list[MemberView]:
        self._user(caller)
        with self.db.transaction() as session:
            return self._network(session, caller.tenant, caller.account_id)

    def add_network_member(self, caller: Caller, given: MemberInput) -> MemberView:
        self._user(caller)
        member = self._check_member(given)
        with self.db.transaction() as session:
            row = NetworkMember(id=_id(), tenant=caller.tenant, owner_id=caller.account_id, created_at=_now())
            self._fill_member(session, caller, row, member)
            session.add(row)
            return self._member_view(session, row)

    def update_network_member(self, caller: Caller, member_id: str, given: MemberInput) -> MemberView:
        self._user(caller)
        member = self._check_member(given)
        with self.db.transaction() as session:
            row = self._owned(session, NetworkMember, caller, member_id, what="network member")
            self._fill_member(session, caller, row, member)
            return self._member_view(session, row)

    def delete_network_member(self, caller: Caller, member_id: str) -> None:
        self._delete_owned(caller, NetworkMember, member_id, "network member")

    # == crisis plan ======================================================================================

    @staticmethod
    def _check_plan(plan: Plan) -> Plan:
        checked = Plan()
        for name in PLAN_TEXT_LISTS:
            items = [_text(item, name, MEDIUM) for item in getattr(plan, name)]
            items = [item for item in items if item]
            if len(items) > PLAN_ITEMS:
                raise InvalidArgument(f"{name} can have at most {PLAN_ITEMS} entries", field=name, reason="too_many")
            setattr(checked, name, items)
        for name in PLAN_CONTACT_LISTS:
            contacts = []
            for contact in getattr(plan, name):
                entry = PlanContact(_text(contact.name, f"{name}.name", SHORT), _text(contact.phone, f"{name}.phone", 40),
                                    _text(contact.note, f"{name}.note", MEDIUM))
                if not (entry.name or entry.phone or entry.note):
                    continue
                if not entry.name:
                    raise InvalidArgument(f"{name}.name is required", field=f"{name}.name", reason="required")
                if entry.phone and not _PHONE.match(entry.phone):
                    raise InvalidArgument(f"{name}.phone is not a phone number", field=f"{name}.phone", reason="bad_phone")
                contacts.append(entry)
            if len(contacts) > PLAN_ITEMS:
                raise InvalidArgument(f"{name} can have at most {PLAN_ITEMS} entries", field=name, reason="too_many")
            setattr(checked, name, contacts)
        if not any(getattr(checked, name) for name in (*PLAN_TEXT_LISTS, *PLAN_CONTACT_LISTS)):
            raise InvalidArgument("a crisis plan needs at least one entry", field="plan", reason="empty")
        return checked

    def _plan_view(self, session: Session, row: CrisisPlanVersion) -> PlanVersionView:
        return PlanVersionView(row.version, Plan.from_json(self._open(session, row.tenant, "crisis_plan", row.plan_sealed)),
                               row.saved_at)

    def _current_plan(self, session: Session, tenant: str, owner_id: str) -> PlanVersionView | None:
        row = session.scalars(select(CrisisPlanVersion).where(CrisisPlanVersion.tenant == tenant,
                                                              CrisisPlanVersion.owner_id == owner_id)
                              .order_by(CrisisPlanVersion.version.desc()).limit(1)).first()
        return self._plan_view(session, row) if row else None

    def get_crisis_plan(self, caller: Caller) -> PlanVersionView:
        self._user(caller)
        with self.db.transaction() as session:
            plan = self._current_plan(session, caller.tenant, caller.account_id)
            if plan is None:
                raise NotFound("no crisis plan yet", reason="no_plan")
            return plan

    def send_crisis_plan(self, caller: Caller, provider_id: str, note: str = "") -> str:
        """The current plan, as a message to a provider in the owner's care team."""
        if len(note) > MEDIUM:
            raise InvalidArgument(f"note can have at most {MEDIUM} characters", field="note", reason="too_long")
        if not provider_id:
            raise InvalidArgument("provider_id is required", field="provider_id", reason="required")
        current = self.get_crisis_plan(caller)
        if self.messenger is None:
            raise FailedPrecondition("sending is not configured", reason="not_configured")
        return self.messenger.send(provider_id, plan_text(current.plan, note))

    def save_crisis_plan(self, caller: Caller, plan: Plan) -> PlanVersionView:
        self._user(caller)
        checked = self._check_plan(plan)
        with self.db.transaction() as session:
            top = session.scalar(select(func.max(CrisisPlanVersion.version)).where(
                CrisisPlanVersion.tenant == caller.tenant, CrisisPlanVersion.owner_id == caller.account_id)) or 0
            row = CrisisPlanVersion(id=_id(), tenant=caller.tenant, owner_id=caller.account_id, version=top + 1,
                                    plan_sealed=self._seal(session, caller.tenant, "crisis_plan", json.dumps(asdict(checked))),
                                    saved_at=_now())
            session.add(row)
            self.outbox.emit(session, "crisis_plan_updated", tenant=caller.tenant, actor=caller.account_id,
                             payload=events.CrisisPlanUpdated(owner_id=caller.account_id, version=row.version))
            return PlanVersionView(row.version, checked, row.saved_at)

    def list_crisis_plan_versions(self, caller: Caller) -> list[PlanVersionView]:
        self._user(caller)
        with self.db.transaction() as session:
            rows = session.scalars(self._mine(CrisisPlanVersion, caller).order_by(CrisisPlanVersion.version.desc()))
            return [self._plan_view(session, r) for r in rows]

    def delete_crisis_plan(self, caller: Caller) -> None:
        self._user(caller)
        with self.db.transaction() as session:
            session.execute(delete(CrisisPlanVersion).where(CrisisPlanVersion.tenant == caller.tenant,
                                                            CrisisPlanVersion.owner_id == caller.account_id))

    # == exercises ===========================================================================================

    @staticmethod
    def _curator(caller: Caller) -> Caller:
        return caller.require(auth.PEER_MODERATOR, auth.TENANT_ADMIN)

    @staticmethod
    def _check_exercise(given: ExerciseInput) -> ExerciseInput:
        return ExerciseInput(
            category=_choice(given.category, "category", EXERCISE_CATEGORIES),
            title_nb=_text(given.title_nb, "title_nb", SHORT, required=True),
            title_en=_text(given.title_en, "title_en", SHORT, required=True),
            body_nb=_text(given.body_nb, "body_nb", PAGE, required=True),
            body_en=_text(given.body_en, "body_en", PAGE, required=True),
            duration_minutes=_in_range(given.duration_minutes, "duration_minutes", 0, 600),
        )

    @staticmethod
    def _exercise(session: Session, caller: Caller, exercise_id: str, field_name: str = "id") -> Exercise:
        row = session.get(Exercise, exercise_id) if exercise_id else None
        if row is None or row.tenant != caller.tenant:
            raise NotFound("no such exercise", field=field_name)
        return row

    def list_exercises(self, caller: Caller, category: str, include_archived: bool) -> list[Exercise]:
        if category:
            _choice(category, "category", EXERCISE_CATEGORIES)
        with self.db.transaction() as session:
            query = select(Exercise).where(Exercise.tenant == caller.tenant)
            if category:
                query = query.where(Exercise.category == category)
            if not (include_archived and caller.has(auth.PEER_MODERATOR, auth.TENANT_ADMIN)):
                query = query.where(Exercise.archived.is_(False))
            return list(session.scalars(query.order_by(Exercise.category, Exercise.title_nb, Exercise.id)))

    def create_exercise(self, caller: Caller, given: ExerciseInput) -> Exercise:
        self._curator(caller)
        values = self._check_exercise(given)
        with self.db.transaction() as session:
            now = _now()
            row = Exercise(id=_id(), tenant=caller.tenant, archived=False, created_by=caller.account_id,
                           created_at=now, updated_at=now, **asdict(values))
            session.add(row)
            return row

    def update_exercise(self, caller: Caller, exercise_id: str, given: ExerciseInput, archived: bool) -> Exercise:
        self._curator(caller)
        values = self._check_exercise(given)
        with self.db.transaction() as session:
            row = self._exercise(session, caller, exercise_id)
            for name, value in asdict(values).items():
                setattr(row, name, value)
            row.archived = archived
            row.updated_at = _now()
            return row

    def _log_views(self, session: Session, tenant: str, owner_id: str) -> list[LogView]:
        rows = session.execute(
            select(ExerciseLog, Exercise).join(Exercise, Exercise.id == ExerciseLog.exercise_id)
            .where(ExerciseLog.tenant == tenant, ExerciseLog.owner_id == owner_id)
            .order_by(ExerciseLog.done_at.desc(), ExerciseLog.id)
        ).all()
        return [LogView(log.id, ex.id, ex.title_nb, ex.title_en, log.feeling,
                        self._open(session, log.tenant, "exercise_note", log.note_sealed), log.done_at)
                for log, ex in rows]

    def log_exercise(self, caller: Caller, exercise_id: str, feeling: int, note: str, done_at: datetime | None) -> LogView:
        self._user(caller)
        _in_range(feeling, "feeling", 1, 5)
        note = _text(note, "note", LONG)
        now = _now()
        when = done_at or now
        if when > now + timedelta(minutes=5):
            raise InvalidArgument("done_at cannot be in the future", field="done_at", reason="in_future")
        with self.db.transaction() as session:
            exercise = self._exercise(session, caller, exercise_id, "exercise_id")
            if exercise.archived:
                raise NotFound("no such exercise", field="exercise_id")
            row = ExerciseLog(id=_id(), tenant=caller.tenant, owner_id=caller.account_id, exercise_id=exercise.id,
                              feeling=feeling, note_sealed=self._seal_optional(session, caller.tenant, "exercise_note", note),
                              done_at=when)
            session.add(row)
            return LogView(row.id, exercise.id, exercise.title_nb, exercise.title_en, feeling, note, when)

    def list_exercise_log(self, caller: Caller) -> list[LogView]:
        self._user(caller)
        with self.db.transaction() as session:
            return self._log_views(session, caller.tenant, caller.account_id)

    def delete_exercise_log_entry(self, caller: Caller, entry_id: str) -> None:
        self._delete_owned(caller, ExerciseLog, entry_id, "log entry")

    # == medication overview ===================================================================================

    _MEDICATION_TEXT = (("name", SHORT), ("strength", SHORT), ("dose", SHORT), ("schedule", SHORT),
                        ("purpose", MEDIUM), ("prescriber", SHORT), ("notes", LONG))

    def _medication_view(self, session: Session, row: Medication) -> MedicationView:
        opened = {name: self._open(session, row.tenant, f"medication_{name}", getattr(row, f"{name}_sealed"))
                  for name, _ in self._MEDICATION_TEXT}
        return MedicationView(id=row.id, started_on=row.started_on, stopped_on=row.stopped_on,
                              created_at=row.created_at, updated_at=row.updated_at, **opened)

    def _check_medication(self, given: MedicationInput) -> tuple[dict[str, str], date | None, date | None]:
        texts = {name: _text(getattr(given, name), name, limit, required=name == "name")
                 for name, limit in self._MEDICATION_TEXT}
        started = _date(given.started_on, "started_on")
        stopped = _date(given.stopped_on, "stopped_on")
        _not_before(stopped, started, "stopped_on", "started_on")
        return texts, started, stopped

    def _fill_medication(self, session: Session, caller: Caller, row: Medication, checked) -> None:
        texts, started, stopped = checked
        row.name_sealed = self._seal(session, caller.tenant, "medication_name", texts["name"])
        for name, _ in self._MEDICATION_TEXT[1:]:
            setattr(row, f"{name}_sealed", self._seal_optional(session, caller.tenant, f"medication_{name}", texts[name]))
        row.started_on, row.stopped_on = started, stopped
        row.updated_at = _now()

    def _medications(self, session: Session, tenant: str, owner_id: str) -> list[MedicationView]:
        rows = session.scalars(select(Medication).where(Medication.tenant == tenant, Medication.owner_id == owner_id)
                               .order_by(Medication.created_at, Medication.id))
        views = [self._medication_view(session, r) for r in rows]
        # Current ones first, then those stopped, most recently stopped first.
        return sorted(views, key=lambda m: (m.stopped_on is not None, -(m.stopped_on.toordinal() if m.stopped_on else 0)))

    def list_medications(self, caller: Caller) -> list[MedicationView]:
        self._user(caller)
        with self.db.transaction() as session:
            return self._medications(session, caller.tenant, caller.account_id)

    def add_medication(self, caller: Caller, given: MedicationInput) -> MedicationView:
        self._user(caller)
        checked = self._check_medication(given)
        with self.db.transaction() as session:
            row = Medication(id=_id(), tenant=caller.tenant, owner_id=caller.account_id, created_at=_now())
            self._fill_medication(session, caller, row, checked)
            session.add(row)
            return self._medication_view(session, row)

    def update_medication(self, caller: Caller, medication_id: str, given: MedicationInput) -> MedicationView:
        self._user(caller)
        checked = self._check_medication(given)
        with self.db.transaction() as session:
            row = self._owned(session, Medication, caller, medication_id, what="medication")
            self._fill_medication(session, caller, row, checked)
            return self._medication_view(session, row)

    def delete_medication(self, caller: Caller, medication_id: str) -> None:
        self._delete_owned(caller, Medication, medication_id, "medication")

    # == information pages and local links ========================================================================

    @staticmethod
    def _check_info(given: InfoInput) -> InfoInput:
        kind = _choice(given.kind, "kind", INFO_KINDS)
        url = _text(given.url, "url", 500, required=kind == "link")
        if url and not _URL.match(url):
            raise InvalidArgument("url is an http or https address", field="url", reason="bad_url")
        return InfoInput(
            kind=kind, category=_choice(given.category, "category", INFO_CATEGORIES),
            language=_choice(given.language, "language", LANGUAGES, default="nb"),
            title=_text(given.title, "title", SHORT, required=True),
            body=_text(given.body, "body", PAGE, required=kind == "page"), url=url,
            position=_in_range(given.position, "position", 0, 10_000),
        )

    @staticmethod
    def _info(session: Session, caller: Caller, item_id: str) -> InfoItem:
        row = session.get(InfoItem, item_id) if item_id else None
        if row is None or row.tenant != caller.tenant:
            raise NotFound("no such information item", field="id")
        return row

    def list_info_items(self, caller: Caller, category: str, language: str) -> list[InfoItem]:
        with self.db.transaction() as session:
            query = select(InfoItem).where(InfoItem.tenant == caller.tenant)
            if category:
                query = query.where(InfoItem.category == _choice(category, "category", INFO_CATEGORIES))
            if language:
                query = query.where(InfoItem.language == _choice(language, "language", LANGUAGES))
            return list(session.scalars(query.order_by(InfoItem.category, InfoItem.position, InfoItem.title, InfoItem.id)))

    def create_info_item(self, caller: Caller, given: InfoInput) -> InfoItem:
        caller.require(auth.TENANT_ADMIN)
        values = self._check_info(given)
        with self.db.transaction() as session:
            row = InfoItem(id=_id(), tenant=caller.tenant, updated_by=caller.account_id, updated_at=_now(), **asdict(values))
            session.add(row)
            return row

    def update_info_item(self, caller: Caller, item_id: str, given: InfoInput) -> InfoItem:
        caller.require(auth.TENANT_ADMIN)
        values = self._check_info(given)
        with self.db.transaction() as session:
            row = self._info(session, caller, item_id)
            for name, value in asdict(values).items():
                setattr(row, name, value)
            row.updated_by, row.updated_at = caller.account_id, _now()
            return row

    def delete_info_item(self, caller: Caller, item_id: str) -> None:
        caller.require(auth.TENANT_ADMIN)
        with self.db.transaction() as session:
            session.delete(self._info(session, caller, item_id))

    # == sharing, by the owner ========================================================================================

    @staticmethod
    def _sections(sections: list[str], allow_empty: bool) -> list[str]:
        cleaned = list(dict.fromkeys(s.strip() for s in sections))
        if not cleaned and not allow_empty:
            raise InvalidArgument("name one or more sections", field="sections", reason="required")
        for section in cleaned:
            _choice(section, "sections", SECTIONS)
        return cleaned

    def _active_shares(self, session: Session, caller: Caller) -> list[Share]:
        return list(session.scalars(self._mine(Share, caller).where(Share.revoked_at.is_(None))
                                    .order_by(Share.provider_id, Share.section)))

    def grant_share(self, caller: Caller, provider_id: str, sections: list[str]) -> list[Share]:
        self._user(caller)
        provider_id = (provider_id or "").strip()
        if not provider_id:
            raise InvalidArgument("provider_id is required", field="provider_id", reason="required")
        wanted = self._sections(sections, allow_empty=False)
        if provider_id not in {link.provider_id for link in self.people.care_links()}:
            raise NotFound("no such provider in your care team", field="provider_id")
        with self.db.transaction() as session:
            active = {s.section for s in self._active_shares(session, caller) if s.provider_id == provider_id}
            for section in wanted:
                if section in active:
                    continue
                session.add(Share(id=_id(), tenant=caller.tenant, owner_id=caller.account_id, provider_id=provider_id,
                                  section=section, granted_at=_now()))
                self.outbox.emit(session, "share_granted", tenant=caller.tenant, actor=caller.account_id,
                                 payload=events.ShareGranted(owner_id=caller.account_id, provider_id=provider_id,
                                                             section=section))
            session.flush()
            return self._active_shares(session, caller)

    def _revoke(self, session: Session, tenant: str, owner_id: str, provider_id: str, sections: list[str], actor: str) -> None:
        query = select(Share).where(Share.tenant == tenant, Share.owner_id == owner_id, Share.provider_id == provider_id,
                                    Share.revoked_at.is_(None))
        if sections:
            query = query.where(Share.section.in_(sections))
        for share in session.scalars(query):
            share.revoked_at = _now()
            self.outbox.emit(session, "share_revoked", tenant=tenant, actor=actor,
                             payload=events.ShareRevoked(owner_id=owner_id, provider_id=provider_id, section=share.section))

    def revoke_share(self, caller: Caller, provider_id: str, sections: list[str]) -> list[Share]:
        """Works at any time, without asking anyone: revoking must never depend on identity being up."""
        self._user(caller)
        provider_id = (provider_id or "").strip()
        if not provider_id:
            raise InvalidArgument("provider_id is required", field="provider_id", reason="required")
        wanted = self._sections(sections, allow_empty=True)
        with self.db.transaction() as session:
            self._revoke(session, caller.tenant, caller.account_id, provider_id, wanted, caller.account_id)
            session.flush()
            return self._active_shares(session, caller)

    def list_shares(self, caller: Caller, include_revoked: bool) -> list[Share]:
        self._user(caller)
        with self.db.transaction() as session:
            if not include_revoked:
                return self._active_shares(session, caller)
            return list(session.scalars(self._mine(Share, caller).order_by(Share.granted_at.desc(), Share.id)))

    def access_log(self, caller: Caller, limit: int) -> list[AccessLog]:
        self._user(caller)
        limit = _in_range(limit, "limit", 0, ACCESS_LOG_MAX) or ACCESS_LOG_DEFAULT
        with self.db.transaction() as session:
            return list(session.scalars(self._mine(AccessLog, caller).order_by(AccessLog.at.desc(), AccessLog.id).limit(limit)))

    def end_care(self, session: Session, tenant: str, provider_id: str, service_user_id: str) -> None:
        """A care relationship ended (identity's event): its grants end too, so they do not
        come back if the relationship is made again later."""
        self._revoke(session, tenant, service_user_id, provider_id, [], "")

    # == reading, by a provider ========================================================================================

    def shared_with_me(self, caller: Caller) -> list[SharedWithMeView]:
        caller.require(auth.HEALTH_PROVIDER)
        links = {link.service_user_id: link for link in self.people.care_links() if link.provider_id == caller.account_id}
        with self.db.transaction() as session:
            shares = session.scalars(select(Share).where(
                Share.tenant == caller.tenant, Share.provider_id == caller.account_id, Share.revoked_at.is_(None))
                .order_by(Share.owner_id, Share.section))
            grouped: dict[str, list[str]] = {}
            for share in shares:
                if share.owner_id in links:
                    grouped.setdefault(share.owner_id, []).append(share.section)
        return [SharedWithMeView(owner, links[owner].service_user_pseudonym, sorted(sections, key=SECTIONS.index))
                for owner, sections in grouped.items()]

    def _granted(self, session: Session, caller: Caller, owner_id: str, section: str) -> bool:
        return session.scalars(select(Share.id).where(
            Share.tenant == caller.tenant, Share.owner_id == owner_id, Share.provider_id == caller.account_id,
            Share.section == section, Share.revoked_at.is_(None))).first() is not None

    def shared_section(self, caller: Caller, service_user_id: str, section: str) -> SharedSectionView:
        caller.require(auth.HEALTH_PROVIDER)
        section = _choice(section, "section", SECTIONS)
        owner = (service_user_id or "").strip()
        hidden = NotFound("nothing shared with you here", field="service_user_id")
        if not owner:
            raise hidden
        with self.db.transaction() as session:
            if not self._granted(session, caller, owner, section):
                raise hidden
        # Asked of identity with the provider's own token, on every read.
        if owner not in {link.service_user_id for link in self.people.care_links() if link.provider_id == caller.account_id}:
            raise hidden
        with self.db.transaction() as session:
            if not self._granted(session, caller, owner, section):  # revoked meanwhile
                raise hidden
            view = SharedSectionView(owner, section)
            tenant = caller.tenant
            if section == "goals":
                view.goals = self._goals(session, tenant, owner)
            elif section == "activity_plan":
                view.activities = self._activities(session, tenant, owner)
                today = _today()
                view.occurrences = self._occurrences(session, tenant, owner, today - timedelta(days=SHARED_PAST_DAYS),
                                                     today + timedelta(days=SHARED_FUTURE_DAYS))
            elif section == "network_map":
                view.network = self._network(session, tenant, owner)
            elif section == "crisis_plan":
                view.crisis_plan = self._current_plan(session, tenant, owner)
            elif section == "medications":
                view.medications = self._medications(session, tenant, owner)
            elif section == "exercise_log":
                view.exercise_log = self._log_views(session, tenant, owner)
            session.add(AccessLog(id=_id(), tenant=tenant, owner_id=owner, provider_id=caller.account_id,
                                  section=section, at=_now()))
            return view

    # == the owner's data as a whole ===================================================================================

    def export(self, caller: Caller) -> str:
        """Everything the toolbox holds about the caller, as JSON (feed tokens excepted: only their hashes exist)."""
        self._user(caller)
        tenant, owner = caller.tenant, caller.account_id
        with self.db.transaction() as session:
            customs = session.scalars(self._mine(CustomDomain, caller).order_by(CustomDomain.created_at))
            done = session.scalars(self._mine(ActivityDone, caller).order_by(ActivityDone.occurrence))
            values = session.scalars(self._mine(ValueStatement, caller).order_by(ValueStatement.created_at))
            statuses = session.scalars(self._mine(DomainStatus, caller).order_by(DomainStatus.recorded_on, DomainStatus.created_at))
            feeds = session.scalars(self._mine(CalendarFeed, caller).order_by(CalendarFeed.created_at))
            plans = session.scalars(self._mine(CrisisPlanVersion, caller).order_by(CrisisPlanVersion.version))
            shares = session.scalars(self._mine(Share, caller).order_by(Share.granted_at))
            reads = session.scalars(self._mine(AccessLog, caller).order_by(AccessLog.at))
            data = {
                "format": "reconnect.toolbox.export/1",
                "exported_at": _now(),
                "account_id": owner,
                "tenant": tenant,
                "values": [asdict(self._value_view(session, v)) for v in values],
                "life_domains": [{"key": row.id, "name": self._open(session, tenant, "domain_name", row.name_sealed),
                                  "created_at": row.created_at} for row in customs],
                "domain_statuses": [asdict(self._status_view(session, s)) for s in statuses],
                "goals": [asdict(g) for g in self._goals(session, tenant, owner)],
                "activities": [asdict(a) for a in self._activities(session, tenant, owner)],
                "activities_done": [{"activity_id": d.activity_id, "date": d.occurrence, "done_at": d.done_at} for d in done],
                "calendar_feeds": [{"id": f.id, "show_titles": f.show_titles, "created_at": f.created_at,
                                    "revoked_at": f.revoked_at} for f in feeds],
                "network_map": [asdict(m) for m in self._network(session, tenant, owner)],
                "crisis_plan_versions": [asdict(self._plan_view(session, p)) for p in plans],
                "exercise_log": [asdict(e) for e in self._log_views(session, tenant, owner)],
                "medications": [asdict(m) for m in self._medications(session, tenant, owner)],
                "shares": [{"provider_id": s.provider_id, "section": s.section, "granted_at": s.granted_at,
                            "revoked_at": s.revoked_at} for s in shares],
                "access_log": [{"provider_id": a.provider_id, "section": a.section, "at": a.at} for a in reads],
            }
        return json.dumps(data, default=_json_default, ensure_ascii=False, indent=2)

    # Each sealed column of a person's rows and the field name it is sealed under.
    SEALED = {
        ValueStatement: {"text_sealed": "value"},
        CustomDomain: {"name_sealed": "domain_name"},
        DomainStatus: {"text_sealed": "domain_status"},
        Goal: {"title_sealed": "goal_title", "description_sealed": "goal_description"},
        GoalStep: {"text_sealed": "step"},
        Activity: {"title_sealed": "activity_title", "notes_sealed": "activity_notes"},
        NetworkMember: {"name_sealed": "network_name", "relation_sealed": "network_relation",
                        "can_help_with_sealed": "network_can_help_with", "contact_sealed": "network_contact"},
        CrisisPlanVersion: {"plan_sealed": "crisis_plan"},
        ExerciseLog: {"note_sealed": "exercise_note"},
        Medication: {f"{name}_sealed": f"medication_{name}" for name, _ in _MEDICATION_TEXT},
    }

    def move_in(self, session: Session, account_id: str, from_tenant: str, to_tenant: str) -> int:
        """The account moved municipality (identity's event): its toolbox moves with it.
        Every sealed field is opened under the old tenant's key and sealed under the new
        one's, and the rows' tenant changes. Grants to providers end first (the care
        relationships ended with the move). Rows already moved are not touched again, so
        a redelivery changes nothing. Returns the number of rows moved."""
        if not account_id or not from_tenant or not to_tenant or from_tenant == to_tenant:
            return 0
        providers = session.scalars(select(Share.provider_id).where(
            Share.tenant == from_tenant, Share.owner_id == account_id, Share.revoked_at.is_(None)).distinct()).all()
        for provider_id in providers:
            self._revoke(session, from_tenant, account_id, provider_id, [], "")
        moved = 0
        for model in OWNED_TABLES:
            columns = self.SEALED.get(model, {})
            for row in session.scalars(select(model).where(model.tenant == from_tenant, model.owner_id == account_id)):
                for column, field_name in columns.items():
                    blob = getattr(row, column)
                    if blob is not None:
                        plain = self._open(session, from_tenant, field_name, blob)
                        setattr(row, column, self._seal(session, to_tenant, field_name, plain))
                row.tenant = to_tenant
                moved += 1
        session.flush()
        return moved

    def erase_in(self, session: Session, account_id: str) -> None:
        """Delete every row the toolbox holds about the account, as owner or as a provider granted access."""
        if not account_id:
            return
        for model in OWNED_TABLES:
            session.execute(delete(model).where(model.owner_id == account_id))
        session.execute(delete(Share).where(Share.provider_id == account_id))

    def erase_my_toolbox(self, caller: Caller) -> None:
        self._user(caller)
        with self.db.transaction() as session:
            self.erase_in(session, caller.account_id)
