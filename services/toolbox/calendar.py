"""Pure functions for the activity plan: when a repeating activity happens, and the
iCalendar text of a user's feed (built with the ``icalendar`` library)."""

from __future__ import annotations

import calendar as _months
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar

REPEATS = ("none", "daily", "weekly", "biweekly", "monthly")
_STEP_DAYS = {"daily": 1, "weekly": 7, "biweekly": 14}
DEFAULT_DURATION_MINUTES = 60
GENERIC_TITLE = "ReConnect"


@dataclass(frozen=True)
class Planned:
    """What the calendar needs to know about one activity."""

    id: str
    title: str
    notes: str
    starts_on: date
    start_time: str  # "HH:MM" or "" (all day)
    duration_minutes: int
    repeat: str
    repeat_until: date | None
    updated_at: datetime


def _add_months(start: date, months: int) -> date | None:
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    if start.day > _months.monthrange(year, month + 1)[1]:
        return None  # as RFC 5545: a 31st in a shorter month does not happen
    return date(year, month + 1, start.day)


def occurrences(starts_on: date, repeat: str, repeat_until: date | None, first: date, last: date) -> list[date]:
    """The days in [first, last] on which the activity happens."""
    if repeat_until is not None:
        last = min(last, repeat_until)
    if last < first or last < starts_on:
        return []
    if repeat == "none":
        return [starts_on] if first <= starts_on <= last else []
    if repeat in _STEP_DAYS:
        step = _STEP_DAYS[repeat]
        skip = max(0, -(-(first - starts_on).days // step))
        day = starts_on + timedelta(days=skip * step)
        days = []
        while day <= last:
            days.append(day)
            day += timedelta(days=step)
        return days
    if repeat == "monthly":
        months = max(0, (first.year - starts_on.year) * 12 + first.month - starts_on.month - 1)
        days = []
        while True:
            day = _add_months(starts_on, months)
            months += 1
            if day is None:
                continue
            if day > last:
                return days
            if day >= first:
                days.append(day)
    raise ValueError(f"unknown repeat {repeat!r}")


def happens_on(starts_on: date, repeat: str, repeat_until: date | None, day: date) -> bool:
    return occurrences(starts_on, repeat, repeat_until, day, day) == [day]


def _rrule(planned: Planned, zone: ZoneInfo) -> dict | None:
    if planned.repeat == "none":
        return None
    rule: dict = {"freq": "weekly" if planned.repeat == "biweekly" else planned.repeat}
    if planned.repeat == "biweekly":
        rule["interval"] = 2
    if planned.repeat_until is not None:
        if planned.start_time:
            # UNTIL is in UTC when DTSTART has a time zone (RFC 5545 3.3.10).
            end_of_day = datetime.combine(planned.repeat_until, time(23, 59, 59), tzinfo=zone)
            rule["until"] = end_of_day.astimezone(ZoneInfo("UTC"))
        else:
            rule["until"] = planned.repeat_until
    return rule


def ics(activities: list[Planned], time_zone: str, show_titles: bool, calendar_name: str = "ReConnect") -> str:
    """The feed: one VEVENT per activity (repeats as RRULE). Without ``show_titles``
    every event is called "ReConnect" and carries no notes, for calendars synced to
    someone else's cloud or seen over a shoulder."""
    zone = ZoneInfo(time_zone)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//ReConnect//toolbox//NO")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", calendar_name)
    cal.add("x-wr-timezone", time_zone)
    for planned in activities:
        event = icalendar.Event()
        event.add("uid", f"{planned.id}@toolbox.reconnect")
        event.add("dtstamp", planned.updated_at)
        event.add("summary", planned.title if show_titles else GENERIC_TITLE)
        if show_titles and planned.notes:
            event.add("description", planned.notes)
        if planned.start_time:
            hour, minute = (int(part) for part in planned.start_time.split(":"))
            start = datetime.combine(planned.starts_on, time(hour, minute), tzinfo=zone)
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(minutes=planned.duration_minutes or DEFAULT_DURATION_MINUTES))
        else:
            event.add("dtstart", planned.starts_on)
            event.add("dtend", planned.starts_on + timedelta(days=1))
        rule = _rrule(planned, zone)
        if rule:
            event.add("rrule", rule)
        cal.add_component(event)
    if any(p.start_time for p in activities):
        cal.add_missing_timezones()
    return cal.to_ical().decode("utf-8")
