"""The toolbox's and the cafés' part of the OpenAPI document (see openapi.py, which imports
this module once it has defined its helpers; this module then adds its paths and schemas).

Response schemas follow toolbox_resources.as_json: every proto field by its own name,
times as ISO 8601 UTC or null, enumerations as lower-case names. They are generated from
the protos' descriptors, so they cannot drift from the contract either.
"""

from __future__ import annotations

from google.protobuf.descriptor import FieldDescriptor

from reconnect.cafes.v1 import cafes_pb2 as cpb
from reconnect.toolbox.v1 import toolbox_pb2 as tpb
from services.gateway import cafes_schemas, toolbox_schemas
from services.gateway.openapi import (
    _TIMESTAMP,
    COMPONENT_SCHEMAS,
    PATHS,
    _operation,
    _path_param,
    _query_param,
)
from services.gateway.toolbox_client import EXERCISE_CATEGORIES, INFO_CATEGORIES, SECTIONS
from services.gateway.toolbox_resources import enum_name, is_repeated

_SCALARS = {
    FieldDescriptor.TYPE_STRING: {"type": "string"},
    FieldDescriptor.TYPE_BOOL: {"type": "boolean"},
    FieldDescriptor.TYPE_INT32: {"type": "integer"},
    FieldDescriptor.TYPE_INT64: {"type": "integer"},
    FieldDescriptor.TYPE_DOUBLE: {"type": "number"},
}


def _component(prefix: str, descriptor) -> str:
    return prefix + descriptor.name


def _field_schema(prefix: str, field: FieldDescriptor, pending: list) -> dict:
    if field.message_type is not None and field.message_type.full_name == "google.protobuf.Timestamp":
        return dict(_TIMESTAMP)
    if field.message_type is not None:
        pending.append(field.message_type)
        ref = {"$ref": f"#/components/schemas/{_component(prefix, field.message_type)}"}
        return ref if is_repeated(field) else {"oneOf": [ref, {"type": "null"}]}
    if field.enum_type is not None:
        return {"enum": sorted({enum_name(field.enum_type, v.number) for v in field.enum_type.values})}
    return dict(_SCALARS.get(field.type, {"type": "string"}))


def _register(prefix: str, descriptor) -> str:
    pending = [descriptor]
    while pending:
        current = pending.pop()
        name = _component(prefix, current)
        if name in COMPONENT_SCHEMAS:
            continue
        properties = {}
        for field in current.fields:
            schema = _field_schema(prefix, field, pending)
            if is_repeated(field):
                schema = {"type": "array", "items": schema}
            properties[field.name] = schema
        COMPONENT_SCHEMAS[name] = {"type": "object", "properties": properties, "required": list(properties)}
    return _component(prefix, descriptor)


def _listing(name: str, key: str, item: str) -> str:
    COMPONENT_SCHEMAS[name] = {"type": "object", "properties": {
        key: {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}}}, "required": [key]}
    return name


# -- schemas ------------------------------------------------------------------------------------------

T = {name: _register("Toolbox", getattr(tpb, name).DESCRIPTOR) for name in (
    "Value", "LifeDomain", "DomainStatus", "Goal", "Activity", "Occurrence", "CalendarFeed", "NetworkMember",
    "CrisisPlanVersion", "Exercise", "ExerciseLogEntry", "Medication", "InfoItem", "Share", "AccessLogEntry",
    "SharedWithMe", "SharedSection", "SendCrisisPlanResponse")}
C = {name: _register("Cafe", getattr(cpb, name).DESCRIPTOR) for name in (
    "Cafe", "Occurrence", "ListAttendeesResponse", "CheckInResponse", "CompanionRequest", "Match", "Activity",
    "Figures", "CalendarToken")}
COMPONENT_SCHEMAS["CafeFigures"]["description"] = (
    "The study's figures for one municipality. For researchers every count below 5 is null (k-anonymity).")
for _name in ("meetings_held", "attendances", "members_attended", "min_attendees_per_meeting",
              "max_attendees_per_meeting", "activities_held"):
    COMPONENT_SCHEMAS["CafeFigures"]["properties"][_name] = {"type": ["integer", "null"]}
COMPONENT_SCHEMAS["CafeFigures"]["properties"]["attendees_per_meeting"] = {
    "type": "array", "items": {"type": ["integer", "null"]}}
COMPONENT_SCHEMAS["ToolboxCalendarFeed"]["properties"]["url"] = {
    "type": "string", "description": "Only when created: the secret feed address, shown once."}
COMPONENT_SCHEMAS["CafeCalendarToken"]["properties"]["url"] = {
    "type": "string", "description": "The secret feed address, shown once; a new one revokes the old."}
COMPONENT_SCHEMAS["ToolboxExport"] = {
    "type": "object", "description": "Everything the toolbox holds about the caller (format "
    "`reconnect.toolbox.export/1`), served as an attachment.", "properties": {"format": {"type": "string"}}}

LISTS = {
    "values": _listing("ToolboxValues", "values", T["Value"]),
    "domains": _listing("ToolboxLifeDomains", "domains", T["LifeDomain"]),
    "statuses": _listing("ToolboxDomainStatuses", "statuses", T["DomainStatus"]),
    "goals": _listing("ToolboxGoals", "goals", T["Goal"]),
    "activities": _listing("ToolboxActivities", "activities", T["Activity"]),
    "occurrences": _listing("ToolboxOccurrences", "occurrences", T["Occurrence"]),
    "feeds": _listing("ToolboxCalendarFeeds", "feeds", T["CalendarFeed"]),
    "members": _listing("ToolboxNetwork", "members", T["NetworkMember"]),
    "versions": _listing("ToolboxCrisisPlanVersions", "versions", T["CrisisPlanVersion"]),
    "exercises": _listing("ToolboxExercises", "exercises", T["Exercise"]),
    "entries": _listing("ToolboxExerciseLog", "entries", T["ExerciseLogEntry"]),
    "medications": _listing("ToolboxMedications", "medications", T["Medication"]),
    "items": _listing("ToolboxInfoItems", "items", T["InfoItem"]),
    "shares": _listing("ToolboxShares", "shares", T["Share"]),
    "access": _listing("ToolboxAccessLog", "entries", T["AccessLogEntry"]),
    "users": _listing("ToolboxSharedWithMe", "users", T["SharedWithMe"]),
    "cafes": _listing("Cafes", "cafes", C["Cafe"]),
    "cafe_occurrences": _listing("CafeOccurrences", "occurrences", C["Occurrence"]),
    "requests": _listing("CafeCompanionRequests", "requests", C["CompanionRequest"]),
    "matches": _listing("CafeMatches", "matches", C["Match"]),
    "cafe_activities": _listing("CafeActivities", "activities", C["Activity"]),
}

for _model in (*toolbox_schemas.MODELS, *cafes_schemas.MODELS):
    _schema = _model.model_json_schema(ref_template="#/components/schemas/{model}")
    COMPONENT_SCHEMAS.update(_schema.pop("$defs", {}))
    COMPONENT_SCHEMAS[_model.__name__] = _schema


# -- paths ------------------------------------------------------------------------------------------

_OWNER = (" Only the owner (a service user) reads and writes it; anyone else's, or another municipality's, "
          "is 404.")


def _tb(summary: str, **kwargs) -> dict:
    return _operation(summary, tag="toolbox", **kwargs)


def _cf(summary: str, **kwargs) -> dict:
    return _operation(summary, tag="cafes", **kwargs)


def _binary(operation: dict, media: str, description: str) -> dict:
    operation["responses"]["200"] = {"description": description, "content": {media: {"schema": {"type": "string"}}}}
    return operation


_ID = _path_param("id")
_FROM_TO = [_query_param("from", {"type": "string"}, "ISO 8601 date or time; default: now"),
            _query_param("to", {"type": "string"}, "ISO 8601 date (that whole day counts) or time")]
_OCC = _path_param("occurrence_id")

TOOLBOX_PATHS: dict[str, dict] = {
    "/api/v1/toolbox": {
        "delete": _tb("Erase everything in the caller's toolbox (service users); cannot be undone", ok=204),
    },
    "/api/v1/toolbox/values": {
        "get": _tb("What is important in the caller's life" + _OWNER, result=LISTS["values"]),
        "post": _tb("Add a value", ok=201, result=T["Value"], body="ValueBody"),
    },
    "/api/v1/toolbox/values/{value_id}": {
        "put": _tb("Change a value", result=T["Value"], body="ValueBody", parameters=[_path_param("value_id")]),
        "delete": _tb("Delete a value", ok=204, parameters=[_path_param("value_id")]),
    },
    "/api/v1/toolbox/life-domains": {
        "get": _tb("The standard life domains and one's own, each with its latest status",
                   result=LISTS["domains"]),
        "post": _tb("Add a life domain of one's own", ok=201, result=T["LifeDomain"], body="LifeDomainBody"),
    },
    "/api/v1/toolbox/life-domains/{domain_id}": {
        "put": _tb("Rename one's own life domain", result=T["LifeDomain"], body="LifeDomainBody",
                   parameters=[_path_param("domain_id")]),
        "delete": _tb("Delete one's own life domain and its statuses (its goals stay, without a domain)", ok=204,
                      parameters=[_path_param("domain_id")]),
    },
    "/api/v1/toolbox/domain-statuses": {
        "get": _tb("Dated statuses, oldest first", result=LISTS["statuses"], problems=(400,),
                   parameters=[_query_param("domain", {"type": "string"}, "a domain key; empty: all")]),
        "post": _tb("Record how things are in a life domain today (or on a date)", ok=201,
                    result=T["DomainStatus"], body="DomainStatusBody"),
    },
    "/api/v1/toolbox/domain-statuses/{status_id}": {
        "delete": _tb("Delete a status entry", ok=204, parameters=[_path_param("status_id")]),
    },
    "/api/v1/toolbox/goals": {
        "get": _tb("The caller's goals with their steps" + _OWNER, result=LISTS["goals"], problems=(400,),
                   parameters=[_query_param("domain", {"type": "string"}),
                               _query_param("include_closed", {"type": "boolean", "default": False})]),
        "post": _tb("Set a goal, with steps", ok=201, result=T["Goal"], body="NewGoalBody"),
    },
    "/api/v1/toolbox/goals/{goal_id}": {
        "get": _tb("One goal" + _OWNER, result=T["Goal"], parameters=[_path_param("goal_id")]),
        "put": _tb("Change a goal (status `completed` completes it)", result=T["Goal"], body="GoalBody",
                   parameters=[_path_param("goal_id")]),
        "delete": _tb("Delete a goal and its steps", ok=204, parameters=[_path_param("goal_id")]),
    },
    "/api/v1/toolbox/goals/{goal_id}/steps": {
        "post": _tb("Add a step; answers the goal", ok=201, result=T["Goal"], body="StepBody",
                    parameters=[_path_param("goal_id")]),
    },
    "/api/v1/toolbox/steps/{step_id}": {
        "put": _tb("Change a step (todo, doing, done); answers the goal", result=T["Goal"], body="StepUpdateBody",
                   parameters=[_path_param("step_id")]),
        "delete": _tb("Delete a step; answers the goal", result=T["Goal"], parameters=[_path_param("step_id")]),
    },
    "/api/v1/toolbox/activities": {
        "get": _tb("The caller's planned activities" + _OWNER, result=LISTS["activities"]),
        "post": _tb("Plan an activity (once or repeating)", ok=201, result=T["Activity"], body="ActivityBody"),
    },
    "/api/v1/toolbox/activities/{activity_id}": {
        "put": _tb("Change an activity", result=T["Activity"], body="ActivityBody",
                   parameters=[_path_param("activity_id")]),
        "delete": _tb("Delete an activity", ok=204, parameters=[_path_param("activity_id")]),
    },
    "/api/v1/toolbox/occurrences": {
        "get": _tb("The activities' times in a window of dates (at most 366 days)", result=LISTS["occurrences"],
                   problems=(400,), parameters=[
                       _query_param("from", {"type": "string", "format": "date"}, "default: today"),
                       _query_param("to", {"type": "string", "format": "date"}, "default: 28 days on")]),
    },
    "/api/v1/toolbox/activities/{activity_id}/occurrences/{day}/done": {
        "put": _tb("Mark one time of an activity done", result=T["Occurrence"],
                   parameters=[_path_param("activity_id"), _path_param("day")]),
        "delete": _tb("Take a done mark back", result=T["Occurrence"],
                      parameters=[_path_param("activity_id"), _path_param("day")]),
    },
    "/api/v1/toolbox/calendar-feeds": {
        "get": _tb("The caller's calendar feeds (without their secrets)", result=LISTS["feeds"]),
        "post": _tb("Make a secret calendar feed address for the activity plan (revokes an earlier one); the "
                    "address is in this answer only", ok=201, result=T["CalendarFeed"], body="CalendarFeedBody"),
    },
    "/api/v1/toolbox/calendar-feeds/{feed_id}/revoke": {
        "post": _tb("Stop a calendar feed address from working", result=T["CalendarFeed"],
                    parameters=[_path_param("feed_id")]),
    },
    "/api/v1/toolbox/network": {
        "get": _tb("The caller's network map" + _OWNER, result=LISTS["members"]),
        "post": _tb("Add a person or service to the network map", ok=201, result=T["NetworkMember"],
                    body="NetworkMemberBody"),
    },
    "/api/v1/toolbox/network.svg": {
        "get": _binary(_tb("The network map as a picture: three rings around the caller"), "image/svg+xml",
                       "An SVG picture"),
    },
    "/api/v1/toolbox/network/{member_id}": {
        "put": _tb("Change a member of the network map", result=T["NetworkMember"], body="NetworkMemberBody",
                   parameters=[_path_param("member_id")]),
        "delete": _tb("Remove a member of the network map", ok=204, parameters=[_path_param("member_id")]),
    },
    "/api/v1/toolbox/crisis-plan": {
        "get": _tb("The current crisis plan (Stanley-Brown safety plan); 404 with reason `no_plan` when there is "
                   "none yet", result=T["CrisisPlanVersion"]),
        "put": _tb("Save the crisis plan as a new version (400, field `plan`, reason `empty` when it has no "
                   "entry)", result=T["CrisisPlanVersion"], body="CrisisPlanBody"),
        "delete": _tb("Delete the crisis plan and every earlier version", ok=204),
    },
    "/api/v1/toolbox/crisis-plan/send": {
        "post": _tb("Send the current crisis plan as a message to a provider in one's care team (through "
                    "messaging; 409 with reason `terms_consent_required` before the terms are accepted)",
                    ok=201, body="SendCrisisPlanBody", result=T["SendCrisisPlanResponse"], problems=(409,)),
    },
    "/api/v1/toolbox/crisis-plan/versions": {
        "get": _tb("Every saved version of the crisis plan, newest first", result=LISTS["versions"]),
    },
    "/api/v1/toolbox/exercises": {
        "get": _tb("The municipality's exercises (mindfulness, coping, …)", result=LISTS["exercises"],
                   problems=(400,), parameters=[
                       _query_param("category", {"enum": list(EXERCISE_CATEGORIES)}),
                       _query_param("include_archived", {"type": "boolean", "default": False},
                                    "moderators and tenant admins")]),
        "post": _tb("Add an exercise (peer moderators, tenant admins)", ok=201, result=T["Exercise"],
                    body="ExerciseBody"),
    },
    "/api/v1/toolbox/exercises/{exercise_id}": {
        "put": _tb("Change or archive an exercise (peer moderators, tenant admins)", result=T["Exercise"],
                   body="ExerciseUpdateBody", parameters=[_path_param("exercise_id")]),
    },
    "/api/v1/toolbox/exercise-log": {
        "get": _tb("The caller's exercise log, newest first", result=LISTS["entries"]),
        "post": _tb("Log an exercise done, with how it felt (1-5)", ok=201, result=T["ExerciseLogEntry"],
                    body="ExerciseLogBody"),
    },
    "/api/v1/toolbox/exercise-log/{entry_id}": {
        "delete": _tb("Delete a log entry", ok=204, parameters=[_path_param("entry_id")]),
    },
    "/api/v1/toolbox/medications": {
        "get": _tb("The caller's medication overview, current first" + _OWNER, result=LISTS["medications"]),
        "post": _tb("Add a medication", ok=201, result=T["Medication"], body="MedicationBody"),
    },
    "/api/v1/toolbox/medications/{medication_id}": {
        "put": _tb("Change a medication", result=T["Medication"], body="MedicationBody",
                   parameters=[_path_param("medication_id")]),
        "delete": _tb("Delete a medication", ok=204, parameters=[_path_param("medication_id")]),
    },
    "/api/v1/toolbox/info": {
        "get": _tb("The municipality's information pages and local links", result=LISTS["items"],
                   problems=(400,), parameters=[_query_param("category", {"enum": list(INFO_CATEGORIES)}),
                                                _query_param("language", {"enum": ["nb", "en"]})]),
        "post": _tb("Add an information page or link (tenant admins)", ok=201, result=T["InfoItem"],
                    body="InfoItemBody"),
    },
    "/api/v1/toolbox/info/{item_id}": {
        "put": _tb("Change an information page or link (tenant admins)", result=T["InfoItem"],
                   body="InfoItemBody", parameters=[_path_param("item_id")]),
        "delete": _tb("Delete an information page or link (tenant admins)", ok=204,
                      parameters=[_path_param("item_id")]),
    },
    "/api/v1/toolbox/shares": {
        "get": _tb("What the caller shares with which provider", result=LISTS["shares"], problems=(400,),
                   parameters=[_query_param("include_revoked", {"type": "boolean", "default": False})]),
        "post": _tb("Share sections with a provider in one's care team (someone else: 404, field "
                    "`provider_id`); answers the active shares", result=LISTS["shares"], body="ShareBody"),
    },
    "/api/v1/toolbox/shares/{provider_id}": {
        "delete": _tb("Stop sharing sections (none given: all) with a provider; works at any time",
                      result=LISTS["shares"], problems=(400,), parameters=[
                          _path_param("provider_id"),
                          _query_param("section", {"type": "array", "items": {"enum": list(SECTIONS)}},
                                       "repeat for several")]),
    },
    "/api/v1/toolbox/access-log": {
        "get": _tb("When which provider read what the caller shares, newest first", result=LISTS["access"],
                   problems=(400,), parameters=[_query_param("limit", {"type": "integer", "maximum": 1000})]),
    },
    "/api/v1/toolbox/shared-with-me": {
        "get": _tb("Providers: the service users in one's care who share something, and what",
                   result=LISTS["users"]),
    },
    "/api/v1/toolbox/shared/{owner_id}/{section}": {
        "get": _tb("Providers: one shared section of a service user in one's care (every read is in the user's "
                   "access log); not shared, or no care relationship: 404", result=T["SharedSection"],
                   parameters=[_path_param("owner_id"),
                               _path_param("section") | {"schema": {"enum": list(SECTIONS)}}]),
    },
    "/api/v1/toolbox/export": {
        "get": _tb("Download everything the toolbox holds about the caller, as JSON (Content-Disposition: "
                   "attachment)", result="ToolboxExport"),
    },
}

CAFES_PATHS: dict[str, dict] = {
    "/api/v1/cafes": {
        "get": _cf("The municipality's cafés", result=LISTS["cafes"]),
        "post": _cf("Create a café series (tenant admins, peer moderators)", ok=201, result=C["Cafe"],
                    body="NewCafeBody"),
    },
    "/api/v1/cafes/{cafe_id}": {
        "get": _cf("One café (another municipality's: 404)", result=C["Cafe"], parameters=[_path_param("cafe_id")]),
        "put": _cf("Change a café's details (admins, its moderators); more seats promote from waitlists",
                   result=C["Cafe"], body="CafeBody", parameters=[_path_param("cafe_id")]),
    },
    "/api/v1/cafes/{cafe_id}/agenda": {
        "put": _cf("Link the moderator's forum exercise thread to the series or one meeting", result=C["Cafe"],
                   body="AgendaBody", parameters=[_path_param("cafe_id")]),
    },
    "/api/v1/cafes/occurrences": {
        "get": _cf("Upcoming café meetings and local activities, with counts and the caller's answer",
                   result=LISTS["cafe_occurrences"], problems=(400,),
                   parameters=[_query_param("cafe_id", {"type": "string"}), *_FROM_TO]),
    },
    "/api/v1/cafes/occurrences/{occurrence_id}": {
        "get": _cf("One meeting or activity", result=C["Occurrence"], parameters=[_OCC]),
    },
    "/api/v1/cafes/occurrences/{occurrence_id}/move": {
        "post": _cf("Move a meeting (its moderators, admins)", result=C["Occurrence"], body="MoveBody",
                    problems=(409,), parameters=[_OCC]),
    },
    "/api/v1/cafes/occurrences/{occurrence_id}/cancel": {
        "post": _cf("Cancel a meeting (its moderators, admins)", result=C["Occurrence"], parameters=[_OCC]),
    },
    "/api/v1/cafes/occurrences/{occurrence_id}/rsvp": {
        "put": _cf("Answer yes, maybe or no; a yes beyond capacity is waitlisted, and a freed seat goes to the "
                   "waitlist in order", result=C["Occurrence"], body="RsvpBody", problems=(409,), parameters=[_OCC]),
    },
    "/api/v1/cafes/occurrences/{occurrence_id}/not-up-to-it": {
        "post": _cf("“I'm not up to it today”: the answer becomes no; no reason is asked or told",
                    result=C["Occurrence"], parameters=[_OCC]),
    },
    "/api/v1/cafes/occurrences/{occurrence_id}/reminders": {
        "put": _cf("Choose reminders (minutes before; at most 5)", result=C["Occurrence"], body="RemindersBody",
                   problems=(409,), parameters=[_OCC]),
    },
    "/api/v1/cafes/occurrences/{occurrence_id}/attendees": {
        "get": _cf("Counts, and who is coming: everyone for its moderators, the visible ones for members",
                   result=C["ListAttendeesResponse"], parameters=[_OCC]),
    },
    "/api/v1/cafes/occurrences/{occurrence_id}/check-ins/{account_id}": {
        "put": _cf("Check someone in (moderators)", result=C["CheckInResponse"], problems=(409,),
                   parameters=[_OCC, _path_param("account_id")]),
        "delete": _cf("Undo a check-in (moderators)", result=C["CheckInResponse"], problems=(409,),
                      parameters=[_OCC, _path_param("account_id")]),
    },
    "/api/v1/cafes/occurrences/{occurrence_id}/ics": {
        "get": _binary(_cf("One meeting as a calendar file (attachment)", parameters=[_OCC]),
                       "text/calendar", "An iCalendar file"),
    },
    "/api/v1/cafes/companions": {
        "get": _cf("The caller's open and matched requests to go together", result=LISTS["requests"]),
        "post": _cf("Ask for or offer company or a ride to a meeting (once per kind: 409)", ok=201,
                    result=C["CompanionRequest"], body="CompanionBody", problems=(409,)),
    },
    "/api/v1/cafes/companions/{request_id}": {
        "delete": _cf("Withdraw a request (ends its match)", ok=204, parameters=[_path_param("request_id")]),
    },
    "/api/v1/cafes/matches": {
        "get": _cf("The caller's matches; the partner is named only once both accepted", result=LISTS["matches"]),
    },
    "/api/v1/cafes/matches/{match_id}/answer": {
        "post": _cf("Accept or decline a proposed match (settled already: 409)", result=C["Match"],
                    body="MatchAnswerBody", problems=(409,), parameters=[_path_param("match_id")]),
    },
    "/api/v1/cafes/matches/{match_id}/note": {
        "put": _cf("Where and when to meet (confirmed matches only: else 409)", result=C["Match"],
                   body="MeetingNoteBody", problems=(409,), parameters=[_path_param("match_id")]),
    },
    "/api/v1/cafes/activities": {
        "get": _cf("Local activities members proposed", result=LISTS["cafe_activities"], problems=(400,),
                   parameters=_FROM_TO),
        "post": _cf("Propose a local activity (the proposer is going)", ok=201, result=C["Activity"],
                    body="ActivityProposalBody"),
    },
    "/api/v1/cafes/activities/{activity_id}": {
        "get": _cf("One local activity", result=C["Activity"], parameters=[_path_param("activity_id")]),
    },
    "/api/v1/cafes/activities/{activity_id}/join": {
        "post": _cf("Join a local activity (answer yes to it)", result=C["Activity"], body="JoinBody",
                    problems=(409,), parameters=[_path_param("activity_id")]),
    },
    "/api/v1/cafes/figures": {
        "get": _cf("The study's figures (admins; researchers see k-anonymous figures, null below 5)",
                   result=C["Figures"], problems=(400,), parameters=[
                       _query_param("tenant", {"type": "string"}, "a tenant slug; default: this one"), *_FROM_TO]),
    },
    "/api/v1/cafes/calendar-token": {
        "post": _cf("Make a secret calendar feed address of one's meetings (revokes an earlier one)", ok=201,
                    result=C["CalendarToken"]),
        "delete": _cf("Stop one's calendar feed address from working", ok=204),
    },
}

PATHS.update(TOOLBOX_PATHS)
PATHS.update(CAFES_PATHS)
