"""A thin, typed wrapper over the IdentityService stub.

Every call carries the request id and, when there is one, the caller's access token as
gRPC metadata, and a deadline; identity decides what the token allows. The stub is built
per call from the per-process channel, so a forked worker never touches its parent's.
"""

from __future__ import annotations

from reconnect.identity.v1 import identity_pb2 as pb
from reconnect.identity.v1 import identity_pb2_grpc
from services.kit import client

TIMEOUT_SECONDS = 5.0

ROLE_NAMES = {
    value: name.removeprefix("ROLE_").lower()
    for name, value in pb.Role.items()
    if value != pb.ROLE_UNSPECIFIED
}
ROLES_BY_NAME = {name: value for value, name in ROLE_NAMES.items()}

CONSENT_KINDS = {"terms": pb.CONSENT_KIND_TERMS, "research": pb.CONSENT_KIND_RESEARCH}
CONSENT_NAMES = {value: name for name, value in CONSENT_KINDS.items()}

# The name one shows to a peer or a circle: the first word of the real name, or a café name.
NAME_KINDS = {"first_name": pb.REVEALED_NAME_KIND_FIRST_NAME, "cafe_name": pb.REVEALED_NAME_KIND_CAFE_NAME}


class IdentityClient:
    def __init__(self, address: str, timeout: float = TIMEOUT_SECONDS):
        self.address = address
        self.timeout = timeout

    def _call(self, method: str, request, access_token: str | None = None):
        stub = identity_pb2_grpc.IdentityServiceStub(client.channel(self.address))
        return getattr(stub, method)(
            request, metadata=client.call_metadata(access_token), timeout=self.timeout
        )

    # Tenants (public)
    def get_tenant(self, *, slug: str = "", host: str = "") -> pb.Tenant:
        return self._call("GetTenant", pb.GetTenantRequest(slug=slug, host=host))

    def list_tenants(self) -> list[pb.Tenant]:
        return list(self._call("ListTenants", pb.ListTenantsRequest()).tenants)

    # Sessions
    def login(self, tenant: str, username: str, password: str) -> pb.TokenPair:
        return self._call("Login", pb.LoginRequest(tenant=tenant, username=username, password=password))

    def refresh(self, refresh_token: str) -> pb.TokenPair:
        return self._call("Refresh", pb.RefreshRequest(refresh_token=refresh_token))

    def logout(self, refresh_token: str) -> None:
        self._call("Logout", pb.LogoutRequest(refresh_token=refresh_token))

    # Sign-in with an OpenID provider (public): identity validates the ID token itself.
    def list_oidc_providers(self, tenant: str) -> pb.ListOidcProvidersResponse:
        return self._call("ListOidcProviders", pb.ListOidcProvidersRequestForTenant(tenant=tenant))

    def login_with_id_token(self, tenant: str, provider: str, id_token: str, nonce: str) -> pb.TokenPair:
        return self._call("LoginWithIdToken", pb.LoginWithIdTokenRequest(
            tenant=tenant, provider=provider, id_token=id_token, nonce=nonce))

    # The caller's own account
    def get_me(self, token: str) -> pb.Account:
        return self._call("GetMe", pb.GetMeRequest(), token)

    def set_pseudonym(self, token: str, pseudonym: str) -> pb.Account:
        return self._call("SetPseudonym", pb.SetPseudonymRequest(pseudonym=pseudonym), token)

    def list_consents(self, token: str) -> pb.ListConsentsResponse:
        return self._call("ListConsents", pb.ListConsentsRequest(), token)

    def give_consent(self, token: str, kind: str, version: str) -> pb.Consent:
        return self._call("GiveConsent", pb.GiveConsentRequest(kind=CONSENT_KINDS[kind], version=version), token)

    def withdraw_consent(self, token: str, kind: str) -> pb.Consent:
        return self._call("WithdrawConsent", pb.WithdrawConsentRequest(kind=CONSENT_KINDS[kind]), token)

    # Tenant administration
    def create_account(
        self,
        token: str,
        *,
        tenant: str,
        username: str,
        password: str,
        roles: list[str],
        real_name: str = "",
        email: str = "",
        phone: str = "",
    ) -> pb.Account:
        request = pb.CreateAccountRequest(
            tenant=tenant,
            username=username,
            password=password,
            roles=[ROLES_BY_NAME[role] for role in roles],
            real_name=real_name,
            email=email,
            phone=phone,
        )
        return self._call("CreateAccount", request, token)

    def get_account(self, token: str, account_id: str) -> pb.Account:
        return self._call("GetAccount", pb.GetAccountRequest(account_id=account_id), token)

    def list_accounts(self, token: str, tenant: str, page_size: int, page_token: str) -> pb.ListAccountsResponse:
        request = pb.ListAccountsRequest(tenant=tenant, page_size=page_size, page_token=page_token)
        return self._call("ListAccounts", request, token)

    def add_care_relationship(self, token: str, provider_id: str, service_user_id: str) -> pb.CareRelationship:
        request = pb.AddCareRelationshipRequest(provider_id=provider_id, service_user_id=service_user_id)
        return self._call("AddCareRelationship", request, token)

    def remove_care_relationship(self, token: str, relationship_id: str) -> None:
        self._call("RemoveCareRelationship", pb.RemoveCareRelationshipRequest(relationship_id=relationship_id), token)

    def list_care_relationships(
        self, token: str, provider_id: str = "", service_user_id: str = ""
    ) -> list[pb.CareRelationship]:
        request = pb.ListCareRelationshipsRequest(provider_id=provider_id, service_user_id=service_user_id)
        return list(self._call("ListCareRelationships", request, token).relationships)

    # Reveals and circles: who may see whose chosen name
    def reveal_to(self, token: str, viewer_id: str, name_kind: str, cafe_name: str = "") -> pb.Reveal:
        request = pb.RevealToRequest(viewer_id=viewer_id, name_kind=NAME_KINDS[name_kind], cafe_name=cafe_name)
        return self._call("RevealTo", request, token)

    def revoke_reveal(self, token: str, viewer_id: str) -> None:
        self._call("RevokeReveal", pb.RevokeRevealRequest(viewer_id=viewer_id), token)

    def list_reveals(self, token: str) -> pb.ListRevealsResponse:
        return self._call("ListReveals", pb.ListRevealsRequest(), token)

    def create_circle(self, token: str, name: str, name_kind: str, cafe_name: str = "",
                      invitee_ids: list[str] | None = None) -> pb.Circle:
        request = pb.CreateCircleRequest(name=name, name_kind=NAME_KINDS[name_kind], cafe_name=cafe_name,
                                         invitee_ids=invitee_ids or [])
        return self._call("CreateCircle", request, token)

    def invite_to_circle(self, token: str, circle_id: str, account_id: str) -> pb.Circle:
        return self._call("InviteToCircle", pb.InviteToCircleRequest(circle_id=circle_id, account_id=account_id), token)

    def answer_circle_invitation(self, token: str, circle_id: str, accept: bool, name_kind: str = "",
                                 cafe_name: str = "") -> pb.Circle:
        request = pb.AnswerCircleInvitationRequest(circle_id=circle_id, accept=accept,
                                                   name_kind=NAME_KINDS.get(name_kind, 0), cafe_name=cafe_name)
        return self._call("AnswerCircleInvitation", request, token)

    def leave_circle(self, token: str, circle_id: str) -> None:
        self._call("LeaveCircle", pb.LeaveCircleRequest(circle_id=circle_id), token)

    def list_circles(self, token: str) -> pb.ListCirclesResponse:
        return self._call("ListCircles", pb.ListCirclesRequest(), token)

    # Sessions, the second factor and the end of an account (account_api, account_portal)
    def login_with_second_factor(self, tenant: str, username: str, password: str, second_factor: str) -> pb.TokenPair:
        request = pb.LoginRequest(tenant=tenant, username=username, password=password, second_factor=second_factor)
        return self._call("Login", request)

    def list_sessions(self, token: str) -> list[pb.Session]:
        return list(self._call("ListSessions", pb.ListSessionsRequest(), token).sessions)

    def revoke_session(self, token: str, session_id: str) -> None:
        self._call("RevokeSession", pb.RevokeSessionRequest(session_id=session_id), token)

    def set_account_active(self, token: str, account_id: str, active: bool) -> pb.Account:
        return self._call("SetAccountActive", pb.SetAccountActiveRequest(account_id=account_id, active=active), token)

    def request_erasure(self, token: str, password: str) -> pb.ErasureStatus:
        return self._call("RequestErasure", pb.RequestErasureRequest(password=password), token)

    def erasure_status(self, receipt: str) -> pb.ErasureStatus:
        return self._call("GetErasureStatus", pb.GetErasureStatusRequest(receipt=receipt))

    def begin_totp_setup(self, token: str) -> pb.TotpSetup:
        return self._call("BeginTotpSetup", pb.BeginTotpSetupRequest(), token)

    def confirm_totp_setup(self, token: str, code: str) -> pb.TotpConfirmed:
        return self._call("ConfirmTotpSetup", pb.ConfirmTotpSetupRequest(code=code), token)

    def step_up(self, token: str, second_factor: str) -> pb.TokenPair:
        return self._call("StepUp", pb.StepUpRequest(second_factor=second_factor), token)
