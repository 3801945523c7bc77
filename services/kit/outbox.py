"""The transactional outbox: a state change and its event commit together.

A service calls ``Outbox.emit(session, ...)`` inside the transaction that makes the
change. The event row becomes visible exactly when the change does; the relay in
``services.kit.bus`` publishes it to JetStream afterwards and marks it sent only once
JetStream has acknowledged it. Nothing is lost when NATS is down: the row waits.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from google.protobuf import any_pb2, timestamp_pb2
from google.protobuf.message import Message
from sqlalchemy import event as sa_event
from sqlalchemy import insert
from sqlalchemy.orm import Session, sessionmaker

from reconnect.events.v1 import envelope_pb2
from services.kit import logs, metrics
from services.kit.db import KitTables

_PENDING_KEY = "reconnect_outbox_pending"


def subject_for(event_type: str, tenant: str) -> str:
    """``identity.pseudonym_changed`` in ``nordvik`` -> ``identity.nordvik.pseudonym_changed``."""
    service, _, name = event_type.partition(".")
    return f"{service}.{tenant}.{name}"


class Outbox:
    def __init__(self, service: str, tables: KitTables, sessions: sessionmaker):
        self.service = service
        self.tables = tables
        self._on_commit: Callable[[], None] = lambda: None

        @sa_event.listens_for(sessions, "after_commit")
        def _wake_relay(session: Session) -> None:
            if session.info.pop(_PENDING_KEY, False):
                self._on_commit()

        @sa_event.listens_for(sessions, "after_rollback")
        def _forget(session: Session) -> None:
            session.info.pop(_PENDING_KEY, None)

    def on_commit(self, callback: Callable[[], None]) -> None:
        """The relay registers here to be woken as soon as an event is committed."""
        self._on_commit = callback

    def emit(self, session: Session, name: str, *, tenant: str, actor: str, payload: Message) -> str:
        """Write the event ``<service>.<name>`` into the caller's transaction."""
        event_type = f"{self.service}.{name}"
        event_id = str(uuid.uuid4())
        now = datetime.now(UTC)
        occurred_at = timestamp_pb2.Timestamp()
        occurred_at.FromDatetime(now)
        packed = any_pb2.Any()
        packed.Pack(payload)
        envelope = envelope_pb2.Event(
            id=event_id,
            type=event_type,
            tenant=tenant,
            occurred_at=occurred_at,
            actor=actor,
            request_id=logs.current_request_id(),
            payload=packed,
        )
        session.execute(
            insert(self.tables.outbox).values(
                id=event_id,
                subject=subject_for(event_type, tenant),
                data=envelope.SerializeToString(),
                created_at=now,
                sent_at=None,
            )
        )
        session.info[_PENDING_KEY] = True
        metrics.DOMAIN_EVENTS.labels(self.service, name, tenant).inc()
        return event_id


def unpack(event: envelope_pb2.Event, message_class: type[Message]) -> Message:
    payload = message_class()
    if not event.payload.Unpack(payload):
        raise ValueError(f"event payload is not {message_class.DESCRIPTOR.full_name}")
    return payload
