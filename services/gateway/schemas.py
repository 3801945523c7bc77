"""Request bodies of the JSON API, validated with pydantic.

Unknown fields are refused so a misspelt field name fails loudly instead of being
ignored. Error details are pydantic's fixed texts, never the submitted value.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Literal, TypeVar

from flask import request
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, ValidationError

from services.gateway.forum_client import REACTION_KINDS
from services.gateway.identity_client import NAME_KINDS, ROLES_BY_NAME
from services.gateway.problems import Problem, invalid_body

# What a field name looks like, so an unknown key is named back only when it is one.
FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,40}(\.[a-z0-9_]{1,40})*")
# Protobuf's int32: a JSON number beyond it must be refused here, not fail while the
# gRPC request is built.
Int32 = Annotated[StrictInt, Field(ge=-(2**31), le=2**31 - 1)]

RoleName = Literal[tuple(ROLES_BY_NAME)]  # type: ignore[valid-type]
ConsentKindName = Literal["terms", "research"]
NameKind = Literal[tuple(NAME_KINDS)]  # type: ignore[valid-type]
ReactionKind = Literal[REACTION_KINDS]  # type: ignore[valid-type]

# The forum service decides the exact bounds (and answers with the field at fault); these
# only keep absurd sizes away from it.
TEXT_LIMIT = 20_000


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class LoginBody(Body):
    username: StrictStr = Field(min_length=1, max_length=200)
    password: StrictStr = Field(min_length=1, max_length=1024)
    # Staff with a second factor: a TOTP or recovery code (without it: 409, reason second_factor_required).
    second_factor: StrictStr = Field(default="", max_length=64)


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


# The forum


class SpaceBody(Body):
    name: StrictStr = Field(min_length=1, max_length=200)
    tenants: list[StrictStr] = Field(min_length=1, max_length=100)


class CategoryBody(Body):
    name: StrictStr = Field(min_length=1, max_length=200)
    description: StrictStr = Field(default="", max_length=1000)


class CheckBody(Body):
    body: StrictStr = Field(max_length=TEXT_LIMIT)
    title: StrictStr = Field(default="", max_length=1000)


class NewThreadBody(Body):
    title: StrictStr = Field(max_length=1000)
    body: StrictStr = Field(max_length=TEXT_LIMIT)
    sensitive: StrictBool = False
    circle_id: StrictStr = Field(default="", max_length=100, description="Close the thread to one of your circles.")
    post_anyway: StrictBool = Field(default=False, description="Publish although the check found details.")
    exercise: StrictBool = Field(default=False, description="A moderator's reflection task.")
    cafe_id: StrictStr = Field(default="", max_length=100)


class ReplyBody(Body):
    body: StrictStr = Field(max_length=TEXT_LIMIT)
    sensitive: StrictBool = False
    post_anyway: StrictBool = False


class EditPostBody(Body):
    body: StrictStr = Field(max_length=TEXT_LIMIT)
    post_anyway: StrictBool = False


class ReasonBody(Body):
    reason: StrictStr = Field(min_length=1, max_length=500)


class MoveThreadBody(Body):
    category_id: StrictStr = Field(min_length=1, max_length=100)


class ReadOnlyBody(Body):
    until: StrictStr = Field(min_length=10, max_length=40, description="ISO 8601 date or time (UTC when no offset).")
    reason: StrictStr = Field(default="", max_length=500)


class CrisisContactBody(Body):
    name: StrictStr = Field(min_length=1, max_length=200)
    phone: StrictStr = Field(min_length=3, max_length=20)


class WordListsBody(Body):
    places: list[StrictStr] = Field(default_factory=list, max_length=2000)
    crisis_words: list[StrictStr] = Field(default_factory=list, max_length=2000)
    crisis_contacts: list[CrisisContactBody] = Field(default_factory=list, max_length=50)


# Reveals and circles


class RevealBody(Body):
    name_kind: NameKind
    cafe_name: StrictStr = Field(default="", max_length=100)


class CircleBody(Body):
    name: StrictStr = Field(min_length=1, max_length=200)
    name_kind: NameKind
    cafe_name: StrictStr = Field(default="", max_length=100)
    invitee_ids: list[StrictStr] = Field(default_factory=list, max_length=30)


class InviteBody(Body):
    account_id: StrictStr = Field(min_length=1, max_length=100)


class AnswerBody(Body):
    accept: StrictBool
    name_kind: NameKind | None = Field(default=None, description="Required when accepting.")
    cafe_name: StrictStr = Field(default="", max_length=100)


# Messaging (the service decides the exact bounds and answers with the field at fault)

class StartConversationBody(Body):
    subject: StrictStr = Field(max_length=1000)
    participant_ids: list[Annotated[StrictStr, Field(min_length=1, max_length=100)]] = Field(
        min_length=1, max_length=20,
        description="A service user: some of their own providers. A provider: one service user in their care.")
    first_message: StrictStr = Field(max_length=TEXT_LIMIT)


class MessageBody(Body):
    body: StrictStr = Field(max_length=TEXT_LIMIT)


class ColleagueBody(Body):
    provider_id: StrictStr = Field(min_length=1, max_length=100,
                                   description="A provider in the service user's care team.")


class MarkNotificationsReadBody(Body):
    ids: list[Annotated[StrictStr, Field(min_length=1, max_length=100)]] = Field(
        default_factory=list, max_length=500, description="The notifications to mark read.")
    all: StrictBool = Field(default=False, description="Mark every notification read (instead of ids).")


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
            if not FIELD_NAME.fullmatch(field):
                # An unknown key is the caller's text, which may be anything (a name, a number):
                # echo it only when it looks like a field name.
                raise invalid_body("", "the body has an unknown field") from None
        raise invalid_body(field, f"{field}: {message}") from None
