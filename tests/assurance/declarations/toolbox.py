"""The toolbox's calls for the authorization matrix, and the crisis plans and medication
lists it plants.

A toolbox belongs to its service user: every other role is refused by role before any
item is looked up, and another owner's item (another municipality's here) answers "not
found" exactly like one that never was. Providers read only sections shared with them
while a care relationship lasts; the catalogue (exercises, information pages) is kept by
peer moderators and tenant admins.
"""

from __future__ import annotations

from datetime import date

from reconnect.toolbox.v1 import toolbox_pb2 as pb
from tests.assurance.canaries import CanarySet, CanarySource, letters
from tests.assurance.declarations.common import as_demo, ready, stub
from tests.assurance.world import ELSEWHERE, HOME, PROVIDER, SERVICE_USER, Persona, World, missing_id

TODAY = date.today().isoformat()


def toolbox(world: World):
    return stub(world, "toolbox")


def _owner(world: World, scope: str) -> Persona:
    return world.personas[SERVICE_USER] if scope == "own" else world.personas[f"peer@{ELSEWHERE}"]


def _catalogue(world: World, tenant: str) -> tuple[str, str]:
    """The tenant's exercise and information page, made by its (demo) admin."""

    def make():
        admin = as_demo(world, tenant, f"admin.{tenant}")
        exercise = toolbox(world).CreateExercise(pb.CreateExerciseRequest(exercise=pb.ExerciseInput(
            category="mindfulness", title_nb="Pust", title_en="Breathe", body_nb="Pust rolig.", body_en="Breathe.",
            duration_minutes=5)), metadata=admin, timeout=10)
        item = toolbox(world).CreateInfoItem(pb.CreateInfoItemRequest(item=pb.InfoItemInput(
            kind="page", category="information", language="nb", title="Assurance", body="Informasjon")),
            metadata=admin, timeout=10)
        return exercise.id, item.id

    return world.once(f"toolbox:catalogue:{tenant}", make)


# Makers of an owner's item: (world, metadata of the owner, tenant) -> id
def _value(w, m, t):
    return toolbox(w).AddValue(pb.AddValueRequest(text="Being there for my family"), metadata=m, timeout=10).id


def _domain(w, m, t):
    return toolbox(w).CreateLifeDomain(pb.CreateLifeDomainRequest(name="Music"), metadata=m, timeout=10).key


def _status(w, m, t):
    return toolbox(w).RecordDomainStatus(pb.RecordDomainStatusRequest(
        domain="mental_health", text="Steady", rating=3), metadata=m, timeout=10).id


def _goal(w, m, t):
    return toolbox(w).CreateGoal(pb.CreateGoalRequest(domain="mental_health", title="Sleep better"),
                                 metadata=m, timeout=10).id


def _step(w, m, t):
    goal = toolbox(w).AddStep(pb.AddStepRequest(goal_id=_goal(w, m, t), text="Bed by eleven"), metadata=m, timeout=10)
    return goal.steps[-1].id


def _activity(w, m, t):
    return toolbox(w).CreateActivity(pb.CreateActivityRequest(activity=pb.ActivityInput(
        title="Walk", starts_on=TODAY, repeat="none")), metadata=m, timeout=10).id


def _feed(w, m, t):
    return toolbox(w).CreateCalendarFeed(pb.CreateCalendarFeedRequest(), metadata=m, timeout=10).id


def _member(w, m, t):
    return toolbox(w).AddNetworkMember(pb.AddNetworkMemberRequest(member=pb.NetworkMemberInput(
        name="A neighbour", circle="middle")), metadata=m, timeout=10).id


def _log(w, m, t):
    return toolbox(w).LogExercise(pb.LogExerciseRequest(exercise_id=_catalogue(w, t)[0], feeling=3),
                                  metadata=m, timeout=10).id


def _medication(w, m, t):
    return toolbox(w).AddMedication(pb.AddMedicationRequest(medication=pb.MedicationInput(name="Assurin")),
                                    metadata=m, timeout=10).id


def _item(make):
    """An item of the scope's owner: a fresh one of the service user's (own), one of
    another municipality's service user (other), or none (missing)."""

    def item(world: World, scope: str) -> str:
        if scope == "missing":
            return missing_id()
        ready(world)
        tenant = HOME if scope == "own" else ELSEWHERE
        owner = _owner(world, scope)
        if scope == "own":
            return make(world, world.metadata(owner), tenant)
        return world.once(f"toolbox:{make.__name__}:{tenant}", lambda: make(world, world.metadata(owner), tenant))

    return item


VALUE, DOMAIN, STATUS, GOAL, STEP = map(_item, (_value, _domain, _status, _goal, _step))
ACTIVITY, FEED, MEMBER, LOG, MEDICATION = map(_item, (_activity, _feed, _member, _log, _medication))


def _own(make):
    return lambda w, p, scope: make(w, p) if scope == "own" else None


def _on(item, make):
    return lambda w, p, scope: make(item(w, scope))


def _catalogue_id(index: int):
    def find(world: World, scope: str) -> str:
        if scope == "missing":
            return missing_id()
        return _catalogue(world, HOME if scope == "own" else ELSEWHERE)[index]

    return find


EXERCISE, INFO = _catalogue_id(0), _catalogue_id(1)


def _plan(text: str = "Calling a friend") -> pb.CrisisPlan:
    return pb.CrisisPlan(warning_signs=["Not sleeping"], coping_strategies=[text])


def _with_plan(world: World, persona: Persona) -> pb.GetCrisisPlanRequest:
    if persona.name == SERVICE_USER:
        toolbox(world).SaveCrisisPlan(pb.SaveCrisisPlanRequest(plan=_plan()), metadata=world.metadata(persona),
                                      timeout=10)
    return pb.GetCrisisPlanRequest()


def _shared(world: World, persona: Persona, scope: str) -> pb.GetSharedSectionRequest | None:
    """The service user shares the crisis plan with their provider (who holds a care relationship)."""
    if scope == "missing":
        return pb.GetSharedSectionRequest(service_user_id=missing_id(), section="crisis_plan")
    ready(world)
    owner = _owner(world, scope)
    provider = world.objects[HOME if scope == "own" else ELSEWHERE].provider_id

    def grant():
        meta = world.metadata(owner)
        toolbox(world).SaveCrisisPlan(pb.SaveCrisisPlanRequest(plan=_plan()), metadata=meta, timeout=10)
        toolbox(world).GrantShare(pb.GrantShareRequest(provider_id=provider, sections=["crisis_plan"]), metadata=meta,
                                  timeout=10)
        return True

    if scope == "own":
        grant()  # again each time: the matrix may have erased or revoked it meanwhile
    else:
        world.once("toolbox:shared:other", grant)
    return pb.GetSharedSectionRequest(service_user_id=owner.account_id, section="crisis_plan")


def _calendar_token(world: World) -> str:
    ready(world)
    peer = world.personas[f"peer@{HOME}"]
    return world.once("toolbox:feed-token", lambda: toolbox(world).CreateCalendarFeed(
        pb.CreateCalendarFeedRequest(), metadata=world.metadata(peer), timeout=10).token)


def _provider(world: World, scope: str) -> str:
    return {"own": world.objects[HOME].provider_id, "other": world.objects[ELSEWHERE].provider_id}.get(scope) or missing_id()


CALLS = {
    # Sending the plan to a provider writes a message as the owner: the owner's own success is left
    # to the toolbox's tests; the matrix checks that no one else and no anonymous caller gets through.
    "SendCrisisPlan": lambda w, p, scope: None if scope != "own" or p.name == SERVICE_USER else
    pb.SendCrisisPlanRequest(provider_id=w.objects[HOME].provider_id),
    "ListValues": _own(lambda w, p: pb.ListValuesRequest()),
    "AddValue": _own(lambda w, p: pb.AddValueRequest(text="Being outdoors")),
    "UpdateValue": _on(VALUE, lambda i: pb.UpdateValueRequest(id=i, text="Being outdoors more")),
    "DeleteValue": _on(VALUE, lambda i: pb.DeleteRequest(id=i)),
    "ListLifeDomains": _own(lambda w, p: pb.ListLifeDomainsRequest()),
    "CreateLifeDomain": _own(lambda w, p: pb.CreateLifeDomainRequest(name="Gardening")),
    "RenameLifeDomain": _on(DOMAIN, lambda i: pb.RenameLifeDomainRequest(id=i, name="Garden")),
    "DeleteLifeDomain": _on(DOMAIN, lambda i: pb.DeleteRequest(id=i)),
    "RecordDomainStatus": _own(lambda w, p: pb.RecordDomainStatusRequest(domain="housing", text="Fine", rating=4)),
    "ListDomainStatuses": _own(lambda w, p: pb.ListDomainStatusesRequest()),
    "DeleteDomainStatus": _on(STATUS, lambda i: pb.DeleteRequest(id=i)),
    "ListGoals": _own(lambda w, p: pb.ListGoalsRequest()),
    "GetGoal": _on(GOAL, lambda i: pb.GetGoalRequest(id=i)),
    "CreateGoal": _own(lambda w, p: pb.CreateGoalRequest(domain="social_life", title="See a friend")),
    "UpdateGoal": _on(GOAL, lambda i: pb.UpdateGoalRequest(id=i, domain="mental_health", title="Sleep well",
                                                           status="active")),
    "DeleteGoal": _on(GOAL, lambda i: pb.DeleteRequest(id=i)),
    "AddStep": _on(GOAL, lambda i: pb.AddStepRequest(goal_id=i, text="A first step")),
    "UpdateStep": _on(STEP, lambda i: pb.UpdateStepRequest(id=i, text="Bed by half past ten", status="doing")),
    "DeleteStep": _on(STEP, lambda i: pb.DeleteRequest(id=i)),
    "ListActivities": _own(lambda w, p: pb.ListActivitiesRequest()),
    "CreateActivity": _own(lambda w, p: pb.CreateActivityRequest(activity=pb.ActivityInput(
        title="Swim", starts_on=TODAY, repeat="none"))),
    "UpdateActivity": _on(ACTIVITY, lambda i: pb.UpdateActivityRequest(id=i, activity=pb.ActivityInput(
        title="Long walk", starts_on=TODAY, repeat="none"))),
    "DeleteActivity": _on(ACTIVITY, lambda i: pb.DeleteRequest(id=i)),
    "ListOccurrences": _own(lambda w, p: pb.ListOccurrencesRequest(**{"from": TODAY, "to": TODAY})),
    "MarkDone": _on(ACTIVITY, lambda i: pb.MarkDoneRequest(activity_id=i, date=TODAY, done=True)),
    "CreateCalendarFeed": _own(lambda w, p: pb.CreateCalendarFeedRequest()),
    "ListCalendarFeeds": _own(lambda w, p: pb.ListCalendarFeedsRequest()),
    "RevokeCalendarFeed": _on(FEED, lambda i: pb.RevokeCalendarFeedRequest(id=i)),
    "GetCalendar": lambda w, p, scope: {"own": lambda: pb.GetCalendarRequest(token=_calendar_token(w))}.get(
        scope, lambda: None)(),
    "ListNetwork": _own(lambda w, p: pb.ListNetworkRequest()),
    "AddNetworkMember": _own(lambda w, p: pb.AddNetworkMemberRequest(member=pb.NetworkMemberInput(
        name="A cousin", circle="outer"))),
    "UpdateNetworkMember": _on(MEMBER, lambda i: pb.UpdateNetworkMemberRequest(
        id=i, member=pb.NetworkMemberInput(name="A good neighbour", circle="inner"))),
    "DeleteNetworkMember": _on(MEMBER, lambda i: pb.DeleteRequest(id=i)),
    "GetCrisisPlan": _own(_with_plan),
    "SaveCrisisPlan": _own(lambda w, p: pb.SaveCrisisPlanRequest(plan=_plan())),
    "ListCrisisPlanVersions": _own(lambda w, p: pb.ListCrisisPlanVersionsRequest()),
    "DeleteCrisisPlan": _own(lambda w, p: pb.DeleteCrisisPlanRequest()),
    "ListExercises": _own(lambda w, p: pb.ListExercisesRequest()),
    "CreateExercise": _own(lambda w, p: pb.CreateExerciseRequest(exercise=pb.ExerciseInput(
        category="coping", title_nb="Gå", title_en="Walk", body_nb="Gå en tur.", body_en="Take a walk."))),
    "UpdateExercise": lambda w, p, scope: pb.UpdateExerciseRequest(id=EXERCISE(w, scope), exercise=pb.ExerciseInput(
        category="mindfulness", title_nb="Pust", title_en="Breathe", body_nb="Pust rolig.", body_en="Breathe.",
        duration_minutes=5)),
    "LogExercise": lambda w, p, scope: pb.LogExerciseRequest(exercise_id=EXERCISE(w, scope), feeling=4),
    "ListExerciseLog": _own(lambda w, p: pb.ListExerciseLogRequest()),
    "DeleteExerciseLogEntry": _on(LOG, lambda i: pb.DeleteRequest(id=i)),
    "ListMedications": _own(lambda w, p: pb.ListMedicationsRequest()),
    "AddMedication": _own(lambda w, p: pb.AddMedicationRequest(medication=pb.MedicationInput(name="Assurol"))),
    "UpdateMedication": _on(MEDICATION, lambda i: pb.UpdateMedicationRequest(
        id=i, medication=pb.MedicationInput(name="Assurin", dose="1 tablet"))),
    "DeleteMedication": _on(MEDICATION, lambda i: pb.DeleteRequest(id=i)),
    "ListInfoItems": _own(lambda w, p: pb.ListInfoItemsRequest()),
    "CreateInfoItem": _own(lambda w, p: pb.CreateInfoItemRequest(item=pb.InfoItemInput(
        kind="link", category="local_activity", language="nb", title="Assurance link", url="https://example.org/"))),
    "UpdateInfoItem": lambda w, p, scope: pb.UpdateInfoItemRequest(id=INFO(w, scope), item=pb.InfoItemInput(
        kind="page", category="information", language="nb", title="Assurance", body="Informasjon")),
    "DeleteInfoItem": lambda w, p, scope: pb.DeleteRequest(
        id=_fresh_info(w) if scope == "own" and p.name == "tenant_admin" else INFO(w, scope)),
    "GrantShare": lambda w, p, scope: pb.GrantShareRequest(provider_id=_provider(w, scope), sections=["goals"]),
    "RevokeShare": _own(lambda w, p: pb.RevokeShareRequest(provider_id=w.objects[HOME].provider_id,
                                                           sections=["goals"])),
    "ListShares": _own(lambda w, p: pb.ListSharesRequest()),
    "ListAccessLog": _own(lambda w, p: pb.ListAccessLogRequest()),
    "ListSharedWithMe": _own(lambda w, p: pb.ListSharedWithMeRequest()),
    "GetSharedSection": _shared,
    "Export": _own(lambda w, p: pb.ExportRequest()),
    "EraseMyToolbox": _own(lambda w, p: pb.EraseMyToolboxRequest()),
}


def _fresh_info(world: World) -> str:
    return toolbox(world).CreateInfoItem(pb.CreateInfoItemRequest(item=pb.InfoItemInput(
        kind="page", category="information", language="nb", title="Assurance", body="Til sletting")),
        metadata=as_demo(world, HOME, f"admin.{HOME}"), timeout=10).id


def seed_toolbox_canaries(world: World, canaries: CanarySet) -> None:
    """A crisis plan and a medication list of a service user of their own (the matrix erases
    the persona's toolbox), shared with a provider who reads it once (the access log)."""
    ready(world)
    owner = world.create_account(HOME, "tbx", ["service_user"], canary_details=False)
    meta = world.metadata(owner)
    plan = pb.CrisisPlan(
        warning_signs=[canaries.plant("crisis plan warning sign", f"Varsel {letters(14)}")],
        coping_strategies=[canaries.plant("crisis plan strategy", f"Mestring {letters(14)}")],
        ask_for_help=[pb.PlanContact(name=canaries.plant("crisis plan contact", f"Kontakt {letters(12)}"),
                                     phone=canaries.phone())],
        reasons_for_living=[canaries.plant("crisis plan reason", f"Grunn {letters(14)}")],
    )
    toolbox(world).SaveCrisisPlan(pb.SaveCrisisPlanRequest(plan=plan), metadata=meta, timeout=10)
    toolbox(world).AddMedication(pb.AddMedicationRequest(medication=pb.MedicationInput(
        name=canaries.plant("medication name", f"Medisin{letters(12)}"),
        dose=canaries.plant("medication dose", f"Dose {letters(12)}"),
        purpose=canaries.plant("medication purpose", f"Formal {letters(12)}"),
        prescriber=canaries.plant("prescriber", f"Lege {letters(12)}"))), metadata=meta, timeout=10)
    provider = world.personas[PROVIDER]
    world.add_care(HOME, provider.account_id, owner.account_id)
    toolbox(world).GrantShare(pb.GrantShareRequest(provider_id=provider.account_id,
                                                   sections=["crisis_plan", "medications"]), metadata=meta, timeout=10)
    for section in ("crisis_plan", "medications"):
        toolbox(world).GetSharedSection(pb.GetSharedSectionRequest(service_user_id=owner.account_id, section=section),
                                        metadata=world.metadata(provider), timeout=10)


CANARY_SOURCES = [CanarySource("toolbox", "crisis plans and medication lists (shared with a provider and read)",
                               seed_toolbox_canaries)]
