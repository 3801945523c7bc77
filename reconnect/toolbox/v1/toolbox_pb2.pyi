import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Value(_message.Message):
    __slots__ = ("id", "text", "created_at", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    text: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., text: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class LifeDomain(_message.Message):
    __slots__ = ("key", "custom", "name", "latest")
    KEY_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    LATEST_FIELD_NUMBER: _ClassVar[int]
    key: str
    custom: bool
    name: str
    latest: DomainStatus
    def __init__(self, key: _Optional[str] = ..., custom: _Optional[bool] = ..., name: _Optional[str] = ..., latest: _Optional[_Union[DomainStatus, _Mapping]] = ...) -> None: ...

class DomainStatus(_message.Message):
    __slots__ = ("id", "domain", "text", "rating", "recorded_on", "created_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    RATING_FIELD_NUMBER: _ClassVar[int]
    RECORDED_ON_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    domain: str
    text: str
    rating: int
    recorded_on: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., domain: _Optional[str] = ..., text: _Optional[str] = ..., rating: _Optional[int] = ..., recorded_on: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GoalStep(_message.Message):
    __slots__ = ("id", "goal_id", "text", "due_date", "status", "position", "done_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    GOAL_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    DONE_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    goal_id: str
    text: str
    due_date: str
    status: str
    position: int
    done_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., goal_id: _Optional[str] = ..., text: _Optional[str] = ..., due_date: _Optional[str] = ..., status: _Optional[str] = ..., position: _Optional[int] = ..., done_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Goal(_message.Message):
    __slots__ = ("id", "domain", "title", "description", "target_date", "status", "steps", "progress_percent", "created_at", "updated_at", "completed_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TARGET_DATE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STEPS_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_PERCENT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    domain: str
    title: str
    description: str
    target_date: str
    status: str
    steps: _containers.RepeatedCompositeFieldContainer[GoalStep]
    progress_percent: int
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    completed_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., domain: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., target_date: _Optional[str] = ..., status: _Optional[str] = ..., steps: _Optional[_Iterable[_Union[GoalStep, _Mapping]]] = ..., progress_percent: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., completed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Activity(_message.Message):
    __slots__ = ("id", "title", "notes", "starts_on", "start_time", "duration_minutes", "repeat", "repeat_until", "goal_id", "created_at", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    STARTS_ON_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    DURATION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    REPEAT_FIELD_NUMBER: _ClassVar[int]
    REPEAT_UNTIL_FIELD_NUMBER: _ClassVar[int]
    GOAL_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    title: str
    notes: str
    starts_on: str
    start_time: str
    duration_minutes: int
    repeat: str
    repeat_until: str
    goal_id: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., title: _Optional[str] = ..., notes: _Optional[str] = ..., starts_on: _Optional[str] = ..., start_time: _Optional[str] = ..., duration_minutes: _Optional[int] = ..., repeat: _Optional[str] = ..., repeat_until: _Optional[str] = ..., goal_id: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Occurrence(_message.Message):
    __slots__ = ("activity_id", "date", "start_time", "title", "done", "done_at", "goal_id")
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DONE_FIELD_NUMBER: _ClassVar[int]
    DONE_AT_FIELD_NUMBER: _ClassVar[int]
    GOAL_ID_FIELD_NUMBER: _ClassVar[int]
    activity_id: str
    date: str
    start_time: str
    title: str
    done: bool
    done_at: _timestamp_pb2.Timestamp
    goal_id: str
    def __init__(self, activity_id: _Optional[str] = ..., date: _Optional[str] = ..., start_time: _Optional[str] = ..., title: _Optional[str] = ..., done: _Optional[bool] = ..., done_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., goal_id: _Optional[str] = ...) -> None: ...

class CalendarFeed(_message.Message):
    __slots__ = ("id", "show_titles", "created_at", "revoked_at", "token")
    ID_FIELD_NUMBER: _ClassVar[int]
    SHOW_TITLES_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    id: str
    show_titles: bool
    created_at: _timestamp_pb2.Timestamp
    revoked_at: _timestamp_pb2.Timestamp
    token: str
    def __init__(self, id: _Optional[str] = ..., show_titles: _Optional[bool] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revoked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., token: _Optional[str] = ...) -> None: ...

class NetworkMember(_message.Message):
    __slots__ = ("id", "name", "kind", "relation", "circle", "can_help_with", "contact", "created_at", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    RELATION_FIELD_NUMBER: _ClassVar[int]
    CIRCLE_FIELD_NUMBER: _ClassVar[int]
    CAN_HELP_WITH_FIELD_NUMBER: _ClassVar[int]
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    kind: str
    relation: str
    circle: str
    can_help_with: str
    contact: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., kind: _Optional[str] = ..., relation: _Optional[str] = ..., circle: _Optional[str] = ..., can_help_with: _Optional[str] = ..., contact: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PlanContact(_message.Message):
    __slots__ = ("name", "phone", "note")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    name: str
    phone: str
    note: str
    def __init__(self, name: _Optional[str] = ..., phone: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class CrisisPlan(_message.Message):
    __slots__ = ("warning_signs", "coping_strategies", "distractions", "ask_for_help", "professionals", "safe_environment", "reasons_for_living")
    WARNING_SIGNS_FIELD_NUMBER: _ClassVar[int]
    COPING_STRATEGIES_FIELD_NUMBER: _ClassVar[int]
    DISTRACTIONS_FIELD_NUMBER: _ClassVar[int]
    ASK_FOR_HELP_FIELD_NUMBER: _ClassVar[int]
    PROFESSIONALS_FIELD_NUMBER: _ClassVar[int]
    SAFE_ENVIRONMENT_FIELD_NUMBER: _ClassVar[int]
    REASONS_FOR_LIVING_FIELD_NUMBER: _ClassVar[int]
    warning_signs: _containers.RepeatedScalarFieldContainer[str]
    coping_strategies: _containers.RepeatedScalarFieldContainer[str]
    distractions: _containers.RepeatedCompositeFieldContainer[PlanContact]
    ask_for_help: _containers.RepeatedCompositeFieldContainer[PlanContact]
    professionals: _containers.RepeatedCompositeFieldContainer[PlanContact]
    safe_environment: _containers.RepeatedScalarFieldContainer[str]
    reasons_for_living: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, warning_signs: _Optional[_Iterable[str]] = ..., coping_strategies: _Optional[_Iterable[str]] = ..., distractions: _Optional[_Iterable[_Union[PlanContact, _Mapping]]] = ..., ask_for_help: _Optional[_Iterable[_Union[PlanContact, _Mapping]]] = ..., professionals: _Optional[_Iterable[_Union[PlanContact, _Mapping]]] = ..., safe_environment: _Optional[_Iterable[str]] = ..., reasons_for_living: _Optional[_Iterable[str]] = ...) -> None: ...

class CrisisPlanVersion(_message.Message):
    __slots__ = ("version", "plan", "saved_at")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    PLAN_FIELD_NUMBER: _ClassVar[int]
    SAVED_AT_FIELD_NUMBER: _ClassVar[int]
    version: int
    plan: CrisisPlan
    saved_at: _timestamp_pb2.Timestamp
    def __init__(self, version: _Optional[int] = ..., plan: _Optional[_Union[CrisisPlan, _Mapping]] = ..., saved_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Exercise(_message.Message):
    __slots__ = ("id", "category", "title_nb", "title_en", "body_nb", "body_en", "duration_minutes", "archived", "created_at", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    TITLE_NB_FIELD_NUMBER: _ClassVar[int]
    TITLE_EN_FIELD_NUMBER: _ClassVar[int]
    BODY_NB_FIELD_NUMBER: _ClassVar[int]
    BODY_EN_FIELD_NUMBER: _ClassVar[int]
    DURATION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    category: str
    title_nb: str
    title_en: str
    body_nb: str
    body_en: str
    duration_minutes: int
    archived: bool
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., category: _Optional[str] = ..., title_nb: _Optional[str] = ..., title_en: _Optional[str] = ..., body_nb: _Optional[str] = ..., body_en: _Optional[str] = ..., duration_minutes: _Optional[int] = ..., archived: _Optional[bool] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ExerciseLogEntry(_message.Message):
    __slots__ = ("id", "exercise_id", "exercise_title_nb", "exercise_title_en", "feeling", "note", "done_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    EXERCISE_ID_FIELD_NUMBER: _ClassVar[int]
    EXERCISE_TITLE_NB_FIELD_NUMBER: _ClassVar[int]
    EXERCISE_TITLE_EN_FIELD_NUMBER: _ClassVar[int]
    FEELING_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    DONE_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    exercise_id: str
    exercise_title_nb: str
    exercise_title_en: str
    feeling: int
    note: str
    done_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., exercise_id: _Optional[str] = ..., exercise_title_nb: _Optional[str] = ..., exercise_title_en: _Optional[str] = ..., feeling: _Optional[int] = ..., note: _Optional[str] = ..., done_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Medication(_message.Message):
    __slots__ = ("id", "name", "strength", "dose", "schedule", "purpose", "prescriber", "started_on", "stopped_on", "notes", "created_at", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    STRENGTH_FIELD_NUMBER: _ClassVar[int]
    DOSE_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    PRESCRIBER_FIELD_NUMBER: _ClassVar[int]
    STARTED_ON_FIELD_NUMBER: _ClassVar[int]
    STOPPED_ON_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    strength: str
    dose: str
    schedule: str
    purpose: str
    prescriber: str
    started_on: str
    stopped_on: str
    notes: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., strength: _Optional[str] = ..., dose: _Optional[str] = ..., schedule: _Optional[str] = ..., purpose: _Optional[str] = ..., prescriber: _Optional[str] = ..., started_on: _Optional[str] = ..., stopped_on: _Optional[str] = ..., notes: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class InfoItem(_message.Message):
    __slots__ = ("id", "kind", "category", "language", "title", "body", "url", "position", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    kind: str
    category: str
    language: str
    title: str
    body: str
    url: str
    position: int
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., kind: _Optional[str] = ..., category: _Optional[str] = ..., language: _Optional[str] = ..., title: _Optional[str] = ..., body: _Optional[str] = ..., url: _Optional[str] = ..., position: _Optional[int] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Share(_message.Message):
    __slots__ = ("provider_id", "section", "granted_at", "revoked_at")
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    SECTION_FIELD_NUMBER: _ClassVar[int]
    GRANTED_AT_FIELD_NUMBER: _ClassVar[int]
    REVOKED_AT_FIELD_NUMBER: _ClassVar[int]
    provider_id: str
    section: str
    granted_at: _timestamp_pb2.Timestamp
    revoked_at: _timestamp_pb2.Timestamp
    def __init__(self, provider_id: _Optional[str] = ..., section: _Optional[str] = ..., granted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revoked_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class AccessLogEntry(_message.Message):
    __slots__ = ("provider_id", "section", "at")
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    SECTION_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    provider_id: str
    section: str
    at: _timestamp_pb2.Timestamp
    def __init__(self, provider_id: _Optional[str] = ..., section: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SharedWithMe(_message.Message):
    __slots__ = ("service_user_id", "service_user_pseudonym", "sections")
    SERVICE_USER_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_USER_PSEUDONYM_FIELD_NUMBER: _ClassVar[int]
    SECTIONS_FIELD_NUMBER: _ClassVar[int]
    service_user_id: str
    service_user_pseudonym: str
    sections: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, service_user_id: _Optional[str] = ..., service_user_pseudonym: _Optional[str] = ..., sections: _Optional[_Iterable[str]] = ...) -> None: ...

class ListValuesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListValuesResponse(_message.Message):
    __slots__ = ("values",)
    VALUES_FIELD_NUMBER: _ClassVar[int]
    values: _containers.RepeatedCompositeFieldContainer[Value]
    def __init__(self, values: _Optional[_Iterable[_Union[Value, _Mapping]]] = ...) -> None: ...

class AddValueRequest(_message.Message):
    __slots__ = ("text",)
    TEXT_FIELD_NUMBER: _ClassVar[int]
    text: str
    def __init__(self, text: _Optional[str] = ...) -> None: ...

class UpdateValueRequest(_message.Message):
    __slots__ = ("id", "text")
    ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    id: str
    text: str
    def __init__(self, id: _Optional[str] = ..., text: _Optional[str] = ...) -> None: ...

class DeleteRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class DeleteResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListLifeDomainsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListLifeDomainsResponse(_message.Message):
    __slots__ = ("domains",)
    DOMAINS_FIELD_NUMBER: _ClassVar[int]
    domains: _containers.RepeatedCompositeFieldContainer[LifeDomain]
    def __init__(self, domains: _Optional[_Iterable[_Union[LifeDomain, _Mapping]]] = ...) -> None: ...

class CreateLifeDomainRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class RenameLifeDomainRequest(_message.Message):
    __slots__ = ("id", "name")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class RecordDomainStatusRequest(_message.Message):
    __slots__ = ("domain", "text", "rating", "recorded_on")
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    RATING_FIELD_NUMBER: _ClassVar[int]
    RECORDED_ON_FIELD_NUMBER: _ClassVar[int]
    domain: str
    text: str
    rating: int
    recorded_on: str
    def __init__(self, domain: _Optional[str] = ..., text: _Optional[str] = ..., rating: _Optional[int] = ..., recorded_on: _Optional[str] = ...) -> None: ...

class ListDomainStatusesRequest(_message.Message):
    __slots__ = ("domain",)
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    domain: str
    def __init__(self, domain: _Optional[str] = ...) -> None: ...

class ListDomainStatusesResponse(_message.Message):
    __slots__ = ("statuses",)
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    statuses: _containers.RepeatedCompositeFieldContainer[DomainStatus]
    def __init__(self, statuses: _Optional[_Iterable[_Union[DomainStatus, _Mapping]]] = ...) -> None: ...

class ListGoalsRequest(_message.Message):
    __slots__ = ("domain", "include_closed")
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_CLOSED_FIELD_NUMBER: _ClassVar[int]
    domain: str
    include_closed: bool
    def __init__(self, domain: _Optional[str] = ..., include_closed: _Optional[bool] = ...) -> None: ...

class ListGoalsResponse(_message.Message):
    __slots__ = ("goals",)
    GOALS_FIELD_NUMBER: _ClassVar[int]
    goals: _containers.RepeatedCompositeFieldContainer[Goal]
    def __init__(self, goals: _Optional[_Iterable[_Union[Goal, _Mapping]]] = ...) -> None: ...

class GetGoalRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class CreateGoalRequest(_message.Message):
    __slots__ = ("domain", "title", "description", "target_date", "steps")
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TARGET_DATE_FIELD_NUMBER: _ClassVar[int]
    STEPS_FIELD_NUMBER: _ClassVar[int]
    domain: str
    title: str
    description: str
    target_date: str
    steps: _containers.RepeatedCompositeFieldContainer[AddStepRequest]
    def __init__(self, domain: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., target_date: _Optional[str] = ..., steps: _Optional[_Iterable[_Union[AddStepRequest, _Mapping]]] = ...) -> None: ...

class UpdateGoalRequest(_message.Message):
    __slots__ = ("id", "domain", "title", "description", "target_date", "status")
    ID_FIELD_NUMBER: _ClassVar[int]
    DOMAIN_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TARGET_DATE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    id: str
    domain: str
    title: str
    description: str
    target_date: str
    status: str
    def __init__(self, id: _Optional[str] = ..., domain: _Optional[str] = ..., title: _Optional[str] = ..., description: _Optional[str] = ..., target_date: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class AddStepRequest(_message.Message):
    __slots__ = ("goal_id", "text", "due_date")
    GOAL_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    goal_id: str
    text: str
    due_date: str
    def __init__(self, goal_id: _Optional[str] = ..., text: _Optional[str] = ..., due_date: _Optional[str] = ...) -> None: ...

class UpdateStepRequest(_message.Message):
    __slots__ = ("id", "text", "due_date", "status")
    ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    DUE_DATE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    id: str
    text: str
    due_date: str
    status: str
    def __init__(self, id: _Optional[str] = ..., text: _Optional[str] = ..., due_date: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class ActivityInput(_message.Message):
    __slots__ = ("title", "notes", "starts_on", "start_time", "duration_minutes", "repeat", "repeat_until", "goal_id")
    TITLE_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    STARTS_ON_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    DURATION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    REPEAT_FIELD_NUMBER: _ClassVar[int]
    REPEAT_UNTIL_FIELD_NUMBER: _ClassVar[int]
    GOAL_ID_FIELD_NUMBER: _ClassVar[int]
    title: str
    notes: str
    starts_on: str
    start_time: str
    duration_minutes: int
    repeat: str
    repeat_until: str
    goal_id: str
    def __init__(self, title: _Optional[str] = ..., notes: _Optional[str] = ..., starts_on: _Optional[str] = ..., start_time: _Optional[str] = ..., duration_minutes: _Optional[int] = ..., repeat: _Optional[str] = ..., repeat_until: _Optional[str] = ..., goal_id: _Optional[str] = ...) -> None: ...

class CreateActivityRequest(_message.Message):
    __slots__ = ("activity",)
    ACTIVITY_FIELD_NUMBER: _ClassVar[int]
    activity: ActivityInput
    def __init__(self, activity: _Optional[_Union[ActivityInput, _Mapping]] = ...) -> None: ...

class UpdateActivityRequest(_message.Message):
    __slots__ = ("id", "activity")
    ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVITY_FIELD_NUMBER: _ClassVar[int]
    id: str
    activity: ActivityInput
    def __init__(self, id: _Optional[str] = ..., activity: _Optional[_Union[ActivityInput, _Mapping]] = ...) -> None: ...

class ListActivitiesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListActivitiesResponse(_message.Message):
    __slots__ = ("activities",)
    ACTIVITIES_FIELD_NUMBER: _ClassVar[int]
    activities: _containers.RepeatedCompositeFieldContainer[Activity]
    def __init__(self, activities: _Optional[_Iterable[_Union[Activity, _Mapping]]] = ...) -> None: ...

class ListOccurrencesRequest(_message.Message):
    __slots__ = ("to",)
    FROM_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    to: str
    def __init__(self, to: _Optional[str] = ..., **kwargs) -> None: ...

class ListOccurrencesResponse(_message.Message):
    __slots__ = ("occurrences",)
    OCCURRENCES_FIELD_NUMBER: _ClassVar[int]
    occurrences: _containers.RepeatedCompositeFieldContainer[Occurrence]
    def __init__(self, occurrences: _Optional[_Iterable[_Union[Occurrence, _Mapping]]] = ...) -> None: ...

class MarkDoneRequest(_message.Message):
    __slots__ = ("activity_id", "date", "done")
    ACTIVITY_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    DONE_FIELD_NUMBER: _ClassVar[int]
    activity_id: str
    date: str
    done: bool
    def __init__(self, activity_id: _Optional[str] = ..., date: _Optional[str] = ..., done: _Optional[bool] = ...) -> None: ...

class CreateCalendarFeedRequest(_message.Message):
    __slots__ = ("show_titles",)
    SHOW_TITLES_FIELD_NUMBER: _ClassVar[int]
    show_titles: bool
    def __init__(self, show_titles: _Optional[bool] = ...) -> None: ...

class ListCalendarFeedsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListCalendarFeedsResponse(_message.Message):
    __slots__ = ("feeds",)
    FEEDS_FIELD_NUMBER: _ClassVar[int]
    feeds: _containers.RepeatedCompositeFieldContainer[CalendarFeed]
    def __init__(self, feeds: _Optional[_Iterable[_Union[CalendarFeed, _Mapping]]] = ...) -> None: ...

class RevokeCalendarFeedRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class GetCalendarRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class GetCalendarResponse(_message.Message):
    __slots__ = ("ics",)
    ICS_FIELD_NUMBER: _ClassVar[int]
    ics: str
    def __init__(self, ics: _Optional[str] = ...) -> None: ...

class NetworkMemberInput(_message.Message):
    __slots__ = ("name", "kind", "relation", "circle", "can_help_with", "contact")
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    RELATION_FIELD_NUMBER: _ClassVar[int]
    CIRCLE_FIELD_NUMBER: _ClassVar[int]
    CAN_HELP_WITH_FIELD_NUMBER: _ClassVar[int]
    CONTACT_FIELD_NUMBER: _ClassVar[int]
    name: str
    kind: str
    relation: str
    circle: str
    can_help_with: str
    contact: str
    def __init__(self, name: _Optional[str] = ..., kind: _Optional[str] = ..., relation: _Optional[str] = ..., circle: _Optional[str] = ..., can_help_with: _Optional[str] = ..., contact: _Optional[str] = ...) -> None: ...

class AddNetworkMemberRequest(_message.Message):
    __slots__ = ("member",)
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    member: NetworkMemberInput
    def __init__(self, member: _Optional[_Union[NetworkMemberInput, _Mapping]] = ...) -> None: ...

class UpdateNetworkMemberRequest(_message.Message):
    __slots__ = ("id", "member")
    ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    id: str
    member: NetworkMemberInput
    def __init__(self, id: _Optional[str] = ..., member: _Optional[_Union[NetworkMemberInput, _Mapping]] = ...) -> None: ...

class ListNetworkRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListNetworkResponse(_message.Message):
    __slots__ = ("members",)
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    members: _containers.RepeatedCompositeFieldContainer[NetworkMember]
    def __init__(self, members: _Optional[_Iterable[_Union[NetworkMember, _Mapping]]] = ...) -> None: ...

class GetCrisisPlanRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SaveCrisisPlanRequest(_message.Message):
    __slots__ = ("plan",)
    PLAN_FIELD_NUMBER: _ClassVar[int]
    plan: CrisisPlan
    def __init__(self, plan: _Optional[_Union[CrisisPlan, _Mapping]] = ...) -> None: ...

class ListCrisisPlanVersionsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListCrisisPlanVersionsResponse(_message.Message):
    __slots__ = ("versions",)
    VERSIONS_FIELD_NUMBER: _ClassVar[int]
    versions: _containers.RepeatedCompositeFieldContainer[CrisisPlanVersion]
    def __init__(self, versions: _Optional[_Iterable[_Union[CrisisPlanVersion, _Mapping]]] = ...) -> None: ...

class DeleteCrisisPlanRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SendCrisisPlanRequest(_message.Message):
    __slots__ = ("provider_id", "note")
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    provider_id: str
    note: str
    def __init__(self, provider_id: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class SendCrisisPlanResponse(_message.Message):
    __slots__ = ("conversation_id",)
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    def __init__(self, conversation_id: _Optional[str] = ...) -> None: ...

class ExerciseInput(_message.Message):
    __slots__ = ("category", "title_nb", "title_en", "body_nb", "body_en", "duration_minutes")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    TITLE_NB_FIELD_NUMBER: _ClassVar[int]
    TITLE_EN_FIELD_NUMBER: _ClassVar[int]
    BODY_NB_FIELD_NUMBER: _ClassVar[int]
    BODY_EN_FIELD_NUMBER: _ClassVar[int]
    DURATION_MINUTES_FIELD_NUMBER: _ClassVar[int]
    category: str
    title_nb: str
    title_en: str
    body_nb: str
    body_en: str
    duration_minutes: int
    def __init__(self, category: _Optional[str] = ..., title_nb: _Optional[str] = ..., title_en: _Optional[str] = ..., body_nb: _Optional[str] = ..., body_en: _Optional[str] = ..., duration_minutes: _Optional[int] = ...) -> None: ...

class CreateExerciseRequest(_message.Message):
    __slots__ = ("exercise",)
    EXERCISE_FIELD_NUMBER: _ClassVar[int]
    exercise: ExerciseInput
    def __init__(self, exercise: _Optional[_Union[ExerciseInput, _Mapping]] = ...) -> None: ...

class UpdateExerciseRequest(_message.Message):
    __slots__ = ("id", "exercise", "archived")
    ID_FIELD_NUMBER: _ClassVar[int]
    EXERCISE_FIELD_NUMBER: _ClassVar[int]
    ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    id: str
    exercise: ExerciseInput
    archived: bool
    def __init__(self, id: _Optional[str] = ..., exercise: _Optional[_Union[ExerciseInput, _Mapping]] = ..., archived: _Optional[bool] = ...) -> None: ...

class ListExercisesRequest(_message.Message):
    __slots__ = ("category", "include_archived")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ARCHIVED_FIELD_NUMBER: _ClassVar[int]
    category: str
    include_archived: bool
    def __init__(self, category: _Optional[str] = ..., include_archived: _Optional[bool] = ...) -> None: ...

class ListExercisesResponse(_message.Message):
    __slots__ = ("exercises",)
    EXERCISES_FIELD_NUMBER: _ClassVar[int]
    exercises: _containers.RepeatedCompositeFieldContainer[Exercise]
    def __init__(self, exercises: _Optional[_Iterable[_Union[Exercise, _Mapping]]] = ...) -> None: ...

class LogExerciseRequest(_message.Message):
    __slots__ = ("exercise_id", "feeling", "note", "done_at")
    EXERCISE_ID_FIELD_NUMBER: _ClassVar[int]
    FEELING_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    DONE_AT_FIELD_NUMBER: _ClassVar[int]
    exercise_id: str
    feeling: int
    note: str
    done_at: _timestamp_pb2.Timestamp
    def __init__(self, exercise_id: _Optional[str] = ..., feeling: _Optional[int] = ..., note: _Optional[str] = ..., done_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListExerciseLogRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListExerciseLogResponse(_message.Message):
    __slots__ = ("entries",)
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[ExerciseLogEntry]
    def __init__(self, entries: _Optional[_Iterable[_Union[ExerciseLogEntry, _Mapping]]] = ...) -> None: ...

class MedicationInput(_message.Message):
    __slots__ = ("name", "strength", "dose", "schedule", "purpose", "prescriber", "started_on", "stopped_on", "notes")
    NAME_FIELD_NUMBER: _ClassVar[int]
    STRENGTH_FIELD_NUMBER: _ClassVar[int]
    DOSE_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    PRESCRIBER_FIELD_NUMBER: _ClassVar[int]
    STARTED_ON_FIELD_NUMBER: _ClassVar[int]
    STOPPED_ON_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    name: str
    strength: str
    dose: str
    schedule: str
    purpose: str
    prescriber: str
    started_on: str
    stopped_on: str
    notes: str
    def __init__(self, name: _Optional[str] = ..., strength: _Optional[str] = ..., dose: _Optional[str] = ..., schedule: _Optional[str] = ..., purpose: _Optional[str] = ..., prescriber: _Optional[str] = ..., started_on: _Optional[str] = ..., stopped_on: _Optional[str] = ..., notes: _Optional[str] = ...) -> None: ...

class AddMedicationRequest(_message.Message):
    __slots__ = ("medication",)
    MEDICATION_FIELD_NUMBER: _ClassVar[int]
    medication: MedicationInput
    def __init__(self, medication: _Optional[_Union[MedicationInput, _Mapping]] = ...) -> None: ...

class UpdateMedicationRequest(_message.Message):
    __slots__ = ("id", "medication")
    ID_FIELD_NUMBER: _ClassVar[int]
    MEDICATION_FIELD_NUMBER: _ClassVar[int]
    id: str
    medication: MedicationInput
    def __init__(self, id: _Optional[str] = ..., medication: _Optional[_Union[MedicationInput, _Mapping]] = ...) -> None: ...

class ListMedicationsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListMedicationsResponse(_message.Message):
    __slots__ = ("medications",)
    MEDICATIONS_FIELD_NUMBER: _ClassVar[int]
    medications: _containers.RepeatedCompositeFieldContainer[Medication]
    def __init__(self, medications: _Optional[_Iterable[_Union[Medication, _Mapping]]] = ...) -> None: ...

class InfoItemInput(_message.Message):
    __slots__ = ("kind", "category", "language", "title", "body", "url", "position")
    KIND_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    kind: str
    category: str
    language: str
    title: str
    body: str
    url: str
    position: int
    def __init__(self, kind: _Optional[str] = ..., category: _Optional[str] = ..., language: _Optional[str] = ..., title: _Optional[str] = ..., body: _Optional[str] = ..., url: _Optional[str] = ..., position: _Optional[int] = ...) -> None: ...

class CreateInfoItemRequest(_message.Message):
    __slots__ = ("item",)
    ITEM_FIELD_NUMBER: _ClassVar[int]
    item: InfoItemInput
    def __init__(self, item: _Optional[_Union[InfoItemInput, _Mapping]] = ...) -> None: ...

class UpdateInfoItemRequest(_message.Message):
    __slots__ = ("id", "item")
    ID_FIELD_NUMBER: _ClassVar[int]
    ITEM_FIELD_NUMBER: _ClassVar[int]
    id: str
    item: InfoItemInput
    def __init__(self, id: _Optional[str] = ..., item: _Optional[_Union[InfoItemInput, _Mapping]] = ...) -> None: ...

class ListInfoItemsRequest(_message.Message):
    __slots__ = ("category", "language")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    category: str
    language: str
    def __init__(self, category: _Optional[str] = ..., language: _Optional[str] = ...) -> None: ...

class ListInfoItemsResponse(_message.Message):
    __slots__ = ("items",)
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[InfoItem]
    def __init__(self, items: _Optional[_Iterable[_Union[InfoItem, _Mapping]]] = ...) -> None: ...

class GrantShareRequest(_message.Message):
    __slots__ = ("provider_id", "sections")
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    SECTIONS_FIELD_NUMBER: _ClassVar[int]
    provider_id: str
    sections: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, provider_id: _Optional[str] = ..., sections: _Optional[_Iterable[str]] = ...) -> None: ...

class RevokeShareRequest(_message.Message):
    __slots__ = ("provider_id", "sections")
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    SECTIONS_FIELD_NUMBER: _ClassVar[int]
    provider_id: str
    sections: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, provider_id: _Optional[str] = ..., sections: _Optional[_Iterable[str]] = ...) -> None: ...

class ListSharesRequest(_message.Message):
    __slots__ = ("include_revoked",)
    INCLUDE_REVOKED_FIELD_NUMBER: _ClassVar[int]
    include_revoked: bool
    def __init__(self, include_revoked: _Optional[bool] = ...) -> None: ...

class ListSharesResponse(_message.Message):
    __slots__ = ("shares",)
    SHARES_FIELD_NUMBER: _ClassVar[int]
    shares: _containers.RepeatedCompositeFieldContainer[Share]
    def __init__(self, shares: _Optional[_Iterable[_Union[Share, _Mapping]]] = ...) -> None: ...

class ListAccessLogRequest(_message.Message):
    __slots__ = ("limit",)
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    limit: int
    def __init__(self, limit: _Optional[int] = ...) -> None: ...

class ListAccessLogResponse(_message.Message):
    __slots__ = ("entries",)
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[AccessLogEntry]
    def __init__(self, entries: _Optional[_Iterable[_Union[AccessLogEntry, _Mapping]]] = ...) -> None: ...

class ListSharedWithMeRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListSharedWithMeResponse(_message.Message):
    __slots__ = ("users",)
    USERS_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[SharedWithMe]
    def __init__(self, users: _Optional[_Iterable[_Union[SharedWithMe, _Mapping]]] = ...) -> None: ...

class GetSharedSectionRequest(_message.Message):
    __slots__ = ("service_user_id", "section")
    SERVICE_USER_ID_FIELD_NUMBER: _ClassVar[int]
    SECTION_FIELD_NUMBER: _ClassVar[int]
    service_user_id: str
    section: str
    def __init__(self, service_user_id: _Optional[str] = ..., section: _Optional[str] = ...) -> None: ...

class SharedSection(_message.Message):
    __slots__ = ("service_user_id", "section", "goals", "activities", "recent_and_upcoming", "network", "crisis_plan", "medications", "exercise_log")
    SERVICE_USER_ID_FIELD_NUMBER: _ClassVar[int]
    SECTION_FIELD_NUMBER: _ClassVar[int]
    GOALS_FIELD_NUMBER: _ClassVar[int]
    ACTIVITIES_FIELD_NUMBER: _ClassVar[int]
    RECENT_AND_UPCOMING_FIELD_NUMBER: _ClassVar[int]
    NETWORK_FIELD_NUMBER: _ClassVar[int]
    CRISIS_PLAN_FIELD_NUMBER: _ClassVar[int]
    MEDICATIONS_FIELD_NUMBER: _ClassVar[int]
    EXERCISE_LOG_FIELD_NUMBER: _ClassVar[int]
    service_user_id: str
    section: str
    goals: _containers.RepeatedCompositeFieldContainer[Goal]
    activities: _containers.RepeatedCompositeFieldContainer[Activity]
    recent_and_upcoming: _containers.RepeatedCompositeFieldContainer[Occurrence]
    network: _containers.RepeatedCompositeFieldContainer[NetworkMember]
    crisis_plan: CrisisPlanVersion
    medications: _containers.RepeatedCompositeFieldContainer[Medication]
    exercise_log: _containers.RepeatedCompositeFieldContainer[ExerciseLogEntry]
    def __init__(self, service_user_id: _Optional[str] = ..., section: _Optional[str] = ..., goals: _Optional[_Iterable[_Union[Goal, _Mapping]]] = ..., activities: _Optional[_Iterable[_Union[Activity, _Mapping]]] = ..., recent_and_upcoming: _Optional[_Iterable[_Union[Occurrence, _Mapping]]] = ..., network: _Optional[_Iterable[_Union[NetworkMember, _Mapping]]] = ..., crisis_plan: _Optional[_Union[CrisisPlanVersion, _Mapping]] = ..., medications: _Optional[_Iterable[_Union[Medication, _Mapping]]] = ..., exercise_log: _Optional[_Iterable[_Union[ExerciseLogEntry, _Mapping]]] = ...) -> None: ...

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

class EraseMyToolboxRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class EraseMyToolboxResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
