"""Reveals and circles: what users asked for in the study — to let chosen peers know
who they are, without compromising anyone else.

- A reveal is one-way (A shows B a name; B learns nothing about anyone else), revocable
  (the name disappears at once, because other services ask here on every view rather
  than keep copies), and never passed on (only the viewer is ever given the name).
- A circle is a group formed by invitation and acceptance; accepting means revealing
  oneself, under a name of one's choosing, to every member of the circle. Leaving
  ends that at once. Circles are what closed forum threads are closed to.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from reconnect.events.v1 import identity_pb2 as events
from services.identity import pseudonyms
from services.identity.store import Account, Circle, CircleMember, Reveal, Tenant
from services.kit import auth
from services.kit.auth import Caller
from services.kit.crypto import FieldCipher
from services.kit.db import Database
from services.kit.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound
from services.kit.outbox import Outbox

FIRST_NAME = "first_name"
CAFE_NAME = "cafe_name"
PEER_ROLES = (auth.SERVICE_USER, auth.PEER_MODERATOR)
MAX_RESOLVE = 500
MAX_CIRCLE_SIZE = 30


@dataclass(frozen=True)
class RevealView:
    account_id: str
    viewer_id: str
    name: str
    pseudonym: str
    created_at: datetime


@dataclass(frozen=True)
class MemberView:
    account_id: str
    pseudonym: str
    revealed_name: str
    accepted: bool


@dataclass(frozen=True)
class CircleView:
    id: str
    name: str
    members: list[MemberView]
    created_at: datetime


def _now() -> datetime:
    return datetime.now(UTC)


class Reveals:
    def __init__(self, db: Database, cipher: FieldCipher, outbox: Outbox):
        self.db = db
        self.cipher = cipher
        self.outbox = outbox

    # -- helpers -------------------------------------------------------------------

    def _peer(self, session: Session, account_id: str, field: str) -> tuple[Account, str]:
        account = session.get(Account, account_id) if account_id else None
        if account is None or not account.active or not set(account.roles.split()) & set(PEER_ROLES):
            raise NotFound("no such member", field=field, reason="unknown_account")
        tenant = session.get(Tenant, account.tenant_id)
        return account, tenant.slug

    def _chosen_name(self, session: Session, account: Account, tenant: str, kind: str, cafe_name: str) -> str:
        if kind == FIRST_NAME:
            real = self.cipher.decrypt_optional(session, tenant, "account.real_name", account.real_name)
            if not real.strip():
                raise FailedPrecondition("no real name on record; choose a café name", field="name_kind")
            return real.split()[0]
        if kind == CAFE_NAME:
            name = " ".join(cafe_name.split())
            if not 2 <= len(name) <= 40:
                raise InvalidArgument("a café name has 2-40 characters", field="cafe_name")
            pseudonyms.refuse_identifying(name, "cafe_name")
            return name
        raise InvalidArgument("choose the first name or a café name", field="name_kind")

    # -- reveals ------------------------------------------------------------------------

    def reveal_to(self, caller: Caller, viewer_id: str, kind: str, cafe_name: str) -> RevealView:
        caller.require(*PEER_ROLES)
        if viewer_id == caller.account_id:
            raise InvalidArgument("you cannot reveal yourself to yourself", field="viewer_id")
        with self.db.transaction() as session:
            me, my_tenant = self._peer(session, caller.account_id, "account_id")
            viewer, _ = self._peer(session, viewer_id, "viewer_id")
            name = self._chosen_name(session, me, my_tenant, kind, cafe_name)
            for previous in self._active_reveals(session, me.id, viewer.id):
                previous.revoked_at = _now()  # a new name replaces the old one
            reveal = Reveal(
                id=str(uuid.uuid4()), account_id=me.id, viewer_id=viewer.id,
                name=self.cipher.encrypt(session, my_tenant, "reveal.name", name), created_at=_now(),
            )
            session.add(reveal)
            return RevealView(me.id, viewer.id, name, viewer.pseudonym or "", reveal.created_at)

    def _active_reveals(self, session: Session, account_id: str, viewer_id: str) -> list[Reveal]:
        return list(
            session.scalars(
                select(Reveal).where(
                    Reveal.account_id == account_id, Reveal.viewer_id == viewer_id, Reveal.revoked_at.is_(None)
                )
            )
        )

    def revoke(self, caller: Caller, viewer_id: str) -> None:
        with self.db.transaction() as session:
            active = self._active_reveals(session, caller.account_id, viewer_id)
            if not active:
                raise NotFound("you have not revealed yourself to that member", field="viewer_id")
            for reveal in active:
                reveal.revoked_at = _now()
            self.outbox.emit(
                session, "reveal_revoked", tenant=caller.tenant, actor=caller.account_id,
                payload=events.RevealRevoked(account_id=caller.account_id, viewer_id=viewer_id),
            )

    def list_reveals(self, caller: Caller) -> tuple[list[RevealView], list[RevealView]]:
        with self.db.transaction() as session:
            given, received = [], []
            mine = select(Reveal).where(Reveal.revoked_at.is_(None))
            for reveal in session.scalars(mine.where(Reveal.account_id == caller.account_id).order_by(Reveal.created_at)):
                viewer = session.get(Account, reveal.viewer_id)
                given.append(RevealView(reveal.account_id, reveal.viewer_id, self._name(session, reveal),
                                        viewer.pseudonym or "", reveal.created_at))
            for reveal in session.scalars(mine.where(Reveal.viewer_id == caller.account_id).order_by(Reveal.created_at)):
                revealer = session.get(Account, reveal.account_id)
                if revealer.active:
                    received.append(RevealView(reveal.account_id, reveal.viewer_id, self._name(session, reveal),
                                               revealer.pseudonym or "", reveal.created_at))
            return given, received

    def _name(self, session: Session, reveal: Reveal) -> str:
        account = session.get(Account, reveal.account_id)
        tenant = session.get(Tenant, account.tenant_id)
        return self.cipher.decrypt(session, tenant.slug, "reveal.name", reveal.name)

    def resolve_names(self, caller: Caller, account_ids: list[str]) -> list[tuple[str, str, str]]:
        """(account id, pseudonym, name revealed to the caller or "") for known accounts."""
        if len(account_ids) > MAX_RESOLVE:
            raise InvalidArgument(f"at most {MAX_RESOLVE} accounts at once", field="account_ids")
        wanted = list(dict.fromkeys(a for a in account_ids if a))
        if not wanted:
            return []
        with self.db.transaction() as session:
            accounts = {a.id: a for a in session.scalars(select(Account).where(Account.id.in_(wanted)))}
            revealed: dict[str, str] = {}
            for reveal in session.scalars(
                select(Reveal).where(
                    Reveal.viewer_id == caller.account_id, Reveal.account_id.in_(wanted), Reveal.revoked_at.is_(None)
                ).order_by(Reveal.created_at)
            ):
                revealed[reveal.account_id] = self._name(session, reveal)
            for circle_id in self._circle_ids(session, caller.account_id):
                for member in self._accepted(session, circle_id):
                    if member.account_id in accounts and member.account_id not in revealed and member.revealed_name:
                        revealed[member.account_id] = self._member_name(session, member)
            result = []
            for account_id in wanted:
                account = accounts.get(account_id)
                if account is not None:
                    name = revealed.get(account_id, "") if account.active and account_id != caller.account_id else ""
                    result.append((account_id, account.pseudonym or "", name))
            return result

    # -- circles --------------------------------------------------------------------------

    def _circle_ids(self, session: Session, account_id: str) -> list[str]:
        return list(
            session.scalars(
                select(CircleMember.circle_id).where(
                    CircleMember.account_id == account_id,
                    CircleMember.accepted_at.is_not(None),
                    CircleMember.left_at.is_(None),
                )
            )
        )

    def _accepted(self, session: Session, circle_id: str) -> list[CircleMember]:
        return list(
            session.scalars(
                select(CircleMember).where(
                    CircleMember.circle_id == circle_id,
                    CircleMember.accepted_at.is_not(None),
                    CircleMember.left_at.is_(None),
                )
            )
        )

    def _membership(self, session: Session, circle_id: str, account_id: str) -> CircleMember | None:
        return session.scalars(
            select(CircleMember).where(CircleMember.circle_id == circle_id, CircleMember.account_id == account_id)
        ).first()

    def _member_name(self, session: Session, member: CircleMember) -> str:
        account = session.get(Account, member.account_id)
        tenant = session.get(Tenant, account.tenant_id)
        return self.cipher.decrypt_optional(session, tenant.slug, "circle.revealed_name", member.revealed_name)

    def _view(self, session: Session, circle: Circle, viewer_is_member: bool) -> CircleView:
        members = []
        rows = session.scalars(
            select(CircleMember)
            .where(CircleMember.circle_id == circle.id, CircleMember.left_at.is_(None))
            .order_by(CircleMember.invited_at, CircleMember.id)
        )
        for member in rows:
            account = session.get(Account, member.account_id)
            accepted = member.accepted_at is not None
            name = self._member_name(session, member) if (viewer_is_member and accepted) else ""
            members.append(MemberView(member.account_id, account.pseudonym or "", name, accepted))
        name = self.cipher.decrypt(session, circle.tenant, "circle.name", circle.name)
        return CircleView(circle.id, name, members, circle.created_at)

    def _join(self, session: Session, member: CircleMember, caller: Caller, kind: str, cafe_name: str) -> None:
        me, my_tenant = self._peer(session, caller.account_id, "account_id")
        name = self._chosen_name(session, me, my_tenant, kind, cafe_name)
        member.revealed_name = self.cipher.encrypt(session, my_tenant, "circle.revealed_name", name)
        member.accepted_at = _now()
        self.outbox.emit(
            session, "circle_membership_changed", tenant=caller.tenant, actor=caller.account_id,
            payload=events.CircleMembershipChanged(circle_id=member.circle_id, account_id=caller.account_id, member=True),
        )

    def _invite(self, session: Session, circle_id: str, account_id: str, inviter: str) -> None:
        self._peer(session, account_id, "invitee_ids")
        existing = self._membership(session, circle_id, account_id)
        if existing is not None and existing.left_at is None:
            raise AlreadyExists("already a member or invited", field="account_id")
        if existing is not None:
            session.delete(existing)
            session.flush()
        if len(self._accepted(session, circle_id)) >= MAX_CIRCLE_SIZE:
            raise FailedPrecondition(f"a circle has at most {MAX_CIRCLE_SIZE} members", field="account_id")
        session.add(CircleMember(
            id=str(uuid.uuid4()), circle_id=circle_id, account_id=account_id, invited_by=inviter, invited_at=_now(),
        ))

    def create_circle(self, caller: Caller, name: str, kind: str, cafe_name: str, invitee_ids: list[str]) -> CircleView:
        caller.require(*PEER_ROLES)
        name = " ".join(name.split())
        if not 2 <= len(name) <= 60:
            raise InvalidArgument("a circle's name has 2-60 characters", field="name")
        if len(invitee_ids) > MAX_CIRCLE_SIZE:
            raise InvalidArgument(f"invite at most {MAX_CIRCLE_SIZE} people", field="invitee_ids")
        with self.db.transaction() as session:
            circle = Circle(
                id=str(uuid.uuid4()), tenant=caller.tenant, created_by=caller.account_id, created_at=_now(),
                name=self.cipher.encrypt(session, caller.tenant, "circle.name", name),
            )
            session.add(circle)
            founder = CircleMember(
                id=str(uuid.uuid4()), circle_id=circle.id, account_id=caller.account_id,
                invited_by=caller.account_id, invited_at=_now(),
            )
            session.add(founder)
            session.flush()
            self._join(session, founder, caller, kind, cafe_name)
            for invitee in dict.fromkeys(invitee_ids):
                if invitee != caller.account_id:
                    self._invite(session, circle.id, invitee, caller.account_id)
            session.flush()
            return self._view(session, circle, viewer_is_member=True)

    def _circle_for_member(self, session: Session, caller: Caller, circle_id: str) -> Circle:
        circle = session.get(Circle, circle_id) if circle_id else None
        if circle is None or circle_id not in self._circle_ids(session, caller.account_id):
            raise NotFound("no such circle", field="circle_id")
        return circle

    def invite(self, caller: Caller, circle_id: str, account_id: str) -> CircleView:
        with self.db.transaction() as session:
            circle = self._circle_for_member(session, caller, circle_id)
            self._invite(session, circle.id, account_id, caller.account_id)
            session.flush()
            return self._view(session, circle, viewer_is_member=True)

    def answer(self, caller: Caller, circle_id: str, accept: bool, kind: str, cafe_name: str) -> CircleView | None:
        with self.db.transaction() as session:
            member = self._membership(session, circle_id, caller.account_id) if circle_id else None
            if member is None or member.left_at is not None:
                raise NotFound("no such invitation", field="circle_id")
            if member.accepted_at is not None:
                raise AlreadyExists("you are already a member", field="circle_id")
            circle = session.get(Circle, circle_id)
            if not accept:
                session.delete(member)
                return None
            self._join(session, member, caller, kind, cafe_name)
            session.flush()
            return self._view(session, circle, viewer_is_member=True)

    def leave(self, caller: Caller, circle_id: str) -> None:
        with self.db.transaction() as session:
            self._circle_for_member(session, caller, circle_id)
            member = self._membership(session, circle_id, caller.account_id)
            member.left_at = _now()
            member.revealed_name = None  # nothing of the name stays behind
            self.outbox.emit(
                session, "circle_membership_changed", tenant=caller.tenant, actor=caller.account_id,
                payload=events.CircleMembershipChanged(circle_id=circle_id, account_id=caller.account_id, member=False),
            )

    def list_circles(self, caller: Caller) -> tuple[list[CircleView], list[CircleView]]:
        with self.db.transaction() as session:
            member_of = [session.get(Circle, cid) for cid in self._circle_ids(session, caller.account_id)]
            invited_ids = session.scalars(
                select(CircleMember.circle_id).where(
                    CircleMember.account_id == caller.account_id,
                    CircleMember.accepted_at.is_(None),
                    CircleMember.left_at.is_(None),
                )
            )
            invited = [session.get(Circle, cid) for cid in invited_ids]
            by_time = sorted(member_of, key=lambda c: (c.created_at, c.id))
            return (
                [self._view(session, c, viewer_is_member=True) for c in by_time],
                [self._view(session, c, viewer_is_member=False) for c in invited],
            )

    def circle_ids_of(self, caller: Caller) -> list[str]:
        with self.db.transaction() as session:
            return self._circle_ids(session, caller.account_id)
