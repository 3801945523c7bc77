"""Start the whole system on one machine: an embedded nats-server with JetStream,
every service as its own process with its own database, and the gateway.

Used by ``reconnect up`` (``make run``) and by the test suite, so the tests exercise
the same start-up path people use.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from services.kit.client import is_serving
from services.kit.natsserver import EmbeddedNats, free_port, port_open

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class ServiceSpec:
    """One gRPC service of the stack. Adding a service is one entry in SERVICES."""

    name: str
    module: str


SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec("identity", "services.identity"),
    ServiceSpec("forum", "services.forum"),
    ServiceSpec("messaging", "services.messaging"),
    ServiceSpec("events", "services.events"),
    ServiceSpec("toolbox", "services.toolbox"),
)
GATEWAY_MODULE = "services.gateway"


@dataclass
class RunningService:
    spec: ServiceSpec
    grpc_port: int
    metrics_port: int
    process: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.grpc_port}"


def _secret_file(path: Path, make) -> str:
    """A local secret made on first run and reused, readable only by its owner."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = make()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


def postgres_database_for(base_url: str, service: str) -> str:
    """``postgresql+psycopg://.../reconnect_ci`` -> a database of its own per service, created if missing."""
    import sqlalchemy

    head, _, base_name = base_url.rpartition("/")
    name = f"{base_name}_{service}"
    admin = sqlalchemy.create_engine(f"{head}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(sqlalchemy.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
            if not exists:
                conn.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return f"{head}/{name}"


def drop_postgres_databases(base_url: str, services: list[str]) -> None:
    import sqlalchemy

    head, _, base_name = base_url.rpartition("/")
    admin = sqlalchemy.create_engine(f"{head}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            for service in services:
                conn.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{base_name}_{service}" WITH (FORCE)'))
    finally:
        admin.dispose()


@dataclass
class Stack:
    var_dir: Path
    gateway_port: int = 8080
    database_base_url: str = ""  # PostgreSQL base URL; empty: one SQLite file per service
    environment: str = "local"
    log_level: str = "INFO"
    nats: EmbeddedNats | None = None
    # Settings beyond the defaults (RECONNECT_* variables) for every process of this stack.
    extra_env: dict[str, str] = field(default_factory=dict)
    services: dict[str, RunningService] = field(default_factory=dict)
    gateway: subprocess.Popen | None = None

    def __post_init__(self) -> None:
        self.var_dir = Path(self.var_dir).resolve()
        self.logs_dir = self.var_dir / "logs"
        self.master_key = _secret_file(self.var_dir / "master.key", lambda: base64.b64encode(os.urandom(32)).decode())
        self.gateway_secret = _secret_file(self.var_dir / "gateway.secret", lambda: base64.b64encode(os.urandom(48)).decode())

    # -- addresses ---------------------------------------------------------------

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.gateway_port}"

    @property
    def nats_url(self) -> str:
        return self.nats.url if self.nats else ""

    @property
    def identity_address(self) -> str:
        return self.services["identity"].address

    def database_url(self, service: str) -> str:
        if self.database_base_url:
            return postgres_database_for(self.database_base_url, service)
        return f"sqlite:///{self.var_dir / 'db' / f'{service}.db'}"

    def service_env(self, running: RunningService) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "RECONNECT_ENVIRONMENT": self.environment,
                "RECONNECT_LOG_LEVEL": self.log_level,
                "RECONNECT_DATABASE_URL": self.database_url(running.spec.name),
                "RECONNECT_NATS_URL": self.nats_url,
                "RECONNECT_GRPC_PORT": str(running.grpc_port),
                "RECONNECT_METRICS_PORT": str(running.metrics_port),
                "RECONNECT_MASTER_KEY": self.master_key,
                "RECONNECT_IDENTITY_ADDRESS": self.identity_address,
                "PYTHONUNBUFFERED": "1",
                **self.extra_env,
            }
        )
        for other in self.services.values():
            env[f"RECONNECT_{other.spec.name.upper()}_ADDRESS"] = other.address
        return env

    def gateway_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "RECONNECT_ENVIRONMENT": self.environment,
                "RECONNECT_LOG_LEVEL": self.log_level,
                "RECONNECT_HTTP_HOST": "127.0.0.1",
                "RECONNECT_HTTP_PORT": str(self.gateway_port),
                "RECONNECT_SECRET_KEY": self.gateway_secret,
                "PYTHONUNBUFFERED": "1",
                **self.extra_env,
            }
        )
        for running in self.services.values():
            env[f"RECONNECT_{running.spec.name.upper()}_ADDRESS"] = running.address
        return env

    # -- lifecycle -----------------------------------------------------------------

    def _spawn(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen:
        self.logs_dir.mkdir(parents=True, exist_ok=True)
        log = open(self.logs_dir / f"{name}.log", "ab")
        try:
            return subprocess.Popen([sys.executable, *args], env=env, stdout=log, stderr=log, cwd=ROOT)
        finally:
            log.close()

    def migrate(self) -> None:
        for running in self.services.values():
            result = subprocess.run(
                [sys.executable, "-m", running.spec.module, "migrate"],
                env=self.service_env(running), cwd=ROOT, capture_output=True, text=True,
            )
            if result.returncode != 0:
                raise RuntimeError(f"{running.spec.name} migrate failed:\n{result.stderr[-4000:]}")

    def start(self, deadline_seconds: float = 60) -> Stack:
        self.nats = EmbeddedNats(self.var_dir / "nats").start()
        for spec in SERVICES:
            self.services[spec.name] = RunningService(spec, free_port(), free_port())
        self.migrate()
        for running in self.services.values():
            running.process = self._spawn(running.spec.name, ["-m", running.spec.module, "serve"], self.service_env(running))
        self.gateway = self._spawn("gateway", ["-m", GATEWAY_MODULE], self.gateway_env())
        self.wait_until_ready(deadline_seconds)
        self._write_state()
        return self

    def wait_until_ready(self, deadline_seconds: float = 60) -> None:
        deadline = time.monotonic() + deadline_seconds
        pending = set(self.services)
        while pending:
            for name in list(pending):
                running = self.services[name]
                if running.process and running.process.poll() is not None:
                    raise RuntimeError(f"{name} exited with {running.process.returncode}; see {self.logs_dir / name}.log")
                if is_serving(running.address, timeout=0.5):
                    pending.discard(name)
            if pending and time.monotonic() > deadline:
                raise TimeoutError(f"not SERVING in time: {', '.join(sorted(pending))}")
            if pending:
                time.sleep(0.05)
        while not self.gateway_ready():
            if self.gateway and self.gateway.poll() is not None:
                raise RuntimeError(f"gateway exited with {self.gateway.returncode}; see {self.logs_dir}/gateway.log")
            if time.monotonic() > deadline:
                raise TimeoutError("gateway not ready in time")
            time.sleep(0.05)

    def gateway_ready(self) -> bool:
        if not port_open(self.gateway_port):
            return False
        try:
            with urllib.request.urlopen(f"{self.gateway_url}/readyz", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def _write_state(self) -> None:
        state = {
            "gateway_url": self.gateway_url,
            "nats_url": self.nats_url,
            "services": {n: {"address": r.address, "metrics_port": r.metrics_port} for n, r in self.services.items()},
            "pid": os.getpid(),
        }
        (self.var_dir / "stack.json").write_text(json.dumps(state, indent=2))

    def stop_service(self, name: str, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
        running = self.services[name]
        process = running.process
        if process and process.poll() is None:
            process.send_signal(sig)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def start_service(self, name: str, deadline_seconds: float = 30) -> None:
        running = self.services[name]
        running.process = self._spawn(name, ["-m", running.spec.module, "serve"], self.service_env(running))
        deadline = time.monotonic() + deadline_seconds
        while not is_serving(running.address, timeout=0.5):
            if running.process.poll() is not None:
                raise RuntimeError(f"{name} exited with {running.process.returncode}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{name} not SERVING in time")
            time.sleep(0.05)

    def stop(self) -> None:
        processes = [self.gateway] + [r.process for r in self.services.values()]
        for process in processes:
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            if process:
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        if self.nats:
            self.nats.stop()
        state = self.var_dir / "stack.json"
        if state.exists():
            state.unlink()
