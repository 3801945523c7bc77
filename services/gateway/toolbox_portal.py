"""The toolbox in the web portal: the service user's own goals, activity plan, network map,
crisis plan, exercises, medications, information and local links, and what they share
with their providers; and, for a provider, what is shared with them.

Server-rendered, usable on a phone and without JavaScript: every action is a small form
with a CSRF token. The crisis plan is one tap away (a link in the navigation for service
users) and has a printable page. The toolbox decides who may see what; these views turn
its answers into pages. When a form comes back with a problem, what was typed is kept.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

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
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from reconnect.identity.v1 import identity_pb2 as ipb
from reconnect.toolbox.v1 import toolbox_pb2 as pb
from services.gateway import portal_session
from services.gateway.network_map import network_svg
from services.gateway.portal import call, identity, role_page
from services.gateway.toolbox_api import export_response
from services.gateway.toolbox_client import (
    CIRCLES,
    EXERCISE_CATEGORIES,
    PLAN_CONTACT_LISTS,
    PLAN_STEPS,
    PLAN_TEXT_LISTS,
    REPEATS,
    SECTIONS,
    ToolboxClient,
)
from services.kit.errors import details_from_rpc_error

toolbox_portal = Blueprint("toolbox", __name__, url_prefix="/toolbox")

_ID = re.compile(r"^[A-Za-z0-9-]{1,100}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PLAN_EXTRA_ROWS = 2
ACTIVITY_DAYS = 14
CURATOR_ROLES = {ipb.ROLE_PEER_MODERATOR, ipb.ROLE_TENANT_ADMIN}


def toolbox() -> ToolboxClient:
    return current_app.extensions["reconnect_toolbox"]


def tb(method: str, **fields):
    """Call the toolbox as the signed-in person."""
    return call(lambda token: toolbox().call(method, token, **fields))


def _id(value: str) -> str:
    if not _ID.match(value or ""):
        abort(404)
    return value


# -- texts -----------------------------------------------------------------------------------


def domain_names() -> dict[str, str]:
    return {
        "work_school": _("Work and school"),
        "social_life": _("Social life"),
        "mental_health": _("Mental health"),
        "physical_health": _("Physical health"),
        "housing": _("Housing"),
        "finances": _("Finances"),
    }


def section_names() -> dict[str, str]:
    return {
        "goals": _("Goals"),
        "activity_plan": _("Activity plan"),
        "network_map": _("Network map"),
        "crisis_plan": _("Crisis plan"),
        "medications": _("Medications"),
        "exercise_log": _("Exercise log"),
    }


def circle_names() -> dict[str, str]:
    return {"inner": _("Inner circle"), "middle": _("Middle circle"), "outer": _("Outer circle")}


def repeat_names() -> dict[str, str]:
    return {"none": _("Once"), "daily": _("Every day"), "weekly": _("Every week"),
            "biweekly": _("Every other week"), "monthly": _("Every month")}


def category_names() -> dict[str, str]:
    return {"mindfulness": _("Mindfulness"), "coping": _("Coping"), "sleep_hygiene": _("Sleep"),
            "symptom_management": _("Managing symptoms")}


def info_category_names() -> dict[str, str]:
    return {"information": _("Information"), "local_activity": _("Local activities"),
            "user_organisation": _("User organisations")}


def plan_step_names() -> dict[str, tuple[str, str]]:
    """Heading and hint of each step of the crisis plan."""
    return {
        "warning_signs": (_("1. My warning signs"), _("Thoughts, feelings or situations that tell me a crisis may be coming.")),
        "coping_strategies": (_("2. What I can do on my own"), _("Things that help me take my mind off it or calm down.")),
        "distractions": (_("3. People and places that take my mind off things"), _("Who I can be with, or where I can go.")),
        "ask_for_help": (_("4. People I can ask for help"), _("Family or friends I can tell how I am.")),
        "professionals": (_("5. Professionals and services I can contact"), _("My therapist, the municipal mental health service, the out-of-hours service (116 117).")),
        "safe_environment": (_("6. Making my surroundings safe"), _("What I can do so that it is safer around me.")),
        "reasons_for_living": (_("What is most important to me and worth living for"), _("People, things and hopes that matter to me.")),
    }


def problem_text(reason: str) -> str:
    texts = {
        "required": _("Fill in this field."),
        "too_long": _("The text is too long. Shorten it a little."),
        "bad_date": _("Write the date as YYYY-MM-DD."),
        "bad_time": _("Write the time as HH:MM."),
        "unknown_value": _("Choose one of the options."),
        "unknown_domain": _("Choose one of the life domains."),
        "out_of_range": _("The number is outside what is allowed."),
        "dates_out_of_order": _("The end date cannot be before the start date."),
        "bad_phone": _("That does not look like a phone number."),
        "empty": _("Write at least one thing in the plan."),
        "in_future": _("The date cannot be in the future."),
        "too_many": _("There are too many entries."),
        "no_repeat": _("Choose how often it repeats, or leave the end date empty."),
        "no_occurrence": _("The activity does not happen on that day."),
        "bad_url": _("Write a web address starting with http:// or https://."),
    }
    return texts.get(reason, _("Check what you wrote and try again."))


def form_problem(error: grpc.RpcError) -> tuple[str, str]:
    """(field, text) for a refusal the person can fix; anything else is raised again."""
    if error.code() != grpc.StatusCode.INVALID_ARGUMENT:
        raise error
    field, reason = details_from_rpc_error(error)
    return field, problem_text(reason)


# -- pages -------------------------------------------------------------------------------------


owner_page = role_page({ipb.ROLE_SERVICE_USER}, "owner", "toolbox/forbidden.html")
provider_page = role_page({ipb.ROLE_HEALTH_PROVIDER}, "provider", "toolbox/forbidden.html")
member_page = role_page({ipb.ROLE_SERVICE_USER, ipb.ROLE_HEALTH_PROVIDER, ipb.ROLE_PEER_MODERATOR,
                         ipb.ROLE_TENANT_ADMIN}, "member", "toolbox/forbidden.html")


@toolbox_portal.app_context_processor
def _navigation():
    tenant = g.get("tenant")
    if tenant is None:
        return {}
    roles = portal_session.role_hint(tenant.slug)
    return {"toolbox_nav": {
        "owner": "service_user" in roles,
        "provider": "health_provider" in roles,
        "cafes": bool(roles & {"service_user", "health_provider", "peer_moderator", "tenant_admin"}),
    }}


@toolbox_portal.app_template_filter("day")
def _day(value: str) -> str:
    if not value:
        return ""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    from babel.dates import format_date

    locale = str(get_locale() or "nb")
    return format_date(day, "EEEE d. MMMM y" if locale == "nb" else "EEEE d MMMM y", locale=locale)


@toolbox_portal.app_template_filter("tel")
def _tel(phone: str) -> str:
    return re.sub(r"[^0-9+]", "", phone or "")


@toolbox_portal.app_template_filter("paragraphs")
def _paragraphs(text: str) -> Markup:
    """Plain text (or simple Markdown) as escaped paragraphs: no HTML from the text gets through."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text or "") if b.strip()]
    return Markup("".join(Markup("<p>{}</p>").format(Markup("<br>").join(b.splitlines())) for b in blocks))


def _common() -> dict:
    return {"domain_names": domain_names(), "section_names": section_names(), "circle_names": circle_names(),
            "repeat_names": repeat_names(), "category_names": category_names()}


@toolbox_portal.get("")
@member_page
def home():
    if ipb.ROLE_SERVICE_USER not in g.account.roles:
        if ipb.ROLE_HEALTH_PROVIDER in g.account.roles:
            return redirect(url_for("toolbox.shared_with_me"))
        return redirect(url_for("toolbox.exercises"))
    return render_template("toolbox/home.html", **_common())


# -- values and life domains -------------------------------------------------------------------------


def _values_page(form=None, errors=None, status: int = 200):
    values = tb("ListValues").values
    domains = tb("ListLifeDomains").domains
    statuses = tb("ListDomainStatuses").statuses
    return render_template("toolbox/values.html", values=values, domains=domains, statuses=list(statuses)[-10:][::-1],
                           form=form or {}, errors=errors or {}, today=date.today().isoformat(),
                           **_common()), status


@toolbox_portal.get("/values")
@owner_page
def values():
    return _values_page()


@toolbox_portal.post("/values/add")
@owner_page
def add_value():
    text = request.form.get("text", "").strip()
    try:
        tb("AddValue", text=text)
    except grpc.RpcError as error:
        _field, message = form_problem(error)
        return _values_page({"text": text}, {"value": message}, 400)
    flash(_("Saved."), "success")
    return redirect(url_for("toolbox.values"))


@toolbox_portal.post("/values/<value_id>/delete")
@owner_page
def delete_value(value_id: str):
    tb("DeleteValue", id=_id(value_id))
    flash(_("Deleted."), "success")
    return redirect(url_for("toolbox.values"))


@toolbox_portal.post("/domains/add")
@owner_page
def add_domain():
    name = request.form.get("name", "").strip()
    try:
        tb("CreateLifeDomain", name=name)
    except grpc.RpcError as error:
        _field, message = form_problem(error)
        return _values_page({"domain_name": name}, {"domain_name": message}, 400)
    flash(_("Saved."), "success")
    return redirect(url_for("toolbox.values"))


@toolbox_portal.post("/domains/<domain_id>/delete")
@owner_page
def delete_domain(domain_id: str):
    tb("DeleteLifeDomain", id=_id(domain_id))
    flash(_("Deleted."), "success")
    return redirect(url_for("toolbox.values"))


@toolbox_portal.post("/domains/status")
@owner_page
def record_status():
    form = {key: request.form.get(key, "").strip() for key in ("domain", "text", "rating", "recorded_on")}
    rating = int(form["rating"]) if form["rating"].isdigit() else 0
    try:
        tb("RecordDomainStatus", domain=form["domain"], text=form["text"], rating=rating,
           recorded_on=form["recorded_on"])
    except grpc.RpcError as error:
        field, message = form_problem(error)
        return _values_page(form, {f"status_{field}": message, "status": message}, 400)
    flash(_("Saved."), "success")
    return redirect(url_for("toolbox.values"))


# -- goals ----------------------------------------------------------------------------------------


def _goals_page(form=None, errors=None, status: int = 200):
    goals = tb("ListGoals", include_closed=True).goals
    domains = tb("ListLifeDomains").domains
    return render_template("toolbox/goals.html", active=[g_ for g_ in goals if g_.status == "active"],
                           closed=[g_ for g_ in goals if g_.status != "active"], domains=domains,
                           form=form or {}, errors=errors or {}, **_common()), status


@toolbox_portal.get("/goals")
@owner_page
def goals():
    return _goals_page()


@toolbox_portal.post("/goals")
@owner_page
def create_goal():
    form = {key: request.form.get(key, "").strip() for key in ("title", "domain", "description", "target_date", "steps")}
    steps = [pb.AddStepRequest(text=line.strip()) for line in form["steps"].splitlines() if line.strip()]
    try:
        tb("CreateGoal", domain=form["domain"], title=form["title"], description=form["description"],
           target_date=form["target_date"], steps=steps)
    except grpc.RpcError as error:
        field, message = form_problem(error)
        return _goals_page(form, {field.split(".")[0] or "title": message}, 400)
    flash(_("Your goal is saved."), "success")
    return redirect(url_for("toolbox.goals"))


@toolbox_portal.post("/goals/<goal_id>/status")
@owner_page
def goal_status(goal_id: str):
    goal = tb("GetGoal", id=_id(goal_id))
    status = request.form.get("status", "")
    if status not in ("active", "completed", "dropped"):
        abort(400)
    tb("UpdateGoal", id=goal.id, domain=goal.domain, title=goal.title, description=goal.description,
       target_date=goal.target_date, status=status)
    flash(_("Well done! The goal is completed.") if status == "completed" else _("Saved."), "success")
    return redirect(url_for("toolbox.goals"))


@toolbox_portal.post("/goals/<goal_id>/delete")
@owner_page
def delete_goal(goal_id: str):
    tb("DeleteGoal", id=_id(goal_id))
    flash(_("Deleted."), "success")
    return redirect(url_for("toolbox.goals"))


@toolbox_portal.post("/goals/<goal_id>/steps")
@owner_page
def add_step(goal_id: str):
    text = request.form.get("text", "").strip()
    try:
        tb("AddStep", goal_id=_id(goal_id), text=text)
    except grpc.RpcError as error:
        _field, message = form_problem(error)
        flash(message, "error")
    return redirect(url_for("toolbox.goals", _anchor=f"goal-{goal_id}"))


@toolbox_portal.post("/steps/<step_id>")
@owner_page
def update_step(step_id: str):
    status = request.form.get("status", "")
    if status not in ("todo", "doing", "done"):
        abort(400)
    goal = tb("UpdateStep", id=_id(step_id), text=request.form.get("text", ""),
              due_date=request.form.get("due_date", ""), status=status)
    return redirect(url_for("toolbox.goals", _anchor=f"goal-{goal.id}"))


# -- activity plan -------------------------------------------------------------------------------


def _activities_page(form=None, errors=None, feed_url: str = "", status: int = 200):
    today = date.today()
    window = pb.ListOccurrencesRequest(to=(today + timedelta(days=ACTIVITY_DAYS)).isoformat())
    setattr(window, "from", today.isoformat())
    occurrences = call(lambda token: toolbox().call("ListOccurrences", token, request=window)).occurrences
    days: dict[str, list] = {}
    for occurrence in occurrences:
        days.setdefault(occurrence.date, []).append(occurrence)
    activities = tb("ListActivities").activities
    feeds = [f for f in tb("ListCalendarFeeds").feeds if not f.HasField("revoked_at") or not f.revoked_at.seconds]
    goals = [g_ for g_ in tb("ListGoals").goals]
    return render_template("toolbox/activities.html", days=days, activities=activities, feeds=feeds, goals=goals,
                           form=form or {"starts_on": today.isoformat(), "repeat": "none"}, errors=errors or {},
                           feed_url=feed_url, repeats=REPEATS, **_common()), status


@toolbox_portal.get("/activities")
@owner_page
def activities():
    return _activities_page()


@toolbox_portal.post("/activities")
@owner_page
def create_activity():
    keys = ("title", "notes", "starts_on", "start_time", "duration_minutes", "repeat", "repeat_until", "goal_id")
    form = {key: request.form.get(key, "").strip() for key in keys}
    duration = int(form["duration_minutes"]) if form["duration_minutes"].isdigit() else 0
    activity = pb.ActivityInput(title=form["title"], notes=form["notes"], starts_on=form["starts_on"],
                                start_time=form["start_time"], duration_minutes=duration, repeat=form["repeat"],
                                repeat_until=form["repeat_until"], goal_id=form["goal_id"])
    try:
        tb("CreateActivity", activity=activity)
    except grpc.RpcError as error:
        field, message = form_problem(error)
        return _activities_page(form, {field or "title": message}, status=400)
    flash(_("The activity is in your plan."), "success")
    return redirect(url_for("toolbox.activities"))


@toolbox_portal.post("/activities/<activity_id>/delete")
@owner_page
def delete_activity(activity_id: str):
    tb("DeleteActivity", id=_id(activity_id))
    flash(_("Deleted."), "success")
    return redirect(url_for("toolbox.activities"))


@toolbox_portal.post("/activities/<activity_id>/done")
@owner_page
def mark_done(activity_id: str):
    day = request.form.get("date", "")
    if not _DAY.match(day):
        abort(400)
    done = request.form.get("done") == "yes"
    tb("MarkDone", activity_id=_id(activity_id), date=day, done=done)
    return redirect(url_for("toolbox.activities", _anchor=f"day-{day}"))


@toolbox_portal.post("/activities/feed")
@owner_page
def create_feed():
    feed = tb("CreateCalendarFeed", show_titles=request.form.get("show_titles") == "yes")
    # Shown once, on this page (not put in the session cookie): only its hash is kept.
    url = request.host_url.rstrip("/") + url_for("calendar_feeds.toolbox_feed", token=feed.token)
    return _activities_page(feed_url=url)


@toolbox_portal.post("/activities/feed/<feed_id>/revoke")
@owner_page
def revoke_feed(feed_id: str):
    tb("RevokeCalendarFeed", id=_id(feed_id))
    flash(_("The calendar address no longer works."), "success")
    return redirect(url_for("toolbox.activities"))


# -- network map -------------------------------------------------------------------------------------


def _network_page(form=None, errors=None, status: int = 200):
    members = tb("ListNetwork").members
    picture = Markup(network_svg(members, title=_("My network map"), me=_("Me"), standalone=False))
    by_circle = {circle: [m for m in members if m.circle == circle] for circle in CIRCLES}
    return render_template("toolbox/network.html", picture=picture, by_circle=by_circle, form=form or {},
                           errors=errors or {}, circles=CIRCLES, **_common()), status


@toolbox_portal.get("/network")
@owner_page
def network():
    return _network_page()


@toolbox_portal.post("/network")
@owner_page
def add_member():
    form = {key: request.form.get(key, "").strip() for key in ("name", "kind", "relation", "circle",
                                                                 "can_help_with", "contact")}
    try:
        tb("AddNetworkMember", member=pb.NetworkMemberInput(**form))
    except grpc.RpcError as error:
        field, message = form_problem(error)
        return _network_page(form, {field or "name": message}, 400)
    flash(_("Saved."), "success")
    return redirect(url_for("toolbox.network"))


@toolbox_portal.post("/network/<member_id>/delete")
@owner_page
def delete_member(member_id: str):
    tb("DeleteNetworkMember", id=_id(member_id))
    flash(_("Deleted."), "success")
    return redirect(url_for("toolbox.network"))


# -- crisis plan ----------------------------------------------------------------------------------------


def _current_plan():
    try:
        return tb("GetCrisisPlan")
    except grpc.RpcError as error:
        if error.code() != grpc.StatusCode.NOT_FOUND:
            raise
        return None


def _plan_form(plan) -> dict:
    form: dict = {}
    for name in PLAN_TEXT_LISTS:
        form[name] = "\n".join(getattr(plan, name)) if plan is not None else ""
    for name in PLAN_CONTACT_LISTS:
        rows = [{"name": c.name, "phone": c.phone, "note": c.note} for c in getattr(plan, name)] if plan else []
        form[name] = rows + [{"name": "", "phone": "", "note": ""} for _ in range(PLAN_EXTRA_ROWS)]
    return form


def _plan_from_form() -> tuple[dict, pb.CrisisPlan]:
    form: dict = {}
    plan = pb.CrisisPlan()
    for name in PLAN_TEXT_LISTS:
        text = request.form.get(name, "")
        form[name] = text
        getattr(plan, name).extend(line.strip() for line in text.splitlines() if line.strip())
    for name in PLAN_CONTACT_LISTS:
        rows = []
        names = request.form.getlist(f"{name}.name")
        phones = request.form.getlist(f"{name}.phone")
        notes = request.form.getlist(f"{name}.note")
        for index in range(min(len(names), 40)):
            row = {"name": names[index].strip(), "phone": phones[index].strip() if index < len(phones) else "",
                   "note": notes[index].strip() if index < len(notes) else ""}
            rows.append(row)
            if any(row.values()):
                getattr(plan, name).append(pb.PlanContact(**row))
        form[name] = rows + [{"name": "", "phone": "", "note": ""}] * (1 if all(any(r.values()) for r in rows) else 0)
    return form, plan


@toolbox_portal.get("/crisis-plan")
@owner_page
def crisis_plan():
    current = _current_plan()
    return render_template("toolbox/crisis_plan.html", current=current, steps=PLAN_STEPS,
                           step_names=plan_step_names(), print_view=False, **_common())


@toolbox_portal.get("/crisis-plan/print")
@owner_page
def crisis_plan_print():
    current = _current_plan()
    return render_template("toolbox/crisis_plan.html", current=current, steps=PLAN_STEPS,
                           step_names=plan_step_names(), print_view=True, **_common())


@toolbox_portal.route("/crisis-plan/edit", methods=["GET", "POST"])
@owner_page
def edit_crisis_plan():
    if request.method == "GET":
        return render_template("toolbox/crisis_plan_edit.html", form=_plan_form(_current_plan()), errors={},
                               steps=PLAN_STEPS, step_names=plan_step_names(), contact_lists=PLAN_CONTACT_LISTS)
    form, plan = _plan_from_form()
    try:
        tb("SaveCrisisPlan", plan=plan)
    except grpc.RpcError as error:
        field, message = form_problem(error)
        errors = {field.split(".")[0] or "plan": message, "form": message}
        return render_template("toolbox/crisis_plan_edit.html", form=form, errors=errors, steps=PLAN_STEPS,
                               step_names=plan_step_names(), contact_lists=PLAN_CONTACT_LISTS), 400
    flash(_("Your crisis plan is saved."), "success")
    return redirect(url_for("toolbox.crisis_plan"))


# -- exercises ------------------------------------------------------------------------------------------


def _exercises_page(form=None, errors=None, status: int = 200):
    curator = bool(set(g.account.roles) & CURATOR_ROLES)
    catalogue = tb("ListExercises", include_archived=curator).exercises
    owner = ipb.ROLE_SERVICE_USER in g.account.roles
    log = tb("ListExerciseLog").entries if owner else []
    grouped = {c: [e for e in catalogue if e.category == c] for c in EXERCISE_CATEGORIES}
    english = str(get_locale() or "nb") == "en"
    return render_template("toolbox/exercises.html", grouped=grouped, log=log, owner=owner, curator=curator,
                           english=english, form=form or {}, errors=errors or {},
                           categories=EXERCISE_CATEGORIES, **_common()), status


@toolbox_portal.get("/exercises")
@member_page
def exercises():
    return _exercises_page()


@toolbox_portal.post("/exercises/<exercise_id>/log")
@owner_page
def log_exercise(exercise_id: str):
    raw = request.form.get("feeling", "")
    feeling = int(raw) if raw.isdigit() else 0
    try:
        tb("LogExercise", exercise_id=_id(exercise_id), feeling=feeling, note=request.form.get("note", "").strip())
    except grpc.RpcError as error:
        _field, message = form_problem(error)
        if _field == "feeling":
            message = _("Choose how it felt, from 1 to 5.")
        flash(message, "error")
        return redirect(url_for("toolbox.exercises", _anchor=f"exercise-{exercise_id}"))
    flash(_("Logged. Well done for taking the time."), "success")
    return redirect(url_for("toolbox.exercises", _anchor="log"))


@toolbox_portal.post("/exercises")
@member_page
def create_exercise():
    keys = ("category", "title_nb", "title_en", "body_nb", "body_en", "duration_minutes")
    form = {key: request.form.get(key, "").strip() for key in keys}
    duration = int(form["duration_minutes"]) if form["duration_minutes"].isdigit() else 0
    exercise = pb.ExerciseInput(category=form["category"], title_nb=form["title_nb"], title_en=form["title_en"],
                                body_nb=form["body_nb"], body_en=form["body_en"], duration_minutes=duration)
    try:
        tb("CreateExercise", exercise=exercise)
    except grpc.RpcError as error:
        if error.code() == grpc.StatusCode.PERMISSION_DENIED:
            abort(403)
        field, message = form_problem(error)
        return _exercises_page(form, {field or "title_nb": message}, 400)
    flash(_("The exercise is published."), "success")
    return redirect(url_for("toolbox.exercises"))


# -- medications ---------------------------------------------------------------------------------------

MEDICATION_FIELDS = ("name", "strength", "dose", "schedule", "purpose", "prescriber", "started_on", "stopped_on",
                     "notes")


def _medications_page(form=None, errors=None, status: int = 200):
    medications = tb("ListMedications").medications
    return render_template("toolbox/medications.html", medications=medications, form=form or {},
                           errors=errors or {}), status


@toolbox_portal.get("/medications")
@owner_page
def medications():
    return _medications_page()


@toolbox_portal.post("/medications")
@owner_page
def add_medication():
    form = {key: request.form.get(key, "").strip() for key in MEDICATION_FIELDS}
    try:
        tb("AddMedication", medication=pb.MedicationInput(**form))
    except grpc.RpcError as error:
        field, message = form_problem(error)
        return _medications_page(form, {field or "name": message}, 400)
    flash(_("Saved."), "success")
    return redirect(url_for("toolbox.medications"))


@toolbox_portal.post("/medications/<medication_id>/delete")
@owner_page
def delete_medication(medication_id: str):
    tb("DeleteMedication", id=_id(medication_id))
    flash(_("Deleted."), "success")
    return redirect(url_for("toolbox.medications"))


# -- information and local links ---------------------------------------------------------------------------


@toolbox_portal.get("/info")
@member_page
def info():
    language = str(get_locale() or "nb")
    items = tb("ListInfoItems", language=language).items
    grouped = {c: [i for i in items if i.category == c] for c in info_category_names()}
    return render_template("toolbox/info.html", grouped=grouped, names=info_category_names())


# -- sharing ---------------------------------------------------------------------------------------------


def _providers() -> dict[str, str]:
    relationships = call(lambda token: identity().list_care_relationships(token))
    return {r.provider_id: r.provider_pseudonym or _("Health provider") for r in relationships}


@toolbox_portal.get("/sharing")
@owner_page
def sharing():
    providers = _providers()
    shares = tb("ListShares").shares
    shared: dict[str, set[str]] = {}
    for share in shares:
        shared.setdefault(share.provider_id, set()).add(share.section)
    log = tb("ListAccessLog", limit=100).entries
    return render_template("toolbox/sharing.html", providers=providers, shared=shared, sections=SECTIONS,
                           log=log, **_common())


@toolbox_portal.post("/sharing/<provider_id>")
@owner_page
def update_sharing(provider_id: str):
    provider_id = _id(provider_id)
    if provider_id not in _providers():
        abort(404)
    wanted = [s for s in request.form.getlist("section") if s in SECTIONS]
    current = {s.section for s in tb("ListShares").shares if s.provider_id == provider_id}
    stop = sorted(current - set(wanted))
    start = [s for s in wanted if s not in current]
    if stop:
        tb("RevokeShare", provider_id=provider_id, sections=stop)
    if start:
        tb("GrantShare", provider_id=provider_id, sections=start)
    flash(_("What you share is saved.") if wanted else _("You no longer share anything with this provider."),
          "success")
    return redirect(url_for("toolbox.sharing"))


# -- export and erasure ---------------------------------------------------------------------------------------


@toolbox_portal.get("/export")
@owner_page
def export():
    return call(export_response)


@toolbox_portal.post("/erase")
@owner_page
def erase():
    if request.form.get("confirm") != "yes":
        flash(_("Tick the box to confirm that everything in your toolbox should be deleted."), "error")
        return redirect(url_for("toolbox.home"))
    tb("EraseMyToolbox")
    flash(_("Everything in your toolbox is deleted."), "success")
    return redirect(url_for("toolbox.home"))


# -- what is shared with a provider --------------------------------------------------------------------------


@toolbox_portal.get("/shared")
@provider_page
def shared_with_me():
    users = tb("ListSharedWithMe").users
    return render_template("toolbox/shared_with_me.html", users=users, **_common())


@toolbox_portal.get("/shared/<owner_id>/<section>")
@provider_page
def shared_section(owner_id: str, section: str):
    if section not in SECTIONS:
        abort(404)
    try:
        shared = tb("GetSharedSection", service_user_id=_id(owner_id), section=section)
    except grpc.RpcError as error:
        if error.code() != grpc.StatusCode.NOT_FOUND:
            raise
        abort(404)
    users = {u.service_user_id: u.service_user_pseudonym for u in tb("ListSharedWithMe").users}
    picture = None
    if section == "network_map":
        picture = Markup(network_svg(shared.network, title=_("Network map"), me=users.get(owner_id, ""),
                                     standalone=False))
    return render_template("toolbox/shared_section.html", shared=shared, section=section,
                           pseudonym=users.get(owner_id, ""), picture=picture, steps=PLAN_STEPS,
                           step_names=plan_step_names(), **_common())
