"""Moving an account to another municipality: who may start and accept a move, and what
acceptance does in identity (tenant, re-sealed names, care ended, sign-ins ended, event)."""

from __future__ import annotations

import time
import uuid

import grpc
from sqlalchemy import select

from reconnect.events.v1 import identity_pb2 as identity_events
from reconnect.events.v1 import lifecycle_pb2 as lifecycle
from reconnect.identity.v1 import identity_pb2 as pb
from services.identity.store import KIT, Account, CareRelationship, Tenant
from services.kit.crypto import DecryptionError, FieldCipher
from services.kit.outbox import unpack
from tests.conftest import PASSWORD, rpc_error, trailer, wait_for
from tests.kit.test_bus import stream_messages


def bearer(tokens: pb.TokenPair) -> list[tuple[str, str]]:
    return [("authorization", f"Bearer {tokens.access_token}")]


def start(identity, username: str, to_tenant: str, by: str) -> pb.AccountMove:
    return identity.stub.StartAccountMove(
        pb.StartAccountMoveRequest(account_id=identity.ids[username], to_tenant=to_tenant), metadata=identity.as_(by))


def new_municipality(identity) -> tuple[str, str]:
    """A municipality of this test's own, with its tenant admin (so that accounts moved in
    do not change what other tests find in the shared ones)."""
    slug = f"kommune-{uuid.uuid4().hex[:8]}"
    identity.service.create_tenant(None, slug, "Ny kommune", "nb", "Europe/Oslo", [])
    return slug, identity.newcomer(tenant=slug, roles=("tenant_admin",))


def key_tenant(session, blob: bytes) -> str:
    """Which tenant's data key sealed this ciphertext (the key id travels with it)."""
    return session.execute(select(KIT.data_keys.c.tenant).where(
        KIT.data_keys.c.id == FieldCipher.key_id_of(blob))).scalar_one()


def test_a_move_started_in_one_municipality_and_accepted_in_the_other_moves_the_account(identity):
    real_name = f"Kanari Flytter {uuid.uuid4().hex[:6]}"
    person = identity.newcomer(real_name=real_name)
    account_id = identity.ids[person]
    pseudonym = "Trekkfugl" + uuid.uuid4().hex[:4].translate(str.maketrans("0123456789", "ghijklmnop"))
    sessions = identity.login("nordvik", person)
    identity.stub.SetPseudonym(pb.SetPseudonymRequest(pseudonym=pseudonym), metadata=bearer(sessions))
    care = identity.stub.AddCareRelationship(
        pb.AddCareRelationshipRequest(provider_id=identity.ids["hansen"], service_user_id=account_id),
        metadata=identity.as_("admin.nordvik"))

    there, there_admin = new_municipality(identity)
    move = start(identity, person, there, by="admin.nordvik")
    assert move.state == pb.ACCOUNT_MOVE_STATE_PENDING and (move.from_tenant, move.to_tenant) == ("nordvik", there)
    # Both sides see it waiting; a third municipality's people do not.
    assert move.id in [m.id for m in identity.stub.ListAccountMoves(pb.ListAccountMovesRequest(),
                                                                     metadata=identity.as_(there_admin)).moves]
    assert move.id not in [m.id for m in identity.stub.ListAccountMoves(pb.ListAccountMovesRequest(),
                                                                         metadata=identity.as_("admin.sorby")).moves]
    assert move.id in [m.id for m in identity.stub.ListAccountMoves(pb.ListAccountMovesRequest(),
                                                                     metadata=identity.as_("admin.nordvik")).moves]
    again = rpc_error(start, identity, person, "ostby", by="admin.nordvik")
    assert again.code() == grpc.StatusCode.ALREADY_EXISTS
    # The source cannot accept on the destination's behalf.
    own_accept = rpc_error(identity.stub.AcceptAccountMove, pb.AcceptAccountMoveRequest(move_id=move.id),
                           metadata=identity.as_("admin.nordvik"))
    assert own_accept.code() == grpc.StatusCode.NOT_FOUND

    accepted = identity.stub.AcceptAccountMove(pb.AcceptAccountMoveRequest(move_id=move.id), metadata=identity.as_(there_admin))
    assert accepted.state == pb.ACCOUNT_MOVE_STATE_ACCEPTED and accepted.care_relationships_ended == 1
    twice = rpc_error(identity.stub.AcceptAccountMove, pb.AcceptAccountMoveRequest(move_id=move.id),
                      metadata=identity.as_(there_admin))
    assert twice.code() == grpc.StatusCode.FAILED_PRECONDITION and trailer(twice, "reconnect-reason") == "not_pending"

    # Now there: the old sign-in is over, the new one works, the name reads under the new tenant's key.
    ended = rpc_error(identity.stub.Refresh, pb.RefreshRequest(refresh_token=sessions.refresh_token))
    assert ended.code() == grpc.StatusCode.UNAUTHENTICATED
    stale = rpc_error(identity.stub.GetMe, pb.GetMeRequest(), metadata=bearer(sessions))
    # Refused either as an ended sign-in (once its announcement is heard) or as the old municipality's.
    assert stale.code() == grpc.StatusCode.UNAUTHENTICATED
    assert trailer(stale, "reconnect-reason") in ("session_ended", "tenant_changed")
    assert rpc_error(identity.login, "nordvik", person).code() == grpc.StatusCode.UNAUTHENTICATED
    me = identity.stub.GetMe(pb.GetMeRequest(), metadata=bearer(identity.login(there, person)))
    assert (me.tenant, me.real_name, me.pseudonym) == (there, real_name, pseudonym)
    seen = identity.stub.GetAccount(pb.GetAccountRequest(account_id=account_id), metadata=identity.as_(there_admin))
    assert seen.real_name == real_name
    gone = rpc_error(identity.stub.GetAccount, pb.GetAccountRequest(account_id=account_id), metadata=identity.as_("admin.nordvik"))
    assert gone.code() == grpc.StatusCode.NOT_FOUND
    with identity.service.db.transaction() as session:
        row = session.get(Account, account_id)
        assert session.get(Tenant, row.tenant_id).slug == there
        assert key_tenant(session, row.real_name) == there
        cipher = identity.service.cipher
        assert cipher.decrypt(session, there, "account.real_name", row.real_name) == real_name
        try:
            cipher.decrypt(session, "nordvik", "account.real_name", row.real_name)
            raise AssertionError("the old tenant's key must no longer open the name")
        except DecryptionError:
            pass
        assert session.get(CareRelationship, care.id).ended_at is not None
    hansen_sees = identity.stub.ListCareRelationships(pb.ListCareRelationshipsRequest(), metadata=identity.as_("hansen"))
    assert care.id not in [r.id for r in hansen_sees.relationships]

    def published():
        found = {}
        for _, event, _ in stream_messages(identity.settings.nats_url, "IDENTITY"):
            if event.type == "identity.account_moved" and unpack(event, lifecycle.AccountMoved).account_id == account_id:
                found["moved"] = event
            elif (event.type == "identity.care_relationship_removed"
                  and unpack(event, identity_events.CareRelationshipRemoved).relationship_id == care.id):
                found["care"] = event
            elif (event.type == "identity.session_ended"
                  and unpack(event, identity_events.SessionEnded).account_id == account_id):
                found["ended"] = event
        return found if len(found) == 3 else None

    found = wait_for(published, message="account_moved, care_relationship_removed and session_ended on the IDENTITY stream")
    moved = unpack(found["moved"], lifecycle.AccountMoved)
    assert (moved.from_tenant, moved.to_tenant) == ("nordvik", there)
    assert found["moved"].tenant == "nordvik" and found["care"].tenant == "nordvik" and found["ended"].tenant == "nordvik"
    assert real_name.encode() not in found["moved"].SerializeToString()
    assert pseudonym.encode() not in found["moved"].SerializeToString()


def test_only_the_admins_of_the_two_municipalities_or_the_region_may_move(identity):
    person = identity.newcomer()
    by_other_tenant = rpc_error(start, identity, person, "sorby", by="admin.sorby")
    assert by_other_tenant.code() == grpc.StatusCode.NOT_FOUND, "no hint that the account exists"
    by_service_user = rpc_error(start, identity, person, "sorby", by="nils")
    assert by_service_user.code() == grpc.StatusCode.PERMISSION_DENIED
    by_provider = rpc_error(start, identity, person, "sorby", by="hansen")
    assert by_provider.code() == grpc.StatusCode.PERMISSION_DENIED
    nowhere = rpc_error(start, identity, person, "atlantis", by="admin.nordvik")
    assert nowhere.code() == grpc.StatusCode.NOT_FOUND and trailer(nowhere, "reconnect-field") == "to_tenant"
    odd = rpc_error(start, identity, person, "sorby\n", by="admin.nordvik")
    assert odd.code() == grpc.StatusCode.NOT_FOUND and trailer(odd, "reconnect-field") == "to_tenant"
    nul = rpc_error(identity.stub.AcceptAccountMove, pb.AcceptAccountMoveRequest(move_id="a\x00b"),
                    metadata=identity.as_("admin.nordvik"))
    assert nul.code() == grpc.StatusCode.NOT_FOUND and trailer(nul, "reconnect-field") == "move_id"
    same = rpc_error(start, identity, person, "nordvik", by="admin.nordvik")
    assert same.code() == grpc.StatusCode.INVALID_ARGUMENT
    admin = rpc_error(start, identity, "admin.nordvik", "sorby", by="region.admin")
    assert admin.code() == grpc.StatusCode.FAILED_PRECONDITION and trailer(admin, "reconnect-reason") == "admin_account"

    move = start(identity, person, "ostby", by="admin.nordvik")
    # Sørby's admin is neither side of a move to Østby.
    foreign = rpc_error(identity.stub.AcceptAccountMove, pb.AcceptAccountMoveRequest(move_id=move.id),
                        metadata=identity.as_("admin.sorby"))
    assert foreign.code() == grpc.StatusCode.NOT_FOUND
    assert move.id not in [m.id for m in identity.stub.ListAccountMoves(pb.ListAccountMovesRequest(),
                                                                         metadata=identity.as_("admin.sorby")).moves]
    peer = rpc_error(identity.stub.ListAccountMoves, pb.ListAccountMovesRequest(), metadata=identity.as_("nils"))
    assert peer.code() == grpc.StatusCode.PERMISSION_DENIED
    cancelled = identity.stub.CancelAccountMove(pb.CancelAccountMoveRequest(move_id=move.id), metadata=identity.as_("admin.nordvik"))
    assert cancelled.state == pb.ACCOUNT_MOVE_STATE_CANCELLED
    late = rpc_error(identity.stub.AcceptAccountMove, pb.AcceptAccountMoveRequest(move_id=move.id),
                     metadata=identity.as_("region.admin"))
    assert late.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert identity.login("nordvik", person).access_token, "a cancelled move changes nothing"


def test_a_region_admin_may_take_both_steps(identity):
    person = identity.newcomer(real_name="Regional Flytting")
    there, _admin = new_municipality(identity)
    move = start(identity, person, there, by="region.admin")
    region_list = identity.stub.ListAccountMoves(pb.ListAccountMovesRequest(tenant=there), metadata=identity.as_("region.admin"))
    assert move.id in [m.id for m in region_list.moves]
    accepted = identity.stub.AcceptAccountMove(pb.AcceptAccountMoveRequest(move_id=move.id), metadata=identity.as_("region.admin"))
    assert accepted.state == pb.ACCOUNT_MOVE_STATE_ACCEPTED
    assert identity.stub.GetMe(pb.GetMeRequest(), metadata=bearer(identity.login(there, person, PASSWORD))).tenant == there


def test_a_taken_username_in_the_destination_stops_the_move(identity):
    person = identity.newcomer()
    there, _admin = new_municipality(identity)
    identity.service.bootstrap_account(there, person, PASSWORD, ["service_user"])  # the same username over there
    taken = rpc_error(start, identity, person, there, by="admin.nordvik")
    assert taken.code() == grpc.StatusCode.FAILED_PRECONDITION and trailer(taken, "reconnect-reason") == "username_taken"


def test_the_export_holds_the_callers_own_account_and_nothing_of_others(identity):
    import json

    real_name = f"Kanari Eksport {uuid.uuid4().hex[:6]}"
    person = identity.newcomer(real_name=real_name)
    me = bearer(identity.login("nordvik", person))
    identity.stub.GiveConsent(pb.GiveConsentRequest(kind=pb.CONSENT_KIND_TERMS, version="2026-1"), metadata=me)
    identity.stub.AddCareRelationship(
        pb.AddCareRelationshipRequest(provider_id=identity.ids["hansen"], service_user_id=identity.ids[person]),
        metadata=identity.as_("admin.nordvik"))
    document = json.loads(identity.stub.Export(pb.ExportRequest(), metadata=me).json)
    assert document["account"]["real_name"] == real_name and document["account"]["id"] == identity.ids[person]
    assert [c["kind"] for c in document["consents"]] == ["terms"]
    assert [c["other_account_id"] for c in document["care_relationships"]] == [identity.ids["hansen"]]
    assert document["sessions"], "the sign-in just made"
    assert "Hanne Hansen" not in json.dumps(document), "the provider's real name is not the caller's data"
    other = json.loads(identity.stub.Export(pb.ExportRequest(), metadata=identity.as_("nils")).json)
    assert real_name not in json.dumps(other)
    anonymous = rpc_error(identity.stub.Export, pb.ExportRequest())
    assert anonymous.code() == grpc.StatusCode.UNAUTHENTICATED


def test_an_admin_without_a_recent_second_factor_cannot_move_anyone(identity):
    from services.kit.auth import Caller
    from services.kit.errors import PermissionDenied

    person = identity.newcomer()
    stale = Caller(account_id=identity.ids["admin.nordvik"], tenant="nordvik", roles=frozenset({"tenant_admin"}),
                   mfa_required=True, mfa_at=0)
    try:
        identity.service.moves.start(stale, identity.ids[person], "sorby")
        raise AssertionError("a staff power needs a recent second factor")
    except PermissionDenied as refused:
        assert refused.reason == "second_factor_required"
    fresh = Caller(account_id=stale.account_id, tenant="nordvik", roles=stale.roles, mfa_required=True,
                   mfa_at=int(time.time()))
    assert identity.service.moves.start(fresh, identity.ids[person], "ostby").move.state == "pending"
