"""Request bodies of the JSON API, validated with pydantic.

Unknown fields are refused so a misspelt field name fails loudly instead of being
ignored. Error details are pydantic's fixed texts, never the submitted value.
"""

from __future__ import annotations

import json
from typing import Literal, TypeVar

from flask import request
from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError

from services.gateway.identity_client import ROLES_BY_NAME
from services.gateway.problems import Problem, invalid_body

RoleName = Literal[tuple(ROLES_BY_NAME)]  # type: ignore[valid-type]
ConsentKindName = Literal["terms", "research"]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class LoginBody(Body):
    username: StrictStr = Field(min_length=1, max_length=200)
    password: StrictStr = Field(min_length=1, max_length=1024)


class RefreshBody(Body):
    refresh_token: StrictStr = Field(min_length=1, max_length=4096)


class PseudonymBody(Body):
    pseudonym: StrictStr = Field(max_length=200)


class ConsentBody(Body):
    kind: ConsentKindName
    version: StrictStr = Field(min_length=1, max_length=64)


class NewAccountBody(Body):
    username: StrictStr = Field(min_length=1, max_length=200)
    password: StrictStr = Field(default="", max_length=1024)
    roles: list[RoleName] = Field(min_length=1)
    real_name: StrictStr = Field(default="", max_length=400)
    email: StrictStr = Field(default="", max_length=400)
    phone: StrictStr = Field(default="", max_length=64)


class CareRelationshipBody(Body):
    provider_id: StrictStr = Field(min_length=1, max_length=100)
    service_user_id: StrictStr = Field(min_length=1, max_length=100)


B = TypeVar("B", bound=Body)


def parse_body(model: type[B]) -> B:
    """The request's JSON body as ``model``, or a 400/415 problem naming what is wrong."""
    if not request.is_json:
        raise Problem(415, "unsupported-media-type", "Unsupported media type",
                      "send the body as application/json")
    try:
        data = json.loads(request.get_data(cache=False) or b"")
    except (ValueError, UnicodeDecodeError):
        raise invalid_body("", "the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise invalid_body("", "the body must be a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_input=False, include_url=False)[0]
        field = ".".join(str(part) for part in first["loc"])
        message = "is required" if first["type"] == "missing" else first["msg"]
        if first["type"] == "extra_forbidden":
            message = "is not a known field"
        raise invalid_body(field, f"{field}: {message}") from None
