"""The rules of cafés and local activities, and who may do what.

Members of a municipality are its service users, peer moderators and health
providers; everything here belongs to one municipality (tenant), and anything of
another answers "not found". Tenant admins manage their municipality's cafés but see
attendees' names only where they are one of the café's moderators. A café's
moderators see the full attendee list; other members see how many are coming and
only those who chose to be visible. For local activities the municipality's peer
moderators hold the full list.

Every change and the event telling others about it commit in one transaction.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp
from sqlalchemy import and_, delete, func, or_, select
from sqlalchemy.orm import Session

from reconnect.events.v1 import cafes_pb2 as events
from services.events import ics, recurrence
from services.events.store import (
    Activity,
    Attendance,
    CafeModerator,
    CalendarToken,
    CompanionAsk,
    Match,
    Occurrence,
    Reminder,
    Rsvp,
)
from services.events.store import Cafe as CafeRow
from services.kit import auth
from services.kit.auth import Caller
from services.kit.crypto import FieldCipher
from services.kit.db import Database, as_utc, is_postgres
from services.kit.directory import Directory, Name
from services.kit.errors import (
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
)
from services.kit.outbox import Outbox

MEMBER_ROLES = (auth.SERVICE_USER, auth.PEER_MODERATOR, auth.HEALTH_PROVIDER)
ANSWERS = ("yes", "maybe", "no")
COMPANION_KINDS = ("company", "ride")
ACTIVITY_KINDS = ("coffee", "walk", "volunteering", "other")
SCHEDULED, MOVED, CANCELLED = "scheduled", "moved", "cancelled"
HORIZON = timedelta(days=400)  # meetings exist as rows this far ahead
EXTEND_STEP = timedelta(days=31)
MAX_WINDOW = timedelta(days=400)
DEFAULT_WINDOW = timedelta(days=120)
EARLIEST_FIRST_DATE = timedelta(days=400)  # a series may start at most this long ago
MAX_CAPACITY = 500
MAX_REMINDERS = 5
REMINDER_MINUTES = (5, 14 * 24 * 60)
DURATION_MINUTES = (15, 12 * 60)
FEED_PAST = timedelta(days=60)
REMINDER_BATCH = 100
K_ANONYMITY = 5


def _id() -> str:
    return str(uuid.uuid4())


def _text(value: str, field_name: str, low: int, high: int) -> str:
    value = (value or "").strip()
    if len(value) < low:
        raise InvalidArgument(f"{field_name} needs at least {low} characters", field=field_name, reason="too_short")
    if len(value) > high:
        raise InvalidArgument(f"{field_name} can have at most {high} characters", field=field_name, reason="too_long")
    return value


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _stamp(moment: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(as_utc(moment))
    return stamp


# -- what the API hands back --------------------------------------------------------------


@dataclass
class CafeView:
    cafe: CafeRow
    moderator_ids: list[str]
    i_moderate: bool


@dataclass
class Counts:
    going: int = 0
    maybe: int = 0
    waitlisted: int = 0


@dataclass
class OccurrenceView:
    occurrence: Occurrence
    title: str
    venue: str
    time_zone: str
    counts: Counts
    my_rsvp: Rsvp | None
    waitlist_position: int
    reminders: list[int]
    i_moderate: bool
    cafe_agenda: str = ""


@dataclass
class ActivityView:
    activity: Activity
    description: str
    place: str
    occurrence: OccurrenceView
    mine: bool


@dataclass
class AttendeeView:
    account_id: str
    name: Name
    answer: str
    waitlisted: bool
    waitlist_position: int
    visible: bool
    checked_in: bool


@dataclass
class MatchView:
    match: Match
    i_offer: bool
    i_accepted: bool
    partner_id: str = ""
    partner: Name | None = None
    partner_offers: bool = False
    note_place: str = ""
    note_at: datetime | None = None
    note_by: str = ""


@dataclass
class Figures:
    tenant: str
    meetings_held: int
    attendances: int
    members_attended: int
    min_per_meeting: int
    max_per_meeting: int
    per_meeting: list[int] = field(default_factory=list)
    activities_held: int = 0


@dataclass
class CafeInput:
    title: str
    description: str
    venue: str
    accessibility_notes: str
    transport_notes: str
    capacity: int
    moderator_ids: list[str]


class Cafes:
    def __init__(self, db: Database, cipher: FieldCipher, outbox: Outbox, people: Directory,
                 clock: Callable[[], datetime] | None = None):
        self.db = db
        self.cipher = cipher
        self.outbox = outbox
        self.people = people
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))

    def now(self) -> datetime:
        return self.clock()

    def _emit(self, session: Session, name: str, tenant: str, actor: str, payload: Message) -> None:
        self.outbox.emit(session, name, tenant=tenant, actor=actor, payload=payload)

    # == who may see what =====================================================================

    @staticmethod
    def _require_member(caller: Caller) -> None:
        if not caller.has(*MEMBER_ROLES):
            raise PermissionDenied("this is for members of the municipality", reason="role_required")

    @staticmethod
    def _require_viewer(caller: Caller) -> None:
        if not caller.has(*MEMBER_ROLES, auth.TENANT_ADMIN):
            raise PermissionDenied("cafés are for members and admins of the municipality", reason="role_required")

    def _cafe(self, session: Session, caller: Caller, cafe_id: str, lock: bool = False) -> CafeRow:
        cafe = session.get(CafeRow, cafe_id, with_for_update=lock) if cafe_id else None
        if cafe is None or cafe.tenant != caller.tenant:
            raise NotFound("no such café", field="cafe_id")
        self._require_viewer(caller)
        return cafe

    def _moderators(self, session: Session, cafe_id: str) -> list[str]:
        return list(session.scalars(
            select(CafeModerator.account_id).where(CafeModerator.cafe_id == cafe_id).order_by(CafeModerator.account_id)
        ))

    def _moderates_cafe(self, session: Session, caller: Caller, cafe_id: str) -> bool:
        return session.get(CafeModerator, (cafe_id, caller.account_id)) is not None

    def _can_manage_cafe(self, session: Session, caller: Caller, cafe: CafeRow) -> bool:
        return caller.has(auth.TENANT_ADMIN) or self._moderates_cafe(session, caller, cafe.id)

    def _occurrence(self, session: Session, caller: Caller, occurrence_id: str, lock: bool = False) -> Occurrence:
        occurrence = session.get(Occurrence, occurrence_id, with_for_update=lock) if occurrence_id else None
        if occurrence is None or occurrence.tenant != caller.tenant:
            raise NotFound("no such meeting or activity", field="occurrence_id")
        self._require_viewer(caller)
        return occurrence

    def _holds_full_list(self, session: Session, caller: Caller, occurrence: Occurrence) -> bool:
        """The café's moderators; for an activity, the municipality's peer moderators."""
        if occurrence.cafe_id:
            return self._moderates_cafe(session, caller, occurrence.cafe_id)
        return caller.has(auth.PEER_MODERATOR)

    def _can_manage_occurrence(self, session: Session, caller: Caller, occurrence: Occurrence) -> bool:
        if caller.has(auth.TENANT_ADMIN) or self._holds_full_list(session, caller, occurrence):
            return True
        if occurrence.activity_id:
            activity = session.get(Activity, occurrence.activity_id)
            return activity.proposer_id == caller.account_id
        return False

    # == cafés ==================================================================================

    def _cafe_input(self, data: CafeInput) -> CafeInput:
        if data.capacity < 0 or data.capacity > MAX_CAPACITY:
            raise InvalidArgument(f"capacity is 0 (no limit) to {MAX_CAPACITY}", field="capacity")
        moderators = list(dict.fromkeys(m.strip() for m in data.moderator_ids if m.strip()))
        if len(moderators) > 20 or any(len(m) > 36 for m in moderators):
            raise InvalidArgument("at most 20 moderators, by account id", field="moderator_ids")
        return CafeInput(
            title=_text(data.title, "title", 3, 100),
            description=_text(data.description, "description", 0, 2000),
            venue=_text(data.venue, "venue", 2, 200),
            accessibility_notes=_text(data.accessibility_notes, "accessibility_notes", 0, 1000),
            transport_notes=_text(data.transport_notes, "transport_notes", 0, 1000),
            capacity=data.capacity,
            moderator_ids=moderators,
        )

    def _check_moderators(self, moderator_ids: list[str]) -> None:
        known = self.people.names(moderator_ids)
        if any(m not in known for m in moderator_ids):
            raise InvalidArgument("a moderator is not a known account", field="moderator_ids")

    def create_cafe(self, caller: Caller, data: CafeInput, rule_text: str, first_date: str, local_time: str,
                    duration_minutes: int, time_zone: str, agenda_thread_id: str) -> CafeView:
        if not caller.has(auth.TENANT_ADMIN, auth.PEER_MODERATOR):
            raise PermissionDenied("tenant admins and peer moderators create cafés", reason="role_required")
        data = self._cafe_input(data)
        if duration_minutes < DURATION_MINUTES[0] or duration_minutes > DURATION_MINUTES[1]:
            raise InvalidArgument("duration_minutes is 15-720", field="recurrence.duration_minutes")
        if len(agenda_thread_id) > 36:
            raise InvalidArgument("agenda_thread_id is a thread id", field="agenda_thread_id")
        time_zone = time_zone.strip() or self.people.time_zone(caller.tenant)
        rule = recurrence.parse(rule_text, first_date, local_time, time_zone)
        now = self.now()
        start = datetime.combine(rule.first_date, rule.local_time, rule.zone).astimezone(UTC)
        if start < now - EARLIEST_FIRST_DATE:
            raise InvalidArgument("first_date is too far in the past", field="recurrence.first_date")
        moderators = list(data.moderator_ids)
        if caller.has(auth.PEER_MODERATOR) and caller.account_id not in moderators:
            moderators.append(caller.account_id)
        self._check_moderators(moderators)
        with self.db.transaction() as session:
            cafe = CafeRow(
                id=_id(), tenant=caller.tenant, title=data.title, description=data.description, venue=data.venue,
                accessibility_notes=data.accessibility_notes, transport_notes=data.transport_notes,
                capacity=data.capacity, rrule=rule.rrule, first_date=rule.first_date.isoformat(),
                local_time=local_time, duration_minutes=duration_minutes, time_zone=time_zone,
                agenda_thread_id=agenda_thread_id or None, materialized_until=start,
                created_by=caller.account_id, created_at=now,
            )
            session.add(cafe)
            for account_id in moderators:
                session.add(CafeModerator(cafe_id=cafe.id, account_id=account_id))
            session.flush()
            created = self._extend(session, cafe, now + HORIZON)
            if not created:
                raise InvalidArgument("rrule gives no meetings in the coming year", field="recurrence.rrule")
            self._emit(session, "cafe_scheduled", cafe.tenant, caller.account_id, events.CafeScheduled(
                cafe_id=cafe.id, occurrence_ids=[o.id for o in created], moderator_ids=sorted(moderators)))
            return CafeView(cafe, sorted(moderators), caller.account_id in moderators)

    @staticmethod
    def _rule(cafe: CafeRow) -> recurrence.Rule:
        return recurrence.parse(cafe.rrule, cafe.first_date, cafe.local_time, cafe.time_zone)

    def _extend(self, session: Session, cafe: CafeRow, until: datetime) -> list[Occurrence]:
        """Make the meetings the rule gives in [materialized_until, until); locks the café's row."""
        if until <= as_utc(cafe.materialized_until):
            return []
        session.refresh(cafe, with_for_update=True)
        done = as_utc(cafe.materialized_until)
        if until <= done:
            return []
        created = []
        for start in self._rule(cafe).between(done, until):
            occurrence = Occurrence(
                id=_id(), tenant=cafe.tenant, cafe_id=cafe.id, activity_id=None, rule_start=start, starts_at=start,
                ends_at=start + timedelta(minutes=cafe.duration_minutes), venue=None, status=SCHEDULED,
                capacity=cafe.capacity, agenda_thread_id=None, revision=0,
            )
            session.add(occurrence)
            created.append(occurrence)
        cafe.materialized_until = until
        session.flush()
        return created

    def _cafe_view(self, session: Session, caller: Caller, cafe: CafeRow) -> CafeView:
        moderators = self._moderators(session, cafe.id)
        return CafeView(cafe, moderators, caller.account_id in moderators)

    def update_cafe(self, caller: Caller, cafe_id: str, data: CafeInput) -> CafeView:
        data = self._cafe_input(data)
        if data.moderator_ids:
            self._check_moderators(data.moderator_ids)
        with self.db.transaction() as session:
            cafe = self._cafe(session, caller, cafe_id, lock=True)
            if not self._can_manage_cafe(session, caller, cafe):
                raise PermissionDenied("only admins and the café's moderators change it", reason="moderator_required")
            cafe.title, cafe.description, cafe.venue = data.title, data.description, data.venue
            cafe.accessibility_notes, cafe.transport_notes = data.accessibility_notes, data.transport_notes
            if data.moderator_ids:
                session.execute(delete(CafeModerator).where(CafeModerator.cafe_id == cafe.id))
                for account_id in data.moderator_ids:
                    session.add(CafeModerator(cafe_id=cafe.id, account_id=account_id))
            if data.capacity != cafe.capacity:
                cafe.capacity = data.capacity
                upcoming = session.scalars(select(Occurrence).where(
                    Occurrence.cafe_id == cafe.id, Occurrence.starts_at > self.now()).with_for_update())
                for occurrence in upcoming:
                    occurrence.capacity = data.capacity
                    self._fill_seats(session, occurrence, caller.account_id)
            session.flush()
            return self._cafe_view(session, caller, cafe)

    def get_cafe(self, caller: Caller, cafe_id: str) -> CafeView:
        with self.db.transaction() as session:
            return self._cafe_view(session, caller, self._cafe(session, caller, cafe_id))

    def list_cafes(self, caller: Caller) -> list[CafeView]:
        self._require_viewer(caller)
        with self.db.transaction() as session:
            cafes = session.scalars(select(CafeRow).where(CafeRow.tenant == caller.tenant).order_by(CafeRow.created_at))
            return [self._cafe_view(session, caller, c) for c in cafes]

    def set_agenda(self, caller: Caller, cafe_id: str, occurrence_id: str, thread_id: str) -> CafeView:
        thread_id = thread_id.strip()
        if len(thread_id) > 36:
            raise InvalidArgument("thread_id is a forum thread id", field="thread_id")
        with self.db.transaction() as session:
            cafe = self._cafe(session, caller, cafe_id)
            if not self._moderates_cafe(session, caller, cafe.id) and not caller.has(auth.TENANT_ADMIN):
                raise PermissionDenied("only the café's moderators set its agenda", reason="moderator_required")
            if occurrence_id:
                occurrence = self._occurrence(session, caller, occurrence_id)
                if occurrence.cafe_id != cafe.id:
                    raise NotFound("no such meeting of this café", field="occurrence_id")
                occurrence.agenda_thread_id = thread_id or None
            else:
                cafe.agenda_thread_id = thread_id or None
            session.flush()
            return self._cafe_view(session, caller, cafe)

    # == occurrences ==============================================================================

    def _counts(self, session: Session, occurrence_ids: list[str]) -> dict[str, Counts]:
        counts = {o: Counts() for o in occurrence_ids}
        if not occurrence_ids:
            return counts
        rows = session.execute(
            select(Rsvp.occurrence_id, Rsvp.answer, Rsvp.waitlisted, func.count())
            .where(Rsvp.occurrence_id.in_(occurrence_ids), Rsvp.answer != "no")
            .group_by(Rsvp.occurrence_id, Rsvp.answer, Rsvp.waitlisted)
        )
        for occurrence_id, answer, waitlisted, count in rows:
            target = counts[occurrence_id]
            if answer == "yes" and waitlisted:
                target.waitlisted += count
            elif answer == "yes":
                target.going += count
            else:
                target.maybe += count
        return counts

    def _waitlist(self, session: Session, occurrence_id: str) -> list[Rsvp]:
        return list(session.scalars(
            select(Rsvp).where(Rsvp.occurrence_id == occurrence_id, Rsvp.answer == "yes", Rsvp.waitlisted.is_(True))
            .order_by(Rsvp.queued_at, Rsvp.account_id)
        ))

    def _views(self, session: Session, caller: Caller, occurrences: list[Occurrence]) -> list[OccurrenceView]:
        ids = [o.id for o in occurrences]
        counts = self._counts(session, ids)
        mine = {r.occurrence_id: r for r in session.scalars(
            select(Rsvp).where(Rsvp.occurrence_id.in_(ids), Rsvp.account_id == caller.account_id))} if ids else {}
        reminders: dict[str, list[int]] = {}
        if ids:
            for row in session.scalars(select(Reminder).where(
                    Reminder.occurrence_id.in_(ids), Reminder.account_id == caller.account_id)
                    .order_by(Reminder.minutes_before.desc())):
                reminders.setdefault(row.occurrence_id, []).append(row.minutes_before)
        cafes: dict[str, CafeRow] = {}
        moderated: set[str] = set(session.scalars(
            select(CafeModerator.cafe_id).where(CafeModerator.account_id == caller.account_id)))
        views = []
        for occurrence in occurrences:
            if occurrence.cafe_id:
                cafe = cafes.get(occurrence.cafe_id) or session.get(CafeRow, occurrence.cafe_id)
                cafes[cafe.id] = cafe
                title, venue, zone = cafe.title, occurrence.venue or cafe.venue, cafe.time_zone
                i_moderate = cafe.id in moderated
            else:
                activity = session.get(Activity, occurrence.activity_id)
                title = activity.title
                venue = self.cipher.decrypt(session, activity.tenant, "events.activity_place", activity.place_sealed)
                zone = ""
                i_moderate = caller.has(auth.PEER_MODERATOR)
            rsvp = mine.get(occurrence.id)
            position = 0
            if rsvp is not None and rsvp.answer == "yes" and rsvp.waitlisted:
                position = [r.account_id for r in self._waitlist(session, occurrence.id)].index(caller.account_id) + 1
            agenda = cafes[occurrence.cafe_id].agenda_thread_id or "" if occurrence.cafe_id else ""
            views.append(OccurrenceView(occurrence, title, venue, zone, counts[occurrence.id], rsvp, position,
                                        reminders.get(occurrence.id, []), i_moderate, agenda))
        return views

    def _window(self, start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
        start = start or self.now()
        end = end or start + DEFAULT_WINDOW
        if end <= start:
            raise InvalidArgument("'to' must be after 'from'", field="to")
        if end - start > MAX_WINDOW:
            raise InvalidArgument("at most 400 days at once", field="to")
        return start, end

    def list_occurrences(self, caller: Caller, cafe_id: str, start: datetime | None,
                         end: datetime | None) -> list[OccurrenceView]:
        self._require_viewer(caller)
        start, end = self._window(start, end)
        with self.db.transaction() as session:
            if cafe_id:
                cafes = [self._cafe(session, caller, cafe_id)]
            else:
                cafes = list(session.scalars(select(CafeRow).where(CafeRow.tenant == caller.tenant).order_by(CafeRow.id)))
            # Meetings exist as rows a horizon ahead (further when asked for); extended in
            # steps so a listing rarely writes.
            needed = max(self.now() + HORIZON, min(end, self.now() + 2 * HORIZON))
            for cafe in cafes:
                if as_utc(cafe.materialized_until) < needed:
                    self._extend(session, cafe, needed + EXTEND_STEP)
            query = select(Occurrence).where(Occurrence.tenant == caller.tenant, Occurrence.starts_at >= start,
                                             Occurrence.starts_at < end)
            query = query.where(Occurrence.cafe_id == cafe_id) if cafe_id else query
            return self._views(session, caller, list(session.scalars(query.order_by(Occurrence.starts_at, Occurrence.id))))

    def get_occurrence(self, caller: Caller, occurrence_id: str) -> OccurrenceView:
        with self.db.transaction() as session:
            return self._views(session, caller, [self._occurrence(session, caller, occurrence_id)])[0]

    def _audience(self, session: Session, occurrence: Occurrence) -> list[str]:
        people = set(session.scalars(select(Rsvp.account_id).where(
            Rsvp.occurrence_id == occurrence.id, Rsvp.answer != "no")))
        if occurrence.cafe_id:
            people |= set(self._moderators(session, occurrence.cafe_id))
        return sorted(people)

    def move_occurrence(self, caller: Caller, occurrence_id: str, starts_at: datetime | None,
                        duration_minutes: int, venue: str) -> OccurrenceView:
        if starts_at is None:
            raise InvalidArgument("starts_at is required", field="starts_at")
        if duration_minutes and (duration_minutes < DURATION_MINUTES[0] or duration_minutes > DURATION_MINUTES[1]):
            raise InvalidArgument("duration_minutes is 15-720", field="duration_minutes")
        venue = _text(venue, "venue", 0, 200)
        if starts_at <= self.now():
            raise InvalidArgument("a meeting can only be moved to the future", field="starts_at")
        with self.db.transaction() as session:
            occurrence = self._occurrence(session, caller, occurrence_id, lock=True)
            if not self._can_manage_occurrence(session, caller, occurrence):
                raise PermissionDenied("only its moderators or admins move a meeting", reason="moderator_required")
            if occurrence.status == CANCELLED:
                raise FailedPrecondition("the meeting is cancelled", reason="cancelled")
            length = timedelta(minutes=duration_minutes) if duration_minutes else \
                as_utc(occurrence.ends_at) - as_utc(occurrence.starts_at)
            occurrence.starts_at, occurrence.ends_at = starts_at, starts_at + length
            if venue:
                occurrence.venue = venue
            occurrence.status = MOVED
            occurrence.revision += 1
            for reminder in session.scalars(select(Reminder).where(
                    Reminder.occurrence_id == occurrence.id, Reminder.sent_at.is_(None))):
                reminder.due_at = starts_at - timedelta(minutes=reminder.minutes_before)
            self._emit(session, "occurrence_changed", occurrence.tenant, caller.account_id, events.OccurrenceChanged(
                occurrence_id=occurrence.id, cafe_id=occurrence.cafe_id or "", activity_id=occurrence.activity_id or "",
                change=events.OccurrenceChanged.CHANGE_MOVED, starts_at=_stamp(starts_at),
                audience_ids=self._audience(session, occurrence)))
            session.flush()
            return self._views(session, caller, [occurrence])[0]

    def cancel_occurrence(self, caller: Caller, occurrence_id: str) -> OccurrenceView:
        with self.db.transaction() as session:
            occurrence = self._occurrence(session, caller, occurrence_id, lock=True)
            if not self._can_manage_occurrence(session, caller, occurrence):
                raise PermissionDenied("only its moderators or admins cancel a meeting", reason="moderator_required")
            if occurrence.status != CANCELLED:
                occurrence.status = CANCELLED
                occurrence.revision += 1
                self._emit(session, "occurrence_changed", occurrence.tenant, caller.account_id, events.OccurrenceChanged(
                    occurrence_id=occurrence.id, cafe_id=occurrence.cafe_id or "",
                    activity_id=occurrence.activity_id or "", change=events.OccurrenceChanged.CHANGE_CANCELLED,
                    starts_at=_stamp(occurrence.starts_at), audience_ids=self._audience(session, occurrence)))
            session.flush()
            return self._views(session, caller, [occurrence])[0]

    # == RSVPs and the waitlist =======================================================================

    def _fill_seats(self, session: Session, occurrence: Occurrence, actor: str) -> None:
        """Give free seats to the waitlist in order, and tell each promoted person.
        Callers hold the occurrence's row lock, so seats are counted once."""
        waiting = self._waitlist(session, occurrence.id)
        if not waiting:
            return
        if occurrence.capacity:
            going = session.scalar(select(func.count()).select_from(Rsvp).where(
                Rsvp.occurrence_id == occurrence.id, Rsvp.answer == "yes", Rsvp.waitlisted.is_(False))) or 0
            free = max(occurrence.capacity - going, 0)
        else:
            free = len(waiting)
        for rsvp in waiting[:free]:
            rsvp.waitlisted = False
            rsvp.updated_at = self.now()
            self._emit(session, "waitlist_promoted", occurrence.tenant, actor, events.WaitlistPromoted(
                occurrence_id=occurrence.id, account_id=rsvp.account_id))
        session.flush()

    def _open_for_answers(self, occurrence: Occurrence) -> None:
        if occurrence.status == CANCELLED:
            raise FailedPrecondition("the meeting is cancelled", reason="cancelled")
        if as_utc(occurrence.ends_at) <= self.now():
            raise FailedPrecondition("the meeting is over", reason="over")

    def _answer(self, session: Session, caller: Caller, occurrence: Occurrence, answer: str,
                visible: bool | None) -> None:
        now = self.now()
        rsvp = session.get(Rsvp, (occurrence.id, caller.account_id))
        before = (rsvp.answer, rsvp.waitlisted) if rsvp else ("no", False)
        if rsvp is None:
            rsvp = Rsvp(occurrence_id=occurrence.id, account_id=caller.account_id, tenant=occurrence.tenant,
                        answer="no", waitlisted=False, visible=bool(visible), queued_at=now, updated_at=now)
            session.add(rsvp)
        if visible is not None:
            rsvp.visible = visible
        freed = before[0] == "yes" and not before[1] and answer != "yes"
        if answer == "yes" and before[0] != "yes":
            going = session.scalar(select(func.count()).select_from(Rsvp).where(
                Rsvp.occurrence_id == occurrence.id, Rsvp.answer == "yes", Rsvp.waitlisted.is_(False))) or 0
            queue = bool(self._waitlist(session, occurrence.id))
            rsvp.waitlisted = bool(occurrence.capacity) and (going >= occurrence.capacity or queue)
            rsvp.queued_at = now
        elif answer != "yes":
            rsvp.waitlisted = False
        rsvp.answer = answer
        rsvp.updated_at = now
        session.flush()
        if (rsvp.answer, rsvp.waitlisted) != before:
            self._emit(session, "rsvp_changed", occurrence.tenant, caller.account_id, events.RsvpChanged(
                occurrence_id=occurrence.id, account_id=caller.account_id, answer=answer, waitlisted=rsvp.waitlisted))
        if freed:
            self._fill_seats(session, occurrence, caller.account_id)

    def rsvp(self, caller: Caller, occurrence_id: str, answer: str, visible: bool) -> OccurrenceView:
        if answer not in ANSWERS:
            raise InvalidArgument("answer is yes, maybe or no", field="answer")
        with self.db.transaction() as session:
            occurrence = self._occurrence(session, caller, occurrence_id, lock=True)
            self._require_member(caller)
            self._open_for_answers(occurrence)
            self._answer(session, caller, occurrence, answer, visible)
            return self._views(session, caller, [occurrence])[0]

    def not_up_to_it(self, caller: Caller, occurrence_id: str) -> OccurrenceView:
        """One tap: the answer becomes no. No reason is asked, stored or told; the event
        is the same as any other "no"."""
        with self.db.transaction() as session:
            occurrence = self._occurrence(session, caller, occurrence_id, lock=True)
            self._require_member(caller)
            self._answer(session, caller, occurrence, "no", None)
            return self._views(session, caller, [occurrence])[0]

    def set_reminders(self, caller: Caller, occurrence_id: str, minutes_before: list[int]) -> OccurrenceView:
        chosen = sorted(set(minutes_before), reverse=True)
        if len(chosen) > MAX_REMINDERS or any(m < REMINDER_MINUTES[0] or m > REMINDER_MINUTES[1] for m in chosen):
            raise InvalidArgument("up to 5 reminders, 5 minutes to 14 days before", field="minutes_before")
        with self.db.transaction() as session:
            occurrence = self._occurrence(session, caller, occurrence_id, lock=True)
            self._require_member(caller)
            self._open_for_answers(occurrence)
            existing = {r.minutes_before: r for r in session.scalars(select(Reminder).where(
                Reminder.occurrence_id == occurrence.id, Reminder.account_id == caller.account_id))}
            for minutes, row in existing.items():
                if minutes not in chosen and row.sent_at is None:
                    session.delete(row)
            for minutes in chosen:
                if minutes not in existing:
                    session.add(Reminder(
                        id=_id(), tenant=occurrence.tenant, occurrence_id=occurrence.id, account_id=caller.account_id,
                        minutes_before=minutes, due_at=as_utc(occurrence.starts_at) - timedelta(minutes=minutes),
                        sent_at=None, outcome=None))
            session.flush()
            return self._views(session, caller, [occurrence])[0]

    def run_due_reminders(self, now: datetime) -> int:
        """Claim due reminders and send (or skip) each exactly once; the number handled."""
        with self.db.transaction() as session:
            query = (select(Reminder).where(Reminder.sent_at.is_(None), Reminder.due_at <= now)
                     .order_by(Reminder.due_at, Reminder.id).limit(REMINDER_BATCH))
            if is_postgres(self.db.engine):
                query = query.with_for_update(skip_locked=True)
            due = list(session.scalars(query))
            for reminder in due:
                occurrence = session.get(Occurrence, reminder.occurrence_id)
                rsvp = session.get(Rsvp, (reminder.occurrence_id, reminder.account_id))
                coming = rsvp is not None and (rsvp.answer == "maybe" or (rsvp.answer == "yes" and not rsvp.waitlisted))
                deliver = coming and occurrence.status != CANCELLED and as_utc(occurrence.starts_at) > now
                reminder.sent_at = now
                reminder.outcome = "sent" if deliver else "skipped"
                if deliver:
                    self._emit(session, "reminder_due", reminder.tenant, "", events.ReminderDue(
                        reminder_id=reminder.id, account_id=reminder.account_id, occurrence_id=occurrence.id,
                        starts_at=_stamp(occurrence.starts_at), minutes_before=reminder.minutes_before))
            return len(due)

    def attendees(self, caller: Caller, occurrence_id: str) -> tuple[Counts, list[AttendeeView], bool]:
        with self.db.transaction() as session:
            occurrence = self._occurrence(session, caller, occurrence_id)
            full = self._holds_full_list(session, caller, occurrence)
            if not full and not caller.has(*MEMBER_ROLES):
                # Admins manage cafés; names are for moderators.
                return self._counts(session, [occurrence.id])[occurrence.id], [], False
            counts = self._counts(session, [occurrence.id])[occurrence.id]
            rows = list(session.scalars(select(Rsvp).where(Rsvp.occurrence_id == occurrence.id, Rsvp.answer != "no")
                                        .order_by(Rsvp.queued_at, Rsvp.account_id)))
            checked = set(session.scalars(select(Attendance.account_id).where(Attendance.occurrence_id == occurrence.id)))
            if not full:
                rows = [r for r in rows if r.visible and not r.waitlisted]
                checked = set()
            walk_ins = sorted(checked - {r.account_id for r in rows}) if full else []
            positions = {r.account_id: i + 1 for i, r in enumerate(self._waitlist(session, occurrence.id))}
        names = self.people.names([r.account_id for r in rows] + walk_ins)
        empty = Name("", "")
        result = [AttendeeView(r.account_id, names.get(r.account_id, empty), r.answer, r.waitlisted,
                               positions.get(r.account_id, 0) if full else 0, r.visible, r.account_id in checked)
                  for r in rows]
        result += [AttendeeView(a, names.get(a, empty), "", False, 0, False, True) for a in walk_ins]
        return counts, result, full

    def check_in(self, caller: Caller, occurrence_id: str, account_id: str, present: bool) -> int:
        if not account_id or len(account_id) > 36:
            raise InvalidArgument("account_id is required", field="account_id")
        with self.db.transaction() as session:
            occurrence = self._occurrence(session, caller, occurrence_id)
            if not self._holds_full_list(session, caller, occurrence):
                raise PermissionDenied("moderators check people in", reason="moderator_required")
            if occurrence.status == CANCELLED:
                raise FailedPrecondition("the meeting is cancelled", reason="cancelled")
            row = session.get(Attendance, (occurrence.id, account_id))
            if present and row is None:
                session.add(Attendance(occurrence_id=occurrence.id, account_id=account_id, tenant=occurrence.tenant,
                                       checked_in_by=caller.account_id, checked_in_at=self.now()))
            elif not present and row is not None:
                session.delete(row)
            session.flush()
            return session.scalar(select(func.count()).select_from(Attendance).where(
                Attendance.occurrence_id == occurrence.id)) or 0

    # == going together =================================================================================

    def ask_companion(self, caller: Caller, occurrence_id: str, kind: str, offer: bool) -> CompanionAsk:
        if kind not in COMPANION_KINDS:
            raise InvalidArgument("kind is company or ride", field="kind")
        with self.db.transaction() as session:
            occurrence = self._occurrence(session, caller, occurrence_id, lock=True)
            self._require_member(caller)
            self._open_for_answers(occurrence)
            existing = session.scalar(select(CompanionAsk).where(
                CompanionAsk.occurrence_id == occurrence.id, CompanionAsk.account_id == caller.account_id,
                CompanionAsk.kind == kind, CompanionAsk.status != "withdrawn"))
            if existing is not None:
                raise AlreadyExists("you already asked or offered this for the meeting", field="kind")
            ask = CompanionAsk(id=_id(), tenant=occurrence.tenant, occurrence_id=occurrence.id,
                               account_id=caller.account_id, kind=kind, offer=offer, status="open", created_at=self.now())
            session.add(ask)
            session.flush()
            self._propose(session, ask, caller.account_id)
            return ask

    def _propose(self, session: Session, ask: CompanionAsk, actor: str) -> None:
        """Pair an open request with the longest-waiting compatible one at the same
        meeting (same municipality), never re-proposing a pair that did not work out."""
        if ask.status != "open":
            return
        tried = set(session.scalars(select(Match.b_account).where(
            Match.occurrence_id == ask.occurrence_id, Match.kind == ask.kind, Match.a_account == ask.account_id)))
        tried |= set(session.scalars(select(Match.a_account).where(
            Match.occurrence_id == ask.occurrence_id, Match.kind == ask.kind, Match.b_account == ask.account_id)))
        query = select(CompanionAsk).where(
            CompanionAsk.occurrence_id == ask.occurrence_id, CompanionAsk.tenant == ask.tenant,
            CompanionAsk.kind == ask.kind, CompanionAsk.status == "open", CompanionAsk.account_id != ask.account_id)
        if ask.kind == "ride":
            query = query.where(CompanionAsk.offer.is_(not ask.offer))
        for other in session.scalars(query.order_by(CompanionAsk.created_at, CompanionAsk.id)):
            if other.account_id in tried:
                continue
            match = Match(id=_id(), tenant=ask.tenant, occurrence_id=ask.occurrence_id, kind=ask.kind,
                          a_request_id=other.id, b_request_id=ask.id, a_account=other.account_id,
                          b_account=ask.account_id, a_accepted=False, b_accepted=False, status="proposed",
                          created_at=self.now())
            session.add(match)
            other.status = ask.status = "matched"
            self._emit(session, "match_made", ask.tenant, actor, events.MatchMade(
                match_id=match.id, occurrence_id=ask.occurrence_id, account_ids=[other.account_id, ask.account_id],
                confirmed=False, kind=ask.kind))
            session.flush()
            return

    def _end_match(self, session: Session, match: Match, actor: str) -> None:
        match.status = "declined"
        asks = [session.get(CompanionAsk, match.a_request_id), session.get(CompanionAsk, match.b_request_id)]
        for ask in asks:
            if ask.status == "matched":
                ask.status = "open"
        session.flush()
        for ask in asks:
            self._propose(session, ask, actor)

    def withdraw_companion(self, caller: Caller, request_id: str) -> None:
        with self.db.transaction() as session:
            ask = session.get(CompanionAsk, request_id) if request_id else None
            if ask is None or ask.tenant != caller.tenant or ask.account_id != caller.account_id:
                raise NotFound("no such request", field="request_id")
            if ask.status == "withdrawn":
                return
            ask.status = "withdrawn"
            for match in session.scalars(select(Match).where(
                    or_(Match.a_request_id == ask.id, Match.b_request_id == ask.id), Match.status != "declined")):
                self._end_match(session, match, caller.account_id)

    def companion_requests(self, caller: Caller) -> list[CompanionAsk]:
        self._require_member(caller)
        with self.db.transaction() as session:
            return list(session.scalars(select(CompanionAsk).where(
                CompanionAsk.tenant == caller.tenant, CompanionAsk.account_id == caller.account_id,
                CompanionAsk.status != "withdrawn").order_by(CompanionAsk.created_at)))

    def _match_view(self, session: Session, caller: Caller, match: Match, names: dict[str, Name] | None = None) -> MatchView:
        mine_is_a = match.a_account == caller.account_id
        my_ask = session.get(CompanionAsk, match.a_request_id if mine_is_a else match.b_request_id)
        view = MatchView(match, my_ask.offer, match.a_accepted if mine_is_a else match.b_accepted)
        if match.status == "confirmed":
            # Only now, with both having said yes, does either learn who the other is.
            partner_ask = session.get(CompanionAsk, match.b_request_id if mine_is_a else match.a_request_id)
            view.partner_id = partner_ask.account_id
            view.partner_offers = partner_ask.offer
            view.partner = (names or {}).get(partner_ask.account_id)
            if match.note_sealed:
                note = json.loads(self.cipher.decrypt(session, match.tenant, "events.meeting_note", match.note_sealed))
                view.note_place = note["place"]
                view.note_at = datetime.fromisoformat(note["meet_at"]) if note.get("meet_at") else None
                view.note_by = match.note_by or ""
        return view

    def _caller_match(self, session: Session, caller: Caller, match_id: str) -> Match:
        match = session.get(Match, match_id, with_for_update=True) if match_id else None
        if match is None or match.tenant != caller.tenant or caller.account_id not in (match.a_account, match.b_account):
            raise NotFound("no such match", field="match_id")
        return match

    def _with_partner_names(self, caller: Caller, views: list[MatchView]) -> list[MatchView]:
        names = self.people.names([v.partner_id for v in views if v.partner_id])
        for view in views:
            if view.partner_id:
                view.partner = names.get(view.partner_id, Name("", ""))
        return views

    def matches(self, caller: Caller) -> list[MatchView]:
        self._require_member(caller)
        with self.db.transaction() as session:
            rows = session.scalars(select(Match).where(
                Match.tenant == caller.tenant,
                or_(Match.a_account == caller.account_id, Match.b_account == caller.account_id),
            ).order_by(Match.created_at, Match.id))
            views = [self._match_view(session, caller, m) for m in rows]
        return self._with_partner_names(caller, views)

    def answer_match(self, caller: Caller, match_id: str, accept: bool) -> MatchView:
        with self.db.transaction() as session:
            match = self._caller_match(session, caller, match_id)
            if match.status != "proposed":
                raise FailedPrecondition("this match was already settled", reason="match_settled")
            if not accept:
                self._end_match(session, match, caller.account_id)
            else:
                if match.a_account == caller.account_id:
                    match.a_accepted = True
                else:
                    match.b_accepted = True
                if match.a_accepted and match.b_accepted:
                    match.status = "confirmed"
                    self._emit(session, "match_made", match.tenant, caller.account_id, events.MatchMade(
                        match_id=match.id, occurrence_id=match.occurrence_id,
                        account_ids=[match.a_account, match.b_account], confirmed=True, kind=match.kind))
            session.flush()
            view = self._match_view(session, caller, match)
        return self._with_partner_names(caller, [view])[0]

    def set_meeting_note(self, caller: Caller, match_id: str, place: str, meet_at: datetime | None) -> MatchView:
        place = _text(place, "place", 2, 300)
        with self.db.transaction() as session:
            match = self._caller_match(session, caller, match_id)
            if match.status != "confirmed":
                raise FailedPrecondition("a meeting note needs both to have accepted", reason="match_not_confirmed")
            note = json.dumps({"place": place, "meet_at": meet_at.isoformat() if meet_at else ""})
            match.note_sealed = self.cipher.encrypt(session, match.tenant, "events.meeting_note", note)
            match.note_by = caller.account_id
            session.flush()
            view = self._match_view(session, caller, match)
        return self._with_partner_names(caller, [view])[0]

    # == local activities ===============================================================================

    def propose_activity(self, caller: Caller, kind: str, title: str, description: str, place: str,
                         starts_at: datetime | None, duration_minutes: int, capacity: int, visible: bool) -> ActivityView:
        self._require_member(caller)
        if kind not in ACTIVITY_KINDS:
            raise InvalidArgument("kind is coffee, walk, volunteering or other", field="kind")
        title = _text(title, "title", 3, 100)
        description = _text(description, "description", 0, 2000)
        place = _text(place, "place", 2, 200)
        if starts_at is None or starts_at <= self.now():
            raise InvalidArgument("starts_at must be in the future", field="starts_at")
        duration_minutes = duration_minutes or 120
        if duration_minutes < DURATION_MINUTES[0] or duration_minutes > DURATION_MINUTES[1]:
            raise InvalidArgument("duration_minutes is 15-720", field="duration_minutes")
        if capacity < 0 or capacity > MAX_CAPACITY:
            raise InvalidArgument(f"capacity is 0 (no limit) to {MAX_CAPACITY}", field="capacity")
        with self.db.transaction() as session:
            activity = Activity(
                id=_id(), tenant=caller.tenant, proposer_id=caller.account_id, kind=kind, title=title,
                description_sealed=self.cipher.encrypt_optional(session, caller.tenant, "events.activity_description",
                                                                description),
                place_sealed=self.cipher.encrypt(session, caller.tenant, "events.activity_place", place),
                created_at=self.now())
            session.add(activity)
            session.flush()
            occurrence = Occurrence(
                id=_id(), tenant=caller.tenant, cafe_id=None, activity_id=activity.id, rule_start=None,
                starts_at=starts_at, ends_at=starts_at + timedelta(minutes=duration_minutes), venue=None,
                status=SCHEDULED, capacity=capacity, agenda_thread_id=None, revision=0)
            session.add(occurrence)
            session.flush()
            self._answer(session, caller, occurrence, "yes", visible)
            return self._activity_view(session, caller, activity, occurrence)

    def _activity_view(self, session: Session, caller: Caller, activity: Activity,
                       occurrence: Occurrence | None = None) -> ActivityView:
        occurrence = occurrence or session.scalar(select(Occurrence).where(Occurrence.activity_id == activity.id))
        return ActivityView(
            activity,
            self.cipher.decrypt_optional(session, activity.tenant, "events.activity_description",
                                         activity.description_sealed),
            self.cipher.decrypt(session, activity.tenant, "events.activity_place", activity.place_sealed),
            self._views(session, caller, [occurrence])[0],
            activity.proposer_id == caller.account_id,
        )

    def list_activities(self, caller: Caller, start: datetime | None, end: datetime | None) -> list[ActivityView]:
        self._require_viewer(caller)
        start, end = self._window(start, end)
        with self.db.transaction() as session:
            rows = session.execute(
                select(Activity, Occurrence).join(Occurrence, Occurrence.activity_id == Activity.id)
                .where(Activity.tenant == caller.tenant, Occurrence.starts_at >= start, Occurrence.starts_at < end)
                .order_by(Occurrence.starts_at, Occurrence.id)).all()
            return [self._activity_view(session, caller, a, o) for a, o in rows]

    def get_activity(self, caller: Caller, activity_id: str) -> ActivityView:
        with self.db.transaction() as session:
            activity = session.get(Activity, activity_id) if activity_id else None
            if activity is None or activity.tenant != caller.tenant:
                raise NotFound("no such activity", field="activity_id")
            self._require_viewer(caller)
            return self._activity_view(session, caller, activity)

    # == the study's figures =============================================================================

    def figures(self, caller: Caller, tenant: str, start: datetime | None, end: datetime | None) -> Figures:
        tenant = tenant or caller.tenant
        if caller.has(auth.REGION_ADMIN, auth.RESEARCHER):
            pass
        elif caller.has(auth.TENANT_ADMIN):
            if tenant != caller.tenant:
                raise NotFound("unknown tenant", field="tenant")
        else:
            raise PermissionDenied("figures are for admins and researchers", reason="role_required")
        start = start or datetime(2000, 1, 1, tzinfo=UTC)
        end = end or self.now() + timedelta(days=1)
        if end <= start:
            raise InvalidArgument("'to' must be after 'from'", field="to")
        with self.db.transaction() as session:
            in_period = and_(Occurrence.tenant == tenant, Occurrence.status != CANCELLED,
                             Occurrence.starts_at >= start, Occurrence.starts_at < end)
            per_meeting = [int(n) for _, n in session.execute(
                select(Occurrence.id, func.count(Attendance.account_id))
                .join(Attendance, Attendance.occurrence_id == Occurrence.id)
                .where(in_period, Occurrence.cafe_id.is_not(None))
                .group_by(Occurrence.id, Occurrence.starts_at).order_by(Occurrence.starts_at, Occurrence.id))]
            members = session.scalar(
                select(func.count(func.distinct(Attendance.account_id)))
                .join(Occurrence, Attendance.occurrence_id == Occurrence.id)
                .where(in_period, Occurrence.cafe_id.is_not(None))) or 0
            activities = session.scalar(select(func.count()).select_from(Occurrence).where(
                in_period, Occurrence.activity_id.is_not(None), Occurrence.starts_at <= self.now())) or 0
        figures = Figures(tenant, len(per_meeting), sum(per_meeting), int(members),
                          min(per_meeting, default=0), max(per_meeting, default=0), per_meeting, int(activities))
        if caller.has(auth.RESEARCHER) and not caller.has(auth.TENANT_ADMIN, auth.REGION_ADMIN):
            # Researchers see k-anonymous figures only: a small count can point at a person.
            def k(value: int) -> int:
                return value if value >= K_ANONYMITY else -1

            figures = Figures(tenant, k(figures.meetings_held), k(figures.attendances), k(figures.members_attended),
                              k(figures.min_per_meeting), k(figures.max_per_meeting),
                              [k(n) for n in figures.per_meeting], k(figures.activities_held))
        return figures

    # == calendars ============================================================================================

    def create_calendar_token(self, caller: Caller) -> tuple[str, datetime]:
        self._require_member(caller)
        token = secrets.token_urlsafe(32)
        now = self.now()
        with self.db.transaction() as session:
            session.execute(delete(CalendarToken).where(CalendarToken.account_id == caller.account_id))
            session.add(CalendarToken(account_id=caller.account_id, tenant=caller.tenant,
                                      token_hash=_token_hash(token), created_at=now))
        return token, now

    def revoke_calendar_token(self, caller: Caller) -> None:
        self._require_member(caller)
        with self.db.transaction() as session:
            session.execute(delete(CalendarToken).where(CalendarToken.account_id == caller.account_id))

    def _entry(self, session: Session, occurrence: Occurrence, answer: str) -> ics.Entry:
        if occurrence.cafe_id:
            cafe = session.get(CafeRow, occurrence.cafe_id)
            title, location = cafe.title, occurrence.venue or cafe.venue
            description = "\n".join(x for x in (cafe.description, cafe.accessibility_notes, cafe.transport_notes) if x)
        else:
            activity = session.get(Activity, occurrence.activity_id)
            title = activity.title
            location = self.cipher.decrypt(session, activity.tenant, "events.activity_place", activity.place_sealed)
            description = self.cipher.decrypt_optional(session, activity.tenant, "events.activity_description",
                                                       activity.description_sealed)
        status = "CANCELLED" if occurrence.status == CANCELLED else ("TENTATIVE" if answer == "maybe" else "CONFIRMED")
        return ics.Entry(occurrence.id, title, as_utc(occurrence.starts_at), as_utc(occurrence.ends_at), location,
                         description, status, occurrence.revision)

    def calendar_feed(self, token: str) -> str:
        if not token or len(token) > 100:
            raise NotFound("no such calendar", field="token")
        with self.db.transaction() as session:
            row = session.scalar(select(CalendarToken).where(CalendarToken.token_hash == _token_hash(token)))
            if row is None:
                raise NotFound("no such calendar", field="token")
            rows = session.execute(
                select(Occurrence, Rsvp.answer).join(Rsvp, Rsvp.occurrence_id == Occurrence.id)
                .where(Rsvp.account_id == row.account_id, Rsvp.answer != "no", Occurrence.tenant == row.tenant,
                       Occurrence.starts_at >= self.now() - FEED_PAST)
                .order_by(Occurrence.starts_at, Occurrence.id)).all()
            entries = [self._entry(session, occurrence, answer) for occurrence, answer in rows]
        return ics.render(entries, "ReConnect", self.now())

    def occurrence_ics(self, caller: Caller, occurrence_id: str) -> tuple[str, str]:
        with self.db.transaction() as session:
            occurrence = self._occurrence(session, caller, occurrence_id)
            rsvp = session.get(Rsvp, (occurrence.id, caller.account_id))
            entry = self._entry(session, occurrence, rsvp.answer if rsvp else "yes")
        return ics.render([entry], entry.title, self.now()), f"reconnect-{occurrence.id[:8]}.ics"


    # == a member moving to another municipality ================================================

    def move_member(self, session: Session, account_id: str, old: str, new: str) -> int:
        """The account moved municipality (identity's ``account_moved``). Cafés are per
        municipality, so answers to the old one's upcoming meetings are cancelled: each
        "yes" or "maybe" becomes "no" (the same ``rsvp_changed`` as any other "no", and a
        freed seat goes to the waitlist), unsent reminders are dropped, open going-together
        requests are withdrawn (a matched partner is offered someone else), and moderating
        the old municipality's cafés ends. What happened stays: past answers and attendance
        are history. The calendar link follows the person to the new municipality.
        A redelivery finds nothing upcoming left to cancel. Returns the answers cancelled."""
        if not account_id or not old or not new or old == new:
            return 0
        now = self.now()
        upcoming = select(Occurrence.id).where(Occurrence.tenant == old, Occurrence.ends_at > now)
        cancelled = 0
        answers = session.scalars(select(Rsvp).where(
            Rsvp.account_id == account_id, Rsvp.tenant == old, Rsvp.answer != "no", Rsvp.occurrence_id.in_(upcoming))
            .order_by(Rsvp.occurrence_id)).all()
        for rsvp in answers:
            occurrence = session.get(Occurrence, rsvp.occurrence_id, with_for_update=True)
            freed = rsvp.answer == "yes" and not rsvp.waitlisted
            rsvp.answer, rsvp.waitlisted, rsvp.updated_at = "no", False, now
            session.flush()
            self._emit(session, "rsvp_changed", old, account_id, events.RsvpChanged(
                occurrence_id=occurrence.id, account_id=account_id, answer="no", waitlisted=False))
            if freed and occurrence.status != CANCELLED:
                self._fill_seats(session, occurrence, account_id)
            cancelled += 1
        session.execute(delete(Reminder).where(Reminder.account_id == account_id, Reminder.tenant == old,
                                               Reminder.sent_at.is_(None)))
        for ask in session.scalars(select(CompanionAsk).where(
                CompanionAsk.account_id == account_id, CompanionAsk.tenant == old, CompanionAsk.status != "withdrawn",
                CompanionAsk.occurrence_id.in_(upcoming))).all():
            ask.status = "withdrawn"
            for match in session.scalars(select(Match).where(
                    or_(Match.a_request_id == ask.id, Match.b_request_id == ask.id), Match.status != "declined")).all():
                self._end_match(session, match, account_id)
        session.execute(delete(CafeModerator).where(
            CafeModerator.account_id == account_id,
            CafeModerator.cafe_id.in_(select(CafeRow.id).where(CafeRow.tenant == old))))
        token = session.get(CalendarToken, account_id)
        if token is not None and token.tenant == old:
            token.tenant = new
        session.flush()
        return cancelled


def erase_member(session: Session, account_id: str) -> None:
    """An erased member's answers, reminders, requests, matches and calendar link go;
    attendance stays as an anonymous count (the study's figures), tied to no one."""
    session.execute(delete(Match).where(or_(Match.a_account == account_id, Match.b_account == account_id)))
    for model in (Rsvp, Reminder, CompanionAsk, CalendarToken, CafeModerator):
        session.execute(delete(model).where(model.account_id == account_id))
    for attendance in session.scalars(select(Attendance).where(Attendance.account_id == account_id)):
        attendance.account_id = str(uuid.uuid4())
    for activity in session.scalars(select(Activity).where(Activity.proposer_id == account_id)):
        activity.proposer_id = str(uuid.uuid4())
        activity.title = ""
        activity.description_sealed = None
