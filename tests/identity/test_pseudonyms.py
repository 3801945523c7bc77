"""Pseudonyms: unique across the region as a reader sees them, and never identifying."""

from __future__ import annotations

import uuid

import grpc
import pytest
from sqlalchemy import select

from reconnect.identity.v1 import identity_pb2 as pb
from services.identity.store import PseudonymChange
from tests.conftest import PASSWORD, rpc_error, trailer


def fresh_person(identity, tenant: str = "nordvik") -> list[tuple[str, str]]:
    username = f"p{uuid.uuid4().hex[:10]}"
    identity.service.bootstrap_account(tenant, username, PASSWORD, ["service_user"])
    token = identity.login(tenant, username).access_token
    return [("authorization", f"Bearer {token}")]


def set_pseudonym(identity, metadata, pseudonym: str):
    return identity.stub.SetPseudonym(pb.SetPseudonymRequest(pseudonym=pseudonym), metadata=metadata)


@pytest.mark.parametrize(
    ("pseudonym", "reason"),
    [
        ("ab", "too_short"),
        ("x" * 31, "too_long"),
        ("admin", "reserved"),
        ("Moderator", "reserved"),
        ("ADMIN 2", "reserved"),
        ("the_m0derator", "reserved"),
        ("Аdmin", "reserved"),  # Cyrillic А
        ("Service User", "reserved"),
        ("nora@example.no", "looks_like_email"),
        ("nora.nordmann.no", "looks_like_email"),
        ("+47 912 34 567", "looks_like_phone"),
        ("91234567", "looks_like_phone"),
        ("<script>", "invalid_characters"),
        ("zero\u200bwidth", "invalid_characters"),
    ],
)
def test_refused_pseudonyms_name_the_field_and_reason(identity, pseudonym, reason):
    error = rpc_error(set_pseudonym, identity, fresh_person(identity), pseudonym)
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert trailer(error, "reconnect-field") == "pseudonym"
    assert trailer(error, "reconnect-reason") == reason
    assert pseudonym not in error.details(), "error texts never echo what was typed"


def test_accepted_pseudonym_is_normalised_and_shown(identity):
    account = set_pseudonym(identity, fresh_person(identity), "  Stille   Elv\u00a0" + uuid.uuid4().hex[:4])
    assert account.pseudonym.startswith("Stille Elv ")


@pytest.mark.parametrize(
    "lookalike",
    [
        "{base}",
        "{upper}",
        "{cyrillic}",  # Cyrillic а and о for Latin a and o
        "{zero}",
        "{spaced}",
        "{fullwidth}",
    ],
)
def test_lookalikes_of_a_taken_pseudonym_are_refused_across_municipalities(identity, lookalike):
    stem = "Havorn" + uuid.uuid4().hex[:4].replace("0", "x").replace("1", "y")
    set_pseudonym(identity, fresh_person(identity, "nordvik"), stem)
    variants = {
        "base": stem,
        "upper": stem.upper(),
        "cyrillic": stem.replace("a", "а").replace("o", "о"),
        "zero": stem.replace("o", "0"),
        "spaced": " ".join(stem),
        "fullwidth": "".join(chr(ord(c) + 0xFEE0) if c.isalnum() and c.isascii() else c for c in stem),
    }
    candidate = lookalike.format(**variants)
    error = rpc_error(set_pseudonym, identity, fresh_person(identity, "sorby"), candidate)
    assert error.code() == grpc.StatusCode.ALREADY_EXISTS, candidate
    assert trailer(error, "reconnect-field") == "pseudonym"
    assert trailer(error, "reconnect-reason") == "taken"


def test_change_history_is_kept_but_never_shown(identity):
    metadata = fresh_person(identity)
    first = set_pseudonym(identity, metadata, "Morgenrode" + uuid.uuid4().hex[:4])
    second = set_pseudonym(identity, metadata, "Kveldsrode" + uuid.uuid4().hex[:4])
    assert second.pseudonym != first.pseudonym
    with identity.service.db.transaction() as session:
        history = session.scalars(select(PseudonymChange).where(PseudonymChange.account_id == first.id)).all()
        assert len(history) == 1
        assert first.pseudonym.encode() not in history[0].previous, "the old pseudonym is stored encrypted"
    # The old pseudonym is free again for someone else, and the account shows only the new one.
    other = set_pseudonym(identity, fresh_person(identity), first.pseudonym)
    assert other.pseudonym == first.pseudonym
    me = identity.stub.GetMe(pb.GetMeRequest(), metadata=metadata)
    assert me.pseudonym == second.pseudonym
    assert first.pseudonym not in str(me)


def test_setting_the_same_pseudonym_again_changes_nothing(identity):
    metadata = fresh_person(identity)
    name = "Fjordlys" + uuid.uuid4().hex[:4]
    first = set_pseudonym(identity, metadata, name)
    again = set_pseudonym(identity, metadata, name)
    assert again.pseudonym == first.pseudonym
    with identity.service.db.transaction() as session:
        assert session.scalars(select(PseudonymChange).where(PseudonymChange.account_id == first.id)).all() == []
