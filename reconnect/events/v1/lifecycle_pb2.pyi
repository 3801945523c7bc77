from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class AccountErased(_message.Message):
    __slots__ = ("account_id",)
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    def __init__(self, account_id: _Optional[str] = ...) -> None: ...

class ErasureCompleted(_message.Message):
    __slots__ = ("account_id", "service")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    service: str
    def __init__(self, account_id: _Optional[str] = ..., service: _Optional[str] = ...) -> None: ...

class AccountActiveChanged(_message.Message):
    __slots__ = ("account_id", "active")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    active: bool
    def __init__(self, account_id: _Optional[str] = ..., active: _Optional[bool] = ...) -> None: ...

class AccountMoved(_message.Message):
    __slots__ = ("account_id", "from_tenant", "to_tenant")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_TENANT_FIELD_NUMBER: _ClassVar[int]
    TO_TENANT_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    from_tenant: str
    to_tenant: str
    def __init__(self, account_id: _Optional[str] = ..., from_tenant: _Optional[str] = ..., to_tenant: _Optional[str] = ...) -> None: ...
