import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Space(_message.Message):
    __slots__ = ("id", "name", "tenants", "created_at", "i_moderate")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    TENANTS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    I_MODERATE_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    tenants: _containers.RepeatedScalarFieldContainer[str]
    created_at: _timestamp_pb2.Timestamp
    i_moderate: bool
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., tenants: _Optional[_Iterable[str]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., i_moderate: _Optional[bool] = ...) -> None: ...

class Category(_message.Message):
    __slots__ = ("id", "space_id", "name", "description", "thread_count", "unread_count")
    ID_FIELD_NUMBER: _ClassVar[int]
    SPACE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    THREAD_COUNT_FIELD_NUMBER: _ClassVar[int]
    UNREAD_COUNT_FIELD_NUMBER: _ClassVar[int]
    id: str
    space_id: str
    name: str
    description: str
    thread_count: int
    unread_count: int
    def __init__(self, id: _Optional[str] = ..., space_id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., thread_count: _Optional[int] = ..., unread_count: _Optional[int] = ...) -> None: ...

class Author(_message.Message):
    __slots__ = ("account_id", "pseudonym", "revealed_name", "moderator")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    PSEUDONYM_FIELD_NUMBER: _ClassVar[int]
    REVEALED_NAME_FIELD_NUMBER: _ClassVar[int]
    MODERATOR_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    pseudonym: str
    revealed_name: str
    moderator: bool
    def __init__(self, account_id: _Optional[str] = ..., pseudonym: _Optional[str] = ..., revealed_name: _Optional[str] = ..., moderator: _Optional[bool] = ...) -> None: ...

class Thread(_message.Message):
    __slots__ = ("id", "space_id", "category_id", "title", "author", "circle_id", "pinned", "locked", "exercise", "cafe_id", "created_at", "last_post_at", "post_count", "view_count", "unread_count", "new_since_last_visit")
    ID_FIELD_NUMBER: _ClassVar[int]
    SPACE_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FIELD_NUMBER: _ClassVar[int]
    CIRCLE_ID_FIELD_NUMBER: _ClassVar[int]
    PINNED_FIELD_NUMBER: _ClassVar[int]
    LOCKED_FIELD_NUMBER: _ClassVar[int]
    EXERCISE_FIELD_NUMBER: _ClassVar[int]
    CAFE_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_POST_AT_FIELD_NUMBER: _ClassVar[int]
    POST_COUNT_FIELD_NUMBER: _ClassVar[int]
    VIEW_COUNT_FIELD_NUMBER: _ClassVar[int]
    UNREAD_COUNT_FIELD_NUMBER: _ClassVar[int]
    NEW_SINCE_LAST_VISIT_FIELD_NUMBER: _ClassVar[int]
    id: str
    space_id: str
    category_id: str
    title: str
    author: Author
    circle_id: str
    pinned: bool
    locked: bool
    exercise: bool
    cafe_id: str
    created_at: _timestamp_pb2.Timestamp
    last_post_at: _timestamp_pb2.Timestamp
    post_count: int
    view_count: int
    unread_count: int
    new_since_last_visit: bool
    def __init__(self, id: _Optional[str] = ..., space_id: _Optional[str] = ..., category_id: _Optional[str] = ..., title: _Optional[str] = ..., author: _Optional[_Union[Author, _Mapping]] = ..., circle_id: _Optional[str] = ..., pinned: _Optional[bool] = ..., locked: _Optional[bool] = ..., exercise: _Optional[bool] = ..., cafe_id: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_post_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., post_count: _Optional[int] = ..., view_count: _Optional[int] = ..., unread_count: _Optional[int] = ..., new_since_last_visit: _Optional[bool] = ...) -> None: ...

class ReactionCount(_message.Message):
    __slots__ = ("kind", "count", "mine")
    KIND_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    MINE_FIELD_NUMBER: _ClassVar[int]
    kind: str
    count: int
    mine: bool
    def __init__(self, kind: _Optional[str] = ..., count: _Optional[int] = ..., mine: _Optional[bool] = ...) -> None: ...

class Post(_message.Message):
    __slots__ = ("id", "thread_id", "author", "body_html", "body_markdown", "sensitive", "hidden", "hidden_reason", "deleted", "created_at", "edited_at", "reactions", "mine", "editable")
    ID_FIELD_NUMBER: _ClassVar[int]
    THREAD_ID_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FIELD_NUMBER: _ClassVar[int]
    BODY_HTML_FIELD_NUMBER: _ClassVar[int]
    BODY_MARKDOWN_FIELD_NUMBER: _ClassVar[int]
    SENSITIVE_FIELD_NUMBER: _ClassVar[int]
    HIDDEN_FIELD_NUMBER: _ClassVar[int]
    HIDDEN_REASON_FIELD_NUMBER: _ClassVar[int]
    DELETED_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    EDITED_AT_FIELD_NUMBER: _ClassVar[int]
    REACTIONS_FIELD_NUMBER: _ClassVar[int]
    MINE_FIELD_NUMBER: _ClassVar[int]
    EDITABLE_FIELD_NUMBER: _ClassVar[int]
    id: str
    thread_id: str
    author: Author
    body_html: str
    body_markdown: str
    sensitive: bool
    hidden: bool
    hidden_reason: str
    deleted: bool
    created_at: _timestamp_pb2.Timestamp
    edited_at: _timestamp_pb2.Timestamp
    reactions: _containers.RepeatedCompositeFieldContainer[ReactionCount]
    mine: bool
    editable: bool
    def __init__(self, id: _Optional[str] = ..., thread_id: _Optional[str] = ..., author: _Optional[_Union[Author, _Mapping]] = ..., body_html: _Optional[str] = ..., body_markdown: _Optional[str] = ..., sensitive: _Optional[bool] = ..., hidden: _Optional[bool] = ..., hidden_reason: _Optional[str] = ..., deleted: _Optional[bool] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., edited_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reactions: _Optional[_Iterable[_Union[ReactionCount, _Mapping]]] = ..., mine: _Optional[bool] = ..., editable: _Optional[bool] = ...) -> None: ...

class Finding(_message.Message):
    __slots__ = ("kind", "start", "end", "blocking")
    KIND_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    BLOCKING_FIELD_NUMBER: _ClassVar[int]
    kind: str
    start: int
    end: int
    blocking: bool
    def __init__(self, kind: _Optional[str] = ..., start: _Optional[int] = ..., end: _Optional[int] = ..., blocking: _Optional[bool] = ...) -> None: ...

class CrisisContact(_message.Message):
    __slots__ = ("name", "phone")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    name: str
    phone: str
    def __init__(self, name: _Optional[str] = ..., phone: _Optional[str] = ...) -> None: ...

class CheckPostRequest(_message.Message):
    __slots__ = ("body", "title")
    BODY_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    body: str
    title: str
    def __init__(self, body: _Optional[str] = ..., title: _Optional[str] = ...) -> None: ...

class CheckPostResponse(_message.Message):
    __slots__ = ("findings", "title_findings")
    FINDINGS_FIELD_NUMBER: _ClassVar[int]
    TITLE_FINDINGS_FIELD_NUMBER: _ClassVar[int]
    findings: _containers.RepeatedCompositeFieldContainer[Finding]
    title_findings: _containers.RepeatedCompositeFieldContainer[Finding]
    def __init__(self, findings: _Optional[_Iterable[_Union[Finding, _Mapping]]] = ..., title_findings: _Optional[_Iterable[_Union[Finding, _Mapping]]] = ...) -> None: ...

class PostResult(_message.Message):
    __slots__ = ("published", "thread", "post", "findings", "title_findings", "crisis_help")
    PUBLISHED_FIELD_NUMBER: _ClassVar[int]
    THREAD_FIELD_NUMBER: _ClassVar[int]
    POST_FIELD_NUMBER: _ClassVar[int]
    FINDINGS_FIELD_NUMBER: _ClassVar[int]
    TITLE_FINDINGS_FIELD_NUMBER: _ClassVar[int]
    CRISIS_HELP_FIELD_NUMBER: _ClassVar[int]
    published: bool
    thread: Thread
    post: Post
    findings: _containers.RepeatedCompositeFieldContainer[Finding]
    title_findings: _containers.RepeatedCompositeFieldContainer[Finding]
    crisis_help: _containers.RepeatedCompositeFieldContainer[CrisisContact]
    def __init__(self, published: _Optional[bool] = ..., thread: _Optional[_Union[Thread, _Mapping]] = ..., post: _Optional[_Union[Post, _Mapping]] = ..., findings: _Optional[_Iterable[_Union[Finding, _Mapping]]] = ..., title_findings: _Optional[_Iterable[_Union[Finding, _Mapping]]] = ..., crisis_help: _Optional[_Iterable[_Union[CrisisContact, _Mapping]]] = ...) -> None: ...

class CreateSpaceRequest(_message.Message):
    __slots__ = ("name", "tenants")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TENANTS_FIELD_NUMBER: _ClassVar[int]
    name: str
    tenants: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., tenants: _Optional[_Iterable[str]] = ...) -> None: ...

class ListSpacesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListSpacesResponse(_message.Message):
    __slots__ = ("spaces",)
    SPACES_FIELD_NUMBER: _ClassVar[int]
    spaces: _containers.RepeatedCompositeFieldContainer[Space]
    def __init__(self, spaces: _Optional[_Iterable[_Union[Space, _Mapping]]] = ...) -> None: ...

class AssignModeratorRequest(_message.Message):
    __slots__ = ("space_id", "account_id")
    SPACE_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    space_id: str
    account_id: str
    def __init__(self, space_id: _Optional[str] = ..., account_id: _Optional[str] = ...) -> None: ...

class AssignModeratorResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CreateCategoryRequest(_message.Message):
    __slots__ = ("space_id", "name", "description")
    SPACE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    space_id: str
    name: str
    description: str
    def __init__(self, space_id: _Optional[str] = ..., name: _Optional[str] = ..., description: _Optional[str] = ...) -> None: ...

class ListCategoriesRequest(_message.Message):
    __slots__ = ("space_id",)
    SPACE_ID_FIELD_NUMBER: _ClassVar[int]
    space_id: str
    def __init__(self, space_id: _Optional[str] = ...) -> None: ...

class ListCategoriesResponse(_message.Message):
    __slots__ = ("categories",)
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    categories: _containers.RepeatedCompositeFieldContainer[Category]
    def __init__(self, categories: _Optional[_Iterable[_Union[Category, _Mapping]]] = ...) -> None: ...

class CreateThreadRequest(_message.Message):
    __slots__ = ("category_id", "title", "body", "circle_id", "sensitive", "post_anyway", "exercise", "cafe_id")
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    CIRCLE_ID_FIELD_NUMBER: _ClassVar[int]
    SENSITIVE_FIELD_NUMBER: _ClassVar[int]
    POST_ANYWAY_FIELD_NUMBER: _ClassVar[int]
    EXERCISE_FIELD_NUMBER: _ClassVar[int]
    CAFE_ID_FIELD_NUMBER: _ClassVar[int]
    category_id: str
    title: str
    body: str
    circle_id: str
    sensitive: bool
    post_anyway: bool
    exercise: bool
    cafe_id: str
    def __init__(self, category_id: _Optional[str] = ..., title: _Optional[str] = ..., body: _Optional[str] = ..., circle_id: _Optional[str] = ..., sensitive: _Optional[bool] = ..., post_anyway: _Optional[bool] = ..., exercise: _Optional[bool] = ..., cafe_id: _Optional[str] = ...) -> None: ...

class ReplyRequest(_message.Message):
    __slots__ = ("thread_id", "body", "sensitive", "post_anyway")
    THREAD_ID_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    SENSITIVE_FIELD_NUMBER: _ClassVar[int]
    POST_ANYWAY_FIELD_NUMBER: _ClassVar[int]
    thread_id: str
    body: str
    sensitive: bool
    post_anyway: bool
    def __init__(self, thread_id: _Optional[str] = ..., body: _Optional[str] = ..., sensitive: _Optional[bool] = ..., post_anyway: _Optional[bool] = ...) -> None: ...

class EditPostRequest(_message.Message):
    __slots__ = ("post_id", "body", "post_anyway")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    POST_ANYWAY_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    body: str
    post_anyway: bool
    def __init__(self, post_id: _Optional[str] = ..., body: _Optional[str] = ..., post_anyway: _Optional[bool] = ...) -> None: ...

class DeletePostRequest(_message.Message):
    __slots__ = ("post_id",)
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    def __init__(self, post_id: _Optional[str] = ...) -> None: ...

class DeletePostResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class PostRevision(_message.Message):
    __slots__ = ("body_markdown", "replaced_at")
    BODY_MARKDOWN_FIELD_NUMBER: _ClassVar[int]
    REPLACED_AT_FIELD_NUMBER: _ClassVar[int]
    body_markdown: str
    replaced_at: _timestamp_pb2.Timestamp
    def __init__(self, body_markdown: _Optional[str] = ..., replaced_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetPostHistoryRequest(_message.Message):
    __slots__ = ("post_id",)
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    def __init__(self, post_id: _Optional[str] = ...) -> None: ...

class GetPostHistoryResponse(_message.Message):
    __slots__ = ("revisions",)
    REVISIONS_FIELD_NUMBER: _ClassVar[int]
    revisions: _containers.RepeatedCompositeFieldContainer[PostRevision]
    def __init__(self, revisions: _Optional[_Iterable[_Union[PostRevision, _Mapping]]] = ...) -> None: ...

class ListThreadsRequest(_message.Message):
    __slots__ = ("category_id", "page_size", "page_token")
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    category_id: str
    page_size: int
    page_token: str
    def __init__(self, category_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListThreadsResponse(_message.Message):
    __slots__ = ("threads", "next_page_token")
    THREADS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    threads: _containers.RepeatedCompositeFieldContainer[Thread]
    next_page_token: str
    def __init__(self, threads: _Optional[_Iterable[_Union[Thread, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetThreadRequest(_message.Message):
    __slots__ = ("thread_id", "page_size", "page_token")
    THREAD_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    thread_id: str
    page_size: int
    page_token: str
    def __init__(self, thread_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class GetThreadResponse(_message.Message):
    __slots__ = ("thread", "posts", "next_page_token")
    THREAD_FIELD_NUMBER: _ClassVar[int]
    POSTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    thread: Thread
    posts: _containers.RepeatedCompositeFieldContainer[Post]
    next_page_token: str
    def __init__(self, thread: _Optional[_Union[Thread, _Mapping]] = ..., posts: _Optional[_Iterable[_Union[Post, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ReactRequest(_message.Message):
    __slots__ = ("post_id", "kind", "on")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ON_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    kind: str
    on: bool
    def __init__(self, post_id: _Optional[str] = ..., kind: _Optional[str] = ..., on: _Optional[bool] = ...) -> None: ...

class SearchRequest(_message.Message):
    __slots__ = ("query", "page_size", "page_token")
    QUERY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    query: str
    page_size: int
    page_token: str
    def __init__(self, query: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class SearchHit(_message.Message):
    __slots__ = ("thread", "post", "rank")
    THREAD_FIELD_NUMBER: _ClassVar[int]
    POST_FIELD_NUMBER: _ClassVar[int]
    RANK_FIELD_NUMBER: _ClassVar[int]
    thread: Thread
    post: Post
    rank: float
    def __init__(self, thread: _Optional[_Union[Thread, _Mapping]] = ..., post: _Optional[_Union[Post, _Mapping]] = ..., rank: _Optional[float] = ...) -> None: ...

class SearchResponse(_message.Message):
    __slots__ = ("hits", "next_page_token")
    HITS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    hits: _containers.RepeatedCompositeFieldContainer[SearchHit]
    next_page_token: str
    def __init__(self, hits: _Optional[_Iterable[_Union[SearchHit, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class FlagPostRequest(_message.Message):
    __slots__ = ("post_id", "reason")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    reason: str
    def __init__(self, post_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class FlagPostResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class QueueItem(_message.Message):
    __slots__ = ("flag_id", "post_id", "thread_id", "reason", "crisis", "post", "flagged_at")
    FLAG_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    THREAD_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CRISIS_FIELD_NUMBER: _ClassVar[int]
    POST_FIELD_NUMBER: _ClassVar[int]
    FLAGGED_AT_FIELD_NUMBER: _ClassVar[int]
    flag_id: str
    post_id: str
    thread_id: str
    reason: str
    crisis: bool
    post: Post
    flagged_at: _timestamp_pb2.Timestamp
    def __init__(self, flag_id: _Optional[str] = ..., post_id: _Optional[str] = ..., thread_id: _Optional[str] = ..., reason: _Optional[str] = ..., crisis: _Optional[bool] = ..., post: _Optional[_Union[Post, _Mapping]] = ..., flagged_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListModerationQueueRequest(_message.Message):
    __slots__ = ("space_id",)
    SPACE_ID_FIELD_NUMBER: _ClassVar[int]
    space_id: str
    def __init__(self, space_id: _Optional[str] = ...) -> None: ...

class ListModerationQueueResponse(_message.Message):
    __slots__ = ("items",)
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[QueueItem]
    def __init__(self, items: _Optional[_Iterable[_Union[QueueItem, _Mapping]]] = ...) -> None: ...

class ResolveFlagRequest(_message.Message):
    __slots__ = ("flag_id",)
    FLAG_ID_FIELD_NUMBER: _ClassVar[int]
    flag_id: str
    def __init__(self, flag_id: _Optional[str] = ...) -> None: ...

class ResolveFlagResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HidePostRequest(_message.Message):
    __slots__ = ("post_id", "reason", "hidden")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    HIDDEN_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    reason: str
    hidden: bool
    def __init__(self, post_id: _Optional[str] = ..., reason: _Optional[str] = ..., hidden: _Optional[bool] = ...) -> None: ...

class LockThreadRequest(_message.Message):
    __slots__ = ("thread_id", "locked")
    THREAD_ID_FIELD_NUMBER: _ClassVar[int]
    LOCKED_FIELD_NUMBER: _ClassVar[int]
    thread_id: str
    locked: bool
    def __init__(self, thread_id: _Optional[str] = ..., locked: _Optional[bool] = ...) -> None: ...

class PinThreadRequest(_message.Message):
    __slots__ = ("thread_id", "pinned")
    THREAD_ID_FIELD_NUMBER: _ClassVar[int]
    PINNED_FIELD_NUMBER: _ClassVar[int]
    thread_id: str
    pinned: bool
    def __init__(self, thread_id: _Optional[str] = ..., pinned: _Optional[bool] = ...) -> None: ...

class MoveThreadRequest(_message.Message):
    __slots__ = ("thread_id", "category_id")
    THREAD_ID_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    thread_id: str
    category_id: str
    def __init__(self, thread_id: _Optional[str] = ..., category_id: _Optional[str] = ...) -> None: ...

class SetReadOnlyRequest(_message.Message):
    __slots__ = ("space_id", "account_id", "until", "reason")
    SPACE_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    space_id: str
    account_id: str
    until: _timestamp_pb2.Timestamp
    reason: str
    def __init__(self, space_id: _Optional[str] = ..., account_id: _Optional[str] = ..., until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class SetReadOnlyResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ModerationAction(_message.Message):
    __slots__ = ("id", "moderator_id", "action", "target_id", "reason", "at")
    ID_FIELD_NUMBER: _ClassVar[int]
    MODERATOR_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    moderator_id: str
    action: str
    target_id: str
    reason: str
    at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., moderator_id: _Optional[str] = ..., action: _Optional[str] = ..., target_id: _Optional[str] = ..., reason: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListModerationLogRequest(_message.Message):
    __slots__ = ("space_id",)
    SPACE_ID_FIELD_NUMBER: _ClassVar[int]
    space_id: str
    def __init__(self, space_id: _Optional[str] = ...) -> None: ...

class ListModerationLogResponse(_message.Message):
    __slots__ = ("actions",)
    ACTIONS_FIELD_NUMBER: _ClassVar[int]
    actions: _containers.RepeatedCompositeFieldContainer[ModerationAction]
    def __init__(self, actions: _Optional[_Iterable[_Union[ModerationAction, _Mapping]]] = ...) -> None: ...

class WordLists(_message.Message):
    __slots__ = ("places", "crisis_words", "crisis_contacts")
    PLACES_FIELD_NUMBER: _ClassVar[int]
    CRISIS_WORDS_FIELD_NUMBER: _ClassVar[int]
    CRISIS_CONTACTS_FIELD_NUMBER: _ClassVar[int]
    places: _containers.RepeatedScalarFieldContainer[str]
    crisis_words: _containers.RepeatedScalarFieldContainer[str]
    crisis_contacts: _containers.RepeatedCompositeFieldContainer[CrisisContact]
    def __init__(self, places: _Optional[_Iterable[str]] = ..., crisis_words: _Optional[_Iterable[str]] = ..., crisis_contacts: _Optional[_Iterable[_Union[CrisisContact, _Mapping]]] = ...) -> None: ...

class GetWordListsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SetWordListsRequest(_message.Message):
    __slots__ = ("lists",)
    LISTS_FIELD_NUMBER: _ClassVar[int]
    lists: WordLists
    def __init__(self, lists: _Optional[_Union[WordLists, _Mapping]] = ...) -> None: ...

class UsageStatsRequest(_message.Message):
    __slots__ = ("tenant", "to")
    TENANT_FIELD_NUMBER: _ClassVar[int]
    FROM_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    tenant: str
    to: _timestamp_pb2.Timestamp
    def __init__(self, tenant: _Optional[str] = ..., to: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., **kwargs) -> None: ...

class UsageStats(_message.Message):
    __slots__ = ("tenant", "posts_written", "posts_viewed", "threads_started", "active_authors")
    TENANT_FIELD_NUMBER: _ClassVar[int]
    POSTS_WRITTEN_FIELD_NUMBER: _ClassVar[int]
    POSTS_VIEWED_FIELD_NUMBER: _ClassVar[int]
    THREADS_STARTED_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_AUTHORS_FIELD_NUMBER: _ClassVar[int]
    tenant: str
    posts_written: int
    posts_viewed: int
    threads_started: int
    active_authors: int
    def __init__(self, tenant: _Optional[str] = ..., posts_written: _Optional[int] = ..., posts_viewed: _Optional[int] = ..., threads_started: _Optional[int] = ..., active_authors: _Optional[int] = ...) -> None: ...

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
