from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class ConversationStarted(_message.Message):
    __slots__ = ("conversation_id", "participant_ids")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANT_IDS_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    participant_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, conversation_id: _Optional[str] = ..., participant_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class MessageSent(_message.Message):
    __slots__ = ("conversation_id", "message_id", "sender_id", "recipient_ids", "sender_role")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    SENDER_ID_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_IDS_FIELD_NUMBER: _ClassVar[int]
    SENDER_ROLE_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    message_id: str
    sender_id: str
    recipient_ids: _containers.RepeatedScalarFieldContainer[str]
    sender_role: str
    def __init__(self, conversation_id: _Optional[str] = ..., message_id: _Optional[str] = ..., sender_id: _Optional[str] = ..., recipient_ids: _Optional[_Iterable[str]] = ..., sender_role: _Optional[str] = ...) -> None: ...

class MessageRetracted(_message.Message):
    __slots__ = ("conversation_id", "message_id")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    message_id: str
    def __init__(self, conversation_id: _Optional[str] = ..., message_id: _Optional[str] = ...) -> None: ...
