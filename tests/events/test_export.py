"""The cafés part of the personal data export: one's own answers, requests and proposals."""

from __future__ import annotations

import json

import grpc

from reconnect.cafes.v1 import cafes_pb2 as cpb
from tests.conftest import rpc_error


def test_the_export_holds_own_answers_and_requests_only(cafes):
    cafe = cafes.cafe("mia", title="Eksportkafé")
    occurrence = cafes.occurrences(cafe.id)[0]
    cafes.rsvp("kafe5", occurrence.id)
    cafes.rsvp("kafe6", occurrence.id, answer=cpb.ANSWER_MAYBE)
    cafes.stub.AskCompanion(cpb.AskCompanionRequest(occurrence_id=occurrence.id, kind=cpb.COMPANION_KIND_COMPANY),
                            metadata=cafes.as_("kafe5"))

    document = json.loads(cafes.stub.Export(cpb.ExportRequest(), metadata=cafes.as_("kafe5")).json)
    mine = [r for r in document["rsvps"] if r["occurrence_id"] == occurrence.id]
    assert [(r["title"], r["answer"]) for r in mine] == [("Eksportkafé", "yes")]
    assert [a["kind"] for a in document["going_together_requests"] if a["occurrence_id"] == occurrence.id] == ["company"]
    assert document["account_id"] == cafes.id_of("kafe5")
    other = json.loads(cafes.stub.Export(cpb.ExportRequest(), metadata=cafes.as_("kafe6")).json)
    assert [r["answer"] for r in other["rsvps"] if r["occurrence_id"] == occurrence.id] == ["maybe"]
    assert rpc_error(cafes.stub.Export, cpb.ExportRequest()).code() == grpc.StatusCode.UNAUTHENTICATED
