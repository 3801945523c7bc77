"""The toolbox's REST API, ``/api/v1/toolbox/…``, and the public calendar feed
``/calendar/toolbox/<token>.ics``.

Each route maps one ToolboxService call a person makes. The toolbox decides who may do
what (only the owner reads and writes their items; a provider reads exactly the sections
shared with them while the care relationship lasts; moderators and tenant admins keep the
exercise catalogue, tenant admins the information pages); the gateway validates the
shape of the request, passes the caller's own token on, and turns the answer into JSON or
a problem document. Anything the caller may not see — someone else's goal, another
municipality's exercise — answers 404, exactly like something that never was.

The calendar feed is fetched by calendar apps, which cannot sign in: the secret token in
the address is the credential. It is never logged (the access log names the route rule,
not the path), and failed fetches are limited per client address like failed sign-ins.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import grpc
from flask import Blueprint, Response, current_app, jsonify, request

from reconnect.toolbox.v1 import toolbox_pb2 as pb
from services.gateway.api import bearer_token
from services.gateway.api_blueprint import (
    api_blueprint,
    bad_parameter,
    created,
    flag,
    no_content,
    parse_time,
    short_arg,
)
from services.gateway.cafes_client import timestamp
from services.gateway.network_map import network_svg
from services.gateway.problems import Problem
from services.gateway.schemas import parse_body
from services.gateway.throttle import LoginThrottle, _key
from services.gateway.toolbox_client import SECTIONS, ToolboxClient
from services.gateway.toolbox_resources import as_json, listing
from services.gateway.toolbox_schemas import (
    ActivityBody,
    CalendarFeedBody,
    CrisisPlanBody,
    DomainStatusBody,
    ExerciseBody,
    ExerciseLogBody,
    ExerciseUpdateBody,
    GoalBody,
    InfoItemBody,
    LifeDomainBody,
    MedicationBody,
    NetworkMemberBody,
    NewGoalBody,
    SendCrisisPlanBody,
    ShareBody,
    StepBody,
    StepUpdateBody,
    ValueBody,
)

toolbox_api = api_blueprint("toolbox_api", __name__, "/api/v1/toolbox")
calendar_feeds = Blueprint("calendar_feeds", __name__, url_prefix="/calendar")

ICS_TYPE = "text/calendar; charset=utf-8"
MAX_FEED_TOKEN = 200


def toolbox() -> ToolboxClient:
    return current_app.extensions["reconnect_toolbox"]


class FeedThrottle(LoginThrottle):
    """Failed calendar fetches per client address, counted apart from sign-ins."""

    def _keys(self, tenant: str, username: str, address: str) -> list[str]:
        return [_key("calendar-addr", address)]


def _feed_throttle() -> FeedThrottle:
    found = current_app.extensions.get("reconnect_feed_throttle")
    if found is None:
        settings = current_app.config["RECONNECT_SETTINGS"]
        found = current_app.extensions.setdefault("reconnect_feed_throttle", FeedThrottle(
            settings.login_failures_per_window, settings.login_window_seconds, settings.rate_limit_store))
    return found


def public_feed(fetch) -> Response:
    """Serve an .ics fetched with ``fetch()``; unknown or revoked tokens count as failures."""
    address = request.remote_addr or ""
    wait = _feed_throttle().retry_after("", "", address)
    if wait:
        return Response("Too many attempts\n", 429, {"Retry-After": str(wait)}, mimetype="text/plain")
    try:
        text = fetch()
    except grpc.RpcError as error:
        if error.code() not in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT):
            raise
        _feed_throttle().failed("", "", address)
        return Response("Not found\n", 404, mimetype="text/plain")
    return Response(text, 200, content_type=ICS_TYPE)


@calendar_feeds.get("/toolbox/<token>.ics")
def toolbox_feed(token: str):
    if len(token) > MAX_FEED_TOKEN:
        return Response("Not found\n", 404, mimetype="text/plain")
    return public_feed(lambda: toolbox().calendar(token))


# -- values and life domains -------------------------------------------------------------------


@toolbox_api.get("/values")
def list_values():
    return jsonify(listing("values", toolbox().call("ListValues", bearer_token()).values))


@toolbox_api.post("/values")
def add_value():
    token = bearer_token()
    body = parse_body(ValueBody)
    return created(as_json(toolbox().call("AddValue", token, text=body.text)))


@toolbox_api.put("/values/<value_id>")
def update_value(value_id: str):
    token = bearer_token()
    body = parse_body(ValueBody)
    return jsonify(as_json(toolbox().call("UpdateValue", token, id=value_id, text=body.text)))


@toolbox_api.delete("/values/<value_id>")
def delete_value(value_id: str):
    toolbox().call("DeleteValue", bearer_token(), id=value_id)
    return no_content()


@toolbox_api.get("/life-domains")
def list_life_domains():
    return jsonify(listing("domains", toolbox().call("ListLifeDomains", bearer_token()).domains))


@toolbox_api.post("/life-domains")
def create_life_domain():
    token = bearer_token()
    body = parse_body(LifeDomainBody)
    return created(as_json(toolbox().call("CreateLifeDomain", token, name=body.name)))


@toolbox_api.put("/life-domains/<domain_id>")
def rename_life_domain(domain_id: str):
    token = bearer_token()
    body = parse_body(LifeDomainBody)
    return jsonify(as_json(toolbox().call("RenameLifeDomain", token, id=domain_id, name=body.name)))


@toolbox_api.delete("/life-domains/<domain_id>")
def delete_life_domain(domain_id: str):
    toolbox().call("DeleteLifeDomain", bearer_token(), id=domain_id)
    return no_content()


@toolbox_api.get("/domain-statuses")
def list_domain_statuses():
    token = bearer_token()
    reply = toolbox().call("ListDomainStatuses", token, domain=short_arg("domain"))
    return jsonify(listing("statuses", reply.statuses))


@toolbox_api.post("/domain-statuses")
def record_domain_status():
    token = bearer_token()
    body = parse_body(DomainStatusBody)
    return created(as_json(toolbox().call("RecordDomainStatus", token, **body.model_dump())))


@toolbox_api.delete("/domain-statuses/<status_id>")
def delete_domain_status(status_id: str):
    toolbox().call("DeleteDomainStatus", bearer_token(), id=status_id)
    return no_content()


# -- goals -------------------------------------------------------------------------------------


@toolbox_api.get("/goals")
def list_goals():
    token = bearer_token()
    reply = toolbox().call("ListGoals", token, domain=short_arg("domain"), include_closed=flag("include_closed"))
    return jsonify(listing("goals", reply.goals))


@toolbox_api.post("/goals")
def create_goal():
    token = bearer_token()
    body = parse_body(NewGoalBody)
    steps = [pb.AddStepRequest(text=s.text, due_date=s.due_date) for s in body.steps]
    goal = toolbox().call("CreateGoal", token, domain=body.domain, title=body.title, description=body.description,
                          target_date=body.target_date, steps=steps)
    return created(as_json(goal))


@toolbox_api.get("/goals/<goal_id>")
def get_goal(goal_id: str):
    return jsonify(as_json(toolbox().call("GetGoal", bearer_token(), id=goal_id)))


@toolbox_api.put("/goals/<goal_id>")
def update_goal(goal_id: str):
    token = bearer_token()
    body = parse_body(GoalBody)
    return jsonify(as_json(toolbox().call("UpdateGoal", token, id=goal_id, **body.model_dump())))


@toolbox_api.delete("/goals/<goal_id>")
def delete_goal(goal_id: str):
    toolbox().call("DeleteGoal", bearer_token(), id=goal_id)
    return no_content()


@toolbox_api.post("/goals/<goal_id>/steps")
def add_step(goal_id: str):
    token = bearer_token()
    body = parse_body(StepBody)
    return created(as_json(toolbox().call("AddStep", token, goal_id=goal_id, **body.model_dump())))


@toolbox_api.put("/steps/<step_id>")
def update_step(step_id: str):
    token = bearer_token()
    body = parse_body(StepUpdateBody)
    return jsonify(as_json(toolbox().call("UpdateStep", token, id=step_id, **body.model_dump())))


@toolbox_api.delete("/steps/<step_id>")
def delete_step(step_id: str):
    return jsonify(as_json(toolbox().call("DeleteStep", bearer_token(), id=step_id)))


# -- activity plan -----------------------------------------------------------------------------


@toolbox_api.get("/activities")
def list_activities():
    return jsonify(listing("activities", toolbox().call("ListActivities", bearer_token()).activities))


@toolbox_api.post("/activities")
def create_activity():
    token = bearer_token()
    body = parse_body(ActivityBody)
    activity = pb.ActivityInput(**body.model_dump())
    return created(as_json(toolbox().call("CreateActivity", token, activity=activity)))


@toolbox_api.put("/activities/<activity_id>")
def update_activity(activity_id: str):
    token = bearer_token()
    body = parse_body(ActivityBody)
    activity = pb.ActivityInput(**body.model_dump())
    return jsonify(as_json(toolbox().call("UpdateActivity", token, id=activity_id, activity=activity)))


@toolbox_api.delete("/activities/<activity_id>")
def delete_activity(activity_id: str):
    toolbox().call("DeleteActivity", bearer_token(), id=activity_id)
    return no_content()


@toolbox_api.get("/occurrences")
def list_occurrences():
    token = bearer_token()
    today = date.today()
    start = short_arg("from", 10) or today.isoformat()
    end = short_arg("to", 10) or (today + timedelta(days=28)).isoformat()
    reply = toolbox().call("ListOccurrences", token, request=_occurrences_request(start, end))
    return jsonify(listing("occurrences", reply.occurrences))


def _occurrences_request(start: str, end: str) -> pb.ListOccurrencesRequest:
    message = pb.ListOccurrencesRequest(to=end)
    setattr(message, "from", start)  # "from" is a Python keyword
    return message


@toolbox_api.put("/activities/<activity_id>/occurrences/<day>/done")
def mark_done(activity_id: str, day: str):
    token = bearer_token()
    return jsonify(as_json(toolbox().call("MarkDone", token, activity_id=activity_id, date=day, done=True)))


@toolbox_api.delete("/activities/<activity_id>/occurrences/<day>/done")
def unmark_done(activity_id: str, day: str):
    token = bearer_token()
    return jsonify(as_json(toolbox().call("MarkDone", token, activity_id=activity_id, date=day, done=False)))


@toolbox_api.get("/calendar-feeds")
def list_calendar_feeds():
    return jsonify(listing("feeds", toolbox().call("ListCalendarFeeds", bearer_token()).feeds))


@toolbox_api.post("/calendar-feeds")
def create_calendar_feed():
    token = bearer_token()
    body = parse_body(CalendarFeedBody)
    feed = toolbox().call("CreateCalendarFeed", token, show_titles=body.show_titles)
    answer = as_json(feed)
    # The secret is shown once, here; it is stored hashed.
    answer["url"] = request.host_url.rstrip("/") + f"/calendar/toolbox/{feed.token}.ics"
    return created(answer)


@toolbox_api.post("/calendar-feeds/<feed_id>/revoke")
def revoke_calendar_feed(feed_id: str):
    return jsonify(as_json(toolbox().call("RevokeCalendarFeed", bearer_token(), id=feed_id)))


# -- network map -------------------------------------------------------------------------------


@toolbox_api.get("/network")
def list_network():
    return jsonify(listing("members", toolbox().call("ListNetwork", bearer_token()).members))


@toolbox_api.get("/network.svg")
def network_picture():
    members = toolbox().call("ListNetwork", bearer_token()).members
    return Response(network_svg(members, title="Network map", me="Me"), 200, mimetype="image/svg+xml")


@toolbox_api.post("/network")
def add_network_member():
    token = bearer_token()
    body = parse_body(NetworkMemberBody)
    member = pb.NetworkMemberInput(**body.model_dump())
    return created(as_json(toolbox().call("AddNetworkMember", token, member=member)))


@toolbox_api.put("/network/<member_id>")
def update_network_member(member_id: str):
    token = bearer_token()
    body = parse_body(NetworkMemberBody)
    member = pb.NetworkMemberInput(**body.model_dump())
    return jsonify(as_json(toolbox().call("UpdateNetworkMember", token, id=member_id, member=member)))


@toolbox_api.delete("/network/<member_id>")
def delete_network_member(member_id: str):
    toolbox().call("DeleteNetworkMember", bearer_token(), id=member_id)
    return no_content()


# -- crisis plan -------------------------------------------------------------------------------


def plan_message(body: CrisisPlanBody) -> pb.CrisisPlan:
    data = body.model_dump()
    for name in ("distractions", "ask_for_help", "professionals"):
        data[name] = [pb.PlanContact(**contact) for contact in data[name]]
    return pb.CrisisPlan(**data)


@toolbox_api.get("/crisis-plan")
def get_crisis_plan():
    return jsonify(as_json(toolbox().call("GetCrisisPlan", bearer_token())))


@toolbox_api.put("/crisis-plan")
def save_crisis_plan():
    token = bearer_token()
    body = parse_body(CrisisPlanBody)
    return jsonify(as_json(toolbox().call("SaveCrisisPlan", token, plan=plan_message(body))))


@toolbox_api.delete("/crisis-plan")
def delete_crisis_plan():
    toolbox().call("DeleteCrisisPlan", bearer_token())
    return no_content()


@toolbox_api.post("/crisis-plan/send")
def send_crisis_plan():
    token = bearer_token()
    body = parse_body(SendCrisisPlanBody)
    reply = toolbox().call("SendCrisisPlan", token, provider_id=body.provider_id, note=body.note)
    return jsonify({"conversation_id": reply.conversation_id}), 201


@toolbox_api.get("/crisis-plan/versions")
def crisis_plan_versions():
    return jsonify(listing("versions", toolbox().call("ListCrisisPlanVersions", bearer_token()).versions))


# -- exercises ---------------------------------------------------------------------------------


@toolbox_api.get("/exercises")
def list_exercises():
    token = bearer_token()
    reply = toolbox().call("ListExercises", token, category=short_arg("category"),
                           include_archived=flag("include_archived"))
    return jsonify(listing("exercises", reply.exercises))


@toolbox_api.post("/exercises")
def create_exercise():
    token = bearer_token()
    body = parse_body(ExerciseBody)
    return created(as_json(toolbox().call("CreateExercise", token, exercise=pb.ExerciseInput(**body.model_dump()))))


@toolbox_api.put("/exercises/<exercise_id>")
def update_exercise(exercise_id: str):
    token = bearer_token()
    body = parse_body(ExerciseUpdateBody)
    fields = body.model_dump()
    archived = fields.pop("archived")
    exercise = pb.ExerciseInput(**fields)
    return jsonify(as_json(toolbox().call("UpdateExercise", token, id=exercise_id, exercise=exercise,
                                          archived=archived)))


@toolbox_api.get("/exercise-log")
def list_exercise_log():
    return jsonify(listing("entries", toolbox().call("ListExerciseLog", bearer_token()).entries))


@toolbox_api.post("/exercise-log")
def log_exercise():
    token = bearer_token()
    body = parse_body(ExerciseLogBody)
    done_at = parse_time(body.done_at, "done_at")
    stamp = timestamp(done_at)
    entry = toolbox().call("LogExercise", token, exercise_id=body.exercise_id, feeling=body.feeling, note=body.note,
                           done_at=stamp)
    return created(as_json(entry))


@toolbox_api.delete("/exercise-log/<entry_id>")
def delete_exercise_log_entry(entry_id: str):
    toolbox().call("DeleteExerciseLogEntry", bearer_token(), id=entry_id)
    return no_content()


# -- medications -------------------------------------------------------------------------------


@toolbox_api.get("/medications")
def list_medications():
    return jsonify(listing("medications", toolbox().call("ListMedications", bearer_token()).medications))


@toolbox_api.post("/medications")
def add_medication():
    token = bearer_token()
    body = parse_body(MedicationBody)
    medication = pb.MedicationInput(**body.model_dump())
    return created(as_json(toolbox().call("AddMedication", token, medication=medication)))


@toolbox_api.put("/medications/<medication_id>")
def update_medication(medication_id: str):
    token = bearer_token()
    body = parse_body(MedicationBody)
    medication = pb.MedicationInput(**body.model_dump())
    return jsonify(as_json(toolbox().call("UpdateMedication", token, id=medication_id, medication=medication)))


@toolbox_api.delete("/medications/<medication_id>")
def delete_medication(medication_id: str):
    toolbox().call("DeleteMedication", bearer_token(), id=medication_id)
    return no_content()


# -- information pages and local links -----------------------------------------------------------


@toolbox_api.get("/info")
def list_info_items():
    token = bearer_token()
    reply = toolbox().call("ListInfoItems", token, category=short_arg("category"), language=short_arg("language"))
    return jsonify(listing("items", reply.items))


@toolbox_api.post("/info")
def create_info_item():
    token = bearer_token()
    body = parse_body(InfoItemBody)
    return created(as_json(toolbox().call("CreateInfoItem", token, item=pb.InfoItemInput(**body.model_dump()))))


@toolbox_api.put("/info/<item_id>")
def update_info_item(item_id: str):
    token = bearer_token()
    body = parse_body(InfoItemBody)
    return jsonify(as_json(toolbox().call("UpdateInfoItem", token, id=item_id,
                                          item=pb.InfoItemInput(**body.model_dump()))))


@toolbox_api.delete("/info/<item_id>")
def delete_info_item(item_id: str):
    toolbox().call("DeleteInfoItem", bearer_token(), id=item_id)
    return no_content()


# -- sharing -----------------------------------------------------------------------------------


@toolbox_api.get("/shares")
def list_shares():
    token = bearer_token()
    return jsonify(listing("shares", toolbox().call("ListShares", token,
                                                    include_revoked=flag("include_revoked")).shares))


@toolbox_api.post("/shares")
def grant_share():
    token = bearer_token()
    body = parse_body(ShareBody)
    reply = toolbox().call("GrantShare", token, provider_id=body.provider_id, sections=list(body.sections))
    return jsonify(listing("shares", reply.shares))


@toolbox_api.delete("/shares/<provider_id>")
def revoke_share(provider_id: str):
    token = bearer_token()
    sections = request.args.getlist("section")
    for section in sections:
        if section not in SECTIONS:
            raise bad_parameter("section", f"one of {', '.join(SECTIONS)}")
    reply = toolbox().call("RevokeShare", token, provider_id=provider_id, sections=sections)
    return jsonify(listing("shares", reply.shares))


@toolbox_api.get("/access-log")
def access_log():
    token = bearer_token()
    raw = short_arg("limit", 6)
    if raw and not raw.isdigit():
        raise bad_parameter("limit", "a whole number")
    reply = toolbox().call("ListAccessLog", token, limit=int(raw or 0))
    return jsonify(listing("entries", reply.entries))


@toolbox_api.get("/shared-with-me")
def shared_with_me():
    return jsonify(listing("users", toolbox().call("ListSharedWithMe", bearer_token()).users))


@toolbox_api.get("/shared/<owner_id>/<section>")
def shared_section(owner_id: str, section: str):
    token = bearer_token()
    if section not in SECTIONS:
        raise Problem(404, "not-found", "Not found", f"section: one of {', '.join(SECTIONS)}", field="section")
    return jsonify(as_json(toolbox().call("GetSharedSection", token, service_user_id=owner_id, section=section)))


# -- the user's data as a whole ----------------------------------------------------------------------


def export_response(token: str) -> Response:
    reply = toolbox().call("Export", token)
    document = json.loads(reply.json)
    response = Response(json.dumps(document, ensure_ascii=False, indent=2), 200, mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="reconnect-toolbox.json"'
    return response


@toolbox_api.get("/export")
def export():
    return export_response(bearer_token())


@toolbox_api.delete("")
def erase_my_toolbox():
    toolbox().call("EraseMyToolbox", bearer_token())
    return no_content()
