"""The web portal: server-rendered pages for signing in, the pseudonym and the terms.

Every form carries a CSRF token (Flask-WTF checks it app-wide). Identity decides what a
token allows; these views only turn its answers into pages.
"""

from __future__ import annotations

import functools
import logging

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
    session,
    url_for,
)
from flask_babel import gettext as _

from reconnect.identity.v1 import identity_pb2 as pb
from services.gateway import oidc_session, portal_session
from services.gateway.i18n import LANGUAGES
from services.gateway.identity_client import IdentityClient
from services.gateway.tenancy import current_tenant, tenant_named
from services.gateway.throttle import LoginThrottle
from services.kit.errors import details_from_rpc_error

log = logging.getLogger(__name__)

portal = Blueprint("portal", __name__)

LOGIN_FAILURE_CODES = (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.RESOURCE_EXHAUSTED)


def identity() -> IdentityClient:
    return current_app.extensions["reconnect_identity"]


def throttle() -> LoginThrottle:
    return current_app.extensions["reconnect_throttle"]


def pseudonym_problem(reason: str, fallback: str) -> str:
    """A person-friendly text for identity's reason; identity's own text when we have none."""
    texts = {
        "too_short": _("The pseudonym is too short. Use a few more letters or digits."),
        "too_long": _("The pseudonym is too long. Choose a shorter one."),
        "invalid_characters": _("Use only letters, digits, spaces, '.', '-', '_' or an apostrophe."),
        "looks_like_email": _("A pseudonym must not look like an e-mail address."),
        "looks_like_phone": _("A pseudonym must not look like a phone number."),
        "reserved": _("That pseudonym is reserved. Choose another one."),
        "already_exists": _("Someone already uses that pseudonym (or one that looks like it). Choose another one."),
        "taken": _("Someone already uses that pseudonym (or one that looks like it). Choose another one."),
    }
    return texts.get(reason, fallback)


def tenant_page(view):
    """A page of one municipality: 404 when the address names none we know."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        tenant = current_tenant()
        if tenant is None:
            abort(404)
        g.tenant = tenant
        return view(*args, **kwargs)

    return wrapper


def signed_in_page(view):
    """A page that needs a session; without one (or when it ran out) go to the login page."""

    @tenant_page
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        try:
            # Checked before the view runs, not only when it first asks a service: a page that
            # renders without a call must not show itself to someone signed out.
            portal_session.access_token(g.tenant.slug)
            return view(*args, **kwargs)
        except portal_session.SignedOut:
            flash(_("Please sign in."), "info")
            return redirect(url_for("portal.login"))

    return wrapper


def role_page(roles, reason: str, forbidden_template: str = "error.html"):
    """A page for signed-in people holding one of ``roles`` (g.account is theirs for the
    view); anyone else is told why not, with a 403."""
    wanted = set(roles)

    def decorate(view):
        @signed_in_page
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            g.account = call(identity().get_me)
            if not set(g.account.roles) & wanted:
                return render_template(forbidden_template, status=403, reason=reason), 403
            return view(*args, **kwargs)

        return wrapper

    return decorate


def call(action):
    return portal_session.call(g.tenant.slug, action)


def local_target(target: str, fallback: str = "/") -> str:
    """Only back to a page of this site."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    return target


def _tenant_links() -> list[dict]:
    settings = current_app.config["RECONNECT_SETTINGS"]
    host = request.host
    port = host.rsplit(":", 1)[1] if ":" in host and not host.endswith("]") else ""
    suffix = f":{port}" if port else ""
    return [
        {"name": tenant.name, "url": f"{request.scheme}://{tenant.slug}.{settings.base_domain}{suffix}/"}
        for tenant in sorted(identity().list_tenants(), key=lambda t: t.name)
    ]


@portal.get("/")
def home():
    if not tenant_named():
        return render_template("tenants.html", tenants=_tenant_links())
    return _home()


@signed_in_page
def _home():
    account = call(identity().get_me)
    consents = call(identity().list_consents)
    return render_template("home.html", account=account, terms_accepted=_terms_accepted(consents))


def _terms_accepted(consents) -> bool:
    return any(
        c.kind == pb.CONSENT_KIND_TERMS and not c.withdrawn and c.version == consents.current_terms_version
        for c in consents.consents
    )


@portal.route("/login", methods=["GET", "POST"])
@tenant_page
def login():
    # The choices come from identity: its OpenID providers for this municipality, and the
    # password form only where the municipality still allows it.
    providers, password_login = oidc_session.login_choices(g.tenant.slug)

    def page(errors: dict, username: str = "", status: int = 200, headers: dict | None = None):
        body = render_template("login.html", errors=errors, username=username, providers=providers,
                               password_login=password_login)
        return body, status, headers or {}

    if request.method == "GET":
        if portal_session.is_signed_in(g.tenant.slug):
            return redirect(url_for("portal.home"))
        return page({})
    if not password_login:
        return page({"form": _("Sign in with electronic ID here.")}, status=400)
    username = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    errors = {}
    if not username:
        errors["username"] = _("Enter your username.")
    if not password:
        errors["password"] = _("Enter your password.")
    if errors:
        return page(errors, username, 400)
    address = request.remote_addr or ""
    wait = throttle().retry_after(g.tenant.slug, username, address)
    if wait:
        log.info("login_throttled", extra={"tenant": g.tenant.slug})
        message = _("Too many attempts. Wait %(seconds)s seconds and try again.", seconds=wait)
        return page({"form": message}, username, 429, {"Retry-After": str(wait)})
    try:
        pair = identity().login(g.tenant.slug, username, password)
    except grpc.RpcError as error:
        if details_from_rpc_error(error)[1] == "password_login_disabled":
            # The municipality turned password sign-in off since the page was shown.
            return page({"form": _("Sign in with electronic ID here.")}, username, 400)
        if details_from_rpc_error(error)[1] == "second_factor_required":
            # Staff with a second factor set up: the code is asked for on a page of its own.
            portal_session.hold_for_second_factor(g.tenant.slug, username, password)
            return redirect(url_for("account.login_second_factor"))
        if error.code() not in LOGIN_FAILURE_CODES:
            raise
        throttle().failed(g.tenant.slug, username, address)
        log.info("login_failed", extra={"tenant": g.tenant.slug, "code": error.code().name})
        if error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED:
            return page({"form": _("Too many failed attempts. Wait a while and try again.")}, username, 429)
        return page({"form": _("Wrong username or password.")}, username, 400)
    portal_session.sign_in(g.tenant.slug, pair)
    return redirect(url_for("portal.home"))


@portal.post("/logout")
@tenant_page
def logout():
    # Read before signing out, which clears the session it comes from.
    provider_logout = oidc_session.provider_logout_target()
    portal_session.sign_out()
    flash(_("You are signed out."), "info")
    # Signed in with an OpenID provider: end the session there too; it sends the browser back to /login.
    return redirect(provider_logout or url_for("portal.login"))


@portal.route("/pseudonym", methods=["GET", "POST"])
@signed_in_page
def pseudonym():
    account = call(identity().get_me)
    # Where to go once it is saved (the forum sends people here first).
    after = local_target(request.values.get("next", ""), "")
    if request.method == "GET":
        return render_template("pseudonym.html", value=account.pseudonym, error="", account=account, after=after)
    value = request.form.get("pseudonym", "").strip()
    try:
        call(lambda token: identity().set_pseudonym(token, value))
    except grpc.RpcError as error:
        if error.code() not in (grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.ALREADY_EXISTS):
            raise
        _field, reason = details_from_rpc_error(error)
        message = pseudonym_problem(reason, error.details() or _("That pseudonym cannot be used."))
        return render_template("pseudonym.html", value=value, error=message, account=account, after=after), 400
    flash(_("Your pseudonym is saved."), "success")
    return redirect(after or url_for("portal.home"))


@portal.route("/terms", methods=["GET", "POST"])
@signed_in_page
def terms():
    consents = call(identity().list_consents)
    accepted = _terms_accepted(consents)
    # Where to go once they are accepted (writing a message sends people here first).
    after = local_target(request.values.get("next", ""), "")
    if request.method == "GET":
        return render_template("terms.html", accepted=accepted, version=consents.current_terms_version, error="",
                               after=after)
    if request.form.get("accept") != "yes":
        error = _("Tick the box to confirm that you have read the terms.")
        return render_template("terms.html", accepted=accepted, version=consents.current_terms_version,
                               error=error, after=after), 400
    # The version in force now, not one a stale form claims.
    call(lambda token: identity().give_consent(token, "terms", consents.current_terms_version))
    flash(_("Thank you. You have accepted the terms."), "success")
    return redirect(after or url_for("portal.home"))


@portal.post("/language")
def language():
    chosen = request.form.get("lang", "")
    if chosen in LANGUAGES:
        session["lang"] = chosen
    return redirect(local_target(request.form.get("next", "/")))
