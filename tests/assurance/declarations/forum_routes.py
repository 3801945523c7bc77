"""The gateway's forum routes: the REST API (``/api/v1/forum/…``, ``/api/v1/reveals…``,
``/api/v1/circles…``) and the portal's forum pages (``/forum/…``), with their rules.

An API route answers as the gRPC method it calls (401/403/404 for UNAUTHENTICATED,
PERMISSION_DENIED, NOT_FOUND), so its rule is that method's row. Portal pages need a
signed-in member of the forum with a pseudonym: others get the 403 page, anonymous
visitors the sign-in page, and at another municipality's address a session does not count.
"""

from __future__ import annotations

from reconnect.forum.v1 import forum_pb2 as fpb
from reconnect.identity.v1 import identity_pb2 as ipb
from tests.assurance.canaries import letters
from tests.assurance.declarations.forum import BODY, MEMBERS, _own_post, _thread, forum, objects
from tests.assurance.declarations.gateway import HttpCall, _tenant
from tests.assurance.declarations.identity import _own_circle, _peer_circle
from tests.assurance.world import (
    ELSEWHERE,
    HOME,
    LONE_PROVIDER,
    PEER_MODERATOR,
    PROVIDER,
    REGION_ADMIN,
    RESEARCHER,
    SERVICE_USER,
    TENANT_ADMIN,
    Persona,
    World,
    missing_id,
)

PEERS = (SERVICE_USER, PEER_MODERATOR)


def api(method: str, path_for, *, scopes=("own", "other", "missing"), body=None, params=None):
    def make(world: World, persona: Persona, scope: str) -> HttpCall | None:
        if scope not in scopes:
            return None
        return HttpCall(method, path_for(world, persona, scope), persona.tenant, world.token(persona),
                        json=body(world, persona, scope) if body else None,
                        params=params(world, persona, scope) if params else {})

    return make


def page(method: str, path_for, *, form=None):
    """A portal page at the persona's municipality (own) or another's (other)."""

    def make(world: World, persona: Persona, scope: str) -> HttpCall | None:
        if scope not in ("own", "other"):
            return None
        return HttpCall(method, path_for(world, persona, "own"), _tenant(persona, scope), portal=True,
                        form=form(world, persona) if form else None)

    return make


def _o(attribute: str, template: str):
    return lambda w, p, s: template.format(getattr(objects(w, s), attribute))


def _fresh_post(world: World, persona: Persona, scope: str) -> str:
    """A post of the tenant's peer that a moderator may hide (own), else the scope's post."""
    if scope != "own":
        return objects(world, scope).post_id
    found = objects(world, "own")
    return forum(world).Reply(fpb.ReplyRequest(thread_id=found.thread_id, body=BODY, post_anyway=True),
                              metadata=world.metadata(world.personas[f"peer@{HOME}"]), timeout=10).post.id


def _fresh_thread(world: World, persona: Persona, scope: str) -> str:
    if scope != "own":
        return objects(world, scope).thread_id
    found = objects(world, "own")
    return _thread(world, world.metadata(world.personas[f"peer@{HOME}"]), found.category_id).thread.id


def _word_lists(world: World, persona: Persona, scope: str) -> dict:
    current = forum(world).GetWordLists(fpb.GetWordListsRequest(), metadata=world.metadata(persona), timeout=10) \
        if persona.name == TENANT_ADMIN else fpb.WordLists()
    return {"places": list(current.places), "crisis_words": list(current.crisis_words),
            "crisis_contacts": [{"name": c.name, "phone": c.phone} for c in current.crisis_contacts]}


def _viewer(world: World, scope: str) -> str:
    return {"own": world.objects[HOME].peer_id, "other": world.objects[ELSEWHERE].peer_id}.get(scope) or missing_id()


def _revoke_path(world: World, persona: Persona, scope: str) -> str:
    viewer = world.objects[HOME].peer_id
    if persona.name in PEERS:
        world.identity.RevealTo(ipb.RevealToRequest(viewer_id=viewer, name_kind=ipb.REVEALED_NAME_KIND_CAFE_NAME,
                                                    cafe_name=f"Kafe {letters(8)}"), metadata=world.metadata(persona),
                                timeout=10)
    return f"/api/v1/reveals/{viewer}"


def _circle_for(kind: str):
    """A circle the caller may act on (peers), or another peer's circle."""

    def path(world: World, persona: Persona, scope: str) -> str:
        peer = persona.name in PEERS
        if kind == "invite":
            circle = _own_circle(world, persona) if peer else _peer_circle(world)
        elif kind == "answer":
            circle = _peer_circle(world, invite=persona if peer else None)
        else:
            circle = _own_circle(world, persona) if peer else _peer_circle(world)
        return f"/api/v1/circles/{circle}/{ {'invite': 'invitations', 'answer': 'answer', 'leave': 'leave'}[kind]}"

    return path


def _cafe_name() -> str:
    return f"Kafe {letters(8)}"


OWN = ("own",)
SPACE, CATEGORY, THREAD, POST, FLAG = "space_id", "category_id", "thread_id", "post_id", "flag_id"

# (method, Flask rule) -> (the gRPC row whose rule applies, the call)
API = {
    ("GET", "/api/v1/forum/spaces"): ("forum/ListSpaces", api("GET", lambda w, p, s: "/api/v1/forum/spaces",
                                                                scopes=OWN)),
    ("POST", "/api/v1/forum/spaces"): ("forum/CreateSpace", api(
        "POST", lambda w, p, s: "/api/v1/forum/spaces", scopes=("own", "other"),
        body=lambda w, p, s: {"name": f"Assurance {letters(6)}", "tenants": [p.tenant if s == "own" else ELSEWHERE]})),
    ("PUT", "/api/v1/forum/spaces/<space_id>/moderators/<account_id>"): ("forum/AssignModerator", api(
        "PUT", lambda w, p, s: f"/api/v1/forum/spaces/{objects(w, s).space_id}/moderators/"
                               f"{w.personas[PEER_MODERATOR].account_id}")),
    ("GET", "/api/v1/forum/spaces/<space_id>/categories"): ("forum/ListCategories", api(
        "GET", _o(SPACE, "/api/v1/forum/spaces/{}/categories"))),
    ("POST", "/api/v1/forum/spaces/<space_id>/categories"): ("forum/CreateCategory", api(
        "POST", _o(SPACE, "/api/v1/forum/spaces/{}/categories"), body=lambda w, p, s: {"name": "Assurance"})),
    ("GET", "/api/v1/forum/categories/<category_id>/threads"): ("forum/ListThreads", api(
        "GET", _o(CATEGORY, "/api/v1/forum/categories/{}/threads"))),
    ("POST", "/api/v1/forum/categories/<category_id>/threads"): ("forum/CreateThread", api(
        "POST", _o(CATEGORY, "/api/v1/forum/categories/{}/threads"),
        body=lambda w, p, s: {"title": f"Assurance {letters(6)}", "body": BODY, "post_anyway": True})),
    ("GET", "/api/v1/forum/threads/<thread_id>"): ("forum/GetThread", api("GET", _o(THREAD, "/api/v1/forum/threads/{}"))),
    ("POST", "/api/v1/forum/threads/<thread_id>/posts"): ("forum/Reply", api(
        "POST", _o(THREAD, "/api/v1/forum/threads/{}/posts"), body=lambda w, p, s: {"body": BODY, "post_anyway": True})),
    ("PATCH", "/api/v1/forum/posts/<post_id>"): ("forum/EditPost", api(
        "PATCH", lambda w, p, s: f"/api/v1/forum/posts/{_own_post(w, p, s)}",
        body=lambda w, p, s: {"body": BODY + " Edited.", "post_anyway": True})),
    ("DELETE", "/api/v1/forum/posts/<post_id>"): ("forum/DeletePost", api(
        "DELETE", lambda w, p, s: f"/api/v1/forum/posts/{_own_post(w, p, s)}")),
    ("GET", "/api/v1/forum/posts/<post_id>/history"): ("forum/GetPostHistory", api(
        "GET", _o(POST, "/api/v1/forum/posts/{}/history"))),
    ("PUT", "/api/v1/forum/posts/<post_id>/reactions/<kind>"): ("forum/React", api(
        "PUT", _o(POST, "/api/v1/forum/posts/{}/reactions/hug"))),
    ("DELETE", "/api/v1/forum/posts/<post_id>/reactions/<kind>"): ("forum/React", api(
        "DELETE", _o(POST, "/api/v1/forum/posts/{}/reactions/hug"))),
    ("POST", "/api/v1/forum/check"): ("forum/CheckPost", api(
        "POST", lambda w, p, s: "/api/v1/forum/check", scopes=OWN, body=lambda w, p, s: {"body": BODY})),
    ("GET", "/api/v1/forum/search"): ("forum/Search", api(
        "GET", lambda w, p, s: "/api/v1/forum/search", scopes=OWN, params=lambda w, p, s: {"q": "quiet walk"})),
    ("POST", "/api/v1/forum/posts/<post_id>/flags"): ("forum/FlagPost", api(
        "POST", _o(POST, "/api/v1/forum/posts/{}/flags"), body=lambda w, p, s: {"reason": "assurance flag"})),
    ("GET", "/api/v1/forum/spaces/<space_id>/moderation/queue"): ("forum/ListModerationQueue", api(
        "GET", _o(SPACE, "/api/v1/forum/spaces/{}/moderation/queue"))),
    ("POST", "/api/v1/forum/flags/<flag_id>/resolve"): ("forum/ResolveFlag", api(
        "POST", _o(FLAG, "/api/v1/forum/flags/{}/resolve"))),
    ("PUT", "/api/v1/forum/posts/<post_id>/hidden"): ("forum/HidePost", api(
        "PUT", lambda w, p, s: f"/api/v1/forum/posts/{_fresh_post(w, p, s)}/hidden",
        body=lambda w, p, s: {"reason": "assurance check"})),
    ("DELETE", "/api/v1/forum/posts/<post_id>/hidden"): ("forum/HidePost", api(
        "DELETE", _o(POST, "/api/v1/forum/posts/{}/hidden"))),
    ("PUT", "/api/v1/forum/threads/<thread_id>/locked"): ("forum/LockThread", api(
        "PUT", lambda w, p, s: f"/api/v1/forum/threads/{_fresh_thread(w, p, s)}/locked")),
    ("DELETE", "/api/v1/forum/threads/<thread_id>/locked"): ("forum/LockThread", api(
        "DELETE", _o(THREAD, "/api/v1/forum/threads/{}/locked"))),
    ("PUT", "/api/v1/forum/threads/<thread_id>/pinned"): ("forum/PinThread", api(
        "PUT", lambda w, p, s: f"/api/v1/forum/threads/{_fresh_thread(w, p, s)}/pinned")),
    ("DELETE", "/api/v1/forum/threads/<thread_id>/pinned"): ("forum/PinThread", api(
        "DELETE", _o(THREAD, "/api/v1/forum/threads/{}/pinned"))),
    ("POST", "/api/v1/forum/threads/<thread_id>/move"): ("forum/MoveThread", api(
        "POST", _o(THREAD, "/api/v1/forum/threads/{}/move"),
        body=lambda w, p, s: {"category_id": objects(w, s).category_id})),
    ("PUT", "/api/v1/forum/spaces/<space_id>/read-only/<account_id>"): ("forum/SetReadOnly", api(
        "PUT", lambda w, p, s: f"/api/v1/forum/spaces/{objects(w, s).space_id}/read-only/{w.objects[HOME].peer_id}",
        body=lambda w, p, s: {"until": "2000-01-01", "reason": "assurance"})),
    ("DELETE", "/api/v1/forum/spaces/<space_id>/read-only/<account_id>"): ("forum/SetReadOnly", api(
        "DELETE", lambda w, p, s: f"/api/v1/forum/spaces/{objects(w, s).space_id}/read-only/{w.objects[HOME].peer_id}")),
    ("GET", "/api/v1/forum/spaces/<space_id>/moderation/log"): ("forum/ListModerationLog", api(
        "GET", _o(SPACE, "/api/v1/forum/spaces/{}/moderation/log"))),
    ("GET", "/api/v1/forum/word-lists"): ("forum/GetWordLists", api(
        "GET", lambda w, p, s: "/api/v1/forum/word-lists", scopes=OWN)),
    ("PUT", "/api/v1/forum/word-lists"): ("forum/SetWordLists", api(
        "PUT", lambda w, p, s: "/api/v1/forum/word-lists", scopes=OWN, body=_word_lists)),
    ("GET", "/api/v1/forum/usage"): ("forum/GetUsageStats", api(
        "GET", lambda w, p, s: "/api/v1/forum/usage",
        params=lambda w, p, s: {"own": {}, "other": {"tenant": ELSEWHERE}, "missing": {"tenant": "atlantis"}}[s])),
    ("GET", "/api/v1/reveals"): ("identity/ListReveals", api("GET", lambda w, p, s: "/api/v1/reveals", scopes=OWN)),
    ("PUT", "/api/v1/reveals/<viewer_id>"): ("identity/RevealTo", api(
        "PUT", lambda w, p, s: f"/api/v1/reveals/{_viewer(w, s)}", scopes=("own", "other"),
        body=lambda w, p, s: {"name_kind": "cafe_name", "cafe_name": _cafe_name()})),
    ("DELETE", "/api/v1/reveals/<viewer_id>"): ("identity/RevokeReveal", api("DELETE", _revoke_path, scopes=OWN)),
    ("GET", "/api/v1/circles"): ("identity/ListCircles", api("GET", lambda w, p, s: "/api/v1/circles", scopes=OWN)),
    ("POST", "/api/v1/circles"): ("identity/CreateCircle", api(
        "POST", lambda w, p, s: "/api/v1/circles", scopes=OWN,
        body=lambda w, p, s: {"name": f"Sirkel {letters(8)}", "name_kind": "cafe_name", "cafe_name": _cafe_name()})),
    ("POST", "/api/v1/circles/<circle_id>/invitations"): ("identity/InviteToCircle", api(
        "POST", _circle_for("invite"), scopes=OWN,
        body=lambda w, p, s: {"account_id": w.objects[HOME].peer_id if p.name in PEERS
                              else w.objects[HOME].service_user_id})),
    ("POST", "/api/v1/circles/<circle_id>/answer"): ("identity/AnswerCircleInvitation", api(
        "POST", _circle_for("answer"), scopes=OWN,
        body=lambda w, p, s: {"accept": True, "name_kind": "cafe_name", "cafe_name": _cafe_name()})),
    ("POST", "/api/v1/circles/<circle_id>/leave"): ("identity/LeaveCircle", api("POST", _circle_for("leave"),
                                                                                 scopes=OWN)),
}


# -- portal pages ---------------------------------------------------------------------------------

def _member_page(ok, why: str, **own):
    from tests.assurance.policies import FORBIDDEN, SIGN_IN, Rule, across

    return Rule(frozenset(MEMBERS), FORBIDDEN, False, across(SIGN_IN), why, ok=ok, anonymous=SIGN_IN,
                own=own or None)


def _circle_page_path(kind: str):
    def path(world: World, persona: Persona, scope: str) -> str:
        peer = persona.name in PEERS
        if kind == "answer":
            circle = _peer_circle(world, invite=persona if peer else None)
        else:
            circle = _own_circle(world, persona) if peer else _peer_circle(world)
        return f"/forum/circles/{circle}/{kind}"

    return path


def pages():
    from tests.assurance.policies import FORBIDDEN, NOT_FOUND, PAGE, REDIRECT

    o = lambda attribute, template: lambda w, p, s: template.format(getattr(objects(w, "own"), attribute))  # noqa: E731
    thread_form = lambda w, p: {"thread_id": objects(w, "own").thread_id}  # noqa: E731
    moderators_only = {p: FORBIDDEN for p in (SERVICE_USER, PROVIDER, LONE_PROVIDER)}
    return {
        ("GET", "/forum"): (_member_page(PAGE, "the forum's home: members"), page("GET", lambda w, p, s: "/forum")),
        ("GET", "/forum/categories/<category_id>"): (_member_page(PAGE, "members read"),
                                                     page("GET", o(CATEGORY, "/forum/categories/{}"))),
        ("GET", "/forum/categories/<category_id>/new"): (_member_page(PAGE, "members post"),
                                                         page("GET", o(CATEGORY, "/forum/categories/{}/new"))),
        ("POST", "/forum/categories/<category_id>/new"): (
            _member_page(REDIRECT, "members post"), page("POST", o(CATEGORY, "/forum/categories/{}/new"),
                                                         form=lambda w, p: {"title": f"Assurance {letters(6)}",
                                                                            "body": BODY})),
        ("GET", "/forum/threads/<thread_id>"): (_member_page(PAGE, "members read"),
                                                page("GET", o(THREAD, "/forum/threads/{}"))),
        ("POST", "/forum/threads/<thread_id>/reply"): (_member_page(REDIRECT, "members post"), page(
            "POST", o(THREAD, "/forum/threads/{}/reply"), form=lambda w, p: {"body": BODY})),
        ("POST", "/forum/posts/<post_id>/react"): (_member_page(REDIRECT, "members react"), page(
            "POST", o(POST, "/forum/posts/{}/react"), form=lambda w, p: {"kind": "thanks", "on": "yes"})),
        ("POST", "/forum/posts/<post_id>/flag"): (_member_page(REDIRECT, "members flag"), page(
            "POST", o(POST, "/forum/posts/{}/flag"), form=lambda w, p: {**thread_form(w, p), "reason": "assurance"})),
        ("GET", "/forum/search"): (_member_page(PAGE, "members search"),
                                   page("GET", lambda w, p, s: "/forum/search?q=quiet+walk")),
        ("GET", "/forum/moderation"): (_member_page(PAGE, "the moderators' queue", **moderators_only),
                                       page("GET", lambda w, p, s: "/forum/moderation")),
        ("POST", "/forum/moderation/flags/<flag_id>/resolve"): (
            _member_page(REDIRECT, "the space's moderators", **moderators_only),
            page("POST", o(FLAG, "/forum/moderation/flags/{}/resolve"), form=lambda w, p: {})),
        ("POST", "/forum/moderation/posts/<post_id>/hide"): (
            _member_page(REDIRECT, "the space's moderators", **moderators_only),
            page("POST", lambda w, p, s: f"/forum/moderation/posts/{_fresh_post(w, p, 'own')}/hide",
                 form=lambda w, p: {"reason": "assurance check"})),
        ("POST", "/forum/moderation/threads/<thread_id>/lock"): (
            _member_page(REDIRECT, "the space's moderators", **moderators_only),
            page("POST", o(THREAD, "/forum/moderation/threads/{}/lock"), form=lambda w, p: {"locked": "no"})),
        ("GET", "/forum/circles"): (_member_page(PAGE, "members' circles (providers have none)"),
                                    page("GET", lambda w, p, s: "/forum/circles")),
        ("POST", "/forum/circles"): (_member_page(REDIRECT, "peers form circles; identity refuses providers",
                                                  **{PROVIDER: FORBIDDEN, LONE_PROVIDER: FORBIDDEN}), page(
            "POST", lambda w, p, s: "/forum/circles",
            form=lambda w, p: {"name": f"Sirkel {letters(6)}", "name_kind": "cafe_name", "cafe_name": _cafe_name()})),
        ("POST", "/forum/circles/<circle_id>/answer"): (
            _member_page(REDIRECT, "answering an invitation; without one, a message"),
            page("POST", _circle_page_path("answer"),
                 form=lambda w, p: {"accept": "yes", "name_kind": "cafe_name", "cafe_name": _cafe_name()})),
        ("POST", "/forum/circles/<circle_id>/invite"): (
            _member_page(REDIRECT, "members of a circle invite; others are told it was not found"),
            page("POST", _circle_page_path("invite"),
                 form=lambda w, p: {**thread_form(w, p), "account_id": w.objects[HOME].peer_id})),
        ("POST", "/forum/circles/<circle_id>/leave"): (
            _member_page(REDIRECT, "a member leaves; providers are in no circle",
                         **{PROVIDER: NOT_FOUND, LONE_PROVIDER: NOT_FOUND}),
            page("POST", _circle_page_path("leave"), form=lambda w, p: {})),
        ("GET", "/forum/reveals"): (_member_page(PAGE, "the names one shows and sees"),
                                    page("GET", lambda w, p, s: "/forum/reveals")),
        ("POST", "/forum/reveals"): (_member_page(REDIRECT, "peers reveal; identity refuses providers",
                                                  **{PROVIDER: FORBIDDEN, LONE_PROVIDER: FORBIDDEN}), page(
            "POST", lambda w, p, s: "/forum/reveals",
            form=lambda w, p: {**thread_form(w, p), "viewer_id": w.objects[HOME].peer_id, "name_kind": "cafe_name",
                               "cafe_name": _cafe_name()})),
        ("POST", "/forum/reveals/<viewer_id>/revoke"): (
            _member_page(REDIRECT, "taking a name back (nothing to take back is fine)"),
            page("POST", lambda w, p, s: f"/forum/reveals/{w.objects[HOME].peer_id}/revoke", form=lambda w, p: {})),
    }


__all__ = ["API", "pages", "REGION_ADMIN", "RESEARCHER"]
