"""Sharing with the care team: nothing without a grant, exactly the granted sections with
one, nothing after revocation or once the care relationship ends; no one else, of any
role or tenant, reads a user's toolbox; every provider read is in the user's access log."""

from __future__ import annotations

import grpc
import pytest

from reconnect.events.v1 import envelope_pb2
from reconnect.events.v1 import toolbox_pb2 as events
from reconnect.toolbox.v1 import toolbox_pb2 as tpb
from services.toolbox.domain import SECTIONS
from tests.conftest import rpc_error, trailer, wait_for
from tests.toolbox.conftest import fill


def _read(toolbox, provider, user, section):
    return toolbox.stub.GetSharedSection(tpb.GetSharedSectionRequest(service_user_id=user.id, section=section),
                                         metadata=provider.metadata)


def _hidden(toolbox, provider, user, section) -> bool:
    error = rpc_error(_read, toolbox, provider, user, section)
    return error.code() == grpc.StatusCode.NOT_FOUND and trailer(error, "reconnect-field") == "service_user_id"


@pytest.fixture
def team(toolbox, exercise):
    user, provider = toolbox.person(), toolbox.person("health_provider")
    relationship = toolbox.care(provider, user)
    return user, provider, relationship, fill(toolbox, user, exercise)


def test_a_provider_sees_exactly_what_is_granted_while_it_is_granted(toolbox, team):
    user, provider, _rel, filled = team
    s = toolbox.stub
    # Nothing without a grant, even inside a care relationship.
    assert s.ListSharedWithMe(tpb.ListSharedWithMeRequest(), metadata=provider.metadata).users == []
    assert all(_hidden(toolbox, provider, user, section) for section in SECTIONS)

    shares = s.GrantShare(tpb.GrantShareRequest(provider_id=provider.id, sections=["goals", "crisis_plan"]),
                          metadata=user.metadata).shares
    assert sorted(x.section for x in shares) == ["crisis_plan", "goals"]
    mine = s.ListSharedWithMe(tpb.ListSharedWithMeRequest(), metadata=provider.metadata).users
    assert [(u.service_user_id, list(u.sections)) for u in mine] == [(user.id, ["goals", "crisis_plan"])]

    goals = _read(toolbox, provider, user, "goals")
    assert [g.title for g in goals.goals] == [filled.goal.title]
    assert [st.text for st in goals.goals[0].steps] == [st.text for st in filled.goal.steps]
    assert not goals.medications and not goals.network and not goals.HasField("crisis_plan")
    plan = _read(toolbox, provider, user, "crisis_plan").crisis_plan
    assert plan.version == 1 and list(plan.plan.warning_signs) == list(filled.plan.plan.warning_signs)
    assert [c.phone for c in plan.plan.professionals] == ["116 117", "113"]
    for section in ("activity_plan", "network_map", "medications", "exercise_log"):
        assert _hidden(toolbox, provider, user, section), section

    # Revoking one section hides that one; revoking all hides everything.
    s.RevokeShare(tpb.RevokeShareRequest(provider_id=provider.id, sections=["crisis_plan"]), metadata=user.metadata)
    assert _hidden(toolbox, provider, user, "crisis_plan")
    assert _read(toolbox, provider, user, "goals").goals
    left = s.RevokeShare(tpb.RevokeShareRequest(provider_id=provider.id), metadata=user.metadata).shares
    assert list(left) == []
    assert all(_hidden(toolbox, provider, user, section) for section in SECTIONS)
    assert s.ListSharedWithMe(tpb.ListSharedWithMeRequest(), metadata=provider.metadata).users == []
    history = s.ListShares(tpb.ListSharesRequest(include_revoked=True), metadata=user.metadata).shares
    assert sorted(x.section for x in history) == ["crisis_plan", "goals"]
    assert all(x.HasField("revoked_at") for x in history)


def test_every_section_can_be_shared_and_shows_that_section_only(toolbox, team):
    user, provider, _rel, filled = team
    toolbox.stub.GrantShare(tpb.GrantShareRequest(provider_id=provider.id, sections=list(SECTIONS)), metadata=user.metadata)
    activity = _read(toolbox, provider, user, "activity_plan")
    assert [a.title for a in activity.activities] == [filled.activity.title] and not activity.goals
    assert [m.name for m in _read(toolbox, provider, user, "network_map").network] == [filled.member.name]
    meds = _read(toolbox, provider, user, "medications").medications
    assert [(m.name, m.notes) for m in meds] == [(filled.medication.name, filled.medication.notes)]
    log = _read(toolbox, provider, user, "exercise_log").exercise_log
    assert [(e.feeling, e.note) for e in log] == [(4, filled.log.note)]


def test_the_access_log_shows_each_provider_read(toolbox, team):
    user, provider, _rel, _filled = team
    toolbox.stub.GrantShare(tpb.GrantShareRequest(provider_id=provider.id, sections=["goals", "medications"]),
                            metadata=user.metadata)
    assert toolbox.stub.ListAccessLog(tpb.ListAccessLogRequest(), metadata=user.metadata).entries == []
    _read(toolbox, provider, user, "goals")
    _read(toolbox, provider, user, "medications")
    _read(toolbox, provider, user, "goals")
    _hidden(toolbox, provider, user, "crisis_plan")  # refused: nothing was read
    entries = toolbox.stub.ListAccessLog(tpb.ListAccessLogRequest(), metadata=user.metadata).entries
    assert [(e.provider_id, e.section) for e in entries] == [
        (provider.id, "goals"), (provider.id, "medications"), (provider.id, "goals")]  # newest first
    assert all(e.at.seconds for e in entries)
    # The user's own reads are not provider reads.
    toolbox.stub.ListGoals(tpb.ListGoalsRequest(), metadata=user.metadata)
    assert len(toolbox.stub.ListAccessLog(tpb.ListAccessLogRequest(), metadata=user.metadata).entries) == 3
    # The log is the user's: nobody else reads it.
    error = rpc_error(toolbox.stub.ListAccessLog, tpb.ListAccessLogRequest(), metadata=provider.metadata)
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED


def test_when_the_care_relationship_ends_the_provider_sees_nothing(toolbox, team):
    user, provider, relationship, _filled = team
    toolbox.stub.GrantShare(tpb.GrantShareRequest(provider_id=provider.id, sections=["goals"]), metadata=user.metadata)
    assert _read(toolbox, provider, user, "goals").goals
    toolbox.end_care(relationship)
    # At once: every read asks identity.
    assert _hidden(toolbox, provider, user, "goals")
    assert toolbox.stub.ListSharedWithMe(tpb.ListSharedWithMeRequest(), metadata=provider.metadata).users == []
    # And identity's event ends the grant itself, so a later relationship starts from nothing.
    wait_for(lambda: not toolbox.stub.ListShares(tpb.ListSharesRequest(), metadata=user.metadata).shares,
             message="grant revoked after care_relationship_removed")
    toolbox.care(provider, user)
    assert _hidden(toolbox, provider, user, "goals")


def test_only_providers_in_the_care_team_can_be_granted(toolbox, team):
    user, _provider, _rel, _filled = team
    stranger = toolbox.person("health_provider")  # same tenant, no care relationship
    error = rpc_error(toolbox.stub.GrantShare, tpb.GrantShareRequest(provider_id=stranger.id, sections=["goals"]),
                      metadata=user.metadata)
    assert error.code() == grpc.StatusCode.NOT_FOUND and trailer(error, "reconnect-field") == "provider_id"
    assert toolbox.stub.ListShares(tpb.ListSharesRequest(include_revoked=True), metadata=user.metadata).shares == []


def test_nobody_else_of_any_role_or_tenant_reads_a_toolbox(toolbox, team):
    user, _provider, _rel, filled = team
    toolbox.stub.GrantShare(tpb.GrantShareRequest(provider_id=_provider.id, sections=list(SECTIONS)), metadata=user.metadata)
    other_user = toolbox.person()
    other_provider = toolbox.person("health_provider")  # has a user of their own, not this one
    toolbox.care(other_provider, other_user)
    sorby_provider = toolbox.person("health_provider", tenant="sorby")
    toolbox.care(sorby_provider, toolbox.person(tenant="sorby"))
    others = {
        "another service user": other_user.metadata,
        "another provider": other_provider.metadata,
        "a provider in another municipality": sorby_provider.metadata,
        "tenant admin": toolbox.as_("admin.nordvik"),
        "peer moderator": toolbox.as_("mia"),
        "region admin": toolbox.as_("region.admin"),
        "another tenant's admin": toolbox.as_("admin.sorby"),
        "a service user in another municipality": toolbox.as_("olga"),
    }
    s = toolbox.stub
    item_reads = [
        (s.GetGoal, tpb.GetGoalRequest(id=filled.goal.id)),
        (s.UpdateGoal, tpb.UpdateGoalRequest(id=filled.goal.id, domain="housing", title="Overtatt")),
        (s.DeleteGoal, tpb.DeleteRequest(id=filled.goal.id)),
        (s.AddStep, tpb.AddStepRequest(goal_id=filled.goal.id, text="x")),
        (s.UpdateStep, tpb.UpdateStepRequest(id=filled.goal.steps[0].id, text="x")),
        (s.DeleteMedication, tpb.DeleteRequest(id=filled.medication.id)),
        (s.UpdateMedication, tpb.UpdateMedicationRequest(id=filled.medication.id, medication=tpb.MedicationInput(name="x"))),
        (s.DeleteNetworkMember, tpb.DeleteRequest(id=filled.member.id)),
        (s.UpdateActivity, tpb.UpdateActivityRequest(id=filled.activity.id, activity=tpb.ActivityInput(
            title="x", starts_on="2030-01-01"))),
        (s.MarkDone, tpb.MarkDoneRequest(activity_id=filled.activity.id, date="2030-01-07", done=True)),
        (s.DeleteExerciseLogEntry, tpb.DeleteRequest(id=filled.log.id)),
        (s.UpdateValue, tpb.UpdateValueRequest(id=filled.value.id, text="x")),
        (s.DeleteDomainStatus, tpb.DeleteRequest(id=filled.status.id)),
    ]
    for who, metadata in others.items():
        for section in SECTIONS:
            error = rpc_error(s.GetSharedSection, tpb.GetSharedSectionRequest(service_user_id=user.id, section=section),
                              metadata=metadata)
            assert error.code() in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.PERMISSION_DENIED), (who, section)
        for call, request in item_reads:
            error = rpc_error(call, request, metadata=metadata)
            expected = grpc.StatusCode.NOT_FOUND if "service user" in who else grpc.StatusCode.PERMISSION_DENIED
            assert error.code() == expected, (who, call._method)
        # Their own lists never contain the user's items.
        if "service user" in who:
            assert s.ListGoals(tpb.ListGoalsRequest(include_closed=True), metadata=metadata).goals == []
            assert s.ListMedications(tpb.ListMedicationsRequest(), metadata=metadata).medications == []
            error = rpc_error(s.GetCrisisPlan, tpb.GetCrisisPlanRequest(), metadata=metadata)
            assert error.code() == grpc.StatusCode.NOT_FOUND
    # A provider of another user and a provider elsewhere get "not found", never "forbidden":
    # they cannot tell whether there is anything there.
    for metadata in (other_provider.metadata, sorby_provider.metadata):
        error = rpc_error(s.GetSharedSection, tpb.GetSharedSectionRequest(service_user_id=user.id, section="goals"),
                          metadata=metadata)
        assert error.code() == grpc.StatusCode.NOT_FOUND
    # The user's toolbox is intact.
    assert s.GetGoal(tpb.GetGoalRequest(id=filled.goal.id), metadata=user.metadata).title == filled.goal.title
    assert len(s.ListMedications(tpb.ListMedicationsRequest(), metadata=user.metadata).medications) == 1
    assert s.ListAccessLog(tpb.ListAccessLogRequest(), metadata=user.metadata).entries == []


def test_sharing_publishes_ids_only(toolbox, team):
    user, provider, _rel, filled = team
    s = toolbox.stub
    s.GrantShare(tpb.GrantShareRequest(provider_id=provider.id, sections=["goals"]), metadata=user.metadata)
    s.RevokeShare(tpb.RevokeShareRequest(provider_id=provider.id, sections=["goals"]), metadata=user.metadata)
    s.UpdateGoal(tpb.UpdateGoalRequest(id=filled.goal.id, domain="work_school", title=filled.goal.title,
                                       status="completed"), metadata=user.metadata)
    rows = _outbox_for(toolbox, user.id)
    kinds = [event.type for event, _ in rows]
    for kind in ("toolbox.share_granted", "toolbox.share_revoked", "toolbox.goal_completed", "toolbox.crisis_plan_updated"):
        assert kind in kinds
    for event, raw in rows:
        assert event.tenant == "nordvik" and event.actor == user.id
        assert not any(text.encode() in raw for text in filled.planted), event.type
    granted = [e for e, _ in rows if e.type == "toolbox.share_granted"][0]
    payload = events.ShareGranted()
    granted.payload.Unpack(payload)
    assert (payload.owner_id, payload.provider_id, payload.section) == (user.id, provider.id, "goals")
    wait_for(lambda: _subject_sent(toolbox, "toolbox.nordvik.share_granted"), message="relayed to JetStream")


def _outbox_for(toolbox, actor: str) -> list[tuple[envelope_pb2.Event, bytes]]:
    from sqlalchemy import select

    from services.toolbox.store import KIT

    with toolbox.service.db.engine.connect() as conn:
        rows = conn.execute(select(KIT.outbox.c.data).order_by(KIT.outbox.c.created_at)).scalars().all()
    found = []
    for raw in rows:
        event = envelope_pb2.Event.FromString(raw)
        if event.actor == actor:
            found.append((event, raw))
    return found


def _subject_sent(toolbox, subject: str) -> bool:
    from sqlalchemy import select

    from services.toolbox.store import KIT

    with toolbox.service.db.engine.connect() as conn:
        return conn.execute(select(KIT.outbox.c.id).where(KIT.outbox.c.subject == subject,
                                                          KIT.outbox.c.sent_at.is_not(None))).first() is not None
