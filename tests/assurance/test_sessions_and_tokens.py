"""Part 6: bad access tokens are refused by the gateway and by identity itself; refresh
tokens rotate and a reused one ends its whole sign-in; logout ends the refresh token and
the access token at once; the portal's idle and absolute session limits."""

from __future__ import annotations

import hashlib
import time

import grpc
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from reconnect.identity.v1 import identity_pb2 as pb
from services.identity.__main__ import build_service
from services.identity.settings import IdentitySettings
from services.kit.auth import AUDIENCE, ISSUER
from services.kit.config import load
from tests.assurance.declarations.gateway import portal_session
from tests.assurance.world import HOME, SERVICE_USER
from tests.conftest import wait_for
from tests.gateway.conftest import assert_problem

PART = "6 sessions and tokens"
IDLE_LIMIT_SECONDS = 30 * 60
ABSOLUTE_LIMIT_SECONDS = 12 * 3600


@pytest.fixture(scope="module")
def signing_key(world):
    """Identity's current signing key, read as identity reads it (database + master key), so
    the suite can make tokens that are correctly signed yet wrong in one claim."""
    stack = world.stack
    settings = load(IdentitySettings, database_url=stack.database_url("identity"), master_key=stack.master_key,
                    environment="test", nats_url=stack.nats_url)
    wiring, service = build_service(settings)
    try:
        with service.db.transaction() as session:
            return service.signer._current(session)  # noqa: SLF001 - the test reads the real key
    finally:
        wiring.db.dispose()


def _token(key, kid: str, subject: str, **overrides) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": subject, "tenant": HOME, "roles": ["service_user"],
              "iat": now, "exp": now + 600, "jti": "assurance"}
    claims.update(overrides)
    return jwt.encode(claims, key, algorithm="EdDSA", headers={"kid": kid})


def _tampered(token: str) -> str:
    header, payload, signature = token.split(".")
    # Flip the roles in the payload, keep the signature.
    import base64
    import json

    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["roles"] = ["region_admin", "tenant_admin"]
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def bad_tokens(world, signing_key) -> dict[str, str]:
    kid, key = signing_key
    subject = world.personas[SERVICE_USER].account_id
    genuine = world.token(SERVICE_USER)
    return {
        "expired": _token(key, kid, subject, exp=int(time.time()) - 5, iat=int(time.time()) - 900),
        "tampered payload": _tampered(genuine),
        "signed with another key": _token(Ed25519PrivateKey.generate(), kid, subject),
        "unknown key id": _token(Ed25519PrivateKey.generate(), "not-a-published-kid", subject),
        "wrong audience": _token(key, kid, subject, aud="someone-else"),
        "wrong issuer": _token(key, kid, subject, iss="someone-else"),
        "alg none": jwt.encode({"iss": ISSUER, "aud": AUDIENCE, "sub": subject, "tenant": HOME,
                                "roles": ["region_admin"], "iat": int(time.time()), "exp": int(time.time()) + 600},
                               None, algorithm="none", headers={"kid": kid}),
        "HS256 with the public key as secret": jwt.encode({"sub": subject}, "x" * 32, algorithm="HS256",
                                                         headers={"kid": kid}),
    }


def test_bad_access_tokens_are_refused_by_the_gateway_and_by_identity(world, signing_key, report):
    kid, key = signing_key
    # The control: a token made the same way but correct is accepted, so refusals mean something.
    control = _token(key, kid, world.personas[SERVICE_USER].account_id)
    client = world.http(HOME)
    assert client.get("/api/v1/me", token=control).status_code == 200
    world.identity.GetMe(pb.GetMeRequest(), metadata=[("authorization", f"Bearer {control}")], timeout=10)

    tokens = bad_tokens(world, signing_key)
    for what, token in tokens.items():
        assert_problem(client.get("/api/v1/me", token=token), 401)
        with pytest.raises(grpc.RpcError) as refused:
            world.identity.GetMe(pb.GetMeRequest(), metadata=[("authorization", f"Bearer {token}")], timeout=10)
        assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED, what
    # Not a token at all: characters a bearer token cannot have (gRPC would refuse them as metadata).
    for header in ("Bearer \u00bfx", "Bearer a b c", "Bearer " + "=" * 5):
        response = client.get("/api/v1/me", headers={"Authorization": header.encode("latin-1")})
        assert_problem(response, 401)
    report.add(PART, f"{len(tokens)} bad access tokens ({', '.join(tokens)}) refused with 401 by the gateway API "
                     f"and UNAUTHENTICATED by identity over gRPC; 3 malformed Authorization headers 401 (not 502)")


def test_a_reused_refresh_token_ends_the_whole_sign_in(world, report):
    su = world.personas[SERVICE_USER]
    client = world.http(HOME)
    first = client.login(su.username, su.password)
    second = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert second.status_code == 200
    rotated = second.json()["refresh_token"]
    assert rotated != first["refresh_token"]
    assert_problem(client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}), 401)
    # The thief's reuse ended the family: the legitimate, rotated token is dead too.
    assert_problem(client.post("/api/v1/auth/refresh", json={"refresh_token": rotated}), 401)
    report.add(PART, "refresh: rotation on use; reuse of a rotated token revoked its whole family (both 401)")


def test_logout_ends_the_refresh_token_at_once(world, report):
    su = world.personas[SERVICE_USER]
    client = world.http(HOME)
    pair = client.login(su.username, su.password)
    assert client.post("/api/v1/auth/logout", json={"refresh_token": pair["refresh_token"]}).status_code == 204
    assert_problem(client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]}), 401)
    # The access token goes too, in every service: identity announces the ended sign-in on NATS
    # and each process refuses its tokens (services/kit/ended_sessions.py).
    for path in ("/api/v1/me", "/api/v1/forum/spaces", "/api/v1/conversations", "/api/v1/toolbox/goals"):
        wait_for(lambda path=path: client.get(path, token=pair["access_token"]).status_code == 401, timeout=10,
                 message=f"{path} refuses the logged-out access token")
    report.add(PART, "logout: the refresh token is refused at once, and the access token within one event "
                     "delivery by identity, forum, messaging and toolbox (checked through the gateway)")


class _SignedAt(TimestampSigner):
    """Signs with a timestamp in the past: a cookie as if last written that long ago."""

    age_seconds = 0

    def get_timestamp(self) -> int:
        return int(time.time()) - self.age_seconds


def _aged_cookie(world, cookie: str, age_seconds: int, signed_in_ago: int = 0) -> str:
    app = Flask(__name__)
    app.secret_key = world.stack.gateway_secret
    reader = SecureCookieSessionInterface().get_signing_serializer(app)
    state = reader.loads(cookie)
    state["signed_in_at"] = state["signed_in_at"] - signed_in_ago
    signer = type("Aged", (_SignedAt,), {"age_seconds": age_seconds})
    writer = URLSafeTimedSerializer(app.secret_key, salt="cookie-session", serializer=reader.serializer,
                                    signer=signer, signer_kwargs={"key_derivation": "hmac",
                                                                  "digest_method": hashlib.sha1})
    return writer.dumps(state)


def _home_with_session_aged(world, age_seconds: int, signed_in_ago: int = 0):
    client = portal_session(world, world.personas[SERVICE_USER], fresh=True)
    assert client.get("/").status_code == 200, "control: a fresh session shows the home page"
    aged = _aged_cookie(world, client.http.cookies["reconnect_session"], age_seconds, signed_in_ago)
    client.http.cookies.clear()
    client.http.cookies.set("reconnect_session", aged, domain="127.0.0.1", path="/")
    return client.get("/")


def test_a_portal_session_idle_for_more_than_30_minutes_must_sign_in_again(world, report):
    # The cookie was last written 31 minutes ago (its signature says so, whatever it claims inside).
    response = _home_with_session_aged(world, IDLE_LIMIT_SECONDS + 60)
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    # The control: a cookie written 29 minutes ago still counts.
    assert _home_with_session_aged(world, IDLE_LIMIT_SECONDS - 60).status_code == 200
    report.add(PART, "portal idle limit: a session cookie last written 31 minutes ago is signed out and sent to "
                     "/login; one written 29 minutes ago still shows the page")


def test_a_portal_session_older_than_12_hours_must_sign_in_again(world, report):
    # Used a minute ago, but signed in 12 hours and a minute ago.
    response = _home_with_session_aged(world, 60, signed_in_ago=ABSOLUTE_LIMIT_SECONDS + 60)
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    report.add(PART, "portal absolute limit: a session in use but signed in 12 h 1 min ago is signed out and "
                     "sent to /login")
