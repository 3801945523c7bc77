"""Who may call what: one table for every gateway route and every gRPC method.

Read a row as: the personas in ``allowed`` succeed in their own tenant; every other
signed-in persona gets ``otherwise``; anonymous callers get 401/UNAUTHENTICATED unless
the row is public. ``across`` says what each persona gets when the call names another
tenant's object (or is made at another municipality's address); ``None`` means the
call names no object of a tenant (it is about the caller), so there is no such scope.

Wherever a persona is refused across tenants, the suite also checks that the answer is
the same as for an object that does not exist at all: another tenant's object answers
"not found", never "forbidden", and never anything that tells it exists.

A route or method without a row here fails the suite; so does a row for something that
no longer exists. A new service adds its rows below (and its calls in
``declarations/<service>.py``); until its process runs, its methods are listed as pending.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from tests.assurance.world import (
    LONE_PROVIDER,
    PEER_MODERATOR,
    PROVIDER,
    REGION_ADMIN,
    RESEARCHER,
    SERVICE_USER,
    SIGNED_IN,
    TENANT_ADMIN,
)


class Outcome(Enum):
    OK = "ok"
    UNAUTHENTICATED = "unauthenticated"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not found"
    INVALID = "invalid argument"  # refused as malformed before anyone is looked up
    # Portal pages answer in HTML and redirects rather than status codes alone.
    PAGE = "page"  # 200 with HTML
    SIGN_IN = "sent to sign-in"  # 302 to /login
    REDIRECT = "redirect"  # 302 elsewhere (done, back home)


OK, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND = Outcome.OK, Outcome.UNAUTHENTICATED, Outcome.FORBIDDEN, Outcome.NOT_FOUND
PAGE, SIGN_IN, REDIRECT = Outcome.PAGE, Outcome.SIGN_IN, Outcome.REDIRECT

PEERS = (SERVICE_USER, PEER_MODERATOR)  # who takes part in the forum and cafés


@dataclass(frozen=True)
class Rule:
    allowed: frozenset[str]
    otherwise: Outcome
    public: bool
    across: Mapping[str, Outcome] | None
    why: str
    ok: Outcome = OK  # what "allowed" looks like (a page, a redirect, or plain success)
    anonymous: Outcome = UNAUTHENTICATED
    # Own-tenant answers that differ from ``otherwise`` by persona: the region admin, whose
    # tenant holds no cafés or spaces, meets the municipality's object as "not found".
    own: Mapping[str, Outcome] | None = None

    def expect(self, persona: str, scope: str) -> Outcome:
        if scope == "own":
            if self.own and persona in self.own:
                return self.own[persona]
            if persona in self.allowed or (self.public and persona == "anonymous"):
                return self.ok
            return self.anonymous if persona == "anonymous" else self.otherwise
        assert self.across is not None, "no other-tenant scope declared"
        if persona == "anonymous" and not self.public:
            return self.anonymous
        return self.across[persona]


def across(default: Outcome, **overrides: Outcome) -> dict[str, Outcome]:
    """The other-tenant answers: ``default`` for everyone, ``overrides`` by persona."""
    table = {persona: default for persona in ("anonymous", *SIGNED_IN)}
    table.update(overrides)
    return table


def public(why: str, across: Mapping[str, Outcome] | None = None, ok: Outcome = OK) -> Rule:
    return Rule(frozenset(SIGNED_IN), ok, True, across, why, ok=ok)


def signed_in(why: str, across: Mapping[str, Outcome] | None = None, ok: Outcome = OK,
              anonymous: Outcome = UNAUTHENTICATED) -> Rule:
    return Rule(frozenset(SIGNED_IN), FORBIDDEN, False, across, why, ok=ok, anonymous=anonymous)


def only(*personas: str, why: str, otherwise: Outcome = FORBIDDEN,
         across: Mapping[str, Outcome] | None = None, own: Mapping[str, Outcome] | None = None) -> Rule:
    return Rule(frozenset(personas), otherwise, False, across, why, own=own)


ADMINS = (TENANT_ADMIN, REGION_ADMIN)

# -- gRPC: "<service>/<Method>" --------------------------------------------------------------

GRPC: dict[str, Rule] = {
    "identity/GetJwks": public("verification keys are public by nature"),
    "identity/GetTenant": public("tenant routing needs it before sign-in; tenants are a public directory",
                                 across=across(OK)),
    "identity/ListTenants": public("the bare address lists the municipalities"),
    "identity/CreateTenant": only(REGION_ADMIN, why="the region hosts the municipalities"),
    "identity/Login": public("signing in; credentials belong to one tenant",
                             across=across(UNAUTHENTICATED)),
    "identity/Refresh": public("the refresh token is the credential"),
    "identity/Logout": public("the refresh token is the credential"),
    "identity/GetMe": signed_in("everyone sees their own account"),
    "identity/SetPseudonym": signed_in("everyone may choose how they are shown"),
    "identity/CreateAccount": only(
        *ADMINS, why="a tenant admin manages one municipality; the region manages all",
        across=across(FORBIDDEN, tenant_admin=NOT_FOUND, region_admin=OK)),
    "identity/GetAccount": only(
        *ADMINS, why="accounts are managed by admins; the region sees that one exists, never who it is",
        across=across(NOT_FOUND, region_admin=OK)),
    "identity/ListAccounts": only(
        *ADMINS, why="as CreateAccount", across=across(FORBIDDEN, tenant_admin=NOT_FOUND, region_admin=OK)),
    "identity/AddCareRelationship": only(
        TENANT_ADMIN, why="the municipality records who cares for whom",
        across=across(FORBIDDEN, tenant_admin=NOT_FOUND)),
    "identity/RemoveCareRelationship": only(
        TENANT_ADMIN, why="as AddCareRelationship", across=across(FORBIDDEN, tenant_admin=NOT_FOUND)),
    "identity/ListCareRelationships": only(
        SERVICE_USER, PROVIDER, LONE_PROVIDER, TENANT_ADMIN,
        why="people see their own care relationships (a provider without any sees an empty list), admins all",
        across=across(FORBIDDEN, tenant_admin=NOT_FOUND)),
    "identity/GiveConsent": signed_in("consent is each person's own"),
    "identity/WithdrawConsent": signed_in("consent is each person's own"),
    "identity/ListConsents": signed_in("consent is each person's own"),
    "identity/RevealTo": only(
        *PEERS, why="peers reveal themselves to peers; the forum is shared by the region's municipalities",
        across=across(FORBIDDEN, service_user=OK, peer_moderator=OK)),
    "identity/RevokeReveal": only(*PEERS, otherwise=NOT_FOUND,
                                  why="only a reveal one made can be revoked; others have none"),
    "identity/ListReveals": signed_in("each person's own reveals, given and received"),
    "identity/ResolveNames": signed_in(
        "pseudonyms are shown across the shared forum; names only where revealed to the caller",
        across=across(OK)),
    "identity/CreateCircle": only(*PEERS, why="circles are formed by peers"),
    "identity/InviteToCircle": only(*PEERS, otherwise=NOT_FOUND, why="only a member can invite"),
    "identity/AnswerCircleInvitation": only(*PEERS, otherwise=NOT_FOUND, why="only peers can be invited"),
    "identity/LeaveCircle": only(*PEERS, otherwise=NOT_FOUND, why="only a member can leave"),
    "identity/ListCircles": signed_in("each person's own circles and invitations"),
    "identity/ListSessions": signed_in("each person's own sign-ins"),
    "identity/RevokeSession": signed_in("each person ends their own sign-ins; anyone else's is not found",
                                        across=across(NOT_FOUND)),
    "identity/SetAccountActive": only(
        *ADMINS, why="a tenant admin (de)activates the municipality's accounts, the region any",
        across=across(FORBIDDEN, tenant_admin=NOT_FOUND, region_admin=OK)),
    "identity/RequestErasure": signed_in("everyone may ask to be forgotten (with their password)"),
    "identity/StartAccountMove": only(
        *ADMINS, why="the account's municipality starts a move to another; the region may",
        across=across(FORBIDDEN, tenant_admin=NOT_FOUND, region_admin=OK)),
    "identity/AcceptAccountMove": only(
        *ADMINS, why="the destination municipality accepts the move; the region may",
        across=across(FORBIDDEN, tenant_admin=NOT_FOUND, region_admin=OK)),
    "identity/CancelAccountMove": only(
        *ADMINS, why="either municipality of the move may cancel it while it waits; the region may",
        across=across(FORBIDDEN, tenant_admin=NOT_FOUND, region_admin=OK)),
    "identity/ListAccountMoves": only(
        *ADMINS, why="moves into or out of the admin's municipality; the region sees all",
        across=across(FORBIDDEN, tenant_admin=NOT_FOUND, region_admin=OK)),
    "identity/Export": signed_in("each person's own data, for the personal data export"),
    "identity/GetErasureStatus": public("the receipt is the credential"),
    "identity/BeginTotpSetup": signed_in("each person sets up their own second factor (staff need one in production)"),
    "identity/ConfirmTotpSetup": signed_in("each person confirms their own second factor with a current code"),
    "identity/StepUp": signed_in("each person renews their own second factor on their own sign-in"),
    "identity/LoginWithIdToken": Rule(
        frozenset(), Outcome.INVALID, True, None, ok=Outcome.INVALID, anonymous=Outcome.INVALID,
        why="public: the ID token is the credential; the test environment configures no OpenID provider, so "
            "every caller, signed in or not, is told there is no such sign-in provider"),
    "identity/ListOidcProviders": public("the sign-in page lists a municipality's providers before sign-in",
                                         across=across(OK)),
}

# -- the forum -------------------------------------------------------------------------------
# Members: service users, providers and peer moderators of a municipality in the space. The
# suite's spaces are HOME-only and ELSEWHERE-only. Anything outside the caller's spaces is
# "not found"; a non-member is refused by role before a thread or space is looked up.

FORUM_MEMBERS = (SERVICE_USER, PROVIDER, LONE_PROVIDER, PEER_MODERATOR)
NON_MEMBERS = (TENANT_ADMIN, REGION_ADMIN, RESEARCHER)
_member_across = across(NOT_FOUND, **{p: FORBIDDEN for p in NON_MEMBERS})
_moderator = dict(otherwise=FORBIDDEN, own={REGION_ADMIN: NOT_FOUND}, across=across(NOT_FOUND))
_space_admin = dict(across=across(FORBIDDEN, tenant_admin=NOT_FOUND, region_admin=OK))
_figures = dict(across=across(FORBIDDEN, tenant_admin=NOT_FOUND, region_admin=OK, researcher=OK))

GRPC |= {
    "forum/CreateSpace": only(TENANT_ADMIN, REGION_ADMIN, why="a tenant admin for the municipality; shared spaces "
                              "are the region's", across=across(FORBIDDEN, region_admin=OK)),
    "forum/ListSpaces": signed_in("the spaces of the caller's municipality (none for the region's staff)"),
    "forum/Export": signed_in("each person's own writing, for the personal data export"),
    "forum/AssignModerator": only(*ADMINS, why="admins of a municipality in the space, or the region", **_space_admin),
    "forum/CreateCategory": only(*ADMINS, why="as AssignModerator", **_space_admin),
    "forum/ListCategories": only(*FORUM_MEMBERS, why="members of the space", across=_member_across),
    "forum/CheckPost": only(*FORUM_MEMBERS, why="checking a draft is part of posting"),
    "forum/CreateThread": only(*FORUM_MEMBERS, why="members post", across=_member_across),
    "forum/Reply": only(*FORUM_MEMBERS, why="members post", across=_member_across),
    "forum/EditPost": only(*FORUM_MEMBERS, why="the author, for an hour", across=_member_across),
    "forum/DeletePost": only(*FORUM_MEMBERS, why="the author, for an hour", across=_member_across),
    "forum/GetPostHistory": only(PEER_MODERATOR, why="the space's moderators", across=_member_across),
    "forum/ListThreads": only(*FORUM_MEMBERS, why="members read; admins do not read threads",
                              across=_member_across),
    "forum/GetThread": only(*FORUM_MEMBERS, why="members read; admins do not read threads", across=_member_across),
    "forum/React": only(*FORUM_MEMBERS, why="members react", across=_member_across),
    "forum/Search": only(*FORUM_MEMBERS, why="members search what they may read"),
    "forum/FlagPost": only(*FORUM_MEMBERS, why="members flag what they read", across=_member_across),
    "forum/ListModerationQueue": only(PEER_MODERATOR, why="the space's moderators", **_moderator),
    "forum/ResolveFlag": only(PEER_MODERATOR, why="the space's moderators", **_moderator),
    "forum/HidePost": only(PEER_MODERATOR, why="the space's moderators", **_moderator),
    "forum/LockThread": only(PEER_MODERATOR, why="the space's moderators", **_moderator),
    "forum/PinThread": only(PEER_MODERATOR, why="the space's moderators", **_moderator),
    "forum/MoveThread": only(PEER_MODERATOR, why="the space's moderators", **_moderator),
    "forum/SetReadOnly": only(PEER_MODERATOR, why="the space's moderators", **_moderator),
    "forum/ListModerationLog": only(PEER_MODERATOR, why="the space's moderators", **_moderator),
    "forum/GetWordLists": signed_in("the municipality's place names and crisis contacts are not personal"),
    "forum/SetWordLists": only(TENANT_ADMIN, why="the municipality's admin keeps its lists"),
    "forum/GetUsageStats": only(TENANT_ADMIN, REGION_ADMIN, RESEARCHER, why="figures: admins for their "
                                "municipality, the region and researchers (k-anonymous) for any", **_figures),
}

# -- messaging ---------------------------------------------------------------------------------
# Participants only; a provider only while the care relationship lasts. Everyone else finds nothing.

_participants = dict(otherwise=NOT_FOUND, across=across(NOT_FOUND))
_care_roles = (SERVICE_USER, PROVIDER, LONE_PROVIDER)

GRPC |= {
    "messaging/StartConversation": only(
        SERVICE_USER, PROVIDER, why="a service user writes to their providers, a provider to a person in their care",
        own={LONE_PROVIDER: NOT_FOUND}, across=across(FORBIDDEN, **{p: NOT_FOUND for p in _care_roles})),
    "messaging/ListConversations": only(*_care_roles, why="service users and providers (theirs only)"),
    "messaging/GetConversation": only(SERVICE_USER, PROVIDER, why="participants only", **_participants),
    "messaging/SendMessage": only(SERVICE_USER, PROVIDER, why="participants only", **_participants),
    "messaging/RetractMessage": only(SERVICE_USER, PROVIDER, why="one's own message, for 10 minutes",
                                     **_participants),
    "messaging/AddColleague": only(PROVIDER, why="a participating provider adds one of the care team",
                                   otherwise=NOT_FOUND, own={SERVICE_USER: FORBIDDEN}, across=across(NOT_FOUND)),
    "messaging/ListAccessLog": only(SERVICE_USER, why="the service user sees who read their conversations",
                                    across=across(FORBIDDEN, service_user=NOT_FOUND)),
    "messaging/Export": only(SERVICE_USER, why="the service user's own conversations"),
    "messaging/ListNotifications": signed_in("each person's own feed"),
    "messaging/MarkNotificationsRead": signed_in("each person's own feed"),
    "messaging/WatchNotifications": signed_in("each person's own feed, streamed"),
}

# -- events (cafés; contract reconnect.cafes.v1) ---------------------------------------------------
# One municipality's cafés: another's (and, for the region's staff, every municipality's)
# answer "not found" before any role check; researchers are refused by role.

CAFE_VIEWERS = (*FORUM_MEMBERS, TENANT_ADMIN)
_in_tenant = dict(own={REGION_ADMIN: NOT_FOUND}, across=across(NOT_FOUND))

GRPC |= {
    "events/Export": signed_in("each person's own answers, requests and proposals, for the personal data export"),
    "events/CreateCafe": only(TENANT_ADMIN, PEER_MODERATOR, why="tenant admins and peer moderators organise cafés"),
    "events/UpdateCafe": only(TENANT_ADMIN, PEER_MODERATOR, why="admins and the café's moderators", **_in_tenant),
    "events/GetCafe": only(*CAFE_VIEWERS, why="the municipality's members and admins", **_in_tenant),
    "events/ListCafes": only(*CAFE_VIEWERS, why="the municipality's members and admins"),
    "events/SetAgenda": only(TENANT_ADMIN, PEER_MODERATOR, why="admins and the café's moderators", **_in_tenant),
    "events/ListOccurrences": only(*CAFE_VIEWERS, why="the municipality's members and admins",
                                   across=across(FORBIDDEN, **{p: NOT_FOUND for p in CAFE_VIEWERS})),
    "events/GetOccurrence": only(*CAFE_VIEWERS, why="the municipality's members and admins", **_in_tenant),
    "events/MoveOccurrence": only(TENANT_ADMIN, PEER_MODERATOR, why="admins and the café's moderators",
                                  **_in_tenant),
    "events/CancelOccurrence": only(TENANT_ADMIN, PEER_MODERATOR, why="admins and the café's moderators",
                                    **_in_tenant),
    "events/Rsvp": only(*FORUM_MEMBERS, why="members answer", **_in_tenant),
    "events/NotUpToIt": only(*FORUM_MEMBERS, why="members answer", **_in_tenant),
    "events/SetReminders": only(*FORUM_MEMBERS, why="members' own reminders", **_in_tenant),
    "events/ListAttendees": only(*CAFE_VIEWERS, why="members see visible attendees, admins counts, moderators all",
                                 **_in_tenant),
    "events/CheckIn": only(PEER_MODERATOR, why="the café's moderators check people in", **_in_tenant),
    "events/AskCompanion": only(*FORUM_MEMBERS, why="members ask for company or a ride", **_in_tenant),
    "events/WithdrawCompanion": only(*FORUM_MEMBERS, why="one's own request; anyone else's is not found",
                                     otherwise=NOT_FOUND, across=across(NOT_FOUND)),
    "events/ListCompanionRequests": only(*FORUM_MEMBERS, why="members' own requests"),
    "events/ListMatches": only(*FORUM_MEMBERS, why="members' own matches"),
    "events/AnswerMatch": only(SERVICE_USER, why="the two people matched, no one else", otherwise=NOT_FOUND,
                               across=across(NOT_FOUND)),
    "events/SetMeetingNote": only(SERVICE_USER, why="the two people matched, no one else", otherwise=NOT_FOUND,
                                  across=across(NOT_FOUND)),
    "events/ProposeActivity": only(*FORUM_MEMBERS, why="members propose local activities"),
    "events/ListActivities": only(*CAFE_VIEWERS, why="the municipality's members and admins"),
    "events/GetActivity": only(*CAFE_VIEWERS, why="the municipality's members and admins", **_in_tenant),
    "events/GetFigures": only(TENANT_ADMIN, REGION_ADMIN, RESEARCHER, why="as forum/GetUsageStats", **_figures),
    "events/CreateCalendarToken": only(*FORUM_MEMBERS, why="members' own calendar"),
    "events/RevokeCalendarToken": only(*FORUM_MEMBERS, why="members' own calendar"),
    "events/GetCalendarFeed": public("the secret token is the credential"),
    "events/DownloadOccurrence": only(*CAFE_VIEWERS, why="the municipality's members and admins", **_in_tenant),
}

# -- toolbox -----------------------------------------------------------------------------------------
# The owner only (refused by role first); another owner's item is "not found".

_owner_item = dict(across=across(FORBIDDEN, service_user=NOT_FOUND))
_OWNER_ONLY = ("ListValues", "AddValue", "ListLifeDomains", "CreateLifeDomain", "RecordDomainStatus",
               "ListDomainStatuses", "ListGoals", "CreateGoal", "ListActivities", "CreateActivity", "ListOccurrences",
               "CreateCalendarFeed", "ListCalendarFeeds", "ListNetwork", "AddNetworkMember", "GetCrisisPlan",
               "SaveCrisisPlan", "ListCrisisPlanVersions", "DeleteCrisisPlan", "ListExerciseLog", "ListMedications",
               "AddMedication", "RevokeShare", "ListShares", "ListAccessLog", "Export", "EraseMyToolbox")
_OWNER_ITEMS = ("UpdateValue", "DeleteValue", "RenameLifeDomain", "DeleteLifeDomain", "DeleteDomainStatus", "GetGoal",
                "UpdateGoal", "DeleteGoal", "AddStep", "UpdateStep", "DeleteStep", "UpdateActivity", "DeleteActivity",
                "MarkDone", "RevokeCalendarFeed", "UpdateNetworkMember", "DeleteNetworkMember",
                "DeleteExerciseLogEntry", "UpdateMedication", "DeleteMedication",
                "LogExercise", "GrantShare")  # the municipality's exercise; a provider of one's care team

GRPC |= {f"toolbox/{m}": only(SERVICE_USER, why="the owner's own toolbox") for m in _OWNER_ONLY}
GRPC |= {f"toolbox/{m}": only(SERVICE_USER, why="the owner's own item; another's is not found", **_owner_item)
         for m in _OWNER_ITEMS}
GRPC |= {
    "toolbox/GetCalendar": public("the secret feed token is the credential"),
    "toolbox/ListExercises": signed_in("the municipality's exercise catalogue"),
    "toolbox/CreateExercise": only(PEER_MODERATOR, TENANT_ADMIN, why="moderators and admins keep the catalogue"),
    "toolbox/UpdateExercise": only(PEER_MODERATOR, TENANT_ADMIN, why="as CreateExercise",
                                   across=across(FORBIDDEN, peer_moderator=NOT_FOUND, tenant_admin=NOT_FOUND)),
    "toolbox/ListInfoItems": signed_in("the municipality's information pages and links"),
    "toolbox/CreateInfoItem": only(TENANT_ADMIN, why="the municipality's admin keeps its information pages"),
    "toolbox/UpdateInfoItem": only(TENANT_ADMIN, why="as CreateInfoItem",
                                   across=across(FORBIDDEN, tenant_admin=NOT_FOUND)),
    "toolbox/DeleteInfoItem": only(TENANT_ADMIN, why="as CreateInfoItem",
                                   across=across(FORBIDDEN, tenant_admin=NOT_FOUND)),
    "toolbox/SendCrisisPlan": only(SERVICE_USER, why="the owner sends their own plan to a provider of their care team"),
    "toolbox/ListSharedWithMe": only(PROVIDER, LONE_PROVIDER, why="providers see what is shared with them"),
    "toolbox/GetSharedSection": only(
        PROVIDER, why="a section shared with the provider, during a care relationship; else nothing is there",
        own={LONE_PROVIDER: NOT_FOUND},
        across=across(FORBIDDEN, provider_with_care=NOT_FOUND, provider_without_care=NOT_FOUND)),
}

# Defects the matrix found: each row is checked on its own as a strict xfail
# (test_known_defects_in_the_matrix) and left out of the main matrix until fixed.
_LOOKUP_BEFORE_ROLE = (
    "defect: {where} looks the object up before checking the caller's role, so a caller without the role "
    "gets PERMISSION_DENIED for another municipality's {what} but NOT_FOUND for a made-up id: an existence "
    "oracle across tenants. Fix: {fix}")
KNOWN_DEFECTS: dict[str, str] = {
    # Fixed and now in the main matrix: forum Forum._admin_space (AssignModerator, CreateCategory),
    # Forum._visible_post (EditPost, DeletePost, React, FlagPost, GetPostHistory) and identity
    # Lifecycle.set_active (SetAccountActive) check the caller's role before the lookup.
}

# Services with generated contracts whose process does not run yet: their rows join GRPC
# (and their calls join declarations/) when the service joins reconnect_stack.SERVICES.
PENDING_SERVICES: dict[str, str] = {}

# -- HTTP: (method, Flask rule) ------------------------------------------------------------------

_api_admin = across(FORBIDDEN, tenant_admin=NOT_FOUND, region_admin=OK)

HTTP: dict[tuple[str, str], Rule] = {
    ("POST", "/api/v1/auth/login"): public("signing in; at another municipality's address the credentials fail",
                                          across=across(UNAUTHENTICATED)),
    ("POST", "/api/v1/auth/refresh"): public("the refresh token is the credential"),
    ("POST", "/api/v1/auth/logout"): public("the refresh token is the credential"),
    ("GET", "/api/v1/me"): signed_in("the caller's own account"),
    ("PUT", "/api/v1/me/pseudonym"): signed_in("the caller's own pseudonym"),
    ("GET", "/api/v1/me/consents"): signed_in("the caller's own consents"),
    ("POST", "/api/v1/me/consents"): signed_in("the caller's own consents"),
    ("DELETE", "/api/v1/me/consents/<kind>"): signed_in("the caller's own consents"),
    ("GET", "/api/v1/tenant"): public("the municipality's public profile", across=across(OK)),
    ("GET", "/api/v1/admin/accounts"): only(*ADMINS, why="as identity/ListAccounts", across=_api_admin),
    ("POST", "/api/v1/admin/accounts"): only(*ADMINS, why="as identity/CreateAccount", across=_api_admin),
    ("GET", "/api/v1/admin/accounts/<account_id>"): only(
        *ADMINS, why="as identity/GetAccount", across=across(NOT_FOUND, region_admin=OK)),
    ("GET", "/api/v1/care-relationships"): only(
        SERVICE_USER, PROVIDER, LONE_PROVIDER, TENANT_ADMIN, why="as identity/ListCareRelationships",
        across=across(FORBIDDEN, tenant_admin=NOT_FOUND)),
    ("POST", "/api/v1/care-relationships"): only(
        TENANT_ADMIN, why="as identity/AddCareRelationship", across=across(FORBIDDEN, tenant_admin=NOT_FOUND)),
    ("DELETE", "/api/v1/care-relationships/<relationship_id>"): only(
        TENANT_ADMIN, why="as identity/RemoveCareRelationship", across=across(FORBIDDEN, tenant_admin=NOT_FOUND)),
    ("POST", "/api/v1/accounts/<account_id>/move"): only(
        *ADMINS, why="as identity/StartAccountMove", across=across(FORBIDDEN, tenant_admin=NOT_FOUND, region_admin=OK)),
    ("GET", "/api/v1/account-moves"): only(
        *ADMINS, why="as identity/ListAccountMoves", across=across(FORBIDDEN, tenant_admin=NOT_FOUND, region_admin=OK)),
    ("POST", "/api/v1/account-moves/<move_id>/accept"): only(
        *ADMINS, why="as identity/AcceptAccountMove", across=across(FORBIDDEN, tenant_admin=NOT_FOUND, region_admin=OK)),
    ("POST", "/api/v1/account-moves/<move_id>/cancel"): only(
        *ADMINS, why="as identity/CancelAccountMove", across=across(FORBIDDEN, tenant_admin=NOT_FOUND, region_admin=OK)),
    ("GET", "/api/v1/me/export"): signed_in(
        "the caller's own data from every service (a service holding nothing for the role says so)"),
    ("GET", "/my-data"): signed_in("the caller's own data", ok=PAGE, anonymous=SIGN_IN, across=across(SIGN_IN)),
    ("GET", "/my-data/download"): signed_in("the caller's own data (a zip download)", anonymous=SIGN_IN,
                                            across=across(SIGN_IN)),
    ("GET", "/api/openapi.json"): public("the API description"),
    # Platform probes. Ingress and NetworkPolicies keep /metrics and /readyz for the cluster.
    ("GET", "/healthz"): public("liveness probe"),
    ("GET", "/readyz"): public("readiness probe"),
    ("GET", "/metrics"): public("Prometheus scrape; bounded labels only (checked by the leak scan)"),
    ("GET", "/static/<path:filename>"): public("style sheet"),
    # The portal: a session cookie bound to the municipality it was made at.
    ("GET", "/"): signed_in("the home page; at another municipality's address a session does not count",
                           ok=PAGE, anonymous=SIGN_IN, across=across(SIGN_IN)),
    ("GET", "/login"): Rule(frozenset(), REDIRECT, True, across(PAGE), "signed in: straight home",
                            ok=PAGE, anonymous=PAGE),
    ("POST", "/login"): public("the sign-in form", ok=REDIRECT),
    ("POST", "/logout"): public("signing out always ends at the sign-in page", ok=SIGN_IN),
    # Sign-in with an OpenID provider: the stack configures none, so every start is "no such
    # provider" and every callback lacks the state its own browser would carry (400).
    ("GET", "/login/oidc/<name>"): Rule(frozenset(SIGNED_IN), NOT_FOUND, True, None,
                                        "no provider configured in the stack", ok=NOT_FOUND, anonymous=NOT_FOUND),
    ("GET", "/login/oidc/callback"): Rule(frozenset(SIGNED_IN), Outcome.INVALID, True, None,
                                          "no sign-in started in this browser", ok=Outcome.INVALID,
                                          anonymous=Outcome.INVALID),
    ("GET", "/pseudonym"): signed_in("the caller's own pseudonym", ok=PAGE, anonymous=SIGN_IN,
                                     across=across(SIGN_IN)),
    ("POST", "/pseudonym"): signed_in("the caller's own pseudonym", ok=REDIRECT, anonymous=SIGN_IN,
                                      across=across(SIGN_IN)),
    ("GET", "/terms"): signed_in("the caller's own consent", ok=PAGE, anonymous=SIGN_IN, across=across(SIGN_IN)),
    ("POST", "/terms"): signed_in("the caller's own consent", ok=REDIRECT, anonymous=SIGN_IN,
                                  across=across(SIGN_IN)),
    ("POST", "/language"): public("a preference, no sign-in needed", ok=REDIRECT),
}

# -- the gateway's forum API and pages -------------------------------------------------------------
# An API route answers as the gRPC method it calls; pages as declared in declarations/forum_routes.py.

from tests.assurance.declarations import forum_routes as _forum_routes  # noqa: E402

HTTP |= {route: GRPC[row] for route, (row, _call) in _forum_routes.API.items()}
HTTP |= {route: rule for route, (rule, _call) in _forum_routes.pages().items()}
KNOWN_HTTP_DEFECTS: dict[tuple[str, str], str] = {
    route: KNOWN_DEFECTS[row] for route, (row, _call) in _forum_routes.API.items() if row in KNOWN_DEFECTS}

# -- the gateway's café, toolbox, messaging and notification routes; the calendar feeds -------------
# An API route answers as the gRPC method it calls; pages and feeds as declared in
# declarations/service_routes.py (rules read from the gateway's page guards).

from tests.assurance.declarations import service_routes as _service_routes  # noqa: E402

HTTP |= {route: GRPC[row] for route, row in _service_routes.API_ROWS.items()}
HTTP |= {route: rule for route, (rule, _call) in _service_routes.pages().items()}
HTTP |= {route: rule for route, (rule, _call) in _service_routes.feeds().items()}

# -- the gateway's account routes (sessions, second factor, erasure, deactivation) --------------------

from tests.assurance.declarations import account_routes as _account_routes  # noqa: E402

HTTP |= {route: GRPC[row] for route, row in _account_routes.API_ROWS.items()}
HTTP |= {route: rule for route, (rule, _call) in _account_routes.routes().items()}
KNOWN_HTTP_DEFECTS |= {route: KNOWN_DEFECTS[row] for route, row in _service_routes.API_ROWS.items()
                       if row in KNOWN_DEFECTS}
