"""Sign-in with the national ID provider: identity validates the ID token itself and
refuses every way a token can be wrong, with a clear reason."""

from __future__ import annotations

import secrets

import grpc
import pytest

from reconnect.identity.v1 import identity_pb2 as pb
from reconnect.identity.v1 import identity_pb2_grpc
from services.identity.__main__ import MIGRATIONS, build_service, runner_for
from services.identity.settings import IdentitySettings
from services.kit import national_id
from services.kit.client import wait_until_serving
from services.kit.config import load
from services.kit.db import migrate
from tests.conftest import PASSWORD, rpc_error, trailer
from tests.oidc_provider import LoopbackProvider

NORA_NIN = "15076500565"


@pytest.fixture(scope="module")
def provider():
    running = LoopbackProvider().start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def eid(database_url, nats_server, master_key, provider):
    settings = load(
        IdentitySettings, database_url=database_url("identity_oidc"), nats_url=nats_server.url, grpc_port=0,
        metrics_port=0, master_key=master_key, environment="test", erasure_services="",
        oidc_providers=[{"name": "idporten", "issuer": provider.issuer, "client_id": "reconnect", "roles": ["service_user"]}],
    )
    migrate(settings.database_url, MIGRATIONS)
    wiring, service = build_service(settings)
    service.create_tenant(None, "nordvik", "Nordvik", "nb", "Europe/Oslo", [], password_login=False)
    service.create_tenant(None, "sorby", "Sørby", "nb", "Europe/Oslo", [], min_acr="idporten-loa-substantial")
    assert service.bootstrap_account("nordvik", "nora", PASSWORD, ["service_user"], national_id=NORA_NIN)
    runner = runner_for(wiring, service)
    port = runner.start()
    wait_until_serving(f"127.0.0.1:{port}", 30)
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    stub = identity_pb2_grpc.IdentityServiceStub(channel)
    stub.db = wiring.db  # for the at-rest check
    yield stub
    channel.close()
    runner.stop(grace=1)


@pytest.fixture(autouse=True)
def well_behaved(provider):
    provider.mutate = ""
    provider.person = {"pid": NORA_NIN, "acr": "idporten-loa-high"}
    yield


def sign_in(stub, provider, tenant="nordvik", **claims):
    nonce = secrets.token_urlsafe(16)
    token = provider.id_token(nonce, **claims)
    return stub.LoginWithIdToken(pb.LoginWithIdTokenRequest(tenant=tenant, provider="idporten", id_token=token, nonce=nonce))


def test_a_valid_id_token_signs_the_person_in(eid, provider):
    tokens = sign_in(eid, provider)
    me = eid.GetMe(pb.GetMeRequest(), metadata=[("authorization", f"Bearer {tokens.access_token}")])
    assert me.username == "nora"
    listed = eid.ListOidcProviders(pb.ListOidcProvidersRequestForTenant(tenant="nordvik"))
    assert [(p.name, p.acr) for p in listed.providers] == [("idporten", "idporten-loa-high")]
    assert listed.password_login is False


@pytest.mark.parametrize(
    ("mutation", "reason"),
    [
        ("wrong_audience", "wrong_audience"),
        ("wrong_issuer", "wrong_issuer"),
        ("expired", "token_expired"),
        ("unknown_kid", "unknown_key"),
        ("alg_none", "bad_algorithm"),
    ],
)
def test_a_wrong_id_token_is_refused(eid, provider, mutation, reason):
    provider.mutate = mutation
    error = rpc_error(sign_in, eid, provider)
    assert error.code() == grpc.StatusCode.UNAUTHENTICATED
    assert trailer(error, "reconnect-reason") == reason


def test_a_lower_assurance_level_than_the_municipality_requires_is_refused(eid, provider):
    provider.person = {"pid": NORA_NIN, "acr": "idporten-loa-substantial"}
    error = rpc_error(sign_in, eid, provider)
    assert trailer(error, "reconnect-reason") == "insufficient_assurance"


def test_a_replayed_nonce_and_a_foreign_nonce_are_refused(eid, provider):
    nonce = secrets.token_urlsafe(16)
    token = provider.id_token(nonce)
    request = pb.LoginWithIdTokenRequest(tenant="nordvik", provider="idporten", id_token=token, nonce=nonce)
    assert eid.LoginWithIdToken(request).access_token
    replay = rpc_error(eid.LoginWithIdToken, request)
    assert trailer(replay, "reconnect-reason") == "replayed_nonce"
    other = pb.LoginWithIdTokenRequest(tenant="nordvik", provider="idporten", id_token=provider.id_token("theirs"), nonce="mine")
    assert trailer(rpc_error(eid.LoginWithIdToken, other), "reconnect-reason") == "bad_nonce"


def test_a_person_without_an_account_here_is_not_found(eid, provider):
    stranger = next(n for n in (f"{d:02d}0190{i:05d}" for d in range(1, 29) for i in range(100, 999)) if national_id.is_valid(n))
    provider.person = {"pid": stranger, "acr": "idporten-loa-high"}
    error = rpc_error(sign_in, eid, provider)
    assert error.code() == grpc.StatusCode.NOT_FOUND and trailer(error, "reconnect-reason") == "unknown_person"
    provider.person = {"pid": NORA_NIN, "acr": "idporten-loa-high"}
    elsewhere = rpc_error(sign_in, eid, provider, tenant="sorby")
    assert elsewhere.code() == grpc.StatusCode.NOT_FOUND and trailer(elsewhere, "reconnect-reason") == "unknown_person"


def test_password_sign_in_can_be_switched_off_per_municipality(eid):
    error = rpc_error(eid.Login, pb.LoginRequest(tenant="nordvik", username="nora", password=PASSWORD))
    assert error.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert trailer(error, "reconnect-reason") == "password_login_disabled"


def test_the_national_id_number_is_never_stored(eid):
    from sqlalchemy import text

    # The account was found by the keyed hash above; the number itself is in no table.
    with eid.db.engine.connect() as conn:
        tables = [r[0] for r in conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type='table'" if eid.db.engine.dialect.name == "sqlite"
            else "SELECT tablename FROM pg_tables WHERE schemaname='public'"))]
        for table in tables:
            rows = conn.execute(text(f'SELECT * FROM "{table}"')).all()
            assert NORA_NIN not in repr(rows), table
