"""Who is calling: access-token verification against identity's published keys.

Identity signs short-lived Ed25519 JWTs. Every service verifies them itself, with the
key set fetched from identity (cached; fetched again when a token names a key id the
cache does not know, at most once per ``min_refetch_seconds``), and hands its code a
typed Caller. A service never trusts the caller's word for who the user is.
"""

from __future__ import annotations

import contextvars
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import jwt
from jwt.algorithms import OKPAlgorithm

from services.kit.errors import PermissionDenied, Unauthenticated

ISSUER = "reconnect-identity"
AUDIENCE = "reconnect"
ALGORITHM = "EdDSA"

# The role names as they appear in tokens.
SERVICE_USER = "service_user"
HEALTH_PROVIDER = "health_provider"
PEER_MODERATOR = "peer_moderator"
TENANT_ADMIN = "tenant_admin"
REGION_ADMIN = "region_admin"
RESEARCHER = "researcher"
ROLES = (SERVICE_USER, HEALTH_PROVIDER, PEER_MODERATOR, TENANT_ADMIN, REGION_ADMIN, RESEARCHER)
# Roles whose powers need a recent second factor when identity says the account must use one.
STAFF_ROLES = frozenset({TENANT_ADMIN, REGION_ADMIN, HEALTH_PROVIDER})
SECOND_FACTOR_MAX_AGE_SECONDS = 60 * 60


@dataclass(frozen=True)
class Caller:
    account_id: str
    tenant: str
    roles: frozenset[str]
    token_id: str = ""
    session_id: str = ""
    # Set by identity for staff who must use a second factor; mfa_at is when they last did.
    mfa_required: bool = False
    mfa_at: int = 0

    @property
    def second_factor_recent(self) -> bool:
        return not self.mfa_required or time.time() - self.mfa_at < SECOND_FACTOR_MAX_AGE_SECONDS

    @property
    def effective_roles(self) -> frozenset[str]:
        """Staff powers count only with a recent second factor, in every service alike."""
        return self.roles if self.second_factor_recent else self.roles - STAFF_ROLES

    def has(self, *roles: str) -> bool:
        return any(role in self.effective_roles for role in roles)

    def require(self, *roles: str) -> Caller:
        if not self.has(*roles):
            if any(role in self.roles for role in roles):
                raise PermissionDenied("confirm with your second factor first", reason="second_factor_required")
            raise PermissionDenied("this action needs another role", reason="role_required")
        return self


_caller: contextvars.ContextVar[Caller | None] = contextvars.ContextVar("caller", default=None)
# The caller's own access token, so a service can ask another on the caller's behalf
# (the other service then checks the caller's rights itself).
_token: contextvars.ContextVar[str] = contextvars.ContextVar("access_token", default="")


def current_caller() -> Caller | None:
    return _caller.get()


def require_caller() -> Caller:
    caller = _caller.get()
    if caller is None:
        raise Unauthenticated("sign-in required", reason="no_token")
    return caller


def current_token() -> str:
    return _token.get()


def set_caller(caller: Caller | None, access_token: str = "") -> tuple[contextvars.Token, contextvars.Token]:
    return _caller.set(caller), _token.set(access_token if caller else "")


def reset_caller(tokens: tuple[contextvars.Token, contextvars.Token]) -> None:
    _caller.reset(tokens[0])
    _token.reset(tokens[1])


class KeySet:
    """A cached JWKS. ``fetch`` returns the key-set JSON (identity's GetJwks)."""

    def __init__(self, fetch: Callable[[], str], ttl_seconds: float = 300, min_refetch_seconds: float = 1):
        self._fetch = fetch
        self._ttl = ttl_seconds
        self._min_refetch = min_refetch_seconds
        self._keys: dict[str, object] = {}
        self._fetched_at = 0.0
        self._lock = threading.Lock()

    def _load(self) -> None:
        document = json.loads(self._fetch())
        keys = {}
        for jwk in document.get("keys", []):
            if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519" and "kid" in jwk:
                keys[jwk["kid"]] = OKPAlgorithm.from_jwk(json.dumps(jwk))
        self._keys = keys
        self._fetched_at = time.monotonic()

    def key(self, kid: str):
        with self._lock:
            age = time.monotonic() - self._fetched_at
            if age > self._ttl or (kid not in self._keys and age > self._min_refetch):
                try:
                    self._load()
                except Exception as exc:  # identity unreachable: keep what we have
                    if not self._keys:
                        raise Unauthenticated("token keys unavailable", reason="keys_unavailable") from exc
            return self._keys.get(kid)


def verify_access_token(token: str, keys: KeySet) -> Caller:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise Unauthenticated("malformed token", reason="malformed_token") from exc
    if header.get("alg") != ALGORITHM:
        raise Unauthenticated("token algorithm not accepted", reason="bad_algorithm")
    key = keys.key(str(header.get("kid", "")))
    if key is None:
        raise Unauthenticated("token signed by an unknown key", reason="unknown_key")
    try:
        claims = jwt.decode(
            token,
            key=key,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "aud", "iss"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise Unauthenticated("token expired", reason="token_expired") from exc
    except jwt.PyJWTError as exc:
        raise Unauthenticated("invalid token", reason="invalid_token") from exc
    roles = claims.get("roles")
    tenant = claims.get("tenant")
    if not isinstance(roles, list) or not isinstance(tenant, str) or not tenant:
        raise Unauthenticated("invalid token", reason="invalid_token")
    return Caller(
        account_id=str(claims["sub"]),
        tenant=tenant,
        roles=frozenset(str(r) for r in roles if r in ROLES),
        token_id=str(claims.get("jti", "")),
        session_id=str(claims.get("sid", "")),
        mfa_required=bool(claims.get("mfa_required", False)),
        mfa_at=int(claims.get("mfa_at", 0) or 0),
    )
