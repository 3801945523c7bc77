"""Field encryption at rest: AES-256-GCM under per-tenant data keys.

Each tenant has data keys (one current, older ones kept for reading) stored in the
service's own ``data_keys`` table, wrapped by the master key from the environment.
A ciphertext names the key it was made with, so keys rotate without re-encrypting
everything at once. The associated data binds a ciphertext to its tenant and field,
so it cannot be copied into another tenant's row or another column.
"""

from __future__ import annotations

import os
import threading
import uuid
from datetime import UTC, datetime

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from services.kit.db import KitTables

FORMAT_VERSION = b"\x01"
_KEY_ID_LEN = 32  # uuid4 hex
_NONCE_LEN = 12


class DecryptionError(Exception):
    """The ciphertext is damaged, belongs elsewhere, or its key is unknown."""


class FieldCipher:
    def __init__(self, master_key: bytes, tables: KitTables):
        if len(master_key) != 32:
            raise ValueError("the master key must be 32 bytes")
        self._master = AESGCM(master_key)
        self._tables = tables
        self._keys: dict[str, bytes] = {}  # key id -> unwrapped data key
        self._current: dict[str, str] = {}  # tenant -> current key id
        self._lock = threading.Lock()

    # -- keys ---------------------------------------------------------------------

    def _wrap_aad(self, tenant: str, key_id: str) -> bytes:
        return f"data-key|{tenant}|{key_id}".encode()

    def _unwrap(self, tenant: str, key_id: str, wrapped: bytes) -> bytes:
        try:
            return self._master.decrypt(wrapped[:_NONCE_LEN], wrapped[_NONCE_LEN:], self._wrap_aad(tenant, key_id))
        except InvalidTag as exc:
            raise DecryptionError("data key does not open with this master key") from exc

    def rotate(self, session: Session, tenant: str) -> str:
        """Make a new current data key for the tenant; older keys stay readable."""
        now = datetime.now(UTC)
        key_id = uuid.uuid4().hex
        data_key = AESGCM.generate_key(bit_length=256)
        nonce = os.urandom(_NONCE_LEN)
        wrapped = nonce + self._master.encrypt(nonce, data_key, self._wrap_aad(tenant, key_id))
        table = self._tables.data_keys
        session.execute(
            update(table).where(table.c.tenant == tenant, table.c.retired_at.is_(None)).values(retired_at=now)
        )
        session.execute(insert(table).values(id=key_id, tenant=tenant, wrapped_key=wrapped, created_at=now))
        with self._lock:
            self._keys[key_id] = data_key
            self._current[tenant] = key_id
        return key_id

    def _current_key(self, session: Session, tenant: str) -> tuple[str, bytes]:
        with self._lock:
            key_id = self._current.get(tenant)
            if key_id:
                return key_id, self._keys[key_id]
        table = self._tables.data_keys
        row = session.execute(
            select(table.c.id, table.c.wrapped_key)
            .where(table.c.tenant == tenant, table.c.retired_at.is_(None))
            .order_by(table.c.created_at.desc())
            .limit(1)
        ).first()
        if row is None:
            key_id = self.rotate(session, tenant)
            return key_id, self._keys[key_id]
        data_key = self._unwrap(tenant, row.id, row.wrapped_key)
        with self._lock:
            self._keys[row.id] = data_key
            self._current[tenant] = row.id
        return row.id, data_key

    def _key_by_id(self, session: Session, tenant: str, key_id: str) -> bytes:
        with self._lock:
            if key_id in self._keys:
                return self._keys[key_id]
        table = self._tables.data_keys
        row = session.execute(
            select(table.c.wrapped_key).where(table.c.id == key_id, table.c.tenant == tenant)
        ).first()
        if row is None:
            raise DecryptionError("unknown data key")
        data_key = self._unwrap(tenant, key_id, row.wrapped_key)
        with self._lock:
            self._keys[key_id] = data_key
        return data_key

    def forget_cached_keys(self) -> None:
        """Drop unwrapped keys from memory (after a rotation done by another process)."""
        with self._lock:
            self._keys.clear()
            self._current.clear()

    # -- fields -------------------------------------------------------------------

    @staticmethod
    def _aad(tenant: str, field: str) -> bytes:
        return f"field|{tenant}|{field}".encode()

    def encrypt(self, session: Session, tenant: str, field: str, plaintext: str) -> bytes:
        key_id, data_key = self._current_key(session, tenant)
        nonce = os.urandom(_NONCE_LEN)
        sealed = AESGCM(data_key).encrypt(nonce, plaintext.encode("utf-8"), self._aad(tenant, field))
        return FORMAT_VERSION + key_id.encode("ascii") + nonce + sealed

    def decrypt(self, session: Session, tenant: str, field: str, blob: bytes) -> str:
        if not blob or blob[:1] != FORMAT_VERSION or len(blob) < 1 + _KEY_ID_LEN + _NONCE_LEN + 16:
            raise DecryptionError("not a ReConnect ciphertext")
        key_id = blob[1 : 1 + _KEY_ID_LEN].decode("ascii", errors="replace")
        nonce = blob[1 + _KEY_ID_LEN : 1 + _KEY_ID_LEN + _NONCE_LEN]
        data_key = self._key_by_id(session, tenant, key_id)
        try:
            plain = AESGCM(data_key).decrypt(nonce, blob[1 + _KEY_ID_LEN + _NONCE_LEN :], self._aad(tenant, field))
        except InvalidTag as exc:
            raise DecryptionError("ciphertext does not open for this tenant and field") from exc
        return plain.decode("utf-8")

    def encrypt_optional(self, session: Session, tenant: str, field: str, plaintext: str) -> bytes | None:
        return self.encrypt(session, tenant, field, plaintext) if plaintext else None

    def decrypt_optional(self, session: Session, tenant: str, field: str, blob: bytes | None) -> str:
        return self.decrypt(session, tenant, field, blob) if blob else ""

    @staticmethod
    def key_id_of(blob: bytes) -> str:
        return blob[1 : 1 + _KEY_ID_LEN].decode("ascii")
