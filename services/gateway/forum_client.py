"""A thin, typed wrapper over the ForumService stub.

Like the identity client: every call carries the request id and the caller's own access
token as gRPC metadata, and a deadline. The forum decides what the token allows (who is a
member of which space, who sees a closed thread, who moderates); the gateway never does.
The stub is built per call from the per-process channel, so a forked worker never touches
its parent's.
"""

from __future__ import annotations

from datetime import datetime

from google.protobuf.timestamp_pb2 import Timestamp

from reconnect.forum.v1 import forum_pb2 as pb
from reconnect.forum.v1 import forum_pb2_grpc
from services.kit import client

TIMEOUT_SECONDS = 5.0

REACTION_KINDS = ("thanks", "hug", "same_here", "strength")


def _timestamp(moment: datetime | None) -> Timestamp | None:
    if moment is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


class ForumClient:
    def __init__(self, address: str, timeout: float = TIMEOUT_SECONDS):
        self.address = address
        self.timeout = timeout

    def _call(self, method: str, request, access_token: str):
        stub = forum_pb2_grpc.ForumServiceStub(client.channel(self.address))
        return getattr(stub, method)(request, metadata=client.call_metadata(access_token), timeout=self.timeout)

    # Spaces and categories
    def list_spaces(self, token: str) -> list[pb.Space]:
        return list(self._call("ListSpaces", pb.ListSpacesRequest(), token).spaces)

    def create_space(self, token: str, name: str, tenants: list[str]) -> pb.Space:
        return self._call("CreateSpace", pb.CreateSpaceRequest(name=name, tenants=tenants), token)

    def assign_moderator(self, token: str, space_id: str, account_id: str) -> None:
        self._call("AssignModerator", pb.AssignModeratorRequest(space_id=space_id, account_id=account_id), token)

    def list_categories(self, token: str, space_id: str) -> list[pb.Category]:
        return list(self._call("ListCategories", pb.ListCategoriesRequest(space_id=space_id), token).categories)

    def create_category(self, token: str, space_id: str, name: str, description: str) -> pb.Category:
        request = pb.CreateCategoryRequest(space_id=space_id, name=name, description=description)
        return self._call("CreateCategory", request, token)

    # Writing
    def check(self, token: str, body: str, title: str = "") -> pb.CheckPostResponse:
        return self._call("CheckPost", pb.CheckPostRequest(body=body, title=title), token)

    def create_thread(self, token: str, *, category_id: str, title: str, body: str, circle_id: str = "",
                      sensitive: bool = False, post_anyway: bool = False, exercise: bool = False,
                      cafe_id: str = "") -> pb.PostResult:
        request = pb.CreateThreadRequest(
            category_id=category_id, title=title, body=body, circle_id=circle_id, sensitive=sensitive,
            post_anyway=post_anyway, exercise=exercise, cafe_id=cafe_id,
        )
        return self._call("CreateThread", request, token)

    def reply(self, token: str, *, thread_id: str, body: str, sensitive: bool = False,
              post_anyway: bool = False) -> pb.PostResult:
        request = pb.ReplyRequest(thread_id=thread_id, body=body, sensitive=sensitive, post_anyway=post_anyway)
        return self._call("Reply", request, token)

    def edit_post(self, token: str, post_id: str, body: str, post_anyway: bool = False) -> pb.PostResult:
        return self._call("EditPost", pb.EditPostRequest(post_id=post_id, body=body, post_anyway=post_anyway), token)

    def delete_post(self, token: str, post_id: str) -> None:
        self._call("DeletePost", pb.DeletePostRequest(post_id=post_id), token)

    def post_history(self, token: str, post_id: str) -> list[pb.PostRevision]:
        return list(self._call("GetPostHistory", pb.GetPostHistoryRequest(post_id=post_id), token).revisions)

    # Reading
    def list_threads(self, token: str, category_id: str, page_size: int = 0,
                     page_token: str = "") -> pb.ListThreadsResponse:
        request = pb.ListThreadsRequest(category_id=category_id, page_size=page_size, page_token=page_token)
        return self._call("ListThreads", request, token)

    def get_thread(self, token: str, thread_id: str, page_size: int = 0, page_token: str = "") -> pb.GetThreadResponse:
        request = pb.GetThreadRequest(thread_id=thread_id, page_size=page_size, page_token=page_token)
        return self._call("GetThread", request, token)

    def react(self, token: str, post_id: str, kind: str, on: bool) -> pb.Post:
        return self._call("React", pb.ReactRequest(post_id=post_id, kind=kind, on=on), token)

    def search(self, token: str, query: str, page_size: int = 0, page_token: str = "") -> pb.SearchResponse:
        return self._call("Search", pb.SearchRequest(query=query, page_size=page_size, page_token=page_token), token)

    # Moderation
    def flag(self, token: str, post_id: str, reason: str) -> None:
        self._call("FlagPost", pb.FlagPostRequest(post_id=post_id, reason=reason), token)

    def moderation_queue(self, token: str, space_id: str) -> list[pb.QueueItem]:
        return list(self._call("ListModerationQueue", pb.ListModerationQueueRequest(space_id=space_id), token).items)

    def resolve_flag(self, token: str, flag_id: str) -> None:
        self._call("ResolveFlag", pb.ResolveFlagRequest(flag_id=flag_id), token)

    def hide_post(self, token: str, post_id: str, hidden: bool, reason: str = "") -> pb.Post:
        return self._call("HidePost", pb.HidePostRequest(post_id=post_id, reason=reason, hidden=hidden), token)

    def lock_thread(self, token: str, thread_id: str, locked: bool) -> pb.Thread:
        return self._call("LockThread", pb.LockThreadRequest(thread_id=thread_id, locked=locked), token)

    def pin_thread(self, token: str, thread_id: str, pinned: bool) -> pb.Thread:
        return self._call("PinThread", pb.PinThreadRequest(thread_id=thread_id, pinned=pinned), token)

    def move_thread(self, token: str, thread_id: str, category_id: str) -> pb.Thread:
        return self._call("MoveThread", pb.MoveThreadRequest(thread_id=thread_id, category_id=category_id), token)

    def set_read_only(self, token: str, space_id: str, account_id: str, until: datetime | None,
                      reason: str = "") -> None:
        request = pb.SetReadOnlyRequest(space_id=space_id, account_id=account_id, until=_timestamp(until),
                                        reason=reason)
        self._call("SetReadOnly", request, token)

    def moderation_log(self, token: str, space_id: str) -> list[pb.ModerationAction]:
        return list(self._call("ListModerationLog", pb.ListModerationLogRequest(space_id=space_id), token).actions)

    # Word lists and figures
    def word_lists(self, token: str) -> pb.WordLists:
        return self._call("GetWordLists", pb.GetWordListsRequest(), token)

    def set_word_lists(self, token: str, places: list[str], crisis_words: list[str],
                       crisis_contacts: list[tuple[str, str]]) -> pb.WordLists:
        lists = pb.WordLists(places=places, crisis_words=crisis_words,
                             crisis_contacts=[pb.CrisisContact(name=n, phone=p) for n, p in crisis_contacts])
        return self._call("SetWordLists", pb.SetWordListsRequest(lists=lists), token)

    def usage(self, token: str, tenant: str, start: datetime | None, end: datetime | None) -> pb.UsageStats:
        request = pb.UsageStatsRequest(tenant=tenant, to=_timestamp(end))
        if start is not None:
            getattr(request, "from").CopyFrom(_timestamp(start))  # "from" is a Python keyword
        return self._call("GetUsageStats", request, token)
