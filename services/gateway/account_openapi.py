"""The account routes' part of the OpenAPI document (see openapi.py, which imports this
module once it has defined its helpers): one's sessions, second factor and erasure, and a
tenant admin's deactivation switch."""

from __future__ import annotations

from services.gateway import account_schemas
from services.gateway.openapi import (
    _TIMESTAMP,
    COMPONENT_SCHEMAS,
    PATHS,
    _operation,
    _path_param,
    _query_param,
)

COMPONENT_SCHEMAS.update({
    "Session": {
        "type": "object",
        "description": "One sign-in (a refresh-token family) of the caller.",
        "required": ["id", "started_at", "last_used_at", "expires_at", "current"],
        "properties": {
            "id": {"type": "string"},
            "started_at": _TIMESTAMP,
            "last_used_at": _TIMESTAMP,
            "expires_at": {**_TIMESTAMP, "description": "The idle or the absolute limit, whichever comes first."},
            "current": {"type": "boolean", "description": "The sign-in of the token that asked."},
        },
    },
    "Sessions": {
        "type": "object",
        "properties": {"sessions": {"type": "array", "items": {"$ref": "#/components/schemas/Session"}}},
    },
    "TotpSetup": {
        "type": "object",
        "required": ["secret", "provisioning_uri"],
        "properties": {
            "secret": {"type": "string", "description": "Base32, for typing into an authenticator app."},
            "provisioning_uri": {"type": "string", "description": "otpauth:// address, for a QR code."},
        },
    },
    "TotpConfirmed": {
        "type": "object",
        "required": ["recovery_codes", "tokens"],
        "properties": {
            "recovery_codes": {"type": "array", "items": {"type": "string"},
                               "description": "Shown once; each works once in place of a code."},
            "tokens": {"$ref": "#/components/schemas/TokenPair"},
        },
    },
    "ErasureStatus": {
        "type": "object",
        "required": ["requested_at", "done", "services"],
        "properties": {
            "requested_at": _TIMESTAMP,
            "done": {"type": "boolean"},
            "services": {"type": "array", "items": {"type": "object", "properties": {
                "service": {"type": "string"}, "completed_at": _TIMESTAMP}}},
            "receipt": {"type": "string", "description": "Only in the answer to the request, once: keep it to "
                                                         "follow the progress after the account is gone."},
        },
    },
})

for _model in (account_schemas.SecondFactorCodeBody, account_schemas.StepUpBody, account_schemas.ErasureBody,
               account_schemas.AccountActiveBody):
    _schema = _model.model_json_schema(ref_template="#/components/schemas/{model}")
    COMPONENT_SCHEMAS[_model.__name__] = _schema


def _me(summary: str, **kwargs) -> dict:
    return _operation(summary, tag="account", **kwargs)


PATHS.update({
    "/api/v1/me/sessions": {
        "get": _me("The caller's sign-ins, oldest first; `current` marks the one asking", result="Sessions"),
    },
    "/api/v1/me/sessions/{session_id}": {
        "delete": _me("End one of the caller's sign-ins (its refresh token stops working; its access token "
                      "lapses within 15 minutes); anyone else's is 404", ok=204,
                      parameters=[_path_param("session_id")]),
    },
    "/api/v1/me/second-factor": {
        "post": _me("Begin setting up a second factor (TOTP): the secret and an otpauth:// address. Set up "
                    "already: 409, reason `already_set_up`", ok=201, result="TotpSetup", problems=(409,)),
    },
    "/api/v1/me/second-factor/confirm": {
        "post": _me("Confirm the set-up with a current code: the recovery codes (shown once) and new tokens for "
                    "this sign-in, now with the second factor. A wrong code: 400, field `code`, reason `bad_code`",
                    result="TotpConfirmed", body="SecondFactorCodeBody", problems=(409,)),
    },
    "/api/v1/me/step-up": {
        "post": _me("Renew the second factor on this sign-in (staff powers need one from the last hour; "
                    "services answer 403 with reason `second_factor_required` otherwise): new tokens. A wrong code: "
                    "401, field `second_factor`; none set up: 409, reason `second_factor_not_set_up`",
                    result="TokenPair", body="StepUpBody", problems=(409,)),
    },
    "/api/v1/me/erasure": {
        "post": _me("Ask to be forgotten (cannot be undone): identity erases names and contact details at once and "
                    "ends every sign-in; each service then erases its part. Answers 202 with the receipt. A wrong "
                    "password: 401, field `password`", ok=202, result="ErasureStatus", body="ErasureBody"),
        "get": _me("The progress of an erasure, by its receipt (no token needed: the account is gone)",
                   result="ErasureStatus", auth=False, problems=(400,),
                   parameters=[_query_param("receipt", {"type": "string"}, "the receipt from the request")]),
    },
    "/api/v1/accounts/{account_id}/active": {
        "put": _operation("Deactivate (cannot sign in, every sign-in ends, content stays under the pseudonym) or "
                          "reactivate an account (tenant admin of its municipality, or region admin)",
                          result="Account", body="AccountActiveBody", tag="admin",
                          parameters=[_path_param("account_id")]),
    },
})
