"""Identity's own settings, beyond what every service reads."""

from __future__ import annotations

import base64
import hashlib

from pydantic import BaseModel, Field, SecretStr

from services.kit.config import ServiceSettings


class OidcProviderSettings(BaseModel):
    """One OpenID provider: the national ID provider for service users, the health
    sector's for providers. Configured as JSON in RECONNECT_OIDC_PROVIDERS."""

    name: str = Field(min_length=1, max_length=40)
    issuer: str = Field(min_length=1)
    client_id: str = Field(min_length=1)
    roles: list[str] = Field(min_length=1)
    # Assurance levels from low to high; a tenant's minimum defaults to the highest.
    acr_levels: list[str] = Field(default_factory=lambda: ["idporten-loa-substantial", "idporten-loa-high"], min_length=1)
    national_id_claim: str = "pid"


class IdentitySettings(ServiceSettings):
    # A sign-in ends after this long without use, and in any case after the absolute limit.
    session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    session_absolute_hours: int = Field(default=12, ge=1, le=24 * 30)
    # Staff (admins, providers) must use a second factor; on by default in production.
    staff_second_factor: bool | None = None
    oidc_providers: list[OidcProviderSettings] = Field(default_factory=list)
    # Base64 key for the keyed hash of national ID numbers; derived from the master key if unset.
    national_id_key: SecretStr = Field(default=SecretStr(""))
    # The services that hold personal data and report back when they have erased an account.
    erasure_services: str = "forum,messaging,toolbox,events"

    def erasure_service_list(self) -> list[str]:
        return [s.strip() for s in self.erasure_services.split(",") if s.strip()]

    def second_factor_enforced(self) -> bool:
        return self.staff_second_factor if self.staff_second_factor is not None else self.environment == "production"

    def national_id_hash_key(self) -> bytes:
        raw = self.national_id_key.get_secret_value()
        if raw:
            return base64.b64decode(raw)
        return hashlib.sha256(b"reconnect-national-id|" + self.master_key_bytes()).digest()
