"""The gRPC face of the events service: proto in, proto out. Rules live in domain.py."""

from __future__ import annotations

from google.protobuf.timestamp_pb2 import Timestamp

from reconnect.cafes.v1 import cafes_pb2 as pb
from reconnect.cafes.v1 import cafes_pb2_grpc
from services.events import export as events_export
from services.events import recurrence
from services.events.domain import (
    ActivityView,
    AttendeeView,
    CafeInput,
    Cafes,
    CafeView,
    MatchView,
    OccurrenceView,
)
from services.events.store import CompanionAsk
from services.kit import auth
from services.kit.db import as_utc
from services.kit.directory import Name
from services.kit.proto_time import moment_of, timestamp

SERVICE_NAME = pb.DESCRIPTOR.services_by_name["CafeService"].full_name
# The feed is fetched by calendar apps, which carry no sign-in: the secret token is the key.
PUBLIC_METHODS: frozenset[str] = frozenset({f"/{SERVICE_NAME}/GetCalendarFeed"})

_ANSWER_TO_PB = {"yes": pb.ANSWER_YES, "maybe": pb.ANSWER_MAYBE, "no": pb.ANSWER_NO}
_ANSWER_FROM_PB = {v: k for k, v in _ANSWER_TO_PB.items()}
_STATUS_TO_PB = {"scheduled": pb.OCCURRENCE_STATUS_SCHEDULED, "moved": pb.OCCURRENCE_STATUS_MOVED,
                 "cancelled": pb.OCCURRENCE_STATUS_CANCELLED}
_KIND_TO_PB = {"company": pb.COMPANION_KIND_COMPANY, "ride": pb.COMPANION_KIND_RIDE}
_KIND_FROM_PB = {v: k for k, v in _KIND_TO_PB.items()}
_MATCH_TO_PB = {"proposed": pb.MATCH_STATUS_PROPOSED, "confirmed": pb.MATCH_STATUS_CONFIRMED,
                "declined": pb.MATCH_STATUS_DECLINED}
_ACTIVITY_TO_PB = {"coffee": pb.ACTIVITY_KIND_COFFEE, "walk": pb.ACTIVITY_KIND_WALK,
                   "volunteering": pb.ACTIVITY_KIND_VOLUNTEERING, "other": pb.ACTIVITY_KIND_OTHER}
_ACTIVITY_FROM_PB = {v: k for k, v in _ACTIVITY_TO_PB.items()}
ICS_TYPE = "text/calendar; charset=utf-8"


def person_pb(account_id: str, name: Name | None) -> pb.Person:
    name = name or Name("", "")
    return pb.Person(account_id=account_id, pseudonym=name.pseudonym, revealed_name=name.revealed_name)


def cafe_pb(view: CafeView) -> pb.Cafe:
    cafe = view.cafe
    return pb.Cafe(
        id=cafe.id, tenant=cafe.tenant, title=cafe.title, description=cafe.description, venue=cafe.venue,
        accessibility_notes=cafe.accessibility_notes, transport_notes=cafe.transport_notes, capacity=cafe.capacity,
        recurrence=pb.Recurrence(rrule=cafe.rrule, first_date=cafe.first_date, local_time=cafe.local_time,
                                 duration_minutes=cafe.duration_minutes, time_zone=cafe.time_zone),
        moderator_ids=view.moderator_ids, agenda_thread_id=cafe.agenda_thread_id or "", i_moderate=view.i_moderate,
        created_at=timestamp(cafe.created_at),
    )


def occurrence_pb(view: OccurrenceView) -> pb.Occurrence:
    occurrence = view.occurrence
    rsvp = view.my_rsvp
    return pb.Occurrence(
        id=occurrence.id, cafe_id=occurrence.cafe_id or "", activity_id=occurrence.activity_id or "",
        tenant=occurrence.tenant, title=view.title, starts_at=timestamp(occurrence.starts_at), ends_at=timestamp(occurrence.ends_at),
        local_start=recurrence.local_label(as_utc(occurrence.starts_at), view.time_zone) if view.time_zone else "",
        time_zone=view.time_zone, venue=view.venue, status=_STATUS_TO_PB[occurrence.status],
        capacity=occurrence.capacity,
        counts=pb.Counts(going=view.counts.going, maybe=view.counts.maybe, waitlisted=view.counts.waitlisted),
        my_rsvp=pb.MyRsvp(
            answer=_ANSWER_TO_PB[rsvp.answer] if rsvp else pb.ANSWER_UNSPECIFIED,
            waitlisted=bool(rsvp and rsvp.waitlisted), waitlist_position=view.waitlist_position,
            visible=bool(rsvp and rsvp.visible), reminder_minutes_before=view.reminders,
        ),
        agenda_thread_id=occurrence.agenda_thread_id or view.cafe_agenda, i_moderate=view.i_moderate,
    )


def attendee_pb(view: AttendeeView) -> pb.Attendee:
    return pb.Attendee(
        person=person_pb(view.account_id, view.name), answer=_ANSWER_TO_PB.get(view.answer, pb.ANSWER_UNSPECIFIED),
        waitlisted=view.waitlisted, waitlist_position=view.waitlist_position, visible=view.visible,
        checked_in=view.checked_in,
    )


def ask_pb(ask: CompanionAsk) -> pb.CompanionRequest:
    return pb.CompanionRequest(id=ask.id, occurrence_id=ask.occurrence_id, kind=_KIND_TO_PB[ask.kind], offer=ask.offer,
                               open=ask.status == "open")


def match_pb(view: MatchView) -> pb.Match:
    match = view.match
    reply = pb.Match(id=match.id, occurrence_id=match.occurrence_id, kind=_KIND_TO_PB[match.kind],
                     status=_MATCH_TO_PB[match.status], i_offer=view.i_offer, i_accepted=view.i_accepted)
    if view.partner_id:
        reply.partner.CopyFrom(person_pb(view.partner_id, view.partner))
        reply.partner_offers = view.partner_offers
        if view.note_place:
            reply.note.CopyFrom(pb.MeetingNote(place=view.note_place, meet_at=timestamp(view.note_at), updated_by=view.note_by))
    return reply


def activity_pb(view: ActivityView) -> pb.Activity:
    activity = view.activity
    return pb.Activity(id=activity.id, tenant=activity.tenant, kind=_ACTIVITY_TO_PB[activity.kind], title=activity.title,
                       description=view.description, place=view.place, occurrence=occurrence_pb(view.occurrence),
                       mine=view.mine, created_at=timestamp(activity.created_at))


def _cafe_input(request) -> CafeInput:
    return CafeInput(request.title, request.description, request.venue, request.accessibility_notes,
                     request.transport_notes, request.capacity, list(request.moderator_ids))


class CafeApi(cafes_pb2_grpc.CafeServiceServicer):
    def __init__(self, cafes: Cafes):
        self.cafes = cafes

    def CreateCafe(self, request, context):
        r = request.recurrence
        return cafe_pb(self.cafes.create_cafe(auth.require_caller(), _cafe_input(request), r.rrule, r.first_date,
                                              r.local_time, r.duration_minutes, r.time_zone, request.agenda_thread_id))

    def UpdateCafe(self, request, context):
        return cafe_pb(self.cafes.update_cafe(auth.require_caller(), request.cafe_id, _cafe_input(request)))

    def GetCafe(self, request, context):
        return cafe_pb(self.cafes.get_cafe(auth.require_caller(), request.cafe_id))

    def ListCafes(self, request, context):
        return pb.ListCafesResponse(cafes=[cafe_pb(v) for v in self.cafes.list_cafes(auth.require_caller())])

    def SetAgenda(self, request, context):
        return cafe_pb(self.cafes.set_agenda(auth.require_caller(), request.cafe_id, request.occurrence_id,
                                             request.thread_id))

    def ListOccurrences(self, request, context):
        views = self.cafes.list_occurrences(auth.require_caller(), request.cafe_id, moment_of(getattr(request, "from")),
                                            moment_of(request.to))
        return pb.ListOccurrencesResponse(occurrences=[occurrence_pb(v) for v in views])

    def GetOccurrence(self, request, context):
        view = self.cafes.get_occurrence(auth.require_caller(), request.occurrence_id)
        return occurrence_pb(view)

    def MoveOccurrence(self, request, context):
        view = self.cafes.move_occurrence(auth.require_caller(), request.occurrence_id, moment_of(request.starts_at),
                                          request.duration_minutes, request.venue)
        return occurrence_pb(view)

    def CancelOccurrence(self, request, context):
        view = self.cafes.cancel_occurrence(auth.require_caller(), request.occurrence_id)
        return occurrence_pb(view)

    def Rsvp(self, request, context):
        view = self.cafes.rsvp(auth.require_caller(), request.occurrence_id, _ANSWER_FROM_PB.get(request.answer, ""),
                               request.visible)
        return occurrence_pb(view)

    def NotUpToIt(self, request, context):
        view = self.cafes.not_up_to_it(auth.require_caller(), request.occurrence_id)
        return occurrence_pb(view)

    def SetReminders(self, request, context):
        view = self.cafes.set_reminders(auth.require_caller(), request.occurrence_id, list(request.minutes_before))
        return occurrence_pb(view)

    def ListAttendees(self, request, context):
        counts, attendees, full = self.cafes.attendees(auth.require_caller(), request.occurrence_id)
        return pb.ListAttendeesResponse(
            counts=pb.Counts(going=counts.going, maybe=counts.maybe, waitlisted=counts.waitlisted),
            attendees=[attendee_pb(a) for a in attendees], full_list=full)

    def CheckIn(self, request, context):
        count = self.cafes.check_in(auth.require_caller(), request.occurrence_id, request.account_id, request.present)
        return pb.CheckInResponse(checked_in=count)

    def AskCompanion(self, request, context):
        return ask_pb(self.cafes.ask_companion(auth.require_caller(), request.occurrence_id,
                                               _KIND_FROM_PB.get(request.kind, ""), request.offer))

    def WithdrawCompanion(self, request, context):
        self.cafes.withdraw_companion(auth.require_caller(), request.request_id)
        return pb.WithdrawCompanionResponse()

    def ListCompanionRequests(self, request, context):
        return pb.ListCompanionRequestsResponse(
            requests=[ask_pb(a) for a in self.cafes.companion_requests(auth.require_caller())])

    def ListMatches(self, request, context):
        return pb.ListMatchesResponse(matches=[match_pb(m) for m in self.cafes.matches(auth.require_caller())])

    def AnswerMatch(self, request, context):
        return match_pb(self.cafes.answer_match(auth.require_caller(), request.match_id, request.accept))

    def SetMeetingNote(self, request, context):
        return match_pb(self.cafes.set_meeting_note(auth.require_caller(), request.match_id, request.place,
                                                    moment_of(request.meet_at)))

    def ProposeActivity(self, request, context):
        return activity_pb(self.cafes.propose_activity(
            auth.require_caller(), _ACTIVITY_FROM_PB.get(request.kind, ""), request.title, request.description,
            request.place, moment_of(request.starts_at), request.duration_minutes, request.capacity, request.visible))

    def ListActivities(self, request, context):
        views = self.cafes.list_activities(auth.require_caller(), moment_of(getattr(request, "from")), moment_of(request.to))
        return pb.ListActivitiesResponse(activities=[activity_pb(v) for v in views])

    def GetActivity(self, request, context):
        return activity_pb(self.cafes.get_activity(auth.require_caller(), request.activity_id))

    def GetFigures(self, request, context):
        f = self.cafes.figures(auth.require_caller(), request.tenant, moment_of(getattr(request, "from")), moment_of(request.to))
        return pb.Figures(tenant=f.tenant, meetings_held=f.meetings_held, attendances=f.attendances,
                          members_attended=f.members_attended, min_attendees_per_meeting=f.min_per_meeting,
                          max_attendees_per_meeting=f.max_per_meeting, attendees_per_meeting=f.per_meeting,
                          activities_held=f.activities_held)

    def CreateCalendarToken(self, request, context):
        token, created = self.cafes.create_calendar_token(auth.require_caller())
        return pb.CalendarToken(token=token, created_at=timestamp(created))

    def RevokeCalendarToken(self, request, context):
        self.cafes.revoke_calendar_token(auth.require_caller())
        return pb.RevokeCalendarTokenResponse()

    def GetCalendarFeed(self, request, context):
        return pb.IcsFile(filename="reconnect.ics", content_type=ICS_TYPE, ics=self.cafes.calendar_feed(request.token))

    def DownloadOccurrence(self, request, context):
        text, filename = self.cafes.occurrence_ics(auth.require_caller(), request.occurrence_id)
        return pb.IcsFile(filename=filename, content_type=ICS_TYPE, ics=text)

    # -- the personal data export -----------------------------------------------------------

    def Export(self, request, context):
        # Anyone signed in may ask; only rows of the token's own account are read.
        document = events_export.export(self.cafes, auth.require_caller())
        generated = Timestamp()
        generated.GetCurrentTime()
        return pb.ExportResponse(json=document, generated_at=generated)
