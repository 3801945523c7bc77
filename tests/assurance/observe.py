"""Reading what the running system leaves behind: logs, metrics, the event streams,
and the outbox, so the leak scan and the fault checks can look at all of it."""

from __future__ import annotations

import urllib.request
from dataclasses import dataclass
from pathlib import Path

import nats
import sqlalchemy

from reconnect_stack.stack import Stack
from tests.kit.test_bus import run_async


@dataclass(frozen=True)
class StreamMessage:
    stream: str
    subject: str
    data: bytes
    headers: dict


def log_files(stack: Stack) -> list[Path]:
    """Every process's log: the services and gateway under logs/, nats-server beside its store."""
    return sorted(p for p in stack.var_dir.rglob("*.log") if p.is_file())


def metrics_endpoints(stack: Stack) -> dict[str, str]:
    endpoints = {"gateway": f"{stack.gateway_url}/metrics"}
    for name, running in stack.services.items():
        endpoints[name] = f"http://127.0.0.1:{running.metrics_port}/metrics"
    return endpoints


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def all_stream_messages(nats_url: str) -> list[StreamMessage]:
    """Every message of every JetStream stream (on a thread of its own: a loop may be running)."""

    async def read() -> list[StreamMessage]:
        nc = await nats.connect(nats_url, connect_timeout=5, max_reconnect_attempts=2)
        try:
            js = nc.jetstream()
            found = []
            for info in await js.streams_info():
                state = info.state
                if state.messages == 0:
                    continue
                for seq in range(state.first_seq, state.last_seq + 1):
                    try:
                        message = await js.get_msg(info.config.name, seq)
                    except nats.js.errors.NotFoundError:
                        continue  # a gap (deleted message)
                    found.append(StreamMessage(info.config.name, message.subject, message.data or b"",
                                               dict(message.headers or {})))
            return found
        finally:
            await nc.close()

    return run_async(read())


def unsent_events(stack: Stack, service: str) -> int:
    engine = sqlalchemy.create_engine(stack.database_url(service))
    try:
        with engine.connect() as conn:
            return conn.execute(sqlalchemy.text("SELECT count(*) FROM outbox WHERE sent_at IS NULL")).scalar_one()
    finally:
        engine.dispose()


def outbox_drained(stack: Stack) -> bool:
    return all(unsent_events(stack, name) == 0 for name in stack.services)


__all__ = ["StreamMessage", "all_stream_messages", "fetch", "log_files", "metrics_endpoints",
           "outbox_drained", "unsent_events"]
