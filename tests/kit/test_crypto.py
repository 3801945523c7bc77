import os

import pytest
from sqlalchemy import MetaData

from services.kit.crypto import DecryptionError, FieldCipher
from services.kit.db import Database, add_kit_tables


@pytest.fixture
def store(database_url):
    metadata = MetaData()
    tables = add_kit_tables(metadata)
    db = Database(database_url("crypto"))
    metadata.create_all(db.engine)
    yield db, tables
    db.dispose()


def test_round_trip_and_ciphertext_hides_the_text(store):
    db, tables = store
    cipher = FieldCipher(os.urandom(32), tables)
    with db.transaction() as session:
        blob = cipher.encrypt(session, "nordvik", "crisis_plan.warning_signs", "Jeg sover dårlig")
        assert b"Jeg sover" not in blob
        assert cipher.decrypt(session, "nordvik", "crisis_plan.warning_signs", blob) == "Jeg sover dårlig"


def test_ciphertext_is_bound_to_its_tenant_and_field(store):
    db, tables = store
    cipher = FieldCipher(os.urandom(32), tables)
    with db.transaction() as session:
        blob = cipher.encrypt(session, "nordvik", "account.real_name", "Nora")
        cipher.encrypt(session, "sorby", "account.real_name", "Siri")
        with pytest.raises(DecryptionError):
            cipher.decrypt(session, "sorby", "account.real_name", blob)
        with pytest.raises(DecryptionError):
            cipher.decrypt(session, "nordvik", "account.email", blob)
        tampered = blob[:-1] + bytes([blob[-1] ^ 1])
        with pytest.raises(DecryptionError):
            cipher.decrypt(session, "nordvik", "account.real_name", tampered)


def test_rotation_keeps_old_ciphertexts_readable(store):
    db, tables = store
    master = os.urandom(32)
    cipher = FieldCipher(master, tables)
    with db.transaction() as session:
        old = cipher.encrypt(session, "nordvik", "f", "before rotation")
        new_key = cipher.rotate(session, "nordvik")
        new = cipher.encrypt(session, "nordvik", "f", "after rotation")
    assert FieldCipher.key_id_of(old) != new_key
    assert FieldCipher.key_id_of(new) == new_key
    # A fresh process (no cached keys) reads both through the wrapped keys in the table.
    fresh = FieldCipher(master, tables)
    with db.transaction() as session:
        assert fresh.decrypt(session, "nordvik", "f", old) == "before rotation"
        assert fresh.decrypt(session, "nordvik", "f", new) == "after rotation"


def test_wrong_master_key_cannot_open_data_keys(store):
    db, tables = store
    with db.transaction() as session:
        blob = FieldCipher(os.urandom(32), tables).encrypt(session, "nordvik", "f", "secret")
    with db.transaction() as session, pytest.raises(DecryptionError):
        FieldCipher(os.urandom(32), tables).decrypt(session, "nordvik", "f", blob)
