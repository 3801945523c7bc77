"""The forum's own settings, beyond what every service reads."""

from __future__ import annotations

from pydantic import Field

from services.kit.config import ServiceSettings


class ForumSettings(ServiceSettings):
    # Posts (new threads and replies) one account may publish, region-wide: generous for a person
    # in a lively conversation, a brake on a flood (a bot, a stolen session, someone in crisis
    # pasting the same text over and over, which moderators would then have to clear by hand).
    posts_per_minute: int = Field(default=10, ge=1, le=100_000)
    posts_per_hour: int = Field(default=120, ge=1, le=1_000_000)
