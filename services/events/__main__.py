"""Run the events service: ``python -m services.events [serve|migrate]``.

Besides the gRPC server and the outbox relay, the process runs the reminder worker
(the kit's PeriodicWorker): started with the runner, stopped before the database closes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from reconnect.cafes.v1 import cafes_pb2_grpc
from reconnect.events.v1 import lifecycle_pb2 as lifecycle
from services.events.api import PUBLIC_METHODS, SERVICE_NAME, CafeApi
from services.events.domain import Cafes, erase_member
from services.events.store import KIT
from services.kit.bus import Consumer, PermanentFailure
from services.kit.config import ServiceSettings
from services.kit.directory import Directory
from services.kit.erasure import erasure_consumer
from services.kit.outbox import unpack
from services.kit.server import ServiceDefinition, ServiceRunner, identity_key_set
from services.kit.service import Wiring, command_line
from services.kit.worker import PeriodicWorker

NAME = "events"
MIGRATIONS = Path(__file__).parent / "migrations"
REMINDER_INTERVAL_SECONDS = 15.0
REMINDER_WORKER = "events-reminders"


def reminder_round(cafes: Cafes):
    """Claim and send every reminder due now.

    Each claim writes ``reminder_due`` to the outbox and the sent marker in one
    transaction (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so replicas never claim the
    same row), so a reminder is delivered exactly once across restarts: a clock that
    jumps back finds it marked, one that jumps forward sends what is due, once.
    """

    def run() -> int:
        total = 0
        while handled := cafes.run_due_reminders(cafes.now()):
            total += handled
        return total

    return run


def account_moved_consumer(cafes: Cafes) -> Consumer:
    """identity.*.account_moved: answers to the old municipality's upcoming meetings end."""

    def handle(session, event) -> None:
        try:
            moved = unpack(event, lifecycle.AccountMoved)
        except ValueError as exc:
            raise PermanentFailure(str(exc)) from exc
        if not moved.account_id or not moved.from_tenant or not moved.to_tenant:
            raise PermanentFailure("account_moved without account or tenants")
        cafes.move_member(session, moved.account_id, moved.from_tenant, moved.to_tenant)

    return Consumer("events-account-moved", "IDENTITY", "identity.*.account_moved", handle)


def build_service(settings: ServiceSettings, clock: Callable[[], datetime] | None = None) -> tuple[Wiring, Cafes]:
    wiring = Wiring(NAME, settings, KIT)
    return wiring, Cafes(wiring.db, wiring.cipher, wiring.outbox, Directory(settings.identity_address), clock)


def runner_for(wiring: Wiring, cafes: Cafes, reminder_interval: float = REMINDER_INTERVAL_SECONDS) -> ServiceRunner:
    definition = ServiceDefinition(
        name=NAME,
        register=lambda server: cafes_pb2_grpc.add_CafeServiceServicer_to_server(CafeApi(cafes), server),
        service_names=[SERVICE_NAME],
        public_methods=PUBLIC_METHODS,
    )
    reminders = PeriodicWorker(REMINDER_WORKER, reminder_round(cafes), interval_seconds=reminder_interval)
    return wiring.runner(definition, identity_key_set(wiring.settings),
                         consumers=[erasure_consumer(wiring.outbox, erase_member, wiring.db), account_moved_consumer(cafes)],
                         workers=[reminders])


def build(settings: ServiceSettings) -> ServiceRunner:
    return runner_for(*build_service(settings, lambda: datetime.now(UTC)))


def main() -> int:
    return command_line(NAME, MIGRATIONS, build)


if __name__ == "__main__":
    sys.exit(main())
