from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class AccountCreated(_message.Message):
    __slots__ = ("account_id", "roles")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    roles: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, account_id: _Optional[str] = ..., roles: _Optional[_Iterable[str]] = ...) -> None: ...

class PseudonymChanged(_message.Message):
    __slots__ = ("account_id", "pseudonym")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    PSEUDONYM_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    pseudonym: str
    def __init__(self, account_id: _Optional[str] = ..., pseudonym: _Optional[str] = ...) -> None: ...

class CareRelationshipAdded(_message.Message):
    __slots__ = ("relationship_id", "provider_id", "service_user_id")
    RELATIONSHIP_ID_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_USER_ID_FIELD_NUMBER: _ClassVar[int]
    relationship_id: str
    provider_id: str
    service_user_id: str
    def __init__(self, relationship_id: _Optional[str] = ..., provider_id: _Optional[str] = ..., service_user_id: _Optional[str] = ...) -> None: ...

class CareRelationshipRemoved(_message.Message):
    __slots__ = ("relationship_id", "provider_id", "service_user_id")
    RELATIONSHIP_ID_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_USER_ID_FIELD_NUMBER: _ClassVar[int]
    relationship_id: str
    provider_id: str
    service_user_id: str
    def __init__(self, relationship_id: _Optional[str] = ..., provider_id: _Optional[str] = ..., service_user_id: _Optional[str] = ...) -> None: ...

class ConsentGiven(_message.Message):
    __slots__ = ("account_id", "kind", "version")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    kind: str
    version: str
    def __init__(self, account_id: _Optional[str] = ..., kind: _Optional[str] = ..., version: _Optional[str] = ...) -> None: ...

class RevealRevoked(_message.Message):
    __slots__ = ("account_id", "viewer_id")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    viewer_id: str
    def __init__(self, account_id: _Optional[str] = ..., viewer_id: _Optional[str] = ...) -> None: ...

class CircleMembershipChanged(_message.Message):
    __slots__ = ("circle_id", "account_id", "member")
    CIRCLE_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    circle_id: str
    account_id: str
    member: bool
    def __init__(self, circle_id: _Optional[str] = ..., account_id: _Optional[str] = ..., member: _Optional[bool] = ...) -> None: ...

class SessionEnded(_message.Message):
    __slots__ = ("account_id", "session_id", "ended_at")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    ENDED_AT_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    session_id: str
    ended_at: int
    def __init__(self, account_id: _Optional[str] = ..., session_id: _Optional[str] = ..., ended_at: _Optional[int] = ...) -> None: ...
