"""NATS JetStream for a service: its stream, the outbox relay, and durable consumers.

gRPC handlers and SQLAlchemy are synchronous; nats-py is asyncio. The bus runs one
event loop on its own thread, and does database work from there in worker threads.

Delivery guarantees, end to end:
- Relay: publishes each outbox row with ``Nats-Msg-Id`` = event id and marks it sent
  only after the PubAck; a re-publish (after a crash between the two) falls inside the
  stream's duplicate window and is dropped by JetStream.
- Consumers: durable pull consumers; the handler runs in one transaction with an
  insert of the event id into ``processed_events`` (ON CONFLICT DO NOTHING), and the
  message is acknowledged only after that commit. A redelivery finds the id and
  changes nothing. A handler that keeps failing is retried with backoff, then
  terminated after ``max_deliver`` attempts and counted.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import nats
from google.protobuf.message import DecodeError
from nats.js import api as js_api
from nats.js.errors import NotFoundError
from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from reconnect.events.v1 import envelope_pb2
from services.kit import logs, metrics
from services.kit.db import Database, KitTables, is_postgres
from services.kit.outbox import Outbox

log = logging.getLogger(__name__)

# Longer than any plausible gap between a publish and its "sent" mark, so a
# re-publish after a crash is always recognised as a duplicate.
DUPLICATE_WINDOW_SECONDS = 15 * 60
RELAY_BATCH = 200
RELAY_POLL_SECONDS = 1.0
PUBLISH_TIMEOUT_SECONDS = 3.0
# How often a listener checks that its ordered consumer still exists on the server.
LISTENER_CHECK_SECONDS = 2.0
SENT_RETENTION = timedelta(days=7)


class PermanentFailure(Exception):
    """A handler raises this for an event that can never succeed: it is terminated, not retried."""


@dataclass(frozen=True)
class Consumer:
    """A durable consumer named ``<service>-<purpose>`` on another (or its own) stream."""

    durable: str
    stream: str
    subject: str
    handle: Callable[[Session, envelope_pb2.Event], None]
    max_deliver: int = 8
    # Delay before each redelivery after a failure (seconds); the last repeats.
    backoff: tuple[float, ...] = (0.5, 2, 10, 30, 60)
    ack_wait_seconds: float = 30
    # Called after the handler's transaction committed (not for duplicates), e.g. to purge.
    after_commit: Callable[[], None] | None = None


@dataclass(frozen=True)
class Listener:
    """Every process hears every event on ``subject`` (not one of a group, unlike a Consumer),
    from ``replay_seconds`` back when it starts; nothing is stored or acknowledged. For
    in-memory state each replica must hold, e.g. which sign-ins have ended."""

    name: str
    stream: str
    subject: str
    handle: Callable[[envelope_pb2.Event], None]
    replay_seconds: float = 0


def stream_name(service: str) -> str:
    return service.upper()


class Bus:
    def __init__(
        self,
        service: str,
        nats_url: str,
        db: Database,
        tables: KitTables,
        outbox: Outbox | None = None,
        consumers: list[Consumer] | None = None,
        listeners: list[Listener] | None = None,
    ):
        self.service = service
        self.nats_url = nats_url
        self.db = db
        self.tables = tables
        self.outbox = outbox
        self.consumers = list(consumers or [])
        self.listeners = list(listeners or [])
        self.connected = threading.Event()
        self.ready = threading.Event()  # connected and the stream exists
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run_loop, name=f"{service}-bus", daemon=True)
        self._stopping: asyncio.Event | None = None
        self._wake: asyncio.Event | None = None
        self._tasks: list[asyncio.Task] = []
        self._nc = None
        self._js = None
        self._relay_enabled = outbox is not None
        if outbox is not None:
            outbox.on_commit(self.wake_relay)

    # -- lifecycle ---------------------------------------------------------------

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._main(), self._loop)

    def stop(self, timeout: float = 10) -> None:
        if not self._thread.is_alive():
            return
        future = asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop)
        with contextlib.suppress(Exception):
            future.result(timeout)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)

    def _run_loop(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()

    def wake_relay(self) -> None:
        if self._wake is not None and not self._loop.is_closed():
            with contextlib.suppress(RuntimeError):
                self._loop.call_soon_threadsafe(self._wake.set)

    def pause_relay(self) -> None:
        """Stop publishing (tests use this to show that events wait in the outbox)."""
        self._relay_enabled = False

    def resume_relay(self) -> None:
        self._relay_enabled = self.outbox is not None
        self.wake_relay()

    async def _main(self) -> None:
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()
        await self._connect()
        if self._nc is None:
            return
        await self._ensure_stream()
        self.ready.set()
        if self.outbox is not None:
            self._tasks.append(asyncio.create_task(self._relay()))
        for consumer in self.consumers:
            self._tasks.append(asyncio.create_task(self._consume(consumer)))
        for listener in self.listeners:
            self._tasks.append(asyncio.create_task(self._listen(listener)))

    async def _connect(self) -> None:
        async def disconnected():
            self.connected.clear()
            metrics.NATS_CONNECTED.labels(self.service).set(0)
            log.warning("nats_disconnected")

        async def reconnected():
            self.connected.set()
            metrics.NATS_CONNECTED.labels(self.service).set(1)
            log.info("nats_reconnected")
            self.wake_relay()

        async def error(exc):
            log.debug("nats_error", extra={"error": type(exc).__name__})

        delay = 0.2
        while not self._stopping.is_set():
            try:
                self._nc = await nats.connect(
                    self.nats_url,
                    name=f"reconnect-{self.service}",
                    max_reconnect_attempts=-1,
                    reconnect_time_wait=0.5,
                    connect_timeout=2,
                    disconnected_cb=disconnected,
                    reconnected_cb=reconnected,
                    error_cb=error,
                )
                break
            except Exception as exc:  # the server is not up yet: keep trying
                log.warning("nats_connect_failed", extra={"error": type(exc).__name__})
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), delay)
                delay = min(delay * 2, 5)
        if self._nc is None:
            return
        self._js = self._nc.jetstream(timeout=PUBLISH_TIMEOUT_SECONDS)
        self.connected.set()
        metrics.NATS_CONNECTED.labels(self.service).set(1)

    async def _ensure_stream(self) -> None:
        config = js_api.StreamConfig(
            name=stream_name(self.service),
            subjects=[f"{self.service}.>"],
            storage=js_api.StorageType.FILE,
            retention=js_api.RetentionPolicy.LIMITS,
            max_age=30 * 24 * 3600,
            duplicate_window=DUPLICATE_WINDOW_SECONDS,
        )
        while not self._stopping.is_set():
            try:
                try:
                    await self._js.stream_info(config.name)
                    await self._js.update_stream(config)
                except NotFoundError:
                    await self._js.add_stream(config)
                return
            except Exception as exc:
                log.warning("stream_setup_failed", extra={"error": type(exc).__name__})
                await asyncio.sleep(0.5)

    async def _shutdown(self) -> None:
        if self._stopping is not None:
            self._stopping.set()
        if self._wake is not None:
            self._wake.set()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(BaseException):
                await task
        if self._nc is not None and not self._nc.is_closed:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._nc.drain(), 5)
            with contextlib.suppress(Exception):
                await self._nc.close()
        metrics.NATS_CONNECTED.labels(self.service).set(0)

    # -- relay -------------------------------------------------------------------

    async def _relay(self) -> None:
        failures = 0
        last_purge = datetime.min.replace(tzinfo=UTC)
        while not self._stopping.is_set():
            self._wake.clear()
            published = 0
            if self._relay_enabled and self._nc is not None and self._nc.is_connected:
                try:
                    published = await self._relay_batch()
                    failures = 0
                except Exception as exc:
                    failures += 1
                    metrics.OUTBOX_PUBLISH_FAILURES.labels(self.service).inc()
                    log.warning("outbox_publish_failed", extra={"error": type(exc).__name__})
            with contextlib.suppress(Exception):
                backlog = await asyncio.to_thread(self._count_unsent)
                metrics.OUTBOX_BACKLOG.labels(self.service).set(backlog)
            now = datetime.now(UTC)
            if now - last_purge > timedelta(hours=1):
                last_purge = now
                with contextlib.suppress(Exception):
                    await asyncio.to_thread(self._purge_sent, now - SENT_RETENTION)
            if published >= RELAY_BATCH:
                continue
            wait = RELAY_POLL_SECONDS if failures == 0 else min(0.25 * 2**failures, 5)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait)

    async def _relay_batch(self) -> int:
        outbox = self.tables.outbox
        query = (
            select(outbox.c.id, outbox.c.subject, outbox.c.data)
            .where(outbox.c.sent_at.is_(None))
            .order_by(outbox.c.created_at, outbox.c.id)
            .limit(RELAY_BATCH)
        )
        if is_postgres(self.db.engine):
            # Several relays may run; each claims rows no other holds. The row locks
            # do not block the service's own inserts.
            session = self.db.sessions()
            try:
                rows = await asyncio.to_thread(
                    lambda: session.execute(query.with_for_update(skip_locked=True)).all()
                )
                sent = await self._publish(rows)
                await asyncio.to_thread(self._mark_sent, session, sent)
                await asyncio.to_thread(session.commit)
            finally:
                await asyncio.to_thread(session.close)
            return len(sent)
        # SQLite has one writer at a time: read, publish, then mark in short transactions
        # so a slow broker never holds the database's write lock.
        rows = await asyncio.to_thread(self._read_unsent, query)
        sent = await self._publish(rows)
        if sent:
            await asyncio.to_thread(self._mark_sent_own_transaction, sent)
        return len(sent)

    def _read_unsent(self, query):
        with self.db.transaction() as session:
            return session.execute(query).all()

    async def _publish(self, rows) -> list[str]:
        sent: list[str] = []
        for row in rows:
            if not self._relay_enabled:
                break
            try:
                ack = await self._js.publish(
                    row.subject, row.data, timeout=PUBLISH_TIMEOUT_SECONDS, headers={"Nats-Msg-Id": row.id}
                )
            except Exception:
                if sent:
                    return sent  # keep what succeeded; the rest is retried
                raise
            metrics.OUTBOX_PUBLISHED.labels(self.service, "true" if ack.duplicate else "false").inc()
            sent.append(row.id)
        return sent

    def _mark_sent(self, session: Session, ids: list[str]) -> None:
        if ids:
            outbox = self.tables.outbox
            session.execute(update(outbox).where(outbox.c.id.in_(ids)).values(sent_at=datetime.now(UTC)))

    def _mark_sent_own_transaction(self, ids: list[str]) -> None:
        with self.db.transaction() as session:
            self._mark_sent(session, ids)

    def _count_unsent(self) -> int:
        outbox = self.tables.outbox
        with self.db.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(outbox).where(outbox.c.sent_at.is_(None))).scalar_one()

    def _purge_sent(self, before: datetime) -> None:
        outbox = self.tables.outbox
        with self.db.transaction() as session:
            session.execute(delete(outbox).where(outbox.c.sent_at.is_not(None), outbox.c.sent_at < before))

    # -- consumers -----------------------------------------------------------------

    async def _consume(self, consumer: Consumer) -> None:
        config = js_api.ConsumerConfig(
            durable_name=consumer.durable,
            ack_policy=js_api.AckPolicy.EXPLICIT,
            max_deliver=consumer.max_deliver,
            ack_wait=consumer.ack_wait_seconds,
            filter_subject=consumer.subject,
        )
        subscription = None
        while not self._stopping.is_set() and subscription is None:
            try:
                subscription = await self._js.pull_subscribe(
                    consumer.subject, durable=consumer.durable, stream=consumer.stream, config=config
                )
            except Exception as exc:  # the producer's stream may not exist yet
                log.info("consumer_waiting_for_stream", extra={"consumer": consumer.durable, "error": type(exc).__name__})
                await asyncio.sleep(1)
        last_lag_check = 0.0
        while not self._stopping.is_set():
            try:
                messages = await subscription.fetch(batch=20, timeout=1)
            except (TimeoutError, nats.errors.TimeoutError):
                messages = []
            except Exception as exc:
                log.warning("consumer_fetch_failed", extra={"consumer": consumer.durable, "error": type(exc).__name__})
                await asyncio.sleep(0.5)
                continue
            for message in messages:
                await self._deliver(consumer, message)
            now = self._loop.time()
            if now - last_lag_check > 5:
                last_lag_check = now
                with contextlib.suppress(Exception):
                    info = await subscription.consumer_info()
                    metrics.CONSUMER_PENDING.labels(consumer.durable).set(info.num_pending or 0)

    async def _listen(self, listener: Listener) -> None:
        async def on_message(message) -> None:
            try:
                listener.handle(envelope_pb2.Event.FromString(message.data))
            except Exception as exc:  # one bad event must not stop the listener
                log.warning("listener_failed", extra={"listener": listener.name, "error": type(exc).__name__})

        while not self._stopping.is_set():
            # Each (re)subscription replays the whole window: handlers are idempotent, and an
            # ordered consumer lives in the server's memory, so a restarted nats-server has
            # forgotten it; it is checked every few seconds and made anew when gone.
            since = datetime.now(UTC) - timedelta(seconds=listener.replay_seconds)
            config = js_api.ConsumerConfig(deliver_policy=js_api.DeliverPolicy.BY_START_TIME,
                                           opt_start_time=since.isoformat().replace("+00:00", "Z"))
            try:
                subscription = await self._js.subscribe(listener.subject, stream=listener.stream, cb=on_message,
                                                        ordered_consumer=True, config=config)
            except Exception as exc:  # the producer's stream may not exist yet, or NATS is away
                log.info("listener_waiting_for_stream", extra={"listener": listener.name,
                                                               "error": type(exc).__name__})
                await asyncio.sleep(1)
                continue
            while not self._stopping.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), LISTENER_CHECK_SECONDS)
                if self._stopping.is_set():
                    break
                try:
                    await subscription.consumer_info()
                except Exception as exc:
                    log.info("listener_resubscribing", extra={"listener": listener.name, "error": type(exc).__name__})
                    break
            with contextlib.suppress(Exception):
                await subscription.unsubscribe()

    async def _deliver(self, consumer: Consumer, message) -> None:
        attempt = message.metadata.num_delivered or 1
        if attempt > 1:
            metrics.CONSUMER_REDELIVERIES.labels(consumer.durable).inc()
        try:
            event = envelope_pb2.Event.FromString(message.data)
        except DecodeError:
            metrics.CONSUMER_HANDLED.labels(consumer.durable, "malformed").inc()
            await message.term()
            return
        try:
            outcome = await asyncio.to_thread(self._apply, consumer, event)
        except PermanentFailure:
            metrics.CONSUMER_HANDLED.labels(consumer.durable, "rejected").inc()
            log.error("event_rejected", extra={"consumer": consumer.durable, "event_id": event.id})
            await message.term()
            return
        except Exception as exc:
            if attempt >= consumer.max_deliver:
                metrics.CONSUMER_HANDLED.labels(consumer.durable, "gave_up").inc()
                log.error("event_gave_up", extra={"consumer": consumer.durable, "event_id": event.id})
                await message.term()
            else:
                metrics.CONSUMER_HANDLED.labels(consumer.durable, "retry").inc()
                log.warning(
                    "event_handler_failed",
                    extra={"consumer": consumer.durable, "event_id": event.id, "error": type(exc).__name__},
                )
                delay = consumer.backoff[min(attempt - 1, len(consumer.backoff) - 1)]
                await message.nak(delay=delay)
            return
        metrics.CONSUMER_HANDLED.labels(consumer.durable, outcome).inc()
        await message.ack()

    def _apply(self, consumer: Consumer, event: envelope_pb2.Event) -> str:
        token = logs.request_id_var.set(event.request_id)
        try:
            processed = self.tables.processed_events
            dialect = postgresql if is_postgres(self.db.engine) else sqlite
            with self.db.transaction() as session:
                # RETURNING, not rowcount: drivers disagree on rowcount for ON CONFLICT DO NOTHING.
                inserted = session.execute(
                    dialect.insert(processed)
                    .values(consumer=consumer.durable, event_id=event.id, processed_at=datetime.now(UTC))
                    .on_conflict_do_nothing()
                    .returning(processed.c.event_id)
                ).first()
                if inserted is None:
                    return "duplicate"
                consumer.handle(session, event)
            if consumer.after_commit is not None:
                try:
                    consumer.after_commit()
                except Exception as exc:  # the event is applied; a failed follow-up must not re-run it
                    log.warning("after_commit_failed", extra={"consumer": consumer.durable, "error": type(exc).__name__})
            return "processed"
        finally:
            logs.request_id_var.reset(token)
