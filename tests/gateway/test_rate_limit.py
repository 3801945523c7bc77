"""Failed sign-ins are limited per username and per client address (10 a minute each)."""

from __future__ import annotations

import uuid

from tests.gateway.conftest import Gateway, assert_problem, random_loopback

LOGIN = "/api/v1/auth/login"
LIMIT = 10


def _fail(client: Gateway, username: str):
    return client.post(LOGIN, json={"username": username, "password": "definitely-wrong"})


def test_per_client_address(stack):
    """Ten failures from one address (each for another name) stop that address, even with the
    right password; other addresses are not affected."""
    attacker = Gateway(stack.gateway_url, source=random_loopback())
    for _ in range(LIMIT):
        assert _fail(attacker, f"ghost.{uuid.uuid4().hex[:8]}").status_code == 401
    response = attacker.post(LOGIN, json={"username": "nils", "password": "reconnect-demo"})
    assert_problem(response, 429, kind="too-many-attempts")
    assert 1 <= int(response.headers["Retry-After"]) <= 60

    neighbour = Gateway(stack.gateway_url, source=random_loopback())
    assert neighbour.login("nils")["access_token"]


def test_per_username(stack):
    """Ten failures for one name, each from another address, stop that name everywhere."""
    username = f"ghost.{uuid.uuid4().hex[:8]}"
    for _ in range(LIMIT):
        assert _fail(Gateway(stack.gateway_url, source=random_loopback()), username).status_code == 401
    response = _fail(Gateway(stack.gateway_url, source=random_loopback()), username)
    assert_problem(response, 429)
    assert int(response.headers["Retry-After"]) >= 1


def test_the_limit_is_shared_with_the_portal(stack):
    """Failures through the API count for the login form too (one limiter)."""
    client = Gateway(stack.gateway_url, source=random_loopback())
    for _ in range(LIMIT):
        assert _fail(client, f"ghost.{uuid.uuid4().hex[:8]}").status_code == 401
    page = client.get("/login")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = client.post("/login", data={"csrf_token": token, "username": "nils", "password": "reconnect-demo"})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) >= 1
    # Not signed in: the front page still sends this client to the login form.
    assert client.get("/").headers["Location"].endswith("/login")
