"""Every service's models match its Alembic history, and two migrators can start at once."""

from __future__ import annotations

import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from services.events.__main__ import MIGRATIONS as EVENTS_MIGRATIONS
from services.events.store import Base as EventsBase
from services.forum.__main__ import MIGRATIONS as FORUM_MIGRATIONS
from services.forum.store import Base as ForumBase
from services.identity.__main__ import MIGRATIONS as IDENTITY_MIGRATIONS
from services.identity.store import Base as IdentityBase
from services.kit.db import include_name, make_engine, migrate
from services.messaging.__main__ import MIGRATIONS as MESSAGING_MIGRATIONS
from services.messaging.store import Base as MessagingBase
from services.toolbox.__main__ import MIGRATIONS as TOOLBOX_MIGRATIONS
from services.toolbox.store import Base as ToolboxBase

SERVICES = {
    "identity": (IDENTITY_MIGRATIONS, IdentityBase.metadata),
    "forum": (FORUM_MIGRATIONS, ForumBase.metadata),
    "messaging": (MESSAGING_MIGRATIONS, MessagingBase.metadata),
    "events": (EVENTS_MIGRATIONS, EventsBase.metadata),
    "toolbox": (TOOLBOX_MIGRATIONS, ToolboxBase.metadata),
}


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_models_match_migrations(database_url, service):
    migrations, metadata = SERVICES[service]
    url = database_url(f"mig_{service}")
    migrate(url, migrations)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name}), metadata)
    finally:
        engine.dispose()
    assert diff == [], f"{service}: models and migrations differ; add a migration: {diff}"


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_two_migrators_at_once_both_succeed(database_url, service):
    migrations, _ = SERVICES[service]
    url = database_url(f"race_{service}")
    errors: list[BaseException] = []

    def run():
        try:
            migrate(url, migrations)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
