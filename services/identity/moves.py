"""Moving an account to another municipality (tenant).

Two steps, so that both municipalities agree: the source tenant's admin starts a move,
the destination tenant's admin accepts it (a region admin may do either, and either side
may cancel a pending move). Accepting is one transaction in identity:

- the account's tenant changes, and everything identity sealed under the old tenant's
  key for this account (names, contact details, second-factor secret, pseudonym history,
  names it revealed) is re-encrypted under the new tenant's key;
- every care relationship of the account ends, with the same ``care_relationship_removed``
  events a tenant admin's removal emits (providers lose access; messaging leaves the
  service user the conversations read-only);
- every sign-in ends (tokens carry the tenant, so the person signs in again in the new one);
- ``account_moved`` {account_id, from_tenant, to_tenant} goes through the outbox, for the
  services that keep the account's data under its tenant (toolbox moves it, cafés cancel
  upcoming answers in the old municipality, messaging moves the person's conversations).

The forum needs nothing: posts are tied to the account (shown under its pseudonym), and
which spaces one sees follows the tenant in one's token.

As everywhere in identity, a move or an account another tenant's admin may not manage
answers "not found", never "forbidden".
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from reconnect.events.v1 import identity_pb2 as identity_events
from reconnect.events.v1 import lifecycle_pb2 as lifecycle
from services.identity.store import (
    Account,
    AccountMove,
    CareRelationship,
    CircleMember,
    PseudonymChange,
    RefreshToken,
    Reveal,
    Tenant,
)
from services.identity.tokens import end_sign_ins
from services.kit import auth
from services.kit.auth import Caller
from services.kit.crypto import FieldCipher
from services.kit.db import Database
from services.kit.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound, PermissionDenied
from services.kit.outbox import Outbox

PENDING, ACCEPTED, CANCELLED = "pending", "accepted", "cancelled"
# Ids are UUIDs and tenants slugs: anything else names nothing (and never reaches the database,
# where some bytes, such as NUL, are not even valid text).
_ID = re.compile(r"[0-9a-fA-F-]{1,36}")
_SLUG = re.compile(r"[a-z][a-z0-9-]{1,38}")
# Admin roles are given per municipality; such an account is not moved, a new one is made.
NOT_MOVABLE_ROLES = frozenset({auth.TENANT_ADMIN, auth.REGION_ADMIN})
# The account's own sealed columns and the field name each was sealed under.
ACCOUNT_FIELDS = (
    ("real_name", "account.real_name"),
    ("email", "account.email"),
    ("phone", "account.phone"),
    ("totp_secret", "account.totp_secret"),
)


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class MoveView:
    move: AccountMove
    username: str
    from_tenant: str
    to_tenant: str


class AccountMoves:
    def __init__(self, db: Database, cipher: FieldCipher, outbox: Outbox):
        self.db = db
        self.cipher = cipher
        self.outbox = outbox

    # -- who may ---------------------------------------------------------------------

    @staticmethod
    def _require_admin(caller: Caller) -> None:
        # The role before any lookup: a refusal must not hint that an id exists.
        if not caller.has(auth.REGION_ADMIN):
            caller.require(auth.TENANT_ADMIN)

    @staticmethod
    def _manages(caller: Caller, tenant: Tenant) -> bool:
        return caller.has(auth.REGION_ADMIN) or (caller.has(auth.TENANT_ADMIN) and tenant.slug == caller.tenant)

    def _view(self, session: Session, move: AccountMove) -> MoveView:
        account = session.get(Account, move.account_id)
        return MoveView(move, account.username if account else "", session.get(Tenant, move.from_tenant_id).slug,
                        session.get(Tenant, move.to_tenant_id).slug)

    def _move_for(self, session: Session, caller: Caller, move_id: str, *sides: str) -> AccountMove:
        """The move, if the caller administers one of the named sides ("from", "to")."""
        move = session.get(AccountMove, move_id) if _ID.fullmatch(move_id or "") else None
        if move is not None:
            tenants = {"from": move.from_tenant_id, "to": move.to_tenant_id}
            if any(self._manages(caller, session.get(Tenant, tenants[side])) for side in sides):
                return move
        raise NotFound("no such move", field="move_id", reason="unknown_move")

    @staticmethod
    def _username_free(session: Session, account: Account, tenant: Tenant) -> None:
        taken = session.scalars(select(Account.id).where(
            Account.tenant_id == tenant.id, Account.username == account.username, Account.id != account.id)).first()
        if taken:
            raise FailedPrecondition("the destination has an account with this username; give this one another first",
                                     field="account_id", reason="username_taken")

    # -- the steps ---------------------------------------------------------------------

    def start(self, caller: Caller, account_id: str, to_tenant: str) -> MoveView:
        self._require_admin(caller)
        if not to_tenant:
            raise InvalidArgument("to_tenant is required", field="to_tenant")
        with self.db.transaction() as session:
            account = session.get(Account, account_id) if _ID.fullmatch(account_id or "") else None
            source = session.get(Tenant, account.tenant_id) if account else None
            if account is None or account.erased_at is not None or not self._manages(caller, source):
                raise NotFound("no such account", field="account_id", reason="unknown_account")
            if account.id == caller.account_id:
                raise PermissionDenied("you cannot move your own account", reason="self")
            if NOT_MOVABLE_ROLES & set(account.roles.split()):
                raise FailedPrecondition("admin accounts are not moved; make one in the other municipality",
                                         field="account_id", reason="admin_account")
            destination = (session.scalars(select(Tenant).where(Tenant.slug == to_tenant)).first()
                           if _SLUG.fullmatch(to_tenant) else None)
            if destination is None:
                raise NotFound("unknown tenant", field="to_tenant", reason="unknown_tenant")
            if destination.id == source.id:
                raise InvalidArgument("the account is in that municipality already", field="to_tenant", reason="same_tenant")
            if session.scalars(select(AccountMove.id).where(
                    AccountMove.account_id == account.id, AccountMove.state == PENDING)).first():
                raise AlreadyExists("a move of this account is waiting already", field="account_id", reason="move_pending")
            self._username_free(session, account, destination)
            move = AccountMove(
                id=str(uuid.uuid4()), account_id=account.id, from_tenant_id=source.id, to_tenant_id=destination.id,
                state=PENDING, requested_by=caller.account_id, requested_at=_now(), care_relationships_ended=0,
            )
            session.add(move)
            session.flush()
            return MoveView(move, account.username, source.slug, destination.slug)

    def accept(self, caller: Caller, move_id: str) -> MoveView:
        self._require_admin(caller)
        with self.db.transaction() as session:
            move = self._move_for(session, caller, move_id, "to")
            now = _now()
            # Claim the move atomically: of two acceptances (or an acceptance and a
            # cancellation) at once, exactly one changes it.
            claimed = session.execute(
                update(AccountMove).where(AccountMove.id == move.id, AccountMove.state == PENDING)
                .values(state=ACCEPTED, decided_by=caller.account_id, decided_at=now)
                .returning(AccountMove.id).execution_options(synchronize_session=False)
            ).first()
            if claimed is None:
                raise FailedPrecondition("this move is no longer waiting", field="move_id", reason="not_pending")
            session.refresh(move)
            account = session.get(Account, move.account_id)
            source = session.get(Tenant, move.from_tenant_id)
            destination = session.get(Tenant, move.to_tenant_id)
            if account.erased_at is not None or account.tenant_id != source.id:
                raise FailedPrecondition("the account is no longer where the move started", field="move_id",
                                         reason="account_changed")
            self._username_free(session, account, destination)
            # Every sign-in ends, announced (session_ended) while the account is still in the
            # old municipality, so every service refuses its access tokens at once.
            end_sign_ins(session, self.outbox, now, RefreshToken.account_id == account.id)
            self._reseal(session, account, source.slug, destination.slug)
            account.tenant_id = destination.id
            move.care_relationships_ended = self._end_care(session, account, source.slug, caller.account_id, now)
            self.outbox.emit(session, "account_moved", tenant=source.slug, actor=caller.account_id,
                             payload=lifecycle.AccountMoved(account_id=account.id, from_tenant=source.slug,
                                                            to_tenant=destination.slug))
            return MoveView(move, account.username, source.slug, destination.slug)

    def cancel(self, caller: Caller, move_id: str) -> MoveView:
        self._require_admin(caller)
        with self.db.transaction() as session:
            move = self._move_for(session, caller, move_id, "from", "to")
            claimed = session.execute(
                update(AccountMove).where(AccountMove.id == move.id, AccountMove.state == PENDING)
                .values(state=CANCELLED, decided_by=caller.account_id, decided_at=_now())
                .returning(AccountMove.id).execution_options(synchronize_session=False)
            ).first()
            if claimed is None:
                raise FailedPrecondition("this move is no longer waiting", field="move_id", reason="not_pending")
            session.refresh(move)
            return self._view(session, move)

    def pending(self, caller: Caller, tenant_slug: str = "") -> list[MoveView]:
        """Moves waiting, into or out of the caller's municipality (a region admin: any, or the named one)."""
        self._require_admin(caller)
        with self.db.transaction() as session:
            query = select(AccountMove).where(AccountMove.state == PENDING)
            slug = tenant_slug or ("" if caller.has(auth.REGION_ADMIN) else caller.tenant)
            if slug:
                tenant = session.scalars(select(Tenant).where(Tenant.slug == slug)).first() if _SLUG.fullmatch(slug) else None
                if tenant is None or not self._manages(caller, tenant):
                    raise NotFound("unknown tenant", field="tenant", reason="unknown_tenant")
                query = query.where(or_(AccountMove.from_tenant_id == tenant.id, AccountMove.to_tenant_id == tenant.id))
            moves = session.scalars(query.order_by(AccountMove.requested_at, AccountMove.id))
            return [self._view(session, m) for m in moves]

    def history_of(self, session: Session, account_id: str) -> list[MoveView]:
        moves = session.scalars(select(AccountMove).where(AccountMove.account_id == account_id)
                                .order_by(AccountMove.requested_at))
        return [self._view(session, m) for m in moves]

    # -- what acceptance does ------------------------------------------------------------

    def _reopen(self, session: Session, old: str, new: str, field: str, blob: bytes | None) -> bytes | None:
        if not blob:
            return blob
        return self.cipher.encrypt(session, new, field, self.cipher.decrypt(session, old, field, blob))

    def _reseal(self, session: Session, account: Account, old: str, new: str) -> None:
        """Everything sealed under the account's tenant, re-sealed under the new tenant's key.
        (Circle names stay under their circle's own tenant, which does not move.)"""
        for column, field in ACCOUNT_FIELDS:
            setattr(account, column, self._reopen(session, old, new, field, getattr(account, column)))
        for change in session.scalars(select(PseudonymChange).where(PseudonymChange.account_id == account.id)):
            change.previous = self._reopen(session, old, new, "pseudonym.previous", change.previous)
        for reveal in session.scalars(select(Reveal).where(Reveal.account_id == account.id)):
            reveal.name = self._reopen(session, old, new, "reveal.name", reveal.name)
        for member in session.scalars(select(CircleMember).where(CircleMember.account_id == account.id)):
            member.revealed_name = self._reopen(session, old, new, "circle.revealed_name", member.revealed_name)

    def _end_care(self, session: Session, account: Account, old: str, actor: str, now: datetime) -> int:
        relationships = list(session.scalars(select(CareRelationship).where(
            or_(CareRelationship.provider_id == account.id, CareRelationship.service_user_id == account.id),
            CareRelationship.ended_at.is_(None),
        )))
        for rel in relationships:
            rel.ended_at = now
            self.outbox.emit(session, "care_relationship_removed", tenant=old, actor=actor,
                             payload=identity_events.CareRelationshipRemoved(
                                 relationship_id=rel.id, provider_id=rel.provider_id, service_user_id=rel.service_user_id))
        return len(relationships)
