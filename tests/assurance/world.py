"""The people the assurance suite acts as, and the objects they act on.

The demo region (reconnect_stack/seed.py) stays untouched: other tests and the browser
tests rely on its people as seeded (nora still has no pseudonym, and so on). The suite
makes a cast of its own through the public API, signed in as the demo tenant admins,
one persona per role, with canary strings in their real names and contact details.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

import grpc

from reconnect.identity.v1 import identity_pb2 as pb
from reconnect.identity.v1 import identity_pb2_grpc
from reconnect_stack.seed import DEMO_PASSWORD
from reconnect_stack.stack import Stack
from services.kit.client import call_metadata, channel
from tests.assurance.canaries import CanarySet, letters
from tests.gateway.conftest import Gateway, random_loopback

# The personas of the matrix, in the domain's words.
ANONYMOUS = "anonymous"
SERVICE_USER = "service_user"
PROVIDER = "provider_with_care"
LONE_PROVIDER = "provider_without_care"
PEER_MODERATOR = "peer_moderator"
TENANT_ADMIN = "tenant_admin"
REGION_ADMIN = "region_admin"
RESEARCHER = "researcher"
SIGNED_IN = (SERVICE_USER, PROVIDER, LONE_PROVIDER, PEER_MODERATOR, TENANT_ADMIN, REGION_ADMIN, RESEARCHER)
PERSONAS = (ANONYMOUS, *SIGNED_IN)

HOME = "nordvik"  # where the cast lives
ELSEWHERE = "sorby"  # "another tenant" in the matrix
REGION = "region"

# An access token lives 15 minutes; sign in again well before, as a long `make test` may need.
TOKEN_REUSE_SECONDS = 600


@dataclass
class Persona:
    name: str
    tenant: str
    username: str
    password: str
    roles: tuple[str, ...]
    account_id: str = ""
    real_name: str = ""
    _token: str = ""
    _signed_in_at: float = 0.0

    @property
    def signed_in(self) -> bool:
        return self.name != ANONYMOUS


@dataclass
class TenantObjects:
    """Objects of one tenant that calls can name: for 'own' and 'other tenant' scopes."""

    tenant: str
    service_user_id: str = ""
    provider_id: str = ""
    care_relationship_id: str = ""
    peer_id: str = ""  # another peer (service user), target of reveals and account reads


@dataclass
class World:
    stack: Stack
    canaries: CanarySet
    run: str = field(default_factory=lambda: letters(6))
    personas: dict[str, Persona] = field(default_factory=dict)
    objects: dict[str, TenantObjects] = field(default_factory=dict)
    peer_tokens: dict[str, str] = field(default_factory=dict)
    admin_tokens: dict[str, tuple[str, float]] = field(default_factory=dict)
    portal_sessions: dict[str, Gateway] = field(default_factory=dict)
    canary_pending: list[str] = field(default_factory=list)
    # Objects other services' declarations made once and reuse (spaces, cafés, conversations...).
    cache: dict = field(default_factory=dict)

    def once(self, key: str, make):
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    # -- transport -------------------------------------------------------------------

    @property
    def identity(self) -> identity_pb2_grpc.IdentityServiceStub:
        return identity_pb2_grpc.IdentityServiceStub(channel(self.stack.services["identity"].address))

    def http(self, tenant: str | None = HOME) -> Gateway:
        """A client with a loopback address of its own, so failed sign-ins of one check
        never count against another's address."""
        return Gateway(self.stack.gateway_url, tenant=tenant or "", source=random_loopback())

    def login(self, tenant: str, username: str, password: str = DEMO_PASSWORD) -> pb.TokenPair:
        return self.identity.Login(pb.LoginRequest(tenant=tenant, username=username, password=password), timeout=10)

    def token(self, persona: Persona | str) -> str:
        persona = self.personas[persona] if isinstance(persona, str) else persona
        if not persona.signed_in:
            return ""
        if not persona._token or time.monotonic() - persona._signed_in_at > TOKEN_REUSE_SECONDS:
            persona._token = self.login(persona.tenant, persona.username, persona.password).access_token
            persona._signed_in_at = time.monotonic()
        return persona._token

    def metadata(self, persona: Persona | str) -> list[tuple[str, str]]:
        return call_metadata(self.token(persona) or None)

    def demo_admin(self, tenant: str) -> list[tuple[str, str]]:
        """The demo tenant admin's credentials, signed in once and reused like the personas'."""
        username = "region.admin" if tenant == REGION else f"admin.{tenant}"
        token, signed_in_at = self.admin_tokens.get(tenant, ("", 0.0))
        if not token or time.monotonic() - signed_in_at > TOKEN_REUSE_SECONDS:
            token = self.login(tenant, username).access_token
            self.admin_tokens[tenant] = (token, time.monotonic())
        return call_metadata(token)

    # -- making people and objects ------------------------------------------------------

    def create_account(self, tenant: str, prefix: str, roles: list[str], *, canary_details: bool = True,
                       password: bool = True) -> Persona:
        """An account made through the public API by the tenant's (demo) admin."""
        username = self.canaries.username(f"a{self.run}.{prefix}")
        secret = self.canaries.password() if password else ""
        body = {"username": username, "password": secret, "roles": roles}
        if canary_details:
            body |= {"real_name": self.canaries.real_name(), "email": self.canaries.email(),
                     "phone": self.canaries.phone()}
        admin = "region.admin" if tenant == REGION else f"admin.{tenant}"
        client = self.http(tenant)
        admin_token = self._admin_http_token(client, tenant, admin)
        reply = client.post("/api/v1/admin/accounts", token=admin_token, json=body)
        assert reply.status_code == 201, reply.text
        return Persona(prefix, tenant, username, secret, tuple(roles), reply.json()["id"], body.get("real_name", ""))

    def _admin_http_token(self, client: Gateway, tenant: str, username: str) -> str:
        key = f"http:{tenant}"
        if key not in self.peer_tokens:
            self.peer_tokens[key] = client.login(username)["access_token"]
        return self.peer_tokens[key]

    def add_care(self, tenant: str, provider_id: str, service_user_id: str) -> str:
        reply = self.identity.AddCareRelationship(
            pb.AddCareRelationshipRequest(provider_id=provider_id, service_user_id=service_user_id),
            metadata=self.demo_admin(tenant), timeout=10,
        )
        return reply.id

    def fresh_service_user(self, tenant: str) -> str:
        """A throwaway service user (no password, no details) for calls that change things."""
        return self.create_account(tenant, f"x{letters(4)}", ["service_user"], canary_details=False,
                                   password=False).account_id

    def peer_metadata(self, tenant: str = HOME) -> list[tuple[str, str]]:
        """The signed-in 'other peer' of a tenant (a service user who is not a persona)."""
        peer = self.personas[f"peer@{tenant}"]
        return self.metadata(peer)

    def pseudonym(self) -> str:
        return f"Assure {letters(10)}"


def build_world(stack: Stack, canaries: CanarySet | None = None) -> World:
    world = World(stack, canaries or CanarySet())
    personas = [
        world.create_account(HOME, "su", ["service_user"]),
        world.create_account(HOME, "prov", ["health_provider"]),
        world.create_account(HOME, "lone", ["health_provider"]),
        world.create_account(HOME, "mod", ["peer_moderator"]),
        world.create_account(HOME, "ta", ["tenant_admin"]),
        world.create_account(REGION, "ra", ["region_admin"]),
        world.create_account(HOME, "res", ["researcher"]),
    ]
    for name, persona in zip(SIGNED_IN, personas, strict=True):
        persona.name = name
        world.personas[name] = persona
    world.personas[ANONYMOUS] = Persona(ANONYMOUS, HOME, "", "", ())

    home_peer = world.create_account(HOME, "peer", ["service_user"])
    other_user = world.create_account(ELSEWHERE, "su", ["service_user"])
    other_provider = world.create_account(ELSEWHERE, "prov", ["health_provider"])
    world.personas[f"peer@{HOME}"] = home_peer
    world.personas[f"peer@{ELSEWHERE}"] = other_user

    service_user, provider = world.personas[SERVICE_USER], world.personas[PROVIDER]
    world.objects[HOME] = TenantObjects(
        HOME, service_user.account_id, provider.account_id,
        world.add_care(HOME, provider.account_id, service_user.account_id), home_peer.account_id,
    )
    world.objects[ELSEWHERE] = TenantObjects(
        ELSEWHERE, other_user.account_id, other_provider.account_id,
        world.add_care(ELSEWHERE, other_provider.account_id, other_user.account_id), other_user.account_id,
    )
    # The region has no care; its 'own' objects are its region admins.
    region_admins = world.identity.ListAccounts(pb.ListAccountsRequest(tenant=REGION), metadata=world.demo_admin(REGION))
    demo_region_admin = next(a.id for a in region_admins.accounts if a.username == "region.admin")
    world.objects[REGION] = TenantObjects(REGION, "", "", "", demo_region_admin)
    return world


def missing_id() -> str:
    return str(uuid.uuid4())


def rpc_code(call, request, metadata) -> grpc.StatusCode:
    try:
        call(request, metadata=metadata, timeout=10)
    except grpc.RpcError as error:
        return error.code()
    return grpc.StatusCode.OK
