"""What a service's ``__main__`` calls: the shared wiring and the command line.

    python -m services.<name> migrate   # bring the database to the newest revision
    python -m services.<name> serve     # (default) run until SIGTERM/SIGINT
    python -m services.<name> <extra>   # commands the service adds
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from services.kit import auth, config, ended_sessions, logs
from services.kit.bus import Bus, Consumer, Listener
from services.kit.config import ConfigError, ServiceSettings
from services.kit.crypto import FieldCipher
from services.kit.db import Database, KitTables, migrate
from services.kit.ended_sessions import EndedSessions
from services.kit.outbox import Outbox
from services.kit.server import ServiceDefinition, ServiceRunner
from services.kit.worker import PeriodicWorker


class Wiring:
    """The database, field cipher and outbox of one service process."""

    def __init__(self, name: str, settings: ServiceSettings, tables: KitTables):
        self.name = name
        self.settings = settings
        self.tables = tables
        self.db = Database(settings.database_url)
        self.cipher = FieldCipher(settings.master_key_bytes(), tables)
        self.outbox = Outbox(name, tables, self.db.sessions)

    def runner(
        self,
        definition: ServiceDefinition,
        keys: auth.KeySet | None,
        consumers: list[Consumer] | None = None,
        workers: list[PeriodicWorker] | None = None,
    ) -> ServiceRunner:
        ended = EndedSessions()
        listeners = [Listener("ended-sessions", ended_sessions.STREAM, ended_sessions.SUBJECT, ended.apply,
                              replay_seconds=ended_sessions.REMEMBER_SECONDS)]
        bus = Bus(self.name, self.settings.nats_url, self.db, self.tables, self.outbox, consumers, listeners)
        return ServiceRunner(definition, self.settings, self.db, bus, keys, workers=workers, ended_sessions=ended)


Command = Callable[[ServiceSettings, list[str]], int]


def command_line(
    name: str,
    migrations_dir: Path,
    build: Callable[[ServiceSettings], ServiceRunner],
    settings_class: type[ServiceSettings] = ServiceSettings,
    commands: dict[str, Command] | None = None,
    argv: list[str] | None = None,
) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv.pop(0) if argv else "serve"
    try:
        settings = config.load(settings_class)
    except ConfigError as exc:
        print(f"{name}: configuration error: {exc}", file=sys.stderr)
        return 2
    logs.configure(name, settings.log_level)
    if command == "migrate":
        migrate(settings.database_url, migrations_dir)
        return 0
    if command == "serve":
        try:
            runner = build(settings)
        except ConfigError as exc:
            print(f"{name}: configuration error: {exc}", file=sys.stderr)
            return 2
        runner.start()
        runner.serve_until_signalled()
        return 0
    extra = (commands or {}).get(command)
    if extra is None:
        known = ", ".join(["serve", "migrate", *(commands or {})])
        print(f"{name}: unknown command {command!r}; known: {known}", file=sys.stderr)
        return 2
    return extra(settings, argv)
