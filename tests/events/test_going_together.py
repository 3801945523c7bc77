"""Going together: asking for or offering company or a ride; a proposed match reveals
nothing about the other person until both accept; then a shared, encrypted meeting note."""

from __future__ import annotations

import grpc
from sqlalchemy import select

from reconnect.cafes.v1 import cafes_pb2 as cpb
from reconnect.events.v1 import cafes_pb2 as evpb
from services.events.store import Match
from tests.conftest import rpc_error, wait_for
from tests.events.conftest import published, stamp


def _matches(cafes, username, occurrence_id):
    reply = cafes.stub.ListMatches(cpb.ListMatchesRequest(), metadata=cafes.as_(username))
    return [m for m in reply.matches if m.occurrence_id == occurrence_id]


def _ask(cafes, username, occurrence_id, kind, offer=False):
    return cafes.stub.AskCompanion(cpb.AskCompanionRequest(occurrence_id=occurrence_id, kind=kind, offer=offer),
                                   metadata=cafes.as_(username))


def test_matched_members_learn_nothing_about_each_other_before_both_accept(cafes):
    occurrence = cafes.occurrences(cafes.cafe("mia").id)[0]
    _ask(cafes, "nora", occurrence.id, cpb.COMPANION_KIND_COMPANY)
    assert _matches(cafes, "nora", occurrence.id) == []
    _ask(cafes, "nils", occurrence.id, cpb.COMPANION_KIND_COMPANY, offer=True)
    [for_nora] = _matches(cafes, "nora", occurrence.id)
    [for_nils] = _matches(cafes, "nils", occurrence.id)
    assert for_nora.id == for_nils.id and for_nora.status == cpb.MATCH_STATUS_PROPOSED
    for match in (for_nora, for_nils):
        assert not match.HasField("partner") and not match.HasField("note") and not match.partner_offers

    cafes.stub.AnswerMatch(cpb.AnswerMatchRequest(match_id=for_nora.id, accept=True), metadata=cafes.as_("nora"))
    [waiting] = _matches(cafes, "nils", occurrence.id)
    assert not waiting.HasField("partner") and not waiting.i_accepted
    note = rpc_error(cafes.stub.SetMeetingNote, cpb.SetMeetingNoteRequest(match_id=for_nora.id, place="Kiosken"),
                     metadata=cafes.as_("nora"))
    assert note.code() == grpc.StatusCode.FAILED_PRECONDITION
    outsider = rpc_error(cafes.stub.AnswerMatch, cpb.AnswerMatchRequest(match_id=for_nora.id, accept=True),
                         metadata=cafes.as_("nameless"))
    assert outsider.code() == grpc.StatusCode.NOT_FOUND

    confirmed = cafes.stub.AnswerMatch(cpb.AnswerMatchRequest(match_id=for_nils.id, accept=True), metadata=cafes.as_("nils"))
    assert confirmed.status == cpb.MATCH_STATUS_CONFIRMED
    assert confirmed.partner.account_id == cafes.id_of("nora") and confirmed.partner.pseudonym == "Nora Fugl"
    meet_at = occurrence.starts_at.ToDatetime().replace(microsecond=0)
    cafes.stub.SetMeetingNote(cpb.SetMeetingNoteRequest(match_id=for_nora.id, place="Bussholdeplassen ved kirken",
                                                        meet_at=stamp(meet_at)), metadata=cafes.as_("nora"))
    [seen] = _matches(cafes, "nils", occurrence.id)
    assert seen.partner.account_id == cafes.id_of("nora") and seen.partner_offers is False and seen.i_offer
    assert seen.note.place == "Bussholdeplassen ved kirken" and seen.note.updated_by == cafes.id_of("nora")
    with cafes.service.db.transaction() as session:
        sealed = session.scalar(select(Match.note_sealed).where(Match.id == for_nora.id))
    assert b"Bussholdeplassen" not in sealed, "the note is encrypted at rest"

    def made():
        return [p for _, p in published(cafes.nats_url, "events.match_made", evpb.MatchMade) if p.match_id == for_nora.id]

    found = wait_for(lambda: len(made()) == 2 and made())
    assert [p.confirmed for p in found] == [False, True]
    assert set(found[0].account_ids) == {cafes.id_of("nora"), cafes.id_of("nils")}


def test_rides_pair_askers_with_offers_and_a_declined_pair_is_not_proposed_again(cafes):
    occurrence = cafes.occurrences(cafes.cafe("mia").id)[0]
    _ask(cafes, "kafe3", occurrence.id, cpb.COMPANION_KIND_RIDE)
    _ask(cafes, "kafe4", occurrence.id, cpb.COMPANION_KIND_RIDE)  # two askers do not make a ride
    assert _matches(cafes, "kafe3", occurrence.id) == []
    _ask(cafes, "kafe5", occurrence.id, cpb.COMPANION_KIND_RIDE, offer=True)
    [proposed] = _matches(cafes, "kafe3", occurrence.id)  # the longest-waiting asker first
    assert _matches(cafes, "kafe4", occurrence.id) == []
    declined = cafes.stub.AnswerMatch(cpb.AnswerMatchRequest(match_id=proposed.id, accept=False),
                                      metadata=cafes.as_("kafe5"))
    assert declined.status == cpb.MATCH_STATUS_DECLINED and not declined.HasField("partner")
    [old] = _matches(cafes, "kafe3", occurrence.id)
    assert old.status == cpb.MATCH_STATUS_DECLINED and not old.HasField("partner")
    [next_one] = _matches(cafes, "kafe4", occurrence.id)  # the offer goes to the next asker, not back
    assert next_one.status == cpb.MATCH_STATUS_PROPOSED
    again = rpc_error(_ask, cafes, "kafe3", occurrence.id, cpb.COMPANION_KIND_RIDE)
    assert again.code() == grpc.StatusCode.ALREADY_EXISTS
    mine = cafes.stub.ListCompanionRequests(cpb.ListCompanionRequestsRequest(), metadata=cafes.as_("kafe3")).requests
    [ask] = [r for r in mine if r.occurrence_id == occurrence.id]
    assert ask.open
    cafes.stub.WithdrawCompanion(cpb.WithdrawCompanionRequest(request_id=ask.id), metadata=cafes.as_("kafe3"))
    bad = rpc_error(cafes.stub.AskCompanion, cpb.AskCompanionRequest(occurrence_id=occurrence.id), metadata=cafes.as_("kafe3"))
    assert bad.code() == grpc.StatusCode.INVALID_ARGUMENT
