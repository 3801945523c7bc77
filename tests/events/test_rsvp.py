"""RSVPs: capacity and a waitlist that promotes the next person and tells them, never
over capacity even when many answer at once; "I'm not up to it today" in one tap."""

from __future__ import annotations

import threading

from reconnect.cafes.v1 import cafes_pb2 as cpb
from reconnect.events.v1 import cafes_pb2 as evpb
from tests.conftest import wait_for
from tests.events.conftest import EXTRA, published


def _attendees(cafes, occurrence_id):
    return cafes.stub.ListAttendees(cpb.ListAttendeesRequest(occurrence_id=occurrence_id), metadata=cafes.as_("mia"))


def _at_once(work: list) -> list:
    errors: list = []
    barrier = threading.Barrier(len(work))

    def run(call):
        try:
            barrier.wait(10)
            call()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(call,)) for call in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors


def test_concurrent_rsvps_never_exceed_capacity_and_the_waitlist_is_promoted_in_order(cafes):
    cafe = cafes.cafe("mia", capacity=3)
    occurrence = cafes.occurrences(cafe.id)[0]
    for username in EXTRA:
        cafes.as_(username)  # log in before the race
    assert _at_once([lambda u=u: cafes.rsvp(u, occurrence.id) for u in EXTRA]) == []
    listed = _attendees(cafes, occurrence.id)
    assert (listed.counts.going, listed.counts.waitlisted) == (3, len(EXTRA) - 3)
    going = [a.person.account_id for a in listed.attendees if not a.waitlisted]
    waiting = sorted((a for a in listed.attendees if a.waitlisted), key=lambda a: a.waitlist_position)
    assert [a.waitlist_position for a in waiting] == list(range(1, len(EXTRA) - 2))
    by_id = {cafes.id_of(u): u for u in EXTRA}

    # Two seated people leave while two more answer yes and a waiting one says maybe, all at once.
    leaving = [by_id[a] for a in going[:2]]
    newcomers = ["nora", "nils"]
    hesitant = by_id[waiting[-1].person.account_id]
    work = [lambda u=u: cafes.rsvp(u, occurrence.id, answer=cpb.ANSWER_NO) for u in leaving]
    work += [lambda u=u: cafes.rsvp(u, occurrence.id) for u in newcomers]
    work += [lambda: cafes.rsvp(hesitant, occurrence.id, answer=cpb.ANSWER_MAYBE)]
    assert _at_once(work) == []
    after = _attendees(cafes, occurrence.id)
    assert after.counts.going == 3, "never over capacity, and freed seats are filled"
    seated = {a.person.account_id for a in after.attendees if not a.waitlisted and a.answer == cpb.ANSWER_YES}
    promoted = {a.person.account_id for a in waiting[:2]} - {cafes.id_of(hesitant)}
    assert promoted <= seated, "the longest-waiting got the seats"
    assert not ({cafes.id_of(u) for u in newcomers} & seated), "newcomers queue behind those already waiting"

    def told():
        return {p.account_id for _, p in published(cafes.nats_url, "events.waitlist_promoted", evpb.WaitlistPromoted)
                if p.occurrence_id == occurrence.id}

    wait_for(lambda: promoted <= told(), message="promoted people are told")
    assert told() <= seated | {a.person.account_id for a in waiting}


def test_not_up_to_it_is_one_tap_says_no_and_tells_nobody_why(cafes):
    cafe = cafes.cafe("mia", capacity=1)
    occurrence = cafes.occurrences(cafe.id)[0]
    cafes.rsvp("nora", occurrence.id, visible=True)
    cafes.stub.SetReminders(cpb.SetRemindersRequest(occurrence_id=occurrence.id, minutes_before=[1440, 120]),
                            metadata=cafes.as_("nora"))
    waiting = cafes.rsvp("nils", occurrence.id)
    assert waiting.my_rsvp.waitlisted and waiting.my_rsvp.waitlist_position == 1
    mine = cafes.stub.NotUpToIt(cpb.NotUpToItRequest(occurrence_id=occurrence.id), metadata=cafes.as_("nora"))
    assert mine.my_rsvp.answer == cpb.ANSWER_NO and mine.counts.going == 1
    nils = cafes.stub.GetOccurrence(cpb.GetOccurrenceRequest(occurrence_id=occurrence.id), metadata=cafes.as_("nils"))
    assert nils.my_rsvp.answer == cpb.ANSWER_YES and not nils.my_rsvp.waitlisted

    def changes():
        return [(e, p) for e, p in published(cafes.nats_url, "events.rsvp_changed", evpb.RsvpChanged)
                if p.occurrence_id == occurrence.id and p.account_id == cafes.id_of("nora")]

    found = wait_for(lambda: len(changes()) == 2 and changes())
    assert [p.answer for _, p in found] == ["yes", "no"]
    # The event is an ordinary "no": it has no field for a reason, and the request had none to give.
    assert [f.name for f in evpb.RsvpChanged.DESCRIPTOR.fields] == ["occurrence_id", "account_id", "answer", "waitlisted"]
    assert [f.name for f in cpb.NotUpToItRequest.DESCRIPTOR.fields] == ["occurrence_id"]
    wait_for(lambda: any(p.account_id == cafes.id_of("nils") and p.occurrence_id == occurrence.id
                         for _, p in published(cafes.nats_url, "events.waitlist_promoted", evpb.WaitlistPromoted)))
