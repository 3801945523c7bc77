"""The account lifecycle's part of the OpenAPI document: moving an account to another
municipality, and the personal data export (see lifecycle_api.py). openapi.py imports
this module once its helpers exist; the module then adds its paths and schemas."""

from __future__ import annotations

from services.gateway.lifecycle_api import MoveBody
from services.gateway.openapi import (
    _TIMESTAMP,
    COMPONENT_SCHEMAS,
    PATHS,
    _operation,
    _path_param,
    _query_param,
)

COMPONENT_SCHEMAS["MoveBody"] = MoveBody.model_json_schema(ref_template="#/components/schemas/{model}")
COMPONENT_SCHEMAS["AccountMove"] = {
    "type": "object",
    "description": "A move of an account to another municipality.",
    "required": ["id", "account_id", "username", "from_tenant", "to_tenant", "state", "requested_at",
                 "decided_at", "care_relationships_ended"],
    "properties": {
        "id": {"type": "string"}, "account_id": {"type": "string"}, "username": {"type": "string"},
        "from_tenant": {"type": "string"}, "to_tenant": {"type": "string"},
        "state": {"enum": ["pending", "accepted", "cancelled"]},
        "requested_at": _TIMESTAMP, "decided_at": _TIMESTAMP,
        "care_relationships_ended": {"type": "integer", "description": "Set once accepted."},
    },
}
COMPONENT_SCHEMAS["AccountMoves"] = {
    "type": "object", "required": ["moves"],
    "properties": {"moves": {"type": "array", "items": {"$ref": "#/components/schemas/AccountMove"}}},
}

_MOVE = _path_param("move_id")
_ACCEPT = (
    "Accept a waiting move into the caller's municipality (its tenant admin, or a region admin). The account "
    "moves: its sealed details are re-encrypted under the new municipality's key, its care relationships end "
    "(conversations become read-only), every sign-in ends, and the toolbox and cafés follow through events. "
    "409 with reason `not_pending` when the move was decided already, `username_taken` when the destination "
    "has an account with the same username."
)

_export = _operation("Download everything ReConnect holds about the caller, as a zip: one JSON file per service "
                     "(identity, forum, messaging, toolbox, cafes) and a README.txt in Norwegian and English. "
                     "Any service unavailable: 503 with Retry-After (never a partial archive).", tag="me")
_export["responses"]["200"] = {
    "description": "The archive (Content-Disposition: attachment)",
    "content": {"application/zip": {"schema": {"type": "string", "contentMediaType": "application/zip"}}},
}

PATHS.update({
    "/api/v1/accounts/{account_id}/move": {
        "post": _operation(
            "Start moving an account to another municipality (the account's tenant admin, or a region admin); "
            "the destination's admin accepts it. 409 reasons: `move_pending`, `username_taken`, `admin_account`.",
            ok=201, result="AccountMove", body="MoveBody", problems=(409,), tag="admin",
            parameters=[_path_param("account_id")]),
    },
    "/api/v1/account-moves": {
        "get": _operation(
            "Moves waiting, into or out of the caller's municipality (tenant admin; a region admin may name one)",
            result="AccountMoves", problems=(400,), tag="admin",
            parameters=[_query_param("tenant", {"type": "string"}, "region admins: one municipality")]),
    },
    "/api/v1/account-moves/{move_id}/accept": {
        "post": _operation(_ACCEPT, result="AccountMove", problems=(409,), tag="admin", parameters=[_MOVE]),
    },
    "/api/v1/account-moves/{move_id}/cancel": {
        "post": _operation("Cancel a waiting move (the admin of either municipality, or a region admin)",
                           result="AccountMove", problems=(409,), tag="admin", parameters=[_MOVE]),
    },
    "/api/v1/me/export": {"get": _export},
})
