"""Identity's own settings, beyond what every service reads."""

from __future__ import annotations

from pydantic import Field

from services.kit.config import ServiceSettings


class IdentitySettings(ServiceSettings):
    # A sign-in ends after this long without use, and in any case after the absolute limit.
    session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    session_absolute_hours: int = Field(default=12, ge=1, le=24 * 30)
    # Staff (admins, providers) must use a second factor; on by default in production.
    staff_second_factor: bool | None = None
    # The services that hold personal data and report back when they have erased an account.
    erasure_services: str = "forum,messaging,toolbox,events"

    def erasure_service_list(self) -> list[str]:
        return [s.strip() for s in self.erasure_services.split(",") if s.strip()]

    def second_factor_enforced(self) -> bool:
        return self.staff_second_factor if self.staff_second_factor is not None else self.environment == "production"
