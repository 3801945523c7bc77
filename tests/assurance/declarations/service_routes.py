"""The gateway's routes for cafés, the toolbox, messaging and notifications: the REST API
(``/api/v1/cafes…``, ``/api/v1/toolbox…``, ``/api/v1/conversations…``, ``/api/v1/messages…``,
``/api/v1/notifications…``), the portal's pages (``/cafes…``, ``/toolbox…``, ``/messages…``,
``/notifications…``) and the public calendar feeds (``/calendar/…``).

Rules, read from the code:

* An API route answers as the gRPC method it calls (401/403/404 for UNAUTHENTICATED,
  PERMISSION_DENIED, NOT_FOUND), so its rule is that method's row in ``policies.GRPC``,
  whose every persona x scope the gRPC matrix sends. Through the gateway the suite checks
  the mapping with fewer combinations: every persona on the routes that name no object
  and take no body; anonymous callers (401, before the body is read) everywhere; the
  refused personas with a made-up id where the service refuses by role before it looks
  anything up (toolbox, messaging).
* A portal page is guarded by its decorator before anything is looked up: the toolbox's
  ``owner_page`` (service users), ``member_page`` (members and tenant admins) and
  ``provider_page``; ``cafes_page`` (members and tenant admins); ``messaging_page``
  (service users and providers); ``signed_in_page`` (notifications). Anonymous visitors
  and sessions at another municipality's address are sent to sign in; other roles get the
  403 page. Every persona on the representative pages of each family (those that name
  no object); on the others anonymous visitors and one refused persona, with made-up ids
  (the guard answers before the id is read).
* The calendar feeds are public: the secret token in the address is the credential.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from reconnect.cafes.v1 import cafes_pb2 as cpb
from reconnect.toolbox.v1 import toolbox_pb2 as tpb
from tests.assurance.declarations.common import stub
from tests.assurance.declarations.gateway import HttpCall, _tenant
from tests.assurance.world import (
    ANONYMOUS,
    LONE_PROVIDER,
    PEER_MODERATOR,
    PROVIDER,
    REGION_ADMIN,
    RESEARCHER,
    SERVICE_USER,
    SIGNED_IN,
    TENANT_ADMIN,
    Persona,
    World,
    missing_id,
)

# -- the API: (method, rule) -> the gRPC row it answers as ------------------------------------------

_T, _C, _M = "toolbox/", "events/", "messaging/"
API_ROWS: dict[tuple[str, str], str] = {
    ("GET", "/api/v1/cafes"): _C + "ListCafes",
    ("POST", "/api/v1/cafes"): _C + "CreateCafe",
    ("GET", "/api/v1/cafes/<cafe_id>"): _C + "GetCafe",
    ("PUT", "/api/v1/cafes/<cafe_id>"): _C + "UpdateCafe",
    ("PUT", "/api/v1/cafes/<cafe_id>/agenda"): _C + "SetAgenda",
    ("GET", "/api/v1/cafes/activities"): _C + "ListActivities",
    ("POST", "/api/v1/cafes/activities"): _C + "ProposeActivity",
    ("GET", "/api/v1/cafes/activities/<activity_id>"): _C + "GetActivity",
    ("POST", "/api/v1/cafes/activities/<activity_id>/join"): _C + "Rsvp",
    ("POST", "/api/v1/cafes/calendar-token"): _C + "CreateCalendarToken",
    ("DELETE", "/api/v1/cafes/calendar-token"): _C + "RevokeCalendarToken",
    ("GET", "/api/v1/cafes/companions"): _C + "ListCompanionRequests",
    ("POST", "/api/v1/cafes/companions"): _C + "AskCompanion",
    ("DELETE", "/api/v1/cafes/companions/<request_id>"): _C + "WithdrawCompanion",
    ("GET", "/api/v1/cafes/figures"): _C + "GetFigures",
    ("GET", "/api/v1/cafes/matches"): _C + "ListMatches",
    ("POST", "/api/v1/cafes/matches/<match_id>/answer"): _C + "AnswerMatch",
    ("PUT", "/api/v1/cafes/matches/<match_id>/note"): _C + "SetMeetingNote",
    ("GET", "/api/v1/cafes/occurrences"): _C + "ListOccurrences",
    ("GET", "/api/v1/cafes/occurrences/<occurrence_id>"): _C + "GetOccurrence",
    ("GET", "/api/v1/cafes/occurrences/<occurrence_id>/attendees"): _C + "ListAttendees",
    ("POST", "/api/v1/cafes/occurrences/<occurrence_id>/cancel"): _C + "CancelOccurrence",
    ("PUT", "/api/v1/cafes/occurrences/<occurrence_id>/check-ins/<account_id>"): _C + "CheckIn",
    ("DELETE", "/api/v1/cafes/occurrences/<occurrence_id>/check-ins/<account_id>"): _C + "CheckIn",
    ("GET", "/api/v1/cafes/occurrences/<occurrence_id>/ics"): _C + "DownloadOccurrence",
    ("POST", "/api/v1/cafes/occurrences/<occurrence_id>/move"): _C + "MoveOccurrence",
    ("POST", "/api/v1/cafes/occurrences/<occurrence_id>/not-up-to-it"): _C + "NotUpToIt",
    ("PUT", "/api/v1/cafes/occurrences/<occurrence_id>/reminders"): _C + "SetReminders",
    ("PUT", "/api/v1/cafes/occurrences/<occurrence_id>/rsvp"): _C + "Rsvp",
    ("GET", "/api/v1/conversations"): _M + "ListConversations",
    ("POST", "/api/v1/conversations"): _M + "StartConversation",
    ("GET", "/api/v1/conversations/<conversation_id>"): _M + "GetConversation",
    ("GET", "/api/v1/conversations/<conversation_id>/access-log"): _M + "ListAccessLog",
    ("POST", "/api/v1/conversations/<conversation_id>/colleagues"): _M + "AddColleague",
    ("POST", "/api/v1/conversations/<conversation_id>/messages"): _M + "SendMessage",
    ("GET", "/api/v1/conversations/access-log"): _M + "ListAccessLog",
    ("GET", "/api/v1/conversations/export"): _M + "Export",
    ("POST", "/api/v1/messages/<message_id>/retract"): _M + "RetractMessage",
    ("GET", "/api/v1/notifications"): _M + "ListNotifications",
    ("POST", "/api/v1/notifications/read"): _M + "MarkNotificationsRead",
    ("GET", "/api/v1/notifications/stream"): _M + "WatchNotifications",
    ("DELETE", "/api/v1/toolbox"): _T + "EraseMyToolbox",
    ("GET", "/api/v1/toolbox/access-log"): _T + "ListAccessLog",
    ("GET", "/api/v1/toolbox/activities"): _T + "ListActivities",
    ("POST", "/api/v1/toolbox/activities"): _T + "CreateActivity",
    ("PUT", "/api/v1/toolbox/activities/<activity_id>"): _T + "UpdateActivity",
    ("DELETE", "/api/v1/toolbox/activities/<activity_id>"): _T + "DeleteActivity",
    ("PUT", "/api/v1/toolbox/activities/<activity_id>/occurrences/<day>/done"): _T + "MarkDone",
    ("DELETE", "/api/v1/toolbox/activities/<activity_id>/occurrences/<day>/done"): _T + "MarkDone",
    ("GET", "/api/v1/toolbox/calendar-feeds"): _T + "ListCalendarFeeds",
    ("POST", "/api/v1/toolbox/calendar-feeds"): _T + "CreateCalendarFeed",
    ("POST", "/api/v1/toolbox/calendar-feeds/<feed_id>/revoke"): _T + "RevokeCalendarFeed",
    ("GET", "/api/v1/toolbox/crisis-plan"): _T + "GetCrisisPlan",
    ("PUT", "/api/v1/toolbox/crisis-plan"): _T + "SaveCrisisPlan",
    ("DELETE", "/api/v1/toolbox/crisis-plan"): _T + "DeleteCrisisPlan",
    ("POST", "/api/v1/toolbox/crisis-plan/send"): _T + "SendCrisisPlan",
    ("GET", "/api/v1/toolbox/crisis-plan/versions"): _T + "ListCrisisPlanVersions",
    ("GET", "/api/v1/toolbox/domain-statuses"): _T + "ListDomainStatuses",
    ("POST", "/api/v1/toolbox/domain-statuses"): _T + "RecordDomainStatus",
    ("DELETE", "/api/v1/toolbox/domain-statuses/<status_id>"): _T + "DeleteDomainStatus",
    ("GET", "/api/v1/toolbox/exercise-log"): _T + "ListExerciseLog",
    ("POST", "/api/v1/toolbox/exercise-log"): _T + "LogExercise",
    ("DELETE", "/api/v1/toolbox/exercise-log/<entry_id>"): _T + "DeleteExerciseLogEntry",
    ("GET", "/api/v1/toolbox/exercises"): _T + "ListExercises",
    ("POST", "/api/v1/toolbox/exercises"): _T + "CreateExercise",
    ("PUT", "/api/v1/toolbox/exercises/<exercise_id>"): _T + "UpdateExercise",
    ("GET", "/api/v1/toolbox/export"): _T + "Export",
    ("GET", "/api/v1/toolbox/goals"): _T + "ListGoals",
    ("POST", "/api/v1/toolbox/goals"): _T + "CreateGoal",
    ("GET", "/api/v1/toolbox/goals/<goal_id>"): _T + "GetGoal",
    ("PUT", "/api/v1/toolbox/goals/<goal_id>"): _T + "UpdateGoal",
    ("DELETE", "/api/v1/toolbox/goals/<goal_id>"): _T + "DeleteGoal",
    ("POST", "/api/v1/toolbox/goals/<goal_id>/steps"): _T + "AddStep",
    ("GET", "/api/v1/toolbox/info"): _T + "ListInfoItems",
    ("POST", "/api/v1/toolbox/info"): _T + "CreateInfoItem",
    ("PUT", "/api/v1/toolbox/info/<item_id>"): _T + "UpdateInfoItem",
    ("DELETE", "/api/v1/toolbox/info/<item_id>"): _T + "DeleteInfoItem",
    ("GET", "/api/v1/toolbox/life-domains"): _T + "ListLifeDomains",
    ("POST", "/api/v1/toolbox/life-domains"): _T + "CreateLifeDomain",
    ("PUT", "/api/v1/toolbox/life-domains/<domain_id>"): _T + "RenameLifeDomain",
    ("DELETE", "/api/v1/toolbox/life-domains/<domain_id>"): _T + "DeleteLifeDomain",
    ("GET", "/api/v1/toolbox/medications"): _T + "ListMedications",
    ("POST", "/api/v1/toolbox/medications"): _T + "AddMedication",
    ("PUT", "/api/v1/toolbox/medications/<medication_id>"): _T + "UpdateMedication",
    ("DELETE", "/api/v1/toolbox/medications/<medication_id>"): _T + "DeleteMedication",
    ("GET", "/api/v1/toolbox/network"): _T + "ListNetwork",
    ("POST", "/api/v1/toolbox/network"): _T + "AddNetworkMember",
    ("GET", "/api/v1/toolbox/network.svg"): _T + "ListNetwork",
    ("PUT", "/api/v1/toolbox/network/<member_id>"): _T + "UpdateNetworkMember",
    ("DELETE", "/api/v1/toolbox/network/<member_id>"): _T + "DeleteNetworkMember",
    ("GET", "/api/v1/toolbox/occurrences"): _T + "ListOccurrences",
    ("GET", "/api/v1/toolbox/shared-with-me"): _T + "ListSharedWithMe",
    ("GET", "/api/v1/toolbox/shared/<owner_id>/<section>"): _T + "GetSharedSection",
    ("GET", "/api/v1/toolbox/shares"): _T + "ListShares",
    ("POST", "/api/v1/toolbox/shares"): _T + "GrantShare",
    ("DELETE", "/api/v1/toolbox/shares/<provider_id>"): _T + "RevokeShare",
    ("PUT", "/api/v1/toolbox/steps/<step_id>"): _T + "UpdateStep",
    ("DELETE", "/api/v1/toolbox/steps/<step_id>"): _T + "DeleteStep",
    ("GET", "/api/v1/toolbox/values"): _T + "ListValues",
    ("POST", "/api/v1/toolbox/values"): _T + "AddValue",
    ("PUT", "/api/v1/toolbox/values/<value_id>"): _T + "UpdateValue",
    ("DELETE", "/api/v1/toolbox/values/<value_id>"): _T + "DeleteValue",
}

# Routes that change or end the persona's own data, or stream: anonymous callers only
# (their rows' allowed personas are covered by the gRPC matrix, on twins where needed).
_ANONYMOUS_ONLY = {
    ("DELETE", "/api/v1/toolbox"), ("DELETE", "/api/v1/toolbox/crisis-plan"),
    ("GET", "/api/v1/notifications/stream"),
}
# Query parameters some listings require.
_WEEK = {"from": "2020-01-01T00:00:00Z", "to": "2020-01-08T00:00:00Z"}
_PARAMS = {
    ("GET", "/api/v1/cafes/occurrences"): _WEEK,
    ("GET", "/api/v1/cafes/activities"): _WEEK,
    ("GET", "/api/v1/cafes/figures"): _WEEK,
    ("GET", "/api/v1/toolbox/occurrences"): {"start": "2020-01-01", "end": "2020-01-08"},
}
_ROLE_FIRST = ("toolbox/", "messaging/")  # services that refuse by role before any lookup
_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")


def _fill(rule: str) -> str:
    return _PARAM.sub(lambda m: "2020-01-01" if m.group(1) == "day" else
                      ("goals" if m.group(1) == "section" else missing_id()), rule)


def _has_body(route: tuple[str, str]) -> bool:
    return route[0] in ("POST", "PUT") and route not in _NO_BODY


_NO_BODY = {
    ("POST", "/api/v1/cafes/calendar-token"), ("POST", "/api/v1/cafes/occurrences/<occurrence_id>/cancel"),
    ("PUT", "/api/v1/cafes/occurrences/<occurrence_id>/check-ins/<account_id>"),
    ("POST", "/api/v1/cafes/occurrences/<occurrence_id>/not-up-to-it"),
    ("POST", "/api/v1/messages/<message_id>/retract"),
    ("PUT", "/api/v1/toolbox/activities/<activity_id>/occurrences/<day>/done"),
    ("POST", "/api/v1/toolbox/calendar-feeds/<feed_id>/revoke"),
}


def _api_call(route: tuple[str, str], row: str):
    method, rule = route
    has_ids = "<" in rule

    def make(world: World, persona: Persona, scope: str) -> HttpCall | None:
        from tests.assurance.policies import GRPC

        if scope != "own":
            return None
        policy = GRPC[row]
        if persona.name != ANONYMOUS:
            if route in _ANONYMOUS_ONLY or _has_body(route):
                return None  # the body is validated before the service is asked
            if has_ids and (persona.name in policy.allowed or persona.name in (policy.own or {})
                            or not row.startswith(_ROLE_FIRST)):
                return None  # needs a real object (or the service looks up first): the gRPC matrix sends it
        return HttpCall(method, _fill(rule), persona.tenant, world.token(persona),
                        json={} if _has_body(route) else None, params=dict(_PARAMS.get(route, {})))

    return make


API = {route: (row, _api_call(route, row)) for route, row in API_ROWS.items()}


# -- the portal ---------------------------------------------------------------------------------------

OWNER = (SERVICE_USER,)
MEMBERS_AND_ADMIN = (SERVICE_USER, PROVIDER, LONE_PROVIDER, PEER_MODERATOR, TENANT_ADMIN)
CAFE_MEMBERS = (SERVICE_USER, PROVIDER, LONE_PROVIDER, PEER_MODERATOR)
PROVIDERS = (PROVIDER, LONE_PROVIDER)
MESSAGING = (SERVICE_USER, PROVIDER, LONE_PROVIDER)


def _page_rule(allowed, ok, why: str, **own):
    from tests.assurance.policies import FORBIDDEN, SIGN_IN, Rule, across

    return Rule(frozenset(allowed), FORBIDDEN, False, across(SIGN_IN), why, ok=ok, anonymous=SIGN_IN,
                own=own or None)


# Refused by every page family but notifications (whose pages are all representative).
_REFUSED_REPRESENTATIVE = RESEARCHER


def _page_call(method: str, rule: str, allowed, *, representative: bool):
    """Every persona on the representative pages of a family (those that name no object and
    change nothing); elsewhere anonymous visitors and one refused persona (the researcher),
    with made-up ids: the family's guard answers before the id is read."""

    def make(world: World, persona: Persona, scope: str) -> HttpCall | None:
        if scope not in ("own", "other"):
            return None
        if not representative and persona.name not in (ANONYMOUS, _REFUSED_REPRESENTATIVE):
            return None
        return HttpCall(method, _fill(rule), _tenant(persona, scope), portal=True,
                        form={} if method == "POST" else None)

    return make


def pages():
    from tests.assurance.policies import OK, PAGE, REDIRECT

    table = {}

    def add(method, rule, allowed, ok, why, representative=False, **own):
        table[(method, rule)] = (_page_rule(allowed, ok, why, **own),
                                 _page_call(method, rule, allowed, representative=representative))

    # The toolbox: owner_page, member_page, provider_page.
    owner_reads = ("/toolbox/values", "/toolbox/goals", "/toolbox/activities", "/toolbox/network",
                   "/toolbox/crisis-plan", "/toolbox/crisis-plan/edit", "/toolbox/crisis-plan/print",
                   "/toolbox/medications", "/toolbox/sharing")
    for rule in owner_reads:
        add("GET", rule, OWNER, PAGE, "owner_page: the service user's own toolbox",
            representative=rule in ("/toolbox/values", "/toolbox/crisis-plan"))
    add("GET", "/toolbox/export", OWNER, OK, "owner_page: the owner's own export (a download)")
    for rule in ("/toolbox/values/add", "/toolbox/values/<value_id>/delete", "/toolbox/domains/add",
                 "/toolbox/domains/<domain_id>/delete", "/toolbox/domains/status", "/toolbox/goals",
                 "/toolbox/goals/<goal_id>/status", "/toolbox/goals/<goal_id>/delete",
                 "/toolbox/goals/<goal_id>/steps", "/toolbox/steps/<step_id>", "/toolbox/activities",
                 "/toolbox/activities/<activity_id>/delete", "/toolbox/activities/<activity_id>/done",
                 "/toolbox/activities/feed", "/toolbox/activities/feed/<feed_id>/revoke", "/toolbox/network",
                 "/toolbox/network/<member_id>/delete", "/toolbox/crisis-plan/edit",
                 "/toolbox/exercises/<exercise_id>/log", "/toolbox/medications",
                 "/toolbox/medications/<medication_id>/delete", "/toolbox/sharing/<provider_id>",
                 "/toolbox/erase"):
        add("POST", rule, OWNER, REDIRECT, "owner_page: the service user's own toolbox")
    add("GET", "/toolbox", MEMBERS_AND_ADMIN, PAGE, "member_page; the owner's home, providers are sent to what "
        "is shared with them, moderators and admins to the exercises", representative=True,
        **{p: REDIRECT for p in (PROVIDER, LONE_PROVIDER, PEER_MODERATOR, TENANT_ADMIN)})
    for rule in ("/toolbox/exercises", "/toolbox/info"):
        add("GET", rule, MEMBERS_AND_ADMIN, PAGE, "member_page: members and tenant admins", representative=True)
    add("POST", "/toolbox/exercises", MEMBERS_AND_ADMIN, REDIRECT,
        "member_page; the toolbox then lets moderators and tenant admins keep the catalogue")
    add("GET", "/toolbox/shared", PROVIDERS, PAGE, "provider_page: what is shared with the provider",
        representative=True)
    add("GET", "/toolbox/shared/<owner_id>/<section>", PROVIDERS, PAGE,
        "provider_page; the toolbox then shows only sections shared during care")

    # Cafés: cafes_page lets members and tenant admins in.
    add("GET", "/cafes", MEMBERS_AND_ADMIN, PAGE, "cafes_page: the municipality's members and admins",
        representative=True)
    add("POST", "/cafes/calendar", MEMBERS_AND_ADMIN, PAGE, "cafes_page")
    add("GET", "/cafes/activities/new", CAFE_MEMBERS, PAGE, "members propose activities; admins get the 403 page",
        representative=True)
    add("POST", "/cafes/activities/new", CAFE_MEMBERS, REDIRECT, "members propose activities")
    for rule in ("/cafes/meetings/<occurrence_id>", "/cafes/meetings/<occurrence_id>.ics"):
        add("GET", rule, MEMBERS_AND_ADMIN, PAGE, "cafes_page; the events service then looks the meeting up")
    add("GET", "/cafes/meetings/<occurrence_id>/attendance", MEMBERS_AND_ADMIN, PAGE,
        "cafes_page; then only those who see the full list (the café's moderators)")
    for rule in ("/cafes/meetings/<occurrence_id>/rsvp", "/cafes/meetings/<occurrence_id>/not-up-to-it",
                 "/cafes/meetings/<occurrence_id>/reminders", "/cafes/meetings/<occurrence_id>/companions",
                 "/cafes/meetings/<occurrence_id>/companions/<request_id>/withdraw",
                 "/cafes/meetings/<occurrence_id>/matches/<match_id>/answer",
                 "/cafes/meetings/<occurrence_id>/matches/<match_id>/note",
                 "/cafes/meetings/<occurrence_id>/check-in"):
        add("POST", rule, MEMBERS_AND_ADMIN, REDIRECT, "cafes_page; the events service then decides")

    # Messaging: service users and providers.
    add("GET", "/messages", MESSAGING, PAGE, "messaging_page: service users and providers", representative=True)
    add("GET", "/messages/new", MESSAGING, PAGE, "messaging_page", representative=True)
    add("POST", "/messages/new", MESSAGING, REDIRECT, "messaging_page")
    add("GET", "/messages/<conversation_id>", MESSAGING, PAGE, "messaging_page; participants only")
    add("POST", "/messages/<conversation_id>/reply", MESSAGING, REDIRECT, "messaging_page; participants only")
    add("POST", "/messages/<conversation_id>/retract/<message_id>", MESSAGING, REDIRECT,
        "messaging_page; one's own message")
    add("GET", "/messages/access-log", OWNER, PAGE, "the service user sees who read their conversations",
        representative=True)
    add("GET", "/messages/export", OWNER, OK, "the service user's own conversations (a download)",
        representative=True)

    # Notifications: everyone signed in, each their own feed.
    add("GET", "/notifications", SIGNED_IN, PAGE, "signed_in_page: each person's own feed", representative=True)
    add("POST", "/notifications/read", SIGNED_IN, REDIRECT, "signed_in_page: each person's own feed",
        representative=True)
    return table


def _stream_rule():
    from tests.assurance.policies import OK, Rule, across

    # Without a session the stream answers 204 (EventSource stops); with one it streams, so only
    # anonymous visitors are sent here.
    return Rule(frozenset(SIGNED_IN), OK, True, across(OK), "tenant_page: the caller's own feed, by the "
                "session cookie; without one, 204 and no events", ok=OK, anonymous=OK)


def _stream_call(world: World, persona: Persona, scope: str) -> HttpCall | None:
    if persona.name != ANONYMOUS or scope not in ("own", "other"):
        return None
    return HttpCall("GET", "/notifications/stream", _tenant(persona, scope), portal=True)


# -- the public calendar feeds ----------------------------------------------------------------------


def _cafe_calendar_token(world: World) -> str:
    def make():
        reply = stub(world, "events").CreateCalendarToken(
            cpb.CreateCalendarTokenRequest(), metadata=world.metadata(world.personas["peer@nordvik"]), timeout=10)
        return reply.token

    return world.once("routes:cafe-calendar", make)


def _toolbox_feed_token(world: World) -> str:
    def make():
        reply = stub(world, "toolbox").CreateCalendarFeed(
            tpb.CreateCalendarFeedRequest(), metadata=world.metadata(world.personas["peer@nordvik"]), timeout=10)
        return reply.token

    return world.once("routes:toolbox-feed", make)


def _feed_call(path: str, token_of):
    def make(world: World, persona: Persona, scope: str) -> HttpCall | None:
        if scope == "own":
            return HttpCall("GET", path.format(token_of(world)), persona.tenant)
        if scope == "missing":
            return HttpCall("GET", path.format("x" * 43), persona.tenant)
        return None

    return make


def feeds():
    from tests.assurance.policies import public

    why = "calendar apps cannot sign in: the secret token in the address is the credential"
    return {
        ("GET", "/calendar/cafes/<token>.ics"): (public(why), _feed_call("/calendar/cafes/{}.ics", _cafe_calendar_token)),
        ("GET", "/calendar/toolbox/<token>.ics"): (public(why),
                                                   _feed_call("/calendar/toolbox/{}.ics", _toolbox_feed_token)),
        ("GET", "/notifications/stream"): (_stream_rule(), _stream_call),
    }


__all__ = ["API", "API_ROWS", "pages", "feeds", "REGION_ADMIN", "RESEARCHER", "datetime", "UTC", "timedelta"]
