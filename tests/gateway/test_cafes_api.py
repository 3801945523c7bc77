"""The cafés' REST API through the real stack: cafés managed by admins and moderators,
answers with capacity and the waitlist, "not up to it today", reminders, who sees whom,
check-in, going together (nobody named before both accept), local activities, figures,
calendars, 404 across municipalities and problem+json on bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.gateway.conftest import Gateway, assert_problem, random_loopback
from tests.gateway.forum_helpers import new_member
from tests.gateway.toolbox_helpers import first_meeting, new_cafe


@pytest.fixture
def mia(gateway) -> str:
    return gateway.login("mia")["access_token"]


def test_cafes_are_managed_by_admins_and_moderators_only(gateway, admin_token, mia):
    member = new_member(gateway, admin_token)
    cafe = new_cafe(gateway, mia)
    assert cafe["i_moderate"] is True and cafe["recurrence"]["local_time"] == "18:00"
    assert cafe["created_at"].endswith("Z")
    assert cafe["id"] in [c["id"] for c in gateway.get("/api/v1/cafes", token=member.token).json()["cafes"]]
    assert_problem(gateway.post("/api/v1/cafes", token=member.token, json={
        "title": "Min kafé", "venue": "Hjemme", "recurrence": {
            "rrule": "FREQ=WEEKLY", "first_date": "2030-01-01", "local_time": "18:00", "duration_minutes": 60}}), 403)
    details = {k: cafe[k] for k in ("title", "description", "venue", "accessibility_notes", "transport_notes")}
    updated = gateway.put(f"/api/v1/cafes/{cafe['id']}", token=admin_token, json=details | {"capacity": 12})
    assert updated.status_code == 200 and updated.json()["capacity"] == 12
    assert_problem(gateway.put(f"/api/v1/cafes/{cafe['id']}", token=member.token, json=details), 403)
    # Another municipality: as if it never was.
    sorby = Gateway(gateway.base_url, tenant="sorby", source=random_loopback())
    siri = sorby.login("siri")["access_token"]
    assert_problem(sorby.get(f"/api/v1/cafes/{cafe['id']}", token=siri), 404)
    meeting = first_meeting(gateway, member.token, cafe["id"])
    assert_problem(sorby.get(f"/api/v1/cafes/occurrences/{meeting['id']}", token=siri), 404)
    assert_problem(sorby.put(f"/api/v1/cafes/occurrences/{meeting['id']}/rsvp", token=siri,
                             json={"answer": "yes"}), 404)


def test_bad_input_is_a_problem_with_the_field(gateway, mia, admin_token):
    member = new_member(gateway, admin_token)
    assert_problem(gateway.post("/api/v1/cafes", token=mia, json={"title": "Kafé"}), 400, field="venue")
    bad_rule = assert_problem(gateway.post("/api/v1/cafes", token=mia, json={
        "title": "Kafé", "venue": "Biblioteket", "recurrence": {
            "rrule": "FREQ=SECONDLY", "first_date": "2030-01-01", "local_time": "18:00",
            "duration_minutes": 60}}), 400, kind="invalid-argument")
    assert bad_rule["field"].startswith("recurrence")
    cafe = new_cafe(gateway, mia)
    meeting = first_meeting(gateway, member.token, cafe["id"])
    assert_problem(gateway.put(f"/api/v1/cafes/occurrences/{meeting['id']}/rsvp", token=member.token,
                               json={"answer": "perhaps"}), 400, field="answer")
    assert_problem(gateway.put(f"/api/v1/cafes/occurrences/{meeting['id']}/reminders", token=member.token,
                               json={"minutes_before": [1]}), 400, field="minutes_before")
    assert_problem(gateway.get("/api/v1/cafes/occurrences?from=yesterday", token=member.token), 400, field="from")
    assert_problem(gateway.post("/api/v1/cafes/activities", token=member.token, json={
        "kind": "walk", "title": "Tur", "place": "Parken", "starts_at": "2000-01-01T10:00:00Z"}), 400,
        field="starts_at")
    assert_problem(gateway.get("/api/v1/cafes/occurrences/no-such-meeting", token=member.token), 404)


def test_capacity_waitlist_promotion_and_not_up_to_it(gateway, admin_token, mia):
    first, second = new_member(gateway, admin_token), new_member(gateway, admin_token)
    cafe = new_cafe(gateway, mia, capacity=1)
    meeting = first_meeting(gateway, first.token, cafe["id"])
    path = f"/api/v1/cafes/occurrences/{meeting['id']}"
    seat = gateway.put(path + "/rsvp", token=first.token, json={"answer": "yes", "visible": True}).json()
    assert seat["my_rsvp"] == {"answer": "yes", "waitlisted": False, "waitlist_position": 0, "visible": True,
                               "reminder_minutes_before": []}
    waiting = gateway.put(path + "/rsvp", token=second.token, json={"answer": "yes"}).json()
    assert waiting["my_rsvp"]["waitlisted"] is True and waiting["my_rsvp"]["waitlist_position"] == 1
    assert waiting["counts"] == {"going": 1, "maybe": 0, "waitlisted": 1}
    # One tap: no reason asked; the seat goes to the waitlist.
    freed = gateway.post(path + "/not-up-to-it", token=first.token).json()
    assert freed["my_rsvp"]["answer"] == "no"
    promoted = gateway.get(path, token=second.token).json()
    assert promoted["my_rsvp"]["waitlisted"] is False and promoted["counts"]["going"] == 1

    reminders = gateway.put(path + "/reminders", token=second.token, json={"minutes_before": [120, 1440]}).json()
    assert reminders["my_rsvp"]["reminder_minutes_before"] == [1440, 120]


def test_attendees_members_see_counts_and_visible_ones_moderators_everyone(gateway, admin_token, mia):
    shown, hidden = new_member(gateway, admin_token), new_member(gateway, admin_token)
    cafe = new_cafe(gateway, mia)
    meeting = first_meeting(gateway, shown.token, cafe["id"])
    path = f"/api/v1/cafes/occurrences/{meeting['id']}"
    gateway.put(path + "/rsvp", token=shown.token, json={"answer": "yes", "visible": True})
    gateway.put(path + "/rsvp", token=hidden.token, json={"answer": "maybe", "visible": False})
    seen = gateway.get(path + "/attendees", token=hidden.token).json()
    assert seen["full_list"] is False and seen["counts"] == {"going": 1, "maybe": 1, "waitlisted": 0}
    assert [a["person"]["pseudonym"] for a in seen["attendees"]] == [shown.pseudonym]
    full = gateway.get(path + "/attendees", token=mia).json()
    assert full["full_list"] is True
    assert {a["person"]["pseudonym"] for a in full["attendees"]} == {shown.pseudonym, hidden.pseudonym}
    assert gateway.get(path + "/attendees", token=admin_token).json()["attendees"] == []

    assert_problem(gateway.put(f"{path}/check-ins/{shown.id}", token=hidden.token), 403)
    checked = gateway.put(f"{path}/check-ins/{shown.id}", token=mia)
    assert checked.status_code == 200 and checked.json() == {"checked_in": 1}
    assert gateway.delete(f"{path}/check-ins/{shown.id}", token=mia).json() == {"checked_in": 0}


def test_going_together_names_nobody_before_both_accept(gateway, admin_token, mia):
    asker, offerer = new_member(gateway, admin_token), new_member(gateway, admin_token)
    cafe = new_cafe(gateway, mia)
    meeting = first_meeting(gateway, asker.token, cafe["id"])
    ask = gateway.post("/api/v1/cafes/companions", token=asker.token,
                       json={"occurrence_id": meeting["id"], "kind": "company"})
    assert ask.status_code == 201 and ask.json()["open"] is True
    assert_problem(gateway.post("/api/v1/cafes/companions", token=asker.token,
                                json={"occurrence_id": meeting["id"], "kind": "company"}), 409)
    gateway.post("/api/v1/cafes/companions", token=offerer.token,
                 json={"occurrence_id": meeting["id"], "kind": "company", "offer": True})
    match = next(m for m in gateway.get("/api/v1/cafes/matches", token=asker.token).json()["matches"]
                 if m["occurrence_id"] == meeting["id"])
    assert match["status"] == "proposed" and match["partner"] is None and match["note"] is None
    early_note = gateway.put(f"/api/v1/cafes/matches/{match['id']}/note", token=asker.token, json={"place": "Kiosken"})
    assert_problem(early_note, 409)
    half = gateway.post(f"/api/v1/cafes/matches/{match['id']}/answer", token=asker.token, json={"accept": True})
    assert half.json()["status"] == "proposed" and half.json()["partner"] is None
    both = gateway.post(f"/api/v1/cafes/matches/{match['id']}/answer", token=offerer.token, json={"accept": True})
    assert both.json()["status"] == "confirmed"
    assert both.json()["partner"]["pseudonym"] == asker.pseudonym
    noted = gateway.put(f"/api/v1/cafes/matches/{match['id']}/note", token=asker.token,
                        json={"place": "Ved kiosken", "meet_at": "2030-01-01T17:30:00Z"})
    assert noted.json()["note"]["place"] == "Ved kiosken"
    seen = next(m for m in gateway.get("/api/v1/cafes/matches", token=asker.token).json()["matches"]
                if m["id"] == match["id"])
    assert seen["partner"]["pseudonym"] == offerer.pseudonym
    assert_problem(gateway.post(f"/api/v1/cafes/matches/{match['id']}/answer", token=asker.token,
                                json={"accept": False}), 409)
    stranger = new_member(gateway, admin_token)
    assert_problem(gateway.post(f"/api/v1/cafes/matches/{match['id']}/answer", token=stranger.token,
                                json={"accept": True}), 404)
    assert gateway.delete(f"/api/v1/cafes/companions/{ask.json()['id']}", token=asker.token).status_code == 204


def test_local_activities_propose_join_and_calendars(gateway, admin_token):
    proposer, joiner = new_member(gateway, admin_token), new_member(gateway, admin_token)
    starts = (datetime.now(UTC) + timedelta(days=5)).replace(microsecond=0).isoformat()
    proposed = gateway.post("/api/v1/cafes/activities", token=proposer.token, json={
        "kind": "walk", "title": "Tur rundt vannet", "place": "Parkeringsplassen", "starts_at": starts,
        "capacity": 6, "visible": True})
    assert proposed.status_code == 201, proposed.text
    activity = proposed.json()
    assert activity["kind"] == "walk" and activity["mine"] is True
    joined = gateway.post(f"/api/v1/cafes/activities/{activity['id']}/join", token=joiner.token, json={})
    assert joined.status_code == 200 and joined.json()["occurrence"]["counts"]["going"] == 2
    listed = gateway.get("/api/v1/cafes/activities", token=joiner.token).json()["activities"]
    assert activity["id"] in [a["id"] for a in listed]

    download = gateway.get(f"/api/v1/cafes/occurrences/{activity['occurrence']['id']}/ics", token=joiner.token)
    assert download.status_code == 200 and download.headers["Content-Type"].startswith("text/calendar")
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert "Tur rundt vannet" in download.text
    token = gateway.post("/api/v1/cafes/calendar-token", token=joiner.token)
    assert token.status_code == 201
    path = token.json()["url"][token.json()["url"].index("/calendar/"):]
    feed = Gateway(gateway.base_url, tenant="", source=random_loopback()).get(path)
    assert feed.status_code == 200 and "Tur rundt vannet" in feed.text
    assert gateway.delete("/api/v1/cafes/calendar-token", token=joiner.token).status_code == 204
    assert Gateway(gateway.base_url, tenant="", source=random_loopback()).get(path).status_code == 404


def test_figures_for_admins_and_k_anonymous_for_researchers(gateway, admin_token):
    figures = gateway.get("/api/v1/cafes/figures", token=admin_token)
    assert figures.status_code == 200 and figures.json()["tenant"] == "nordvik"
    researcher = gateway.login("researcher")["access_token"]
    suppressed = gateway.get("/api/v1/cafes/figures", token=researcher).json()
    for name in ("meetings_held", "attendances", "members_attended"):
        assert suppressed[name] is None or suppressed[name] >= 5
    member = new_member(gateway, admin_token)
    assert_problem(gateway.get("/api/v1/cafes/figures", token=member.token), 403)
    assert_problem(gateway.get("/api/v1/cafes/figures?tenant=sorby", token=admin_token), 404)
