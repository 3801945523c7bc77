"""The portal's sign-in state: the caller's token pair in Flask's signed session cookie.

The cookie is signed, not encrypted; it holds only the person's own tokens, is HttpOnly
and is bound to the tenant it was issued for. The access token is refreshed shortly
before it expires (identity rotates the refresh token, so the new one is stored).

The portal's sign-in has limits of its own, as identity's sign-ins do: it ends after
``portal_idle_minutes`` without a request and ``portal_absolute_hours`` after signing in
(settings). The time of sign-in and of the last request are kept in the signed session,
and the cookie's signature carries when it was last written; all three are read with the
app's clock (``app.extensions["reconnect_clock"]``, injectable for tests). A session past
either limit is signed out (its refresh token revoked) and the person sent to sign in
with a message saying why.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import time
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

import grpc
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_babel import gettext as _
from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer

from reconnect.identity.v1 import identity_pb2 as pb
from services.gateway.identity_client import IdentityClient
from services.kit.errors import details_from_rpc_error

# Refresh this long before expiry, so a token does not run out between check and use.
REFRESH_MARGIN_SECONDS = 30
# Session keys that survive signing in and out: preferences, not identity.
KEPT_ACROSS_SIGN_IN = ("lang",)
SIGNED_IN_AT = "signed_in_at"
LAST_SEEN = "last_seen"
# A password sign-in waiting for the staff member's second factor (see hold_for_second_factor).
PENDING_LOGIN = "pending_login"
PENDING_LOGIN_SECONDS = 300

T = TypeVar("T")


class SignedOut(Exception):
    """There is no usable session; the person has to sign in (again)."""


def _identity() -> IdentityClient:
    return current_app.extensions["reconnect_identity"]


def now() -> float:
    """The app's clock (seconds since the epoch): tests inject one to pass 30 minutes in no time."""
    return current_app.extensions.get("reconnect_clock", time.time)()


# -- the cookie and its limits ----------------------------------------------------------------


class _PortalSession(SecureCookieSession):
    # When the cookie was last written (its signature's timestamp); 0 for a new session.
    written_at: float = 0.0


class PortalSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, with the signature's timestamp read from the app's
    clock and kept on the session, so the idle limit can also be checked against when the
    cookie was last written (a copied old cookie cannot claim a fresh ``last_seen``)."""

    session_class = _PortalSession

    def __init__(self, clock: Callable[[], float]):
        self._signer = type("ClockedSigner", (TimestampSigner,), {"get_timestamp": lambda _self: int(clock())})

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        if not app.secret_key:
            return None
        return URLSafeTimedSerializer(
            app.secret_key, salt=self.salt, serializer=self.serializer, signer=self._signer,
            signer_kwargs={"key_derivation": self.key_derivation, "digest_method": self.digest_method},
        )

    def should_set_cookie(self, app: Flask, session: SecureCookieSession) -> bool:
        # A permanent cookie is re-sent on every answer to extend it; a background request
        # (the live stream) must neither extend it nor, arriving late, put back a cleared one.
        if request.endpoint in BACKGROUND_ENDPOINTS:
            return session.modified
        return super().should_set_cookie(app, session)

    def open_session(self, app: Flask, request) -> _PortalSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        try:
            data, written = serializer.loads(value, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        opened = self.session_class(data)
        opened.written_at = written.timestamp()
        return opened


def install(app: Flask, idle_minutes: int, absolute_hours: int) -> None:
    """The portal's session cookie and its limits, on every page request."""
    clock = app.extensions.setdefault("reconnect_clock", time.time)
    app.session_interface = PortalSessionInterface(lambda: app.extensions.get("reconnect_clock", clock)())
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(minutes=idle_minutes)
    app.extensions["reconnect_portal_limits"] = (idle_minutes * 60, absolute_hours * 3600)
    app.before_request(_enforce_limits)


def _expired() -> str:
    """'idle', 'absolute' or '' for the signed-in session of this request."""
    idle, absolute = current_app.extensions["reconnect_portal_limits"]
    current = now()
    signed_in_at = session.get(SIGNED_IN_AT, 0)
    if not isinstance(signed_in_at, (int, float)) or current - signed_in_at > absolute:
        return "absolute"
    last_seen = session.get(LAST_SEEN, 0)
    written_at = getattr(session, "written_at", 0.0)
    if not isinstance(last_seen, (int, float)) or current - min(last_seen, written_at) > idle:
        return "idle"
    return ""


# Requests a page makes by itself, which do not count as someone using the portal.
BACKGROUND_ENDPOINTS = frozenset({"notifications.stream"})


def _enforce_limits():
    if request.path == "/api" or request.path.startswith("/api/") or request.endpoint == "static":
        return None  # the API uses bearer tokens, not the cookie
    if not session.get("refresh_token"):
        return None
    why = _expired()
    if not why:
        # The page's own live notification stream reconnects by itself every few minutes; it is
        # not the person using ReConnect, and must not keep an open tab on a shared computer
        # signed in for ever (nor write the cookie again from a response still in flight).
        if request.endpoint not in BACKGROUND_ENDPOINTS:
            session[LAST_SEEN] = now()
        return None
    idle, absolute = current_app.extensions["reconnect_portal_limits"]
    sign_out()
    if why == "idle":
        flash(_("You were signed out because ReConnect was not used for %(minutes)s minutes. Please sign in again.",
                minutes=idle // 60), "info")
    else:
        flash(_("You were signed out because you signed in more than %(hours)s hours ago. Please sign in again.",
                hours=absolute // 3600), "info")
    # Signing in again (here or with an ID provider) goes on; everything else starts at the login page.
    if request.path == "/login" or request.path.startswith("/login/") or request.endpoint == "portal.language":
        return None
    return redirect(url_for("portal.login"))


def _store(pair: pb.TokenPair) -> None:
    session["access_token"] = pair.access_token
    session["access_expires"] = pair.access_expires_at.seconds
    session["refresh_token"] = pair.refresh_token


def _fresh_session() -> None:
    kept = {key: session[key] for key in KEPT_ACROSS_SIGN_IN if key in session}
    session.clear()
    session.update(kept)


def sign_in(tenant: str, pair: pb.TokenPair) -> None:
    # A new session on every sign-in: nothing from before it (a planted value) carries over.
    _fresh_session()
    session.permanent = True  # the cookie lapses in the browser after the idle limit too
    session["tenant"] = tenant
    session[SIGNED_IN_AT] = session[LAST_SEEN] = now()
    _store(pair)


def store_tokens(pair: pb.TokenPair) -> None:
    """New tokens for the same sign-in (identity re-issued them after a second factor)."""
    _store(pair)


# -- a password sign-in waiting for the second factor ---------------------------------------------
# Identity asks staff for the code only after checking the password, and has no ticket for
# "password right, code pending"; the code page therefore sends the password again. It is
# kept for a few minutes in the cookie, encrypted (AES-GCM under a key derived from the
# gateway's secret), never readable by the browser or anyone holding the cookie alone.


def _pending_cipher() -> AESGCM:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return AESGCM(hashlib.sha256(b"reconnect-pending-login|" + secret).digest())


def hold_for_second_factor(tenant: str, username: str, password: str) -> None:
    plain = json.dumps({"tenant": tenant, "username": username, "password": password,
                        "until": now() + PENDING_LOGIN_SECONDS}).encode()
    nonce = os.urandom(12)
    sealed = _pending_cipher().encrypt(nonce, plain, b"pending-login")
    session[PENDING_LOGIN] = base64.urlsafe_b64encode(nonce + sealed).decode()


def pending_login(tenant: str) -> tuple[str, str] | None:
    """(username, password) of a sign-in waiting for its second factor at this tenant."""
    sealed = session.get(PENDING_LOGIN)
    if not isinstance(sealed, str):
        return None
    try:
        raw = base64.urlsafe_b64decode(sealed.encode())
        held = json.loads(_pending_cipher().decrypt(raw[:12], raw[12:], b"pending-login"))
    except (ValueError, InvalidTag):
        session.pop(PENDING_LOGIN, None)
        return None
    if held.get("tenant") != tenant or held.get("until", 0) < now():
        session.pop(PENDING_LOGIN, None)
        return None
    return held["username"], held["password"]


def forget_pending_login() -> None:
    session.pop(PENDING_LOGIN, None)


def sign_out() -> None:
    refresh_token = session.get("refresh_token")
    _fresh_session()
    if refresh_token:
        try:
            _identity().logout(refresh_token)
        except grpc.RpcError:
            pass  # the local session is gone either way; the token expires on its own


def is_signed_in(tenant: str) -> bool:
    return bool(session.get("refresh_token")) and session.get("tenant") == tenant


def _refresh() -> str:
    try:
        pair = _identity().refresh(session["refresh_token"])
    except grpc.RpcError as error:
        if error.code() in (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.NOT_FOUND,
                            grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.PERMISSION_DENIED):
            _fresh_session()
            raise SignedOut() from None
        raise
    _store(pair)
    return pair.access_token


def access_token(tenant: str) -> str:
    if not is_signed_in(tenant):
        raise SignedOut()
    if session.get("access_expires", 0) - REFRESH_MARGIN_SECONDS <= time.time():
        return _refresh()
    return session["access_token"]


def call(tenant: str, action: Callable[[str], T]) -> T:
    """Run ``action(access_token)``; on a rejected token refresh once and retry."""
    token = access_token(tenant)
    try:
        return action(token)
    except grpc.RpcError as error:
        if error.code() != grpc.StatusCode.UNAUTHENTICATED or _names_a_field(error):
            raise  # a field at fault (a wrong password or code) is not a stale token
    return action(_refresh())


def _names_a_field(error: grpc.RpcError) -> bool:
    return bool(details_from_rpc_error(error)[0])


def role_hint(tenant: str) -> frozenset[str]:
    """The roles named in the session's access token, read without checking its signature:
    only to choose which links the navigation shows. Every service verifies the token itself."""
    if not is_signed_in(tenant):
        return frozenset()
    try:
        payload = str(session.get("access_token", "")).split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        roles = claims.get("roles", [])
        return frozenset(r for r in roles if isinstance(r, str)) if isinstance(roles, list) else frozenset()
    except (IndexError, ValueError, AttributeError):
        return frozenset()
