"""The demo region: two municipalities sharing one forum, their people, and the region's ops.

Seeding is idempotent: a second ``make run`` finds everything in place and adds nothing.
Tenants and accounts are created by identity's own ``bootstrap`` command (identity owns
them); everything else goes through the public gRPC contracts, signed in as an admin.
"""

from __future__ import annotations

import json
import subprocess
import sys

import grpc

from reconnect.identity.v1 import identity_pb2 as pb
from reconnect.identity.v1 import identity_pb2_grpc
from reconnect_stack.stack import ROOT, Stack
from services.kit.client import call_metadata, channel

DEMO_PASSWORD = "reconnect-demo"

DEMO_TENANTS = [
    {"slug": "nordvik", "name": "Nordvik", "locale": "nb", "time_zone": "Europe/Oslo", "hosts": ["nordvik.localhost"]},
    {"slug": "sorby", "name": "Sørby", "locale": "nb", "time_zone": "Europe/Oslo", "hosts": ["sorby.localhost"]},
    # The hosting health authority's own staff: region admins and ops.
    {"slug": "region", "name": "Helseregionen", "locale": "nb", "time_zone": "Europe/Oslo", "hosts": ["region.localhost"]},
]

DEMO_ACCOUNTS = [
    {"tenant": "nordvik", "username": "nora", "roles": ["service_user"], "real_name": "Nora Nordmann"},
    {"tenant": "nordvik", "username": "nils", "roles": ["service_user"], "real_name": "Nils Nilsen"},
    {"tenant": "nordvik", "username": "hansen", "roles": ["health_provider"], "real_name": "Hanne Hansen"},
    {"tenant": "nordvik", "username": "mia", "roles": ["peer_moderator"], "real_name": "Mia Moe"},
    {"tenant": "nordvik", "username": "admin.nordvik", "roles": ["tenant_admin"], "real_name": "Anders Admin"},
    {"tenant": "nordvik", "username": "researcher", "roles": ["researcher"], "real_name": "Rita Forsker"},
    {"tenant": "sorby", "username": "siri", "roles": ["service_user"], "real_name": "Siri Sørensen"},
    {"tenant": "sorby", "username": "sven", "roles": ["service_user"], "real_name": "Sven Svendsen"},
    {"tenant": "sorby", "username": "berg", "roles": ["health_provider"], "real_name": "Bjørn Berg"},
    {"tenant": "sorby", "username": "admin.sorby", "roles": ["tenant_admin"], "real_name": "Astrid Admin"},
    {"tenant": "region", "username": "region.admin", "roles": ["region_admin"], "real_name": "Reidun Region"},
]

# Who cares for whom: (tenant, provider, service user).
DEMO_CARE = [("nordvik", "hansen", "nora"), ("nordvik", "hansen", "nils"), ("sorby", "berg", "siri")]

# Some people have chosen a pseudonym already; others (nora) choose one on first visit.
DEMO_PSEUDONYMS = {("nordvik", "nils"): "Fjellvandrer", ("nordvik", "mia"): "Kaffekoppen", ("sorby", "siri"): "Havbris"}


def _login(stub, tenant: str, username: str) -> str:
    return stub.Login(pb.LoginRequest(tenant=tenant, username=username, password=DEMO_PASSWORD), timeout=10).access_token


def seed(stack: Stack) -> dict:
    identity = stack.services["identity"]
    plan = {
        "tenants": DEMO_TENANTS,
        "accounts": [dict(account, password=DEMO_PASSWORD) for account in DEMO_ACCOUNTS],
    }
    result = subprocess.run(
        [sys.executable, "-m", identity.spec.module, "bootstrap"],
        input=json.dumps(plan), env=stack.service_env(identity), cwd=ROOT,
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"identity bootstrap failed:\n{result.stderr[-4000:]}")
    summary = json.loads(result.stdout.strip().splitlines()[-1])

    stub = identity_pb2_grpc.IdentityServiceStub(channel(identity.address))
    ids: dict[tuple[str, str], str] = {}
    for tenant in ("nordvik", "sorby"):
        token = _login(stub, tenant, f"admin.{tenant}")
        accounts = stub.ListAccounts(pb.ListAccountsRequest(tenant=tenant, page_size=200), metadata=call_metadata(token))
        ids.update({(tenant, a.username): a.id for a in accounts.accounts})
    relationships = 0
    for tenant, provider, service_user in DEMO_CARE:
        token = _login(stub, tenant, f"admin.{tenant}")
        request = pb.AddCareRelationshipRequest(provider_id=ids[(tenant, provider)], service_user_id=ids[(tenant, service_user)])
        try:
            stub.AddCareRelationship(request, metadata=call_metadata(token), timeout=10)
            relationships += 1
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.ALREADY_EXISTS:
                raise
    for (tenant, username), pseudonym in DEMO_PSEUDONYMS.items():
        token = _login(stub, tenant, username)
        me = stub.GetMe(pb.GetMeRequest(), metadata=call_metadata(token), timeout=10)
        if not me.pseudonym:
            stub.SetPseudonym(pb.SetPseudonymRequest(pseudonym=pseudonym), metadata=call_metadata(token), timeout=10)
    summary["care_relationships_created"] = relationships
    return summary
