"""What identity tells the rest of the system, through the outbox and JetStream."""

from __future__ import annotations

import uuid

from reconnect.events.v1 import identity_pb2 as events
from reconnect.identity.v1 import identity_pb2 as pb
from services.kit.outbox import unpack
from tests.conftest import wait_for
from tests.kit.test_bus import stream_messages

REAL_NAME = f"Kanari {uuid.uuid4().hex[:6]}"


def identity_events(identity) -> list:
    return [event for _, event, _ in stream_messages(identity.settings.nats_url, "IDENTITY")]


def test_changes_publish_their_events_with_ids_not_personal_details(identity):
    admin = identity.as_("admin.nordvik")
    account = identity.stub.CreateAccount(
        pb.CreateAccountRequest(username=f"ev{uuid.uuid4().hex[:8]}", password="a long enough password",
                                roles=[pb.ROLE_SERVICE_USER], real_name=REAL_NAME, email="kanari@example.no"),
        metadata=admin,
    )
    rel = identity.stub.AddCareRelationship(
        pb.AddCareRelationshipRequest(provider_id=identity.ids["hansen"], service_user_id=account.id), metadata=admin
    )
    me = [("authorization", f"Bearer {identity.login('nordvik', account.username, 'a long enough password').access_token}")]
    pseudonym = "Nattugle" + uuid.uuid4().hex[:4]
    identity.stub.SetPseudonym(pb.SetPseudonymRequest(pseudonym=pseudonym), metadata=me)
    identity.stub.GiveConsent(pb.GiveConsentRequest(kind=pb.CONSENT_KIND_TERMS, version="2026-1"), metadata=me)

    def about_account():
        found = {}
        for event in identity_events(identity):
            if event.type == "identity.account_created" and unpack(event, events.AccountCreated).account_id == account.id:
                found["created"] = event
            elif event.type == "identity.care_relationship_added" and unpack(event, events.CareRelationshipAdded).relationship_id == rel.id:
                found["care"] = event
            elif event.type == "identity.pseudonym_changed" and unpack(event, events.PseudonymChanged).account_id == account.id:
                found.setdefault("pseudonym", []).append(event)
            elif event.type == "identity.consent_given" and event.actor == account.id:
                found["consent"] = event
        return found if len(found) == 4 else None

    found = wait_for(about_account, message="all four events on the IDENTITY stream")
    assert len(found["pseudonym"]) == 1
    assert unpack(found["pseudonym"][0], events.PseudonymChanged).pseudonym == pseudonym
    assert found["created"].actor == identity.ids["admin.nordvik"]
    assert found["created"].tenant == "nordvik"
    assert unpack(found["consent"], events.ConsentGiven).version == "2026-1"
    for event in identity_events(identity):
        raw = event.SerializeToString()
        assert REAL_NAME.encode() not in raw and b"kanari@" not in raw


def test_grpc_metrics_use_the_standard_names_and_bounded_labels(identity):

    from prometheus_client import REGISTRY, generate_latest

    identity.login("nordvik", "nora")
    text = generate_latest(REGISTRY).decode()
    assert 'grpc_server_handled_total{grpc_code="OK",grpc_method="Login",grpc_service="reconnect.identity.v1.IdentityService",grpc_type="unary"}' in text
    assert "grpc_server_handling_seconds_bucket" in text
    assert 'reconnect_outbox_backlog{service="identity"}' in text
    for account_id in identity.ids.values():
        assert account_id not in text
