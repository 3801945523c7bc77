"""The kit's gRPC bootstrap: health follows dependencies and shutdown, in-flight calls
finish on SIGTERM-style stop, failures never leak internals, metrics use standard names."""

from __future__ import annotations

import threading
import uuid

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from prometheus_client import REGISTRY, generate_latest
from sqlalchemy import MetaData

from services.kit import auth
from services.kit.bus import Bus
from services.kit.config import ServiceSettings, load
from services.kit.db import Database, add_kit_tables
from services.kit.errors import InvalidArgument
from services.kit.natsserver import free_port
from services.kit.server import ServiceDefinition, ServiceRunner
from tests.conftest import wait_for

SERVICE = "reconnect.test.v1.Probe"


class Probe:
    def __init__(self):
        self.entered = threading.Event()
        self.release = threading.Event()

    def slow(self, request, context):
        self.entered.set()
        self.release.wait(10)
        return b"finished"

    def boom(self, request, context):
        raise RuntimeError("secret internal detail: Nora Nordmann")

    def invalid(self, request, context):
        raise InvalidArgument("pick another", field="pseudonym", reason="taken")

    def whoami(self, request, context):
        caller = auth.current_caller()
        return (caller.account_id if caller else "anonymous").encode()

    def register(self, server: grpc.Server) -> None:
        handlers = {
            name: grpc.unary_unary_rpc_method_handler(getattr(self, name.lower()))
            for name in ("Slow", "Boom", "Invalid", "Whoami")
        }
        server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler(SERVICE, handlers)])


def make_runner(database_url, nats_url: str, probe: Probe) -> ServiceRunner:
    settings = load(
        ServiceSettings, database_url=database_url("server"), nats_url=nats_url, grpc_port=0,
        metrics_port=0, environment="test",
    )
    metadata = MetaData()
    tables = add_kit_tables(metadata)
    db = Database(settings.database_url)
    metadata.create_all(db.engine)
    name = f"probe{uuid.uuid4().hex[:6]}"
    definition = ServiceDefinition(
        name=name, register=probe.register, service_names=[SERVICE],
        public_methods=frozenset({f"/{SERVICE}/{m}" for m in ("Slow", "Boom", "Invalid", "Whoami")}),
    )
    return ServiceRunner(definition, settings, db, Bus(name, nats_url, db, tables), keys=None)


def health(channel) -> int:
    try:
        return health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=SERVICE), timeout=2).status
    except grpc.RpcError as error:
        return error.code()


@pytest.fixture
def probe():
    return Probe()


def test_health_waits_for_nats_and_in_flight_calls_finish_on_shutdown(database_url, nats_server, probe, tmp_path):
    from services.kit.natsserver import EmbeddedNats

    late_nats = EmbeddedNats(tmp_path / "late", port=free_port())
    runner = make_runner(database_url, late_nats.url, probe)
    port = runner.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    try:
        assert health(channel) == health_pb2.HealthCheckResponse.NOT_SERVING, "NATS not reached yet"
        late_nats.start()
        wait_for(lambda: health(channel) == health_pb2.HealthCheckResponse.SERVING, message="SERVING once NATS is up")

        in_flight = channel.unary_unary(f"/{SERVICE}/Slow").future(b"x", timeout=15)
        assert probe.entered.wait(5)
        stopper = threading.Thread(target=runner.stop, kwargs={"grace": 10})
        stopper.start()
        wait_for(lambda: health(channel) != health_pb2.HealthCheckResponse.SERVING, message="NOT_SERVING on shutdown")
        probe.release.set()
        assert in_flight.result() == b"finished", "the call in flight completes"
        stopper.join(15)
        with pytest.raises(grpc.RpcError):
            channel.unary_unary(f"/{SERVICE}/Whoami")(b"", timeout=2)
    finally:
        probe.release.set()
        runner.stop(grace=0)
        channel.close()
        late_nats.stop()


def test_errors_map_to_status_codes_without_leaking_internals(database_url, nats_server, probe):
    runner = make_runner(database_url, nats_server.url, probe)
    port = runner.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    try:
        with pytest.raises(grpc.RpcError) as raised:
            channel.unary_unary(f"/{SERVICE}/Boom")(b"", timeout=5)
        assert raised.value.code() == grpc.StatusCode.INTERNAL
        assert "Nora" not in raised.value.details() and "secret" not in raised.value.details()

        with pytest.raises(grpc.RpcError) as raised:
            channel.unary_unary(f"/{SERVICE}/Invalid")(b"", timeout=5)
        assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        trailers = dict(raised.value.trailing_metadata())
        assert trailers["reconnect-field"] == "pseudonym" and trailers["reconnect-reason"] == "taken"

        assert channel.unary_unary(f"/{SERVICE}/Whoami")(b"", timeout=5) == b"anonymous"
        text = generate_latest(REGISTRY).decode()
        assert f'grpc_server_handled_total{{grpc_code="INTERNAL",grpc_method="Boom",grpc_service="{SERVICE}",grpc_type="unary"}} 1.0' in text
        assert f'grpc_server_started_total{{grpc_method="Invalid",grpc_service="{SERVICE}",grpc_type="unary"}} 1.0' in text
        assert "process_cpu_seconds_total" in text
    finally:
        probe.release.set()
        runner.stop(grace=0)
        channel.close()


def test_logged_failures_carry_no_exception_message():
    import io
    import logging

    from services.kit.logs import JsonFormatter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("probe"))
    logger = logging.getLogger("probe-test")
    logger.addHandler(handler)
    try:
        raise ValueError("Nora Nordmann wrote: I can't sleep")
    except ValueError:
        logger.exception("unhandled_error")
    finally:
        logger.removeHandler(handler)
    line = stream.getvalue()
    assert '"exception": "ValueError"' in line and "test_server.py" in line
    assert "Nora" not in line and "sleep" not in line
