"""Erasure on request: every service holding personal data consumes identity's
``account_erased``, erases its part in one transaction, and reports back with
``<service>.<tenant>.erasure_completed`` in that same transaction (so the report is
sent exactly when the erasure is done, and a redelivery does neither twice)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from reconnect.events.v1 import envelope_pb2
from reconnect.events.v1 import lifecycle_pb2 as lifecycle
from services.kit.bus import Consumer, PermanentFailure
from services.kit.db import Database
from services.kit.outbox import Outbox, unpack


def erasure_consumer(outbox: Outbox, erase: Callable[[Session, str], None], db: Database | None = None) -> Consumer:
    """A durable consumer ``<service>-erasure`` that calls ``erase(session, account_id)``
    and then, with ``db``, purges what the database keeps of deleted rows on disk."""

    def handle(session: Session, event: envelope_pb2.Event) -> None:
        try:
            account_id = unpack(event, lifecycle.AccountErased).account_id
        except ValueError as exc:
            raise PermanentFailure("not an account_erased payload") from exc
        if not account_id:
            raise PermanentFailure("account_erased without an account id")
        erase(session, account_id)
        outbox.emit(session, "erasure_completed", tenant=event.tenant, actor="",
                    payload=lifecycle.ErasureCompleted(account_id=account_id, service=outbox.service))

    return Consumer(f"{outbox.service}-erasure", "IDENTITY", "identity.*.account_erased", handle,
                    after_commit=db.purge_deleted if db is not None else None)
