from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class PostCreated(_message.Message):
    __slots__ = ("post_id", "thread_id", "space_id", "author_id", "closed_thread", "audience_ids")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    THREAD_ID_FIELD_NUMBER: _ClassVar[int]
    SPACE_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    CLOSED_THREAD_FIELD_NUMBER: _ClassVar[int]
    AUDIENCE_IDS_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    thread_id: str
    space_id: str
    author_id: str
    closed_thread: bool
    audience_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, post_id: _Optional[str] = ..., thread_id: _Optional[str] = ..., space_id: _Optional[str] = ..., author_id: _Optional[str] = ..., closed_thread: _Optional[bool] = ..., audience_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ReplyToYourThread(_message.Message):
    __slots__ = ("post_id", "thread_id", "thread_author_id", "replier_id")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    THREAD_ID_FIELD_NUMBER: _ClassVar[int]
    THREAD_AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    REPLIER_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    thread_id: str
    thread_author_id: str
    replier_id: str
    def __init__(self, post_id: _Optional[str] = ..., thread_id: _Optional[str] = ..., thread_author_id: _Optional[str] = ..., replier_id: _Optional[str] = ...) -> None: ...

class Mention(_message.Message):
    __slots__ = ("post_id", "thread_id", "mentioned_id", "author_id")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    THREAD_ID_FIELD_NUMBER: _ClassVar[int]
    MENTIONED_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    thread_id: str
    mentioned_id: str
    author_id: str
    def __init__(self, post_id: _Optional[str] = ..., thread_id: _Optional[str] = ..., mentioned_id: _Optional[str] = ..., author_id: _Optional[str] = ...) -> None: ...

class PostFlagged(_message.Message):
    __slots__ = ("flag_id", "post_id", "space_id", "moderator_ids")
    FLAG_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    SPACE_ID_FIELD_NUMBER: _ClassVar[int]
    MODERATOR_IDS_FIELD_NUMBER: _ClassVar[int]
    flag_id: str
    post_id: str
    space_id: str
    moderator_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, flag_id: _Optional[str] = ..., post_id: _Optional[str] = ..., space_id: _Optional[str] = ..., moderator_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class CrisisFlagged(_message.Message):
    __slots__ = ("flag_id", "post_id", "space_id", "moderator_ids")
    FLAG_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    SPACE_ID_FIELD_NUMBER: _ClassVar[int]
    MODERATOR_IDS_FIELD_NUMBER: _ClassVar[int]
    flag_id: str
    post_id: str
    space_id: str
    moderator_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, flag_id: _Optional[str] = ..., post_id: _Optional[str] = ..., space_id: _Optional[str] = ..., moderator_ids: _Optional[_Iterable[str]] = ...) -> None: ...
