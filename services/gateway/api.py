"""The public REST API, ``/api/v1``: JSON in, JSON out, problem+json on every error.

Authentication is a bearer access token that the gateway passes on to the services; the
services decide what it allows. The gateway only checks that there is one.
"""

from __future__ import annotations

import logging
import re

import grpc
from flask import current_app, g, jsonify, request, url_for

from services.gateway import resources
from services.gateway.api_blueprint import api_blueprint, no_content
from services.gateway.identity_client import IdentityClient
from services.gateway.problems import (
    Problem,
    not_signed_in,
    too_many_attempts,
)
from services.gateway.schemas import (
    CareRelationshipBody,
    ConsentBody,
    LoginBody,
    NewAccountBody,
    PseudonymBody,
    RefreshBody,
    parse_body,
)
from services.gateway.throttle import LoginThrottle

log = logging.getLogger(__name__)

api = api_blueprint("api", __name__)

# Identity answers these when the credentials were wrong or the account is locked.
LOGIN_FAILURE_CODES = (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.RESOURCE_EXHAUSTED)
CONSENT_KINDS = ("terms", "research")
# RFC 6750 b64token: anything else cannot be a token, and gRPC refuses it as metadata.
_BEARER_TOKEN = re.compile(r"[A-Za-z0-9._~+/-]+=*")


def identity() -> IdentityClient:
    return current_app.extensions["reconnect_identity"]


def throttle() -> LoginThrottle:
    return current_app.extensions["reconnect_throttle"]


def bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not _BEARER_TOKEN.fullmatch(token.strip()):
        raise not_signed_in()
    return token.strip()


# Sessions


@api.post("/auth/login")
def login():
    body = parse_body(LoginBody)
    tenant = g.tenant.slug
    address = request.remote_addr or ""
    wait = throttle().retry_after(tenant, body.username, address)
    if wait:
        log.info("login_throttled", extra={"tenant": tenant})
        raise too_many_attempts(wait)
    try:
        if body.second_factor:
            pair = identity().login_with_second_factor(tenant, body.username, body.password, body.second_factor)
        else:
            pair = identity().login(tenant, body.username, body.password)
    except grpc.RpcError as error:
        if error.code() in LOGIN_FAILURE_CODES:
            throttle().failed(tenant, body.username, address)
            log.info("login_failed", extra={"tenant": tenant, "code": error.code().name})
        raise
    return jsonify(resources.token_pair(pair))


@api.post("/auth/refresh")
def refresh():
    body = parse_body(RefreshBody)
    return jsonify(resources.token_pair(identity().refresh(body.refresh_token)))


@api.post("/auth/logout")
def logout():
    body = parse_body(RefreshBody)
    identity().logout(body.refresh_token)
    return no_content()


# The caller's own account


@api.get("/me")
def me():
    return jsonify(resources.account(identity().get_me(bearer_token())))


@api.put("/me/pseudonym")
def set_pseudonym():
    token = bearer_token()
    body = parse_body(PseudonymBody)
    return jsonify(resources.account(identity().set_pseudonym(token, body.pseudonym)))


@api.get("/me/consents")
def list_consents():
    reply = identity().list_consents(bearer_token())
    return jsonify(
        {
            "consents": [resources.consent(consent) for consent in reply.consents],
            "current_terms_version": reply.current_terms_version,
            "current_research_version": reply.current_research_version,
        }
    )


@api.post("/me/consents")
def give_consent():
    token = bearer_token()
    body = parse_body(ConsentBody)
    return jsonify(resources.consent(identity().give_consent(token, body.kind, body.version))), 201


@api.delete("/me/consents/<kind>")
def withdraw_consent(kind: str):
    token = bearer_token()
    if kind not in CONSENT_KINDS:
        raise Problem(404, "unknown-consent-kind", "Unknown consent kind",
                      "the consent kind is 'terms' or 'research'", field="kind")
    return jsonify(resources.consent(identity().withdraw_consent(token, kind)))


# The tenant


@api.get("/tenant")
def tenant():
    return jsonify(resources.tenant(g.tenant))


# Tenant administration


@api.get("/admin/accounts")
def list_accounts():
    token = bearer_token()
    raw_size = request.args.get("page_size", "50")
    # The allowed range is identity's to decide; here only "is it a number".
    if not raw_size.isdigit() or len(raw_size) > 6:
        raise Problem(400, "invalid-request", "Invalid request", "page_size: a whole number", field="page_size")
    reply = identity().list_accounts(token, g.tenant.slug, int(raw_size), request.args.get("page_token", ""))
    return jsonify(
        {
            "accounts": [resources.account(account) for account in reply.accounts],
            "next_page_token": reply.next_page_token,
        }
    )


@api.post("/admin/accounts")
def create_account():
    token = bearer_token()
    body = parse_body(NewAccountBody)
    created = identity().create_account(token, tenant=g.tenant.slug, **body.model_dump())
    response = jsonify(resources.account(created))
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_account", account_id=created.id)
    return response


@api.get("/admin/accounts/<account_id>")
def get_account(account_id: str):
    return jsonify(resources.account(identity().get_account(bearer_token(), account_id)))


@api.get("/care-relationships")
def list_care_relationships():
    token = bearer_token()
    provider_id = request.args.get("provider_id", "")
    service_user_id = request.args.get("service_user_id", "")
    if provider_id and service_user_id:
        raise Problem(400, "invalid-request", "Invalid request",
                      "give provider_id or service_user_id, not both", field="provider_id")
    relationships = identity().list_care_relationships(token, provider_id, service_user_id)
    return jsonify({"relationships": [resources.care_relationship(r) for r in relationships]})


@api.post("/care-relationships")
def add_care_relationship():
    token = bearer_token()
    body = parse_body(CareRelationshipBody)
    created = identity().add_care_relationship(token, body.provider_id, body.service_user_id)
    return jsonify(resources.care_relationship(created)), 201


@api.delete("/care-relationships/<relationship_id>")
def remove_care_relationship(relationship_id: str):
    identity().remove_care_relationship(bearer_token(), relationship_id)
    return no_content()
