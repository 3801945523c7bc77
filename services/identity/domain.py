"""Identity's rules. Every operation checks who is asking, in which tenant, with
which role, here in the service that owns the data.

An account of another tenant answers "not found", never "forbidden": a tenant admin
must not learn that an id exists elsewhere.
"""

from __future__ import annotations

import re
import uuid
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reconnect.events.v1 import identity_pb2 as events
from services.identity import pseudonyms
from services.identity.lifecycle import Lifecycle
from services.identity.moves import AccountMoves
from services.identity.oidc import OidcLogin
from services.identity.reveals import Reveals
from services.identity.second_factor import SecondFactor
from services.identity.settings import IdentitySettings
from services.identity.store import (
    Account,
    CareRelationship,
    Consent,
    PseudonymChange,
    RefreshToken,
    Tenant,
)
from services.identity.tokens import Signer, end_sign_ins, hash_refresh_token, new_refresh_token
from services.kit import auth
from services.kit.auth import Caller
from services.kit.crypto import FieldCipher
from services.kit.db import Database, as_utc
from services.kit.errors import (
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    ResourceExhausted,
    Unauthenticated,
)
from services.kit.outbox import Outbox

CONSENT_KINDS = ("terms", "research")
# The versions of the texts a service user accepts; a new text needs a new acceptance.
CURRENT_CONSENT_VERSIONS = {"terms": "2026-1", "research": "2026-1"}

LOCKOUT_THRESHOLD = 5
LOCKOUT_FIRST = timedelta(seconds=30)
LOCKOUT_MAX = timedelta(minutes=15)

_SLUG = re.compile(r"^[a-z][a-z0-9-]{1,38}$")
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ]{8,20}$")
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200

_hasher = PasswordHasher()  # argon2id
# Verified against when the username is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password-" + uuid.uuid4().hex)


@dataclass(frozen=True)
class AccountView:
    account: Account
    tenant_slug: str
    real_name: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Tokens:
    access_token: str
    access_expires_at: datetime
    refresh_token: str
    refresh_expires_at: datetime


@dataclass(frozen=True)
class CareView:
    relationship: CareRelationship
    tenant_slug: str
    provider_pseudonym: str
    service_user_pseudonym: str


def _now() -> datetime:
    return datetime.now(UTC)


def _new_id() -> str:
    return str(uuid.uuid4())


def roles_of(account: Account) -> list[str]:
    return account.roles.split()


class IdentityService:
    def __init__(self, db: Database, cipher: FieldCipher, outbox: Outbox, settings: IdentitySettings | None = None):
        settings = settings or IdentitySettings(database_url="sqlite://")
        self.session_idle = timedelta(minutes=settings.session_idle_minutes)
        self.session_absolute = timedelta(hours=settings.session_absolute_hours)
        self.erasure_services = settings.erasure_service_list()
        self.db = db
        self.cipher = cipher
        self.outbox = outbox
        self.signer = Signer(cipher)
        self.reveals = Reveals(db, cipher, outbox)
        self.lifecycle = Lifecycle(db, outbox, self.erasure_services, _verify)
        self.moves = AccountMoves(db, cipher, outbox)
        self.second_factor = SecondFactor(cipher, settings.second_factor_enforced())
        self.oidc = OidcLogin(db, settings.oidc_providers, settings.national_id_hash_key)

    # -- tenants ---------------------------------------------------------------------

    def _tenant_by_slug(self, session: Session, slug: str) -> Tenant:
        tenant = session.scalars(select(Tenant).where(Tenant.slug == slug)).first()
        if tenant is None:
            raise NotFound("unknown tenant", field="tenant", reason="unknown_tenant")
        return tenant

    def create_tenant(
        self, caller: Caller | None, slug: str, name: str, locale: str, time_zone: str, hosts: list[str],
        password_login: bool = True, min_acr: str = "",
    ) -> Tenant:
        if caller is not None:
            caller.require(auth.REGION_ADMIN)
        if not _SLUG.match(slug):
            raise InvalidArgument("a slug is 2-39 lower-case letters, digits or '-'", field="slug")
        if not name.strip() or len(name) > 100:
            raise InvalidArgument("a tenant needs a name of at most 100 characters", field="name")
        if locale not in ("nb", "en"):
            raise InvalidArgument("locale must be 'nb' or 'en'", field="locale")
        try:
            zoneinfo.ZoneInfo(time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise InvalidArgument("unknown time zone", field="time_zone") from None
        with self.db.transaction() as session:
            if session.scalars(select(Tenant).where(Tenant.slug == slug)).first():
                raise AlreadyExists("a tenant with that slug exists", field="slug")
            tenant = Tenant(
                id=_new_id(), slug=slug, name=name.strip(), locale=locale, time_zone=time_zone,
                hosts=" ".join(h.lower() for h in hosts), created_at=_now(),
                password_login=password_login, min_acr=min_acr or None,
            )
            session.add(tenant)
        return tenant

    def get_tenant(self, slug: str = "", host: str = "") -> Tenant:
        with self.db.transaction() as session:
            if slug:
                return self._tenant_by_slug(session, slug)
            host = host.lower().split(":", 1)[0]
            for tenant in session.scalars(select(Tenant)):
                if host and host in tenant.hosts.split():
                    return tenant
        raise NotFound("unknown tenant", field="tenant", reason="unknown_tenant")

    def list_tenants(self) -> list[Tenant]:
        with self.db.transaction() as session:
            return list(session.scalars(select(Tenant).order_by(Tenant.slug)))

    # -- login and sessions -------------------------------------------------------------

    def _issue(self, session: Session, account: Account, tenant_slug: str, family_id: str,
               started_at: datetime | None = None, mfa_at: datetime | None = None) -> Tokens:
        """Tokens for one sign-in (a refresh-token family). The refresh token lives until the
        idle limit or the sign-in's absolute limit, whichever comes first."""
        now = _now()
        started_at = started_at or now
        access = self.signer.issue(session, account.id, tenant_slug, roles_of(account), session_id=family_id,
                                   mfa_required=self.second_factor.required_for(account), mfa_at=mfa_at)
        refresh, refresh_hash = new_refresh_token()
        expires_at = min(now + self.session_idle, started_at + self.session_absolute)
        session.add(
            RefreshToken(
                id=_new_id(), token_hash=refresh_hash, family_id=family_id, account_id=account.id,
                issued_at=now, session_started_at=started_at, mfa_at=mfa_at, expires_at=expires_at,
            )
        )
        return Tokens(access.token, access.expires_at, refresh, expires_at)

    def login(self, tenant_slug: str, username: str, password: str, second_factor: str = "") -> Tokens:
        if not username:
            raise InvalidArgument("username is required", field="username")
        if not password:
            raise InvalidArgument("password is required", field="password")
        refusal: Exception | None = None
        with self.db.transaction() as session:
            tenant = self._tenant_by_slug(session, tenant_slug)
            account = session.scalars(
                select(Account).where(Account.tenant_id == tenant.id, Account.username == username.lower())
            ).first()
            now = _now()
            if account is None or not account.password_hash:
                _verify(_DUMMY_HASH, password)
                raise Unauthenticated("wrong username or password", reason="bad_credentials")
            self.oidc.check_password_login(tenant)
            if account.locked_until and as_utc(account.locked_until) > now:
                raise ResourceExhausted(
                    "too many failed sign-ins; try again in a few minutes", reason="locked_out"
                )
            if not _verify(account.password_hash, password) or not account.active:
                refusal = Unauthenticated("wrong username or password", reason="bad_credentials")
            else:
                try:
                    mfa_at = self.second_factor.check_login(session, account, tenant.slug, second_factor)
                except Unauthenticated as wrong_code:
                    refusal = wrong_code
            if refusal is not None:
                # The failure is counted and committed; the error is raised afterwards.
                account.failed_logins += 1
                if account.failed_logins >= LOCKOUT_THRESHOLD:
                    step = account.failed_logins - LOCKOUT_THRESHOLD
                    account.locked_until = now + min(LOCKOUT_FIRST * (2**step), LOCKOUT_MAX)
            else:
                account.failed_logins = 0
                account.locked_until = None
                if _hasher.check_needs_rehash(account.password_hash):
                    account.password_hash = _hasher.hash(password)
                return self._issue(session, account, tenant.slug, family_id=_new_id(), mfa_at=mfa_at)
        raise refusal

    def refresh(self, refresh_token: str) -> Tokens:
        if not refresh_token:
            raise InvalidArgument("refresh_token is required", field="refresh_token")
        reused = expired = False
        with self.db.transaction() as session:
            stored = session.scalars(
                select(RefreshToken).where(RefreshToken.token_hash == hash_refresh_token(refresh_token))
            ).first()
            if stored is None or stored.revoked_at is not None:
                raise Unauthenticated("refresh token not valid", reason="invalid_refresh_token")
            now = _now()
            # Claim the token atomically: of two concurrent refreshes, one wins.
            claimed = session.execute(
                update(RefreshToken)
                .where(RefreshToken.id == stored.id, RefreshToken.used_at.is_(None))
                .values(used_at=now)
                .returning(RefreshToken.id)
                .execution_options(synchronize_session=False)
            ).first()
            if claimed is None:
                # A used token came back: someone holds a copy. End the whole family.
                self._revoke_family(session, stored.family_id, now)
                reused = True
            elif as_utc(stored.expires_at) <= now:
                raise Unauthenticated("refresh token expired", reason="refresh_token_expired")
            else:
                account = session.get(Account, stored.account_id)
                if account is None or not account.active:
                    raise Unauthenticated("account not active", reason="inactive")
                tenant = session.get(Tenant, account.tenant_id)
                started = as_utc(stored.session_started_at or stored.issued_at)
                if started + self.session_absolute <= now:
                    self._revoke_family(session, stored.family_id, now)
                    expired = True
                else:
                    return self._issue(session, account, tenant.slug, family_id=stored.family_id, started_at=started,
                                       mfa_at=as_utc(stored.mfa_at))
        if expired:
            raise Unauthenticated("this sign-in has lasted as long as it may; sign in again", reason="session_expired")
        if reused:
            raise Unauthenticated("refresh token reused; all sessions of this sign-in ended", reason="refresh_reused")
        raise AssertionError("unreachable")

    def _revoke_family(self, session: Session, family_id: str, now: datetime) -> None:
        end_sign_ins(session, self.outbox, now, RefreshToken.family_id == family_id)

    def logout(self, refresh_token: str) -> None:
        if not refresh_token:
            raise InvalidArgument("refresh_token is required", field="refresh_token")
        with self.db.transaction() as session:
            stored = session.scalars(
                select(RefreshToken).where(RefreshToken.token_hash == hash_refresh_token(refresh_token))
            ).first()
            if stored is not None:
                self._revoke_family(session, stored.family_id, _now())

    # -- sign-in with an OpenID provider ------------------------------------------------

    def login_with_id_token(self, tenant_slug: str, provider: str, id_token: str, nonce: str) -> Tokens:
        found, tenant = self.oidc.find_account(tenant_slug, provider, id_token, nonce)
        with self.db.transaction() as session:
            account = session.get(Account, found.id)
            # Strong electronic ID is itself a second factor.
            return self._issue(session, account, tenant.slug, family_id=_new_id(), mfa_at=_now())

    def oidc_providers(self, tenant_slug: str) -> tuple[list[tuple[str, str, str, list[str], str]], bool]:
        with self.db.transaction() as session:
            tenant = self._tenant_by_slug(session, tenant_slug)
            providers = [
                (p.name, p.issuer, p.client_id, list(p.roles), self.oidc.required_acr(p, tenant))
                for p in self.oidc.providers.values()
            ]
            return providers, tenant.password_login

    # -- the second factor -----------------------------------------------------------

    def _own_account(self, session: Session, caller: Caller) -> Account:
        account = session.get(Account, caller.account_id)
        if account is None or not account.active:
            raise NotFound("no such account", reason="unknown_account")
        self._same_tenant(session, caller, account)
        return account

    @staticmethod
    def _same_tenant(session: Session, caller: Caller, account: Account) -> None:
        """An access token from before the account moved municipality names the old one; its
        sealed details now open only under the new tenant's key. Such a token is refused, so
        the person signs in again (the move ended every refresh token already)."""
        if session.get(Tenant, account.tenant_id).slug != caller.tenant:
            raise Unauthenticated("your account has moved to another municipality; sign in again",
                                  reason="tenant_changed")

    def _reissue(self, session: Session, caller: Caller, account: Account, mfa_at: datetime) -> Tokens:
        """New tokens for the caller's own sign-in, now carrying the proven second factor."""
        if not caller.session_id:
            raise FailedPrecondition("sign in again", reason="no_session")
        live = session.scalars(select(RefreshToken).where(
            RefreshToken.family_id == caller.session_id, RefreshToken.account_id == account.id,
            RefreshToken.revoked_at.is_(None), RefreshToken.used_at.is_(None),
        )).all()
        if not live:
            raise Unauthenticated("this sign-in has ended; sign in again", reason="session_ended")
        started = min(as_utc(t.session_started_at or t.issued_at) for t in live)
        for token in live:
            token.revoked_at = _now()
        return self._issue(session, account, caller.tenant, family_id=caller.session_id, started_at=started, mfa_at=mfa_at)

    def begin_totp_setup(self, caller: Caller) -> tuple[str, str]:
        with self.db.transaction() as session:
            return self.second_factor.begin_setup(session, self._own_account(session, caller), caller.tenant)

    def confirm_totp_setup(self, caller: Caller, code: str) -> tuple[list[str], Tokens]:
        with self.db.transaction() as session:
            account = self._own_account(session, caller)
            codes = self.second_factor.confirm_setup(session, account, caller.tenant, code)
            return codes, self._reissue(session, caller, account, _now())

    def step_up(self, caller: Caller, code: str) -> Tokens:
        with self.db.transaction() as session:
            account = self._own_account(session, caller)
            if account.totp_confirmed_at is None:
                raise FailedPrecondition("set up a second factor first", reason="second_factor_not_set_up")
            if not self.second_factor.verify(session, account, caller.tenant, code):
                raise Unauthenticated("the code is not right", field="second_factor", reason="bad_second_factor")
            return self._reissue(session, caller, account, _now())

    def published_keys(self) -> str:
        with self.db.transaction() as session:
            return self.signer.published_keys(session)

    def rotate_signing_key(self) -> str:
        with self.db.transaction() as session:
            return self.signer.rotate(session)

    # -- accounts -----------------------------------------------------------------------

    def _view(self, session: Session, account: Account, tenant_slug: str, personal: bool) -> AccountView:
        if not personal:
            return AccountView(account, tenant_slug)
        decrypt = self.cipher.decrypt_optional
        return AccountView(
            account,
            tenant_slug,
            real_name=decrypt(session, tenant_slug, "account.real_name", account.real_name),
            email=decrypt(session, tenant_slug, "account.email", account.email),
            phone=decrypt(session, tenant_slug, "account.phone", account.phone),
        )

    def _admin_tenant(self, session: Session, caller: Caller, tenant_slug: str) -> Tenant:
        """The tenant a tenant admin (own tenant) or region admin (any) may manage."""
        tenant_slug = tenant_slug or caller.tenant
        if caller.has(auth.REGION_ADMIN):
            return self._tenant_by_slug(session, tenant_slug)
        caller.require(auth.TENANT_ADMIN)
        if tenant_slug != caller.tenant:
            raise NotFound("unknown tenant", field="tenant", reason="unknown_tenant")
        return self._tenant_by_slug(session, tenant_slug)

    def _account_in(self, session: Session, account_id: str, tenant: Tenant, field: str = "account_id") -> Account:
        account = session.get(Account, account_id) if account_id else None
        if account is None or account.tenant_id != tenant.id:
            raise NotFound("no such account", field=field, reason="unknown_account")
        return account

    def create_account(
        self, caller: Caller, tenant_slug: str, username: str, password: str, roles: list[str],
        real_name: str = "", email: str = "", phone: str = "", national_id: str = "",
    ) -> AccountView:
        username = username.strip().lower()
        if not _USERNAME.match(username):
            raise InvalidArgument("a username is 3-64 letters, digits, '.', '_' or '-'", field="username")
        if password and not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
            raise InvalidArgument(f"a password needs at least {MIN_PASSWORD_LENGTH} characters", field="password")
        if not roles or any(role not in auth.ROLES for role in roles):
            raise InvalidArgument("give one or more known roles", field="roles")
        if auth.REGION_ADMIN in roles and not caller.has(auth.REGION_ADMIN):
            raise PermissionDenied("only a region admin can make a region admin", reason="role_required")
        if len(real_name) > 200:
            raise InvalidArgument("a name can have at most 200 characters", field="real_name")
        if email and not _EMAIL.match(email):
            raise InvalidArgument("not an e-mail address", field="email")
        if phone and not _PHONE.match(phone):
            raise InvalidArgument("not a phone number", field="phone")
        password_hash = _hasher.hash(password) if password else None
        national_id_hash = self.oidc.hash_of(national_id) if national_id else None
        try:
            with self.db.transaction() as session:
                tenant = self._admin_tenant(session, caller, tenant_slug)
                exists = session.scalars(
                    select(Account.id).where(Account.tenant_id == tenant.id, Account.username == username)
                ).first()
                if exists:
                    raise AlreadyExists("that username is taken", field="username")
                if national_id_hash and session.scalars(
                    select(Account.id).where(Account.national_id_hash == national_id_hash)
                ).first():
                    raise AlreadyExists("this person has an account already", field="national_id")
                encrypt = self.cipher.encrypt_optional
                account = Account(
                    id=_new_id(), tenant_id=tenant.id, username=username, roles=" ".join(sorted(set(roles))),
                    password_hash=password_hash,
                    real_name=encrypt(session, tenant.slug, "account.real_name", real_name.strip()),
                    email=encrypt(session, tenant.slug, "account.email", email.strip()),
                    phone=encrypt(session, tenant.slug, "account.phone", phone.strip()),
                    active=True, failed_logins=0, created_at=_now(), national_id_hash=national_id_hash,
                )
                session.add(account)
                session.flush()
                self.outbox.emit(
                    session, "account_created", tenant=tenant.slug, actor=caller.account_id,
                    payload=events.AccountCreated(account_id=account.id, roles=roles_of(account)),
                )
                return self._view(session, account, tenant.slug, personal=True)
        except IntegrityError:
            raise AlreadyExists("that username is taken", field="username") from None

    def bootstrap_account(
        self, tenant_slug: str, username: str, password: str, roles: list[str], real_name: str = "",
        national_id: str = "",
    ) -> bool:
        """Create an account without a caller (first region admin, demo seed). False if it exists."""
        system = Caller(account_id="", tenant=tenant_slug, roles=frozenset({auth.REGION_ADMIN}))
        try:
            self.create_account(system, tenant_slug, username, password, roles, real_name, national_id=national_id)
            return True
        except AlreadyExists:
            return False

    def get_me(self, caller: Caller) -> AccountView:
        with self.db.transaction() as session:
            account = session.get(Account, caller.account_id)
            if account is None:
                raise NotFound("no such account", reason="unknown_account")
            self._same_tenant(session, caller, account)
            return self._view(session, account, caller.tenant, personal=True)

    def get_account(self, caller: Caller, account_id: str) -> AccountView:
        if account_id == caller.account_id:
            return self.get_me(caller)
        with self.db.transaction() as session:
            if caller.has(auth.REGION_ADMIN):
                account = session.get(Account, account_id) if account_id else None
                if account is None:
                    raise NotFound("no such account", field="account_id", reason="unknown_account")
                tenant = session.get(Tenant, account.tenant_id)
                # The region sees that an account exists, never who it is.
                return self._view(session, account, tenant.slug, personal=False)
            tenant = self._tenant_by_slug(session, caller.tenant)
            account = self._account_in(session, account_id, tenant)
            caller.require(auth.TENANT_ADMIN)
            return self._view(session, account, tenant.slug, personal=True)

    def list_accounts(
        self, caller: Caller, tenant_slug: str, page_size: int, page_token: str
    ) -> tuple[list[AccountView], str]:
        if page_size < 0 or page_size > MAX_PAGE_SIZE:
            raise InvalidArgument(f"page_size is 1-{MAX_PAGE_SIZE}", field="page_size")
        size = page_size or DEFAULT_PAGE_SIZE
        with self.db.transaction() as session:
            tenant = self._admin_tenant(session, caller, tenant_slug)
            personal = caller.has(auth.TENANT_ADMIN) and tenant.slug == caller.tenant
            query = select(Account).where(Account.tenant_id == tenant.id).order_by(Account.id).limit(size + 1)
            if page_token:
                query = query.where(Account.id > page_token)
            rows = list(session.scalars(query))
            next_token = rows[size - 1].id if len(rows) > size else ""
            return [self._view(session, a, tenant.slug, personal) for a in rows[:size]], next_token

    # -- pseudonyms ----------------------------------------------------------------------

    def set_pseudonym(self, caller: Caller, raw: str) -> AccountView:
        display, key = pseudonyms.validate(raw)
        try:
            with self.db.transaction() as session:
                account = session.get(Account, caller.account_id)
                if account is None or not account.active:
                    raise NotFound("no such account", reason="unknown_account")
                self._same_tenant(session, caller, account)
                holder = session.scalars(select(Account.id).where(Account.pseudonym_key == key)).first()
                if holder and holder != account.id:
                    raise AlreadyExists("that pseudonym is taken", field="pseudonym", reason="taken")
                if account.pseudonym == display:
                    return self._view(session, account, caller.tenant, personal=True)
                if account.pseudonym:
                    session.add(
                        PseudonymChange(
                            id=_new_id(), account_id=account.id, changed_at=_now(),
                            previous=self.cipher.encrypt(session, caller.tenant, "pseudonym.previous", account.pseudonym),
                        )
                    )
                account.pseudonym = display
                account.pseudonym_key = key
                session.flush()
                self.outbox.emit(
                    session, "pseudonym_changed", tenant=caller.tenant, actor=caller.account_id,
                    payload=events.PseudonymChanged(account_id=account.id, pseudonym=display),
                )
                return self._view(session, account, caller.tenant, personal=True)
        except IntegrityError:
            raise AlreadyExists("that pseudonym is taken", field="pseudonym", reason="taken") from None

    # -- care relationships ------------------------------------------------------------------

    def _care_view(self, session: Session, rel: CareRelationship, tenant_slug: str) -> CareView:
        provider = session.get(Account, rel.provider_id)
        service_user = session.get(Account, rel.service_user_id)
        return CareView(rel, tenant_slug, provider.pseudonym or "", service_user.pseudonym or "")

    def add_care_relationship(self, caller: Caller, provider_id: str, service_user_id: str) -> CareView:
        caller.require(auth.TENANT_ADMIN)
        with self.db.transaction() as session:
            tenant = self._tenant_by_slug(session, caller.tenant)
            provider = self._account_in(session, provider_id, tenant, "provider_id")
            service_user = self._account_in(session, service_user_id, tenant, "service_user_id")
            if auth.HEALTH_PROVIDER not in roles_of(provider):
                raise InvalidArgument("that account is not a health provider", field="provider_id")
            if auth.SERVICE_USER not in roles_of(service_user):
                raise InvalidArgument("that account is not a service user", field="service_user_id")
            existing = session.scalars(
                select(CareRelationship).where(
                    CareRelationship.provider_id == provider.id,
                    CareRelationship.service_user_id == service_user.id,
                    CareRelationship.ended_at.is_(None),
                )
            ).first()
            if existing:
                raise AlreadyExists("that care relationship exists", reason="exists")
            rel = CareRelationship(
                id=_new_id(), tenant_id=tenant.id, provider_id=provider.id,
                service_user_id=service_user.id, created_at=_now(),
            )
            session.add(rel)
            session.flush()
            self.outbox.emit(
                session, "care_relationship_added", tenant=tenant.slug, actor=caller.account_id,
                payload=events.CareRelationshipAdded(
                    relationship_id=rel.id, provider_id=provider.id, service_user_id=service_user.id
                ),
            )
            return self._care_view(session, rel, tenant.slug)

    def remove_care_relationship(self, caller: Caller, relationship_id: str) -> None:
        caller.require(auth.TENANT_ADMIN)
        with self.db.transaction() as session:
            tenant = self._tenant_by_slug(session, caller.tenant)
            rel = session.get(CareRelationship, relationship_id) if relationship_id else None
            if rel is None or rel.tenant_id != tenant.id or rel.ended_at is not None:
                raise NotFound("no such care relationship", field="relationship_id")
            rel.ended_at = _now()
            self.outbox.emit(
                session, "care_relationship_removed", tenant=tenant.slug, actor=caller.account_id,
                payload=events.CareRelationshipRemoved(
                    relationship_id=rel.id, provider_id=rel.provider_id, service_user_id=rel.service_user_id
                ),
            )

    def list_care_relationships(self, caller: Caller, provider_id: str, service_user_id: str) -> list[CareView]:
        if provider_id and service_user_id:
            raise InvalidArgument("give provider_id or service_user_id, not both", field="provider_id")
        care_team_view = False
        if not caller.has(auth.TENANT_ADMIN):
            # Providers and service users see their own relationships; a provider also sees
            # the care team of a service user they care for (to add a colleague to a conversation).
            if caller.has(auth.HEALTH_PROVIDER) and provider_id in ("", caller.account_id) and not service_user_id:
                provider_id = caller.account_id
            elif caller.has(auth.HEALTH_PROVIDER) and service_user_id and not provider_id:
                care_team_view = True
            elif caller.has(auth.SERVICE_USER) and service_user_id in ("", caller.account_id) and not provider_id:
                service_user_id = caller.account_id
            else:
                raise PermissionDenied("you can only see your own care relationships", reason="not_own")
        with self.db.transaction() as session:
            tenant = self._tenant_by_slug(session, caller.tenant)
            if care_team_view:
                self._account_in(session, service_user_id, tenant, "service_user_id")
            if care_team_view and not session.scalars(select(CareRelationship.id).where(
                CareRelationship.provider_id == caller.account_id, CareRelationship.service_user_id == service_user_id,
                CareRelationship.tenant_id == tenant.id, CareRelationship.ended_at.is_(None),
            )).first():
                raise PermissionDenied("you can only see the care team of people in your care", reason="not_own")
            query = select(CareRelationship).where(
                CareRelationship.tenant_id == tenant.id, CareRelationship.ended_at.is_(None)
            )
            if provider_id:
                self._account_in(session, provider_id, tenant, "provider_id")
                query = query.where(CareRelationship.provider_id == provider_id)
            if service_user_id:
                self._account_in(session, service_user_id, tenant, "service_user_id")
                query = query.where(CareRelationship.service_user_id == service_user_id)
            rows = session.scalars(query.order_by(CareRelationship.created_at, CareRelationship.id))
            return [self._care_view(session, rel, tenant.slug) for rel in rows]

    # -- consents ----------------------------------------------------------------------------

    def give_consent(self, caller: Caller, kind: str, version: str) -> Consent:
        if kind not in CONSENT_KINDS:
            raise InvalidArgument("kind is 'terms' or 'research'", field="kind")
        if version != CURRENT_CONSENT_VERSIONS[kind]:
            raise FailedPrecondition("that is not the current version of the text", field="version", reason="stale_version")
        with self.db.transaction() as session:
            consent = Consent(id=_new_id(), account_id=caller.account_id, kind=kind, version=version, given_at=_now())
            session.add(consent)
            session.flush()
            self.outbox.emit(
                session, "consent_given", tenant=caller.tenant, actor=caller.account_id,
                payload=events.ConsentGiven(account_id=caller.account_id, kind=kind, version=version),
            )
            return consent

    def withdraw_consent(self, caller: Caller, kind: str) -> Consent:
        if kind not in CONSENT_KINDS:
            raise InvalidArgument("kind is 'terms' or 'research'", field="kind")
        with self.db.transaction() as session:
            consent = self._latest_consent(session, caller.account_id, kind)
            if consent is None or consent.withdrawn_at is not None:
                raise NotFound("no consent of that kind to withdraw", field="kind")
            consent.withdrawn_at = _now()
            return consent

    def _latest_consent(self, session: Session, account_id: str, kind: str) -> Consent | None:
        return session.scalars(
            select(Consent)
            .where(Consent.account_id == account_id, Consent.kind == kind)
            .order_by(Consent.given_at.desc(), Consent.id.desc())
            .limit(1)
        ).first()

    def list_consents(self, caller: Caller) -> list[Consent]:
        with self.db.transaction() as session:
            latest = [self._latest_consent(session, caller.account_id, kind) for kind in CONSENT_KINDS]
            return [c for c in latest if c is not None]


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
