"""The caller's own café data, for the personal data export: answers (RSVPs), reminders,
attendance, going-together requests and matches (with the meeting note, which both
partners can read), activities they proposed, and whether a calendar link exists (only
its hash is kept, so the link itself cannot be exported).

Rows are found by the account id of the verified token, in every municipality (after a
move, the person's history in the old municipality is still theirs). Other people appear
by account id only: their names are not the caller's data.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import or_, select

from services.events.store import (
    Activity,
    Attendance,
    CalendarToken,
    CompanionAsk,
    Match,
    Occurrence,
    Reminder,
    Rsvp,
)
from services.events.store import Cafe as CafeRow
from services.kit.auth import Caller
from services.kit.db import as_utc

FORMAT = "reconnect.cafes.export/1"


def _at(moment: datetime | None) -> str | None:
    return as_utc(moment).isoformat() if moment else None


def export(cafes, caller: Caller) -> str:
    """``cafes`` is the Cafes domain object (its database and cipher)."""
    me = caller.account_id
    cipher = cafes.cipher
    with cafes.db.transaction() as session:
        meetings: dict[str, dict] = {}

        def meeting(occurrence_id: str) -> dict:
            if occurrence_id not in meetings:
                occurrence = session.get(Occurrence, occurrence_id)
                title = ""
                if occurrence is not None and occurrence.cafe_id:
                    cafe = session.get(CafeRow, occurrence.cafe_id)
                    title = cafe.title if cafe else ""
                elif occurrence is not None and occurrence.activity_id:
                    activity = session.get(Activity, occurrence.activity_id)
                    title = activity.title if activity else ""
                meetings[occurrence_id] = {
                    "occurrence_id": occurrence_id, "title": title,
                    "municipality": occurrence.tenant if occurrence else "",
                    "starts_at": _at(occurrence.starts_at) if occurrence else None,
                    "status": occurrence.status if occurrence else "",
                }
            return meetings[occurrence_id]

        rsvps = [{**meeting(r.occurrence_id), "answer": r.answer, "waitlisted": r.waitlisted,
                  "visible_to_others": r.visible, "updated_at": _at(r.updated_at)}
                 for r in session.scalars(select(Rsvp).where(Rsvp.account_id == me).order_by(Rsvp.updated_at))]
        reminders = [{**meeting(r.occurrence_id), "minutes_before": r.minutes_before, "due_at": _at(r.due_at),
                      "sent_at": _at(r.sent_at)}
                     for r in session.scalars(select(Reminder).where(Reminder.account_id == me).order_by(Reminder.due_at))]
        attendance = [{**meeting(a.occurrence_id), "checked_in_at": _at(a.checked_in_at)}
                      for a in session.scalars(select(Attendance).where(Attendance.account_id == me)
                                               .order_by(Attendance.checked_in_at))]
        asks = [{**meeting(a.occurrence_id), "id": a.id, "kind": a.kind, "offer": a.offer, "status": a.status,
                 "created_at": _at(a.created_at)}
                for a in session.scalars(select(CompanionAsk).where(CompanionAsk.account_id == me)
                                         .order_by(CompanionAsk.created_at))]
        matches = []
        for m in session.scalars(select(Match).where(or_(Match.a_account == me, Match.b_account == me))
                                 .order_by(Match.created_at)):
            note = cipher.decrypt(session, m.tenant, "events.meeting_note", m.note_sealed) if m.note_sealed else ""
            matches.append({**meeting(m.occurrence_id), "id": m.id, "kind": m.kind, "status": m.status,
                            "partner_account_id": m.b_account if m.a_account == me else m.a_account,
                            "meeting_note": json.loads(note) if note else None, "created_at": _at(m.created_at)})
        activities = [
            {"id": a.id, "municipality": a.tenant, "kind": a.kind, "title": a.title,
             "description": cipher.decrypt_optional(session, a.tenant, "events.activity_description", a.description_sealed),
             "place": cipher.decrypt(session, a.tenant, "events.activity_place", a.place_sealed),
             "created_at": _at(a.created_at)}
            for a in session.scalars(select(Activity).where(Activity.proposer_id == me).order_by(Activity.created_at))
        ]
        calendar = session.get(CalendarToken, me)
    document = {
        "format": FORMAT, "exported_at": datetime.now(UTC).isoformat(), "account_id": me,
        "rsvps": rsvps, "reminders": reminders, "attendance": attendance, "going_together_requests": asks,
        "going_together_matches": matches, "activities_proposed": activities,
        "calendar_link": {"exists": calendar is not None, "created_at": _at(calendar.created_at) if calendar else None},
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
