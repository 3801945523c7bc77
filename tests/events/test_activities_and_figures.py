"""Local activities any member proposes, with the cafés' privacy rules; attendance and
the study's figures per tenant and period, k-anonymous for researchers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import grpc
from sqlalchemy import select

from reconnect.cafes.v1 import cafes_pb2 as cpb
from services.events.store import Activity
from tests.conftest import rpc_error, trailer
from tests.events.conftest import EXTRA, published, stamp


def test_members_propose_and_join_local_activities_within_their_municipality(cafes):
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=4)
    activity = cafes.stub.ProposeActivity(cpb.ProposeActivityRequest(
        kind=cpb.ACTIVITY_KIND_WALK, title="Tur rundt vannet", description="Rolig tempo, ta med kaffe",
        place="Parkeringsplassen ved Storvannet", starts_at=stamp(starts), duration_minutes=90, capacity=4,
    ), metadata=cafes.as_("nils"))
    assert activity.mine and activity.occurrence.my_rsvp.answer == cpb.ANSWER_YES
    assert activity.occurrence.starts_at.ToDatetime(UTC) == starts
    joined = cafes.rsvp("nora", activity.occurrence.id, visible=True)
    assert joined.counts.going == 2
    listed = cafes.stub.ListActivities(cpb.ListActivitiesRequest(), metadata=cafes.as_("kafe6")).activities
    mine = [a for a in listed if a.id == activity.id]
    assert mine and not mine[0].mine and mine[0].place == "Parkeringsplassen ved Storvannet"
    seen = cafes.stub.ListAttendees(cpb.ListAttendeesRequest(occurrence_id=activity.occurrence.id), metadata=cafes.as_("kafe6"))
    assert [a.person.account_id for a in seen.attendees] == [cafes.id_of("nora")], "the proposer chose not to be visible"
    assert cafes.stub.ListAttendees(cpb.ListAttendeesRequest(occurrence_id=activity.occurrence.id),
                                    metadata=cafes.as_("mia")).full_list
    with cafes.service.db.transaction() as session:
        row = session.scalar(select(Activity).where(Activity.id == activity.id))
        assert b"Storvannet" not in row.place_sealed
    for outsider in ("siri", "olga"):
        meta = cafes.as_(outsider)
        assert rpc_error(cafes.stub.GetActivity, cpb.GetActivityRequest(activity_id=activity.id),
                         metadata=meta).code() == grpc.StatusCode.NOT_FOUND
        assert rpc_error(cafes.stub.Rsvp, cpb.RsvpRequest(occurrence_id=activity.occurrence.id, answer=cpb.ANSWER_YES),
                         metadata=meta).code() == grpc.StatusCode.NOT_FOUND
        assert activity.id not in [a.id for a in cafes.stub.ListActivities(cpb.ListActivitiesRequest(), metadata=meta).activities]
    past = rpc_error(cafes.stub.ProposeActivity, cpb.ProposeActivityRequest(
        kind=cpb.ACTIVITY_KIND_COFFEE, title="Kaffe", place="Torget", starts_at=stamp(datetime(2020, 1, 1, tzinfo=UTC))),
        metadata=cafes.as_("nora"))
    assert trailer(past, "reconnect-field") == "starts_at"
    no_place = rpc_error(cafes.stub.ProposeActivity, cpb.ProposeActivityRequest(
        kind=cpb.ACTIVITY_KIND_COFFEE, title="Kaffe", starts_at=stamp(starts)), metadata=cafes.as_("nora"))
    assert trailer(no_place, "reconnect-field") == "place"
    moved = cafes.stub.MoveOccurrence(cpb.MoveOccurrenceRequest(occurrence_id=activity.occurrence.id,
                                      starts_at=stamp(starts + timedelta(hours=1))), metadata=cafes.as_("nils"))
    assert moved.status == cpb.OCCURRENCE_STATUS_MOVED
    assert rpc_error(cafes.stub.CancelOccurrence, cpb.CancelOccurrenceRequest(occurrence_id=activity.occurrence.id),
                     metadata=cafes.as_("nora")).code() == grpc.StatusCode.PERMISSION_DENIED


def _figures(cafes, username, tenant="nordvik"):
    request = cpb.FiguresRequest(tenant=tenant, to=stamp(datetime(2026, 3, 1, tzinfo=UTC)))
    getattr(request, "from").CopyFrom(stamp(datetime(2026, 1, 1, tzinfo=UTC)))
    return cafes.stub.GetFigures(request, metadata=cafes.as_(username))


def test_attendance_figures_per_tenant_and_period_with_small_counts_suppressed_for_researchers(cafes):
    cafe = cafes.cafe("mia", rrule="FREQ=MONTHLY;BYDAY=1TU", first=datetime(2026, 1, 6, tzinfo=UTC))
    january, february, march = cafes.occurrences(cafe.id, start=datetime(2026, 1, 1, tzinfo=UTC),
                                                 end=datetime(2026, 4, 1, tzinfo=UTC))
    for occurrence, people in ((january, EXTRA[:5]), (february, EXTRA[3:6]), (march, EXTRA[:7])):
        for username in people:
            cafes.stub.CheckIn(cpb.CheckInRequest(occurrence_id=occurrence.id, account_id=cafes.id_of(username),
                                                  present=True), metadata=cafes.as_("mia"))
    admin = _figures(cafes, "admin.nordvik")
    assert (admin.meetings_held, admin.attendances, admin.members_attended) == (2, 8, 6)
    assert (admin.min_attendees_per_meeting, admin.max_attendees_per_meeting) == (3, 5)
    assert list(admin.attendees_per_meeting) == [5, 3]
    researcher = _figures(cafes, "forsker.kafe")
    assert (researcher.meetings_held, researcher.attendances, researcher.members_attended) == (-1, 8, 6)
    assert (researcher.min_attendees_per_meeting, researcher.max_attendees_per_meeting) == (-1, 5)
    assert list(researcher.attendees_per_meeting) == [5, -1]
    assert _figures(cafes, "forsker.kafe", tenant="sorby").meetings_held == -1
    assert rpc_error(_figures, cafes, "admin.sorby").code() == grpc.StatusCode.NOT_FOUND
    assert rpc_error(_figures, cafes, "nora").code() == grpc.StatusCode.PERMISSION_DENIED
    assert rpc_error(_figures, cafes, "mia").code() == grpc.StatusCode.PERMISSION_DENIED


def test_events_carry_ids_never_names_venues_or_notes(cafes):
    canaries = [b"Fugl", b"Nora K.", b"Bussholdeplassen", b"Storvannet", b"Frivilligsentralen", b"Kalenderkaf"]
    messages = [event for name in ("cafe_scheduled", "occurrence_changed", "rsvp_changed", "waitlist_promoted",
                                   "match_made", "reminder_due")
                for event, _ in published(cafes.nats_url, f"events.{name}", object_for(name))]
    assert messages
    for event in messages:
        data = event.SerializeToString()
        assert not any(c in data for c in canaries), event.type


def object_for(name: str):
    from reconnect.events.v1 import cafes_pb2 as evpb

    return {"cafe_scheduled": evpb.CafeScheduled, "occurrence_changed": evpb.OccurrenceChanged,
            "rsvp_changed": evpb.RsvpChanged, "waitlist_promoted": evpb.WaitlistPromoted,
            "match_made": evpb.MatchMade, "reminder_due": evpb.ReminderDue}[name]
