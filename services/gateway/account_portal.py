"""The account pages of the portal: one's sign-ins (sessions), the second factor for staff
(set-up with a QR code, recovery codes, step-up), and asking to be forgotten (erasure)
with its progress. Also the code page of a staff password sign-in.

Identity decides everything; these views turn its answers into pages. Where identity
says a staff member's second factor is needed (reason ``second_factor_required``), the
app's error handler sends them to the step-up page (``step_up_redirect``), which brings
them back to where they were.

After erasure identity has ended every sign-in, so the person is signed out here too;
the erasure receipt identity gives once is kept in the browser's session cookie (until
the browser closes or someone signs in on it) and shown for them to keep, so the
progress page works without an account.
"""

from __future__ import annotations

import io
import logging

import grpc
import segno
from flask import (
    Blueprint,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from markupsafe import Markup

from services.gateway import portal_session
from services.gateway.portal import identity, local_target, signed_in_page, tenant_page, throttle
from services.kit.auth import STAFF_ROLES
from services.kit.errors import details_from_rpc_error

log = logging.getLogger(__name__)

account_portal = Blueprint("account", __name__)

ERASURE_RECEIPT = "erasure_receipt"
SECOND_FACTOR_REASON = "second_factor_required"
# What the person types to confirm erasure (besides the password), per language.
ERASE_WORDS = {"nb": "SLETT", "en": "ERASE"}


def _reason(error: grpc.RpcError) -> str:
    return details_from_rpc_error(error)[1]


# A page of one's own account (signed_in_page checks the session before the view runs).
account_page = signed_in_page


def _own_call(action):
    return portal_session.call(g.tenant.slug, action)


def is_staff() -> bool:
    return bool(portal_session.role_hint(g.tenant.slug) & STAFF_ROLES)


def service_names() -> dict[str, str]:
    return {
        "forum": _("Forum"),
        "messaging": _("Messages"),
        "toolbox": _("Toolbox"),
        "events": _("Cafés and activities"),
    }


def step_up_redirect():
    """For the app's error handler: identity wants a recent second factor for a staff power."""
    if request.method == "GET":
        back = request.full_path.rstrip("?")
    else:
        back = local_target(request.form.get("next", ""), url_for("portal.home"))
    flash(_("For this you need to confirm with your second factor."), "info")
    return redirect(url_for("account.step_up", next=back))


# -- overview and sessions ---------------------------------------------------------------------------


@account_portal.get("/account")
@account_page
def overview():
    account = _own_call(identity().get_me)
    return render_template("account/overview.html", account=account, staff=is_staff())


@account_portal.get("/account/sessions")
@account_page
def sessions():
    listed = _own_call(identity().list_sessions)
    return render_template("account/sessions.html", sessions=listed,
                           others=sum(1 for s in listed if not s.current))


@account_portal.post("/account/sessions/<session_id>/revoke")
@account_page
def revoke_session(session_id: str):
    listed = _own_call(identity().list_sessions)
    chosen = next((s for s in listed if s.id == session_id), None)
    if chosen is None:
        flash(_("That sign-in has already ended."), "info")
        return redirect(url_for("account.sessions"))
    _own_call(lambda token: identity().revoke_session(token, chosen.id))
    if chosen.current:
        # Ending this very sign-in is signing out.
        portal_session.sign_out()
        flash(_("You are signed out."), "info")
        return redirect(url_for("portal.login"))
    flash(_("The sign-in is ended. That device must sign in again."), "success")
    return redirect(url_for("account.sessions"))


@account_portal.post("/account/sessions/revoke-others")
@account_page
def revoke_other_sessions():
    ended = 0
    for listed in _own_call(identity().list_sessions):
        if listed.current:
            continue
        try:
            _own_call(lambda token, sid=listed.id: identity().revoke_session(token, sid))
            ended += 1
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.NOT_FOUND:
                raise  # NOT_FOUND: it ended by itself meanwhile
    flash(_("You are signed out everywhere else (%(count)s sign-ins ended).", count=ended), "success")
    return redirect(url_for("account.sessions"))


# -- the second factor ---------------------------------------------------------------------------


def _qr_svg(uri: str) -> Markup:
    """The otpauth address as an inline SVG QR code (no image request, nothing leaves the page)."""
    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", xmldecl=False, svgns=True, scale=5, border=4,
                                     dark="#000", light="#fff", svgclass="qr-code", lineclass=None,
                                     title=_("QR code for your authenticator app"))
    return Markup(out.getvalue().decode())  # noqa: S704 - segno's own SVG, no user input in it


@account_portal.get("/account/second-factor")
@account_page
def second_factor():
    after = local_target(request.args.get("next", ""), "")
    return render_template("account/second_factor.html", after=after, staff=is_staff())


@account_portal.post("/account/second-factor")
@account_page
def begin_second_factor():
    after = local_target(request.form.get("next", ""), "")
    try:
        setup = _own_call(identity().begin_totp_setup)
    except grpc.RpcError as error:
        if _reason(error) != "already_set_up":
            raise
        flash(_("You have already set up a second factor."), "info")
        return redirect(url_for("account.overview"))
    return render_template("account/second_factor_setup.html", qr=_qr_svg(setup.provisioning_uri),
                           secret=setup.secret, after=after, error="")


@account_portal.post("/account/second-factor/confirm")
@account_page
def confirm_second_factor():
    after = local_target(request.form.get("next", ""), "")
    code = request.form.get("code", "").strip().replace(" ", "")
    if not code:
        return render_template("account/second_factor_setup.html", qr=None, secret="", after=after,
                               error=_("Enter the 6-digit code from your authenticator app.")), 400
    try:
        confirmed = _own_call(lambda token: identity().confirm_totp_setup(token, code))
    except grpc.RpcError as error:
        reason = _reason(error)
        if reason == "bad_code":
            return render_template("account/second_factor_setup.html", qr=None, secret="", after=after,
                                   error=_("That code is not right. Check that the time on your phone is correct "
                                           "and enter the newest code.")), 400
        if reason in ("no_setup", "already_set_up"):
            flash(_("Start the set-up again."), "info")
            return redirect(url_for("account.second_factor"))
        raise
    portal_session.store_tokens(confirmed.tokens)
    log.info("second_factor_set_up", extra={"tenant": g.tenant.slug})
    # Shown in this answer only: nothing keeps them (identity stores only their hashes).
    return render_template("account/recovery_codes.html", codes=list(confirmed.recovery_codes), after=after)


@account_portal.route("/account/step-up", methods=["GET", "POST"])
@account_page
def step_up():
    after = local_target(request.values.get("next", ""), url_for("portal.home"))
    if request.method == "GET":
        return render_template("account/step_up.html", after=after, error="")
    code = request.form.get("code", "").strip().replace(" ", "")
    if not code:
        return render_template("account/step_up.html", after=after,
                               error=_("Enter the code from your authenticator app, or a recovery code.")), 400
    try:
        pair = _own_call(lambda token: identity().step_up(token, code))
    except grpc.RpcError as error:
        reason = _reason(error)
        if reason == "bad_second_factor":
            return render_template("account/step_up.html", after=after,
                                   error=_("That code is not right. Try the newest code, or a recovery code.")), 400
        if reason == "second_factor_not_set_up":
            flash(_("Set up a second factor first. It takes a minute with an authenticator app."), "info")
            return redirect(url_for("account.second_factor", next=after))
        raise
    portal_session.store_tokens(pair)
    flash(_("Confirmed. You can go on."), "success")
    return redirect(after)


@account_portal.route("/login/second-factor", methods=["GET", "POST"])
@tenant_page
def login_second_factor():
    held = portal_session.pending_login(g.tenant.slug)
    if held is None:
        flash(_("Please sign in."), "info")
        return redirect(url_for("portal.login"))
    if request.method == "GET":
        return render_template("account/login_second_factor.html", error="")
    username, password = held
    code = request.form.get("code", "").strip().replace(" ", "")
    if not code:
        return render_template("account/login_second_factor.html",
                               error=_("Enter the code from your authenticator app, or a recovery code.")), 400
    address = request.remote_addr or ""
    wait = throttle().retry_after(g.tenant.slug, username, address)
    if wait:
        message = _("Too many attempts. Wait %(seconds)s seconds and try again.", seconds=wait)
        return render_template("account/login_second_factor.html", error=message), 429, {"Retry-After": str(wait)}
    try:
        pair = identity().login_with_second_factor(g.tenant.slug, username, password, code)
    except grpc.RpcError as error:
        if error.code() not in (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.RESOURCE_EXHAUSTED):
            raise
        throttle().failed(g.tenant.slug, username, address)
        log.info("login_second_factor_failed", extra={"tenant": g.tenant.slug, "code": error.code().name})
        if error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED:
            portal_session.forget_pending_login()
            flash(_("Too many failed attempts. Wait a while and try again."), "info")
            return redirect(url_for("portal.login"))
        if _reason(error) != "bad_second_factor":
            # The password no longer works (changed, account deactivated): start over.
            portal_session.forget_pending_login()
            flash(_("Please sign in."), "info")
            return redirect(url_for("portal.login"))
        return render_template("account/login_second_factor.html",
                               error=_("That code is not right. Try the newest code, or a recovery code.")), 400
    portal_session.sign_in(g.tenant.slug, pair)
    return redirect(url_for("portal.home"))


# -- erasure ---------------------------------------------------------------------------------


def _erase_word() -> str:
    from flask_babel import get_locale

    return ERASE_WORDS.get(str(get_locale() or "nb"), ERASE_WORDS["nb"])


@account_portal.route("/account/erasure", methods=["GET", "POST"])
@account_page
def erasure():
    word = _erase_word()
    if request.method == "GET":
        return render_template("account/erasure.html", word=word, errors={})
    errors = {}
    typed = request.form.get("confirm", "").strip()
    password = request.form.get("password", "")
    if typed.upper() != word:
        errors["confirm"] = _("Type %(word)s to confirm.", word=word)
    if len(password) > 1024:
        errors["password"] = _("The password is not right.")
    if errors:
        return render_template("account/erasure.html", word=word, errors=errors), 400
    try:
        status = _own_call(lambda token: identity().request_erasure(token, password))
    except grpc.RpcError as error:
        if error.code() == grpc.StatusCode.UNAUTHENTICATED and _reason(error) == "bad_credentials":
            errors["password"] = _("The password is not right.")
            return render_template("account/erasure.html", word=word, errors=errors), 400
        raise
    # Identity has ended every sign-in of the account; end this one here too, and keep the
    # receipt in this browser so the progress page works without an account.
    portal_session.sign_out()
    session[ERASURE_RECEIPT] = status.receipt
    log.info("erasure_requested", extra={"tenant": g.tenant.slug})
    return redirect(url_for("account.erasure_progress"))


@account_portal.route("/account/erasure/progress", methods=["GET", "POST"])
@tenant_page
def erasure_progress():
    if request.method == "POST":
        # A receipt kept from before (another browser, a closed one): remembered here from now on.
        typed = request.form.get("receipt", "").strip()
        if not typed or len(typed) > 128:
            return render_template("account/erasure_progress.html", status=None, receipt="",
                                   error=_("Enter the receipt you were given."), names=service_names()), 400
        session[ERASURE_RECEIPT] = typed
        return redirect(url_for("account.erasure_progress"))
    receipt = session.get(ERASURE_RECEIPT, "")
    status = None
    error = ""
    if receipt:
        try:
            status = identity().erasure_status(receipt)
        except grpc.RpcError as failure:
            if failure.code() not in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT):
                raise
            session.pop(ERASURE_RECEIPT, None)
            receipt = ""
            error = _("We found no erasure with that receipt. Check it and try again.")
    return render_template("account/erasure_progress.html", status=status, receipt=receipt, error=error,
                           names=service_names())
