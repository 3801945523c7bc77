"""Sessions (listed, revoked, idle and absolute limits), deactivation, and erasure."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import grpc
from sqlalchemy import select, update

from reconnect.events.v1 import lifecycle_pb2 as lifecycle
from reconnect.identity.v1 import identity_pb2 as pb
from services.identity.store import Account, RefreshToken
from services.kit.outbox import unpack
from tests.conftest import PASSWORD, rpc_error, trailer, wait_for
from tests.kit.test_bus import _publish_raw, run_async, stream_messages


def ensure_streams(nats_url: str, services: list[str]) -> None:
    """The services' streams, as their own processes would make them."""
    import nats

    async def make():
        nc = await nats.connect(nats_url)
        try:
            js = nc.jetstream()
            for service in services:
                try:
                    await js.stream_info(service.upper())
                except Exception:
                    await js.add_stream(name=service.upper(), subjects=[f"{service}.>"], duplicate_window=900)
        finally:
            await nc.close()

    run_async(make())


def bearer(tokens: pb.TokenPair) -> list[tuple[str, str]]:
    return [("authorization", f"Bearer {tokens.access_token}")]


def test_sessions_are_listed_and_revocable_by_their_owner(identity):
    person = identity.newcomer()  # signs in once on creation
    laptop = identity.login("nordvik", person)
    phone = identity.login("nordvik", person)
    listed = identity.stub.ListSessions(pb.ListSessionsRequest(), metadata=bearer(phone)).sessions
    assert len(listed) == 3 and [s.current for s in listed] == [False, False, True]
    laptop_id = listed[1].id
    other = rpc_error(identity.stub.RevokeSession, pb.RevokeSessionRequest(session_id=laptop_id), metadata=identity.as_("nils"))
    assert other.code() == grpc.StatusCode.NOT_FOUND
    identity.stub.RevokeSession(pb.RevokeSessionRequest(session_id=laptop_id), metadata=bearer(phone))
    ended = rpc_error(identity.stub.Refresh, pb.RefreshRequest(refresh_token=laptop.refresh_token))
    assert ended.code() == grpc.StatusCode.UNAUTHENTICATED
    assert identity.stub.Refresh(pb.RefreshRequest(refresh_token=phone.refresh_token)).access_token
    assert laptop_id not in [s.id for s in identity.stub.ListSessions(pb.ListSessionsRequest(), metadata=bearer(phone)).sessions]


def sign_in_ended(identity, tokens) -> bool:
    """Whether identity refuses the access token because its sign-in has ended."""
    try:
        identity.stub.GetMe(pb.GetMeRequest(), metadata=bearer(tokens), timeout=5)
    except grpc.RpcError as error:
        return error.code() == grpc.StatusCode.UNAUTHENTICATED and trailer(error, "reconnect-reason") == "session_ended"
    return False


def test_an_ended_sign_in_voids_its_access_tokens_at_once(identity):
    """Logout, revoking a session, and a reused refresh token each end the sign-in's access
    tokens too (through identity.session_ended on NATS), not 15 minutes later."""
    person = identity.newcomer()

    def refused(tokens) -> bool:
        return sign_in_ended(identity, tokens)

    logged_out, kept = identity.login("nordvik", person), identity.login("nordvik", person)
    assert not refused(logged_out)
    identity.stub.Logout(pb.LogoutRequest(refresh_token=logged_out.refresh_token))
    wait_for(lambda: refused(logged_out), timeout=10, message="the logged-out access token is refused")
    assert not refused(kept), "another sign-in of the same person goes on"

    revoked = identity.login("nordvik", person)
    session_id = identity.stub.ListSessions(pb.ListSessionsRequest(), metadata=bearer(revoked)).sessions[-1].id
    identity.stub.RevokeSession(pb.RevokeSessionRequest(session_id=session_id), metadata=bearer(kept))
    wait_for(lambda: refused(revoked), timeout=10, message="the revoked sign-in's access token is refused")

    stolen = identity.login("nordvik", person)
    rotated = identity.stub.Refresh(pb.RefreshRequest(refresh_token=stolen.refresh_token))
    rpc_error(identity.stub.Refresh, pb.RefreshRequest(refresh_token=stolen.refresh_token))  # the copy comes back
    wait_for(lambda: refused(rotated), timeout=10, message="a reused refresh token ends the whole sign-in")
    assert not refused(kept)


def test_idle_and_absolute_limits_end_a_sign_in(identity):
    person = identity.newcomer()
    tokens = identity.login("nordvik", person)
    lifetime = tokens.refresh_expires_at.ToDatetime(UTC) - datetime.now(UTC)
    assert timedelta(minutes=29) < lifetime <= timedelta(minutes=30), "the idle limit is 30 minutes"
    with identity.service.db.transaction() as session:
        session.execute(update(RefreshToken).where(RefreshToken.token_hash.is_not(None))
                        .where(RefreshToken.account_id == identity.ids[person])
                        .values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    idle = rpc_error(identity.stub.Refresh, pb.RefreshRequest(refresh_token=tokens.refresh_token))
    assert trailer(idle, "reconnect-reason") == "refresh_token_expired"

    tokens = identity.login("nordvik", person)
    with identity.service.db.transaction() as session:
        session.execute(update(RefreshToken).where(RefreshToken.account_id == identity.ids[person])
                        .values(session_started_at=datetime.now(UTC) - timedelta(hours=12, seconds=1)))
    absolute = rpc_error(identity.stub.Refresh, pb.RefreshRequest(refresh_token=tokens.refresh_token))
    assert trailer(absolute, "reconnect-reason") == "session_expired"


def test_a_deactivated_account_cannot_sign_in_and_its_sessions_end(identity):
    person = identity.newcomer()
    tokens = identity.login("nordvik", person)
    other_tenant = rpc_error(identity.stub.SetAccountActive, pb.SetAccountActiveRequest(account_id=identity.ids[person], active=False),
                             metadata=identity.as_("admin.sorby"))
    assert other_tenant.code() == grpc.StatusCode.NOT_FOUND
    by_peer = rpc_error(identity.stub.SetAccountActive, pb.SetAccountActiveRequest(account_id=identity.ids[person], active=False),
                        metadata=identity.as_("nils"))
    assert by_peer.code() == grpc.StatusCode.PERMISSION_DENIED
    account = identity.stub.SetAccountActive(pb.SetAccountActiveRequest(account_id=identity.ids[person], active=False),
                                             metadata=identity.as_("admin.nordvik"))
    assert not account.active
    assert rpc_error(identity.login, "nordvik", person).code() == grpc.StatusCode.UNAUTHENTICATED
    assert rpc_error(identity.stub.Refresh, pb.RefreshRequest(refresh_token=tokens.refresh_token)).code() == grpc.StatusCode.UNAUTHENTICATED
    wait_for(lambda: sign_in_ended(identity, tokens), timeout=10,
             message="the deactivated account's access token is refused")
    identity.stub.SetAccountActive(pb.SetAccountActiveRequest(account_id=identity.ids[person], active=True),
                                   metadata=identity.as_("admin.nordvik"))
    assert identity.login("nordvik", person).access_token


def test_erasure_forgets_the_person_and_follows_each_service(identity):
    person = identity.newcomer(real_name="Kanarifugl Glemsel")
    me = bearer(identity.login("nordvik", person))
    identity.stub.SetPseudonym(pb.SetPseudonymRequest(pseudonym="Glemselfugl"), metadata=me)
    wrong = rpc_error(identity.stub.RequestErasure, pb.RequestErasureRequest(password="not it"), metadata=me)
    assert wrong.code() == grpc.StatusCode.UNAUTHENTICATED and trailer(wrong, "reconnect-field") == "password"
    status = identity.stub.RequestErasure(pb.RequestErasureRequest(password=PASSWORD), metadata=me)
    assert status.receipt and not status.done
    assert sorted(s.service for s in status.services) == ["events", "forum", "messaging", "toolbox"]

    with identity.service.db.transaction() as session:
        row = session.scalars(select(Account).where(Account.id == identity.ids[person])).one()
        assert (row.real_name, row.pseudonym, row.password_hash, row.active) == (None, None, None, False)
        assert row.username != person
    assert rpc_error(identity.login, "nordvik", person).code() == grpc.StatusCode.UNAUTHENTICATED
    names = identity.stub.ResolveNames(pb.ResolveNamesRequest(account_ids=[identity.ids[person]]), metadata=identity.as_("nils"))
    assert [n.pseudonym for n in names.names] == [""], "their posts now show as from a former member"
    # The pseudonym is free for someone else.
    assert identity.stub.SetPseudonym(pb.SetPseudonymRequest(pseudonym="Glemselfugl"), metadata=bearer(
        identity.login("nordvik", identity.newcomer()))).pseudonym == "Glemselfugl"

    def erased_event():
        for _, event, _ in stream_messages(identity.settings.nats_url, "IDENTITY"):
            if event.type == "identity.account_erased" and unpack(event, lifecycle.AccountErased).account_id == identity.ids[person]:
                return event
        return None

    event = wait_for(erased_event)
    assert b"Kanarifugl" not in event.SerializeToString()
    # Each service reports back; here the reports are published by hand for the services
    # that run in other tests (the end-to-end erasure test runs them all for real).
    ensure_streams(identity.settings.nats_url, ["forum", "messaging", "toolbox", "events"])
    for service in ("forum", "messaging", "toolbox", "events"):
        report = type(event)(id=str(uuid.uuid4()), type=f"{service}.erasure_completed", tenant="nordvik")
        report.payload.Pack(lifecycle.ErasureCompleted(account_id=identity.ids[person], service=service))
        _publish_raw(identity.settings.nats_url, f"{service}.nordvik.erasure_completed", report, msg_id=report.id)

    def done():
        return identity.stub.GetErasureStatus(pb.GetErasureStatusRequest(receipt=status.receipt)).done

    wait_for(done, timeout=30, message="every service reported")
    unknown = rpc_error(identity.stub.GetErasureStatus, pb.GetErasureStatusRequest(receipt="nonsense"))
    assert unknown.code() == grpc.StatusCode.NOT_FOUND
