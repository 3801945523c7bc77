"""A member who moves to another municipality: answers to the old municipality's upcoming
cafés are cancelled and the seat goes to the waitlist; the calendar link follows."""

from __future__ import annotations

from sqlalchemy import select

from reconnect.cafes.v1 import cafes_pb2 as cpb
from reconnect.events.v1 import cafes_pb2 as evpb
from reconnect.identity.v1 import identity_pb2 as ipb
from services.events.store import CalendarToken, Rsvp
from tests.conftest import wait_for
from tests.events.conftest import published
from tests.identity.test_account_move import new_municipality


def _answer(cafes, occurrence_id: str, account_id: str) -> str:
    with cafes.service.db.transaction() as session:
        row = session.get(Rsvp, (occurrence_id, account_id))
        return row.answer if row else ""


def test_moving_cancels_upcoming_answers_in_the_old_municipality_and_promotes_the_waitlist(cafes):
    identity = cafes.identity
    mover = identity.newcomer()
    mover_id = identity.ids[mover]
    cafe = cafes.cafe("mia", capacity=1)
    first, second = cafes.occurrences(cafe.id)[:2]
    assert cafes.rsvp(mover, first.id).my_rsvp.answer == cpb.ANSWER_YES
    cafes.rsvp(mover, second.id, answer=cpb.ANSWER_MAYBE)
    waiting = cafes.rsvp("kafe3", first.id)
    assert waiting.my_rsvp.waitlisted, "the only seat is taken"
    cafes.stub.CreateCalendarToken(cpb.CreateCalendarTokenRequest(), metadata=cafes.as_(mover))

    there, there_admin = new_municipality(identity)
    move = identity.stub.StartAccountMove(ipb.StartAccountMoveRequest(account_id=mover_id, to_tenant=there),
                                          metadata=identity.as_("admin.nordvik"))
    identity.stub.AcceptAccountMove(ipb.AcceptAccountMoveRequest(move_id=move.id), metadata=identity.as_(there_admin))

    wait_for(lambda: _answer(cafes, first.id, mover_id) == "no" and _answer(cafes, second.id, mover_id) == "no",
             message="the mover's answers in Nordvik are cancelled")
    seated = cafes.stub.GetOccurrence(cpb.GetOccurrenceRequest(occurrence_id=first.id), metadata=cafes.as_("kafe3"))
    assert seated.my_rsvp.answer == cpb.ANSWER_YES and not seated.my_rsvp.waitlisted, "the freed seat went to the waitlist"
    promoted = wait_for(lambda: [p for _, p in published(cafes.nats_url, "events.waitlist_promoted", evpb.WaitlistPromoted)
                                 if p.occurrence_id == first.id and p.account_id == cafes.id_of("kafe3")],
                        message="the promoted member is told")
    assert len(promoted) == 1
    with cafes.service.db.transaction() as session:
        assert session.scalars(select(CalendarToken.tenant).where(CalendarToken.account_id == mover_id)).one() == there
