"""Part 3: the personal-content canaries are nowhere in clear text at rest: not in any
SQLite file (with its -wal and -shm), not in a pg_dump of any service database, not in
the JetStream store."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.assurance.canaries import AT_REST, LOGS, search
from tests.assurance.observe import outbox_drained
from tests.conftest import wait_for

PART = "3 encryption at rest"
PG_DUMP = os.environ.get("RECONNECT_PG_DUMP", "/usr/bin/pg_dump")
SQLITE_SUFFIXES = (".db", ".db-wal", ".db-shm", ".db-journal", ".sqlite", ".sqlite-wal", ".sqlite-shm")


def _settled(world):
    wait_for(lambda: outbox_drained(world.stack), timeout=30, message="every event published")


def test_no_canary_in_sqlite_files_or_the_jetstream_store(world, planted, report):
    _settled(world)
    secrets = planted.for_place(AT_REST)
    assert secrets, "no personal-content canaries planted"
    hits, scanned, size = [], [], 0
    sqlite_files = [p for p in world.stack.var_dir.rglob("*") if p.is_file() and p.name.endswith(SQLITE_SUFFIXES)]
    store = world.stack.nats.store_dir / "jetstream"
    jetstream_files = [p for p in store.rglob("*") if p.is_file()]
    assert jetstream_files, f"no JetStream store under {store}"
    if not world.stack.database_base_url:
        assert any(p.name == "identity.db" for p in sqlite_files), sqlite_files
    for path in sqlite_files + jetstream_files:
        data = path.read_bytes()
        size += len(data)
        scanned.append(path)
        hits += search(data, secrets, AT_REST, str(path.relative_to(world.stack.var_dir)))
    assert not hits, "\n".join(str(h) for h in hits)
    if not world.stack.database_base_url:
        _positive_control(planted, b"".join(p.read_bytes() for p in sqlite_files), "the SQLite files")
    report.add(PART, f"{len(secrets)} personal-content canaries absent from {len(sqlite_files)} SQLite files "
                     f"(incl. -wal/-shm) and {len(jetstream_files)} JetStream store files ({size} bytes)")


def _positive_control(planted, data: bytes, where: str) -> None:
    """Usernames are stored in clear by design: finding them proves the scan reads real data."""
    usernames = [c for c in planted.for_place(LOGS) if c.kind == "username" and AT_REST not in c.forbidden_in]
    assert search(data, usernames, "control", where), f"no username found in {where}: the scan reads nothing"


def _libpq_url(sqlalchemy_url: str) -> str:
    return sqlalchemy_url.replace("postgresql+psycopg://", "postgresql://", 1)


def test_no_canary_in_a_dump_of_each_service_database(world, planted, report):
    if not world.stack.database_base_url:
        report.add(PART, "pg_dump check: not applicable (SQLite run; set RECONNECT_TEST_DATABASE_URL)")
        pytest.skip("SQLite run: no PostgreSQL databases to dump")
    if not (os.path.exists(PG_DUMP) or shutil.which("pg_dump")):
        report.add(PART, f"pg_dump check: SKIPPED LOUDLY, no pg_dump at {PG_DUMP}")
        pytest.skip(f"!!! no pg_dump at {PG_DUMP}: the PostgreSQL at-rest check did NOT run")
    _settled(world)
    binary = PG_DUMP if os.path.exists(PG_DUMP) else shutil.which("pg_dump")
    secrets = planted.for_place(AT_REST)
    hits, sizes = [], {}
    for service in world.stack.services:
        dump = subprocess.run([binary, "--no-owner", _libpq_url(world.stack.database_url(service))],
                              capture_output=True, timeout=120, check=False)
        assert dump.returncode == 0, dump.stderr.decode()[-2000:]
        assert b"COPY" in dump.stdout and b"accounts" in dump.stdout or service != "identity", "an empty dump"
        sizes[service] = len(dump.stdout)
        hits += search(dump.stdout, secrets, AT_REST, f"pg_dump of {service}")
        if service == "identity":
            _positive_control(planted, dump.stdout, "the identity dump")
    assert not hits, "\n".join(str(h) for h in hits)
    report.add(PART, f"{len(secrets)} canaries absent from pg_dump of {', '.join(f'{k} ({v} bytes)' for k, v in sizes.items())}")
