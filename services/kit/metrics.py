"""Prometheus metrics, served on each process's own port.

gRPC series use the names the wider gRPC ecosystem made standard (go-grpc-prometheus,
py-grpc-prometheus) so existing dashboards and alerts fit. Labels are bounded: service,
method, code, tenant slug, consumer name; never an account id, pseudonym or content.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram, start_http_server

GRPC_STARTED = Counter(
    "grpc_server_started_total",
    "RPCs started on the server.",
    ["grpc_type", "grpc_service", "grpc_method"],
)
GRPC_HANDLED = Counter(
    "grpc_server_handled_total",
    "RPCs completed on the server, regardless of success or failure.",
    ["grpc_type", "grpc_service", "grpc_method", "grpc_code"],
)
GRPC_HANDLING_SECONDS = Histogram(
    "grpc_server_handling_seconds",
    "Response latency of RPCs handled by the server.",
    ["grpc_type", "grpc_service", "grpc_method"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
OUTBOX_BACKLOG = Gauge(
    "reconnect_outbox_backlog",
    "Events written to the outbox and not yet acknowledged by JetStream.",
    ["service"],
)
OUTBOX_PUBLISHED = Counter(
    "reconnect_outbox_published_total",
    "Events the outbox relay published and JetStream acknowledged.",
    ["service", "duplicate"],
)
OUTBOX_PUBLISH_FAILURES = Counter(
    "reconnect_outbox_publish_failures_total",
    "Publish attempts that failed and will be retried.",
    ["service"],
)
CONSUMER_HANDLED = Counter(
    "reconnect_consumer_events_total",
    "Events a durable consumer processed, by outcome.",
    ["consumer", "outcome"],
)
CONSUMER_REDELIVERIES = Counter(
    "reconnect_consumer_redeliveries_total",
    "Events delivered to a consumer more than once.",
    ["consumer"],
)
CONSUMER_PENDING = Gauge(
    "reconnect_consumer_pending",
    "Messages in the stream the consumer has not yet been delivered (its lag).",
    ["consumer"],
)
NATS_CONNECTED = Gauge(
    "reconnect_nats_connected",
    "1 while the process is connected to NATS.",
    ["service"],
)
DOMAIN_EVENTS = Counter(
    "reconnect_domain_events_total",
    "Domain events written, by service, type and tenant.",
    ["service", "type", "tenant"],
)


def serve(port: int, host: str = "127.0.0.1") -> int:
    """Start the metrics endpoint; returns the bound port (useful with port 0)."""
    server, _thread = start_http_server(port, addr=host)
    return server.server_address[1]
