"""Shared servers, started once per test session: a real nats-server with JetStream,
a real database (SQLite files, or PostgreSQL when RECONNECT_TEST_DATABASE_URL is set),
and the whole stack as real processes for end-to-end and browser tests."""

from __future__ import annotations

import base64
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import grpc
import pytest

from reconnect.identity.v1 import identity_pb2 as pb
from reconnect.identity.v1 import identity_pb2_grpc
from reconnect_stack.seed import seed
from reconnect_stack.stack import SERVICES, Stack, drop_postgres_databases, postgres_database_for
from services.identity.__main__ import MIGRATIONS as IDENTITY_MIGRATIONS
from services.identity.__main__ import build_service as build_identity
from services.identity.__main__ import runner_for as identity_runner_for
from services.identity.settings import IdentitySettings
from services.kit.client import wait_until_serving
from services.kit.config import ServiceSettings, load
from services.kit.db import migrate
from services.kit.natsserver import EmbeddedNats, free_port

POSTGRES_BASE_URL = os.environ.get("RECONNECT_TEST_DATABASE_URL", "")

_created_databases: list[str] = []


def pytest_report_header(config):
    return f"database: {'PostgreSQL ' + POSTGRES_BASE_URL if POSTGRES_BASE_URL else 'SQLite files'}"


def wait_for(condition: Callable[[], object], timeout: float = 15.0, interval: float = 0.02, message: str = ""):
    """Poll until ``condition()`` is truthy; fail after ``timeout`` seconds. Returns its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s: {message or condition}")
        time.sleep(interval)


@pytest.fixture(scope="session")
def nats_server(tmp_path_factory) -> EmbeddedNats:
    server = EmbeddedNats(tmp_path_factory.mktemp("nats")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Callable[[str], str]:
    """A fresh, empty database for each name asked for."""
    folder = tmp_path_factory.mktemp("db")

    def make(name: str) -> str:
        unique = f"{name}_{uuid.uuid4().hex[:8]}"
        if POSTGRES_BASE_URL:
            _created_databases.append(unique)
            return postgres_database_for(POSTGRES_BASE_URL, unique)
        return f"sqlite:///{folder / unique}.db"

    yield make
    if POSTGRES_BASE_URL and _created_databases:
        drop_postgres_databases(POSTGRES_BASE_URL, _created_databases)


@pytest.fixture(scope="session")
def master_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


# The shared stack runs with the product's settings except the forum's posting pace, raised
# from 10 a minute because a few personas write for the whole suite (the authorization matrix
# posts for every method); the assurance suite still sees it engage (test_rate_limits.py).
SUITE_POSTS_PER_MINUTE = 200
SUITE_STACK_SETTINGS = {"RECONNECT_POSTS_PER_MINUTE": str(SUITE_POSTS_PER_MINUTE),
                        "RECONNECT_POSTS_PER_HOUR": "100000"}


@pytest.fixture(scope="session")
def stack(tmp_path_factory) -> Stack:
    """The whole system as `make run` starts it, on free ports, with the demo region seeded."""
    var_dir: Path = tmp_path_factory.mktemp("stack")
    base = ""
    if POSTGRES_BASE_URL:
        base = f"{POSTGRES_BASE_URL}_stack{uuid.uuid4().hex[:6]}"
    running = Stack(var_dir=var_dir, gateway_port=free_port(), database_base_url=base, environment="test",
                    extra_env=SUITE_STACK_SETTINGS)
    try:
        running.start(deadline_seconds=90)
        seed(running)
    except Exception:
        running.stop()
        for log in sorted((var_dir / "logs").glob("*.log")):
            print(f"--- {log.name} ---\n{log.read_text()[-3000:]}")
        raise
    yield running
    running.stop()
    if base:
        drop_postgres_databases(base, [spec.name for spec in SERVICES])


# -- identity as a real gRPC server in the test process ------------------------------
# Two municipalities sharing a forum, a third outside it, and the region's staff.

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
    ("sorby", "sven", ["service_user"], "Sven Svendsen"),
    ("ostby", "olga", ["service_user"], "Olga Østby"),
    ("nordvik", "nameless", ["service_user"], "Navnløs Person"),
    ("nordvik", "lund", ["health_provider"], "Liv Lund"),
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

    def newcomer(self, tenant: str = "nordvik", roles: tuple[str, ...] = ("service_user",), real_name: str = "") -> str:
        """A fresh account, untouched by other tests; returns its username (usable with as_)."""
        username = f"new{uuid.uuid4().hex[:10]}"
        self.service.bootstrap_account(tenant, username, PASSWORD, list(roles), real_name)
        PEOPLE.append((tenant, username, list(roles), real_name))
        self.ids[username] = self.stub.GetMe(pb.GetMeRequest(), metadata=self.as_(username)).id
        return username


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
        IdentitySettings, database_url=database_url("identity"), nats_url=nats_server.url,
        grpc_port=0, metrics_port=0, master_key=master_key, environment="test",
    )
    migrate(settings.database_url, IDENTITY_MIGRATIONS)
    wiring, service = build_identity(settings)
    for slug, name in (("nordvik", "Nordvik"), ("sorby", "Sørby"), ("ostby", "Østby"), ("region", "Helseregionen")):
        service.create_tenant(None, slug, name, "nb", "Europe/Oslo", [f"{slug}.localhost"])
    for tenant, username, roles, real_name in PEOPLE:
        assert service.bootstrap_account(tenant, username, PASSWORD, roles, real_name)
    runner = identity_runner_for(wiring, service)
    port = runner.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    wait_until_serving(f"127.0.0.1:{port}", 30)
    ident = Identity(f"127.0.0.1:{port}", identity_pb2_grpc.IdentityServiceStub(channel), service, settings)
    region = ident.as_("region.admin")
    for tenant in ("nordvik", "sorby", "ostby", "region"):
        for account in ident.stub.ListAccounts(pb.ListAccountsRequest(tenant=tenant, page_size=200), metadata=region).accounts:
            ident.ids[account.username] = account.id
    yield ident
    channel.close()
    runner.stop(grace=1)
