"""The cafés' REST API, ``/api/v1/cafes/…`` (the events service), and the public calendar
feed ``/calendar/cafes/<token>.ics``.

Each route maps one CafeService call. The events service decides who may do what
(members of the municipality answer and go together; the café's moderators see everyone
and check people in; tenant admins and peer moderators manage cafés; admins and
researchers see figures, researchers only k-anonymous ones); the gateway validates the
shape of the request, passes the caller's own token on, and turns the answer into JSON or
a problem document. Another municipality's cafés, meetings and activities answer 404.

Going together: a proposed match says nothing about the other person; only once both
have accepted does each answer carry the partner's pseudonym (or revealed name).
"""

from __future__ import annotations

from flask import Response, current_app, jsonify, request

from reconnect.cafes.v1 import cafes_pb2 as pb
from services.gateway.api import bearer_token
from services.gateway.api_blueprint import (
    api_blueprint,
    bad_parameter,
    created,
    no_content,
    parse_time,
    short_arg,
)
from services.gateway.cafes_client import ACTIVITY_KINDS, ANSWERS, COMPANION_KINDS, CafesClient, timestamp
from services.gateway.cafes_schemas import (
    ActivityProposalBody,
    AgendaBody,
    CafeBody,
    CompanionBody,
    JoinBody,
    MatchAnswerBody,
    MeetingNoteBody,
    MoveBody,
    NewCafeBody,
    RemindersBody,
    RsvpBody,
)
from services.gateway.schemas import parse_body
from services.gateway.toolbox_api import MAX_FEED_TOKEN, calendar_feeds, public_feed
from services.gateway.toolbox_resources import as_json, listing

cafes_api = api_blueprint("cafes_api", __name__, "/api/v1/cafes")

FIGURES = ("meetings_held", "attendances", "members_attended", "min_attendees_per_meeting",
           "max_attendees_per_meeting", "activities_held")


def cafes() -> CafesClient:
    return current_app.extensions["reconnect_cafes"]


def _required_time(raw: str, name: str):
    moment = parse_time(raw, name)
    if moment is None:
        raise bad_parameter(name, "is required")
    return moment


def ics_response(ics: pb.IcsFile, *, download: bool) -> Response:
    response = Response(ics.ics, 200, content_type=ics.content_type or "text/calendar; charset=utf-8")
    if download:
        name = "".join(c for c in ics.filename if c.isalnum() or c in "-_.") or "reconnect.ics"
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@calendar_feeds.get("/cafes/<token>.ics")
def cafes_feed(token: str):
    if len(token) > MAX_FEED_TOKEN:
        return Response("Not found\n", 404, mimetype="text/plain")
    return public_feed(lambda: cafes().calendar_feed(token).ics)


# -- cafés ---------------------------------------------------------------------------------------


@cafes_api.get("")
def list_cafes():
    return jsonify(listing("cafes", cafes().call("ListCafes", bearer_token()).cafes))


@cafes_api.post("")
def create_cafe():
    token = bearer_token()
    body = parse_body(NewCafeBody)
    fields = body.model_dump()
    fields["recurrence"] = pb.Recurrence(**fields["recurrence"])
    return created(as_json(cafes().call("CreateCafe", token, **fields)))


@cafes_api.get("/<cafe_id>")
def get_cafe(cafe_id: str):
    return jsonify(as_json(cafes().call("GetCafe", bearer_token(), cafe_id=cafe_id)))


@cafes_api.put("/<cafe_id>")
def update_cafe(cafe_id: str):
    token = bearer_token()
    body = parse_body(CafeBody)
    return jsonify(as_json(cafes().call("UpdateCafe", token, cafe_id=cafe_id, **body.model_dump())))


@cafes_api.put("/<cafe_id>/agenda")
def set_agenda(cafe_id: str):
    token = bearer_token()
    body = parse_body(AgendaBody)
    return jsonify(as_json(cafes().call("SetAgenda", token, cafe_id=cafe_id, **body.model_dump())))


# -- meetings and activities ---------------------------------------------------------------------


@cafes_api.get("/occurrences")
def list_occurrences():
    token = bearer_token()
    start = parse_time(request.args.get("from", ""), "from")
    end = parse_time(request.args.get("to", ""), "to", end_of_day=True)
    reply = cafes().call("ListOccurrences", token, cafe_id=short_arg("cafe_id"), to=timestamp(end),
                         **{"from": timestamp(start)})
    return jsonify(listing("occurrences", reply.occurrences))


@cafes_api.get("/occurrences/<occurrence_id>")
def get_occurrence(occurrence_id: str):
    return jsonify(as_json(cafes().call("GetOccurrence", bearer_token(), occurrence_id=occurrence_id)))


@cafes_api.post("/occurrences/<occurrence_id>/move")
def move_occurrence(occurrence_id: str):
    token = bearer_token()
    body = parse_body(MoveBody)
    starts_at = _required_time(body.starts_at, "starts_at")
    reply = cafes().call("MoveOccurrence", token, occurrence_id=occurrence_id, starts_at=timestamp(starts_at),
                         duration_minutes=body.duration_minutes, venue=body.venue)
    return jsonify(as_json(reply))


@cafes_api.post("/occurrences/<occurrence_id>/cancel")
def cancel_occurrence(occurrence_id: str):
    return jsonify(as_json(cafes().call("CancelOccurrence", bearer_token(), occurrence_id=occurrence_id)))


@cafes_api.put("/occurrences/<occurrence_id>/rsvp")
def rsvp(occurrence_id: str):
    token = bearer_token()
    body = parse_body(RsvpBody)
    reply = cafes().call("Rsvp", token, occurrence_id=occurrence_id, answer=ANSWERS[body.answer], visible=body.visible)
    return jsonify(as_json(reply))


@cafes_api.post("/occurrences/<occurrence_id>/not-up-to-it")
def not_up_to_it(occurrence_id: str):
    return jsonify(as_json(cafes().call("NotUpToIt", bearer_token(), occurrence_id=occurrence_id)))


@cafes_api.put("/occurrences/<occurrence_id>/reminders")
def set_reminders(occurrence_id: str):
    token = bearer_token()
    body = parse_body(RemindersBody)
    reply = cafes().call("SetReminders", token, occurrence_id=occurrence_id, minutes_before=body.minutes_before)
    return jsonify(as_json(reply))


@cafes_api.get("/occurrences/<occurrence_id>/attendees")
def list_attendees(occurrence_id: str):
    return jsonify(as_json(cafes().call("ListAttendees", bearer_token(), occurrence_id=occurrence_id)))


@cafes_api.put("/occurrences/<occurrence_id>/check-ins/<account_id>")
def check_in(occurrence_id: str, account_id: str):
    reply = cafes().call("CheckIn", bearer_token(), occurrence_id=occurrence_id, account_id=account_id, present=True)
    return jsonify(as_json(reply))


@cafes_api.delete("/occurrences/<occurrence_id>/check-ins/<account_id>")
def undo_check_in(occurrence_id: str, account_id: str):
    reply = cafes().call("CheckIn", bearer_token(), occurrence_id=occurrence_id, account_id=account_id, present=False)
    return jsonify(as_json(reply))


@cafes_api.get("/occurrences/<occurrence_id>/ics")
def download_occurrence(occurrence_id: str):
    reply = cafes().call("DownloadOccurrence", bearer_token(), occurrence_id=occurrence_id)
    return ics_response(reply, download=True)


# -- going together ------------------------------------------------------------------------------


@cafes_api.get("/companions")
def list_companion_requests():
    return jsonify(listing("requests", cafes().call("ListCompanionRequests", bearer_token()).requests))


@cafes_api.post("/companions")
def ask_companion():
    token = bearer_token()
    body = parse_body(CompanionBody)
    reply = cafes().call("AskCompanion", token, occurrence_id=body.occurrence_id, kind=COMPANION_KINDS[body.kind],
                         offer=body.offer)
    return created(as_json(reply))


@cafes_api.delete("/companions/<request_id>")
def withdraw_companion(request_id: str):
    cafes().call("WithdrawCompanion", bearer_token(), request_id=request_id)
    return no_content()


@cafes_api.get("/matches")
def list_matches():
    return jsonify(listing("matches", cafes().call("ListMatches", bearer_token()).matches))


@cafes_api.post("/matches/<match_id>/answer")
def answer_match(match_id: str):
    token = bearer_token()
    body = parse_body(MatchAnswerBody)
    return jsonify(as_json(cafes().call("AnswerMatch", token, match_id=match_id, accept=body.accept)))


@cafes_api.put("/matches/<match_id>/note")
def set_meeting_note(match_id: str):
    token = bearer_token()
    body = parse_body(MeetingNoteBody)
    meet_at = parse_time(body.meet_at, "meet_at")
    reply = cafes().call("SetMeetingNote", token, match_id=match_id, place=body.place, meet_at=timestamp(meet_at))
    return jsonify(as_json(reply))


# -- local activities ----------------------------------------------------------------------------


@cafes_api.get("/activities")
def list_activities():
    token = bearer_token()
    start = parse_time(request.args.get("from", ""), "from")
    end = parse_time(request.args.get("to", ""), "to", end_of_day=True)
    reply = cafes().call("ListActivities", token, to=timestamp(end), **{"from": timestamp(start)})
    return jsonify(listing("activities", reply.activities))


@cafes_api.post("/activities")
def propose_activity():
    token = bearer_token()
    body = parse_body(ActivityProposalBody)
    starts_at = _required_time(body.starts_at, "starts_at")
    reply = cafes().call("ProposeActivity", token, kind=ACTIVITY_KINDS[body.kind], title=body.title,
                         description=body.description, place=body.place, starts_at=timestamp(starts_at),
                         duration_minutes=body.duration_minutes, capacity=body.capacity, visible=body.visible)
    return created(as_json(reply))


@cafes_api.get("/activities/<activity_id>")
def get_activity(activity_id: str):
    return jsonify(as_json(cafes().call("GetActivity", bearer_token(), activity_id=activity_id)))


@cafes_api.post("/activities/<activity_id>/join")
def join_activity(activity_id: str):
    """Joining is answering yes to the activity's one meeting."""
    token = bearer_token()
    body = parse_body(JoinBody)
    activity = cafes().call("GetActivity", token, activity_id=activity_id)
    cafes().call("Rsvp", token, occurrence_id=activity.occurrence.id, answer=pb.ANSWER_YES, visible=body.visible)
    return jsonify(as_json(cafes().call("GetActivity", token, activity_id=activity_id)))


# -- figures and calendars -----------------------------------------------------------------------


@cafes_api.get("/figures")
def figures():
    token = bearer_token()
    start = parse_time(request.args.get("from", ""), "from")
    end = parse_time(request.args.get("to", ""), "to", end_of_day=True)
    reply = cafes().call("GetFigures", token, tenant=short_arg("tenant", 63), to=timestamp(end),
                         **{"from": timestamp(start)})
    answer = as_json(reply)
    # Researchers: a count below the k-anonymity threshold comes as -1; here it is null.
    for name in FIGURES:
        answer[name] = None if answer[name] < 0 else answer[name]
    answer["attendees_per_meeting"] = [None if n < 0 else n for n in answer["attendees_per_meeting"]]
    return jsonify(answer)


@cafes_api.post("/calendar-token")
def create_calendar_token():
    reply = cafes().call("CreateCalendarToken", bearer_token())
    answer = as_json(reply)
    # The secret is shown once, here; creating a new one revokes the old.
    answer["url"] = request.host_url.rstrip("/") + f"/calendar/cafes/{reply.token}.ics"
    return created(answer)


@cafes_api.delete("/calendar-token")
def revoke_calendar_token():
    cafes().call("RevokeCalendarToken", bearer_token())
    return no_content()
