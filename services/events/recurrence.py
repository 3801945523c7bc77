"""Recurring meetings in local time.

A rule such as "first Tuesday of the month at 18:00" is about the wall clock where the
café is. The rule is expanded on naive local date-times (so daylight-saving changes
cannot shift it) and each instance is then placed in the time zone and turned into UTC:
18:00 in Oslo is 17:00 UTC in winter and 16:00 UTC in summer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rrulestr

from services.kit.errors import InvalidArgument

ALLOWED_FREQUENCIES = {DAILY, WEEKLY, MONTHLY, YEARLY}
# The time of day is local_time's; the rule only picks days.
_FORBIDDEN_PARTS = re.compile(r"(^|;)\s*(DTSTART|BYHOUR|BYMINUTE|BYSECOND)\b", re.IGNORECASE)
MAX_RULE_LENGTH = 300


@dataclass(frozen=True)
class Rule:
    rrule: str
    first_date: date
    local_time: time
    time_zone: str

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def _expanded(self) -> rrule:
        return rrulestr(self.rrule, dtstart=datetime.combine(self.first_date, self.local_time))

    def between(self, start: datetime, end: datetime) -> list[datetime]:
        """Instances (UTC) with start <= instant < end."""
        zone = self.zone
        # A day's margin either side covers any UTC offset; exact bounds are checked in UTC.
        local_start = start.astimezone(zone).replace(tzinfo=None) - timedelta(days=1)
        local_end = end.astimezone(zone).replace(tzinfo=None) + timedelta(days=1)
        found = []
        for local in self._expanded().between(local_start, local_end, inc=True):
            instant = local.replace(tzinfo=zone).astimezone(UTC)
            if start <= instant < end:
                found.append(instant)
        return found


def parse(rule_text: str, first_date: str, local_time: str, time_zone: str) -> Rule:
    """Validate a recurrence, naming the field that is wrong."""
    rule_text = rule_text.strip().removeprefix("RRULE:")
    try:
        day = date.fromisoformat(first_date)
    except ValueError:
        raise InvalidArgument("first_date must be YYYY-MM-DD", field="recurrence.first_date") from None
    if not re.fullmatch(r"\d{2}:\d{2}", local_time or ""):
        raise InvalidArgument("local_time must be HH:MM", field="recurrence.local_time")
    try:
        clock = time.fromisoformat(local_time)
    except ValueError:
        raise InvalidArgument("local_time must be HH:MM", field="recurrence.local_time") from None
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidArgument("time_zone must be an IANA zone such as Europe/Oslo", field="recurrence.time_zone") from None
    if not rule_text or len(rule_text) > MAX_RULE_LENGTH or "\n" in rule_text or _FORBIDDEN_PARTS.search(rule_text):
        raise InvalidArgument("rrule must be one RRULE without DTSTART or times of day", field="recurrence.rrule")
    rule = Rule(rule_text, day, clock, time_zone)
    try:
        expanded = rule._expanded()
    except (ValueError, TypeError, KeyError):
        raise InvalidArgument("rrule is not a valid RFC 5545 recurrence rule", field="recurrence.rrule") from None
    if not isinstance(expanded, rrule) or expanded._freq not in ALLOWED_FREQUENCIES:  # noqa: SLF001
        raise InvalidArgument("rrule must repeat daily, weekly, monthly or yearly", field="recurrence.rrule")
    if expanded.after(datetime.combine(day, clock), inc=True) is None:
        raise InvalidArgument("rrule gives no meetings", field="recurrence.rrule")
    return rule


def local_label(instant: datetime, time_zone: str) -> str:
    return instant.astimezone(ZoneInfo(time_zone)).strftime("%Y-%m-%dT%H:%M")
