"""Reminders fire exactly once: across a restart of the events service around the due
time, a NATS outage, and a clock that jumps back and forth. Time is the test's: the
service and its scheduler read a clock the test moves."""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from reconnect.cafes.v1 import cafes_pb2 as cpb
from reconnect.events.v1 import cafes_pb2 as evpb
from services.events.__main__ import REMINDER_WORKER
from services.events.store import Reminder
from services.kit.natsserver import EmbeddedNats
from tests.conftest import wait_for
from tests.events.conftest import Clock, published, start_events


def _reminders(running) -> dict[tuple[str, int], Reminder]:
    with running.service.db.transaction() as session:
        return {(r.account_id, r.minutes_before): r for r in session.scalars(select(Reminder))}


def _unsent_outbox(running) -> int:
    from services.events.store import KIT

    with running.service.db.transaction() as session:
        return len(session.execute(select(KIT.outbox.c.id).where(KIT.outbox.c.sent_at.is_(None))).all())


def test_each_reminder_fires_once_across_service_and_nats_restarts_and_clock_changes(
        identity, database_url, master_key, tmp_path):
    nats = EmbeddedNats(tmp_path / "nats").start()
    url = database_url("events_reminders")
    clock = Clock()
    t0 = datetime.now(UTC).replace(microsecond=0)
    clock.set(t0)
    running = start_events(identity, url, nats.url, master_key, clock)
    mia, nora, nils = identity.as_("mia"), identity.as_("nora"), identity.as_("nils")
    try:
        first = (t0 + timedelta(days=3)).date().isoformat()
        cafe = running.stub.CreateCafe(cpb.CreateCafeRequest(
            title="Kafé", venue="Biblioteket", recurrence=cpb.Recurrence(
                rrule="FREQ=WEEKLY", first_date=first, local_time="18:00", duration_minutes=120)), metadata=mia)
        occurrence = running.stub.ListOccurrences(cpb.ListOccurrencesRequest(cafe_id=cafe.id), metadata=nora).occurrences[0]
        start = occurrence.starts_at.ToDatetime(UTC)
        running.stub.Rsvp(cpb.RsvpRequest(occurrence_id=occurrence.id, answer=cpb.ANSWER_YES), metadata=nora)
        chosen = running.stub.SetReminders(cpb.SetRemindersRequest(occurrence_id=occurrence.id, minutes_before=[120, 1440]),
                                           metadata=nora)
        assert list(chosen.my_rsvp.reminder_minutes_before) == [1440, 120]
        # Nils chose reminders too, then said no: his are skipped, silently.
        running.stub.SetReminders(cpb.SetRemindersRequest(occurrence_id=occurrence.id, minutes_before=[1440]), metadata=nils)
        running.stub.Rsvp(cpb.RsvpRequest(occurrence_id=occurrence.id, answer=cpb.ANSWER_NO), metadata=nils)
        nora_id = identity.ids["nora"]
        day_before = _reminders(running)[(nora_id, 1440)].id
        two_hours = _reminders(running)[(nora_id, 120)].id

        clock.set(start - timedelta(minutes=1441))  # a minute before the first is due
        running.runner.worker(REMINDER_WORKER).wake()
        time.sleep(0.3)
        assert all(r.sent_at is None for r in _reminders(running).values())

        running.stop()  # the service goes down around the due time ...
        clock.set(start - timedelta(minutes=1439))  # ... the due time passes while it is down ...
        nats.stop()  # ... and NATS is down too
        running = start_events(identity, url, nats.url, master_key, clock)
        wait_for(lambda: _reminders(running)[(nora_id, 1440)].sent_at is not None, message="claimed after restart")
        assert _reminders(running)[(nora_id, 120)].sent_at is None
        assert _unsent_outbox(running) >= 1, "waiting in the outbox for NATS"

        running.stop()  # restarted again, and the clock jumps back an hour and then forward
        clock.set(start - timedelta(minutes=1500))
        running = start_events(identity, url, nats.url, master_key, clock)
        time.sleep(0.3)
        clock.set(start - timedelta(minutes=1430))
        time.sleep(0.3)
        nats.start()
        wait_for(lambda: any(p.reminder_id == day_before for _, p in published(nats.url, "events.reminder_due", evpb.ReminderDue)),
                 timeout=30, message="published once NATS is back")

        clock.set(start - timedelta(minutes=119))
        wait_for(lambda: any(p.reminder_id == two_hours for _, p in published(nats.url, "events.reminder_due", evpb.ReminderDue)),
                 timeout=30, message="the second reminder")
        running.stop()
        running = start_events(identity, url, nats.url, master_key, clock)
        clock.set(start - timedelta(minutes=5))
        running.runner.worker(REMINDER_WORKER).wake()
        wait_for(lambda: _unsent_outbox(running) == 0, timeout=30)
        time.sleep(0.5)

        sent = published(nats.url, "events.reminder_due", evpb.ReminderDue)
        assert Counter(p.reminder_id for _, p in sent) == {day_before: 1, two_hours: 1}
        assert {p.account_id for _, p in sent} == {nora_id}
        assert {p.occurrence_id for _, p in sent} == {occurrence.id}
        event = sent[0][0]
        assert event.tenant == "nordvik" and event.actor == ""
        nils_rows = [r for (a, _), r in _reminders(running).items() if a != nora_id]
        assert [r.outcome for r in nils_rows] == ["skipped"]
    finally:
        running.stop()
        nats.stop()
