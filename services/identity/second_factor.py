"""The second factor for staff: TOTP (RFC 6238) with one-time recovery codes.

Tenant admins, region admins and providers signing in with a password must set it up
when the region enforces it. Their tokens then say so (``mfa_required``) and carry when
the second factor was last proven (``mfa_at``); every service's kit honours their staff
powers only while that is recent, and ``StepUp`` renews it within the same sign-in.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import UTC, datetime

import pyotp
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from services.identity.store import Account, RecoveryCode
from services.kit.auth import STAFF_ROLES
from services.kit.crypto import FieldCipher
from services.kit.errors import FailedPrecondition, InvalidArgument, Unauthenticated

ISSUER_NAME = "ReConnect"
RECOVERY_CODES = 10
FIELD = "account.totp_secret"


def is_staff(account: Account) -> bool:
    return bool(set(account.roles.split()) & STAFF_ROLES)


def _code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().replace("-", "").lower().encode()).hexdigest()


class SecondFactor:
    def __init__(self, cipher: FieldCipher, enforced: bool):
        self.cipher = cipher
        self.enforced = enforced

    def required_for(self, account: Account) -> bool:
        return self.enforced and is_staff(account)

    def begin_setup(self, session: Session, account: Account, tenant: str) -> tuple[str, str]:
        if account.totp_confirmed_at is not None:
            raise FailedPrecondition("a second factor is set up already", reason="already_set_up")
        secret = pyotp.random_base32()
        account.totp_secret = self.cipher.encrypt(session, tenant, FIELD, secret)
        uri = pyotp.TOTP(secret).provisioning_uri(name=account.username, issuer_name=ISSUER_NAME)
        return secret, uri

    def _totp(self, session: Session, account: Account, tenant: str) -> pyotp.TOTP | None:
        if account.totp_secret is None:
            return None
        return pyotp.TOTP(self.cipher.decrypt(session, tenant, FIELD, account.totp_secret))

    def confirm_setup(self, session: Session, account: Account, tenant: str, code: str) -> list[str]:
        totp = self._totp(session, account, tenant)
        if totp is None or account.totp_confirmed_at is not None:
            raise FailedPrecondition("begin the set-up first", reason="no_setup")
        if not code or not totp.verify(code.strip(), valid_window=1):
            raise InvalidArgument("that code is not right; check the time on your phone", field="code", reason="bad_code")
        account.totp_confirmed_at = datetime.now(UTC)
        codes = [f"{secrets.token_hex(2)}-{secrets.token_hex(2)}-{secrets.token_hex(2)}" for _ in range(RECOVERY_CODES)]
        for code_value in codes:
            session.add(RecoveryCode(id=str(uuid.uuid4()), account_id=account.id, code_hash=_code_hash(code_value)))
        return codes

    def verify(self, session: Session, account: Account, tenant: str, code: str) -> bool:
        """A current TOTP code, or an unused recovery code (then used up)."""
        if not code:
            return False
        totp = self._totp(session, account, tenant)
        if totp is not None and account.totp_confirmed_at is not None and totp.verify(code.strip(), valid_window=1):
            return True
        used = session.execute(
            update(RecoveryCode)
            .where(RecoveryCode.account_id == account.id, RecoveryCode.code_hash == _code_hash(code),
                   RecoveryCode.used_at.is_(None))
            .values(used_at=datetime.now(UTC))
            .returning(RecoveryCode.id)
            .execution_options(synchronize_session=False)
        ).first()
        return used is not None

    def check_login(self, session: Session, account: Account, tenant: str, code: str) -> datetime | None:
        """At sign-in: the time the second factor was proven, None when it is not set up yet.

        Raises when it is set up and the code is missing (asked for) or wrong (refused)."""
        if not self.required_for(account) or account.totp_confirmed_at is None:
            return None
        if not code:
            raise FailedPrecondition("enter the code from your authenticator", field="second_factor",
                                     reason="second_factor_required")
        if not self.verify(session, account, tenant, code):
            raise Unauthenticated("the code is not right", field="second_factor", reason="bad_second_factor")
        return datetime.now(UTC)

    def remaining_recovery_codes(self, session: Session, account_id: str) -> int:
        return len(session.scalars(select(RecoveryCode.id).where(
            RecoveryCode.account_id == account_id, RecoveryCode.used_at.is_(None))).all())
