"""The toolbox as a real gRPC server in the test process, asking the real (in-process)
identity service about care relationships, on a fresh database and the session's NATS.

Each test makes its own people (service users, providers) through identity, so what one
test shares, revokes or erases never touches another's."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field

import grpc
import nats
import pytest
from google.protobuf import any_pb2, timestamp_pb2

from reconnect.events.v1 import envelope_pb2
from reconnect.identity.v1 import identity_pb2 as ipb
from reconnect.toolbox.v1 import toolbox_pb2 as tpb
from reconnect.toolbox.v1 import toolbox_pb2_grpc
from services.kit.client import wait_until_serving
from services.kit.config import ServiceSettings, load
from services.kit.db import migrate
from services.toolbox.__main__ import MIGRATIONS, build_service, runner_for
from tests.conftest import PASSWORD

ROLE = {"service_user": ipb.ROLE_SERVICE_USER, "health_provider": ipb.ROLE_HEALTH_PROVIDER}
ADMINS = {"nordvik": "admin.nordvik", "sorby": "admin.sorby"}


@dataclass
class Person:
    username: str
    tenant: str
    id: str
    metadata: list[tuple[str, str]]


@dataclass
class ToolboxWorld:
    stub: toolbox_pb2_grpc.ToolboxServiceStub
    identity: object
    settings: ServiceSettings
    service: object
    nats_url: str
    tokens: dict[str, list] = field(default_factory=dict)

    def as_(self, username: str) -> list[tuple[str, str]]:
        """One of the session's PEOPLE (admins, moderators, region staff, ...)."""
        if username not in self.tokens:
            self.tokens[username] = self.identity.as_(username)
        return self.tokens[username]

    def person(self, role: str = "service_user", tenant: str = "nordvik") -> Person:
        """A fresh account made by the tenant's admin, signed in."""
        username = f"{role.split('_')[0]}.{uuid.uuid4().hex[:8]}"
        account = self.identity.stub.CreateAccount(
            ipb.CreateAccountRequest(tenant=tenant, username=username, password=PASSWORD, roles=[ROLE[role]]),
            metadata=self.as_(ADMINS[tenant]), timeout=10,
        )
        token = self.identity.login(tenant, username).access_token
        return Person(username, tenant, account.id, [("authorization", f"Bearer {token}")])

    def care(self, provider: Person, user: Person) -> str:
        """A care relationship made by the tenant's admin; returns its id."""
        rel = self.identity.stub.AddCareRelationship(
            ipb.AddCareRelationshipRequest(provider_id=provider.id, service_user_id=user.id),
            metadata=self.as_(ADMINS[user.tenant]), timeout=10,
        )
        return rel.id

    def end_care(self, relationship_id: str, tenant: str = "nordvik") -> None:
        self.identity.stub.RemoveCareRelationship(ipb.RemoveCareRelationshipRequest(relationship_id=relationship_id),
                                                  metadata=self.as_(ADMINS[tenant]), timeout=10)

    def publish_identity_event(self, tenant: str, name: str, payload, event_id: str | None = None,
                               msg_id: str | None = None) -> str:
        """Put an identity event on identity's JetStream stream, as identity's relay would."""
        event_id = event_id or str(uuid.uuid4())
        packed = any_pb2.Any()
        packed.Pack(payload)
        occurred = timestamp_pb2.Timestamp()
        occurred.GetCurrentTime()
        event = envelope_pb2.Event(id=event_id, type=f"identity.{name}", tenant=tenant, occurred_at=occurred,
                                   payload=packed)

        async def publish():
            nc = await nats.connect(self.nats_url)
            try:
                await nc.jetstream().publish(f"identity.{tenant}.{name}", event.SerializeToString(),
                                             headers={"Nats-Msg-Id": msg_id or event_id})
            finally:
                await nc.close()

        asyncio.run(publish())
        return event_id


@pytest.fixture(scope="session")
def toolbox(identity, database_url, nats_server, master_key) -> ToolboxWorld:
    settings = load(
        ServiceSettings, database_url=database_url("toolbox"), nats_url=nats_server.url, grpc_port=0, metrics_port=0,
        master_key=master_key, environment="test", identity_address=identity.address,
    )
    migrate(settings.database_url, MIGRATIONS)
    wiring, service = build_service(settings)
    runner = runner_for(wiring, service)
    port = runner.start()
    wait_until_serving(f"127.0.0.1:{port}", 30)
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    world = ToolboxWorld(toolbox_pb2_grpc.ToolboxServiceStub(channel), identity, settings, service, nats_server.url)
    world.runner = runner
    yield world
    channel.close()
    runner.stop(grace=1)


@pytest.fixture
def exercise(toolbox) -> tpb.Exercise:
    return toolbox.stub.CreateExercise(tpb.CreateExerciseRequest(exercise=tpb.ExerciseInput(
        category="mindfulness", title_nb="Pust i fire takter", title_en="Box breathing",
        body_nb="Pust inn i fire, hold i fire, pust ut i fire.", body_en="Breathe in for four, hold, out for four.",
        duration_minutes=5,
    )), metadata=toolbox.as_("mia"))


@dataclass
class Filled:
    goal: tpb.Goal
    activity: tpb.Activity
    member: tpb.NetworkMember
    plan: tpb.CrisisPlanVersion
    medication: tpb.Medication
    log: tpb.ExerciseLogEntry
    value: tpb.Value
    status: tpb.DomainStatus
    planted: list[str]


def fill(toolbox: ToolboxWorld, person: Person, exercise: tpb.Exercise) -> Filled:
    """Something in every section, each text unique to this person (so it can be searched for)."""
    mark = uuid.uuid4().hex[:8]
    t = {name: f"{name}-{mark}" for name in (
        "goal", "step", "activity", "member", "warning", "coping", "reason", "ask", "professional",
        "medication", "strength", "effects", "note", "value", "status", "prescriber")}
    s, md = toolbox.stub, person.metadata
    goal = s.CreateGoal(tpb.CreateGoalRequest(domain="work_school", title=f"Finne jobb {t['goal']}", target_date="2031-06-01",
                                              steps=[tpb.AddStepRequest(text=f"Skrive CV {t['step']}", due_date="2031-01-15"),
                                                     tpb.AddStepRequest(text="Ringe NAV")]), metadata=md)
    activity = s.CreateActivity(tpb.CreateActivityRequest(activity=tpb.ActivityInput(
        title=f"Gåtur {t['activity']}", starts_on="2030-01-07", start_time="18:00", duration_minutes=45,
        repeat="weekly", goal_id=goal.id)), metadata=md)
    member = s.AddNetworkMember(tpb.AddNetworkMemberRequest(member=tpb.NetworkMemberInput(
        name=f"Kari {t['member']}", relation="søster", circle="inner", can_help_with="Handling", contact="+47 912 34 567")),
        metadata=md)
    plan = s.SaveCrisisPlan(tpb.SaveCrisisPlanRequest(plan=tpb.CrisisPlan(
        warning_signs=[f"Sover dårlig flere netter {t['warning']}"],
        coping_strategies=[f"Lytte til musikk {t['coping']}"],
        distractions=[tpb.PlanContact(name="Biblioteket")],
        ask_for_help=[tpb.PlanContact(name=f"Onkel {t['ask']}", phone="+47 400 00 000")],
        professionals=[tpb.PlanContact(name=f"Legevakt {t['professional']}", phone="116 117"),
                       tpb.PlanContact(name="Nødnummer", phone="113")],
        safe_environment=["Gi medisinene til apoteket"],
        reasons_for_living=[f"Hunden min {t['reason']}"],
    )), metadata=md)
    medication = s.AddMedication(tpb.AddMedicationRequest(medication=tpb.MedicationInput(
        name=f"Sertralin {t['medication']}", strength=f"50 mg {t['strength']}", dose="1 tablett", schedule="morgen",
        purpose="depresjon", prescriber=f"Dr. {t['prescriber']}", started_on="2025-03-01",
        notes=f"Kvalm første uke {t['effects']}")), metadata=md)
    log = s.LogExercise(tpb.LogExerciseRequest(exercise_id=exercise.id, feeling=4, note=f"Roligere etterpå {t['note']}"),
                        metadata=md)
    value = s.AddValue(tpb.AddValueRequest(text=f"Familien {t['value']}"), metadata=md)
    status = s.RecordDomainStatus(tpb.RecordDomainStatusRequest(domain="housing", text=f"Trives i leiligheten {t['status']}",
                                                                rating=4), metadata=md)
    return Filled(goal, activity, member, plan, medication, log, value, status, list(t.values()))
