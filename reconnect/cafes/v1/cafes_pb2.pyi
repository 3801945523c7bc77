import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Answer(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ANSWER_UNSPECIFIED: _ClassVar[Answer]
    ANSWER_YES: _ClassVar[Answer]
    ANSWER_MAYBE: _ClassVar[Answer]
    ANSWER_NO: _ClassVar[Answer]

class OccurrenceStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OCCURRENCE_STATUS_UNSPECIFIED: _ClassVar[OccurrenceStatus]
    OCCURRENCE_STATUS_SCHEDULED: _ClassVar[OccurrenceStatus]
    OCCURRENCE_STATUS_MOVED: _ClassVar[OccurrenceStatus]
    OCCURRENCE_STATUS_CANCELLED: _ClassVar[OccurrenceStatus]

class CompanionKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COMPANION_KIND_UNSPECIFIED: _ClassVar[CompanionKind]
    COMPANION_KIND_COMPANY: _ClassVar[CompanionKind]
    COMPANION_KIND_RIDE: _ClassVar[CompanionKind]

class MatchStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MATCH_STATUS_UNSPECIFIED: _ClassVar[MatchStatus]
    MATCH_STATUS_PROPOSED: _ClassVar[MatchStatus]
    MATCH_STATUS_CONFIRMED: _ClassVar[MatchStatus]
    MATCH_STATUS_DECLINED: _ClassVar[MatchStatus]

class ActivityKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACTIVITY_KIND_UNSPECIFIED: _ClassVar[ActivityKind]
    ACTIVITY_KIND_COFFEE: _ClassVar[ActivityKind]
    ACTIVITY_KIND_WALK: _ClassVar[ActivityKind]
    ACTIVITY_KIND_VOLUNTEERING: _ClassVar[ActivityKind]
    ACTIVITY_KIND_OTHER: _ClassVar[ActivityKind]
ANSWER_UNSPECIFIED: Answer
ANSWER_YES: Answer
ANSWER_MAYBE: Answer
ANSWER_NO: Answer
OCCURRENCE_STATUS_UNSPECIFIED: OccurrenceStatus
OCCURRENCE_STATUS_SCHEDULED: OccurrenceStatus
OCCURRENCE_STATUS_MOVED: OccurrenceStatus
OCCURRENCE_STATUS_CANCELLED: OccurrenceStatus
COMPANION_KIND_UNSPECIFIED: CompanionKind
COMPANION_KIND_COMPANY: CompanionKind
COMPANION_KIND_RIDE: CompanionKind
MATCH_STATUS_UNSPECIFIED: MatchStatus
MATCH_STATUS_PROPOSED: MatchStatus
MATCH_STATUS_CONFIRMED: MatchStatus
MATCH_STATUS_DECLINED: MatchStatus
ACTIVITY_KIND_UNSPECIFIED: ActivityKind
ACTIVITY_KIND_COFFEE: ActivityKind
ACTIVITY_KIND_WALK: ActivityKind
ACTIVITY_KIND_VOLUNTEERING: ActivityKind
ACTIVITY_KIND_OTHER: ActivityKind

class Recurrence(_message.Message):
    __slots__ = ("rrule", "first_date", "local_time", "duration_minutes", "time_zone")
    RRULE_FIELD_NUMBER: _ClassVar[int]
    FIRST_DATE_FIELD_NUMBER: _ClassVar[int]
    LOCAL_TIME_FIELD_NUMBER: _ClassVar[int]
    DURATION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    rrule: str
    first_date: str
    local_time: str
    duration_minutes: int
    time_zone: str
    def __init__(self, rrule: _Optional[str] = ..., first_date: _Optional[str] = ..., local_time: _Optional[str] = ..., duration_minutes: _Optional[int] = ..., time_zone: _Optional[str] = ...) -> None: ...

class Person(_message.Message):
    __slots__ = ("account_id", "pseudonym", "revealed_name")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    PSEUDONYM_FIELD_NUMBER: _ClassVar[int]
    REVEALED_NAME_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    pseudonym: str
    revealed_name: str
    def __init__(self, account_id: _Optional[str] = ..., pseudonym: _Optional[str] = ..., revealed_name: _Optional[str] = ...) -> None: ...

class Cafe(_message.Message):
    __slots__ = ("id", "tenant", "title", "description", "venue", "accessibility_notes", "transport_notes", "capacity", "recurrence", "moderator_ids", "agenda_thread_id", "i_moderate", "created_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    VENUE_FIELD_NUMBER: _ClassVar[int]
    ACCESSIBILITY_NOTES_FIELD_NUMBER: _ClassVar[int]
    TRANSPORT_NOTES_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    RECURRENCE_FIELD_NUMBER: _ClassVar[int]
    MODERATOR_IDS_FIELD_NUMBER: _ClassVar[int]
    AGENDA_THREAD_ID_FIELD_NUMBER: _ClassVar[int]
    I_MODERATE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    tenant: str
    title: str
    description: str
    venue: str
    accessibility_notes: str
    transport_notes: str
    capacity: int
    recurrence: Recurrence
    moderator_ids: _containers.RepeatedScalarFieldContainer[str]
    agenda_thread_id: str
    i_moderate: bool
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., tenant: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., venue: _Optional[str] = ..., accessibility_notes: _Optional[str] = ..., transport_notes: _Optional[str] = ..., capacity: _Optional[int] = ..., recurrence: _Optional[_Union[Recurrence, _Mapping]] = ..., moderator_ids: _Optional[_Iterable[str]] = ..., agenda_thread_id: _Optional[str] = ..., i_moderate: _Optional[bool] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Counts(_message.Message):
    __slots__ = ("going", "maybe", "waitlisted")
    GOING_FIELD_NUMBER: _ClassVar[int]
    MAYBE_FIELD_NUMBER: _ClassVar[int]
    WAITLISTED_FIELD_NUMBER: _ClassVar[int]
    going: int
    maybe: int
    waitlisted: int
    def __init__(self, going: _Optional[int] = ..., maybe: _Optional[int] = ..., waitlisted: _Optional[int] = ...) -> None: ...

class MyRsvp(_message.Message):
    __slots__ = ("answer", "waitlisted", "waitlist_position", "visible", "reminder_minutes_before")
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    WAITLISTED_FIELD_NUMBER: _ClassVar[int]
    WAITLIST_POSITION_FIELD_NUMBER: _ClassVar[int]
    VISIBLE_FIELD_NUMBER: _ClassVar[int]
    REMINDER_MINUTES_BEFORE_FIELD_NUMBER: _ClassVar[int]
    answer: Answer
    waitlisted: bool
    waitlist_position: int
    visible: bool
    reminder_minutes_before: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, answer: _Optional[_Union[Answer, str]] = ..., waitlisted: _Optional[bool] = ..., waitlist_position: _Optional[int] = ..., visible: _Optional[bool] = ..., reminder_minutes_before: _Optional[_Iterable[int]] = ...) -> None: ...

class Occurrence(_message.Message):
    __slots__ = ("id", "cafe_id", "activity_id", "tenant", "title", "starts_at", "ends_at", "local_start", "time_zone", "venue", "status", "capacity", "counts", "my_rsvp", "agenda_thread_id", "i_moderate")
    ID_FIELD_NUMBER: _ClassVar[int]
    CAFE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    STARTS_AT_FIELD_NUMBER: _ClassVar[int]
    ENDS_AT_FIELD_NUMBER: _ClassVar[int]
    LOCAL_START_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    VENUE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    MY_RSVP_FIELD_NUMBER: _ClassVar[int]
    AGENDA_THREAD_ID_FIELD_NUMBER: _ClassVar[int]
    I_MODERATE_FIELD_NUMBER: _ClassVar[int]
    id: str
    cafe_id: str
    activity_id: str
    tenant: str
    title: str
    starts_at: _timestamp_pb2.Timestamp
    ends_at: _timestamp_pb2.Timestamp
    local_start: str
    time_zone: str
    venue: str
    status: OccurrenceStatus
    capacity: int
    counts: Counts
    my_rsvp: MyRsvp
    agenda_thread_id: str
    i_moderate: bool
    def __init__(self, id: _Optional[str] = ..., cafe_id: _Optional[str] = ..., activity_id: _Optional[str] = ..., tenant: _Optional[str] = ..., title: _Optional[str] = ..., starts_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ends_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., local_start: _Optional[str] = ..., time_zone: _Optional[str] = ..., venue: _Optional[str] = ..., status: _Optional[_Union[OccurrenceStatus, str]] = ..., capacity: _Optional[int] = ..., counts: _Optional[_Union[Counts, _Mapping]] = ..., my_rsvp: _Optional[_Union[MyRsvp, _Mapping]] = ..., agenda_thread_id: _Optional[str] = ..., i_moderate: _Optional[bool] = ...) -> None: ...

class Activity(_message.Message):
    __slots__ = ("id", "tenant", "kind", "title", "description", "place", "occurrence", "mine", "created_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PLACE_FIELD_NUMBER: _ClassVar[int]
    OCCURRENCE_FIELD_NUMBER: _ClassVar[int]
    MINE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    tenant: str
    kind: ActivityKind
    title: str
    description: str
    place: str
    occurrence: Occurrence
    mine: bool
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., tenant: _Optional[str] = ..., kind: _Optional[_Union[ActivityKind, str]] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., place: _Optional[str] = ..., occurrence: _Optional[_Union[Occurrence, _Mapping]] = ..., mine: _Optional[bool] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Attendee(_message.Message):
    __slots__ = ("person", "answer", "waitlisted", "waitlist_position", "visible", "checked_in")
    PERSON_FIELD_NUMBER: _ClassVar[int]
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    WAITLISTED_FIELD_NUMBER: _ClassVar[int]
    WAITLIST_POSITION_FIELD_NUMBER: _ClassVar[int]
    VISIBLE_FIELD_NUMBER: _ClassVar[int]
    CHECKED_IN_FIELD_NUMBER: _ClassVar[int]
    person: Person
    answer: Answer
    waitlisted: bool
    waitlist_position: int
    visible: bool
    checked_in: bool
    def __init__(self, person: _Optional[_Union[Person, _Mapping]] = ..., answer: _Optional[_Union[Answer, str]] = ..., waitlisted: _Optional[bool] = ..., waitlist_position: _Optional[int] = ..., visible: _Optional[bool] = ..., checked_in: _Optional[bool] = ...) -> None: ...

class CreateCafeRequest(_message.Message):
    __slots__ = ("title", "description", "venue", "accessibility_notes", "transport_notes", "capacity", "recurrence", "moderator_ids", "agenda_thread_id")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    VENUE_FIELD_NUMBER: _ClassVar[int]
    ACCESSIBILITY_NOTES_FIELD_NUMBER: _ClassVar[int]
    TRANSPORT_NOTES_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    RECURRENCE_FIELD_NUMBER: _ClassVar[int]
    MODERATOR_IDS_FIELD_NUMBER: _ClassVar[int]
    AGENDA_THREAD_ID_FIELD_NUMBER: _ClassVar[int]
    title: str
    description: str
    venue: str
    accessibility_notes: str
    transport_notes: str
    capacity: int
    recurrence: Recurrence
    moderator_ids: _containers.RepeatedScalarFieldContainer[str]
    agenda_thread_id: str
    def __init__(self, title: _Optional[str] = ..., description: _Optional[str] = ..., venue: _Optional[str] = ..., accessibility_notes: _Optional[str] = ..., transport_notes: _Optional[str] = ..., capacity: _Optional[int] = ..., recurrence: _Optional[_Union[Recurrence, _Mapping]] = ..., moderator_ids: _Optional[_Iterable[str]] = ..., agenda_thread_id: _Optional[str] = ...) -> None: ...

class UpdateCafeRequest(_message.Message):
    __slots__ = ("cafe_id", "title", "description", "venue", "accessibility_notes", "transport_notes", "capacity", "moderator_ids")
    CAFE_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    VENUE_FIELD_NUMBER: _ClassVar[int]
    ACCESSIBILITY_NOTES_FIELD_NUMBER: _ClassVar[int]
    TRANSPORT_NOTES_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    MODERATOR_IDS_FIELD_NUMBER: _ClassVar[int]
    cafe_id: str
    title: str
    description: str
    venue: str
    accessibility_notes: str
    transport_notes: str
    capacity: int
    moderator_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, cafe_id: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., venue: _Optional[str] = ..., accessibility_notes: _Optional[str] = ..., transport_notes: _Optional[str] = ..., capacity: _Optional[int] = ..., moderator_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class GetCafeRequest(_message.Message):
    __slots__ = ("cafe_id",)
    CAFE_ID_FIELD_NUMBER: _ClassVar[int]
    cafe_id: str
    def __init__(self, cafe_id: _Optional[str] = ...) -> None: ...

class ListCafesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListCafesResponse(_message.Message):
    __slots__ = ("cafes",)
    CAFES_FIELD_NUMBER: _ClassVar[int]
    cafes: _containers.RepeatedCompositeFieldContainer[Cafe]
    def __init__(self, cafes: _Optional[_Iterable[_Union[Cafe, _Mapping]]] = ...) -> None: ...

class ListOccurrencesRequest(_message.Message):
    __slots__ = ("cafe_id", "to")
    CAFE_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    cafe_id: str
    to: _timestamp_pb2.Timestamp
    def __init__(self, cafe_id: _Optional[str] = ..., to: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., **kwargs) -> None: ...

class ListOccurrencesResponse(_message.Message):
    __slots__ = ("occurrences",)
    OCCURRENCES_FIELD_NUMBER: _ClassVar[int]
    occurrences: _containers.RepeatedCompositeFieldContainer[Occurrence]
    def __init__(self, occurrences: _Optional[_Iterable[_Union[Occurrence, _Mapping]]] = ...) -> None: ...

class GetOccurrenceRequest(_message.Message):
    __slots__ = ("occurrence_id",)
    OCCURRENCE_ID_FIELD_NUMBER: _ClassVar[int]
    occurrence_id: str
    def __init__(self, occurrence_id: _Optional[str] = ...) -> None: ...

class MoveOccurrenceRequest(_message.Message):
    __slots__ = ("occurrence_id", "starts_at", "duration_minutes", "venue")
    OCCURRENCE_ID_FIELD_NUMBER: _ClassVar[int]
    STARTS_AT_FIELD_NUMBER: _ClassVar[int]
    DURATION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    VENUE_FIELD_NUMBER: _ClassVar[int]
    occurrence_id: str
    starts_at: _timestamp_pb2.Timestamp
    duration_minutes: int
    venue: str
    def __init__(self, occurrence_id: _Optional[str] = ..., starts_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., duration_minutes: _Optional[int] = ..., venue: _Optional[str] = ...) -> None: ...

class CancelOccurrenceRequest(_message.Message):
    __slots__ = ("occurrence_id",)
    OCCURRENCE_ID_FIELD_NUMBER: _ClassVar[int]
    occurrence_id: str
    def __init__(self, occurrence_id: _Optional[str] = ...) -> None: ...

class SetAgendaRequest(_message.Message):
    __slots__ = ("cafe_id", "occurrence_id", "thread_id")
    CAFE_ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRENCE_ID_FIELD_NUMBER: _ClassVar[int]
    THREAD_ID_FIELD_NUMBER: _ClassVar[int]
    cafe_id: str
    occurrence_id: str
    thread_id: str
    def __init__(self, cafe_id: _Optional[str] = ..., occurrence_id: _Optional[str] = ..., thread_id: _Optional[str] = ...) -> None: ...

class RsvpRequest(_message.Message):
    __slots__ = ("occurrence_id", "answer", "visible")
    OCCURRENCE_ID_FIELD_NUMBER: _ClassVar[int]
    ANSWER_FIELD_NUMBER: _ClassVar[int]
    VISIBLE_FIELD_NUMBER: _ClassVar[int]
    occurrence_id: str
    answer: Answer
    visible: bool
    def __init__(self, occurrence_id: _Optional[str] = ..., answer: _Optional[_Union[Answer, str]] = ..., visible: _Optional[bool] = ...) -> None: ...

class NotUpToItRequest(_message.Message):
    __slots__ = ("occurrence_id",)
    OCCURRENCE_ID_FIELD_NUMBER: _ClassVar[int]
    occurrence_id: str
    def __init__(self, occurrence_id: _Optional[str] = ...) -> None: ...

class SetRemindersRequest(_message.Message):
    __slots__ = ("occurrence_id", "minutes_before")
    OCCURRENCE_ID_FIELD_NUMBER: _ClassVar[int]
    MINUTES_BEFORE_FIELD_NUMBER: _ClassVar[int]
    occurrence_id: str
    minutes_before: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, occurrence_id: _Optional[str] = ..., minutes_before: _Optional[_Iterable[int]] = ...) -> None: ...

class ListAttendeesRequest(_message.Message):
    __slots__ = ("occurrence_id",)
    OCCURRENCE_ID_FIELD_NUMBER: _ClassVar[int]
    occurrence_id: str
    def __init__(self, occurrence_id: _Optional[str] = ...) -> None: ...

class ListAttendeesResponse(_message.Message):
    __slots__ = ("counts", "attendees", "full_list")
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    ATTENDEES_FIELD_NUMBER: _ClassVar[int]
    FULL_LIST_FIELD_NUMBER: _ClassVar[int]
    counts: Counts
    attendees: _containers.RepeatedCompositeFieldContainer[Attendee]
    full_list: bool
    def __init__(self, counts: _Optional[_Union[Counts, _Mapping]] = ..., attendees: _Optional[_Iterable[_Union[Attendee, _Mapping]]] = ..., full_list: _Optional[bool] = ...) -> None: ...

class CompanionRequest(_message.Message):
    __slots__ = ("id", "occurrence_id", "kind", "offer", "open")
    ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRENCE_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    OFFER_FIELD_NUMBER: _ClassVar[int]
    OPEN_FIELD_NUMBER: _ClassVar[int]
    id: str
    occurrence_id: str
    kind: CompanionKind
    offer: bool
    open: bool
    def __init__(self, id: _Optional[str] = ..., occurrence_id: _Optional[str] = ..., kind: _Optional[_Union[CompanionKind, str]] = ..., offer: _Optional[bool] = ..., open: _Optional[bool] = ...) -> None: ...

class AskCompanionRequest(_message.Message):
    __slots__ = ("occurrence_id", "kind", "offer")
    OCCURRENCE_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    OFFER_FIELD_NUMBER: _ClassVar[int]
    occurrence_id: str
    kind: CompanionKind
    offer: bool
    def __init__(self, occurrence_id: _Optional[str] = ..., kind: _Optional[_Union[CompanionKind, str]] = ..., offer: _Optional[bool] = ...) -> None: ...

class WithdrawCompanionRequest(_message.Message):
    __slots__ = ("request_id",)
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    def __init__(self, request_id: _Optional[str] = ...) -> None: ...

class WithdrawCompanionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListCompanionRequestsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListCompanionRequestsResponse(_message.Message):
    __slots__ = ("requests",)
    REQUESTS_FIELD_NUMBER: _ClassVar[int]
    requests: _containers.RepeatedCompositeFieldContainer[CompanionRequest]
    def __init__(self, requests: _Optional[_Iterable[_Union[CompanionRequest, _Mapping]]] = ...) -> None: ...

class MeetingNote(_message.Message):
    __slots__ = ("place", "meet_at", "updated_by")
    PLACE_FIELD_NUMBER: _ClassVar[int]
    MEET_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_BY_FIELD_NUMBER: _ClassVar[int]
    place: str
    meet_at: _timestamp_pb2.Timestamp
    updated_by: str
    def __init__(self, place: _Optional[str] = ..., meet_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_by: _Optional[str] = ...) -> None: ...

class Match(_message.Message):
    __slots__ = ("id", "occurrence_id", "kind", "status", "i_offer", "i_accepted", "partner", "partner_offers", "note")
    ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRENCE_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    I_OFFER_FIELD_NUMBER: _ClassVar[int]
    I_ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    PARTNER_FIELD_NUMBER: _ClassVar[int]
    PARTNER_OFFERS_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    id: str
    occurrence_id: str
    kind: CompanionKind
    status: MatchStatus
    i_offer: bool
    i_accepted: bool
    partner: Person
    partner_offers: bool
    note: MeetingNote
    def __init__(self, id: _Optional[str] = ..., occurrence_id: _Optional[str] = ..., kind: _Optional[_Union[CompanionKind, str]] = ..., status: _Optional[_Union[MatchStatus, str]] = ..., i_offer: _Optional[bool] = ..., i_accepted: _Optional[bool] = ..., partner: _Optional[_Union[Person, _Mapping]] = ..., partner_offers: _Optional[bool] = ..., note: _Optional[_Union[MeetingNote, _Mapping]] = ...) -> None: ...

class ListMatchesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListMatchesResponse(_message.Message):
    __slots__ = ("matches",)
    MATCHES_FIELD_NUMBER: _ClassVar[int]
    matches: _containers.RepeatedCompositeFieldContainer[Match]
    def __init__(self, matches: _Optional[_Iterable[_Union[Match, _Mapping]]] = ...) -> None: ...

class AnswerMatchRequest(_message.Message):
    __slots__ = ("match_id", "accept")
    MATCH_ID_FIELD_NUMBER: _ClassVar[int]
    ACCEPT_FIELD_NUMBER: _ClassVar[int]
    match_id: str
    accept: bool
    def __init__(self, match_id: _Optional[str] = ..., accept: _Optional[bool] = ...) -> None: ...

class SetMeetingNoteRequest(_message.Message):
    __slots__ = ("match_id", "place", "meet_at")
    MATCH_ID_FIELD_NUMBER: _ClassVar[int]
    PLACE_FIELD_NUMBER: _ClassVar[int]
    MEET_AT_FIELD_NUMBER: _ClassVar[int]
    match_id: str
    place: str
    meet_at: _timestamp_pb2.Timestamp
    def __init__(self, match_id: _Optional[str] = ..., place: _Optional[str] = ..., meet_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CheckInRequest(_message.Message):
    __slots__ = ("occurrence_id", "account_id", "present")
    OCCURRENCE_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    PRESENT_FIELD_NUMBER: _ClassVar[int]
    occurrence_id: str
    account_id: str
    present: bool
    def __init__(self, occurrence_id: _Optional[str] = ..., account_id: _Optional[str] = ..., present: _Optional[bool] = ...) -> None: ...

class CheckInResponse(_message.Message):
    __slots__ = ("checked_in",)
    CHECKED_IN_FIELD_NUMBER: _ClassVar[int]
    checked_in: int
    def __init__(self, checked_in: _Optional[int] = ...) -> None: ...

class FiguresRequest(_message.Message):
    __slots__ = ("tenant", "to")
    TENANT_FIELD_NUMBER: _ClassVar[int]
    FROM_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    tenant: str
    to: _timestamp_pb2.Timestamp
    def __init__(self, tenant: _Optional[str] = ..., to: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., **kwargs) -> None: ...

class Figures(_message.Message):
    __slots__ = ("tenant", "meetings_held", "attendances", "members_attended", "min_attendees_per_meeting", "max_attendees_per_meeting", "attendees_per_meeting", "activities_held")
    TENANT_FIELD_NUMBER: _ClassVar[int]
    MEETINGS_HELD_FIELD_NUMBER: _ClassVar[int]
    ATTENDANCES_FIELD_NUMBER: _ClassVar[int]
    MEMBERS_ATTENDED_FIELD_NUMBER: _ClassVar[int]
    MIN_ATTENDEES_PER_MEETING_FIELD_NUMBER: _ClassVar[int]
    MAX_ATTENDEES_PER_MEETING_FIELD_NUMBER: _ClassVar[int]
    ATTENDEES_PER_MEETING_FIELD_NUMBER: _ClassVar[int]
    ACTIVITIES_HELD_FIELD_NUMBER: _ClassVar[int]
    tenant: str
    meetings_held: int
    attendances: int
    members_attended: int
    min_attendees_per_meeting: int
    max_attendees_per_meeting: int
    attendees_per_meeting: _containers.RepeatedScalarFieldContainer[int]
    activities_held: int
    def __init__(self, tenant: _Optional[str] = ..., meetings_held: _Optional[int] = ..., attendances: _Optional[int] = ..., members_attended: _Optional[int] = ..., min_attendees_per_meeting: _Optional[int] = ..., max_attendees_per_meeting: _Optional[int] = ..., attendees_per_meeting: _Optional[_Iterable[int]] = ..., activities_held: _Optional[int] = ...) -> None: ...

class ProposeActivityRequest(_message.Message):
    __slots__ = ("kind", "title", "description", "place", "starts_at", "duration_minutes", "capacity", "visible")
    KIND_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    PLACE_FIELD_NUMBER: _ClassVar[int]
    STARTS_AT_FIELD_NUMBER: _ClassVar[int]
    DURATION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    VISIBLE_FIELD_NUMBER: _ClassVar[int]
    kind: ActivityKind
    title: str
    description: str
    place: str
    starts_at: _timestamp_pb2.Timestamp
    duration_minutes: int
    capacity: int
    visible: bool
    def __init__(self, kind: _Optional[_Union[ActivityKind, str]] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., place: _Optional[str] = ..., starts_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., duration_minutes: _Optional[int] = ..., capacity: _Optional[int] = ..., visible: _Optional[bool] = ...) -> None: ...

class ListActivitiesRequest(_message.Message):
    __slots__ = ("to",)
    FROM_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    to: _timestamp_pb2.Timestamp
    def __init__(self, to: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., **kwargs) -> None: ...

class ListActivitiesResponse(_message.Message):
    __slots__ = ("activities",)
    ACTIVITIES_FIELD_NUMBER: _ClassVar[int]
    activities: _containers.RepeatedCompositeFieldContainer[Activity]
    def __init__(self, activities: _Optional[_Iterable[_Union[Activity, _Mapping]]] = ...) -> None: ...

class GetActivityRequest(_message.Message):
    __slots__ = ("activity_id",)
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    activity_id: str
    def __init__(self, activity_id: _Optional[str] = ...) -> None: ...

class CreateCalendarTokenRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CalendarToken(_message.Message):
    __slots__ = ("token", "created_at")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    token: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, token: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RevokeCalendarTokenRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RevokeCalendarTokenResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetCalendarFeedRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class IcsFile(_message.Message):
    __slots__ = ("filename", "content_type", "ics")
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    ICS_FIELD_NUMBER: _ClassVar[int]
    filename: str
    content_type: str
    ics: str
    def __init__(self, filename: _Optional[str] = ..., content_type: _Optional[str] = ..., ics: _Optional[str] = ...) -> None: ...

class DownloadOccurrenceRequest(_message.Message):
    __slots__ = ("occurrence_id",)
    OCCURRENCE_ID_FIELD_NUMBER: _ClassVar[int]
    occurrence_id: str
    def __init__(self, occurrence_id: _Optional[str] = ...) -> None: ...

class ExportRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ExportResponse(_message.Message):
    __slots__ = ("json", "generated_at")
    JSON_FIELD_NUMBER: _ClassVar[int]
    GENERATED_AT_FIELD_NUMBER: _ClassVar[int]
    json: str
    generated_at: _timestamp_pb2.Timestamp
    def __init__(self, json: _Optional[str] = ..., generated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
