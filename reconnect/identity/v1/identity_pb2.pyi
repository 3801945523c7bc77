import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Role(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ROLE_UNSPECIFIED: _ClassVar[Role]
    ROLE_SERVICE_USER: _ClassVar[Role]
    ROLE_HEALTH_PROVIDER: _ClassVar[Role]
    ROLE_PEER_MODERATOR: _ClassVar[Role]
    ROLE_TENANT_ADMIN: _ClassVar[Role]
    ROLE_REGION_ADMIN: _ClassVar[Role]
    ROLE_RESEARCHER: _ClassVar[Role]

class ConsentKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONSENT_KIND_UNSPECIFIED: _ClassVar[ConsentKind]
    CONSENT_KIND_TERMS: _ClassVar[ConsentKind]
    CONSENT_KIND_RESEARCH: _ClassVar[ConsentKind]

class RevealedNameKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REVEALED_NAME_KIND_UNSPECIFIED: _ClassVar[RevealedNameKind]
    REVEALED_NAME_KIND_FIRST_NAME: _ClassVar[RevealedNameKind]
    REVEALED_NAME_KIND_CAFE_NAME: _ClassVar[RevealedNameKind]

class AccountMoveState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ACCOUNT_MOVE_STATE_UNSPECIFIED: _ClassVar[AccountMoveState]
    ACCOUNT_MOVE_STATE_PENDING: _ClassVar[AccountMoveState]
    ACCOUNT_MOVE_STATE_ACCEPTED: _ClassVar[AccountMoveState]
    ACCOUNT_MOVE_STATE_CANCELLED: _ClassVar[AccountMoveState]
ROLE_UNSPECIFIED: Role
ROLE_SERVICE_USER: Role
ROLE_HEALTH_PROVIDER: Role
ROLE_PEER_MODERATOR: Role
ROLE_TENANT_ADMIN: Role
ROLE_REGION_ADMIN: Role
ROLE_RESEARCHER: Role
CONSENT_KIND_UNSPECIFIED: ConsentKind
CONSENT_KIND_TERMS: ConsentKind
CONSENT_KIND_RESEARCH: ConsentKind
REVEALED_NAME_KIND_UNSPECIFIED: RevealedNameKind
REVEALED_NAME_KIND_FIRST_NAME: RevealedNameKind
REVEALED_NAME_KIND_CAFE_NAME: RevealedNameKind
ACCOUNT_MOVE_STATE_UNSPECIFIED: AccountMoveState
ACCOUNT_MOVE_STATE_PENDING: AccountMoveState
ACCOUNT_MOVE_STATE_ACCEPTED: AccountMoveState
ACCOUNT_MOVE_STATE_CANCELLED: AccountMoveState

class Tenant(_message.Message):
    __slots__ = ("id", "slug", "name", "locale", "time_zone", "hosts")
    ID_FIELD_NUMBER: _ClassVar[int]
    SLUG_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    LOCALE_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    HOSTS_FIELD_NUMBER: _ClassVar[int]
    id: str
    slug: str
    name: str
    locale: str
    time_zone: str
    hosts: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., slug: _Optional[str] = ..., name: _Optional[str] = ..., locale: _Optional[str] = ..., time_zone: _Optional[str] = ..., hosts: _Optional[_Iterable[str]] = ...) -> None: ...

class Account(_message.Message):
    __slots__ = ("id", "tenant", "username", "roles", "pseudonym", "real_name", "email", "phone", "created_at", "active")
    ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    PSEUDONYM_FIELD_NUMBER: _ClassVar[int]
    REAL_NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    id: str
    tenant: str
    username: str
    roles: _containers.RepeatedScalarFieldContainer[Role]
    pseudonym: str
    real_name: str
    email: str
    phone: str
    created_at: _timestamp_pb2.Timestamp
    active: bool
    def __init__(self, id: _Optional[str] = ..., tenant: _Optional[str] = ..., username: _Optional[str] = ..., roles: _Optional[_Iterable[_Union[Role, str]]] = ..., pseudonym: _Optional[str] = ..., real_name: _Optional[str] = ..., email: _Optional[str] = ..., phone: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., active: _Optional[bool] = ...) -> None: ...

class TokenPair(_message.Message):
    __slots__ = ("access_token", "access_expires_at", "refresh_token", "refresh_expires_at")
    ACCESS_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ACCESS_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    REFRESH_TOKEN_FIELD_NUMBER: _ClassVar[int]
    REFRESH_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    access_token: str
    access_expires_at: _timestamp_pb2.Timestamp
    refresh_token: str
    refresh_expires_at: _timestamp_pb2.Timestamp
    def __init__(self, access_token: _Optional[str] = ..., access_expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., refresh_token: _Optional[str] = ..., refresh_expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CareRelationship(_message.Message):
    __slots__ = ("id", "tenant", "provider_id", "service_user_id", "created_at", "provider_pseudonym", "service_user_pseudonym")
    ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_USER_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_PSEUDONYM_FIELD_NUMBER: _ClassVar[int]
    SERVICE_USER_PSEUDONYM_FIELD_NUMBER: _ClassVar[int]
    id: str
    tenant: str
    provider_id: str
    service_user_id: str
    created_at: _timestamp_pb2.Timestamp
    provider_pseudonym: str
    service_user_pseudonym: str
    def __init__(self, id: _Optional[str] = ..., tenant: _Optional[str] = ..., provider_id: _Optional[str] = ..., service_user_id: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., provider_pseudonym: _Optional[str] = ..., service_user_pseudonym: _Optional[str] = ...) -> None: ...

class Consent(_message.Message):
    __slots__ = ("kind", "version", "given_at", "withdrawn")
    KIND_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    GIVEN_AT_FIELD_NUMBER: _ClassVar[int]
    WITHDRAWN_FIELD_NUMBER: _ClassVar[int]
    kind: ConsentKind
    version: str
    given_at: _timestamp_pb2.Timestamp
    withdrawn: bool
    def __init__(self, kind: _Optional[_Union[ConsentKind, str]] = ..., version: _Optional[str] = ..., given_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., withdrawn: _Optional[bool] = ...) -> None: ...

class GetJwksRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Jwks(_message.Message):
    __slots__ = ("keys_json",)
    KEYS_JSON_FIELD_NUMBER: _ClassVar[int]
    keys_json: str
    def __init__(self, keys_json: _Optional[str] = ...) -> None: ...

class GetTenantRequest(_message.Message):
    __slots__ = ("slug", "host")
    SLUG_FIELD_NUMBER: _ClassVar[int]
    HOST_FIELD_NUMBER: _ClassVar[int]
    slug: str
    host: str
    def __init__(self, slug: _Optional[str] = ..., host: _Optional[str] = ...) -> None: ...

class ListTenantsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListTenantsResponse(_message.Message):
    __slots__ = ("tenants",)
    TENANTS_FIELD_NUMBER: _ClassVar[int]
    tenants: _containers.RepeatedCompositeFieldContainer[Tenant]
    def __init__(self, tenants: _Optional[_Iterable[_Union[Tenant, _Mapping]]] = ...) -> None: ...

class CreateTenantRequest(_message.Message):
    __slots__ = ("slug", "name", "locale", "time_zone", "hosts")
    SLUG_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    LOCALE_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    HOSTS_FIELD_NUMBER: _ClassVar[int]
    slug: str
    name: str
    locale: str
    time_zone: str
    hosts: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, slug: _Optional[str] = ..., name: _Optional[str] = ..., locale: _Optional[str] = ..., time_zone: _Optional[str] = ..., hosts: _Optional[_Iterable[str]] = ...) -> None: ...

class LoginRequest(_message.Message):
    __slots__ = ("tenant", "username", "password", "second_factor")
    TENANT_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    SECOND_FACTOR_FIELD_NUMBER: _ClassVar[int]
    tenant: str
    username: str
    password: str
    second_factor: str
    def __init__(self, tenant: _Optional[str] = ..., username: _Optional[str] = ..., password: _Optional[str] = ..., second_factor: _Optional[str] = ...) -> None: ...

class RefreshRequest(_message.Message):
    __slots__ = ("refresh_token",)
    REFRESH_TOKEN_FIELD_NUMBER: _ClassVar[int]
    refresh_token: str
    def __init__(self, refresh_token: _Optional[str] = ...) -> None: ...

class LogoutRequest(_message.Message):
    __slots__ = ("refresh_token",)
    REFRESH_TOKEN_FIELD_NUMBER: _ClassVar[int]
    refresh_token: str
    def __init__(self, refresh_token: _Optional[str] = ...) -> None: ...

class LogoutResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetMeRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SetPseudonymRequest(_message.Message):
    __slots__ = ("pseudonym",)
    PSEUDONYM_FIELD_NUMBER: _ClassVar[int]
    pseudonym: str
    def __init__(self, pseudonym: _Optional[str] = ...) -> None: ...

class CreateAccountRequest(_message.Message):
    __slots__ = ("tenant", "username", "password", "roles", "real_name", "email", "phone", "national_id")
    TENANT_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    REAL_NAME_FIELD_NUMBER: _ClassVar[int]
    EMAIL_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    NATIONAL_ID_FIELD_NUMBER: _ClassVar[int]
    tenant: str
    username: str
    password: str
    roles: _containers.RepeatedScalarFieldContainer[Role]
    real_name: str
    email: str
    phone: str
    national_id: str
    def __init__(self, tenant: _Optional[str] = ..., username: _Optional[str] = ..., password: _Optional[str] = ..., roles: _Optional[_Iterable[_Union[Role, str]]] = ..., real_name: _Optional[str] = ..., email: _Optional[str] = ..., phone: _Optional[str] = ..., national_id: _Optional[str] = ...) -> None: ...

class GetAccountRequest(_message.Message):
    __slots__ = ("account_id",)
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    def __init__(self, account_id: _Optional[str] = ...) -> None: ...

class ListAccountsRequest(_message.Message):
    __slots__ = ("tenant", "page_size", "page_token")
    TENANT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    tenant: str
    page_size: int
    page_token: str
    def __init__(self, tenant: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAccountsResponse(_message.Message):
    __slots__ = ("accounts", "next_page_token")
    ACCOUNTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    accounts: _containers.RepeatedCompositeFieldContainer[Account]
    next_page_token: str
    def __init__(self, accounts: _Optional[_Iterable[_Union[Account, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class AddCareRelationshipRequest(_message.Message):
    __slots__ = ("provider_id", "service_user_id")
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_USER_ID_FIELD_NUMBER: _ClassVar[int]
    provider_id: str
    service_user_id: str
    def __init__(self, provider_id: _Optional[str] = ..., service_user_id: _Optional[str] = ...) -> None: ...

class RemoveCareRelationshipRequest(_message.Message):
    __slots__ = ("relationship_id",)
    RELATIONSHIP_ID_FIELD_NUMBER: _ClassVar[int]
    relationship_id: str
    def __init__(self, relationship_id: _Optional[str] = ...) -> None: ...

class RemoveCareRelationshipResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListCareRelationshipsRequest(_message.Message):
    __slots__ = ("provider_id", "service_user_id")
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    SERVICE_USER_ID_FIELD_NUMBER: _ClassVar[int]
    provider_id: str
    service_user_id: str
    def __init__(self, provider_id: _Optional[str] = ..., service_user_id: _Optional[str] = ...) -> None: ...

class ListCareRelationshipsResponse(_message.Message):
    __slots__ = ("relationships",)
    RELATIONSHIPS_FIELD_NUMBER: _ClassVar[int]
    relationships: _containers.RepeatedCompositeFieldContainer[CareRelationship]
    def __init__(self, relationships: _Optional[_Iterable[_Union[CareRelationship, _Mapping]]] = ...) -> None: ...

class GiveConsentRequest(_message.Message):
    __slots__ = ("kind", "version")
    KIND_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    kind: ConsentKind
    version: str
    def __init__(self, kind: _Optional[_Union[ConsentKind, str]] = ..., version: _Optional[str] = ...) -> None: ...

class WithdrawConsentRequest(_message.Message):
    __slots__ = ("kind",)
    KIND_FIELD_NUMBER: _ClassVar[int]
    kind: ConsentKind
    def __init__(self, kind: _Optional[_Union[ConsentKind, str]] = ...) -> None: ...

class ListConsentsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListConsentsResponse(_message.Message):
    __slots__ = ("consents", "current_terms_version", "current_research_version")
    CONSENTS_FIELD_NUMBER: _ClassVar[int]
    CURRENT_TERMS_VERSION_FIELD_NUMBER: _ClassVar[int]
    CURRENT_RESEARCH_VERSION_FIELD_NUMBER: _ClassVar[int]
    consents: _containers.RepeatedCompositeFieldContainer[Consent]
    current_terms_version: str
    current_research_version: str
    def __init__(self, consents: _Optional[_Iterable[_Union[Consent, _Mapping]]] = ..., current_terms_version: _Optional[str] = ..., current_research_version: _Optional[str] = ...) -> None: ...

class Reveal(_message.Message):
    __slots__ = ("account_id", "viewer_id", "name", "pseudonym", "created_at")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PSEUDONYM_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    viewer_id: str
    name: str
    pseudonym: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, account_id: _Optional[str] = ..., viewer_id: _Optional[str] = ..., name: _Optional[str] = ..., pseudonym: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RevealToRequest(_message.Message):
    __slots__ = ("viewer_id", "name_kind", "cafe_name")
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_KIND_FIELD_NUMBER: _ClassVar[int]
    CAFE_NAME_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    name_kind: RevealedNameKind
    cafe_name: str
    def __init__(self, viewer_id: _Optional[str] = ..., name_kind: _Optional[_Union[RevealedNameKind, str]] = ..., cafe_name: _Optional[str] = ...) -> None: ...

class RevokeRevealRequest(_message.Message):
    __slots__ = ("viewer_id",)
    VIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    viewer_id: str
    def __init__(self, viewer_id: _Optional[str] = ...) -> None: ...

class RevokeRevealResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListRevealsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListRevealsResponse(_message.Message):
    __slots__ = ("given", "received")
    GIVEN_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_FIELD_NUMBER: _ClassVar[int]
    given: _containers.RepeatedCompositeFieldContainer[Reveal]
    received: _containers.RepeatedCompositeFieldContainer[Reveal]
    def __init__(self, given: _Optional[_Iterable[_Union[Reveal, _Mapping]]] = ..., received: _Optional[_Iterable[_Union[Reveal, _Mapping]]] = ...) -> None: ...

class ResolveNamesRequest(_message.Message):
    __slots__ = ("account_ids",)
    ACCOUNT_IDS_FIELD_NUMBER: _ClassVar[int]
    account_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, account_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class ResolvedName(_message.Message):
    __slots__ = ("account_id", "pseudonym", "revealed_name")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    PSEUDONYM_FIELD_NUMBER: _ClassVar[int]
    REVEALED_NAME_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    pseudonym: str
    revealed_name: str
    def __init__(self, account_id: _Optional[str] = ..., pseudonym: _Optional[str] = ..., revealed_name: _Optional[str] = ...) -> None: ...

class ResolveNamesResponse(_message.Message):
    __slots__ = ("names",)
    NAMES_FIELD_NUMBER: _ClassVar[int]
    names: _containers.RepeatedCompositeFieldContainer[ResolvedName]
    def __init__(self, names: _Optional[_Iterable[_Union[ResolvedName, _Mapping]]] = ...) -> None: ...

class CircleMember(_message.Message):
    __slots__ = ("account_id", "pseudonym", "revealed_name", "accepted")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    PSEUDONYM_FIELD_NUMBER: _ClassVar[int]
    REVEALED_NAME_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    pseudonym: str
    revealed_name: str
    accepted: bool
    def __init__(self, account_id: _Optional[str] = ..., pseudonym: _Optional[str] = ..., revealed_name: _Optional[str] = ..., accepted: _Optional[bool] = ...) -> None: ...

class Circle(_message.Message):
    __slots__ = ("id", "name", "members", "created_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    members: _containers.RepeatedCompositeFieldContainer[CircleMember]
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., members: _Optional[_Iterable[_Union[CircleMember, _Mapping]]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateCircleRequest(_message.Message):
    __slots__ = ("name", "name_kind", "cafe_name", "invitee_ids")
    NAME_FIELD_NUMBER: _ClassVar[int]
    NAME_KIND_FIELD_NUMBER: _ClassVar[int]
    CAFE_NAME_FIELD_NUMBER: _ClassVar[int]
    INVITEE_IDS_FIELD_NUMBER: _ClassVar[int]
    name: str
    name_kind: RevealedNameKind
    cafe_name: str
    invitee_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., name_kind: _Optional[_Union[RevealedNameKind, str]] = ..., cafe_name: _Optional[str] = ..., invitee_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class InviteToCircleRequest(_message.Message):
    __slots__ = ("circle_id", "account_id")
    CIRCLE_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    circle_id: str
    account_id: str
    def __init__(self, circle_id: _Optional[str] = ..., account_id: _Optional[str] = ...) -> None: ...

class AnswerCircleInvitationRequest(_message.Message):
    __slots__ = ("circle_id", "accept", "name_kind", "cafe_name")
    CIRCLE_ID_FIELD_NUMBER: _ClassVar[int]
    ACCEPT_FIELD_NUMBER: _ClassVar[int]
    NAME_KIND_FIELD_NUMBER: _ClassVar[int]
    CAFE_NAME_FIELD_NUMBER: _ClassVar[int]
    circle_id: str
    accept: bool
    name_kind: RevealedNameKind
    cafe_name: str
    def __init__(self, circle_id: _Optional[str] = ..., accept: _Optional[bool] = ..., name_kind: _Optional[_Union[RevealedNameKind, str]] = ..., cafe_name: _Optional[str] = ...) -> None: ...

class LeaveCircleRequest(_message.Message):
    __slots__ = ("circle_id",)
    CIRCLE_ID_FIELD_NUMBER: _ClassVar[int]
    circle_id: str
    def __init__(self, circle_id: _Optional[str] = ...) -> None: ...

class LeaveCircleResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListCirclesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListCirclesResponse(_message.Message):
    __slots__ = ("circles", "invitations")
    CIRCLES_FIELD_NUMBER: _ClassVar[int]
    INVITATIONS_FIELD_NUMBER: _ClassVar[int]
    circles: _containers.RepeatedCompositeFieldContainer[Circle]
    invitations: _containers.RepeatedCompositeFieldContainer[Circle]
    def __init__(self, circles: _Optional[_Iterable[_Union[Circle, _Mapping]]] = ..., invitations: _Optional[_Iterable[_Union[Circle, _Mapping]]] = ...) -> None: ...

class Session(_message.Message):
    __slots__ = ("id", "started_at", "last_used_at", "expires_at", "current")
    ID_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_USED_AT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    CURRENT_FIELD_NUMBER: _ClassVar[int]
    id: str
    started_at: _timestamp_pb2.Timestamp
    last_used_at: _timestamp_pb2.Timestamp
    expires_at: _timestamp_pb2.Timestamp
    current: bool
    def __init__(self, id: _Optional[str] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_used_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., current: _Optional[bool] = ...) -> None: ...

class ListSessionsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListSessionsResponse(_message.Message):
    __slots__ = ("sessions",)
    SESSIONS_FIELD_NUMBER: _ClassVar[int]
    sessions: _containers.RepeatedCompositeFieldContainer[Session]
    def __init__(self, sessions: _Optional[_Iterable[_Union[Session, _Mapping]]] = ...) -> None: ...

class RevokeSessionRequest(_message.Message):
    __slots__ = ("session_id",)
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    session_id: str
    def __init__(self, session_id: _Optional[str] = ...) -> None: ...

class RevokeSessionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SetAccountActiveRequest(_message.Message):
    __slots__ = ("account_id", "active")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    active: bool
    def __init__(self, account_id: _Optional[str] = ..., active: _Optional[bool] = ...) -> None: ...

class ErasureProgress(_message.Message):
    __slots__ = ("service", "completed_at")
    SERVICE_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_AT_FIELD_NUMBER: _ClassVar[int]
    service: str
    completed_at: _timestamp_pb2.Timestamp
    def __init__(self, service: _Optional[str] = ..., completed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ErasureStatus(_message.Message):
    __slots__ = ("requested_at", "services", "done", "receipt")
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    SERVICES_FIELD_NUMBER: _ClassVar[int]
    DONE_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_FIELD_NUMBER: _ClassVar[int]
    requested_at: _timestamp_pb2.Timestamp
    services: _containers.RepeatedCompositeFieldContainer[ErasureProgress]
    done: bool
    receipt: str
    def __init__(self, requested_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., services: _Optional[_Iterable[_Union[ErasureProgress, _Mapping]]] = ..., done: _Optional[bool] = ..., receipt: _Optional[str] = ...) -> None: ...

class RequestErasureRequest(_message.Message):
    __slots__ = ("password",)
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    password: str
    def __init__(self, password: _Optional[str] = ...) -> None: ...

class GetErasureStatusRequest(_message.Message):
    __slots__ = ("receipt",)
    RECEIPT_FIELD_NUMBER: _ClassVar[int]
    receipt: str
    def __init__(self, receipt: _Optional[str] = ...) -> None: ...

class BeginTotpSetupRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class TotpSetup(_message.Message):
    __slots__ = ("secret", "provisioning_uri")
    SECRET_FIELD_NUMBER: _ClassVar[int]
    PROVISIONING_URI_FIELD_NUMBER: _ClassVar[int]
    secret: str
    provisioning_uri: str
    def __init__(self, secret: _Optional[str] = ..., provisioning_uri: _Optional[str] = ...) -> None: ...

class ConfirmTotpSetupRequest(_message.Message):
    __slots__ = ("code",)
    CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    def __init__(self, code: _Optional[str] = ...) -> None: ...

class TotpConfirmed(_message.Message):
    __slots__ = ("recovery_codes", "tokens")
    RECOVERY_CODES_FIELD_NUMBER: _ClassVar[int]
    TOKENS_FIELD_NUMBER: _ClassVar[int]
    recovery_codes: _containers.RepeatedScalarFieldContainer[str]
    tokens: TokenPair
    def __init__(self, recovery_codes: _Optional[_Iterable[str]] = ..., tokens: _Optional[_Union[TokenPair, _Mapping]] = ...) -> None: ...

class StepUpRequest(_message.Message):
    __slots__ = ("second_factor",)
    SECOND_FACTOR_FIELD_NUMBER: _ClassVar[int]
    second_factor: str
    def __init__(self, second_factor: _Optional[str] = ...) -> None: ...

class LoginWithIdTokenRequest(_message.Message):
    __slots__ = ("tenant", "provider", "id_token", "nonce")
    TENANT_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    ID_TOKEN_FIELD_NUMBER: _ClassVar[int]
    NONCE_FIELD_NUMBER: _ClassVar[int]
    tenant: str
    provider: str
    id_token: str
    nonce: str
    def __init__(self, tenant: _Optional[str] = ..., provider: _Optional[str] = ..., id_token: _Optional[str] = ..., nonce: _Optional[str] = ...) -> None: ...

class OidcProvider(_message.Message):
    __slots__ = ("name", "issuer", "client_id", "roles", "acr")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ISSUER_FIELD_NUMBER: _ClassVar[int]
    CLIENT_ID_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    ACR_FIELD_NUMBER: _ClassVar[int]
    name: str
    issuer: str
    client_id: str
    roles: _containers.RepeatedScalarFieldContainer[Role]
    acr: str
    def __init__(self, name: _Optional[str] = ..., issuer: _Optional[str] = ..., client_id: _Optional[str] = ..., roles: _Optional[_Iterable[_Union[Role, str]]] = ..., acr: _Optional[str] = ...) -> None: ...

class ListOidcProvidersResponse(_message.Message):
    __slots__ = ("providers", "password_login")
    PROVIDERS_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_LOGIN_FIELD_NUMBER: _ClassVar[int]
    providers: _containers.RepeatedCompositeFieldContainer[OidcProvider]
    password_login: bool
    def __init__(self, providers: _Optional[_Iterable[_Union[OidcProvider, _Mapping]]] = ..., password_login: _Optional[bool] = ...) -> None: ...

class ListOidcProvidersRequestForTenant(_message.Message):
    __slots__ = ("tenant",)
    TENANT_FIELD_NUMBER: _ClassVar[int]
    tenant: str
    def __init__(self, tenant: _Optional[str] = ...) -> None: ...

class AccountMove(_message.Message):
    __slots__ = ("id", "account_id", "username", "from_tenant", "to_tenant", "state", "requested_at", "decided_at", "care_relationships_ended")
    ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    FROM_TENANT_FIELD_NUMBER: _ClassVar[int]
    TO_TENANT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    CARE_RELATIONSHIPS_ENDED_FIELD_NUMBER: _ClassVar[int]
    id: str
    account_id: str
    username: str
    from_tenant: str
    to_tenant: str
    state: AccountMoveState
    requested_at: _timestamp_pb2.Timestamp
    decided_at: _timestamp_pb2.Timestamp
    care_relationships_ended: int
    def __init__(self, id: _Optional[str] = ..., account_id: _Optional[str] = ..., username: _Optional[str] = ..., from_tenant: _Optional[str] = ..., to_tenant: _Optional[str] = ..., state: _Optional[_Union[AccountMoveState, str]] = ..., requested_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., decided_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., care_relationships_ended: _Optional[int] = ...) -> None: ...

class StartAccountMoveRequest(_message.Message):
    __slots__ = ("account_id", "to_tenant")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    TO_TENANT_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    to_tenant: str
    def __init__(self, account_id: _Optional[str] = ..., to_tenant: _Optional[str] = ...) -> None: ...

class AcceptAccountMoveRequest(_message.Message):
    __slots__ = ("move_id",)
    MOVE_ID_FIELD_NUMBER: _ClassVar[int]
    move_id: str
    def __init__(self, move_id: _Optional[str] = ...) -> None: ...

class CancelAccountMoveRequest(_message.Message):
    __slots__ = ("move_id",)
    MOVE_ID_FIELD_NUMBER: _ClassVar[int]
    move_id: str
    def __init__(self, move_id: _Optional[str] = ...) -> None: ...

class ListAccountMovesRequest(_message.Message):
    __slots__ = ("tenant",)
    TENANT_FIELD_NUMBER: _ClassVar[int]
    tenant: str
    def __init__(self, tenant: _Optional[str] = ...) -> None: ...

class ListAccountMovesResponse(_message.Message):
    __slots__ = ("moves",)
    MOVES_FIELD_NUMBER: _ClassVar[int]
    moves: _containers.RepeatedCompositeFieldContainer[AccountMove]
    def __init__(self, moves: _Optional[_Iterable[_Union[AccountMove, _Mapping]]] = ...) -> None: ...

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
