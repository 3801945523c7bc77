"""The second factor for staff, with the region enforcing it (as in production)."""

from __future__ import annotations

import time

import grpc
import jwt
import pyotp
import pytest

from reconnect.identity.v1 import identity_pb2 as pb
from reconnect.identity.v1 import identity_pb2_grpc
from services.identity.__main__ import MIGRATIONS, build_service, runner_for
from services.identity.settings import IdentitySettings
from services.kit import auth
from services.kit.client import wait_until_serving
from services.kit.config import load
from services.kit.db import migrate
from services.kit.errors import PermissionDenied
from tests.conftest import PASSWORD, rpc_error, trailer


@pytest.fixture(scope="module")
def strict(database_url, nats_server, master_key):
    settings = load(IdentitySettings, database_url=database_url("identity_2fa"), nats_url=nats_server.url, grpc_port=0,
                    metrics_port=0, master_key=master_key, environment="test", staff_second_factor=True,
                    erasure_services="")
    migrate(settings.database_url, MIGRATIONS)
    wiring, service = build_service(settings)
    service.create_tenant(None, "nordvik", "Nordvik", "nb", "Europe/Oslo", [])
    for username, roles in (("admin", ["tenant_admin"]), ("lege", ["health_provider"]), ("bruker", ["service_user"])):
        service.bootstrap_account("nordvik", username, PASSWORD, roles)
    runner = runner_for(wiring, service)
    port = runner.start()
    wait_until_serving(f"127.0.0.1:{port}", 30)
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    yield identity_pb2_grpc.IdentityServiceStub(channel)
    channel.close()
    runner.stop(grace=1)


def login(stub, username: str, second_factor: str = "") -> pb.TokenPair:
    return stub.Login(pb.LoginRequest(tenant="nordvik", username=username, password=PASSWORD, second_factor=second_factor))


def md(tokens: pb.TokenPair) -> list[tuple[str, str]]:
    return [("authorization", f"Bearer {tokens.access_token}")]


def new_account(stub, tokens) -> pb.Account:
    return stub.CreateAccount(pb.CreateAccountRequest(username=f"u{time.time_ns()}", roles=[pb.ROLE_SERVICE_USER]),
                              metadata=md(tokens))


def test_staff_set_up_totp_before_using_their_powers_and_prove_it_at_every_sign_in(strict):
    first = login(strict, "admin")
    claims = jwt.decode(first.access_token, options={"verify_signature": False})
    assert claims["mfa_required"] is True and claims["mfa_at"] == 0
    refused = rpc_error(new_account, strict, first)
    assert refused.code() == grpc.StatusCode.PERMISSION_DENIED
    assert trailer(refused, "reconnect-reason") == "second_factor_required"

    setup = strict.BeginTotpSetup(pb.BeginTotpSetupRequest(), metadata=md(first))
    assert setup.provisioning_uri.startswith("otpauth://totp/") and "ReConnect" in setup.provisioning_uri
    totp = pyotp.TOTP(setup.secret)
    wrong = rpc_error(strict.ConfirmTotpSetup, pb.ConfirmTotpSetupRequest(code="000000"), metadata=md(first))
    assert wrong.code() == grpc.StatusCode.INVALID_ARGUMENT and trailer(wrong, "reconnect-field") == "code"
    confirmed = strict.ConfirmTotpSetup(pb.ConfirmTotpSetupRequest(code=totp.now()), metadata=md(first))
    assert len(confirmed.recovery_codes) == 10 and len(set(confirmed.recovery_codes)) == 10
    assert new_account(strict, confirmed.tokens).id, "with the second factor proven, the admin can act"

    missing = rpc_error(login, strict, "admin")
    assert missing.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert (trailer(missing, "reconnect-field"), trailer(missing, "reconnect-reason")) == ("second_factor", "second_factor_required")
    bad = rpc_error(login, strict, "admin", "123456" if totp.now() != "123456" else "654321")
    assert bad.code() == grpc.StatusCode.UNAUTHENTICATED and trailer(bad, "reconnect-reason") == "bad_second_factor"
    assert new_account(strict, login(strict, "admin", totp.now())).id

    # A recovery code works once.
    recovery = confirmed.recovery_codes[0]
    assert login(strict, "admin", recovery).access_token
    assert rpc_error(login, strict, "admin", recovery).code() == grpc.StatusCode.UNAUTHENTICATED


def test_providers_are_staff_too_and_service_users_are_not_asked(strict):
    provider = login(strict, "lege")
    assert jwt.decode(provider.access_token, options={"verify_signature": False})["mfa_required"] is True
    user = login(strict, "bruker")
    assert "mfa_required" not in jwt.decode(user.access_token, options={"verify_signature": False})
    assert strict.GetMe(pb.GetMeRequest(), metadata=md(user)).username == "bruker"


def test_step_up_renews_the_second_factor_within_the_sign_in(strict):
    tokens = login(strict, "lege")
    setup = strict.BeginTotpSetup(pb.BeginTotpSetupRequest(), metadata=md(tokens))
    totp = pyotp.TOTP(setup.secret)
    confirmed = strict.ConfirmTotpSetup(pb.ConfirmTotpSetupRequest(code=totp.now()), metadata=md(tokens))
    stepped = strict.StepUp(pb.StepUpRequest(second_factor=totp.now()), metadata=md(confirmed.tokens))
    before = jwt.decode(confirmed.tokens.access_token, options={"verify_signature": False})
    after = jwt.decode(stepped.access_token, options={"verify_signature": False})
    assert after["sid"] == before["sid"] and after["mfa_at"] >= before["mfa_at"] > 0
    # The refreshed tokens keep the proof.
    refreshed = strict.Refresh(pb.RefreshRequest(refresh_token=stepped.refresh_token))
    assert jwt.decode(refreshed.access_token, options={"verify_signature": False})["mfa_at"] == after["mfa_at"]
    wrong = rpc_error(strict.StepUp, pb.StepUpRequest(second_factor="000000"), metadata=md(stepped))
    assert trailer(wrong, "reconnect-reason") == "bad_second_factor"


def test_every_service_honours_only_a_recent_second_factor():
    now = int(time.time())
    fresh = auth.Caller("a", "nordvik", frozenset({auth.TENANT_ADMIN}), mfa_required=True, mfa_at=now - 60)
    stale = auth.Caller("a", "nordvik", frozenset({auth.TENANT_ADMIN}), mfa_required=True, mfa_at=now - 3601)
    never = auth.Caller("a", "nordvik", frozenset({auth.TENANT_ADMIN, auth.PEER_MODERATOR}), mfa_required=True)
    assert fresh.has(auth.TENANT_ADMIN) and fresh.require(auth.TENANT_ADMIN)
    for caller in (stale, never):
        assert not caller.has(auth.TENANT_ADMIN)
        with pytest.raises(PermissionDenied) as raised:
            caller.require(auth.TENANT_ADMIN)
        assert raised.value.reason == "second_factor_required"
    assert never.has(auth.PEER_MODERATOR), "peer roles do not need it"
