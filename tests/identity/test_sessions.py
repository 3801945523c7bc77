"""Login, lockout, refresh rotation, logout, signing keys, and what every call requires."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta

import grpc
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from reconnect.identity.v1 import identity_pb2 as pb
from services.kit.auth import AUDIENCE, ISSUER, KeySet, verify_access_token
from services.kit.errors import ServiceError
from tests.conftest import PASSWORD, rpc_error, trailer


def jwks(identity) -> KeySet:
    return KeySet(lambda: identity.stub.GetJwks(pb.GetJwksRequest()).keys_json)


def test_login_issues_a_short_lived_token_every_service_can_verify(identity):
    tokens = identity.login("nordvik", "nora")
    caller = verify_access_token(tokens.access_token, jwks(identity))
    assert caller.account_id == identity.ids["nora"]
    assert caller.tenant == "nordvik"
    assert caller.roles == frozenset({"service_user"})
    lifetime = tokens.access_expires_at.ToDatetime(UTC) - datetime.now(UTC)
    assert timedelta(minutes=13) < lifetime <= timedelta(minutes=15)
    assert jwt.get_unverified_header(tokens.access_token)["alg"] == "EdDSA"
    assert tokens.refresh_token and "." not in tokens.refresh_token  # opaque, not a JWT


def test_wrong_password_and_unknown_account_are_indistinguishable(identity):
    wrong = rpc_error(identity.login, "nordvik", "nils", "not the password")
    unknown = rpc_error(identity.login, "nordvik", "nobody-here", "not the password")
    other_tenant = rpc_error(identity.login, "sorby", "nils", PASSWORD)  # nils lives in Nordvik
    for error in (wrong, unknown, other_tenant):
        assert error.code() == grpc.StatusCode.UNAUTHENTICATED
        assert error.details() == "wrong username or password"


def test_unknown_tenant_and_missing_fields_are_named(identity):
    error = rpc_error(identity.login, "atlantis", "nora")
    assert error.code() == grpc.StatusCode.NOT_FOUND and trailer(error, "reconnect-field") == "tenant"
    error = rpc_error(identity.stub.Login, pb.LoginRequest(tenant="nordvik", username="nora"))
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT and trailer(error, "reconnect-field") == "password"


def test_repeated_failures_lock_the_account_for_a_while(identity):
    username = f"locky{uuid.uuid4().hex[:6]}"
    identity.service.bootstrap_account("nordvik", username, PASSWORD, ["service_user"])
    for _ in range(5):
        assert rpc_error(identity.login, "nordvik", username, "guess").code() == grpc.StatusCode.UNAUTHENTICATED
    locked = rpc_error(identity.login, "nordvik", username, PASSWORD)
    assert locked.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert trailer(locked, "reconnect-reason") == "locked_out"
    # Another account is not affected.
    assert identity.login("nordvik", "nils").access_token


def test_refresh_rotates_and_a_reused_token_ends_the_whole_sign_in(identity):
    first = identity.login("nordvik", "nora")
    second = identity.stub.Refresh(pb.RefreshRequest(refresh_token=first.refresh_token))
    assert second.refresh_token != first.refresh_token
    assert verify_access_token(second.access_token, jwks(identity)).account_id == identity.ids["nora"]
    reused = rpc_error(identity.stub.Refresh, pb.RefreshRequest(refresh_token=first.refresh_token))
    assert reused.code() == grpc.StatusCode.UNAUTHENTICATED
    assert trailer(reused, "reconnect-reason") == "refresh_reused"
    # The thief's copy is dead, and so is the legitimate newer token of the same family.
    after = rpc_error(identity.stub.Refresh, pb.RefreshRequest(refresh_token=second.refresh_token))
    assert after.code() == grpc.StatusCode.UNAUTHENTICATED
    # Other sign-ins of the same person are untouched.
    other = identity.login("nordvik", "nora")
    assert identity.stub.Refresh(pb.RefreshRequest(refresh_token=other.refresh_token)).access_token


def test_logout_revokes_the_refresh_token(identity):
    tokens = identity.login("nordvik", "nora")
    identity.stub.Logout(pb.LogoutRequest(refresh_token=tokens.refresh_token))
    error = rpc_error(identity.stub.Refresh, pb.RefreshRequest(refresh_token=tokens.refresh_token))
    assert error.code() == grpc.StatusCode.UNAUTHENTICATED


def test_key_rotation_keeps_issued_tokens_valid_and_verifiers_learn_the_new_key(identity):
    cached = jwks(identity)
    before = identity.login("nordvik", "nora").access_token
    verify_access_token(before, cached)
    old_kid = jwt.get_unverified_header(before)["kid"]
    new_kid = identity.service.rotate_signing_key()
    after = identity.login("nordvik", "nora").access_token
    assert jwt.get_unverified_header(after)["kid"] == new_kid != old_kid
    published = identity.stub.GetJwks(pb.GetJwksRequest()).keys_json
    assert old_kid in published and new_kid in published
    cached._fetched_at = time.monotonic() - 60  # noqa: SLF001 - past the minimum refetch interval
    assert verify_access_token(after, cached).account_id == identity.ids["nora"], "unknown kid triggers a refetch"
    assert verify_access_token(before, cached).account_id == identity.ids["nora"]
    # The service itself accepts both.
    for token in (before, after):
        me = identity.stub.GetMe(pb.GetMeRequest(), metadata=[("authorization", f"Bearer {token}")])
        assert me.username == "nora"


def _token(private_key, kid: str, **overrides) -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "x", "tenant": "nordvik", "roles": ["tenant_admin"],
              "iat": now, "exp": now + 600}
    claims.update(overrides)
    return jwt.encode(claims, private_key, algorithm="EdDSA", headers={"kid": kid})


def _current_signing_key(identity):
    with identity.service.db.transaction() as session:
        return identity.service.signer._current(session)  # noqa: SLF001


@pytest.mark.parametrize(
    ("make_token", "reason"),
    [
        (lambda kid, key: "", "no_token"),
        (lambda kid, key: "garbage", "malformed_token"),
        (lambda kid, key: _token(key, kid, exp=int(time.time()) - 5), "token_expired"),
        (lambda kid, key: _token(key, kid, aud="someone-else"), "invalid_token"),
        (lambda kid, key: _token(Ed25519PrivateKey.generate(), kid), "invalid_token"),
        (lambda kid, key: _token(Ed25519PrivateKey.generate(), "made-up-kid"), "unknown_key"),
        (
            lambda kid, key: jwt.encode({"sub": "x", "tenant": "nordvik", "roles": ["region_admin"]}, None,
                                        algorithm="none", headers={"kid": kid}),
            "bad_algorithm",
        ),
    ],
    ids=["missing", "garbage", "expired", "wrong-audience", "forged-signature", "unknown-kid", "alg-none"],
)
def test_calls_without_a_valid_token_are_refused(identity, make_token, reason):
    kid, key = _current_signing_key(identity)
    token = make_token(kid, key)
    metadata = [("authorization", f"Bearer {token}")] if token else []
    error = rpc_error(identity.stub.GetMe, pb.GetMeRequest(), metadata=metadata)
    assert error.code() == grpc.StatusCode.UNAUTHENTICATED
    assert trailer(error, "reconnect-reason") == reason


def test_a_public_method_ignores_a_stale_token(identity):
    kid, key = _current_signing_key(identity)
    stale = _token(key, kid, exp=int(time.time()) - 5)
    tokens = identity.stub.Login(
        pb.LoginRequest(tenant="nordvik", username="nora", password=PASSWORD),
        metadata=[("authorization", f"Bearer {stale}")],
    )
    assert tokens.access_token


def test_verify_rejects_tokens_missing_tenant_or_roles(identity):
    kid, key = _current_signing_key(identity)
    with pytest.raises(ServiceError):
        verify_access_token(_token(key, kid, tenant=""), jwks(identity))
    with pytest.raises(ServiceError):
        verify_access_token(_token(key, kid, roles="tenant_admin"), jwks(identity))
