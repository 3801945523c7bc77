"""Times in and out of protobuf messages. No time is an unset field (None), never the
epoch: a reader tells "not yet" from a date by the field's presence."""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf.timestamp_pb2 import Timestamp

from services.kit.db import as_utc


def timestamp(moment: datetime | None, *, to_minute: bool = False) -> Timestamp | None:
    """``to_minute`` rounds down: times shown to peers in the forum are to the minute only,
    exact seconds help match a post to a person seen typing at a café or on a bus."""
    if moment is None:
        return None
    moment = as_utc(moment)
    if to_minute:
        moment = moment.replace(second=0, microsecond=0)
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def moment_of(stamp: Timestamp) -> datetime | None:
    """An unset or zero Timestamp is no time."""
    return stamp.ToDatetime(UTC) if stamp.seconds or stamp.nanos else None
