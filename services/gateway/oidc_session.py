"""What a sign-in with an OpenID provider keeps in the portal's signed session cookie.

Before the redirect: ``state``, ``nonce``, the PKCE ``code_verifier``, the tenant and the
provider, with an expiry. The callback takes them out whatever happens next, so one
cookie serves one callback. A copy of the cookie taken before the callback could be
replayed (a cookie session has no server-side memory), but then the code is spent at the
provider, and the nonce is spent at identity, which remembers every nonce it accepted.

After sign-in: the provider and the ID token as ``id_token_hint`` for the provider's
logout. The ID token names the person (the national ID number is one of its claims) and
the session cookie is signed, not encrypted, so the token is kept encrypted under a key
derived from the gateway's secret key; it is never logged and never shown.

Also here, for portal.py (which oidc_portal.py imports, so not the other way round): the
login page's choices and the provider logout target.
"""

from __future__ import annotations

import base64
import os
import secrets
import time

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app, request, session, url_for
from flask_babel import gettext as _

from reconnect.identity.v1 import identity_pb2 as pb
from services.gateway.identity_client import ROLE_NAMES
from services.gateway.oidc_client import pkce_pair

PENDING_KEY = "oidc_pending"
SIGNED_IN_KEY = "oidc_signed_in"


def _hint_key() -> AESGCM:
    secret = current_app.config["SECRET_KEY"].encode()
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"reconnect id_token_hint").derive(secret)
    return AESGCM(key)


def _seal(value: str) -> str:
    nonce = os.urandom(12)
    return base64.urlsafe_b64encode(nonce + _hint_key().encrypt(nonce, value.encode(), b"id_token_hint")).decode()


def _open(sealed: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(sealed.encode())
        return _hint_key().decrypt(raw[:12], raw[12:], b"id_token_hint").decode()
    except (InvalidTag, ValueError):
        return ""  # a key rotation: log out locally, without the hint


def begin(tenant: str, provider: str, lifetime_seconds: int) -> tuple[str, str, str]:
    """A new sign-in attempt: (state, nonce, code_challenge). Replaces any unfinished one."""
    state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
    verifier, challenge = pkce_pair()
    session[PENDING_KEY] = {
        "state": state, "nonce": nonce, "verifier": verifier, "tenant": tenant, "provider": provider,
        "expires": int(time.time()) + lifetime_seconds,
    }
    return state, nonce, challenge


def take(tenant: str, state: str) -> dict | None:
    """The attempt this callback belongs to, or None: missing, for another tenant, expired or
    another state. It is removed in every case: a state is good for one callback only."""
    pending = session.pop(PENDING_KEY, None)
    if not isinstance(pending, dict) or not state:
        return None
    if pending.get("tenant") != tenant or pending.get("expires", 0) < time.time():
        return None
    if not secrets.compare_digest(str(pending.get("state", "")), state):
        return None
    return pending


def discard() -> None:
    session.pop(PENDING_KEY, None)


def remember(provider: str, issuer: str, client_id: str, id_token: str, logout_origin: str) -> None:
    """After portal_session.sign_in: what the provider's logout needs."""
    session[SIGNED_IN_KEY] = {"provider": provider, "issuer": issuer, "client_id": client_id,
                              "hint": _seal(id_token), "logout_origin": logout_origin}


def logout_origin() -> str:
    """The origin of the provider's logout endpoint, for this session's CSP; empty if none."""
    kept = session.get(SIGNED_IN_KEY) if SIGNED_IN_KEY in session else None
    return str(kept.get("logout_origin", "")) if isinstance(kept, dict) else ""


def signed_in_with() -> tuple[str, str, str] | None:
    """(issuer, client_id, id_token_hint) of the provider this session signed in with, or None.
    Read it before signing out: signing out clears the session."""
    kept = session.get(SIGNED_IN_KEY)
    if not isinstance(kept, dict) or not kept.get("issuer"):
        return None
    return str(kept["issuer"]), str(kept.get("client_id", "")), _open(str(kept.get("hint", "")))


# -- what the login page and the logout need (portal.py; no import of it, so no cycle) --

def provider_label(provider: pb.OidcProvider) -> str:
    roles = {ROLE_NAMES.get(role, "") for role in provider.roles}
    if roles == {"service_user"}:
        return _("Sign in with electronic ID (for service users)")
    if roles == {"health_provider"}:
        return _("Sign in with electronic ID (for health providers)")
    return _("Sign in with electronic ID")


def login_choices(tenant: str) -> tuple[list[dict], bool]:
    """The buttons for the login page and whether the password form is shown."""
    listed = current_app.extensions["reconnect_identity"].list_oidc_providers(tenant)
    return [{"name": p.name, "label": provider_label(p)} for p in listed.providers], listed.password_login


def post_logout_redirect_uri() -> str:
    production = current_app.config["RECONNECT_SETTINGS"].environment == "production"
    return url_for("portal.login", _external=True, _scheme="https" if production else request.scheme)


def provider_logout_target() -> str:
    """Where to send the browser after the local sign-out, so the provider's session ends too;
    empty when the session did not come from a provider or the provider has no logout endpoint.
    Call it before signing out locally: signing out clears what it reads."""
    signed_in = signed_in_with()
    if signed_in is None:
        return ""
    issuer, client_id, hint = signed_in
    return current_app.extensions["reconnect_oidc"].end_session_url(
        issuer, id_token_hint=hint, post_logout_redirect_uri=post_logout_redirect_uri(), client_id=client_id)
