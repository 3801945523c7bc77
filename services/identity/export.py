"""The caller's own data, as identity holds it, for the personal data export.

Only the caller's own account: no one else's real name appears (other people show by
pseudonym, and by the name they revealed to the caller, which the caller can see anyway).
Password and second-factor secrets, token hashes and the national ID hash are not data
about the person that an export should carry; the export says that they exist.
"""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from datetime import UTC, date, datetime

from sqlalchemy import or_, select

from services.identity.store import Account, CareRelationship, Consent, PseudonymChange, Tenant
from services.kit.auth import Caller
from services.kit.db import as_utc
from services.kit.errors import NotFound

FORMAT = "reconnect.identity.export/1"


def _json_default(value):
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if is_dataclass(value):
        return asdict(value)
    raise TypeError(f"not serialisable: {type(value).__name__}")


def _care(rel: CareRelationship, me: str, accounts: dict[str, Account]) -> dict:
    provider = rel.provider_id == me
    other = rel.service_user_id if provider else rel.provider_id
    return {
        "id": rel.id, "you_are": "provider" if provider else "service_user", "other_account_id": other,
        "other_pseudonym": accounts[other].pseudonym or "" if other in accounts else "",
        "created_at": rel.created_at, "ended_at": rel.ended_at,
    }


def export(service, caller: Caller) -> str:
    """``service`` is the IdentityService; everything is read with the caller's own rights."""
    given, received = service.reveals.list_reveals(caller)
    circles, invitations = service.reveals.list_circles(caller)
    sessions = service.lifecycle.list_sessions(caller)
    with service.db.transaction() as session:
        account = session.get(Account, caller.account_id)
        if account is None or account.erased_at is not None:
            raise NotFound("no such account", reason="unknown_account")
        # The account's tenant, not the token's: the sealed fields follow the account.
        tenant = session.get(Tenant, account.tenant_id).slug
        decrypt = service.cipher.decrypt_optional
        history = session.scalars(select(PseudonymChange).where(PseudonymChange.account_id == account.id)
                                  .order_by(PseudonymChange.changed_at))
        consents = session.scalars(select(Consent).where(Consent.account_id == account.id)
                                   .order_by(Consent.given_at, Consent.id))
        relationships = list(session.scalars(select(CareRelationship).where(
            or_(CareRelationship.provider_id == account.id, CareRelationship.service_user_id == account.id))
            .order_by(CareRelationship.created_at, CareRelationship.id)))
        others = {a.id: a for a in session.scalars(select(Account).where(Account.id.in_(
            {r.provider_id for r in relationships} | {r.service_user_id for r in relationships})))}
        document = {
            "format": FORMAT,
            "exported_at": datetime.now(UTC),
            "account": {
                "id": account.id, "tenant": tenant, "username": account.username, "roles": account.roles.split(),
                "real_name": decrypt(session, tenant, "account.real_name", account.real_name),
                "email": decrypt(session, tenant, "account.email", account.email),
                "phone": decrypt(session, tenant, "account.phone", account.phone),
                "pseudonym": account.pseudonym or "", "active": account.active, "created_at": account.created_at,
                "has_password": bool(account.password_hash), "has_second_factor": account.totp_confirmed_at is not None,
                "signs_in_with_national_id": bool(account.national_id_hash),
            },
            "pseudonym_history": [
                {"previous": decrypt(session, tenant, "pseudonym.previous", c.previous), "changed_at": c.changed_at}
                for c in history
            ],
            "consents": [
                {"kind": c.kind, "version": c.version, "given_at": c.given_at, "withdrawn_at": c.withdrawn_at}
                for c in consents
            ],
            "care_relationships": [_care(r, account.id, others) for r in relationships],
            "reveals_given": [{"to_account_id": r.viewer_id, "to_pseudonym": r.pseudonym, "name_shown": r.name,
                               "created_at": r.created_at} for r in given],
            "reveals_received": [{"from_account_id": r.account_id, "from_pseudonym": r.pseudonym, "name_shown": r.name,
                                  "created_at": r.created_at} for r in received],
            "circles": [{"id": c.id, "name": c.name, "created_at": c.created_at,
                         "members": [{"account_id": m.account_id, "pseudonym": m.pseudonym, "accepted": m.accepted}
                                     for m in c.members]} for c in circles],
            "circle_invitations": [{"id": c.id, "created_at": c.created_at} for c in invitations],
            "sessions": [{"id": s.id, "started_at": s.started_at, "last_used_at": s.last_used_at,
                          "expires_at": s.expires_at} for s in sessions],
            "moves": [{"from_tenant": m.from_tenant, "to_tenant": m.to_tenant, "state": m.move.state,
                       "requested_at": m.move.requested_at, "decided_at": m.move.decided_at}
                      for m in service.moves.history_of(session, account.id)],
        }
    return json.dumps(document, default=_json_default, ensure_ascii=False, indent=2)
