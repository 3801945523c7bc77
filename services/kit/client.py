"""Calling another service: shared channels and the metadata every call carries."""

from __future__ import annotations

import threading
import time

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from services.kit import logs
from services.kit.server import AUTHORIZATION_KEY

_channels: dict[str, grpc.Channel] = {}
_lock = threading.Lock()

_OPTIONS = [
    ("grpc.keepalive_time_ms", 30_000),
    ("grpc.enable_retries", 1),
    # After an outage, reconnect within seconds rather than the default two minutes.
    ("grpc.initial_reconnect_backoff_ms", 500),
    ("grpc.max_reconnect_backoff_ms", 5000),
]


def channel(address: str) -> grpc.Channel:
    """One channel per address per process (create after fork; channels are not fork-safe)."""
    with _lock:
        existing = _channels.get(address)
        if existing is None:
            existing = grpc.insecure_channel(address, options=_OPTIONS)
            _channels[address] = existing
        return existing


def reset_channels() -> None:
    """Forget channels (call in a forked worker before first use)."""
    with _lock:
        for ch in _channels.values():
            ch.close()
        _channels.clear()


def call_metadata(access_token: str | None = None) -> list[tuple[str, str]]:
    metadata = [(logs.REQUEST_ID_HEADER, logs.current_request_id() or logs.new_request_id())]
    if access_token:
        metadata.append((AUTHORIZATION_KEY, f"Bearer {access_token}"))
    return metadata


def is_serving(address: str, timeout: float = 1.0) -> bool:
    try:
        stub = health_pb2_grpc.HealthStub(channel(address))
        reply = stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=timeout)
        return reply.status == health_pb2.HealthCheckResponse.SERVING
    except grpc.RpcError:
        return False


def wait_until_serving(address: str, deadline_seconds: float = 30.0) -> None:
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        if is_serving(address):
            return
        time.sleep(0.1)
    raise TimeoutError(f"{address} did not report SERVING within {deadline_seconds:.0f}s")


def on_behalf_of_caller() -> list[tuple[str, str]]:
    """Metadata for asking another service with the current caller's own token."""
    from services.kit import auth

    return call_metadata(auth.current_token())
