"""Identity's tables. Personal details are stored encrypted (kit FieldCipher)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.expression import true

from services.kit.db import add_kit_tables


class Base(DeclarativeBase):
    pass


KIT = add_kit_tables(Base.metadata)


class Tenant(Base):
    __tablename__ = "tenants"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    locale: Mapped[str] = mapped_column(String(5))
    time_zone: Mapped[str] = mapped_column(String(64))
    hosts: Mapped[str] = mapped_column(Text, default="")  # space-separated host names
    # Production turns password sign-in off; the national ID provider is used instead.
    password_login: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # The lowest assurance level accepted from an OpenID provider; empty: the provider's highest.
    min_acr: Mapped[str | None] = mapped_column(String(60), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Account(Base):
    __tablename__ = "accounts"
    __table_args__ = (
        UniqueConstraint("tenant_id", "username", name="uq_accounts_tenant_username"),
        Index("uq_accounts_national_id_hash", "national_id_hash", unique=True),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"), index=True)
    username: Mapped[str] = mapped_column(String(64))
    roles: Mapped[str] = mapped_column(String(200))  # space-separated role names
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    real_name: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    email: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    phone: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    pseudonym: Mapped[str | None] = mapped_column(String(30), nullable=True)
    # The folded form (NFKC, case, confusables) that must be unique across the region.
    pseudonym_key: Mapped[str | None] = mapped_column(String(120), nullable=True, unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Keyed hash of the national ID number, to find the person at OpenID sign-in.
    national_id_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    totp_secret: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # encrypted
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PseudonymChange(Base):
    """History kept for the account itself and for moderation; never shown to others."""

    __tablename__ = "pseudonym_history"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    previous: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RefreshToken(Base):
    """Opaque refresh tokens, stored as hashes; one family per login."""

    __tablename__ = "refresh_tokens"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    family_id: Mapped[str] = mapped_column(String(36), index=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # When this sign-in began: the absolute session limit counts from here.
    session_started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # When this sign-in last proved the second factor (staff only).
    mfa_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SigningKey(Base):
    __tablename__ = "signing_keys"

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    private_key: Mapped[bytes] = mapped_column(LargeBinary)  # encrypted PKCS8
    public_jwk: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # After retirement a key signs nothing new but stays published until tokens expire.
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class CareRelationship(Base):
    __tablename__ = "care_relationships"
    __table_args__ = (
        Index("ix_care_active_pair", "provider_id", "service_user_id", "ended_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"), index=True)
    provider_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    service_user_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Consent(Base):
    __tablename__ = "consents"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    version: Mapped[str] = mapped_column(String(20))
    given_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Reveal(Base):
    """One person showing a chosen name to one other person. One-way and revocable."""

    __tablename__ = "reveals"
    __table_args__ = (Index("ix_reveals_pair", "account_id", "viewer_id", "revoked_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    viewer_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    name: Mapped[bytes] = mapped_column(LargeBinary)  # encrypted under the revealer's tenant
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Circle(Base):
    """A group whose members have all revealed themselves to one another."""

    __tablename__ = "circles"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(40))  # the founder's, for the name's encryption
    name: Mapped[bytes] = mapped_column(LargeBinary)
    created_by: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CircleMember(Base):
    __tablename__ = "circle_members"
    __table_args__ = (UniqueConstraint("circle_id", "account_id", name="uq_circle_member"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    circle_id: Mapped[str] = mapped_column(ForeignKey("circles.id"), index=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    revealed_name: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    invited_by: Mapped[str] = mapped_column(String(36))
    invited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    left_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ErasureRequest(Base):
    __tablename__ = "erasure_requests"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(36), unique=True)
    receipt_hash: Mapped[str] = mapped_column(String(64), unique=True)
    services: Mapped[str] = mapped_column(String(200))  # those expected to report back
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ErasureCompletion(Base):
    __tablename__ = "erasure_completions"

    account_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    service: Mapped[str] = mapped_column(String(40), primary_key=True)
    completed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RecoveryCode(Base):
    """One-time codes for when the authenticator is lost; stored as hashes."""

    __tablename__ = "recovery_codes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class UsedNonce(Base):
    """Nonces of accepted ID tokens: a token presented twice is a replay."""

    __tablename__ = "used_nonces"

    nonce_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    used_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class AccountMove(Base):
    """A move of an account to another municipality: started by the source tenant's admin,
    accepted (or cancelled) by the destination's. At most one pending move per account."""

    __tablename__ = "account_moves"
    __table_args__ = (Index("ix_account_moves_tenants", "from_tenant_id", "to_tenant_id", "state"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    from_tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"))
    to_tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"))
    state: Mapped[str] = mapped_column(String(10))  # pending, accepted, cancelled
    requested_by: Mapped[str] = mapped_column(String(36))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    care_relationships_ended: Mapped[int] = mapped_column(Integer, default=0)
