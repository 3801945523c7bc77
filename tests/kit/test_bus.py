"""The outbox relay and durable consumers against a real nats-server with JetStream."""

from __future__ import annotations

import asyncio
import threading
import uuid

import nats
import pytest
from sqlalchemy import Column, MetaData, String, Table, func, insert, select, update

from reconnect.events.v1 import envelope_pb2
from reconnect.events.v1 import identity_pb2 as events
from services.kit import metrics
from services.kit.bus import Bus, Consumer, PermanentFailure, stream_name
from services.kit.db import Database, add_kit_tables
from services.kit.natsserver import EmbeddedNats
from services.kit.outbox import Outbox, unpack
from tests.conftest import wait_for


class Fixture:
    def __init__(self, url: str, nats_url: str):
        self.service = f"kt{uuid.uuid4().hex[:8]}"
        self.metadata = MetaData()
        self.tables = add_kit_tables(self.metadata)
        self.notes = Table("notes", self.metadata, Column("id", String(36), primary_key=True), Column("account", String(36)))
        self.db = Database(url)
        self.metadata.create_all(self.db.engine)
        self.outbox = Outbox(self.service, self.tables, self.db.sessions)
        self.nats_url = nats_url
        self.buses: list[Bus] = []

    def bus(self, consumers=None, relay=True, listeners=None) -> Bus:
        bus = Bus(self.service, self.nats_url, self.db, self.tables, self.outbox if relay else None, consumers,
                  listeners)
        bus.start()
        assert bus.ready.wait(15), "bus did not connect"
        self.buses.append(bus)
        return bus

    def emit(self, account: str = "a1") -> str:
        with self.db.transaction() as session:
            session.execute(insert(self.notes).values(id=str(uuid.uuid4()), account="change"))
            return self.outbox.emit(
                session, "pseudonym_changed", tenant="nordvik", actor=account,
                payload=events.PseudonymChanged(account_id=account, pseudonym="Stille Elv"),
            )

    def unsent(self) -> int:
        outbox = self.tables.outbox
        with self.db.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))).scalar_one()

    def close(self):
        for bus in self.buses:
            bus.stop()
        self.db.dispose()


def stream_messages(nats_url: str, stream: str) -> list[tuple[str, envelope_pb2.Event, dict]]:
    async def read():
        nc = await nats.connect(nats_url)
        try:
            js = nc.jetstream()
            info = await js.stream_info(stream)
            found = []
            for seq in range(info.state.first_seq, info.state.last_seq + 1):
                if info.state.messages == 0:
                    break
                message = await js.get_msg(stream, seq)
                found.append((message.subject, envelope_pb2.Event.FromString(message.data), message.headers or {}))
            return found
        finally:
            await nc.close()

    return run_async(read())


def run_async(coroutine):
    """Run a coroutine to completion on a thread of its own, whatever loop this thread has."""
    result: dict = {}

    def run():
        try:
            result["value"] = asyncio.run(coroutine)
        except BaseException as exc:  # noqa: BLE001 - re-raised below
            result["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    if "error" in result:
        raise result["error"]
    return result["value"]


@pytest.fixture
def kit(database_url, nats_server):
    fixture = Fixture(database_url("bus"), nats_server.url)
    yield fixture
    fixture.close()


def test_committed_events_are_published_once_and_rolled_back_ones_never(kit):
    kit.bus()
    first = kit.emit("a1")
    with pytest.raises(RuntimeError), kit.db.transaction() as session:
        kit.outbox.emit(session, "pseudonym_changed", tenant="nordvik", actor="a2",
                        payload=events.PseudonymChanged(account_id="a2"))
        raise RuntimeError("the change failed, so its event must not exist")
    second = kit.emit("a3")
    wait_for(lambda: kit.unsent() == 0, message="relay marks both events sent")
    messages = stream_messages(kit.nats_url, stream_name(kit.service))
    assert [event.id for _, event, _ in messages] == [first, second]
    subject, event, headers = messages[0]
    assert subject == f"{kit.service}.nordvik.pseudonym_changed"
    assert headers.get("Nats-Msg-Id") == first
    assert event.type == f"{kit.service}.pseudonym_changed" and event.tenant == "nordvik" and event.actor == "a1"
    assert unpack(event, events.PseudonymChanged).account_id == "a1"


def test_republish_after_a_crash_before_marking_sent_is_deduplicated(kit):
    bus = kit.bus()
    ids = [kit.emit(f"a{i}") for i in range(5)]
    wait_for(lambda: kit.unsent() == 0)
    bus.stop()
    # As if the relay had died after the PubAck but before its "sent" commit.
    with kit.db.transaction() as session:
        session.execute(update(kit.tables.outbox).values(sent_at=None))
    kit.bus()
    wait_for(lambda: kit.unsent() == 0, message="the new relay re-publishes")
    assert [event.id for _, event, _ in stream_messages(kit.nats_url, stream_name(kit.service))] == ids


def test_events_written_while_nats_is_down_are_published_once_it_returns(database_url, tmp_path):
    server = EmbeddedNats(tmp_path / "nats").start()
    kit = Fixture(database_url("bus_down"), server.url)
    try:
        kit.bus()
        before = kit.emit("before")
        wait_for(lambda: kit.unsent() == 0)
        server.kill()
        during = [kit.emit(f"during{i}") for i in range(20)]  # the writes themselves succeed
        assert kit.unsent() == 20
        server.start()
        wait_for(lambda: kit.unsent() == 0, timeout=30, message="relay drains the outbox after NATS returns")
        published = [event.id for _, event, _ in stream_messages(kit.nats_url, stream_name(kit.service))]
        assert published == [before, *during]
    finally:
        kit.close()
        server.stop()


def _notes(kit: Fixture) -> int:
    with kit.db.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(kit.notes).where(kit.notes.c.account != "change")).scalar_one()


def _record_note(kit: Fixture, fail_times: int = 0, permanent: bool = False):
    calls = {"n": 0}

    def handle(session, event):
        calls["n"] += 1
        if permanent:
            raise PermanentFailure("can never succeed")
        if calls["n"] <= fail_times:
            raise RuntimeError("a passing fault")
        payload = unpack(event, events.PseudonymChanged)
        session.execute(insert(kit.notes).values(id=str(uuid.uuid4()), account=payload.account_id))

    return handle, calls


def _publish_raw(nats_url: str, subject: str, event: envelope_pb2.Event, msg_id: str) -> None:
    async def publish():
        nc = await nats.connect(nats_url)
        try:
            await nc.jetstream().publish(subject, event.SerializeToString(), headers={"Nats-Msg-Id": msg_id})
        finally:
            await nc.close()

    run_async(publish())


def test_consumer_applies_a_redelivered_event_once(kit):
    handle, calls = _record_note(kit)
    consumer = Consumer(f"{kit.service}-notes", stream_name(kit.service), f"{kit.service}.*.pseudonym_changed", handle)
    kit.bus(consumers=[consumer])
    event_id = kit.emit("a1")
    wait_for(lambda: _notes(kit) == 1)
    # The same event again under another message id, so JetStream does deliver it.
    _subject, event, _ = stream_messages(kit.nats_url, stream_name(kit.service))[0]
    assert event.id == event_id
    _publish_raw(kit.nats_url, f"{kit.service}.nordvik.pseudonym_changed", event, msg_id=str(uuid.uuid4()))
    marker = kit.emit("a2")  # delivered after the duplicate: once it is applied, the duplicate was seen
    wait_for(lambda: _notes(kit) == 2)
    assert calls["n"] == 2, "the handler must not run for the duplicate"
    assert marker


def test_a_failing_handler_is_retried_and_applied_once(kit):
    handle, calls = _record_note(kit, fail_times=2)
    consumer = Consumer(f"{kit.service}-flaky", stream_name(kit.service), f"{kit.service}.>", handle, backoff=(0.05,))
    kit.bus(consumers=[consumer])
    kit.emit("a1")
    wait_for(lambda: _notes(kit) == 1, message="applied after two failures")
    assert calls["n"] == 3


def test_a_side_effect_committed_before_a_lost_ack_is_not_repeated(kit):
    handle, calls = _record_note(kit)
    consumer = Consumer(f"{kit.service}-crash", stream_name(kit.service), f"{kit.service}.>", handle)
    publisher = kit.bus()
    event_id = kit.emit("a1")
    wait_for(lambda: kit.unsent() == 0)
    _subject, event, _ = stream_messages(kit.nats_url, stream_name(kit.service))[0]
    # The consumer applied the event and committed, then died before acknowledging.
    assert publisher._apply(consumer, event) == "processed"  # noqa: SLF001
    assert _notes(kit) == 1
    kit.bus(consumers=[consumer], relay=False)  # the original delivery comes again
    kit.emit("a2")
    wait_for(lambda: _notes(kit) == 2, message="the next event is applied")
    assert calls["n"] == 2, "the redelivered event must not run the handler again"
    assert event_id


def test_a_permanently_failing_event_is_terminated_not_retried_forever(kit):
    handle, calls = _record_note(kit, permanent=True)
    consumer = Consumer(f"{kit.service}-perm", stream_name(kit.service), f"{kit.service}.>", handle, backoff=(0.05,))
    kit.bus(consumers=[consumer])
    kit.emit("a1")
    wait_for(lambda: calls["n"] >= 1)
    rejected = metrics.CONSUMER_HANDLED.labels(consumer.durable, "rejected")
    wait_for(lambda: rejected._value.get() == 1, message="terminated as rejected")  # noqa: SLF001
    kit.emit("a2")  # the consumer moves on to the next event and never retries the first
    wait_for(lambda: calls["n"] == 2)
    assert rejected._value.get() == 2  # noqa: SLF001
    assert metrics.CONSUMER_REDELIVERIES.labels(consumer.durable)._value.get() == 0  # noqa: SLF001


def test_a_listener_hears_every_event_replays_recent_ones_and_survives_a_nats_restart(database_url, tmp_path):
    """Listeners (e.g. ended sign-ins) are per process: a late starter replays the window, and
    a restarted nats-server, which forgets ordered consumers, does not leave one deaf."""
    from services.kit.bus import Listener

    server = EmbeddedNats(tmp_path / "nats").start()
    kit = Fixture(database_url("bus_listen"), server.url)
    heard: dict[str, list[str]] = {"early": [], "late": []}

    def listener(name: str) -> Listener:
        return Listener(name, stream_name(kit.service), f"{kit.service}.*.pseudonym_changed",
                        lambda event: heard[name].append(event.id), replay_seconds=600)

    try:
        kit.bus(listeners=[listener("early")])
        first = kit.emit("a1")
        wait_for(lambda: heard["early"] == [first], message="the listener hears the event")
        kit.bus(relay=False, listeners=[listener("late")])  # another process, started later
        wait_for(lambda: heard["late"] == [first], message="a late listener replays the window")

        server.kill()
        server.start()
        after = kit.emit("a2")
        wait_for(lambda: after in heard["early"] and after in heard["late"], timeout=30,
                 message="both listeners hear events after nats-server restarted")
    finally:
        kit.close()
        server.stop()
