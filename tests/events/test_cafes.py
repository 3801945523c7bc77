"""Café series: recurrence in local time across daylight saving, validation naming the
field with nothing half-written, who sees what, moving and cancelling a meeting, the
agenda link, and calendars."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import grpc
import icalendar
from sqlalchemy import func, select

from reconnect.cafes.v1 import cafes_pb2 as cpb
from reconnect.events.v1 import cafes_pb2 as evpb
from reconnect.identity.v1 import identity_pb2 as ipb
from services.events import recurrence
from services.events.store import Cafe, Occurrence, Reminder
from tests.conftest import rpc_error, trailer, wait_for
from tests.events.conftest import published, stamp


def test_first_tuesday_stays_at_18_local_across_the_2026_daylight_saving_changes(cafes):
    cafe = cafes.cafe("admin.nordvik", rrule="FREQ=MONTHLY;BYDAY=1TU", first=datetime(2026, 1, 6, tzinfo=UTC),
                      time_zone="Europe/Oslo", moderator_ids=[cafes.id_of("mia")])
    found = cafes.occurrences(cafe.id, start=datetime(2026, 1, 1, tzinfo=UTC), end=datetime(2027, 1, 1, tzinfo=UTC))
    starts = [o.starts_at.ToDatetime(UTC) for o in found]
    assert [s.date() for s in starts] == [
        date(2026, 1, 6), date(2026, 2, 3), date(2026, 3, 3), date(2026, 4, 7), date(2026, 5, 5), date(2026, 6, 2),
        date(2026, 7, 7), date(2026, 8, 4), date(2026, 9, 1), date(2026, 10, 6), date(2026, 11, 3), date(2026, 12, 1),
    ]
    # Summer time (CEST, UTC+2) runs from 29 March to 25 October 2026.
    for start in starts:
        summer = datetime(2026, 3, 29, 1, tzinfo=UTC) <= start < datetime(2026, 10, 25, 1, tzinfo=UTC)
        assert start.time() == (time(16, 0) if summer else time(17, 0)), start
    assert {o.local_start[-5:] for o in found} == {"18:00"}
    assert all(o.time_zone == "Europe/Oslo" for o in found)


def test_a_weekly_rule_keeps_its_wall_clock_time_on_the_night_of_the_change():
    rule = recurrence.parse("FREQ=WEEKLY;BYDAY=SU", "2026-03-22", "18:00", "Europe/Oslo")
    spring = rule.between(datetime(2026, 3, 20, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
    assert spring == [datetime(2026, 3, 22, 17, tzinfo=UTC), datetime(2026, 3, 29, 16, tzinfo=UTC)]
    autumn = rule.between(datetime(2026, 10, 17, tzinfo=UTC), datetime(2026, 11, 2, tzinfo=UTC))
    assert autumn == [datetime(2026, 10, 18, 16, tzinfo=UTC), datetime(2026, 10, 25, 17, tzinfo=UTC),
                      datetime(2026, 11, 1, 17, tzinfo=UTC)]


def _count(cafes, model) -> int:
    with cafes.service.db.transaction() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_bad_input_names_the_field_and_writes_nothing(cafes):
    before = (_count(cafes, Cafe), _count(cafes, Occurrence))
    cases = [
        ({"rrule": "FREQ=SOMETIMES"}, "recurrence.rrule"),
        ({"rrule": "FREQ=MINUTELY"}, "recurrence.rrule"),
        ({"rrule": "FREQ=DAILY;BYHOUR=3"}, "recurrence.rrule"),
        ({"first_date": "3 March"}, "recurrence.first_date"),
        ({"first_date": "2019-01-01"}, "recurrence.first_date"),
        ({"local_time": "25:00"}, "recurrence.local_time"),
        ({"time_zone": "Mars/Olympus"}, "recurrence.time_zone"),
        ({"duration_minutes": 5}, "recurrence.duration_minutes"),
        ({"capacity": -1}, "capacity"),
        ({"venue": " "}, "venue"),
        ({"title": "x"}, "title"),
        ({"moderator_ids": ["00000000-0000-0000-0000-000000000000"]}, "moderator_ids"),
    ]
    for change, field_name in cases:
        recurrence_fields = {"rrule": "FREQ=WEEKLY", "first_date": (datetime.now(UTC) + timedelta(days=3)).date().isoformat(),
                             "local_time": "18:00", "duration_minutes": 120, "time_zone": ""}
        top = {"title": "Kafé", "venue": "Biblioteket", "capacity": 10, "moderator_ids": []}
        for key, value in change.items():
            (recurrence_fields if key in recurrence_fields else top)[key] = value
        request = cpb.CreateCafeRequest(recurrence=cpb.Recurrence(**recurrence_fields), **top)
        error = rpc_error(cafes.stub.CreateCafe, request, metadata=cafes.as_("admin.nordvik"))
        assert error.code() == grpc.StatusCode.INVALID_ARGUMENT, change
        assert trailer(error, "reconnect-field") == field_name, change
    assert (_count(cafes, Cafe), _count(cafes, Occurrence)) == before
    occurrence = cafes.occurrences(cafes.cafe().id)[0]
    bad_answer = rpc_error(cafes.stub.Rsvp, cpb.RsvpRequest(occurrence_id=occurrence.id), metadata=cafes.as_("nora"))
    assert trailer(bad_answer, "reconnect-field") == "answer"
    bad_reminder = rpc_error(cafes.stub.SetReminders, cpb.SetRemindersRequest(occurrence_id=occurrence.id,
                             minutes_before=[1440, 1]), metadata=cafes.as_("nora"))
    assert trailer(bad_reminder, "reconnect-field") == "minutes_before"
    mine = cafes.stub.GetOccurrence(cpb.GetOccurrenceRequest(occurrence_id=occurrence.id), metadata=cafes.as_("nora"))
    assert list(mine.my_rsvp.reminder_minutes_before) == [], "nothing half-written"


def test_who_may_create_and_manage_cafes(cafes):
    error = rpc_error(cafes.stub.CreateCafe, cpb.CreateCafeRequest(title="Min kafé"), metadata=cafes.as_("nora"))
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    cafe = cafes.cafe("mia")
    assert cafe.i_moderate and cafes.id_of("mia") in cafe.moderator_ids and cafe.recurrence.time_zone == "Europe/Oslo"
    update = cpb.UpdateCafeRequest(cafe_id=cafe.id, title="Ny tittel", venue="Biblioteket")
    assert rpc_error(cafes.stub.UpdateCafe, update, metadata=cafes.as_("nils")).code() == grpc.StatusCode.PERMISSION_DENIED
    assert cafes.stub.UpdateCafe(update, metadata=cafes.as_("admin.nordvik")).title == "Ny tittel"
    wait_for(lambda: [p for _, p in published(cafes.nats_url, "events.cafe_scheduled", evpb.CafeScheduled)
                      if p.cafe_id == cafe.id], message="cafe_scheduled published")


def test_another_municipality_cannot_see_or_join_a_cafe(cafes):
    cafe = cafes.cafe()
    occurrence = cafes.occurrences(cafe.id)[0]
    for outsider in ("siri", "olga", "admin.sorby"):
        meta = cafes.as_(outsider)
        calls = [
            (cafes.stub.GetCafe, cpb.GetCafeRequest(cafe_id=cafe.id)),
            (cafes.stub.ListOccurrences, cpb.ListOccurrencesRequest(cafe_id=cafe.id)),
            (cafes.stub.GetOccurrence, cpb.GetOccurrenceRequest(occurrence_id=occurrence.id)),
            (cafes.stub.Rsvp, cpb.RsvpRequest(occurrence_id=occurrence.id, answer=cpb.ANSWER_YES)),
            (cafes.stub.ListAttendees, cpb.ListAttendeesRequest(occurrence_id=occurrence.id)),
            (cafes.stub.AskCompanion, cpb.AskCompanionRequest(occurrence_id=occurrence.id, kind=cpb.COMPANION_KIND_COMPANY)),
            (cafes.stub.DownloadOccurrence, cpb.DownloadOccurrenceRequest(occurrence_id=occurrence.id)),
            (cafes.stub.SetReminders, cpb.SetRemindersRequest(occurrence_id=occurrence.id, minutes_before=[60])),
            (cafes.stub.UpdateCafe, cpb.UpdateCafeRequest(cafe_id=cafe.id, title="Overtatt", venue="Her")),
            (cafes.stub.CancelOccurrence, cpb.CancelOccurrenceRequest(occurrence_id=occurrence.id)),
        ]
        for call, request in calls:
            assert rpc_error(call, request, metadata=meta).code() == grpc.StatusCode.NOT_FOUND, (outsider, call)
        assert cafe.id not in [c.id for c in cafes.stub.ListCafes(cpb.ListCafesRequest(), metadata=meta).cafes]
        listed = cafes.stub.ListOccurrences(cpb.ListOccurrencesRequest(), metadata=meta).occurrences
        assert occurrence.id not in [o.id for o in listed]


def test_members_see_counts_and_visible_attendees_moderators_everyone_admins_no_names(cafes):
    cafe = cafes.cafe("admin.nordvik", moderator_ids=[cafes.id_of("mia")])
    occurrence = cafes.occurrences(cafe.id)[0]
    cafes.rsvp("nora", occurrence.id, visible=True)
    cafes.rsvp("nils", occurrence.id, visible=False)
    cafes.rsvp("kafe1", occurrence.id, answer=cpb.ANSWER_MAYBE, visible=False)
    # Nora reveals her café name to Nameless only.
    cafes.identity.stub.RevealTo(ipb.RevealToRequest(viewer_id=cafes.id_of("nameless"),
                                                     name_kind=ipb.REVEALED_NAME_KIND_CAFE_NAME, cafe_name="Nora K."),
                                 metadata=cafes.as_("nora"))
    member = cafes.stub.ListAttendees(cpb.ListAttendeesRequest(occurrence_id=occurrence.id), metadata=cafes.as_("nameless"))
    assert (member.counts.going, member.counts.maybe) == (2, 1) and not member.full_list
    assert [(a.person.account_id, a.person.pseudonym, a.person.revealed_name) for a in member.attendees] == [
        (cafes.id_of("nora"), "Nora Fugl", "Nora K.")]
    other = cafes.stub.ListAttendees(cpb.ListAttendeesRequest(occurrence_id=occurrence.id), metadata=cafes.as_("kafe2"))
    assert [a.person.revealed_name for a in other.attendees] == [""], "revealed to Nameless only"
    moderator = cafes.stub.ListAttendees(cpb.ListAttendeesRequest(occurrence_id=occurrence.id), metadata=cafes.as_("mia"))
    assert moderator.full_list
    assert {a.person.account_id for a in moderator.attendees} == {cafes.id_of(u) for u in ("nora", "nils", "kafe1")}
    assert all(a.person.pseudonym for a in moderator.attendees)
    admin = cafes.stub.ListAttendees(cpb.ListAttendeesRequest(occurrence_id=occurrence.id), metadata=cafes.as_("admin.nordvik"))
    assert admin.counts.going == 2 and list(admin.attendees) == [] and not admin.full_list
    checked = cafes.stub.CheckIn(cpb.CheckInRequest(occurrence_id=occurrence.id, account_id=cafes.id_of("nils"), present=True),
                                 metadata=cafes.as_("mia"))
    assert checked.checked_in == 1
    denied = rpc_error(cafes.stub.CheckIn, cpb.CheckInRequest(occurrence_id=occurrence.id, account_id=cafes.id_of("nils"),
                       present=True), metadata=cafes.as_("admin.nordvik"))
    assert denied.code() == grpc.StatusCode.PERMISSION_DENIED


def test_moving_and_cancelling_a_meeting_tells_its_attendees(cafes):
    cafe = cafes.cafe("mia")
    first, second = cafes.occurrences(cafe.id)[:2]
    cafes.rsvp("nora", first.id)
    cafes.stub.SetReminders(cpb.SetRemindersRequest(occurrence_id=first.id, minutes_before=[1440, 120]),
                            metadata=cafes.as_("nora"))
    new_start = first.starts_at.ToDatetime(UTC) + timedelta(hours=1)
    moved = cafes.stub.MoveOccurrence(cpb.MoveOccurrenceRequest(occurrence_id=first.id, starts_at=stamp(new_start),
                                                                venue="Biblioteket"), metadata=cafes.as_("mia"))
    assert moved.status == cpb.OCCURRENCE_STATUS_MOVED and moved.venue == "Biblioteket"
    assert moved.starts_at.ToDatetime(UTC) == new_start
    with cafes.service.db.transaction() as session:
        dues = sorted(r.due_at.replace(tzinfo=UTC) if r.due_at.tzinfo is None else r.due_at
                      for r in session.scalars(select(Reminder).where(Reminder.occurrence_id == first.id)))
    assert dues == [new_start - timedelta(minutes=1440), new_start - timedelta(minutes=120)]
    assert rpc_error(cafes.stub.MoveOccurrence, cpb.MoveOccurrenceRequest(occurrence_id=first.id, starts_at=stamp(new_start)),
                     metadata=cafes.as_("nora")).code() == grpc.StatusCode.PERMISSION_DENIED
    cancelled = cafes.stub.CancelOccurrence(cpb.CancelOccurrenceRequest(occurrence_id=second.id),
                                            metadata=cafes.as_("admin.nordvik"))
    assert cancelled.status == cpb.OCCURRENCE_STATUS_CANCELLED
    late = rpc_error(cafes.stub.Rsvp, cpb.RsvpRequest(occurrence_id=second.id, answer=cpb.ANSWER_YES), metadata=cafes.as_("nils"))
    assert late.code() == grpc.StatusCode.FAILED_PRECONDITION

    def changes():
        return {p.occurrence_id: p for _, p in published(cafes.nats_url, "events.occurrence_changed", evpb.OccurrenceChanged)
                if p.occurrence_id in (first.id, second.id)}

    found = wait_for(lambda: len(changes()) == 2 and changes())
    assert found[first.id].change == evpb.OccurrenceChanged.CHANGE_MOVED
    assert set(found[first.id].audience_ids) == {cafes.id_of("nora"), cafes.id_of("mia")}
    assert found[second.id].change == evpb.OccurrenceChanged.CHANGE_CANCELLED


def test_a_cafe_links_the_moderators_exercise_thread(cafes):
    cafe = cafes.cafe("mia")
    thread_id = "6f1c2e7a-0000-4000-8000-000000000001"
    assert cafes.stub.SetAgenda(cpb.SetAgendaRequest(cafe_id=cafe.id, thread_id=thread_id),
                                metadata=cafes.as_("mia")).agenda_thread_id == thread_id
    occurrences = cafes.occurrences(cafe.id)
    assert {o.agenda_thread_id for o in occurrences} == {thread_id}
    special = "6f1c2e7a-0000-4000-8000-000000000002"
    cafes.stub.SetAgenda(cpb.SetAgendaRequest(cafe_id=cafe.id, occurrence_id=occurrences[1].id, thread_id=special),
                         metadata=cafes.as_("mia"))
    assert [o.agenda_thread_id for o in cafes.occurrences(cafe.id)][:3] == [thread_id, special, thread_id]
    denied = rpc_error(cafes.stub.SetAgenda, cpb.SetAgendaRequest(cafe_id=cafe.id, thread_id=special), metadata=cafes.as_("nora"))
    assert denied.code() == grpc.StatusCode.PERMISSION_DENIED


def test_calendar_feed_behind_a_secret_revocable_token_and_single_downloads(cafes):
    cafe = cafes.cafe("mia", title="Kalenderkafé", venue="Torget 1")
    first, second, third = cafes.occurrences(cafe.id)[:3]
    cafes.rsvp("nils", first.id)
    cafes.rsvp("nils", second.id, answer=cpb.ANSWER_MAYBE)
    cafes.rsvp("nils", third.id, answer=cpb.ANSWER_NO)
    cafes.stub.CancelOccurrence(cpb.CancelOccurrenceRequest(occurrence_id=second.id), metadata=cafes.as_("mia"))
    token = cafes.stub.CreateCalendarToken(cpb.CreateCalendarTokenRequest(), metadata=cafes.as_("nils")).token
    feed = cafes.stub.GetCalendarFeed(cpb.GetCalendarFeedRequest(token=token))  # no sign-in: the token is the key
    assert feed.content_type.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(feed.ics)
    found = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert first.id in found and second.id in found and third.id not in found
    assert found[first.id]["SUMMARY"] == "Kalenderkafé" and found[first.id]["LOCATION"] == "Torget 1"
    assert found[first.id].decoded("DTSTART") == first.starts_at.ToDatetime(UTC)
    assert str(found[second.id]["STATUS"]) == "CANCELLED"
    assert "ATTENDEE" not in found[first.id]
    renewed = cafes.stub.CreateCalendarToken(cpb.CreateCalendarTokenRequest(), metadata=cafes.as_("nils")).token
    gone = rpc_error(cafes.stub.GetCalendarFeed, cpb.GetCalendarFeedRequest(token=token))
    assert gone.code() == grpc.StatusCode.NOT_FOUND, "a new token revokes the old"
    cafes.stub.RevokeCalendarToken(cpb.RevokeCalendarTokenRequest(), metadata=cafes.as_("nils"))
    assert rpc_error(cafes.stub.GetCalendarFeed, cpb.GetCalendarFeedRequest(token=renewed)).code() == grpc.StatusCode.NOT_FOUND
    single = cafes.stub.DownloadOccurrence(cpb.DownloadOccurrenceRequest(occurrence_id=third.id), metadata=cafes.as_("nora"))
    events = icalendar.Calendar.from_ical(single.ics).walk("VEVENT")
    assert len(events) == 1 and events[0].decoded("DTEND") == third.ends_at.ToDatetime(UTC)
    assert single.filename.endswith(".ics")
