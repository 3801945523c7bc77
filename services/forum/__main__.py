"""Run the forum service: ``python -m services.forum [serve|migrate]``."""

from __future__ import annotations

import sys
from pathlib import Path

from reconnect.forum.v1 import forum_pb2_grpc
from services.forum.api import PUBLIC_METHODS, SERVICE_NAME, ForumApi
from services.forum.domain import Forum, PostingPace, erase_member
from services.forum.settings import ForumSettings
from services.forum.store import KIT
from services.kit.directory import Directory
from services.kit.erasure import erasure_consumer
from services.kit.server import ServiceDefinition, ServiceRunner, identity_key_set
from services.kit.service import Wiring, command_line

NAME = "forum"
MIGRATIONS = Path(__file__).parent / "migrations"


def build_service(settings: ForumSettings) -> tuple[Wiring, Forum]:
    wiring = Wiring(NAME, settings, KIT)
    pace = PostingPace(per_minute=settings.posts_per_minute, per_hour=settings.posts_per_hour)
    return wiring, Forum(wiring.db, wiring.cipher, wiring.outbox, Directory(settings.identity_address), pace)


def runner_for(wiring: Wiring, forum: Forum) -> ServiceRunner:
    definition = ServiceDefinition(
        name=NAME,
        register=lambda server: forum_pb2_grpc.add_ForumServiceServicer_to_server(ForumApi(forum), server),
        service_names=[SERVICE_NAME],
        public_methods=PUBLIC_METHODS,
    )
    return wiring.runner(definition, identity_key_set(wiring.settings),
                         consumers=[erasure_consumer(wiring.outbox, erase_member, wiring.db)])


def build(settings: ForumSettings) -> ServiceRunner:
    return runner_for(*build_service(settings))


def main() -> int:
    return command_line(NAME, MIGRATIONS, build, settings_class=ForumSettings)


if __name__ == "__main__":
    sys.exit(main())
