from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class GoalCompleted(_message.Message):
    __slots__ = ("goal_id", "owner_id")
    GOAL_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    goal_id: str
    owner_id: str
    def __init__(self, goal_id: _Optional[str] = ..., owner_id: _Optional[str] = ...) -> None: ...

class CrisisPlanUpdated(_message.Message):
    __slots__ = ("owner_id", "version")
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    owner_id: str
    version: int
    def __init__(self, owner_id: _Optional[str] = ..., version: _Optional[int] = ...) -> None: ...

class ShareGranted(_message.Message):
    __slots__ = ("owner_id", "provider_id", "section")
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    SECTION_FIELD_NUMBER: _ClassVar[int]
    owner_id: str
    provider_id: str
    section: str
    def __init__(self, owner_id: _Optional[str] = ..., provider_id: _Optional[str] = ..., section: _Optional[str] = ...) -> None: ...

class ShareRevoked(_message.Message):
    __slots__ = ("owner_id", "provider_id", "section")
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    SECTION_FIELD_NUMBER: _ClassVar[int]
    owner_id: str
    provider_id: str
    section: str
    def __init__(self, owner_id: _Optional[str] = ..., provider_id: _Optional[str] = ..., section: _Optional[str] = ...) -> None: ...
