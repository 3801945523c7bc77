"""iCalendar output (RFC 5545) for feeds and single downloads, with the icalendar library.

Only what a calendar needs: title, time, place, status. Never attendees or names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from icalendar import Calendar, Event

PRODID = "-//ReConnect//Cafés and activities//NB"
UID_DOMAIN = "reconnect.events"


@dataclass(frozen=True)
class Entry:
    occurrence_id: str
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str
    description: str
    status: str  # CONFIRMED, TENTATIVE, CANCELLED
    sequence: int


def render(entries: list[Entry], name: str, stamp: datetime) -> str:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for entry in entries:
        event = Event()
        event.add("uid", f"{entry.occurrence_id}@{UID_DOMAIN}")
        event.add("dtstamp", stamp.astimezone(UTC))
        event.add("dtstart", entry.starts_at.astimezone(UTC))
        event.add("dtend", entry.ends_at.astimezone(UTC))
        event.add("summary", entry.title)
        if entry.location:
            event.add("location", entry.location)
        if entry.description:
            event.add("description", entry.description)
        event.add("status", entry.status)
        event.add("sequence", entry.sequence)
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
