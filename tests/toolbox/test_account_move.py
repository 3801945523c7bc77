"""The toolbox moves with its owner: identity's account_moved (here from a real move made
through identity's gRPC API) re-seals every section under the new tenant's key."""

from __future__ import annotations

import json

from sqlalchemy import select

from reconnect.events.v1 import lifecycle_pb2
from reconnect.identity.v1 import identity_pb2 as ipb
from reconnect.toolbox.v1 import toolbox_pb2 as tpb
from services.kit.crypto import FieldCipher
from services.toolbox.store import KIT, OWNED_TABLES, Share
from tests.conftest import wait_for
from tests.identity.test_account_move import new_municipality
from tests.toolbox.conftest import fill


def _tenants_of(toolbox, account_id: str) -> set[str]:
    with toolbox.service.db.engine.connect() as conn:
        return {t for m in OWNED_TABLES
                for t in conn.execute(select(m.tenant).where(m.owner_id == account_id)).scalars()}


def _sealed_key_tenants(toolbox, account_id: str) -> set[str]:
    """The tenants whose data keys sealed the person's rows (the key id travels in each ciphertext)."""
    key_ids = set()
    with toolbox.service.db.engine.connect() as conn:
        for model, columns in toolbox.service.SEALED.items():
            for row in conn.execute(select(model).where(model.owner_id == account_id)).mappings():
                key_ids |= {FieldCipher.key_id_of(row[c]) for c in columns if row[c]}
        return set(conn.execute(select(KIT.data_keys.c.tenant).where(KIT.data_keys.c.id.in_(key_ids))).scalars())


def _snapshot(toolbox, account_id: str) -> dict:
    with toolbox.service.db.engine.connect() as conn:
        return {(model.__tablename__, row["id"]): tuple(row[c] for c in columns)
                for model, columns in toolbox.service.SEALED.items()
                for row in conn.execute(select(model).where(model.owner_id == account_id)).mappings()}


def test_the_toolbox_moves_with_its_owner_and_is_resealed_under_the_new_tenant(toolbox, exercise):
    user = toolbox.person()
    provider = toolbox.person("health_provider")
    toolbox.care(provider, user)
    filled = fill(toolbox, user, exercise)
    toolbox.stub.GrantShare(tpb.GrantShareRequest(provider_id=provider.id, sections=["goals", "crisis_plan"]),
                            metadata=user.metadata)
    assert _sealed_key_tenants(toolbox, user.id) == {"nordvik"}

    identity = toolbox.identity
    there, there_admin = new_municipality(identity)
    move = identity.stub.StartAccountMove(ipb.StartAccountMoveRequest(account_id=user.id, to_tenant=there),
                                          metadata=toolbox.as_("admin.nordvik"), timeout=10)
    identity.stub.AcceptAccountMove(ipb.AcceptAccountMoveRequest(move_id=move.id), metadata=toolbox.as_(there_admin),
                                    timeout=10)
    wait_for(lambda: _tenants_of(toolbox, user.id) == {there}, message="every toolbox row moved")
    assert _sealed_key_tenants(toolbox, user.id) == {there}, "sealed under the new tenant's key only"
    with toolbox.service.db.engine.connect() as conn:
        shares = conn.execute(select(Share).where(Share.owner_id == user.id)).mappings().all()
    assert shares and all(s["revoked_at"] is not None for s in shares), "grants ended with the care relationships"

    # The owner, signed in in the new municipality, reads everything as before.
    in_new = [("authorization", f"Bearer {identity.login(there, user.username).access_token}")]
    exported = toolbox.stub.Export(tpb.ExportRequest(), metadata=in_new, timeout=10)
    assert json.loads(exported.json)["tenant"] == there
    for planted in filled.planted:
        assert planted in exported.json, planted
    assert toolbox.stub.GetGoal(tpb.GetGoalRequest(id=filled.goal.id), metadata=in_new).title == filled.goal.title
    assert toolbox.stub.ListSharedWithMe(tpb.ListSharedWithMeRequest(), metadata=provider.metadata).users == []

    # The same event again (new message id, so JetStream delivers it) changes nothing.
    before = _snapshot(toolbox, user.id)
    again = lifecycle_pb2.AccountMoved(account_id=user.id, from_tenant="nordvik", to_tenant=there)
    toolbox.publish_identity_event("nordvik", "account_moved", again)
    marker = toolbox.person()
    toolbox.stub.AddValue(tpb.AddValueRequest(text="markør"), metadata=marker.metadata)
    toolbox.publish_identity_event("nordvik", "account_moved", lifecycle_pb2.AccountMoved(
        account_id=marker.id, from_tenant="nordvik", to_tenant="ostby"))
    wait_for(lambda: _tenants_of(toolbox, marker.id) == {"ostby"}, message="the marker event was handled")
    assert _snapshot(toolbox, user.id) == before
