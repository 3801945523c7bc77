"""Helpers for talking to the running gateway of the ``stack`` fixture over real HTTP."""

from __future__ import annotations

import random
import string
import uuid
from dataclasses import dataclass

import pytest
import requests
from requests.adapters import HTTPAdapter

from reconnect_stack.seed import DEMO_PASSWORD

PROBLEM_TYPE = "application/problem+json"


class SourceAddressAdapter(HTTPAdapter):
    """Connect from another loopback address (the whole 127/8 is local), so a test can be
    a different client address to the gateway's per-address limits."""

    def __init__(self, source: str, **kwargs):
        self._source = source
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self._source, 0)
        super().init_poolmanager(*args, **kwargs)


class Gateway:
    """The gateway as one municipality's client sees it."""

    def __init__(self, base_url: str, tenant: str = "nordvik", source: str = ""):
        self.base_url = base_url
        self.tenant = tenant
        self.http = requests.Session()
        if source:
            self.http.mount("http://", SourceAddressAdapter(source))

    def request(self, method: str, path: str, *, token: str | None = None, headers=None, **kwargs):
        merged = {"X-Tenant": self.tenant} if self.tenant else {}
        if token:
            merged["Authorization"] = f"Bearer {token}"
        merged.update(headers or {})
        kwargs.setdefault("allow_redirects", False)
        return self.http.request(method, self.base_url + path, headers=merged, timeout=15, **kwargs)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def put(self, path, **kw):
        return self.request("PUT", path, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def login(self, username: str, password: str = DEMO_PASSWORD) -> dict:
        response = self.post("/api/v1/auth/login", json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        return response.json()


@dataclass
class NewAccount:
    id: str
    username: str
    password: str


def assert_problem(response, status: int, *, field: str | None = None, kind: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith(PROBLEM_TYPE)
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://")
    assert body["title"] and body["detail"]
    if field is not None:
        assert body.get("field") == field, body
    if kind is not None:
        assert body["type"].endswith("/" + kind), body
    return body


def random_loopback() -> str:
    return "127." + ".".join(str(random.randint(1, 254)) for _ in range(3))


@pytest.fixture
def gateway(stack) -> Gateway:
    """A client with a loopback address of its own, so one test's failed sign-ins never
    count against another test's client address."""
    return Gateway(stack.gateway_url, source=random_loopback())


@pytest.fixture
def admin_token(gateway) -> str:
    # Per test: access tokens live 15 minutes, longer than a slow run might take.
    return gateway.login("admin.nordvik")["access_token"]


@pytest.fixture
def unique() -> str:
    return uuid.uuid4().hex[:8]


@pytest.fixture
def unique_pseudonym() -> str:
    # Letters only: a run of digits could look like a phone number to identity.
    return "Fjord " + "".join(random.choices(string.ascii_lowercase, k=10))


@pytest.fixture
def new_service_user(gateway, admin_token, unique) -> NewAccount:
    """A fresh service user in nordvik, so a test can change it without touching the demo people."""
    username = f"test.user.{unique}"
    password = f"pw-{uuid.uuid4().hex}"
    response = gateway.post(
        "/api/v1/admin/accounts",
        token=admin_token,
        json={"username": username, "password": password, "roles": ["service_user"]},
    )
    assert response.status_code == 201, response.text
    return NewAccount(response.json()["id"], username, password)
