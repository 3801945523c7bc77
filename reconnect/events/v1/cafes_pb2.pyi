import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CafeScheduled(_message.Message):
    __slots__ = ("cafe_id", "occurrence_ids", "moderator_ids")
    CAFE_ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRENCE_IDS_FIELD_NUMBER: _ClassVar[int]
    MODERATOR_IDS_FIELD_NUMBER: _ClassVar[int]
    cafe_id: str
    occurrence_ids: _containers.RepeatedScalarFieldContainer[str]
    moderator_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, cafe_id: _Optional[str] = ..., occurrence_ids: _Optional[_Iterable[str]] = ..., moderator_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class OccurrenceChanged(_message.Message):
    __slots__ = ("occurrence_id", "cafe_id", "activity_id", "change", "starts_at", "audience_ids")
    class Change(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        CHANGE_UNSPECIFIED: _ClassVar[OccurrenceChanged.Change]
        CHANGE_MOVED: _ClassVar[OccurrenceChanged.Change]
        CHANGE_CANCELLED: _ClassVar[OccurrenceChanged.Change]
    CHANGE_UNSPECIFIED: OccurrenceChanged.Change
    CHANGE_MOVED: OccurrenceChanged.Change
    CHANGE_CANCELLED: OccurrenceChanged.Change
    OCCURRENCE_ID_FIELD_NUMBER: _ClassVar[int]
    CAFE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    STARTS_AT_FIELD_NUMBER: _ClassVar[int]
    AUDIENCE_IDS_FIELD_NUMBER: _ClassVar[int]
    occurrence_id: str
    cafe_id: str
    activity_id: str
    change: OccurrenceChanged.Change
    starts_at: _timestamp_pb2.Timestamp
    audience_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, occurrence_id: _Optional[str] = ..., cafe_id: _Optional[str] = ..., activity_id: _Optional[str] = ..., change: _Optional[_Union[OccurrenceChanged.Change, str]] = ..., starts_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., audience_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class RsvpChanged(_message.Message):
    __slots__ = ("occurrence_id", "account_id", "answer", "waitlisted")
    OCCURRENCE_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    WAITLISTED_FIELD_NUMBER: _ClassVar[int]
    occurrence_id: str
    account_id: str
    answer: str
    waitlisted: bool
    def __init__(self, occurrence_id: _Optional[str] = ..., account_id: _Optional[str] = ..., answer: _Optional[str] = ..., waitlisted: _Optional[bool] = ...) -> None: ...

class WaitlistPromoted(_message.Message):
    __slots__ = ("occurrence_id", "account_id")
    OCCURRENCE_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    occurrence_id: str
    account_id: str
    def __init__(self, occurrence_id: _Optional[str] = ..., account_id: _Optional[str] = ...) -> None: ...

class ReminderDue(_message.Message):
    __slots__ = ("reminder_id", "account_id", "occurrence_id", "starts_at", "minutes_before")
    REMINDER_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRENCE_ID_FIELD_NUMBER: _ClassVar[int]
    STARTS_AT_FIELD_NUMBER: _ClassVar[int]
    MINUTES_BEFORE_FIELD_NUMBER: _ClassVar[int]
    reminder_id: str
    account_id: str
    occurrence_id: str
    starts_at: _timestamp_pb2.Timestamp
    minutes_before: int
    def __init__(self, reminder_id: _Optional[str] = ..., account_id: _Optional[str] = ..., occurrence_id: _Optional[str] = ..., starts_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., minutes_before: _Optional[int] = ...) -> None: ...

class MatchMade(_message.Message):
    __slots__ = ("match_id", "occurrence_id", "account_ids", "confirmed", "kind")
    MATCH_ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRENCE_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_IDS_FIELD_NUMBER: _ClassVar[int]
    CONFIRMED_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    match_id: str
    occurrence_id: str
    account_ids: _containers.RepeatedScalarFieldContainer[str]
    confirmed: bool
    kind: str
    def __init__(self, match_id: _Optional[str] = ..., occurrence_id: _Optional[str] = ..., account_ids: _Optional[_Iterable[str]] = ..., confirmed: _Optional[bool] = ..., kind: _Optional[str] = ...) -> None: ...
