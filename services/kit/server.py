"""gRPC server bootstrap: one call gives a service health, reflection, metrics,
request ids, authentication, error mapping and graceful shutdown.

Health answers NOT_SERVING until the database and NATS have been reached, and again
from the moment shutdown begins; in-flight calls then get ``shutdown_grace_seconds``
to finish before the server stops and the NATS connection drains.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterable
from concurrent import futures
from dataclasses import dataclass, field

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from services.kit import auth, logs, metrics
from services.kit.bus import Bus
from services.kit.config import ServiceSettings
from services.kit.db import Database
from services.kit.ended_sessions import EndedSessions
from services.kit.errors import FIELD_KEY, REASON_KEY, ServiceError
from services.kit.worker import PeriodicWorker

log = logging.getLogger(__name__)

AUTHORIZATION_KEY = "authorization"
HEALTH_CHECK_SECONDS = 5.0


@dataclass
class ServiceDefinition:
    """What a service hands the kit."""

    name: str  # "identity"
    register: Callable[[grpc.Server], None]  # adds the servicers
    service_names: list[str]  # full gRPC service names, for health and reflection
    public_methods: frozenset[str] = field(default_factory=frozenset)  # "/pkg.Service/Method"


class _Interceptor(grpc.ServerInterceptor):
    def __init__(self, keys: auth.KeySet | None, public_methods: frozenset[str],
                 ended_sessions: EndedSessions | None = None):
        self._keys = keys
        self._public = public_methods
        self._ended = ended_sessions

    def intercept_service(self, continuation, handler_call_details):
        handler = continuation(handler_call_details)
        if handler is None:
            return None
        method = handler_call_details.method
        _, service_name, method_name = method.split("/", 2)
        metadata = dict(handler_call_details.invocation_metadata or ())
        if handler.unary_unary:
            return grpc.unary_unary_rpc_method_handler(
                self._wrap_unary(handler.unary_unary, method, service_name, method_name, metadata, "unary"),
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        if handler.unary_stream:
            return grpc.unary_stream_rpc_method_handler(
                self._wrap_stream(handler.unary_stream, method, service_name, method_name, metadata),
                request_deserializer=handler.request_deserializer,
                response_serializer=handler.response_serializer,
            )
        return handler  # client streaming is not used by ReConnect

    def _authenticate(self, method: str, metadata: dict) -> tuple[auth.Caller | None, str]:
        header = metadata.get(AUTHORIZATION_KEY, "")
        public = method in self._public or method.startswith(("/grpc.health.", "/grpc.reflection."))
        if not header:
            if public:
                return None, ""
            raise auth.Unauthenticated("sign-in required", reason="no_token")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise auth.Unauthenticated("malformed authorization", reason="malformed_token")
        if self._keys is None:
            raise auth.Unauthenticated("token keys unavailable", reason="keys_unavailable")
        try:
            caller = auth.verify_access_token(token, self._keys)
            if self._ended is not None and self._ended.ended(caller.session_id):
                raise auth.Unauthenticated("this sign-in has ended; sign in again", reason="session_ended")
            return caller, token
        except ServiceError:
            if public:
                return None, ""  # a stale token does not stop a login or a key fetch
            raise

    def _enter(self, method, service_name, method_name, metadata, grpc_type):
        metrics.GRPC_STARTED.labels(grpc_type, service_name, method_name).inc()
        request_id = metadata.get(logs.REQUEST_ID_HEADER) or logs.new_request_id()
        return logs.request_id_var.set(request_id[:64])

    def _fail(self, context, exc: Exception, method: str) -> grpc.StatusCode:
        if isinstance(exc, ServiceError):
            context.set_trailing_metadata(((FIELD_KEY, exc.field), (REASON_KEY, exc.reason)))
            context.abort(exc.code, exc.message)
        if context.code() not in (None, grpc.StatusCode.OK):
            raise exc  # the handler aborted with its own status
        log.exception("unhandled_error", extra={"method": method})
        context.abort(grpc.StatusCode.INTERNAL, "internal error; the request id is in the logs")
        return grpc.StatusCode.INTERNAL  # not reached

    def _wrap_unary(self, behavior, method, service_name, method_name, metadata, grpc_type):
        def wrapped(request, context):
            request_token = self._enter(method, service_name, method_name, metadata, grpc_type)
            started = time.perf_counter()
            code = grpc.StatusCode.OK
            try:
                remaining = context.time_remaining()
                if remaining is not None and remaining <= 0:
                    code = grpc.StatusCode.DEADLINE_EXCEEDED
                    context.abort(code, "deadline exceeded before the call started")
                caller_token = auth.set_caller(*self._authenticate(method, metadata))
                try:
                    return behavior(request, context)
                finally:
                    auth.reset_caller(caller_token)
            except Exception as exc:
                code = exc.code if isinstance(exc, ServiceError) else (context.code() or grpc.StatusCode.INTERNAL)
                if code == grpc.StatusCode.OK:
                    code = grpc.StatusCode.INTERNAL
                self._fail(context, exc, method)
            finally:
                if code == grpc.StatusCode.OK and context.code() not in (None, grpc.StatusCode.OK):
                    code = context.code()
                metrics.GRPC_HANDLED.labels(grpc_type, service_name, method_name, code.name).inc()
                metrics.GRPC_HANDLING_SECONDS.labels(grpc_type, service_name, method_name).observe(
                    time.perf_counter() - started
                )
                logs.request_id_var.reset(request_token)

        return wrapped

    def _wrap_stream(self, behavior, method, service_name, method_name, metadata):
        def wrapped(request, context):
            request_token = self._enter(method, service_name, method_name, metadata, "server_stream")
            started = time.perf_counter()
            code = grpc.StatusCode.OK
            try:
                caller_token = auth.set_caller(*self._authenticate(method, metadata))
                try:
                    yield from behavior(request, context)
                finally:
                    auth.reset_caller(caller_token)
            except Exception as exc:
                code = exc.code if isinstance(exc, ServiceError) else (context.code() or grpc.StatusCode.INTERNAL)
                self._fail(context, exc, method)
            finally:
                metrics.GRPC_HANDLED.labels("server_stream", service_name, method_name, code.name).inc()
                metrics.GRPC_HANDLING_SECONDS.labels("server_stream", service_name, method_name).observe(
                    time.perf_counter() - started
                )
                logs.request_id_var.reset(request_token)

        return wrapped


class ServiceRunner:
    """Starts and stops one service: gRPC server, health, metrics endpoint and bus."""

    def __init__(
        self,
        definition: ServiceDefinition,
        settings: ServiceSettings,
        db: Database,
        bus: Bus | None,
        keys: auth.KeySet | None,
        max_workers: int = 16,
        workers: list[PeriodicWorker] | None = None,
        ended_sessions: EndedSessions | None = None,
    ):
        self.definition = definition
        self.workers = list(workers or [])
        self.settings = settings
        self.db = db
        self.bus = bus
        self.health = health.HealthServicer(experimental_non_blocking=True)
        self.server = grpc.server(
            futures.ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix=definition.name),
            interceptors=[_Interceptor(keys, definition.public_methods, ended_sessions)],
            options=[
                ("grpc.so_reuseport", 0),
                # Long-lived client channels are closed now and then so that they reconnect
                # and spread over all replicas behind a Kubernetes Service.
                ("grpc.max_connection_age_ms", 5 * 60 * 1000),
                ("grpc.max_connection_age_grace_ms", 30 * 1000),
            ],
        )
        definition.register(self.server)
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self.server)
        reflection.enable_server_reflection(
            [*definition.service_names, health.SERVICE_NAME, reflection.SERVICE_NAME], self.server
        )
        self._set_all(health_pb2.HealthCheckResponse.NOT_SERVING)
        self.port = 0
        self.metrics_port = 0
        self._stopped = threading.Event()

    def worker(self, name: str) -> PeriodicWorker:
        return next(w for w in self.workers if w.name == name)

    def _set_all(self, status) -> None:
        for name in ("", *self.definition.service_names):
            self.health.set(name, status)

    def start(self) -> int:
        self.port = self.server.add_insecure_port(f"{self.settings.grpc_host}:{self.settings.grpc_port}")
        if self.port == 0:
            raise RuntimeError(f"could not bind gRPC port {self.settings.grpc_port}")
        if self.settings.metrics_port or self.settings.environment != "test":
            self.metrics_port = metrics.serve(self.settings.metrics_port, self.settings.grpc_host)
        self.server.start()
        if self.bus is not None:
            self.bus.start()
        for worker in self.workers:
            worker.start()
        threading.Thread(target=self._become_ready, name="readiness", daemon=True).start()
        log.info("started", extra={"port": self.port, "metrics_port": self.metrics_port})
        return self.port

    def _become_ready(self) -> None:
        """SERVING once the database and NATS are reached; afterwards the database is
        checked every few seconds and health follows it. A later NATS outage keeps the
        service SERVING: writes wait in the outbox, nothing is lost."""
        serving = False
        while not self._stopped.is_set():
            try:
                self.db.ping()
                healthy = serving or self.bus is None or self.bus.ready.wait(0.5)
            except Exception as exc:
                log.warning("not_ready", extra={"error": type(exc).__name__})
                healthy = False
            if healthy != serving and not self._stopped.is_set():
                serving = healthy
                self._set_all(health_pb2.HealthCheckResponse.SERVING if serving else health_pb2.HealthCheckResponse.NOT_SERVING)
                log.info("serving" if serving else "not_serving")
            self._stopped.wait(HEALTH_CHECK_SECONDS if serving else 0.5)

    def stop(self, grace: float | None = None) -> None:
        if self._stopped.is_set():
            return
        self._stopped.set()
        grace = self.settings.shutdown_grace_seconds if grace is None else grace
        self.health.enter_graceful_shutdown()
        self.server.stop(grace).wait()
        for worker in self.workers:
            worker.stop()
        if self.bus is not None:
            self.bus.stop()
        self.db.dispose()
        log.info("stopped")

    def serve_until_signalled(self) -> None:
        done = threading.Event()

        def on_signal(signum, _frame):
            log.info("shutdown_requested", extra={"signal": signal.Signals(signum).name})
            done.set()

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        done.wait()
        self.stop()


def identity_key_set(settings: ServiceSettings) -> auth.KeySet:
    """The usual KeySet: identity's GetJwks over gRPC."""
    from reconnect.identity.v1 import identity_pb2, identity_pb2_grpc
    from services.kit.client import channel

    stub = identity_pb2_grpc.IdentityServiceStub(channel(settings.identity_address))

    def fetch() -> str:
        return stub.GetJwks(identity_pb2.GetJwksRequest(), timeout=5).keys_json

    return auth.KeySet(fetch)


def health_status_of(services: Iterable[str], server_health: health.HealthServicer) -> dict:
    return {name: server_health._server_status.get(name) for name in services}  # noqa: SLF001
