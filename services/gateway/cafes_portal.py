"""The cafés in the web portal: upcoming cafés and local activities, a meeting's page (answer,
"I'm not up to it today", reminders, going together, the agenda thread in the forum, a
calendar file), the moderators' attendance list with check-in, and proposing an activity.

Server-rendered and usable without JavaScript: every action is a small form with a CSRF
token. The events service decides who sees what: members see how many are coming and
only those who chose to be visible; a match shows nothing about the other person until
both have accepted.
"""

from __future__ import annotations

import functools
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import grpc
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from reconnect.cafes.v1 import cafes_pb2 as pb
from reconnect.identity.v1 import identity_pb2 as ipb
from services.gateway.cafes_api import ics_response
from services.gateway.cafes_client import (
    ACTIVITY_KINDS,
    ANSWERS,
    COMPANION_KINDS,
    REMINDER_CHOICES,
    CafesClient,
    timestamp,
)
from services.gateway.portal import call, role_page
from services.gateway.toolbox_resources import enum_name
from services.kit.errors import details_from_rpc_error

cafes_portal = Blueprint("cafes", __name__, url_prefix="/cafes")

VIEWER_ROLES = {ipb.ROLE_SERVICE_USER, ipb.ROLE_HEALTH_PROVIDER, ipb.ROLE_PEER_MODERATOR, ipb.ROLE_TENANT_ADMIN}
MEMBER_ROLES = {ipb.ROLE_SERVICE_USER, ipb.ROLE_HEALTH_PROVIDER, ipb.ROLE_PEER_MODERATOR}
_ID = re.compile(r"^[A-Za-z0-9-]{1,100}$")


def cafes() -> CafesClient:
    return current_app.extensions["reconnect_cafes"]


def ev(method: str, **fields):
    return call(lambda token: cafes().call(method, token, **fields))


def _id(value: str) -> str:
    if not _ID.match(value or ""):
        abort(404)
    return value


def cafes_page(view):
    @role_page(VIEWER_ROLES, "cafes", "toolbox/forbidden.html")
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        g.member = bool(set(g.account.roles) & MEMBER_ROLES)
        return view(*args, **kwargs)

    return wrapper


def reminder_names() -> dict[int, str]:
    return {2880: _("Two days before"), 1440: _("The day before"), 120: _("Two hours before")}


def kind_names() -> dict[str, str]:
    return {"coffee": _("Coffee"), "walk": _("Walk"), "volunteering": _("Volunteering"), "other": _("Other")}


def problem_text(error: grpc.RpcError) -> str:
    field, reason = details_from_rpc_error(error)
    if error.code() == grpc.StatusCode.FAILED_PRECONDITION:
        return {"cancelled": _("The meeting is cancelled."), "over": _("The meeting is over."),
                "match_settled": _("This was already answered."),
                "match_not_confirmed": _("You can agree where to meet once both of you have said yes.")
                }.get(reason, _("That is not possible right now."))
    if error.code() == grpc.StatusCode.ALREADY_EXISTS:
        return _("You have already asked or offered this for the meeting.")
    if error.code() == grpc.StatusCode.PERMISSION_DENIED:
        return _("Only the moderators of the café can do that.")
    if error.code() == grpc.StatusCode.INVALID_ARGUMENT:
        return {
            "title": _("Give the activity a title of 3 to 100 characters."),
            "place": _("Write where to meet (at least 2 characters)."),
            "starts_at": _("Choose a date and time in the future."),
            "description": _("The description is too long."),
            "capacity": _("Places: 0 (no limit) to 500."),
            "duration_minutes": _("The length is 15 minutes to 12 hours."),
        }.get(field, _("Check what you wrote and try again."))
    raise error


@cafes_portal.app_template_filter("answer")
def _answer_name(value: int) -> str:
    return enum_name(pb.Answer.DESCRIPTOR, value)


def _status(occurrence) -> str:
    return enum_name(pb.OccurrenceStatus.DESCRIPTOR, occurrence.status)


@cafes_portal.get("")
@cafes_page
def home():
    occurrences = ev("ListOccurrences").occurrences
    return render_template("cafes/home.html", occurrences=occurrences, status_of=_status, member=g.member,
                           feed_url="")


@cafes_portal.post("/calendar")
@cafes_page
def calendar():
    if request.form.get("action") == "revoke":
        ev("RevokeCalendarToken")
        flash(_("The calendar address no longer works."), "success")
        return redirect(url_for("cafes.home"))
    token = ev("CreateCalendarToken").token
    # Shown once, on this page (not put in the session cookie): only its hash is kept.
    url = request.host_url.rstrip("/") + url_for("calendar_feeds.cafes_feed", token=token)
    occurrences = ev("ListOccurrences").occurrences
    return render_template("cafes/home.html", occurrences=occurrences, status_of=_status, member=g.member,
                           feed_url=url)


def _meeting_page(occurrence_id: str, status: int = 200):
    occurrence = ev("GetOccurrence", occurrence_id=_id(occurrence_id))
    cafe = ev("GetCafe", cafe_id=occurrence.cafe_id) if occurrence.cafe_id else None
    activity = ev("GetActivity", activity_id=occurrence.activity_id) if occurrence.activity_id else None
    attendees = ev("ListAttendees", occurrence_id=occurrence.id)
    requests_ = [r for r in ev("ListCompanionRequests").requests if r.occurrence_id == occurrence.id] if g.member else []
    matches = [m for m in ev("ListMatches").matches if m.occurrence_id == occurrence.id] if g.member else []
    companion_kinds = {enum_name(pb.CompanionKind.DESCRIPTOR, r.kind) for r in requests_}
    return render_template(
        "cafes/meeting.html", occurrence=occurrence, cafe=cafe, activity=activity, attendees=attendees,
        requests=requests_, matches=matches, companion_kinds=companion_kinds, member=g.member,
        status=_status(occurrence), answer=_answer_name(occurrence.my_rsvp.answer),
        reminders=REMINDER_CHOICES, reminder_names=reminder_names(), kind_names=kind_names(),
        kind_of=lambda m: enum_name(pb.CompanionKind.DESCRIPTOR, m.kind),
        match_status=lambda m: enum_name(pb.MatchStatus.DESCRIPTOR, m.status),
    ), status


@cafes_portal.get("/meetings/<occurrence_id>")
@cafes_page
def meeting(occurrence_id: str):
    try:
        return _meeting_page(occurrence_id)
    except grpc.RpcError as error:
        if error.code() != grpc.StatusCode.NOT_FOUND:
            raise
        abort(404)


def _act(back: str, method: str, success: str, **fields):
    """Call ``method``; say how it went; back to the meeting page ``back``."""
    try:
        ev(method, **fields)
    except grpc.RpcError as error:
        if error.code() == grpc.StatusCode.NOT_FOUND:
            abort(404)
        flash(problem_text(error), "error")
    else:
        if success:
            flash(success, "success")
    return redirect(url_for("cafes.meeting", occurrence_id=back))


@cafes_portal.post("/meetings/<occurrence_id>/rsvp")
@cafes_page
def rsvp(occurrence_id: str):
    answer = request.form.get("answer", "")
    if answer not in ANSWERS:
        flash(_("Choose yes, maybe or no."), "error")
        return redirect(url_for("cafes.meeting", occurrence_id=_id(occurrence_id)))
    return _act(_id(occurrence_id), "Rsvp", _("Your answer is saved."), occurrence_id=occurrence_id,
                answer=ANSWERS[answer], visible=request.form.get("visible") == "yes")


@cafes_portal.post("/meetings/<occurrence_id>/not-up-to-it")
@cafes_page
def not_up_to_it(occurrence_id: str):
    return _act(_id(occurrence_id), "NotUpToIt",
                _("That is all right. Take care of yourself – you are welcome another time."),
                occurrence_id=occurrence_id)


@cafes_portal.post("/meetings/<occurrence_id>/reminders")
@cafes_page
def reminders(occurrence_id: str):
    chosen = [int(v) for v in request.form.getlist("minutes_before") if v.isdigit() and int(v) in REMINDER_CHOICES]
    return _act(_id(occurrence_id), "SetReminders", _("Your reminders are saved."), occurrence_id=occurrence_id,
                minutes_before=chosen)


@cafes_portal.post("/meetings/<occurrence_id>/companions")
@cafes_page
def ask_companion(occurrence_id: str):
    kind = request.form.get("kind", "")
    if kind not in COMPANION_KINDS:
        abort(400)
    offer = request.form.get("offer") == "yes"
    return _act(_id(occurrence_id), "AskCompanion",
                _("Saved. When someone else wants the same, you both get the chance to say yes."),
                occurrence_id=occurrence_id, kind=COMPANION_KINDS[kind], offer=offer)


@cafes_portal.post("/meetings/<occurrence_id>/companions/<request_id>/withdraw")
@cafes_page
def withdraw_companion(occurrence_id: str, request_id: str):
    return _act(_id(occurrence_id), "WithdrawCompanion", _("Withdrawn."), request_id=_id(request_id))


@cafes_portal.post("/meetings/<occurrence_id>/matches/<match_id>/answer")
@cafes_page
def answer_match(occurrence_id: str, match_id: str):
    accept = request.form.get("accept") == "yes"
    return _act(_id(occurrence_id), "AnswerMatch", _("Your answer is saved."), match_id=_id(match_id), accept=accept)


@cafes_portal.post("/meetings/<occurrence_id>/matches/<match_id>/note")
@cafes_page
def meeting_note(occurrence_id: str, match_id: str):
    return _act(_id(occurrence_id), "SetMeetingNote", _("Saved."), match_id=_id(match_id),
                place=request.form.get("place", "").strip())


@cafes_portal.get("/meetings/<occurrence_id>.ics")
@cafes_page
def download(occurrence_id: str):
    try:
        ics = ev("DownloadOccurrence", occurrence_id=_id(occurrence_id))
    except grpc.RpcError as error:
        if error.code() != grpc.StatusCode.NOT_FOUND:
            raise
        abort(404)
    return ics_response(ics, download=True)


@cafes_portal.get("/meetings/<occurrence_id>/attendance")
@cafes_page
def attendance(occurrence_id: str):
    occurrence = ev("GetOccurrence", occurrence_id=_id(occurrence_id))
    attendees = ev("ListAttendees", occurrence_id=occurrence.id)
    if not attendees.full_list:
        return render_template("toolbox/forbidden.html", reason="moderators"), 403
    return render_template("cafes/attendance.html", occurrence=occurrence, attendees=attendees)


@cafes_portal.post("/meetings/<occurrence_id>/check-in")
@cafes_page
def check_in(occurrence_id: str):
    account_id = _id(request.form.get("account_id", ""))
    present = request.form.get("present") == "yes"
    try:
        ev("CheckIn", occurrence_id=_id(occurrence_id), account_id=account_id, present=present)
    except grpc.RpcError as error:
        if error.code() == grpc.StatusCode.NOT_FOUND:
            abort(404)
        flash(problem_text(error), "error")
    return redirect(url_for("cafes.attendance", occurrence_id=occurrence_id))


@cafes_portal.route("/activities/new", methods=["GET", "POST"])
@cafes_page
def propose():
    keys = ("kind", "title", "description", "place", "date", "time", "duration", "capacity")
    form = {key: request.form.get(key, "").strip() for key in keys}
    if request.method == "GET" or not g.member:
        status = 200 if g.member else 403
        return render_template("cafes/propose.html", form=form, error="", kinds=ACTIVITY_KINDS,
                               kind_names=kind_names(), member=g.member), status
    error = ""
    starts_at = None
    try:
        local = datetime.fromisoformat(f"{form['date']}T{form['time']}")
        starts_at = local.replace(tzinfo=ZoneInfo(g.tenant.time_zone or "Europe/Oslo"))
    except ValueError:
        error = _("Choose a date and time in the future.")
    if form["kind"] not in ACTIVITY_KINDS:
        error = _("Choose what kind of activity it is.")
    if not error:
        try:
            activity = ev("ProposeActivity", kind=ACTIVITY_KINDS[form["kind"]], title=form["title"],
                          description=form["description"], place=form["place"], starts_at=timestamp(starts_at),
                          duration_minutes=int(form["duration"]) if form["duration"].isdigit() else 0,
                          capacity=int(form["capacity"]) if form["capacity"].isdigit() else 0,
                          visible=request.form.get("visible") == "yes")
        except grpc.RpcError as rpc_error:
            error = problem_text(rpc_error)
        else:
            flash(_("Your activity is proposed. Others in the municipality can now join."), "success")
            return redirect(url_for("cafes.meeting", occurrence_id=activity.occurrence.id))
    return render_template("cafes/propose.html", form=form, error=error, kinds=ACTIVITY_KINDS,
                           kind_names=kind_names(), member=g.member), 400
