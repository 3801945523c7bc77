"""Identity as a real gRPC server in the test process, on a fresh database and the
session's nats-server, with two municipalities and the region's staff."""

from __future__ import annotations

from dataclasses import dataclass, field

import grpc
import pytest

from reconnect.identity.v1 import identity_pb2 as pb
from reconnect.identity.v1 import identity_pb2_grpc
from services.identity.__main__ import MIGRATIONS, build_service, runner_for
from services.kit.config import ServiceSettings, load
from services.kit.db import migrate

PASSWORD = "correct horse battery"

PEOPLE = [
    ("nordvik", "admin.nordvik", ["tenant_admin"], "Anders Admin"),
    ("nordvik", "nora", ["service_user"], "Nora Nordmann"),
    ("nordvik", "nils", ["service_user"], "Nils Nilsen"),
    ("nordvik", "hansen", ["health_provider"], "Hanne Hansen"),
    ("nordvik", "mia", ["peer_moderator"], "Mia Moe"),
    ("sorby", "admin.sorby", ["tenant_admin"], "Astrid Admin"),
    ("sorby", "siri", ["service_user"], "Siri Sørensen"),
    ("sorby", "berg", ["health_provider"], "Bjørn Berg"),
    ("region", "region.admin", ["region_admin"], "Reidun Region"),
]


@dataclass
class Identity:
    address: str
    stub: identity_pb2_grpc.IdentityServiceStub
    service: object
    settings: ServiceSettings
    ids: dict[str, str] = field(default_factory=dict)

    def login(self, tenant: str, username: str, password: str = PASSWORD) -> pb.TokenPair:
        return self.stub.Login(pb.LoginRequest(tenant=tenant, username=username, password=password), timeout=10)

    def as_(self, username: str) -> list[tuple[str, str]]:
        tenant = next(t for t, u, _, _ in PEOPLE if u == username)
        return [("authorization", f"Bearer {self.login(tenant, username).access_token}")]


def rpc_error(call, *args, **kwargs) -> grpc.RpcError:
    try:
        call(*args, **kwargs)
    except grpc.RpcError as error:
        return error
    raise AssertionError("the call succeeded but should have failed")


def trailer(error: grpc.RpcError, key: str) -> str:
    return dict(error.trailing_metadata() or ()).get(key, "")


@pytest.fixture(scope="session")
def identity(database_url, nats_server, master_key) -> Identity:
    settings = load(
        ServiceSettings, database_url=database_url("identity"), nats_url=nats_server.url,
        grpc_port=0, metrics_port=0, master_key=master_key, environment="test",
    )
    migrate(settings.database_url, MIGRATIONS)
    wiring, service = build_service(settings)
    for slug, name in (("nordvik", "Nordvik"), ("sorby", "Sørby"), ("region", "Helseregionen")):
        service.create_tenant(None, slug, name, "nb", "Europe/Oslo", [f"{slug}.localhost"])
    for tenant, username, roles, real_name in PEOPLE:
        assert service.bootstrap_account(tenant, username, PASSWORD, roles, real_name)
    runner = runner_for(wiring, service)
    port = runner.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    from services.kit.client import wait_until_serving

    wait_until_serving(f"127.0.0.1:{port}", 30)
    ident = Identity(f"127.0.0.1:{port}", identity_pb2_grpc.IdentityServiceStub(channel), service, settings)
    admin = {"nordvik": ident.as_("admin.nordvik"), "sorby": ident.as_("admin.sorby")}
    for tenant, md in admin.items():
        for account in ident.stub.ListAccounts(pb.ListAccountsRequest(tenant=tenant), metadata=md).accounts:
            ident.ids[account.username] = account.id
    yield ident
    channel.close()
    runner.stop(grace=1)
