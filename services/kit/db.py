"""Database engine, sessions and Alembic migrations, the same for every service.

SQLite (local, tests) runs with WAL and foreign keys on; PostgreSQL by URL in
production. Migrations run under a lock so two migrators never race: an advisory
lock on PostgreSQL, a file lock next to the SQLite file.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    create_engine,
    event,
    text,
)
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_connection, _record):
            # Let the "begin" listener below issue BEGIN itself (pysqlite's own
            # deferred BEGIN lets two writers deadlock on lock upgrade).
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA busy_timeout=30000")
            # Deleted content is overwritten, not left in free pages: erasure must mean gone.
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin_immediate(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


class Database:
    """An engine and its session factory; ``transaction()`` is the unit of work."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        with self.sessions.begin() as session:
            yield session

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()

    def purge_deleted(self) -> None:
        """After an erasure: make sure deleted content is gone from disk as well. On SQLite,
        move the write-ahead log into the (securely deleted) main file and empty it;
        PostgreSQL's dead rows are not readable through the database and go at VACUUM."""
        if self.engine.dialect.name != "sqlite":
            return
        import time

        # A reader holding an old snapshot makes the checkpoint report "busy"; try again
        # for a while, then leave it to the next purge.
        for _ in range(100):
            # Outside any transaction: a checkpoint cannot run inside one.
            raw = self.engine.raw_connection()
            try:
                cursor = raw.cursor()
                busy = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                cursor.close()
            finally:
                raw.close()
            if not busy:
                return
            time.sleep(0.05)
        log.warning("wal_checkpoint_busy")


@dataclass(frozen=True)
class KitTables:
    """The tables the kit keeps inside every service's own database."""

    outbox: Table
    processed_events: Table
    data_keys: Table


def add_kit_tables(metadata: MetaData) -> KitTables:
    outbox = Table(
        "outbox",
        metadata,
        Column("id", String(36), primary_key=True),
        Column("subject", String(200), nullable=False),
        Column("data", LargeBinary, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, index=True),
        Column("sent_at", DateTime(timezone=True), nullable=True, index=True),
    )
    processed = Table(
        "processed_events",
        metadata,
        Column("consumer", String(100), primary_key=True),
        Column("event_id", String(36), primary_key=True),
        Column("processed_at", DateTime(timezone=True), nullable=False),
    )
    data_keys = Table(
        "data_keys",
        metadata,
        Column("id", String(32), primary_key=True),
        Column("tenant", String(64), nullable=False, index=True),
        Column("wrapped_key", LargeBinary, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("retired_at", DateTime(timezone=True), nullable=True),
        UniqueConstraint("id", "tenant", name="uq_data_keys_id_tenant"),
    )
    return KitTables(outbox=outbox, processed_events=processed, data_keys=data_keys)


# --- migrations -------------------------------------------------------------------


def alembic_config(url: str, migrations_dir: Path) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


@contextlib.contextmanager
def _migration_lock(engine: Engine, url: str) -> Iterator[None]:
    if is_postgres(engine):
        key = int.from_bytes(hashlib.sha256(b"reconnect-migrate").digest()[:8], "big", signed=True)
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                conn.commit()
        return
    path = url.split("///", 1)[-1]
    lock_path = Path(path + ".migrate.lock") if path and path != ":memory:" else None
    if lock_path is None:
        yield
        return
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def migrate(url: str, migrations_dir: Path) -> None:
    """Bring the database to the newest revision; safe when two run at once."""
    engine = make_engine(url)
    try:
        with _migration_lock(engine, url):
            command.upgrade(alembic_config(url, migrations_dir), "head")
    finally:
        engine.dispose()
    log.info("migrated", extra={"migrations": migrations_dir.parent.name})


# Tables a service makes with raw SQL (full-text indexes and their shadow tables).
RAW_SQL_TABLE_PREFIX = "search_"


def include_name(name, type_, _parent_names) -> bool:
    """Autogenerate and the migration check ignore tables made by raw SQL."""
    return not (type_ == "table" and name and name.startswith(RAW_SQL_TABLE_PREFIX))


def run_alembic_env(target_metadata: MetaData) -> None:
    """The body of every service's ``migrations/env.py``."""
    from alembic import context

    url = context.config.get_main_option("sqlalchemy.url")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url)
    with engine.connect() as connection:
        if is_postgres(engine):
            # A migration must not queue behind long transactions and block traffic.
            connection.execute(text("SET lock_timeout = '10s'"))
            connection.execute(text("SET statement_timeout = '120s'"))
            connection.commit()
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=engine.dialect.name == "sqlite",
            compare_type=True,
            include_name=include_name,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def sqlite_path(url: str) -> str | None:
    if not url.startswith("sqlite"):
        return None
    path = url.split("///", 1)[-1]
    return os.path.abspath(path) if path and path != ":memory:" else None


def as_utc(moment):
    """SQLite hands datetimes back without a zone; everything is written in UTC."""
    from datetime import UTC

    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
