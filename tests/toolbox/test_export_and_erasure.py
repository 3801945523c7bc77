"""The user's data as a whole: everything in one JSON export; every item deletable; and
identity's account_erased event erasing it all exactly once, even when redelivered."""

from __future__ import annotations

import json

import grpc
from sqlalchemy import func, select

from reconnect.events.v1 import lifecycle_pb2
from reconnect.toolbox.v1 import toolbox_pb2 as tpb
from services.toolbox.store import KIT, OWNED_TABLES, Share
from tests.conftest import rpc_error, wait_for
from tests.toolbox.conftest import fill


def _rows_of(toolbox, account_id: str) -> int:
    with toolbox.service.db.engine.connect() as conn:
        total = sum(conn.execute(select(func.count()).select_from(m).where(m.owner_id == account_id)).scalar_one()
                    for m in OWNED_TABLES)
        return total + conn.execute(select(func.count()).select_from(Share).where(Share.provider_id == account_id)).scalar_one()


def test_export_contains_everything(toolbox, exercise):
    user = toolbox.person()
    provider = toolbox.person("health_provider")
    toolbox.care(provider, user)
    s, md = toolbox.stub, user.metadata
    filled = fill(toolbox, user, exercise)
    own = s.CreateLifeDomain(tpb.CreateLifeDomainRequest(name="Friluftsliv"), metadata=md)
    s.MarkDone(tpb.MarkDoneRequest(activity_id=filled.activity.id, date="2030-01-14", done=True), metadata=md)
    s.CreateCalendarFeed(tpb.CreateCalendarFeedRequest(), metadata=md)
    s.GrantShare(tpb.GrantShareRequest(provider_id=provider.id, sections=["medications"]), metadata=md)
    s.GetSharedSection(tpb.GetSharedSectionRequest(service_user_id=user.id, section="medications"),
                       metadata=provider.metadata)

    exported = s.Export(tpb.ExportRequest(), metadata=md)
    data = json.loads(exported.json)
    assert data["account_id"] == user.id and data["tenant"] == "nordvik"
    for planted in filled.planted:
        assert planted in exported.json, planted
    assert [v["text"] for v in data["values"]] == [filled.value.text]
    assert data["life_domains"][0]["name"] == "Friluftsliv" and data["life_domains"][0]["key"] == own.key
    assert data["domain_statuses"][0]["text"] == filled.status.text
    assert data["goals"][0]["title"] == filled.goal.title and len(data["goals"][0]["steps"]) == 2
    assert data["activities"][0]["repeat"] == "weekly"
    assert data["activities_done"] == [{"activity_id": filled.activity.id, "date": "2030-01-14",
                                        "done_at": data["activities_done"][0]["done_at"]}]
    assert len(data["calendar_feeds"]) == 1 and "token" not in data["calendar_feeds"][0]
    assert data["network_map"][0]["contact"] == "+47 912 34 567"
    assert data["crisis_plan_versions"][0]["plan"]["professionals"][1] == {"name": "Nødnummer", "phone": "113", "note": ""}
    assert data["exercise_log"][0]["feeling"] == 4
    assert data["medications"][0]["prescriber"] == filled.medication.prescriber
    assert [(x["provider_id"], x["section"]) for x in data["shares"]] == [(provider.id, "medications")]
    assert [(x["provider_id"], x["section"]) for x in data["access_log"]] == [(provider.id, "medications")]
    # Only the owner exports; another user's export holds none of it.
    other = s.Export(tpb.ExportRequest(), metadata=toolbox.person().metadata).json
    assert not any(p in other for p in filled.planted)
    assert rpc_error(s.Export, tpb.ExportRequest(), metadata=provider.metadata).code() == grpc.StatusCode.PERMISSION_DENIED


def test_the_user_can_delete_every_item(toolbox, exercise):
    user = toolbox.person()
    s, md = toolbox.stub, user.metadata
    filled = fill(toolbox, user, exercise)
    s.DeleteGoal(tpb.DeleteRequest(id=filled.goal.id), metadata=md)
    s.DeleteActivity(tpb.DeleteRequest(id=filled.activity.id), metadata=md)
    s.DeleteNetworkMember(tpb.DeleteRequest(id=filled.member.id), metadata=md)
    s.DeleteCrisisPlan(tpb.DeleteCrisisPlanRequest(), metadata=md)
    s.DeleteMedication(tpb.DeleteRequest(id=filled.medication.id), metadata=md)
    s.DeleteExerciseLogEntry(tpb.DeleteRequest(id=filled.log.id), metadata=md)
    s.DeleteValue(tpb.DeleteRequest(id=filled.value.id), metadata=md)
    s.DeleteDomainStatus(tpb.DeleteRequest(id=filled.status.id), metadata=md)
    assert _rows_of(toolbox, user.id) == 0
    # Deleting twice: "not found".
    error = rpc_error(s.DeleteMedication, tpb.DeleteRequest(id=filled.medication.id), metadata=md)
    assert error.code() == grpc.StatusCode.NOT_FOUND


def test_erase_my_toolbox(toolbox, exercise):
    user = toolbox.person()
    fill(toolbox, user, exercise)
    assert _rows_of(toolbox, user.id) >= 10
    toolbox.stub.EraseMyToolbox(tpb.EraseMyToolboxRequest(), metadata=user.metadata)
    assert _rows_of(toolbox, user.id) == 0


def test_account_erased_removes_everything_exactly_once(toolbox, exercise):
    user, bystander = toolbox.person(), toolbox.person()
    provider = toolbox.person("health_provider")
    toolbox.care(provider, user)
    fill(toolbox, user, exercise)
    kept = fill(toolbox, bystander, exercise)
    toolbox.stub.GrantShare(tpb.GrantShareRequest(provider_id=provider.id, sections=["goals"]), metadata=user.metadata)
    before_bystander = _rows_of(toolbox, bystander.id)
    assert _rows_of(toolbox, user.id) >= 10

    event_id = toolbox.publish_identity_event("nordvik", "account_erased", lifecycle_pb2.AccountErased(account_id=user.id))
    wait_for(lambda: _rows_of(toolbox, user.id) == 0, message="erased")
    assert _rows_of(toolbox, bystander.id) == before_bystander
    assert toolbox.stub.GetGoal(tpb.GetGoalRequest(id=kept.goal.id), metadata=bystander.metadata).title == kept.goal.title
    assert toolbox.stub.ListSharedWithMe(tpb.ListSharedWithMeRequest(), metadata=provider.metadata).users == []

    # The account goes on (identity has not erased it in this test) and writes something new;
    # the same event delivered again (under a new message id, so JetStream does deliver it) changes nothing.
    toolbox.stub.AddValue(tpb.AddValueRequest(text="Etter slettingen"), metadata=user.metadata)
    toolbox.publish_identity_event("nordvik", "account_erased", lifecycle_pb2.AccountErased(account_id=user.id),
                                   event_id=event_id, msg_id=f"{event_id}-again")
    # A later event on the same consumer shows the redelivery has been passed.
    marker = toolbox.person()
    toolbox.stub.AddValue(tpb.AddValueRequest(text="markør"), metadata=marker.metadata)
    toolbox.publish_identity_event("nordvik", "account_erased", lifecycle_pb2.AccountErased(account_id=marker.id))
    wait_for(lambda: _rows_of(toolbox, marker.id) == 0, message="the marker event was handled")
    assert [v.text for v in toolbox.stub.ListValues(tpb.ListValuesRequest(), metadata=user.metadata).values] == [
        "Etter slettingen"]
    processed = KIT.processed_events
    with toolbox.service.db.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(processed).where(
            processed.c.consumer == "toolbox-erasure", processed.c.event_id == event_id)).scalar_one() == 1
