"""Shared servers, started once per test session: a real nats-server with JetStream,
a real database (SQLite files, or PostgreSQL when RECONNECT_TEST_DATABASE_URL is set),
and the whole stack as real processes for end-to-end and browser tests."""

from __future__ import annotations

import base64
import os
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from reconnect_stack.seed import seed
from reconnect_stack.stack import SERVICES, Stack, drop_postgres_databases, postgres_database_for
from services.kit.natsserver import EmbeddedNats, free_port

POSTGRES_BASE_URL = os.environ.get("RECONNECT_TEST_DATABASE_URL", "")
_created_databases: list[str] = []


def pytest_report_header(config):
    return f"database: {'PostgreSQL ' + POSTGRES_BASE_URL if POSTGRES_BASE_URL else 'SQLite files'}"


def wait_for(condition: Callable[[], object], timeout: float = 15.0, interval: float = 0.02, message: str = ""):
    """Poll until ``condition()`` is truthy; fail after ``timeout`` seconds. Returns its value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s: {message or condition}")
        time.sleep(interval)


@pytest.fixture(scope="session")
def nats_server(tmp_path_factory) -> EmbeddedNats:
    server = EmbeddedNats(tmp_path_factory.mktemp("nats")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Callable[[str], str]:
    """A fresh, empty database for each name asked for."""
    folder = tmp_path_factory.mktemp("db")

    def make(name: str) -> str:
        unique = f"{name}_{uuid.uuid4().hex[:8]}"
        if POSTGRES_BASE_URL:
            _created_databases.append(unique)
            return postgres_database_for(POSTGRES_BASE_URL, unique)
        return f"sqlite:///{folder / unique}.db"

    yield make
    if POSTGRES_BASE_URL and _created_databases:
        drop_postgres_databases(POSTGRES_BASE_URL, _created_databases)


@pytest.fixture(scope="session")
def master_key() -> str:
    return base64.b64encode(os.urandom(32)).decode()


@pytest.fixture(scope="session")
def stack(tmp_path_factory) -> Stack:
    """The whole system as `make run` starts it, on free ports, with the demo region seeded."""
    var_dir: Path = tmp_path_factory.mktemp("stack")
    base = ""
    if POSTGRES_BASE_URL:
        base = f"{POSTGRES_BASE_URL}_stack{uuid.uuid4().hex[:6]}"
    running = Stack(var_dir=var_dir, gateway_port=free_port(), database_base_url=base, environment="test")
    try:
        running.start(deadline_seconds=90)
        seed(running)
    except Exception:
        running.stop()
        for log in sorted((var_dir / "logs").glob("*.log")):
            print(f"--- {log.name} ---\n{log.read_text()[-3000:]}")
        raise
    yield running
    running.stop()
    if base:
        drop_postgres_databases(base, [spec.name for spec in SERVICES])
