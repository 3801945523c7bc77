"""Gateway configuration from ``RECONNECT_*`` environment variables."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator

from services.kit.config import BaseServiceSettings


class OidcClientSettings(BaseModel):
    """How the gateway authenticates at one OpenID provider's token endpoint. The provider
    itself (issuer, client id, roles, assurance level) is identity's configuration; this is
    only the gateway's client secret for it. Configured as JSON in RECONNECT_OIDC_CLIENTS,
    e.g. ``[{"provider": "idporten", "auth_method": "client_secret_post", "client_secret": "..."}]``.
    A provider not listed here is used as a public client (PKCE only, no secret)."""

    provider: str = Field(min_length=1, max_length=40)
    auth_method: Literal["client_secret_basic", "client_secret_post", "none"] = "client_secret_basic"
    client_secret: SecretStr = Field(default=SecretStr(""))

    @model_validator(mode="after")
    def _secret_when_needed(self) -> OidcClientSettings:
        if self.auth_method != "none" and not self.client_secret.get_secret_value():
            raise ValueError(f"{self.auth_method} needs a client_secret")
        return self


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
    # The portal's own sign-in (the session cookie) ends after this long without a request,
    # and in any case this long after signing in, as identity's sign-ins do.
    portal_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    portal_absolute_hours: int = Field(default=12, ge=1, le=24 * 30)
    # Sign-in with OpenID providers (identity lists them per tenant): the gateway's client
    # authentication per provider, the timeout of each request to a provider, how long a
    # discovery document is trusted, and how long a started sign-in may take.
    oidc_clients: list[OidcClientSettings] = Field(default_factory=list)
    oidc_timeout_seconds: float = Field(default=5.0, gt=0, le=30)
    oidc_discovery_ttl_seconds: int = Field(default=3600, ge=0, le=86400)
    oidc_login_seconds: int = Field(default=600, ge=30, le=3600)

    @field_validator("base_domain")
    @classmethod
    def _lowercase_domain(cls, value: str) -> str:
        return value.strip().strip(".").lower()
