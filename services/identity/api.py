"""The gRPC face of identity: proto in, proto out. Rules live in domain.py."""

from __future__ import annotations

from datetime import UTC, datetime

from reconnect.identity.v1 import identity_pb2 as pb
from reconnect.identity.v1 import identity_pb2_grpc
from services.identity import export
from services.identity.domain import CURRENT_CONSENT_VERSIONS, AccountView, CareView, IdentityService, Tokens
from services.identity.moves import MoveView
from services.identity.reveals import CAFE_NAME, FIRST_NAME, CircleView, RevealView
from services.identity.store import Consent, Tenant
from services.kit import auth
from services.kit.errors import InvalidArgument
from services.kit.proto_time import timestamp

SERVICE_NAME = pb.DESCRIPTOR.services_by_name["IdentityService"].full_name
PUBLIC_METHODS = frozenset(
    f"/{SERVICE_NAME}/{name}"
    for name in ("GetJwks", "GetTenant", "ListTenants", "Login", "Refresh", "Logout", "GetErasureStatus",
                 "LoginWithIdToken", "ListOidcProviders")
)

_ROLE_TO_PB = {
    auth.SERVICE_USER: pb.ROLE_SERVICE_USER,
    auth.HEALTH_PROVIDER: pb.ROLE_HEALTH_PROVIDER,
    auth.PEER_MODERATOR: pb.ROLE_PEER_MODERATOR,
    auth.TENANT_ADMIN: pb.ROLE_TENANT_ADMIN,
    auth.REGION_ADMIN: pb.ROLE_REGION_ADMIN,
    auth.RESEARCHER: pb.ROLE_RESEARCHER,
}
_PB_TO_ROLE = {value: key for key, value in _ROLE_TO_PB.items()}
_CONSENT_TO_PB = {"terms": pb.CONSENT_KIND_TERMS, "research": pb.CONSENT_KIND_RESEARCH}
_PB_TO_CONSENT = {value: key for key, value in _CONSENT_TO_PB.items()}


def tenant_pb(tenant: Tenant) -> pb.Tenant:
    return pb.Tenant(
        id=tenant.id, slug=tenant.slug, name=tenant.name, locale=tenant.locale,
        time_zone=tenant.time_zone, hosts=tenant.hosts.split(),
    )


def account_pb(view: AccountView) -> pb.Account:
    account = view.account
    return pb.Account(
        id=account.id, tenant=view.tenant_slug, username=account.username,
        roles=[_ROLE_TO_PB[r] for r in account.roles.split() if r in _ROLE_TO_PB],
        pseudonym=account.pseudonym or "", real_name=view.real_name, email=view.email, phone=view.phone,
        created_at=timestamp(account.created_at), active=account.active,
    )


def tokens_pb(tokens: Tokens) -> pb.TokenPair:
    return pb.TokenPair(
        access_token=tokens.access_token, access_expires_at=timestamp(tokens.access_expires_at),
        refresh_token=tokens.refresh_token, refresh_expires_at=timestamp(tokens.refresh_expires_at),
    )


def care_pb(view: CareView) -> pb.CareRelationship:
    rel = view.relationship
    return pb.CareRelationship(
        id=rel.id, tenant=view.tenant_slug, provider_id=rel.provider_id, service_user_id=rel.service_user_id,
        created_at=timestamp(rel.created_at), provider_pseudonym=view.provider_pseudonym,
        service_user_pseudonym=view.service_user_pseudonym,
    )


def consent_pb(consent: Consent) -> pb.Consent:
    return pb.Consent(
        kind=_CONSENT_TO_PB[consent.kind], version=consent.version, given_at=timestamp(consent.given_at),
        withdrawn=consent.withdrawn_at is not None,
    )


_NAME_KIND = {pb.REVEALED_NAME_KIND_FIRST_NAME: FIRST_NAME, pb.REVEALED_NAME_KIND_CAFE_NAME: CAFE_NAME}


def _name_kind(value: int) -> str:
    return _NAME_KIND.get(value, "")


def reveal_pb(view: RevealView) -> pb.Reveal:
    return pb.Reveal(account_id=view.account_id, viewer_id=view.viewer_id, name=view.name, pseudonym=view.pseudonym,
                     created_at=timestamp(view.created_at))


def circle_pb(view: CircleView | None) -> pb.Circle:
    if view is None:
        return pb.Circle()
    return pb.Circle(
        id=view.id, name=view.name, created_at=timestamp(view.created_at),
        members=[pb.CircleMember(account_id=m.account_id, pseudonym=m.pseudonym, revealed_name=m.revealed_name,
                                 accepted=m.accepted) for m in view.members],
    )


def _roles(values) -> list[str]:
    try:
        return [_PB_TO_ROLE[v] for v in values]
    except KeyError:
        raise InvalidArgument("unknown role", field="roles") from None


def _consent_kind(value: int) -> str:
    if value not in _PB_TO_CONSENT:
        raise InvalidArgument("kind is TERMS or RESEARCH", field="kind")
    return _PB_TO_CONSENT[value]


_MOVE_STATE = {"pending": pb.ACCOUNT_MOVE_STATE_PENDING, "accepted": pb.ACCOUNT_MOVE_STATE_ACCEPTED,
               "cancelled": pb.ACCOUNT_MOVE_STATE_CANCELLED}


def move_pb(view: MoveView) -> pb.AccountMove:
    move = view.move
    return pb.AccountMove(
        id=move.id, account_id=move.account_id, username=view.username, from_tenant=view.from_tenant,
        to_tenant=view.to_tenant, state=_MOVE_STATE[move.state], requested_at=timestamp(move.requested_at),
        decided_at=timestamp(move.decided_at) if move.decided_at else None,
        care_relationships_ended=move.care_relationships_ended or 0,
    )


def erasure_pb(view) -> pb.ErasureStatus:
    return pb.ErasureStatus(
        requested_at=timestamp(view.requested_at), done=view.done, receipt=view.receipt,
        services=[pb.ErasureProgress(service=s, completed_at=timestamp(at) if at else None) for s, at in view.services],
    )


class IdentityApi(identity_pb2_grpc.IdentityServiceServicer):
    def __init__(self, service: IdentityService):
        self.service = service

    def GetJwks(self, request, context):
        return pb.Jwks(keys_json=self.service.published_keys())

    def GetTenant(self, request, context):
        if not request.slug and not request.host:
            raise InvalidArgument("give a slug or a host", field="slug")
        return tenant_pb(self.service.get_tenant(request.slug, request.host))

    def ListTenants(self, request, context):
        return pb.ListTenantsResponse(tenants=[tenant_pb(t) for t in self.service.list_tenants()])

    def CreateTenant(self, request, context):
        tenant = self.service.create_tenant(
            auth.require_caller(), request.slug, request.name, request.locale, request.time_zone, list(request.hosts)
        )
        return tenant_pb(tenant)

    def Login(self, request, context):
        if not request.tenant:
            raise InvalidArgument("tenant is required", field="tenant")
        return tokens_pb(self.service.login(request.tenant, request.username, request.password, request.second_factor))

    def Refresh(self, request, context):
        return tokens_pb(self.service.refresh(request.refresh_token))

    def Logout(self, request, context):
        self.service.logout(request.refresh_token)
        return pb.LogoutResponse()

    def GetMe(self, request, context):
        return account_pb(self.service.get_me(auth.require_caller()))

    def SetPseudonym(self, request, context):
        return account_pb(self.service.set_pseudonym(auth.require_caller(), request.pseudonym))

    def CreateAccount(self, request, context):
        view = self.service.create_account(
            auth.require_caller(), request.tenant, request.username, request.password, _roles(request.roles),
            request.real_name, request.email, request.phone, request.national_id,
        )
        return account_pb(view)

    def GetAccount(self, request, context):
        return account_pb(self.service.get_account(auth.require_caller(), request.account_id))

    def ListAccounts(self, request, context):
        views, next_token = self.service.list_accounts(
            auth.require_caller(), request.tenant, request.page_size, request.page_token
        )
        return pb.ListAccountsResponse(accounts=[account_pb(v) for v in views], next_page_token=next_token)

    def AddCareRelationship(self, request, context):
        view = self.service.add_care_relationship(auth.require_caller(), request.provider_id, request.service_user_id)
        return care_pb(view)

    def RemoveCareRelationship(self, request, context):
        self.service.remove_care_relationship(auth.require_caller(), request.relationship_id)
        return pb.RemoveCareRelationshipResponse()

    def ListCareRelationships(self, request, context):
        views = self.service.list_care_relationships(auth.require_caller(), request.provider_id, request.service_user_id)
        return pb.ListCareRelationshipsResponse(relationships=[care_pb(v) for v in views])

    def GiveConsent(self, request, context):
        consent = self.service.give_consent(auth.require_caller(), _consent_kind(request.kind), request.version)
        return consent_pb(consent)

    def WithdrawConsent(self, request, context):
        return consent_pb(self.service.withdraw_consent(auth.require_caller(), _consent_kind(request.kind)))

    def ListConsents(self, request, context):
        return pb.ListConsentsResponse(
            consents=[consent_pb(c) for c in self.service.list_consents(auth.require_caller())],
            current_terms_version=CURRENT_CONSENT_VERSIONS["terms"],
            current_research_version=CURRENT_CONSENT_VERSIONS["research"],
        )

    # -- reveals and circles ---------------------------------------------------------

    def RevealTo(self, request, context):
        view = self.service.reveals.reveal_to(
            auth.require_caller(), request.viewer_id, _name_kind(request.name_kind), request.cafe_name
        )
        return reveal_pb(view)

    def RevokeReveal(self, request, context):
        self.service.reveals.revoke(auth.require_caller(), request.viewer_id)
        return pb.RevokeRevealResponse()

    def ListReveals(self, request, context):
        given, received = self.service.reveals.list_reveals(auth.require_caller())
        return pb.ListRevealsResponse(given=[reveal_pb(r) for r in given], received=[reveal_pb(r) for r in received])

    def ResolveNames(self, request, context):
        resolved = self.service.reveals.resolve_names(auth.require_caller(), list(request.account_ids))
        return pb.ResolveNamesResponse(
            names=[pb.ResolvedName(account_id=a, pseudonym=p, revealed_name=n) for a, p, n in resolved]
        )

    def CreateCircle(self, request, context):
        view = self.service.reveals.create_circle(
            auth.require_caller(), request.name, _name_kind(request.name_kind), request.cafe_name, list(request.invitee_ids)
        )
        return circle_pb(view)

    def InviteToCircle(self, request, context):
        return circle_pb(self.service.reveals.invite(auth.require_caller(), request.circle_id, request.account_id))

    def AnswerCircleInvitation(self, request, context):
        view = self.service.reveals.answer(
            auth.require_caller(), request.circle_id, request.accept, _name_kind(request.name_kind), request.cafe_name
        )
        return circle_pb(view)

    def LeaveCircle(self, request, context):
        self.service.reveals.leave(auth.require_caller(), request.circle_id)
        return pb.LeaveCircleResponse()

    def ListCircles(self, request, context):
        circles, invitations = self.service.reveals.list_circles(auth.require_caller())
        return pb.ListCirclesResponse(circles=[circle_pb(c) for c in circles], invitations=[circle_pb(c) for c in invitations])

    # -- sessions and the account lifecycle ---------------------------------------------

    def ListSessions(self, request, context):
        sessions = self.service.lifecycle.list_sessions(auth.require_caller())
        return pb.ListSessionsResponse(sessions=[
            pb.Session(id=s.id, started_at=timestamp(s.started_at), last_used_at=timestamp(s.last_used_at),
                       expires_at=timestamp(s.expires_at), current=s.current) for s in sessions
        ])

    def RevokeSession(self, request, context):
        self.service.lifecycle.revoke_session(auth.require_caller(), request.session_id)
        return pb.RevokeSessionResponse()

    def SetAccountActive(self, request, context):
        caller = auth.require_caller()
        account = self.service.lifecycle.set_active(caller, request.account_id, request.active)
        return account_pb(self.service.get_account(caller, account.id))

    def RequestErasure(self, request, context):
        return erasure_pb(self.service.lifecycle.request_erasure(auth.require_caller(), request.password))

    def GetErasureStatus(self, request, context):
        return erasure_pb(self.service.lifecycle.erasure_status(request.receipt))


    # -- the second factor ---------------------------------------------------------------

    def BeginTotpSetup(self, request, context):
        secret, uri = self.service.begin_totp_setup(auth.require_caller())
        return pb.TotpSetup(secret=secret, provisioning_uri=uri)

    def ConfirmTotpSetup(self, request, context):
        codes, tokens = self.service.confirm_totp_setup(auth.require_caller(), request.code)
        return pb.TotpConfirmed(recovery_codes=codes, tokens=tokens_pb(tokens))

    def StepUp(self, request, context):
        return tokens_pb(self.service.step_up(auth.require_caller(), request.second_factor))

    # -- sign-in with an OpenID provider ---------------------------------------------------

    def LoginWithIdToken(self, request, context):
        if not request.tenant:
            raise InvalidArgument("tenant is required", field="tenant")
        return tokens_pb(self.service.login_with_id_token(request.tenant, request.provider, request.id_token, request.nonce))

    def ListOidcProviders(self, request, context):
        providers, password_login = self.service.oidc_providers(request.tenant)
        return pb.ListOidcProvidersResponse(
            providers=[pb.OidcProvider(name=n, issuer=i, client_id=c, roles=[_ROLE_TO_PB[x] for x in r if x in _ROLE_TO_PB], acr=a)
                       for n, i, c, r, a in providers],
            password_login=password_login,
        )

    # -- moving an account to another municipality ------------------------------------------

    def StartAccountMove(self, request, context):
        return move_pb(self.service.moves.start(auth.require_caller(), request.account_id, request.to_tenant))

    def AcceptAccountMove(self, request, context):
        return move_pb(self.service.moves.accept(auth.require_caller(), request.move_id))

    def CancelAccountMove(self, request, context):
        return move_pb(self.service.moves.cancel(auth.require_caller(), request.move_id))

    def ListAccountMoves(self, request, context):
        moves = self.service.moves.pending(auth.require_caller(), request.tenant)
        return pb.ListAccountMovesResponse(moves=[move_pb(m) for m in moves])

    # -- the personal data export ------------------------------------------------------------

    def Export(self, request, context):
        document = export.export(self.service, auth.require_caller())
        return pb.ExportResponse(json=document, generated_at=timestamp(datetime.now(UTC)))
