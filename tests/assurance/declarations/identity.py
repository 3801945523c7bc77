"""Identity's calls for the authorization matrix, and the personal content it holds.

Each call takes (world, persona, scope) and returns the request to send, or None when
the scope does not apply. Scopes: "own" (the persona's own tenant), "other" (another
tenant's object), "missing" (an object that does not exist). Calls that must succeed
for an allowed persona prepare what they need first (a fresh care relationship to
remove, a circle to leave), so every check stands on its own.
"""

from __future__ import annotations

from reconnect.identity.v1 import identity_pb2 as pb
from reconnect.identity.v1 import identity_pb2_grpc
from services.identity.domain import CURRENT_CONSENT_VERSIONS
from services.kit.client import call_metadata
from tests.assurance.canaries import CanarySet, CanarySource, letters
from tests.assurance.world import (
    ELSEWHERE,
    HOME,
    PEER_MODERATOR,
    REGION,
    SERVICE_USER,
    TENANT_ADMIN,
    Persona,
    TenantObjects,
    World,
    missing_id,
)

STUB = identity_pb2_grpc.IdentityServiceStub
PEERS = (SERVICE_USER, PEER_MODERATOR)
CAFE = pb.REVEALED_NAME_KIND_CAFE_NAME


def _objects(world: World, persona: Persona, scope: str) -> TenantObjects:
    if scope == "other":
        return world.objects[ELSEWHERE]
    if scope == "missing":
        return TenantObjects("atlantis", missing_id(), missing_id(), missing_id(), missing_id())
    return world.objects[persona.tenant if persona.signed_in else HOME]


def _care_objects(world: World, persona: Persona, scope: str) -> TenantObjects:
    # The region has no care relationships; its admins are refused before any lookup.
    objects = _objects(world, persona, scope)
    return world.objects[HOME] if scope == "own" and not objects.provider_id else objects


def _credentials(world: World, persona: Persona) -> Persona:
    # Anonymous callers of public methods use someone's credentials: the service user's.
    return persona if persona.signed_in else world.personas[SERVICE_USER]


def _is(persona: Persona, *names: str) -> bool:
    return persona.name in names


def _cafe_name(world: World) -> str:
    return world.canaries.plant("revealed café name", f"Kafe{letters(12)}")


def _own_circle(world: World, persona: Persona, invitees=()) -> str:
    name = world.canaries.plant("circle name", f"Sirkel{letters(12)}")
    request = pb.CreateCircleRequest(name=name, name_kind=CAFE, cafe_name=_cafe_name(world), invitee_ids=invitees)
    return world.identity.CreateCircle(request, metadata=world.metadata(persona), timeout=10).id


def _peer_circle(world: World, invite: Persona | None = None) -> str:
    """A circle of the tenant's other peer (inviting ``invite`` when given)."""
    peer = world.personas[f"peer@{HOME}"]
    return _own_circle(world, peer, [invite.account_id] if invite else [])


def _fresh_care(world: World, tenant: str) -> str:
    objects = world.objects[tenant]
    return world.add_care(tenant, objects.provider_id, world.fresh_service_user(tenant))


def _fresh_refresh_token(world: World, persona: Persona) -> str:
    who = _credentials(world, persona)
    return world.login(who.tenant, who.username, who.password).refresh_token


def _viewer(world: World, scope: str) -> str:
    # Peers live at HOME; the region admin is refused before the viewer is looked up.
    return {"own": world.objects[HOME].peer_id, "other": world.objects[ELSEWHERE].peer_id}.get(scope) or missing_id()


def own_only(make):
    return lambda world, persona, scope: make(world, persona) if scope == "own" else None


def _move_account(world: World, scope: str) -> str:
    """A fresh service user to move: of HOME ("own"), of ELSEWHERE ("other"), or none."""
    if scope == "missing":
        return missing_id()
    return world.fresh_service_user(HOME if scope == "own" else ELSEWHERE)


def move_target(scope: str) -> str:
    return HOME if scope == "other" else ELSEWHERE


def pending_move(world: World, scope: str, *, into: bool) -> str:
    """A waiting move, started by the region admin. ``into`` (for accepting): "own" is a move
    into HOME, "other" one into ELSEWHERE. Otherwise (for cancelling): "own" is a move out of
    HOME, "other" one between ELSEWHERE and the region, which HOME's admin has no part in."""
    if scope == "missing":
        return missing_id()
    if into:
        source, target = (ELSEWHERE, HOME) if scope == "own" else (HOME, ELSEWHERE)
    else:
        source, target = (HOME, ELSEWHERE) if scope == "own" else (ELSEWHERE, REGION)
    request = pb.StartAccountMoveRequest(account_id=world.fresh_service_user(source), to_tenant=target)
    return world.identity.StartAccountMove(request, metadata=world.demo_admin(REGION), timeout=10).id


CALLS = {
    "GetJwks": own_only(lambda w, p: pb.GetJwksRequest()),
    "GetTenant": lambda w, p, scope: {
        "own": pb.GetTenantRequest(slug=p.tenant), "other": pb.GetTenantRequest(slug=ELSEWHERE)}.get(scope),
    "ListTenants": own_only(lambda w, p: pb.ListTenantsRequest()),
    "CreateTenant": own_only(lambda w, p: pb.CreateTenantRequest(
        slug=f"assure-{letters(8)}", name="Assurance test", locale="nb", time_zone="Europe/Oslo")),
    "Login": lambda w, p, scope: None if scope == "missing" else pb.LoginRequest(
        tenant=ELSEWHERE if scope == "other" else _credentials(w, p).tenant,
        username=_credentials(w, p).username, password=_credentials(w, p).password),
    "Refresh": own_only(lambda w, p: pb.RefreshRequest(refresh_token=_fresh_refresh_token(w, p))),
    "Logout": own_only(lambda w, p: pb.LogoutRequest(refresh_token=_fresh_refresh_token(w, p))),
    "GetMe": own_only(lambda w, p: pb.GetMeRequest()),
    "SetPseudonym": own_only(lambda w, p: pb.SetPseudonymRequest(pseudonym=w.pseudonym())),
    "CreateAccount": lambda w, p, scope: pb.CreateAccountRequest(
        tenant={"own": p.tenant, "other": ELSEWHERE, "missing": "atlantis"}[scope],
        username=f"a{w.run}.n{letters(8)}", roles=[pb.ROLE_SERVICE_USER]),
    "GetAccount": lambda w, p, scope: pb.GetAccountRequest(account_id=_objects(w, p, scope).peer_id),
    "ListAccounts": lambda w, p, scope: pb.ListAccountsRequest(
        tenant={"own": p.tenant, "other": ELSEWHERE, "missing": "atlantis"}[scope], page_size=5),
    "AddCareRelationship": lambda w, p, scope: pb.AddCareRelationshipRequest(
        provider_id=_care_objects(w, p, scope).provider_id,
        service_user_id=w.fresh_service_user(HOME) if scope == "own" and _is(p, TENANT_ADMIN)
        else _care_objects(w, p, scope).service_user_id),
    "RemoveCareRelationship": lambda w, p, scope: pb.RemoveCareRelationshipRequest(
        relationship_id=_fresh_care(w, HOME) if scope == "own" and _is(p, TENANT_ADMIN)
        else _care_objects(w, p, scope).care_relationship_id),
    "ListCareRelationships": lambda w, p, scope: pb.ListCareRelationshipsRequest(
        provider_id="" if scope == "own" else _objects(w, p, scope).provider_id),
    "GiveConsent": own_only(lambda w, p: pb.GiveConsentRequest(
        kind=pb.CONSENT_KIND_TERMS, version=CURRENT_CONSENT_VERSIONS["terms"])),
    "WithdrawConsent": own_only(lambda w, p: _withdraw_research(w, p)),
    "ListConsents": own_only(lambda w, p: pb.ListConsentsRequest()),
    "RevealTo": lambda w, p, scope: pb.RevealToRequest(
        viewer_id=_viewer(w, scope), name_kind=CAFE, cafe_name=_cafe_name(w)),
    "RevokeReveal": own_only(lambda w, p: _revoke(w, p)),
    "ListReveals": own_only(lambda w, p: pb.ListRevealsRequest()),
    "ResolveNames": lambda w, p, scope: None if scope == "missing" else pb.ResolveNamesRequest(
        account_ids=[_objects(w, p, scope).peer_id]),
    "CreateCircle": own_only(lambda w, p: pb.CreateCircleRequest(
        name=w.canaries.plant("circle name", f"Sirkel{letters(12)}"), name_kind=CAFE, cafe_name=_cafe_name(w),
        invitee_ids=[w.objects[HOME].peer_id])),
    "InviteToCircle": own_only(lambda w, p: pb.InviteToCircleRequest(
        circle_id=_own_circle(w, p) if _is(p, *PEERS) else _peer_circle(w),
        account_id=w.objects[HOME].peer_id if _is(p, *PEERS) else w.objects[HOME].service_user_id)),
    "AnswerCircleInvitation": own_only(lambda w, p: pb.AnswerCircleInvitationRequest(
        circle_id=_peer_circle(w, invite=p if _is(p, *PEERS) else None), accept=True, name_kind=CAFE,
        cafe_name=_cafe_name(w))),
    "LeaveCircle": own_only(lambda w, p: pb.LeaveCircleRequest(
        circle_id=_own_circle(w, p) if _is(p, *PEERS) else _peer_circle(w))),
    "ListCircles": own_only(lambda w, p: pb.ListCirclesRequest()),
    "ListSessions": own_only(lambda w, p: pb.ListSessionsRequest()),
    "RevokeSession": lambda w, p, scope: pb.RevokeSessionRequest(session_id=_session(w, p, scope)),
    "SetAccountActive": lambda w, p, scope: pb.SetAccountActiveRequest(
        account_id=w.fresh_service_user(HOME) if scope == "own" else _objects(w, p, scope).peer_id, active=True),
    "RequestErasure": own_only(lambda w, p: _erase_a_twin(w, p)),
    "GetErasureStatus": lambda w, p, scope: {
        "own": lambda: pb.GetErasureStatusRequest(receipt=_receipt(w)),
        "missing": lambda: pb.GetErasureStatusRequest(receipt=letters(32))}.get(scope, lambda: None)(),
    # The second factor: begun for the persona itself (nothing is confirmed, so the persona's
    # sign-in is untouched); confirmed and stepped up by a twin of the same role.
    "BeginTotpSetup": own_only(lambda w, p: pb.BeginTotpSetupRequest()),
    "ConfirmTotpSetup": own_only(lambda w, p: _totp_twin(w, p, "confirm")),
    "StepUp": own_only(lambda w, p: _totp_twin(w, p, "step_up")),
    # No OpenID provider is configured in the test environment: a made-up ID token is refused.
    "LoginWithIdToken": own_only(lambda w, p: pb.LoginWithIdTokenRequest(
        tenant=HOME, provider="idporten", id_token=f"{letters(20)}.{letters(20)}.{letters(20)}", nonce=letters(12))),
    "ListOidcProviders": lambda w, p, scope: {
        "own": pb.ListOidcProvidersRequestForTenant(tenant=HOME),
        "other": pb.ListOidcProvidersRequestForTenant(tenant=ELSEWHERE)}.get(scope),
    # Moving an account to another municipality: fresh accounts and moves for every call.
    "StartAccountMove": lambda w, p, scope: pb.StartAccountMoveRequest(
        account_id=_move_account(w, scope), to_tenant=move_target(scope)),
    "AcceptAccountMove": lambda w, p, scope: pb.AcceptAccountMoveRequest(move_id=pending_move(w, scope, into=True)),
    "CancelAccountMove": lambda w, p, scope: pb.CancelAccountMoveRequest(move_id=pending_move(w, scope, into=False)),
    "ListAccountMoves": lambda w, p, scope: pb.ListAccountMovesRequest(
        tenant={"own": "", "other": ELSEWHERE, "missing": "atlantis"}[scope]),
    "Export": own_only(lambda w, p: pb.ExportRequest()),
}


def _totp_twin(world: World, persona: Persona, step: str):
    """A twin of the persona's role and municipality sets up TOTP (confirm) and then steps up
    with one of its recovery codes (step_up); anonymous callers send the bare request."""
    import pyotp

    from tests.assurance.declarations.common import As

    if not persona.signed_in:
        return pb.ConfirmTotpSetupRequest(code="000000") if step == "confirm" else pb.StepUpRequest(second_factor="x")
    twin = world.create_account(persona.tenant, f"t{letters(4)}", list(persona.roles), canary_details=False)
    meta = world.metadata(twin)
    setup = world.identity.BeginTotpSetup(pb.BeginTotpSetupRequest(), metadata=meta, timeout=10)
    confirm = pb.ConfirmTotpSetupRequest(code=pyotp.TOTP(setup.secret).now())
    if step == "confirm":
        return As(confirm, meta)
    confirmed = world.identity.ConfirmTotpSetup(confirm, metadata=meta, timeout=10)
    return As(pb.StepUpRequest(second_factor=confirmed.recovery_codes[0]),
              call_metadata(confirmed.tokens.access_token))


def _session(world: World, persona: Persona, scope: str) -> str:
    """A sign-in of the caller's own (own), of another municipality's person (other), or none."""
    if scope == "missing" or not persona.signed_in and scope == "own":
        return missing_id()
    who = persona if scope == "own" else world.personas[f"peer@{ELSEWHERE}"]
    pair = world.login(who.tenant, who.username, who.password)
    sessions = world.identity.ListSessions(pb.ListSessionsRequest(), metadata=call_metadata(pair.access_token),
                                           timeout=10).sessions
    return next(s.id for s in sessions if s.current)


def _erase_a_twin(world: World, persona: Persona):
    """Erasing oneself ends the persona, so a twin of the same role and municipality asks."""
    from tests.assurance.declarations.common import As

    if not persona.signed_in:
        return pb.RequestErasureRequest(password="x")
    twin = world.create_account(persona.tenant, f"e{letters(4)}", list(persona.roles), canary_details=False)
    return As(pb.RequestErasureRequest(password=twin.password), world.metadata(twin))


def _receipt(world: World) -> str:
    def make():
        twin = world.create_account(HOME, f"e{letters(4)}", ["service_user"], canary_details=False)
        return world.identity.RequestErasure(pb.RequestErasureRequest(password=twin.password),
                                             metadata=world.metadata(twin), timeout=10).receipt

    return world.once("identity:receipt", make)


def _withdraw_research(world: World, persona: Persona) -> pb.WithdrawConsentRequest:
    if persona.signed_in:
        world.identity.GiveConsent(
            pb.GiveConsentRequest(kind=pb.CONSENT_KIND_RESEARCH, version=CURRENT_CONSENT_VERSIONS["research"]),
            metadata=world.metadata(persona), timeout=10)
    return pb.WithdrawConsentRequest(kind=pb.CONSENT_KIND_RESEARCH)


def _revoke(world: World, persona: Persona) -> pb.RevokeRevealRequest:
    viewer = world.objects[HOME].peer_id
    if _is(persona, *PEERS):
        world.identity.RevealTo(pb.RevealToRequest(viewer_id=viewer, name_kind=CAFE, cafe_name=_cafe_name(world)),
                                metadata=world.metadata(persona), timeout=10)
    return pb.RevokeRevealRequest(viewer_id=viewer)


def seed_identity_canaries(world: World, canaries: CanarySet) -> None:
    """Personal details through every identity path that takes them, beyond the cast's own."""
    # No national-ID field exists until OpenID Connect login arrives; meanwhile an
    # eleven-digit fødselsnummer-like string travels the phone field, which takes one.
    holder = world.create_account(HOME, "nid", ["service_user"])
    admin = world.demo_admin(HOME)
    world.identity.CreateAccount(pb.CreateAccountRequest(
        tenant=HOME, username=canaries.username(f"a{world.run}.nid"), roles=[pb.ROLE_SERVICE_USER],
        real_name=canaries.real_name(), phone=canaries.national_id()), metadata=admin, timeout=10)
    # A first name revealed to a peer, and a circle whose members reveal café names.
    world.identity.RevealTo(pb.RevealToRequest(viewer_id=world.objects[HOME].peer_id,
                                               name_kind=pb.REVEALED_NAME_KIND_FIRST_NAME),
                            metadata=world.metadata(holder), timeout=10)
    _own_circle(world, holder, [world.objects[HOME].peer_id])


CANARY_SOURCES = [
    CanarySource("identity", "real names, first names revealed to peers, café names, circle names, "
                             "e-mail, phone, national-ID-like strings, passwords, usernames",
                 seed_identity_canaries),
]
