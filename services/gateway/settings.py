"""Gateway configuration from ``RECONNECT_*`` environment variables."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator

from services.kit.config import BaseServiceSettings


class GatewaySettings(BaseServiceSettings):
    identity_address: str = "127.0.0.1:50051"
    forum_address: str = "127.0.0.1:50052"
    messaging_address: str = "127.0.0.1:50053"
    events_address: str = "127.0.0.1:50054"
    toolbox_address: str = "127.0.0.1:50055"
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8080, ge=0, le=65535)
    # Signs the portal's session cookie; rotating it signs everyone out.
    secret_key: SecretStr = Field(min_length=32)
    # Tenants live at <slug>.<base_domain>; the bare domain lists them.
    base_domain: str = "localhost"
    workers: int = Field(default=2, ge=1, le=64)
    threads: int = Field(default=8, ge=1, le=256)
    # Failed logins allowed per username and per client address in one window.
    login_failures_per_window: int = Field(default=10, ge=1)
    login_window_seconds: int = Field(default=60, ge=1)
    # Shared counter file for the login limits, so gunicorn workers on one host share
    # them; empty keeps the counters in process memory (single process, tests).
    rate_limit_store: str = ""
    # Server-sent events (the live notification feed). Each open stream holds one gunicorn
    # thread for its whole life (see notifications.py): a stream ends after this many
    # seconds (the browser reconnects by itself), sends a heartbeat this often, and a
    # worker serves at most this many streams at once (0: half of its threads), so pages
    # and the API always keep threads of their own.
    stream_max_seconds: int = Field(default=300, ge=5, le=3600)
    stream_heartbeat_seconds: float = Field(default=15.0, gt=0, le=120)
    streams_per_worker: int = Field(default=0, ge=0, le=1024)

    @field_validator("base_domain")
    @classmethod
    def _lowercase_domain(cls, value: str) -> str:
        return value.strip().strip(".").lower()
