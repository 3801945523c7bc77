"""The OpenAPI 3.1 description of ``/api``, served at ``/api/openapi.json``.

Request schemas come from the same pydantic models that validate the bodies, so the
document cannot drift from what the gateway accepts. A test walks the URL map and fails
when a route is missing here, or described here but not served.
"""

from __future__ import annotations

from flask import Blueprint, jsonify

from services.gateway.identity_client import ROLES_BY_NAME
from services.gateway.schemas import (
    CareRelationshipBody,
    ConsentBody,
    LoginBody,
    NewAccountBody,
    PseudonymBody,
    RefreshBody,
)

docs = Blueprint("openapi", __name__)

_TIMESTAMP = {"type": ["string", "null"], "format": "date-time"}

COMPONENT_SCHEMAS: dict[str, dict] = {
    "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details (media type application/problem+json).",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"type": "string", "format": "uri"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "field": {"type": "string", "description": "The request field at fault, when there is one."},
            "request_id": {"type": "string"},
        },
    },
    "TokenPair": {
        "type": "object",
        "required": ["access_token", "access_expires_at", "refresh_token", "refresh_expires_at", "token_type"],
        "properties": {
            "access_token": {"type": "string"},
            "access_expires_at": _TIMESTAMP,
            "refresh_token": {"type": "string"},
            "refresh_expires_at": _TIMESTAMP,
            "token_type": {"const": "Bearer"},
        },
    },
    "Account": {
        "type": "object",
        "required": ["id", "tenant", "username", "roles", "pseudonym"],
        "properties": {
            "id": {"type": "string"},
            "tenant": {"type": "string"},
            "username": {"type": "string"},
            "roles": {"type": "array", "items": {"enum": list(ROLES_BY_NAME)}},
            "pseudonym": {"type": "string", "description": "Empty until chosen."},
            "real_name": {"type": "string", "description": "Only for the account itself and its tenant's admins."},
            "email": {"type": "string"},
            "phone": {"type": "string"},
            "active": {"type": "boolean"},
            "created_at": _TIMESTAMP,
        },
    },
    "AccountPage": {
        "type": "object",
        "properties": {
            "accounts": {"type": "array", "items": {"$ref": "#/components/schemas/Account"}},
            "next_page_token": {"type": "string"},
        },
    },
    "Consent": {
        "type": "object",
        "properties": {
            "kind": {"enum": ["terms", "research"]},
            "version": {"type": "string"},
            "given_at": _TIMESTAMP,
            "withdrawn": {"type": "boolean"},
        },
    },
    "Consents": {
        "type": "object",
        "properties": {
            "consents": {"type": "array", "items": {"$ref": "#/components/schemas/Consent"}},
            "current_terms_version": {"type": "string"},
            "current_research_version": {"type": "string"},
        },
    },
    "Tenant": {
        "type": "object",
        "properties": {
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "locale": {"type": "string"},
            "time_zone": {"type": "string"},
        },
    },
    "CareRelationship": {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "tenant": {"type": "string"},
            "provider_id": {"type": "string"},
            "service_user_id": {"type": "string"},
            "provider_pseudonym": {"type": "string"},
            "service_user_pseudonym": {"type": "string"},
            "created_at": _TIMESTAMP,
        },
    },
    "CareRelationships": {
        "type": "object",
        "properties": {
            "relationships": {"type": "array", "items": {"$ref": "#/components/schemas/CareRelationship"}},
        },
    },
}

for _model in (LoginBody, RefreshBody, PseudonymBody, ConsentBody, NewAccountBody, CareRelationshipBody):
    COMPONENT_SCHEMAS[_model.__name__] = _model.model_json_schema(ref_template="#/components/schemas/{model}")

_PROBLEM_CONTENT = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
_PROBLEM_TEXT = {
    400: "Malformed JSON, a missing field or a value of the wrong type; `field` names it.",
    401: "No, expired or invalid access token.",
    403: "The token does not allow this.",
    404: "Unknown tenant or resource.",
    409: "Conflicts with the current state.",
    415: "The body is not application/json.",
    429: "Too many attempts; see Retry-After.",
    503: "A service behind the gateway is unavailable; see Retry-After.",
}


def _json(ref: str) -> dict:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}


def _operation(summary: str, *, ok: int = 200, result: str | None = None, body: str | None = None,
               auth: bool = True, problems: tuple[int, ...] = (), parameters: list | None = None,
               tag: str = "") -> dict:
    responses: dict[str, dict] = {}
    responses[str(ok)] = {"description": "Success"} | ({"content": _json(result)} if result else {})
    codes = set(problems) | {404, 503}
    if auth:
        codes |= {401, 403}
    if body:
        codes |= {400, 415}
    for code in sorted(codes):
        responses[str(code)] = {"description": _PROBLEM_TEXT[code], "content": _PROBLEM_CONTENT}
    responses["default"] = {"description": "Unexpected error (only a request id).", "content": _PROBLEM_CONTENT}
    operation: dict = {"summary": summary, "responses": responses, "tags": [tag] if tag else []}
    operation["security"] = [{"bearer": []}] if auth else []
    if body:
        operation["requestBody"] = {"required": True, "content": _json(body)}
    if parameters:
        operation["parameters"] = parameters
    return operation


def _path_param(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def _query_param(name: str, schema: dict, description: str = "") -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


PATHS: dict[str, dict] = {
    "/api/v1/auth/login": {
        "post": _operation("Sign in with username and password", result="TokenPair", body="LoginBody",
                           auth=False, problems=(401, 429), tag="auth"),
    },
    "/api/v1/auth/refresh": {
        "post": _operation("Exchange a refresh token for a new pair (the old one stops working)",
                           result="TokenPair", body="RefreshBody", auth=False, problems=(401,), tag="auth"),
    },
    "/api/v1/auth/logout": {
        "post": _operation("Revoke a refresh token", ok=204, body="RefreshBody", auth=False, problems=(401,),
                           tag="auth"),
    },
    "/api/v1/me": {"get": _operation("The caller's account", result="Account", tag="me")},
    "/api/v1/me/pseudonym": {
        "put": _operation("Choose or change the pseudonym", result="Account", body="PseudonymBody",
                          problems=(409,), tag="me"),
    },
    "/api/v1/me/consents": {
        "get": _operation("The caller's consents and the versions in force", result="Consents", tag="me"),
        "post": _operation("Give a consent", ok=201, result="Consent", body="ConsentBody", problems=(409,),
                           tag="me"),
    },
    "/api/v1/me/consents/{kind}": {
        "delete": _operation("Withdraw a consent", result="Consent", problems=(409,), tag="me",
                             parameters=[_path_param("kind") | {"schema": {"enum": ["terms", "research"]}}]),
    },
    "/api/v1/tenant": {
        "get": _operation("The municipality this address serves", result="Tenant", auth=False, tag="tenant"),
    },
    "/api/v1/admin/accounts": {
        "get": _operation(
            "Accounts of the tenant (tenant admin)", result="AccountPage", problems=(400,), tag="admin",
            parameters=[
                _query_param("page_size", {"type": "integer", "minimum": 1, "default": 50}),
                _query_param("page_token", {"type": "string"}, "next_page_token of the previous page"),
            ],
        ),
        "post": _operation("Create an account in the tenant (tenant admin)", ok=201, result="Account",
                           body="NewAccountBody", problems=(409,), tag="admin"),
    },
    "/api/v1/admin/accounts/{account_id}": {
        "get": _operation("One account (tenant admin)", result="Account", tag="admin",
                          parameters=[_path_param("account_id")]),
    },
    "/api/v1/care-relationships": {
        "get": _operation(
            "Care relationships of a provider or a service user (none given: the caller's own)",
            result="CareRelationships", problems=(400,), tag="care",
            parameters=[_query_param("provider_id", {"type": "string"}),
                        _query_param("service_user_id", {"type": "string"})],
        ),
        "post": _operation("Add a care relationship (tenant admin)", ok=201, result="CareRelationship",
                           body="CareRelationshipBody", problems=(409,), tag="care"),
    },
    "/api/v1/care-relationships/{relationship_id}": {
        "delete": _operation("End a care relationship (tenant admin)", ok=204, tag="care",
                             parameters=[_path_param("relationship_id")]),
    },
    "/api/openapi.json": {
        "get": {
            "summary": "This document",
            "security": [],
            "responses": {"200": {"description": "OpenAPI 3.1 document",
                                  "content": {"application/json": {"schema": {"type": "object"}}}}},
        },
    },
}

TENANT_NOTE = (
    "Every /api/v1 route serves the municipality named by the host (`<slug>.<base domain>`) or, "
    "for local use, the `X-Tenant: <slug>` header; an unknown one answers 404 with field `tenant`."
)


def document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "ReConnect API", "version": "1.0.0", "description": TENANT_NOTE},
        "servers": [{"url": "/"}],
        "paths": PATHS,
        "components": {
            "schemas": COMPONENT_SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
        },
    }


@docs.get("/api/openapi.json")
def openapi_json():
    return jsonify(document())
