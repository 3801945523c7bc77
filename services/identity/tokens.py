"""Access tokens (Ed25519 JWTs), their signing keys and published key set, and the
opaque refresh tokens that rotate on every use."""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from reconnect.events.v1 import identity_pb2 as identity_events
from services.identity.store import Account, RefreshToken, SigningKey, Tenant
from services.kit.auth import ALGORITHM, AUDIENCE, ISSUER
from services.kit.crypto import FieldCipher
from services.kit.db import as_utc
from services.kit.outbox import Outbox

ACCESS_TOKEN_LIFETIME = timedelta(minutes=15)
SIGNING_KEY_LIFETIME = timedelta(days=30)
# Signing keys belong to the region, not to a tenant.
KEY_TENANT = "_region"
KEY_FIELD = "signing_key"


@dataclass(frozen=True)
class IssuedAccess:
    token: str
    expires_at: datetime


def new_refresh_token() -> tuple[str, str]:
    """(the token handed out once, the hash that is stored)."""
    token = secrets.token_urlsafe(32)
    return token, hash_refresh_token(token)


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Signer:
    def __init__(self, cipher: FieldCipher):
        self._cipher = cipher
        self._cache: tuple[str, Ed25519PrivateKey] | None = None

    def rotate(self, session: Session, now: datetime | None = None) -> str:
        now = now or datetime.now(UTC)
        for key in session.scalars(select(SigningKey).where(SigningKey.retired_at.is_(None))):
            key.retired_at = now
        private = Ed25519PrivateKey.generate()
        kid = uuid.uuid4().hex
        pem = private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        jwk = json.loads(OKPAlgorithm.to_jwk(private.public_key()))
        jwk.update({"kid": kid, "alg": ALGORITHM, "use": "sig"})
        session.add(
            SigningKey(
                kid=kid,
                private_key=self._cipher.encrypt(session, KEY_TENANT, KEY_FIELD, pem),
                public_jwk=json.dumps(jwk),
                created_at=now,
            )
        )
        session.flush()
        self._cache = (kid, private)
        return kid

    def _current(self, session: Session) -> tuple[str, Ed25519PrivateKey]:
        now = datetime.now(UTC)
        key = session.scalars(
            select(SigningKey).where(SigningKey.retired_at.is_(None)).order_by(SigningKey.created_at.desc()).limit(1)
        ).first()
        if key is None or as_utc(key.created_at) < now - SIGNING_KEY_LIFETIME:
            self.rotate(session, now)
            return self._cache
        if self._cache and self._cache[0] == key.kid:
            return self._cache
        pem = self._cipher.decrypt(session, KEY_TENANT, KEY_FIELD, key.private_key)
        private = serialization.load_pem_private_key(pem.encode(), password=None)
        self._cache = (key.kid, private)
        return self._cache

    def issue(self, session: Session, account_id: str, tenant: str, roles: list[str], session_id: str = "",
              mfa_required: bool = False, mfa_at: datetime | None = None) -> IssuedAccess:
        kid, private = self._current(session)
        now = datetime.now(UTC)
        expires = now + ACCESS_TOKEN_LIFETIME
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": account_id,
            "tenant": tenant,
            "roles": roles,
            "iat": int(now.timestamp()),
            "exp": int(expires.timestamp()),
            "jti": uuid.uuid4().hex,
            "sid": session_id,  # the sign-in this token belongs to, for listing and ending sessions
        }
        if mfa_required:
            claims["mfa_required"] = True
            claims["mfa_at"] = int(mfa_at.timestamp()) if mfa_at else 0
        token = jwt.encode(claims, private, algorithm=ALGORITHM, headers={"kid": kid})
        return IssuedAccess(token=token, expires_at=expires)

    def published_keys(self, session: Session) -> str:
        """Current key plus retired ones whose tokens may still be valid."""
        cutoff = datetime.now(UTC) - ACCESS_TOKEN_LIFETIME - timedelta(minutes=5)
        keys = session.scalars(select(SigningKey).order_by(SigningKey.created_at.desc())).all()
        published = [
            json.loads(k.public_jwk) for k in keys if k.retired_at is None or as_utc(k.retired_at) > cutoff
        ]
        return json.dumps({"keys": published})



def end_sign_ins(session: Session, outbox: Outbox, now: datetime, *conditions) -> list[str]:
    """Revoke the live refresh tokens matching ``conditions`` and announce each sign-in that
    ends, so every service refuses its access tokens at once (services/kit/ended_sessions.py).
    Returns the ended sign-ins' ids."""
    rows = session.execute(
        update(RefreshToken)
        .where(RefreshToken.revoked_at.is_(None), *conditions)
        .values(revoked_at=now)
        .returning(RefreshToken.account_id, RefreshToken.family_id)
        .execution_options(synchronize_session=False)
    ).all()
    ended = sorted({(row.account_id, row.family_id) for row in rows})
    for account_id, family_id in ended:
        tenant = session.scalar(select(Tenant.slug).join(Account, Account.tenant_id == Tenant.id)
                                .where(Account.id == account_id))
        outbox.emit(session, "session_ended", tenant=tenant or "region", actor=account_id,
                    payload=identity_events.SessionEnded(account_id=account_id, session_id=family_id,
                                                         ended_at=int(now.timestamp())))
    return [family_id for _, family_id in ended]
