"""Sessions and the end of an account: deactivation by a tenant admin, and erasure on
the owner's request.

Erasure removes everything identity holds that could name the person (names, contact
details, pseudonym and its history, reveals, circles, sessions), keeps the bare account
row so ids elsewhere stay consistent, and publishes ``account_erased``. Every service
holding personal data erases its part and publishes ``erasure_completed``; identity
records each, so the person can follow the progress with the receipt they were given.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from reconnect.events.v1 import envelope_pb2
from reconnect.events.v1 import lifecycle_pb2 as lifecycle
from services.identity.store import (
    Account,
    CareRelationship,
    CircleMember,
    ErasureCompletion,
    ErasureRequest,
    PseudonymChange,
    RefreshToken,
    Reveal,
    Tenant,
)
from services.identity.tokens import end_sign_ins, hash_refresh_token
from services.kit import auth
from services.kit.auth import Caller
from services.kit.bus import Consumer
from services.kit.db import Database, as_utc
from services.kit.errors import InvalidArgument, NotFound, PermissionDenied, Unauthenticated
from services.kit.outbox import Outbox, unpack


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SessionView:
    id: str
    started_at: datetime
    last_used_at: datetime
    expires_at: datetime
    current: bool


@dataclass(frozen=True)
class ErasureView:
    requested_at: datetime
    services: list[tuple[str, datetime | None]]
    receipt: str = ""

    @property
    def done(self) -> bool:
        return all(completed is not None for _, completed in self.services)


class Lifecycle:
    def __init__(self, db: Database, outbox: Outbox, erasure_services: list[str], verify_password):
        self.db = db
        self.outbox = outbox
        self.erasure_services = erasure_services
        self._verify_password = verify_password

    # -- sessions --------------------------------------------------------------------

    def list_sessions(self, caller: Caller) -> list[SessionView]:
        now = _now()
        with self.db.transaction() as session:
            tokens = session.scalars(
                select(RefreshToken).where(RefreshToken.account_id == caller.account_id, RefreshToken.revoked_at.is_(None))
                .order_by(RefreshToken.issued_at)
            )
            families: dict[str, SessionView] = {}
            for token in tokens:
                if token.used_at is not None or as_utc(token.expires_at) <= now:
                    continue  # only a family's live token keeps the sign-in alive
                families[token.family_id] = SessionView(
                    id=token.family_id, started_at=as_utc(token.session_started_at or token.issued_at),
                    last_used_at=as_utc(token.issued_at), expires_at=as_utc(token.expires_at),
                    current=token.family_id == caller.session_id,
                )
            return sorted(families.values(), key=lambda s: s.started_at)

    def revoke_session(self, caller: Caller, session_id: str) -> None:
        with self.db.transaction() as session:
            revoked = end_sign_ins(session, self.outbox, _now(), RefreshToken.account_id == caller.account_id,
                                   RefreshToken.family_id == session_id)
            if not revoked:
                raise NotFound("no such session", field="session_id")

    def _revoke_all(self, session: Session, account_id: str) -> None:
        end_sign_ins(session, self.outbox, _now(), RefreshToken.account_id == account_id)

    # -- deactivation ----------------------------------------------------------------------

    def set_active(self, caller: Caller, account_id: str, active: bool) -> Account:
        if not caller.has(auth.REGION_ADMIN):
            caller.require(auth.TENANT_ADMIN)  # the role before the lookup: no hint that the account exists
        with self.db.transaction() as session:
            account = session.get(Account, account_id) if account_id else None
            tenant = session.get(Tenant, account.tenant_id) if account else None
            if account is None or account.erased_at is not None:
                raise NotFound("no such account", field="account_id")
            if not caller.has(auth.REGION_ADMIN) and tenant.slug != caller.tenant:
                raise NotFound("no such account", field="account_id")
            if account.id == caller.account_id:
                raise PermissionDenied("you cannot deactivate yourself", reason="self")
            account.active = active
            if not active:
                self._revoke_all(session, account.id)
            self.outbox.emit(session, "account_active_changed", tenant=tenant.slug, actor=caller.account_id,
                             payload=lifecycle.AccountActiveChanged(account_id=account.id, active=active))
            return account

    # -- erasure ------------------------------------------------------------------------------

    def request_erasure(self, caller: Caller, password: str) -> ErasureView:
        now = _now()
        receipt = secrets.token_urlsafe(24)
        with self.db.transaction() as session:
            account = session.get(Account, caller.account_id)
            if account is None or account.erased_at is not None:
                raise NotFound("no such account", reason="unknown_account")
            if account.password_hash and not self._verify_password(account.password_hash, password):
                raise Unauthenticated("the password is not right", field="password", reason="bad_credentials")
            username = f"erased-{uuid.uuid4().hex[:12]}"
            account.username = username
            account.real_name = account.email = account.phone = None
            account.password_hash = None
            account.pseudonym = account.pseudonym_key = None
            account.active = False
            account.erased_at = now
            session.execute(delete(PseudonymChange).where(PseudonymChange.account_id == account.id))
            session.execute(delete(Reveal).where(or_(Reveal.account_id == account.id, Reveal.viewer_id == account.id)))
            session.execute(delete(CircleMember).where(CircleMember.account_id == account.id))
            session.execute(update(CareRelationship).where(
                or_(CareRelationship.provider_id == account.id, CareRelationship.service_user_id == account.id),
                CareRelationship.ended_at.is_(None),
            ).values(ended_at=now).execution_options(synchronize_session=False))
            self._revoke_all(session, account.id)
            session.add(ErasureRequest(
                id=str(uuid.uuid4()), account_id=account.id, receipt_hash=hash_refresh_token(receipt),
                services=",".join(self.erasure_services), requested_at=now,
            ))
            self.outbox.emit(session, "account_erased", tenant=caller.tenant, actor=caller.account_id,
                             payload=lifecycle.AccountErased(account_id=account.id))
        return ErasureView(now, [(s, None) for s in self.erasure_services], receipt)

    def erasure_status(self, receipt: str) -> ErasureView:
        if not receipt:
            raise InvalidArgument("the receipt is required", field="receipt")
        with self.db.transaction() as session:
            request = session.scalars(select(ErasureRequest).where(ErasureRequest.receipt_hash == hash_refresh_token(receipt))).first()
            if request is None:
                raise NotFound("no erasure with that receipt", field="receipt")
            done = {c.service: as_utc(c.completed_at) for c in session.scalars(
                select(ErasureCompletion).where(ErasureCompletion.account_id == request.account_id))}
            return ErasureView(as_utc(request.requested_at), [(s, done.get(s)) for s in request.services.split(",") if s])

    def record_completion(self, session: Session, event: envelope_pb2.Event) -> None:
        if not event.type.endswith(".erasure_completed"):
            return
        completed = unpack(event, lifecycle.ErasureCompleted)
        if session.get(ErasureCompletion, (completed.account_id, completed.service)) is None:
            session.add(ErasureCompletion(account_id=completed.account_id, service=completed.service, completed_at=_now()))

    def consumers(self) -> list[Consumer]:
        return [
            Consumer(f"identity-erasure-{service}", service.upper(), f"{service}.*.erasure_completed", self.record_completion)
            for service in self.erasure_services
        ]
