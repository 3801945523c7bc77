"""The portal's sign-in state: the caller's token pair in Flask's signed session cookie.

The cookie is signed, not encrypted; it holds only the person's own tokens, is HttpOnly
and is bound to the tenant it was issued for. The access token is refreshed shortly
before it expires (identity rotates the refresh token, so the new one is stored).
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from typing import TypeVar

import grpc
from flask import current_app, session

from reconnect.identity.v1 import identity_pb2 as pb
from services.gateway.identity_client import IdentityClient

# Refresh this long before expiry, so a token does not run out between check and use.
REFRESH_MARGIN_SECONDS = 30
# Session keys that survive signing in and out: preferences, not identity.
KEPT_ACROSS_SIGN_IN = ("lang",)

T = TypeVar("T")


class SignedOut(Exception):
    """There is no usable session; the person has to sign in (again)."""


def _identity() -> IdentityClient:
    return current_app.extensions["reconnect_identity"]


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
    session["tenant"] = tenant
    _store(pair)


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
        if error.code() != grpc.StatusCode.UNAUTHENTICATED:
            raise
    return action(_refresh())


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
