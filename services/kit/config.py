"""Typed configuration from ``RECONNECT_*`` environment variables.

Every process reads the same prefix; the launcher (or a Kubernetes Deployment) gives
each process its own values. A bad value stops the process with one clear line per
problem, naming the variable, never echoing a secret.
"""

from __future__ import annotations

import base64
import binascii
from typing import Literal, TypeVar

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "RECONNECT_"


class ConfigError(Exception):
    """Raised when the environment does not describe a runnable process."""


class BaseServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore", frozen=True)

    environment: Literal["local", "test", "production"] = "local"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Base64 of 32 random bytes; wraps the per-tenant data keys.
    master_key: SecretStr = Field(default=SecretStr(""))

    @field_validator("master_key")
    @classmethod
    def _master_key_is_32_bytes(cls, value: SecretStr) -> SecretStr:
        raw = value.get_secret_value()
        if raw == "":
            return value
        try:
            decoded = base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValueError("must be base64") from exc
        if len(decoded) != 32:
            raise ValueError("must decode to 32 bytes (AES-256)")
        return value

    def master_key_bytes(self) -> bytes:
        raw = self.master_key.get_secret_value()
        if not raw:
            raise ConfigError(f"{ENV_PREFIX}MASTER_KEY: required (base64 of 32 random bytes)")
        return base64.b64decode(raw)


class ServiceSettings(BaseServiceSettings):
    """What every gRPC service needs."""

    database_url: str = Field(min_length=1)
    nats_url: str = "nats://127.0.0.1:4222"
    grpc_host: str = "127.0.0.1"
    grpc_port: int = Field(default=0, ge=0, le=65535)
    metrics_port: int = Field(default=0, ge=0, le=65535)
    # Where the identity service publishes its token verification keys.
    identity_address: str = "127.0.0.1:50051"
    # Other services a service may call on its caller's behalf.
    messaging_address: str = "127.0.0.1:50053"
    shutdown_grace_seconds: float = Field(default=10.0, gt=0, le=300)

    @field_validator("nats_url")
    @classmethod
    def _nats_scheme(cls, value: str) -> str:
        if not value.startswith(("nats://", "tls://")):
            raise ValueError("must start with nats:// or tls://")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_scheme(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("must be a sqlite:// or postgresql:// URL")
        return value


S = TypeVar("S", bound=BaseSettings)


def load(settings_class: type[S], **overrides) -> S:
    """Build settings from the environment (and explicit overrides, for tests).

    Turns pydantic's validation error into a ConfigError that names each variable.
    """
    try:
        return settings_class(**overrides)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            name = ENV_PREFIX + "_".join(str(part) for part in error["loc"]).upper()
            message = error["msg"].removeprefix("Value error, ")
            problems.append(f"{name}: {message}")
        raise ConfigError("; ".join(problems)) from None
