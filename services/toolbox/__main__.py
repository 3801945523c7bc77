"""Run the toolbox service: ``python -m services.toolbox [serve|migrate]``."""

from __future__ import annotations

import sys
from pathlib import Path

from reconnect.toolbox.v1 import toolbox_pb2_grpc
from services.kit.config import ServiceSettings
from services.kit.directory import Directory
from services.kit.server import ServiceDefinition, ServiceRunner, identity_key_set
from services.kit.service import Wiring, command_line
from services.toolbox.api import PUBLIC_METHODS, SERVICE_NAME, ToolboxApi
from services.toolbox.crisis_message import CrisisPlanMessenger
from services.toolbox.domain import Toolbox
from services.toolbox.events import consumers
from services.toolbox.store import KIT

NAME = "toolbox"
MIGRATIONS = Path(__file__).parent / "migrations"


def build_service(settings: ServiceSettings) -> tuple[Wiring, Toolbox]:
    wiring = Wiring(NAME, settings, KIT)
    return wiring, Toolbox(wiring.db, wiring.cipher, wiring.outbox, Directory(settings.identity_address),
                            CrisisPlanMessenger(settings.messaging_address))


def runner_for(wiring: Wiring, toolbox: Toolbox) -> ServiceRunner:
    definition = ServiceDefinition(
        name=NAME,
        register=lambda server: toolbox_pb2_grpc.add_ToolboxServiceServicer_to_server(ToolboxApi(toolbox), server),
        service_names=[SERVICE_NAME],
        public_methods=PUBLIC_METHODS,
    )
    return wiring.runner(definition, identity_key_set(wiring.settings), consumers(toolbox))


def build(settings: ServiceSettings) -> ServiceRunner:
    return runner_for(*build_service(settings))


def main() -> int:
    return command_line(NAME, MIGRATIONS, build)


if __name__ == "__main__":
    sys.exit(main())
