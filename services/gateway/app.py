"""The gateway's Flask application factory."""

from __future__ import annotations

import logging
from pathlib import Path

import grpc
from flask import Flask, g, render_template, request
from flask_babel import Babel
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from services.gateway import middleware, portal_session
from services.gateway.account_api import account_api
from services.gateway.account_portal import SECOND_FACTOR_REASON, account_portal, step_up_redirect
from services.gateway.api import api
from services.gateway.forum_api import forum_api
from services.gateway.forum_client import ForumClient
from services.gateway.forum_portal import forum_portal
from services.gateway.health import probes
from services.gateway.i18n import LANGUAGES, select_locale
from services.gateway.identity_client import IdentityClient
from services.gateway.lifecycle_api import lifecycle_api
from services.gateway.lifecycle_portal import lifecycle_portal
from services.gateway.messaging_api import messaging_api
from services.gateway.messaging_client import MessagingClient
from services.gateway.messaging_portal import messages_portal, notifications_portal
from services.gateway.notification_stream import slots_for
from services.gateway.oidc_client import OidcClient
from services.gateway.oidc_portal import oidc_portal
from services.gateway.openapi import docs
from services.gateway.portal import portal
from services.gateway.portal_session import is_signed_in
from services.gateway.problems import Problem, from_rpc_error, internal_error
from services.gateway.settings import GatewaySettings
from services.gateway.tenancy import TenantCache
from services.gateway.throttle import LoginThrottle
from services.gateway.toolbox_wiring import install_toolbox_and_cafes
from services.kit.config import load

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
MAX_BODY_BYTES = 64 * 1024


def _is_api() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


def create_app(settings: GatewaySettings | None = None) -> Flask:
    settings = settings or load(GatewaySettings)
    app = Flask(__name__, template_folder=str(HERE / "templates"), static_folder=str(HERE / "static"))
    app.config.update(
        RECONNECT_SETTINGS=settings,
        SECRET_KEY=settings.secret_key.get_secret_value(),
        SESSION_COOKIE_NAME="reconnect_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.environment not in ("local", "test"),
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
        # The Referer check of Flask-WTF cannot work with Referrer-Policy: no-referrer;
        # the token plus SameSite=Lax cookies carry the protection.
        WTF_CSRF_SSL_STRICT=False,
        BABEL_DEFAULT_LOCALE="nb",
    )
    identity = IdentityClient(settings.identity_address)
    app.extensions["reconnect_identity"] = identity
    app.extensions["reconnect_forum"] = ForumClient(settings.forum_address)
    app.extensions["reconnect_messaging"] = MessagingClient(settings.messaging_address)
    app.extensions["reconnect_streams"] = slots_for(settings)
    app.extensions["reconnect_tenants"] = TenantCache(identity.get_tenant)
    app.extensions["reconnect_oidc"] = OidcClient(settings.oidc_timeout_seconds, settings.oidc_discovery_ttl_seconds)
    app.extensions["reconnect_throttle"] = LoginThrottle(
        settings.login_failures_per_window, settings.login_window_seconds, settings.rate_limit_store
    )

    Babel(app, locale_selector=select_locale, default_translation_directories=str(HERE / "translations"))
    csrf = CSRFProtect(app)
    csrf.exempt(api)  # bearer tokens, not cookies: nothing for a forged form to ride on
    csrf.exempt(forum_api)
    csrf.exempt(messaging_api)
    csrf.exempt(lifecycle_api)
    csrf.exempt(account_api)

    middleware.install(app, https_only=settings.environment == "production")
    portal_session.install(app, settings.portal_idle_minutes, settings.portal_absolute_hours)
    app.register_blueprint(probes)
    app.register_blueprint(docs)
    app.register_blueprint(api)
    app.register_blueprint(forum_api)
    app.register_blueprint(messaging_api)
    app.register_blueprint(lifecycle_api)
    app.register_blueprint(account_api)
    app.register_blueprint(portal)
    app.register_blueprint(oidc_portal)
    app.register_blueprint(forum_portal)
    app.register_blueprint(messages_portal)
    app.register_blueprint(notifications_portal)
    app.register_blueprint(lifecycle_portal)
    app.register_blueprint(account_portal)
    install_toolbox_and_cafes(app, settings, csrf)
    _install_error_pages(app)

    @app.context_processor
    def _page_globals():
        from flask_babel import get_locale

        tenant = g.get("tenant")
        return {
            "lang": str(get_locale() or "nb"),
            "languages": LANGUAGES,
            "tenant": tenant,
            "signed_in": tenant is not None and is_signed_in(tenant.slug),
        }

    return app


def _install_error_pages(app: Flask) -> None:
    @app.errorhandler(Problem)
    def _problem(problem: Problem):
        return problem.response()

    @app.errorhandler(CSRFError)
    def _csrf(_error: CSRFError):
        if _is_api():
            return Problem(400, "csrf", "Missing form token").response()
        return render_template("error.html", status=400, reason="csrf"), 400

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if _is_api():
            problem = Problem(error.code or 500, (error.name or "error").lower().replace(" ", "-"),
                              error.name or "Error", error.description or "")
            if error.code == 405:
                allowed = error.get_response().headers.get("Allow")
                if allowed:
                    problem.headers["Allow"] = allowed
            return problem.response()
        return render_template("error.html", status=error.code, reason="http"), error.code

    @app.errorhandler(grpc.RpcError)
    def _rpc(error: grpc.RpcError):
        problem = from_rpc_error(error)
        if _is_api():
            return problem.response()
        if problem.reason == SECOND_FACTOR_REASON and problem.status == 403:
            # A staff power without a recent second factor: confirm it, then come back.
            return step_up_redirect()
        log.warning("upstream_error", extra={"code": error.code().name if hasattr(error, "code") else "?"})
        status = problem.status if problem.status in (403, 404, 429, 503) else 502
        response = render_template("error.html", status=status, reason="upstream")
        return response, status, {"Retry-After": problem.headers["Retry-After"]} if status in (429, 503) else {}

    @app.errorhandler(Exception)
    def _unexpected(_error: Exception):
        # The traceback goes to the log with the request id; the answer carries only the id.
        log.exception("unhandled_error")
        if _is_api():
            return internal_error().response()
        return render_template("error.html", status=500, reason="internal"), 500
