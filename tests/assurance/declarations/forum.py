"""The forum's calls for the authorization matrix, and the closed-thread posts it plants.

The suite makes spaces of its own: one for HOME only (its peer moderator persona moderates
it) and one for ELSEWHERE only, so "another tenant's object" is a thread, post, flag or
category of a space the caller's municipality is not in. (The demo space is shared by both
municipalities by design: there, the other municipality's posts are everyone's to read.)
"""

from __future__ import annotations

from dataclasses import dataclass

from reconnect.forum.v1 import forum_pb2 as pb
from reconnect.identity.v1 import identity_pb2 as ipb
from tests.assurance.canaries import CanarySet, CanarySource, letters
from tests.assurance.declarations.common import as_demo, ready, stub
from tests.assurance.world import (
    ELSEWHERE,
    HOME,
    LONE_PROVIDER,
    PEER_MODERATOR,
    PROVIDER,
    SERVICE_USER,
    Persona,
    World,
    missing_id,
)

MEMBERS = (SERVICE_USER, PROVIDER, LONE_PROVIDER, PEER_MODERATOR)
BODY = "Assurance: a quiet walk helped today, and a cup of tea after."


@dataclass
class ForumObjects:
    space_id: str = ""
    category_id: str = ""
    thread_id: str = ""
    post_id: str = ""  # the thread's first post, by the tenant's peer
    flag_id: str = ""


def forum(world: World):
    return stub(world, "forum")


def _thread(world: World, meta, category_id: str, body: str = BODY, circle_id: str = "", title: str = "") -> pb.PostResult:
    result = forum(world).CreateThread(pb.CreateThreadRequest(
        category_id=category_id, title=title or f"Assurance {letters(8)}", body=body, circle_id=circle_id,
        post_anyway=True), metadata=meta, timeout=10)
    assert result.published, result
    return result


def _space(world: World, tenant: str, moderator: Persona | None) -> ForumObjects:
    admin = as_demo(world, tenant, f"admin.{tenant}")
    space = forum(world).CreateSpace(pb.CreateSpaceRequest(name=f"Assurance {tenant} {letters(6)}", tenants=[tenant]),
                                     metadata=admin, timeout=10)
    if moderator is not None:
        forum(world).AssignModerator(pb.AssignModeratorRequest(space_id=space.id, account_id=moderator.account_id),
                                     metadata=admin, timeout=10)
    category = forum(world).CreateCategory(pb.CreateCategoryRequest(space_id=space.id, name="Assurance"),
                                           metadata=admin, timeout=10)
    peer = world.metadata(world.personas[f"peer@{tenant}"])
    started = _thread(world, peer, category.id)
    forum(world).FlagPost(pb.FlagPostRequest(post_id=started.post.id, reason="assurance flag"), metadata=peer, timeout=10)
    objects = ForumObjects(space.id, category.id, started.thread.id, started.post.id)
    if moderator is not None:
        queue = forum(world).ListModerationQueue(pb.ListModerationQueueRequest(space_id=space.id),
                                                 metadata=world.metadata(moderator), timeout=10)
        objects.flag_id = queue.items[0].flag_id
    else:
        objects.flag_id = _flag_id_from_db(world, started.post.id)
    return objects


def _flag_id_from_db(world: World, post_id: str) -> str:
    import sqlalchemy

    engine = sqlalchemy.create_engine(world.stack.database_url("forum"))
    try:
        with engine.connect() as conn:
            return conn.execute(sqlalchemy.text("SELECT id FROM flags WHERE post_id = :p"), {"p": post_id}).scalar_one()
    finally:
        engine.dispose()


def objects(world: World, scope: str) -> ForumObjects:
    if scope == "missing":
        return ForumObjects(missing_id(), missing_id(), missing_id(), missing_id(), missing_id())
    ready(world)
    if scope == "other":
        return world.once("forum:other", lambda: _space(world, ELSEWHERE, None))
    return world.once("forum:own", lambda: _space(world, HOME, world.personas[PEER_MODERATOR]))


def _is_member(persona: Persona) -> bool:
    return persona.name in MEMBERS


def _own_post(world: World, persona: Persona, scope: str) -> str:
    """A post the caller wrote (members, own tenant), else the scope's post."""
    found = objects(world, scope)
    if scope != "own" or not _is_member(persona):
        return found.post_id
    reply = forum(world).Reply(pb.ReplyRequest(thread_id=found.thread_id, body=BODY, post_anyway=True),
                               metadata=world.metadata(persona), timeout=10)
    return reply.post.id


def _tenants(persona: Persona, scope: str) -> list[str]:
    return [{"own": persona.tenant, "other": ELSEWHERE}[scope]]


def _scoped(make):
    """Scopes own, other and missing, each naming that scope's objects."""
    return lambda w, p, scope: make(w, p, scope, objects(w, scope))


def _own(make):
    return lambda w, p, scope: make(w, p) if scope == "own" else None


def _word_lists(world: World, persona: Persona) -> pb.SetWordListsRequest:
    # The tenant admin writes back what is there (the demo places stay).
    current = forum(world).GetWordLists(pb.GetWordListsRequest(), metadata=as_demo(world, HOME, f"admin.{HOME}"),
                                        timeout=10)
    return pb.SetWordListsRequest(lists=current)


CALLS = {
    "CreateSpace": lambda w, p, scope: None if scope == "missing" else pb.CreateSpaceRequest(
        name=f"Assurance {letters(8)}", tenants=_tenants(p, scope)),
    "ListSpaces": _own(lambda w, p: pb.ListSpacesRequest()),
    "Export": _own(lambda w, p: pb.ExportRequest()),
    "AssignModerator": _scoped(lambda w, p, s, o: pb.AssignModeratorRequest(
        space_id=o.space_id, account_id=w.personas[PEER_MODERATOR].account_id)),
    "CreateCategory": _scoped(lambda w, p, s, o: pb.CreateCategoryRequest(space_id=o.space_id,
                                                                          name=f"Assurance {letters(6)}")),
    "ListCategories": _scoped(lambda w, p, s, o: pb.ListCategoriesRequest(space_id=o.space_id)),
    "CheckPost": _own(lambda w, p: pb.CheckPostRequest(body=BODY, title="Assurance")),
    "CreateThread": _scoped(lambda w, p, s, o: pb.CreateThreadRequest(
        category_id=o.category_id, title=f"Assurance {letters(8)}", body=BODY, post_anyway=True)),
    "Reply": _scoped(lambda w, p, s, o: pb.ReplyRequest(thread_id=o.thread_id, body=BODY, post_anyway=True)),
    "EditPost": lambda w, p, s: pb.EditPostRequest(post_id=_own_post(w, p, s), body=BODY + " Edited.",
                                                   post_anyway=True),
    "DeletePost": lambda w, p, s: pb.DeletePostRequest(post_id=_own_post(w, p, s)),
    "GetPostHistory": _scoped(lambda w, p, s, o: pb.GetPostHistoryRequest(post_id=o.post_id)),
    "ListThreads": _scoped(lambda w, p, s, o: pb.ListThreadsRequest(category_id=o.category_id)),
    "GetThread": _scoped(lambda w, p, s, o: pb.GetThreadRequest(thread_id=o.thread_id)),
    "React": _scoped(lambda w, p, s, o: pb.ReactRequest(post_id=o.post_id, kind="thanks", on=True)),
    "Search": _own(lambda w, p: pb.SearchRequest(query="quiet walk")),
    "FlagPost": _scoped(lambda w, p, s, o: pb.FlagPostRequest(post_id=o.post_id, reason="assurance flag")),
    "ListModerationQueue": _scoped(lambda w, p, s, o: pb.ListModerationQueueRequest(space_id=o.space_id)),
    "ResolveFlag": _scoped(lambda w, p, s, o: pb.ResolveFlagRequest(flag_id=o.flag_id)),
    "HidePost": _scoped(lambda w, p, s, o: pb.HidePostRequest(post_id=o.post_id, hidden=False)),
    "LockThread": _scoped(lambda w, p, s, o: pb.LockThreadRequest(thread_id=o.thread_id, locked=False)),
    "PinThread": _scoped(lambda w, p, s, o: pb.PinThreadRequest(thread_id=o.thread_id, pinned=False)),
    "MoveThread": _scoped(lambda w, p, s, o: pb.MoveThreadRequest(thread_id=o.thread_id, category_id=o.category_id)),
    "SetReadOnly": _scoped(lambda w, p, s, o: pb.SetReadOnlyRequest(
        space_id=o.space_id, account_id=w.personas[f"peer@{HOME}"].account_id)),
    "ListModerationLog": _scoped(lambda w, p, s, o: pb.ListModerationLogRequest(space_id=o.space_id)),
    "GetWordLists": _own(lambda w, p: pb.GetWordListsRequest()),
    "SetWordLists": _own(_word_lists),
    "GetUsageStats": lambda w, p, scope: pb.UsageStatsRequest(
        tenant={"own": "", "other": ELSEWHERE, "missing": "atlantis"}[scope]),
}


# -- canaries: posts and titles in a closed thread ------------------------------------------------


def closed_thread(world: World, canaries: CanarySet | None = None) -> tuple[str, str]:
    """A circle of the service user and the HOME peer (invited, accepted), and a thread
    closed to it; returns (circle id, thread id)."""

    def make():
        ready(world)
        su, peer = world.personas[SERVICE_USER], world.personas[f"peer@{HOME}"]
        circle = world.identity.CreateCircle(ipb.CreateCircleRequest(
            name=f"Sirkel {letters(10)}", name_kind=ipb.REVEALED_NAME_KIND_CAFE_NAME, cafe_name=f"Kafe {letters(8)}",
            invitee_ids=[peer.account_id]), metadata=world.metadata(su), timeout=10)
        world.identity.AnswerCircleInvitation(ipb.AnswerCircleInvitationRequest(
            circle_id=circle.id, accept=True, name_kind=ipb.REVEALED_NAME_KIND_CAFE_NAME,
            cafe_name=f"Kafe {letters(8)}"), metadata=world.metadata(peer), timeout=10)
        return circle.id

    circle_id = world.once("forum:circle", make)
    canaries = canaries or world.canaries
    title = canaries.plant("closed-thread title", f"Lukket {letters(14)}")
    body = canaries.plant("closed-thread post", f"Hemmelig {letters(16)}")
    category = objects(world, "own").category_id
    started = _thread(world, world.metadata(SERVICE_USER), category, body=f"{BODY} {body}", circle_id=circle_id,
                      title=title)
    reply = canaries.plant("closed-thread reply", f"Svar {letters(16)}")
    forum(world).Reply(pb.ReplyRequest(thread_id=started.thread.id, body=f"{BODY} {reply}", post_anyway=True),
                       metadata=world.metadata(world.personas[f"peer@{HOME}"]), timeout=10)
    return circle_id, started.thread.id


def seed_forum_canaries(world: World, canaries: CanarySet) -> None:
    closed_thread(world, canaries)


CANARY_SOURCES = [CanarySource("forum", "titles and posts in closed threads (circle-only)", seed_forum_canaries)]
