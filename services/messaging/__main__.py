"""Run the messaging service: ``python -m services.messaging [serve|migrate]``."""

from __future__ import annotations

import sys
from pathlib import Path

from prometheus_client import REGISTRY
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, select

from reconnect.messaging.v1 import messaging_pb2_grpc
from services.kit.config import ServiceSettings
from services.kit.directory import Directory
from services.kit.erasure import erasure_consumer
from services.kit.server import ServiceDefinition, ServiceRunner, identity_key_set
from services.kit.service import Wiring, command_line
from services.kit.worker import PeriodicWorker
from services.messaging.api import PUBLIC_METHODS, SERVICE_NAME, MessagingApi
from services.messaging.domain import Messaging
from services.messaging.events import (
    CONSUMERS,
    LoggingChannel,
    OutsideChannel,
    OutsideSender,
    account_moved_consumer,
    erase_account,
)
from services.messaging.store import KIT, Conversation, Participant

NAME = "messaging"
MIGRATIONS = Path(__file__).parent / "migrations"


class UnreadBacklog:
    """Unread messages per tenant, counted when Prometheus scrapes."""

    def __init__(self, wiring: Wiring):
        self.wiring = wiring

    def collect(self):
        family = GaugeMetricFamily("reconnect_messaging_unread_backlog", "Unread messages, by tenant.", labels=["tenant"])
        try:
            with self.wiring.db.engine.connect() as conn:
                rows = conn.execute(
                    select(Conversation.tenant, func.sum(Conversation.message_count - Participant.last_read_seq))
                    .join(Participant, Participant.conversation_id == Conversation.id)
                    .group_by(Conversation.tenant)
                ).all()
            for tenant, unread in rows:
                family.add_metric([tenant], float(unread or 0))
        except Exception:  # a scrape must never fail because the database is busy
            pass
        yield family


def build_service(settings: ServiceSettings) -> tuple[Wiring, Messaging]:
    wiring = Wiring(NAME, settings, KIT)
    return wiring, Messaging(wiring.db, wiring.cipher, wiring.outbox, Directory(settings.identity_address))


def runner_for(wiring: Wiring, messaging: Messaging, channel: OutsideChannel | None = None) -> ServiceRunner:
    definition = ServiceDefinition(
        name=NAME,
        register=lambda server: messaging_pb2_grpc.add_MessagingServiceServicer_to_server(MessagingApi(messaging), server),
        service_names=[SERVICE_NAME],
        public_methods=PUBLIC_METHODS,
    )
    sender = PeriodicWorker("outside-sender", OutsideSender(wiring.db, channel or LoggingChannel()), interval_seconds=1.0)
    consumers = [*CONSUMERS, erasure_consumer(wiring.outbox, erase_account, wiring.db),
                 account_moved_consumer(wiring.cipher)]
    return wiring.runner(definition, identity_key_set(wiring.settings), consumers=consumers, workers=[sender])


def build(settings: ServiceSettings) -> ServiceRunner:
    wiring, messaging = build_service(settings)
    REGISTRY.register(UnreadBacklog(wiring))
    return runner_for(wiring, messaging)


def main() -> int:
    return command_line(NAME, MIGRATIONS, build)


if __name__ == "__main__":
    sys.exit(main())
