"""The events service's calls (cafés, RSVPs, going together, local activities, figures and
calendars; gRPC package reconnect.cafes.v1) for the authorization matrix, and the meeting
notes and activity places it plants.

Everything belongs to one municipality: another's café, meeting, request or match answers
"not found" (checked before the role, so the region's staff, whose tenant has no cafés,
meet a municipality's café the same way).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from google.protobuf.timestamp_pb2 import Timestamp

from reconnect.cafes.v1 import cafes_pb2 as pb
from tests.assurance.canaries import CanarySet, CanarySource, letters
from tests.assurance.declarations.common import as_demo, ready, stub
from tests.assurance.world import (
    ELSEWHERE,
    HOME,
    LONE_PROVIDER,
    PEER_MODERATOR,
    PROVIDER,
    SERVICE_USER,
    Persona,
    World,
    missing_id,
)

MEMBERS = (SERVICE_USER, PROVIDER, LONE_PROVIDER, PEER_MODERATOR)
COMPANY = pb.COMPANION_KIND_COMPANY


@dataclass
class CafeObjects:
    cafe_id: str = ""
    occurrences: list[str] = field(default_factory=list)  # 0 cancel, 1 move, 2 answers, 3 asks, 4-5 matches
    activity_id: str = ""
    proposed_match_id: str = ""  # the tenant's peer is a party
    confirmed_match_id: str = ""
    ask_id: str = ""  # the tenant's peer's open request


def cafes(world: World):
    return stub(world, "events")


def _stamp(moment: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def _create_cafe(world: World, meta, moderators=(), venue: str = "Assurance hall") -> pb.Cafe:
    first = (date.today() + timedelta(days=2)).isoformat()
    return cafes(world).CreateCafe(pb.CreateCafeRequest(
        title=f"Assurance café {letters(6)}", description="Monthly peer support", venue=venue, capacity=0,
        recurrence=pb.Recurrence(rrule="FREQ=WEEKLY", first_date=first, local_time="18:00", duration_minutes=120),
        moderator_ids=list(moderators)), metadata=meta, timeout=10)


def _activity(world: World, meta, place: str = "The library", description: str = "") -> pb.Activity:
    return cafes(world).ProposeActivity(pb.ProposeActivityRequest(
        kind=pb.ACTIVITY_KIND_WALK, title="Assurance walk", description=description, place=place,
        starts_at=_stamp(datetime.now(UTC) + timedelta(days=3)), duration_minutes=60), metadata=meta, timeout=10)


def _match(world: World, occurrence_id: str, first: Persona, second: Persona, confirm: bool) -> str:
    for who in (first, second):
        cafes(world).AskCompanion(pb.AskCompanionRequest(occurrence_id=occurrence_id, kind=COMPANY),
                                  metadata=world.metadata(who), timeout=10)
    found = [m for m in cafes(world).ListMatches(pb.ListMatchesRequest(), metadata=world.metadata(first),
                                                  timeout=10).matches if m.occurrence_id == occurrence_id]
    assert len(found) == 1, found
    if confirm:
        for who in (first, second):
            cafes(world).AnswerMatch(pb.AnswerMatchRequest(match_id=found[0].id, accept=True),
                                     metadata=world.metadata(who), timeout=10)
    return found[0].id


def _objects(world: World, tenant: str) -> CafeObjects:
    ready(world)
    admin = as_demo(world, tenant, f"admin.{tenant}")
    moderators = [world.personas[PEER_MODERATOR].account_id] if tenant == HOME else []
    cafe = _create_cafe(world, admin, moderators)
    occurrences = [o.id for o in cafes(world).ListOccurrences(pb.ListOccurrencesRequest(cafe_id=cafe.id),
                                                               metadata=admin, timeout=10).occurrences]
    assert len(occurrences) >= 8, occurrences
    peer = world.personas[f"peer@{tenant}"]
    partner = world.personas[SERVICE_USER] if tenant == HOME else world.create_account(
        ELSEWHERE, "pair", ["service_user"], canary_details=False)
    objects = CafeObjects(cafe.id, occurrences, _activity(world, world.metadata(peer)).id)
    objects.proposed_match_id = _match(world, occurrences[4], partner, peer, confirm=False)
    objects.confirmed_match_id = _match(world, occurrences[5], partner, peer, confirm=True)
    objects.ask_id = cafes(world).AskCompanion(pb.AskCompanionRequest(
        occurrence_id=occurrences[6], kind=pb.COMPANION_KIND_RIDE, offer=True),
        metadata=world.metadata(peer), timeout=10).id
    return objects


def objects(world: World, scope: str) -> CafeObjects:
    if scope == "missing":
        return CafeObjects(missing_id(), [missing_id()] * 8, missing_id(), missing_id(), missing_id(), missing_id())
    tenant = HOME if scope == "own" else ELSEWHERE
    return world.once(f"events:{tenant}", lambda: _objects(world, tenant))


def _scoped(make):
    return lambda w, p, scope: make(w, p, scope, objects(w, scope))


def _own(make):
    return lambda w, p, scope: make(w, p) if scope == "own" else None


def _withdraw_mine(world: World, persona: Persona, occurrence_id: str) -> None:
    if persona.name not in MEMBERS:
        return
    for ask in cafes(world).ListCompanionRequests(pb.ListCompanionRequestsRequest(), metadata=world.metadata(persona),
                                                  timeout=10).requests:
        if ask.occurrence_id == occurrence_id:
            cafes(world).WithdrawCompanion(pb.WithdrawCompanionRequest(request_id=ask.id),
                                           metadata=world.metadata(persona), timeout=10)


def _ask(world: World, persona: Persona, scope: str, found: CafeObjects) -> pb.AskCompanionRequest:
    if scope == "own":
        _withdraw_mine(world, persona, found.occurrences[3])
    return pb.AskCompanionRequest(occurrence_id=found.occurrences[3], kind=COMPANY)


def _my_ask(world: World, persona: Persona, scope: str, found: CafeObjects) -> pb.WithdrawCompanionRequest:
    if scope == "own" and persona.name in MEMBERS:
        ask = cafes(world).AskCompanion(pb.AskCompanionRequest(occurrence_id=found.occurrences[7], kind=COMPANY),
                                        metadata=world.metadata(persona), timeout=10)
        return pb.WithdrawCompanionRequest(request_id=ask.id)
    return pb.WithdrawCompanionRequest(request_id=found.ask_id)


def _calendar_token(world: World) -> str:
    return world.once("events:calendar", lambda: cafes(world).CreateCalendarToken(
        pb.CreateCalendarTokenRequest(), metadata=world.metadata(world.personas[f"peer@{HOME}"]), timeout=10).token)


def _later(days: int) -> Timestamp:
    return _stamp(datetime.now(UTC).replace(microsecond=0) + timedelta(days=days))


CALLS = {
    "Export": _own(lambda w, p: pb.ExportRequest()),
    "CreateCafe": _own(lambda w, p: pb.CreateCafeRequest(
        title="Assurance café", venue="Assurance hall", recurrence=pb.Recurrence(
            rrule="FREQ=MONTHLY", first_date=(date.today() + timedelta(days=5)).isoformat(), local_time="18:00",
            duration_minutes=90))),
    "UpdateCafe": _scoped(lambda w, p, s, o: pb.UpdateCafeRequest(
        cafe_id=o.cafe_id, title="Assurance café", description="Monthly peer support", venue="Assurance hall")),
    "GetCafe": _scoped(lambda w, p, s, o: pb.GetCafeRequest(cafe_id=o.cafe_id)),
    "ListCafes": _own(lambda w, p: pb.ListCafesRequest()),
    "SetAgenda": _scoped(lambda w, p, s, o: pb.SetAgendaRequest(cafe_id=o.cafe_id, thread_id="")),
    "ListOccurrences": _scoped(lambda w, p, s, o: pb.ListOccurrencesRequest(cafe_id=o.cafe_id)),
    "GetOccurrence": _scoped(lambda w, p, s, o: pb.GetOccurrenceRequest(occurrence_id=o.occurrences[2])),
    "MoveOccurrence": _scoped(lambda w, p, s, o: pb.MoveOccurrenceRequest(
        occurrence_id=o.occurrences[1], starts_at=_later(20))),
    "CancelOccurrence": _scoped(lambda w, p, s, o: pb.CancelOccurrenceRequest(occurrence_id=o.occurrences[0])),
    "Rsvp": _scoped(lambda w, p, s, o: pb.RsvpRequest(occurrence_id=o.occurrences[2], answer=pb.ANSWER_YES)),
    "NotUpToIt": _scoped(lambda w, p, s, o: pb.NotUpToItRequest(occurrence_id=o.occurrences[2])),
    "SetReminders": _scoped(lambda w, p, s, o: pb.SetRemindersRequest(occurrence_id=o.occurrences[2],
                                                                      minutes_before=[1440])),
    "ListAttendees": _scoped(lambda w, p, s, o: pb.ListAttendeesRequest(occurrence_id=o.occurrences[2])),
    "CheckIn": _scoped(lambda w, p, s, o: pb.CheckInRequest(
        occurrence_id=o.occurrences[2], account_id=w.personas[SERVICE_USER].account_id, present=True)),
    "AskCompanion": _scoped(_ask),
    "WithdrawCompanion": _scoped(_my_ask),
    "ListCompanionRequests": _own(lambda w, p: pb.ListCompanionRequestsRequest()),
    "ListMatches": _own(lambda w, p: pb.ListMatchesRequest()),
    "AnswerMatch": _scoped(lambda w, p, s, o: pb.AnswerMatchRequest(match_id=o.proposed_match_id, accept=True)),
    "SetMeetingNote": _scoped(lambda w, p, s, o: pb.SetMeetingNoteRequest(
        match_id=o.confirmed_match_id, place="By the main entrance")),
    "ProposeActivity": _own(lambda w, p: pb.ProposeActivityRequest(
        kind=pb.ACTIVITY_KIND_COFFEE, title="Assurance coffee", place="The library", starts_at=_later(4),
        duration_minutes=60)),
    "ListActivities": _own(lambda w, p: pb.ListActivitiesRequest()),
    "GetActivity": _scoped(lambda w, p, s, o: pb.GetActivityRequest(activity_id=o.activity_id)),
    "GetFigures": lambda w, p, scope: pb.FiguresRequest(
        tenant={"own": "", "other": ELSEWHERE, "missing": "atlantis"}[scope]),
    "CreateCalendarToken": _own(lambda w, p: pb.CreateCalendarTokenRequest()),
    "RevokeCalendarToken": _own(lambda w, p: pb.RevokeCalendarTokenRequest()),
    "GetCalendarFeed": lambda w, p, scope: {"own": lambda: pb.GetCalendarFeedRequest(token=_calendar_token(w)),
                                            "missing": lambda: pb.GetCalendarFeedRequest(token=letters(43))}.get(
        scope, lambda: None)(),
    "DownloadOccurrence": _scoped(lambda w, p, s, o: pb.DownloadOccurrenceRequest(occurrence_id=o.occurrences[2])),
}


def seed_events_canaries(world: World, canaries: CanarySet) -> None:
    """A meeting note of a confirmed match, and a local activity's place and description."""
    ready(world)
    found = objects(world, "own")
    note = canaries.plant("meeting note place", f"Motested {letters(14)}")
    cafes(world).SetMeetingNote(pb.SetMeetingNoteRequest(match_id=found.confirmed_match_id, place=note,
                                                         meet_at=_later(2)),
                                metadata=world.metadata(world.personas[SERVICE_USER]), timeout=10)
    place = canaries.plant("activity place", f"Sted {letters(14)}")
    description = canaries.plant("activity description", f"Beskrivelse {letters(14)}")
    _activity(world, world.metadata(world.personas[f"peer@{HOME}"]), place=place, description=description)


CANARY_SOURCES = [CanarySource("events", "café meeting notes, local activities' places and descriptions",
                               seed_events_canaries)]
