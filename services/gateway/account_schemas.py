"""Request bodies of the account API (sessions, second factor, erasure, deactivation),
validated with pydantic (see schemas.py). Identity decides whether a code or password is
right; the bounds here only keep absurd sizes away from it."""

from __future__ import annotations

from pydantic import Field, StrictBool, StrictStr

from services.gateway.schemas import Body


class SecondFactorCodeBody(Body):
    code: StrictStr = Field(min_length=1, max_length=64, description="The 6-digit code from the authenticator app.")


class StepUpBody(Body):
    second_factor: StrictStr = Field(min_length=1, max_length=64,
                                     description="A current TOTP code, or one of the recovery codes (used up).")


class ErasureBody(Body):
    password: StrictStr = Field(default="", max_length=1024,
                                description="The account's password; empty for accounts that sign in only "
                                            "with an ID provider.")
    confirm: StrictBool = Field(description="Must be true: erasure cannot be undone.")


class AccountActiveBody(Body):
    active: StrictBool
