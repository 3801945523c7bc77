"""The events service as a real gRPC server in the test process, asking the real
(in-process) identity service about names, on a fresh database and the session's NATS,
with a clock the tests can move."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from reconnect.cafes.v1 import cafes_pb2 as cpb
from reconnect.cafes.v1 import cafes_pb2_grpc
from reconnect.events.v1 import envelope_pb2
from reconnect.identity.v1 import identity_pb2 as ipb
from services.events.__main__ import MIGRATIONS, build_service, runner_for
from services.kit.client import wait_until_serving
from services.kit.config import ServiceSettings, load
from services.kit.db import migrate
from services.kit.outbox import unpack
from tests.conftest import PASSWORD, PEOPLE
from tests.kit.test_bus import stream_messages

# Extra members of Nordvik for capacity, figures and matching; and a researcher.
EXTRA = [f"kafe{i}" for i in range(1, 9)]


class Clock:
    """Real time, or a time the test sets; the service and its scheduler read it."""

    def __init__(self):
        self._fixed: datetime | None = None
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._fixed or datetime.now(UTC)

    def set(self, moment: datetime | None) -> None:
        with self._lock:
            self._fixed = moment


@dataclass
class Running:
    runner: object
    service: object
    stub: cafes_pb2_grpc.CafeServiceStub
    channel: grpc.Channel

    def stop(self) -> None:
        self.channel.close()
        self.runner.stop(grace=1)


def start_events(identity, url: str, nats_url: str, master_key: str, clock: Clock, interval: float = 0.05) -> Running:
    settings = load(
        ServiceSettings, database_url=url, nats_url=nats_url, grpc_port=0, metrics_port=0,
        master_key=master_key, environment="test", identity_address=identity.address,
    )
    migrate(settings.database_url, MIGRATIONS)
    wiring, service = build_service(settings, clock)
    runner = runner_for(wiring, service, reminder_interval=interval)
    port = runner.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    grpc.channel_ready_future(channel).result(timeout=30)
    return Running(runner, service, cafes_pb2_grpc.CafeServiceStub(channel), channel)


def stamp(moment: datetime):
    from google.protobuf.timestamp_pb2 import Timestamp

    value = Timestamp()
    value.FromDatetime(moment)
    return value


@dataclass
class CafeWorld:
    stub: cafes_pb2_grpc.CafeServiceStub
    identity: object
    service: object
    clock: Clock
    nats_url: str
    tokens: dict[str, list] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)

    def as_(self, username: str) -> list[tuple[str, str]]:
        if username not in self.tokens:
            tenant = next((t for t, u, _, _ in PEOPLE if u == username), "nordvik")
            token = self.identity.login(tenant, username).access_token
            self.tokens[username] = [("authorization", f"Bearer {token}")]
        return self.tokens[username]

    def id_of(self, username: str) -> str:
        if username not in self.ids:
            self.ids[username] = self.identity.stub.GetMe(ipb.GetMeRequest(), metadata=self.as_(username)).id
        return self.ids[username]

    def cafe(self, username: str = "mia", rrule: str = "FREQ=WEEKLY", first: datetime | None = None,
             capacity: int = 0, **extra) -> cpb.Cafe:
        first = first or datetime.now(UTC) + timedelta(days=2)
        request = cpb.CreateCafeRequest(
            title=extra.pop("title", "ReConnect-kafé"), venue=extra.pop("venue", "Frivilligsentralen, 2. etasje"),
            accessibility_notes="Heis fra gårdsplassen", transport_notes="Buss 3 til torget", capacity=capacity,
            recurrence=cpb.Recurrence(rrule=rrule, first_date=first.date().isoformat(),
                                      local_time=extra.pop("local_time", "18:00"), duration_minutes=120,
                                      time_zone=extra.pop("time_zone", "")),
            **extra,
        )
        return self.stub.CreateCafe(request, metadata=self.as_(username))

    def occurrences(self, cafe_id: str, username: str = "nora", start: datetime | None = None,
                    end: datetime | None = None) -> list[cpb.Occurrence]:
        request = cpb.ListOccurrencesRequest(cafe_id=cafe_id)
        if start:
            getattr(request, "from").CopyFrom(stamp(start))
        if end:
            request.to.CopyFrom(stamp(end))
        return list(self.stub.ListOccurrences(request, metadata=self.as_(username)).occurrences)

    def rsvp(self, username: str, occurrence_id: str, answer=cpb.ANSWER_YES, visible: bool = False) -> cpb.Occurrence:
        return self.stub.Rsvp(cpb.RsvpRequest(occurrence_id=occurrence_id, answer=answer, visible=visible),
                              metadata=self.as_(username))


def published(nats_url: str, event_type: str, payload_class) -> list[tuple[envelope_pb2.Event, object]]:
    """Every event of one type in the events service's stream, unpacked."""
    try:
        messages = stream_messages(nats_url, "EVENTS")
    except Exception:  # the stream does not exist yet
        return []
    return [(e, unpack(e, payload_class)) for _, e, _ in messages if e.type == event_type]


@pytest.fixture(scope="session")
def cafes(identity, database_url, nats_server, master_key) -> CafeWorld:
    for username in [*EXTRA, "forsker.kafe"]:
        roles = ["researcher"] if username.startswith("forsker") else ["service_user"]
        identity.service.bootstrap_account("nordvik", username, PASSWORD, roles)
    clock = Clock()
    running = start_events(identity, database_url("events"), nats_server.url, master_key, clock)
    world = CafeWorld(running.stub, identity, running.service, clock, nats_server.url)
    for username in ("nora", "nils", "siri", "mia", "olga", "nameless", *EXTRA):
        me = identity.stub.GetMe(ipb.GetMeRequest(), metadata=world.as_(username))
        world.ids[username] = me.id
        if not me.pseudonym:
            identity.stub.SetPseudonym(ipb.SetPseudonymRequest(pseudonym=f"{username.title()} Fugl"),
                                       metadata=world.as_(username))
    yield world
    running.stop()


@pytest.fixture(autouse=True)
def real_time(request):
    """Each test starts (and ends) on real time, whatever the one before did to the clock."""
    world = request.getfixturevalue("cafes") if "cafes" in request.fixturenames else None
    if world:
        world.clock.set(None)
    yield
    if world:
        world.clock.set(None)


__all__ = ["CafeWorld", "Clock", "published", "start_events", "stamp", "wait_until_serving"]
