"""Sign-in with an OpenID provider: the national ID provider for service users (at the
highest assurance level by default), the health sector's provider for providers.

The gateway runs the browser side (authorization code flow with PKCE, ``state`` and
``nonce``) and hands identity the ID token it got from the provider's token endpoint.
Identity trusts nothing the gateway says about the person: it validates the token
itself — signature against the provider's published keys, issuer, audience, expiry,
the nonce (and that it was never used before), and the assurance level (``acr``)
against the tenant's minimum — and finds the account by the keyed hash of the national
ID number in the token. The number itself is never stored.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import jwt
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from services.identity.settings import OidcProviderSettings
from services.identity.store import Account, Tenant, UsedNonce
from services.kit import national_id
from services.kit.db import Database
from services.kit.errors import FailedPrecondition, InvalidArgument, NotFound, Unauthenticated

ALLOWED_ALGORITHMS = ["RS256", "PS256", "ES256", "EdDSA"]
DISCOVERY_TTL_SECONDS = 3600
NONCE_MEMORY = timedelta(days=2)  # longer than any ID token lives
LEEWAY_SECONDS = 30


class ProviderKeys:
    """The provider's discovery document and signing keys, cached; refetched on an unknown key id."""

    def __init__(self, provider: OidcProviderSettings):
        self.provider = provider
        self._lock = threading.Lock()
        self._discovery: dict | None = None
        self._fetched = 0.0
        self._jwks: jwt.PyJWKClient | None = None

    def discovery(self) -> dict:
        with self._lock:
            if self._discovery is None or time.monotonic() - self._fetched > DISCOVERY_TTL_SECONDS:
                url = self.provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
                with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - configured https URL
                    self._discovery = json.loads(response.read())
                self._fetched = time.monotonic()
                self._jwks = jwt.PyJWKClient(self._discovery["jwks_uri"], cache_keys=True, lifespan=300)
            return self._discovery

    def signing_key(self, token: str):
        self.discovery()
        return self._jwks.get_signing_key_from_jwt(token)


class OidcLogin:
    def __init__(self, db: Database, providers: list[OidcProviderSettings], hash_key: Callable[[], bytes]):
        self.db = db
        self.providers = {p.name: p for p in providers}
        self.keys = {p.name: ProviderKeys(p) for p in providers}
        self._hash_key = hash_key

    @property
    def hash_key(self) -> bytes:
        return self._hash_key()

    def provider(self, name: str) -> OidcProviderSettings:
        if name not in self.providers:
            raise InvalidArgument("no such sign-in provider", field="provider", reason="unknown_provider")
        return self.providers[name]

    def required_acr(self, provider: OidcProviderSettings, tenant: Tenant) -> str:
        return tenant.min_acr if tenant.min_acr in provider.acr_levels else provider.acr_levels[-1]

    def validate(self, provider: OidcProviderSettings, id_token: str, nonce: str) -> dict:
        try:
            header = jwt.get_unverified_header(id_token)
        except jwt.PyJWTError:
            raise Unauthenticated("the sign-in could not be read", reason="malformed_token") from None
        if header.get("alg") not in ALLOWED_ALGORITHMS:
            raise Unauthenticated("the sign-in was not signed as required", reason="bad_algorithm")
        try:
            key = self.keys[provider.name].signing_key(id_token)
        except jwt.PyJWKClientError:
            raise Unauthenticated("the sign-in was signed with an unknown key", reason="unknown_key") from None
        except (OSError, ValueError, KeyError):
            raise Unauthenticated("the sign-in provider cannot be reached", reason="provider_unavailable") from None
        try:
            claims = jwt.decode(
                id_token, key=key.key, algorithms=ALLOWED_ALGORITHMS, audience=provider.client_id,
                issuer=provider.issuer, leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub", "nonce"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("the sign-in has expired; try again", reason="token_expired") from None
        except jwt.InvalidAudienceError:
            raise Unauthenticated("the sign-in was meant for another service", reason="wrong_audience") from None
        except jwt.InvalidIssuerError:
            raise Unauthenticated("the sign-in came from another provider", reason="wrong_issuer") from None
        except jwt.PyJWTError:
            raise Unauthenticated("the sign-in is not valid", reason="invalid_token") from None
        if not nonce or claims.get("nonce") != nonce:
            raise Unauthenticated("the sign-in does not belong to this attempt", reason="bad_nonce")
        return claims

    def find_account(self, tenant_slug: str, provider_name: str, id_token: str, nonce: str) -> tuple[Account, Tenant]:
        provider = self.provider(provider_name)
        claims = self.validate(provider, id_token, nonce)
        now = datetime.now(UTC)
        with self.db.transaction() as session:
            tenant = session.scalars(select(Tenant).where(Tenant.slug == tenant_slug)).first()
            if tenant is None:
                raise NotFound("unknown tenant", field="tenant", reason="unknown_tenant")
            acr = str(claims.get("acr", ""))
            needed = self.required_acr(provider, tenant)
            if acr not in provider.acr_levels or provider.acr_levels.index(acr) < provider.acr_levels.index(needed):
                raise Unauthenticated("a higher level of electronic ID is needed", reason="insufficient_assurance")
            number = str(claims.get(provider.national_id_claim, ""))
            if not national_id.is_valid(number):
                raise Unauthenticated("the sign-in carries no national ID number", reason="invalid_token")
            session.execute(delete(UsedNonce).where(UsedNonce.used_at < now - NONCE_MEMORY))
            try:
                with session.begin_nested():
                    session.add(UsedNonce(nonce_hash=hashlib.sha256(f"{provider.name}|{nonce}".encode()).hexdigest(),
                                          used_at=now))
            except IntegrityError:
                raise Unauthenticated("this sign-in was used before", reason="replayed_nonce") from None
            account = session.scalars(select(Account).where(
                Account.tenant_id == tenant.id,
                Account.national_id_hash == national_id.keyed_hash(number, self.hash_key),
            )).first()
            if account is None or not account.active or not set(account.roles.split()) & set(provider.roles):
                raise NotFound("no account for this person in this municipality", reason="unknown_person")
            return account, tenant

    def hash_of(self, number: str) -> str:
        if not national_id.is_valid(number):
            raise InvalidArgument("not a valid national ID number", field="national_id", reason="invalid_national_id")
        return national_id.keyed_hash(number, self.hash_key)

    def check_password_login(self, tenant: Tenant) -> None:
        if not tenant.password_login:
            raise FailedPrecondition("sign in with electronic ID here", reason="password_login_disabled")
