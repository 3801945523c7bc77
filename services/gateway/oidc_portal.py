"""Sign-in with an OpenID provider in the portal: the national ID provider for service
users, the health sector's for health providers.

``GET /login/oidc/<provider>`` starts it and sends the browser to the provider (a link,
not a form: the portal's CSP allows forms to post only to itself, redirects included; a
forged link can start a sign-in but never finish one, the state lives in the cookie);
``GET /login/oidc/callback`` is where the provider sends it back. Identity decides who
the ID token names and whether it is good enough; this module turns every refusal into a
page that says what to do, and logs only fixed reason words (never a token, a code, a
claim or the provider's free text).
"""

from __future__ import annotations

import logging

import grpc
from flask import Blueprint, current_app, g, redirect, render_template, request, url_for
from flask_babel import get_locale

from reconnect.identity.v1 import identity_pb2 as pb
from services.gateway import oidc_session, portal_session
from services.gateway.middleware import CONTENT_SECURITY_POLICY
from services.gateway.oidc_client import ClientCredentials, OidcClient, ProviderUnavailable, TokenRefused
from services.gateway.portal import identity, tenant_page
from services.kit.errors import details_from_rpc_error

log = logging.getLogger(__name__)

oidc_portal = Blueprint("oidc", __name__)

# OAuth 2.0 error codes a provider may send back (RFC 6749 §4.1.2.1, OpenID Connect Core
# §3.1.2.6); only these are logged, anything else as "other".
PROVIDER_ERRORS = frozenset({
    "access_denied", "invalid_request", "unauthorized_client", "unsupported_response_type", "invalid_scope",
    "server_error", "temporarily_unavailable", "interaction_required", "login_required", "account_selection_required",
    "consent_required", "invalid_request_uri", "invalid_request_object", "request_not_supported",
    "request_uri_not_supported", "registration_not_supported",
})
# What identity says about a token it refuses (services/identity/oidc.py), as a page text key.
TOKEN_REFUSALS = {
    "insufficient_assurance": "assurance",
    "token_expired": "expired",
    "replayed_nonce": "replayed",
}


def oidc() -> OidcClient:
    return current_app.extensions["reconnect_oidc"]


def credentials_for(provider: pb.OidcProvider) -> ClientCredentials:
    settings = current_app.config["RECONNECT_SETTINGS"]
    for client in settings.oidc_clients:
        if client.provider == provider.name:
            return ClientCredentials(provider.client_id, client.auth_method, client.client_secret.get_secret_value())
    return ClientCredentials(provider.client_id)


def _provider(tenant: str, name: str) -> pb.OidcProvider | None:
    return next((p for p in identity().list_oidc_providers(tenant).providers if p.name == name), None)


def _redirect_uri() -> str:
    # Exactly as registered at the provider; behind TLS termination the request itself says http.
    production = current_app.config["RECONNECT_SETTINGS"].environment == "production"
    return url_for("oidc.callback", _external=True, _scheme="https" if production else request.scheme)


def refused(kind: str, status: int, reason: str, provider: str = ""):
    """The page for a sign-in that did not happen; nothing of the attempt stays in the session."""
    oidc_session.discard()
    log.info("oidc_login_refused", extra={"tenant": g.tenant.slug, "provider": provider, "reason": reason})
    return render_template("login_refused.html", kind=kind), status


@oidc_portal.get("/login/oidc/<name>")
@tenant_page
def start(name: str):
    provider = _provider(g.tenant.slug, name)
    if provider is None:
        return refused("unknown_provider", 404, "unknown_provider")
    state, nonce, challenge = oidc_session.begin(
        g.tenant.slug, provider.name, current_app.config["RECONNECT_SETTINGS"].oidc_login_seconds)
    try:
        target = oidc().authorization_url(
            provider.issuer, client_id=provider.client_id, redirect_uri=_redirect_uri(), state=state, nonce=nonce,
            code_challenge=challenge, acr=provider.acr, locale=str(get_locale() or ""),
        )
    except ProviderUnavailable:
        return refused("unavailable", 503, "provider_unavailable", provider.name)
    log.info("oidc_login_started", extra={"tenant": g.tenant.slug, "provider": provider.name})
    return redirect(target)


@oidc_portal.get("/login/oidc/callback")
@tenant_page
def callback():
    tenant = g.tenant.slug
    pending = oidc_session.take(tenant, request.args.get("state", ""))
    provider_name = pending["provider"] if pending else ""
    error = request.args.get("error", "")
    if error:
        # The provider's error_description is free text from outside: neither logged nor shown.
        reason = error if error in PROVIDER_ERRORS else "other"
        kind = "cancelled" if error == "access_denied" else "provider_error"
        return refused(kind, 400, f"provider_{reason}", provider_name)
    if pending is None:
        return refused("state", 400, "bad_state")
    code = request.args.get("code", "")
    provider = _provider(tenant, provider_name)
    if not code or provider is None:
        return refused("provider_error", 400, "no_code" if not code else "unknown_provider", provider_name)
    try:
        id_token = oidc().exchange_code(provider.issuer, credentials_for(provider), code=code,
                                        redirect_uri=_redirect_uri(), code_verifier=pending["verifier"])
    except TokenRefused as refusal:
        reason = refusal.error if refusal.error in ("invalid_grant", "invalid_client", "unauthorized_client",
                                                    "invalid_request", "no_id_token") else "other"
        return refused("provider_error", 400, f"token_{reason}", provider.name)
    except ProviderUnavailable:
        return refused("unavailable", 503, "provider_unavailable", provider.name)
    try:
        pair = identity().login_with_id_token(tenant, provider.name, id_token, pending["nonce"])
    except grpc.RpcError as rpc_error:
        code_name = rpc_error.code()
        _field, reason = details_from_rpc_error(rpc_error)
        if code_name == grpc.StatusCode.UNAUTHENTICATED:
            if reason == "provider_unavailable":
                return refused("unavailable", 503, reason, provider.name)
            return refused(TOKEN_REFUSALS.get(reason, "invalid"), 401, reason or "invalid_token", provider.name)
        if code_name == grpc.StatusCode.NOT_FOUND:
            return refused("no_account", 403, reason or "unknown_person", provider.name)
        if code_name in (grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.FAILED_PRECONDITION):
            return refused("invalid", 400, reason or code_name.name.lower(), provider.name)
        raise  # identity down or overloaded: the app's error page (503/502)
    portal_session.sign_in(tenant, pair)
    oidc_session.remember(provider.name, provider.issuer, provider.client_id, id_token,
                          oidc().end_session_origin(provider.issuer))
    log.info("oidc_login", extra={"tenant": tenant, "provider": provider.name})
    return redirect(url_for("portal.home"))



@oidc_portal.after_app_request
def _allow_provider_logout(response):
    """The sign-out button is a form, and the portal's CSP lets forms go only to the portal,
    redirects included: a session from a provider with a logout endpoint may also go there.
    Runs before the middleware's headers, which only fill in what is not set."""
    origin = oidc_session.logout_origin()
    if origin and "Content-Security-Policy" not in response.headers:
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
            "form-action 'self'", f"form-action 'self' {origin}")
    return response
