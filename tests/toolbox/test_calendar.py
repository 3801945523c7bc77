"""The activity plan: repeats, marking done, and the private iCalendar feed behind a
secret, revocable URL (parsed back with the same ``icalendar`` library)."""

from __future__ import annotations

from datetime import date, datetime

import grpc
import icalendar
import pytest

from reconnect.toolbox.v1 import toolbox_pb2 as tpb
from services.toolbox import calendar
from tests.conftest import rpc_error, trailer


def _ics(toolbox, token: str) -> icalendar.Calendar:
    # No sign-in: calendar apps fetch the feed with nothing but the URL.
    return icalendar.Calendar.from_ical(toolbox.stub.GetCalendar(tpb.GetCalendarRequest(token=token)).ics)


def test_the_feed_parses_and_stops_when_revoked(toolbox):
    user = toolbox.person()
    s, md = toolbox.stub, user.metadata
    walk = s.CreateActivity(tpb.CreateActivityRequest(activity=tpb.ActivityInput(
        title="Gåtur med Kari", notes="Ta med kaffe", starts_on="2030-03-04", start_time="18:30", duration_minutes=45,
        repeat="weekly", repeat_until="2030-05-27")), metadata=md)
    cafe = s.CreateActivity(tpb.CreateActivityRequest(activity=tpb.ActivityInput(
        title="ReConnect-kafé", starts_on="2030-03-12", repeat="monthly")), metadata=md)
    feed = s.CreateCalendarFeed(tpb.CreateCalendarFeedRequest(show_titles=True), metadata=md)
    assert len(feed.token) >= 40

    cal = _ics(toolbox, feed.token)
    found = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert set(found) == {f"{walk.id}@toolbox.reconnect", f"{cafe.id}@toolbox.reconnect"}
    event = found[f"{walk.id}@toolbox.reconnect"]
    assert str(event["summary"]) == "Gåtur med Kari" and str(event["description"]) == "Ta med kaffe"
    start = event.decoded("dtstart")
    assert (start.replace(tzinfo=None), str(start.tzinfo)) == (datetime(2030, 3, 4, 18, 30), "Europe/Oslo")
    assert (event.decoded("dtend") - start).total_seconds() == 45 * 60
    assert event["rrule"]["FREQ"] == ["WEEKLY"] and event["rrule"]["UNTIL"]
    all_day = found[f"{cafe.id}@toolbox.reconnect"]
    assert all_day.decoded("dtstart") == date(2030, 3, 12) and all_day["rrule"]["FREQ"] == ["MONTHLY"]
    assert cal.walk("VTIMEZONE"), "times carry their zone"

    # Revoked: the URL answers "not found", like one that never existed.
    revoked = s.RevokeCalendarFeed(tpb.RevokeCalendarFeedRequest(id=feed.id), metadata=md)
    assert revoked.HasField("revoked_at") and revoked.token == ""
    error = rpc_error(s.GetCalendar, tpb.GetCalendarRequest(token=feed.token))
    assert error.code() == grpc.StatusCode.NOT_FOUND and trailer(error, "reconnect-field") == "token"
    for bad in ("", "x", feed.token[:-1], "a" * 500):
        assert rpc_error(s.GetCalendar, tpb.GetCalendarRequest(token=bad)).code() == grpc.StatusCode.NOT_FOUND


def test_a_new_feed_replaces_the_old_and_titles_are_hidden_by_default(toolbox):
    user = toolbox.person()
    s, md = toolbox.stub, user.metadata
    s.CreateActivity(tpb.CreateActivityRequest(activity=tpb.ActivityInput(
        title="Time hos psykolog", notes="Rom 3", starts_on="2030-04-01", start_time="09:00")), metadata=md)
    first = s.CreateCalendarFeed(tpb.CreateCalendarFeedRequest(show_titles=True), metadata=md)
    second = s.CreateCalendarFeed(tpb.CreateCalendarFeedRequest(), metadata=md)
    assert rpc_error(s.GetCalendar, tpb.GetCalendarRequest(token=first.token)).code() == grpc.StatusCode.NOT_FOUND
    events = _ics(toolbox, second.token).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["ReConnect"] and "description" not in events[0]
    feeds = s.ListCalendarFeeds(tpb.ListCalendarFeedsRequest(), metadata=md).feeds
    assert [(f.id, f.HasField("revoked_at"), f.token) for f in feeds] == [(second.id, False, ""), (first.id, True, "")]
    # Another person cannot revoke it.
    other = toolbox.person()
    error = rpc_error(s.RevokeCalendarFeed, tpb.RevokeCalendarFeedRequest(id=second.id), metadata=other.metadata)
    assert error.code() == grpc.StatusCode.NOT_FOUND
    assert _ics(toolbox, second.token).walk("VEVENT")


def test_occurrences_and_marking_done(toolbox):
    user = toolbox.person()
    s, md = toolbox.stub, user.metadata
    goal = s.CreateGoal(tpb.CreateGoalRequest(domain="physical_health", title="Bedre form"), metadata=md)
    swim = s.CreateActivity(tpb.CreateActivityRequest(activity=tpb.ActivityInput(
        title="Svømming", starts_on="2030-01-06", start_time="07:00", repeat="biweekly", goal_id=goal.id)), metadata=md)
    once = s.CreateActivity(tpb.CreateActivityRequest(activity=tpb.ActivityInput(
        title="Tannlege", starts_on="2030-01-21", start_time="12:15")), metadata=md)
    found = s.ListOccurrences(tpb.ListOccurrencesRequest(**{"from": "2030-01-01", "to": "2030-01-31"}), metadata=md)
    assert [(o.date, o.title) for o in found.occurrences] == [
        ("2030-01-06", "Svømming"), ("2030-01-20", "Svømming"), ("2030-01-21", "Tannlege")]
    assert found.occurrences[0].goal_id == goal.id
    done = s.MarkDone(tpb.MarkDoneRequest(activity_id=swim.id, date="2030-01-20", done=True), metadata=md)
    assert done.done and done.HasField("done_at")
    s.MarkDone(tpb.MarkDoneRequest(activity_id=once.id, date="2030-01-21", done=True), metadata=md)
    s.MarkDone(tpb.MarkDoneRequest(activity_id=once.id, date="2030-01-21", done=False), metadata=md)
    found = s.ListOccurrences(tpb.ListOccurrencesRequest(**{"from": "2030-01-01", "to": "2030-01-31"}), metadata=md)
    assert [o.done for o in found.occurrences] == [False, True, False]
    error = rpc_error(s.MarkDone, tpb.MarkDoneRequest(activity_id=swim.id, date="2030-01-13", done=True), metadata=md)
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT and trailer(error, "reconnect-field") == "date"
    # Deleting the goal keeps the activity, unlinked.
    s.DeleteGoal(tpb.DeleteRequest(id=goal.id), metadata=md)
    assert [a.goal_id for a in s.ListActivities(tpb.ListActivitiesRequest(), metadata=md).activities] == ["", ""]


@pytest.mark.parametrize(("repeat", "until", "first", "last", "expected"), [
    ("none", None, date(2030, 1, 1), date(2030, 12, 31), [date(2030, 1, 31)]),
    ("daily", date(2030, 2, 2), date(2030, 2, 1), date(2030, 2, 5), [date(2030, 2, 1), date(2030, 2, 2)]),
    ("weekly", None, date(2030, 2, 1), date(2030, 2, 14), [date(2030, 2, 7), date(2030, 2, 14)]),
    ("monthly", None, date(2030, 1, 1), date(2030, 5, 31), [date(2030, 1, 31), date(2030, 3, 31), date(2030, 5, 31)]),
    ("monthly", date(2030, 3, 30), date(2030, 1, 1), date(2030, 5, 31), [date(2030, 1, 31)]),
])
def test_repeats(repeat, until, first, last, expected):
    assert calendar.occurrences(date(2030, 1, 31), repeat, until, first, last) == expected
