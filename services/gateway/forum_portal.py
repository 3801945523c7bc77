"""The forum in the web portal: spaces and categories, threads, replies, reactions, the
check for identifying details, search, the moderators' queue, circles and reveals.

Server-rendered and usable without JavaScript: every action is a small form with a CSRF
token. The forum and identity decide what the person may see and do; these views turn
their answers into pages. When a draft is held back because it holds details that could
identify someone, the form comes back with the text kept, the details named and quoted,
and a "Post anyway" button. Crisis help from a post's answer is shown to its author only,
once, on the next page; nothing public marks the post.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC
from zoneinfo import ZoneInfo

import grpc
from babel.dates import format_datetime
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _

from reconnect.identity.v1 import identity_pb2 as ipb
from services.gateway.forum_client import REACTION_KINDS, ForumClient
from services.gateway.portal import call, identity, role_page
from services.kit.errors import details_from_rpc_error

forum_portal = Blueprint("forum", __name__, url_prefix="/forum")

MEMBER_ROLES = {ipb.ROLE_SERVICE_USER, ipb.ROLE_HEALTH_PROVIDER, ipb.ROLE_PEER_MODERATOR}
# Who can reveal a name and belong to circles (identity's rule).
PEER_ROLES = {ipb.ROLE_SERVICE_USER, ipb.ROLE_PEER_MODERATOR}
CRISIS_HELP_KEY = "crisis_help"
_ID = re.compile(r"^[A-Za-z0-9-]{1,100}$")


def forum() -> ForumClient:
    return current_app.extensions["reconnect_forum"]


def _rpc_reason(error: grpc.RpcError) -> tuple[str, str]:
    return details_from_rpc_error(error)


def _finding_kinds() -> dict[str, str]:
    return {
        "phone": _("Phone number"),
        "email": _("E-mail address"),
        "national_id": _("National ID number"),
        "address": _("Address"),
        "place": _("Place or institution"),
        "date_near_place": _("Date or time close to a place"),
    }


def reaction_names() -> dict[str, str]:
    return {
        "thanks": _("Thanks"),
        "hug": _("Hug"),
        "same_here": _("Same here"),
        "strength": _("Strength"),
    }


def _problem_text(reason: str, fallback: str) -> str:
    texts = {
        "too_short": _("The text is too short."),
        "too_long": _("The text is too long. Shorten it a little."),
        "national_id": _("This looks like a national ID number (fødselsnummer). It cannot be posted. Remove it and try again."),
        "locked": _("This thread is locked. No new replies can be posted."),
        "read_only": _("A moderator has made your account read-only for a while. You can read, but not write."),
        "moderator_required": _("Only the moderators of this forum can do that."),
        "edit_window_closed": _("Posts can only be changed in the first hour after posting."),
    }
    return texts.get(reason, fallback)


def _id(value: str) -> str:
    """An id from a form, before it goes into an address."""
    if not _ID.match(value or ""):
        abort(400)
    return value


# -- page helpers --------------------------------------------------------------------------


def forum_page(view):
    """A forum page: signed in, a member of the forum, with a pseudonym chosen."""

    @role_page(MEMBER_ROLES, "forum")
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if not g.account.pseudonym:
            flash(_("Choose a pseudonym first. In the forum, others see you only under your pseudonym."), "info")
            back = request.full_path.rstrip("?") if request.method == "GET" else url_for("forum.home")
            return redirect(url_for("portal.pseudonym", next=back))
        return view(*args, **kwargs)

    return wrapper


def is_peer() -> bool:
    return bool(set(g.account.roles) & PEER_ROLES)


def _spaces() -> list:
    return call(lambda token: forum().list_spaces(token))


def _find_category(category_id: str):
    """(space, category, all categories of the space), or a 404 page."""
    for space in _spaces():
        categories = call(lambda token, space_id=space.id: forum().list_categories(token, space_id))
        for category in categories:
            if category.id == category_id:
                return space, category, categories
    abort(404)


def _my_circles() -> list:
    if not is_peer():
        return []
    try:
        return list(call(lambda token: identity().list_circles(token)).circles)
    except grpc.RpcError as error:
        if error.code() == grpc.StatusCode.PERMISSION_DENIED:
            return []
        raise


def quoted_findings(findings, text: str) -> list[dict]:
    kinds = _finding_kinds()
    return [
        {"kind": f.kind, "label": kinds.get(f.kind, f.kind), "text": text[f.start:f.end]}
        for f in findings
    ]


def _remember_crisis_help(result) -> None:
    if result.crisis_help:
        session[CRISIS_HELP_KEY] = [[c.name, c.phone] for c in result.crisis_help]


@forum_portal.app_context_processor
def _crisis_help():
    """Shown once, on the page after posting, to the author only."""
    if CRISIS_HELP_KEY not in session:
        return {}
    contacts = session.pop(CRISIS_HELP_KEY, None) or []
    return {"crisis_help": [{"name": n, "phone": p, "tel": re.sub(r"[^0-9+]", "", p)} for n, p in contacts]}


@forum_portal.app_template_filter("when")
def _when(stamp) -> str:
    if stamp is None or not (stamp.seconds or stamp.nanos):
        return ""
    tenant = g.get("tenant")
    zone = ZoneInfo(tenant.time_zone if tenant is not None and tenant.time_zone else "Europe/Oslo")
    locale = str(get_locale() or "nb")
    pattern = "d. MMM y 'kl.' HH:mm" if locale == "nb" else "d MMM y, HH:mm"
    return format_datetime(stamp.ToDatetime(tzinfo=UTC), pattern, tzinfo=zone, locale=locale)


@forum_portal.app_template_filter("iso")
def _iso(stamp) -> str:
    if stamp is None or not (stamp.seconds or stamp.nanos):
        return ""
    return stamp.ToDatetime().strftime("%Y-%m-%dT%H:%M:%SZ")


# -- reading -----------------------------------------------------------------------------


@forum_portal.get("")
@forum_page
def home():
    spaces = []
    for space in _spaces():
        categories = call(lambda token, space_id=space.id: forum().list_categories(token, space_id))
        spaces.append({"space": space, "categories": categories})
    moderates = any(item["space"].i_moderate for item in spaces)
    return render_template("forum/home.html", spaces=spaces, moderates=moderates, account=g.account,
                           peer=is_peer())


@forum_portal.get("/categories/<category_id>")
@forum_page
def category(category_id: str):
    space, found, _categories = _find_category(category_id)
    page_token = request.args.get("page_token", "")
    try:
        page = call(lambda token: forum().list_threads(token, category_id, 0, page_token))
    except grpc.RpcError as error:
        if error.code() != grpc.StatusCode.INVALID_ARGUMENT:
            raise
        abort(404)  # a page token that is no longer (or never was) valid
    return render_template("forum/category.html", space=space, category=found, threads=page.threads,
                           next_page_token=page.next_page_token, first_page=not page_token)


def _thread_page(thread_id: str, *, draft: str = "", sensitive: bool = False, findings=None,
                 error: str = "", status: int = 200):
    page_token = request.args.get("page_token", "")
    try:
        reply = call(lambda token: forum().get_thread(token, thread_id, 0, page_token))
    except grpc.RpcError as error_:
        if error_.code() != grpc.StatusCode.INVALID_ARGUMENT:
            raise
        abort(404)
    thread = reply.thread
    spaces = {s.id: s for s in _spaces()}
    space = spaces.get(thread.space_id)
    categories = call(lambda token: forum().list_categories(token, thread.space_id))
    category = next((c for c in categories if c.id == thread.category_id), None)
    circles = _my_circles()
    circle = next((c for c in circles if c.id == thread.circle_id), None)
    return render_template(
        "forum/thread.html", thread=thread, posts=reply.posts, next_page_token=reply.next_page_token,
        first_page=not page_token, space=space, category=category, moderator=bool(space and space.i_moderate),
        peer=is_peer(), circles=circles, circle=circle, reactions=REACTION_KINDS, reaction_names=reaction_names(),
        draft=draft, sensitive=sensitive, findings=findings or [], error=error, me=g.account,
    ), status


@forum_portal.get("/threads/<thread_id>")
@forum_page
def thread(thread_id: str):
    return _thread_page(thread_id)


@forum_portal.get("/search")
@forum_page
def search():
    query = request.args.get("q", "").strip()[:200]
    page_token = request.args.get("page_token", "")
    hits, next_token, error = [], "", ""
    if query:
        try:
            result = call(lambda token: forum().search(token, query, 0, page_token))
            hits, next_token = result.hits, result.next_page_token
        except grpc.RpcError as rpc_error:
            if rpc_error.code() != grpc.StatusCode.INVALID_ARGUMENT:
                raise
            _field, reason = _rpc_reason(rpc_error)
            error = _("Search for at least one word of two letters or more.")
            if _field == "page_token":
                error = _("That page of results is no longer available. Search again.")
    return render_template("forum/search.html", query=query, hits=hits, next_page_token=next_token, error=error,
                           searched=bool(query)), (400 if error else 200)


# -- writing -----------------------------------------------------------------------------


@forum_portal.route("/categories/<category_id>/new", methods=["GET", "POST"])
@forum_page
def new_thread(category_id: str):
    space, found, _categories = _find_category(category_id)
    circles = _my_circles()
    form = {"title": "", "body": "", "sensitive": False, "circle_id": request.args.get("circle", "")}
    if request.method == "GET":
        return render_template("forum/new_thread.html", space=space, category=found, circles=circles, form=form,
                               errors={}, findings=[], title_findings=[])
    form = {
        "title": request.form.get("title", "").strip(),
        "body": request.form.get("body", "").strip(),
        "sensitive": request.form.get("sensitive") == "yes",
        "circle_id": request.form.get("circle_id", ""),
    }
    errors = {}
    if not form["title"]:
        errors["title"] = _("Write a title.")
    if not form["body"]:
        errors["body"] = _("Write something in the post.")
    if form["circle_id"] and form["circle_id"] not in {c.id for c in circles}:
        errors["circle_id"] = _("Choose one of your circles.")

    def again(status: int, findings=(), title_findings=()):
        return render_template(
            "forum/new_thread.html", space=space, category=found, circles=circles, form=form, errors=errors,
            findings=quoted_findings(findings, form["body"]), title_findings=quoted_findings(title_findings, form["title"]),
        ), status

    if errors:
        return again(400)
    try:
        result = call(lambda token: forum().create_thread(
            token, category_id=category_id, title=form["title"], body=form["body"], circle_id=form["circle_id"],
            sensitive=form["sensitive"], post_anyway=request.form.get("post_anyway") == "yes",
        ))
    except grpc.RpcError as error:
        redirect_to = _writing_error(error, errors)
        if redirect_to:
            return redirect_to
        return again(400)
    if not result.published:
        return again(200, result.findings, result.title_findings)
    _remember_crisis_help(result)
    flash(_("Your thread is published."), "success")
    return redirect(url_for("forum.thread", thread_id=result.thread.id))


def _writing_error(error: grpc.RpcError, errors: dict):
    """Put a service's refusal next to the field it names; a redirect when there is nothing to fix here."""
    field, reason = _rpc_reason(error)
    if error.code() == grpc.StatusCode.FAILED_PRECONDITION and reason == "pseudonym_required":
        return redirect(url_for("portal.pseudonym", next=url_for("forum.home")))
    if error.code() == grpc.StatusCode.INVALID_ARGUMENT and field in ("title", "body"):
        errors[field] = _problem_text(reason, error.details() or _("Check this field."))
        return None
    if error.code() in (grpc.StatusCode.FAILED_PRECONDITION, grpc.StatusCode.PERMISSION_DENIED):
        errors["form"] = _problem_text(reason, _("That is not possible right now."))
        return None
    raise error


@forum_portal.post("/threads/<thread_id>/reply")
@forum_page
def reply(thread_id: str):
    body = request.form.get("body", "").strip()
    sensitive = request.form.get("sensitive") == "yes"
    if not body:
        return _thread_page(thread_id, draft=body, sensitive=sensitive, error=_("Write something in the reply."),
                            status=400)
    try:
        result = call(lambda token: forum().reply(
            token, thread_id=thread_id, body=body, sensitive=sensitive,
            post_anyway=request.form.get("post_anyway") == "yes",
        ))
    except grpc.RpcError as error:
        errors: dict = {}
        redirect_to = _writing_error(error, errors)
        if redirect_to:
            return redirect_to
        message = errors.get("body") or errors.get("form") or ""
        return _thread_page(thread_id, draft=body, sensitive=sensitive, error=message, status=400)
    if not result.published:
        return _thread_page(thread_id, draft=body, sensitive=sensitive, findings=quoted_findings(result.findings, body))
    _remember_crisis_help(result)
    flash(_("Your reply is published."), "success")
    return redirect(url_for("forum.thread", thread_id=thread_id, _anchor=f"post-{result.post.id}"))


@forum_portal.post("/posts/<post_id>/react")
@forum_page
def react(post_id: str):
    kind = request.form.get("kind", "")
    if kind not in REACTION_KINDS:
        abort(400)
    on = request.form.get("on") == "yes"
    post = call(lambda token: forum().react(token, post_id, kind, on))
    return redirect(url_for("forum.thread", thread_id=post.thread_id, _anchor=f"post-{post.id}"))


@forum_portal.post("/posts/<post_id>/flag")
@forum_page
def flag(post_id: str):
    thread_id = _id(request.form.get("thread_id", ""))
    reason = request.form.get("reason", "").strip()
    try:
        call(lambda token: forum().flag(token, post_id, reason))
    except grpc.RpcError as error:
        if error.code() != grpc.StatusCode.INVALID_ARGUMENT:
            raise
        flash(_("Say in a few words what the moderator should look at (at least 3 characters)."), "error")
        return redirect(url_for("forum.thread", thread_id=thread_id, _anchor=f"post-{post_id}"))
    flash(_("Thank you. A moderator will look at the post."), "success")
    return redirect(url_for("forum.thread", thread_id=thread_id, _anchor=f"post-{post_id}"))


# -- moderation ----------------------------------------------------------------------------


@forum_portal.get("/moderation")
@forum_page
def moderation():
    spaces = [s for s in _spaces() if s.i_moderate]
    if not spaces:
        return render_template("error.html", status=403, reason="moderators"), 403
    queues = []
    for space in spaces:
        items = call(lambda token, space_id=space.id: forum().moderation_queue(token, space_id))
        # The service puts crisis first already; keep it so even if that ever changes.
        queues.append({"space": space, "entries": sorted(items, key=lambda item: not item.crisis)})
    return render_template("forum/moderation.html", queues=queues)


@forum_portal.post("/moderation/flags/<flag_id>/resolve")
@forum_page
def resolve_flag(flag_id: str):
    call(lambda token: forum().resolve_flag(token, flag_id))
    flash(_("The flag is marked as dealt with."), "success")
    return redirect(url_for("forum.moderation"))


@forum_portal.post("/moderation/posts/<post_id>/hide")
@forum_page
def hide_post(post_id: str):
    reason = request.form.get("reason", "").strip()
    try:
        call(lambda token: forum().hide_post(token, post_id, True, reason))
    except grpc.RpcError as error:
        if error.code() != grpc.StatusCode.INVALID_ARGUMENT:
            raise
        flash(_("Give a reason for hiding the post (at least 3 characters). Its author will see it."), "error")
        return redirect(url_for("forum.moderation"))
    flash(_("The post is hidden."), "success")
    return redirect(url_for("forum.moderation"))


@forum_portal.post("/moderation/threads/<thread_id>/lock")
@forum_page
def lock_thread(thread_id: str):
    locked = request.form.get("locked", "yes") == "yes"
    call(lambda token: forum().lock_thread(token, thread_id, locked))
    flash(_("The thread is locked.") if locked else _("The thread is open for replies again."), "success")
    return redirect(local_back(url_for("forum.moderation")))


def local_back(fallback: str) -> str:
    target = request.form.get("back", "")
    return target if target.startswith("/forum") and "//" not in target and "\\" not in target else fallback


# -- circles and reveals -------------------------------------------------------------------


def _name_choice() -> tuple[str, str]:
    kind = request.form.get("name_kind", "")
    if kind not in ("first_name", "cafe_name"):
        kind = ""
    return kind, request.form.get("cafe_name", "").strip()


def _identity_problem(error: grpc.RpcError) -> str:
    field, _reason = _rpc_reason(error)
    if error.code() == grpc.StatusCode.FAILED_PRECONDITION and field == "name_kind":
        return _("We have no first name on record for you. Choose a café name instead.")
    if field == "cafe_name":
        return _("A café name has 2–40 characters and must not look like an e-mail address or phone number.")
    if field == "name_kind":
        return _("Choose which name to show: your first name or a café name.")
    if field == "name":
        return _("A circle's name has 2–60 characters.")
    if error.code() == grpc.StatusCode.ALREADY_EXISTS:
        return _("That person is already in the circle or invited.")
    if error.code() == grpc.StatusCode.NOT_FOUND:
        return _("We could not find that person or circle.")
    raise error


@forum_portal.route("/circles", methods=["GET", "POST"])
@forum_page
def circles():
    if request.method == "POST":
        name = request.form.get("name", "").strip()
        kind, cafe_name = _name_choice()
        if not kind:
            flash(_("Choose which name to show: your first name or a café name."), "error")
        else:
            try:
                call(lambda token: identity().create_circle(token, name, kind, cafe_name))
            except grpc.RpcError as error:
                flash(_identity_problem(error), "error")
            else:
                flash(_("Your circle is created. Invite people from their posts in the forum."), "success")
        return redirect(url_for("forum.circles"))
    listing = call(lambda token: identity().list_circles(token)) if is_peer() else None
    return render_template("forum/circles.html", circles=listing.circles if listing else [],
                           invitations=listing.invitations if listing else [], peer=is_peer())


@forum_portal.post("/circles/<circle_id>/answer")
@forum_page
def answer_circle(circle_id: str):
    accept = request.form.get("accept") == "yes"
    kind, cafe_name = _name_choice()
    if accept and not kind:
        flash(_("Choose which name to show: your first name or a café name."), "error")
        return redirect(url_for("forum.circles"))
    try:
        call(lambda token: identity().answer_circle_invitation(token, circle_id, accept, kind, cafe_name))
    except grpc.RpcError as error:
        flash(_identity_problem(error), "error")
        return redirect(url_for("forum.circles"))
    flash(_("You have joined the circle.") if accept else _("You have declined the invitation."), "success")
    return redirect(url_for("forum.circles"))


@forum_portal.post("/circles/<circle_id>/leave")
@forum_page
def leave_circle(circle_id: str):
    call(lambda token: identity().leave_circle(token, circle_id))
    flash(_("You have left the circle. Its members no longer see your name."), "success")
    return redirect(url_for("forum.circles"))


@forum_portal.post("/circles/<circle_id>/invite")
@forum_page
def invite_to_circle(circle_id: str):
    account_id = _id(request.form.get("account_id", ""))
    thread_id = _id(request.form.get("thread_id", ""))
    try:
        call(lambda token: identity().invite_to_circle(token, circle_id, account_id))
    except grpc.RpcError as error:
        flash(_identity_problem(error), "error")
    else:
        flash(_("The invitation is sent. They join when they accept it."), "success")
    return redirect(url_for("forum.thread", thread_id=thread_id))


@forum_portal.route("/reveals", methods=["GET", "POST"])
@forum_page
def reveals():
    if request.method == "POST":
        viewer_id = _id(request.form.get("viewer_id", ""))
        thread_id = _id(request.form.get("thread_id", ""))
        kind, cafe_name = _name_choice()
        if not kind:
            flash(_("Choose which name to show: your first name or a café name."), "error")
        else:
            try:
                shown = call(lambda token: identity().reveal_to(token, viewer_id, kind, cafe_name))
            except grpc.RpcError as error:
                flash(_identity_problem(error), "error")
            else:
                flash(_("%(pseudonym)s now sees your name as %(name)s. You can take it back under “Names I show”.",
                        pseudonym=shown.pseudonym, name=shown.name), "success")
        return redirect(url_for("forum.thread", thread_id=thread_id))
    listing = call(lambda token: identity().list_reveals(token)) if is_peer() else None
    return render_template("forum/reveals.html", given=listing.given if listing else [],
                           received=listing.received if listing else [], peer=is_peer())


@forum_portal.post("/reveals/<viewer_id>/revoke")
@forum_page
def revoke_reveal(viewer_id: str):
    try:
        call(lambda token: identity().revoke_reveal(token, viewer_id))
    except grpc.RpcError as error:
        if error.code() != grpc.StatusCode.NOT_FOUND:
            raise
    flash(_("Your name is no longer shown to that person."), "success")
    return redirect(url_for("forum.reveals"))
