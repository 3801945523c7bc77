"""The account routes over real HTTP: one's sessions, the second factor (set-up, recovery
codes, step-up, the code page of a staff sign-in), erasure with its progress, deactivation
by a tenant admin, and the portal's own idle and absolute session limits.

Most tests use the running stack's gateway. The session limits use a gateway app of this
process (same code, served over HTTP by werkzeug) with an injected clock, so 30 minutes
pass in no time; the staff sign-in with a second factor uses an identity of this process
that enforces it (the stack's runs as "test", where identity does not).
"""

from __future__ import annotations

import re
import threading
import time
import uuid

import pyotp
import pytest
from flask import current_app
from werkzeug.serving import make_server

from services.gateway.app import create_app
from services.gateway.portal import call, signed_in_page
from services.gateway.settings import GatewaySettings
from services.identity.__main__ import MIGRATIONS as IDENTITY_MIGRATIONS
from services.identity.__main__ import build_service as build_identity
from services.identity.__main__ import runner_for as identity_runner_for
from services.identity.settings import IdentitySettings
from services.kit.client import wait_until_serving
from services.kit.config import load
from services.kit.db import migrate
from tests.conftest import wait_for
from tests.gateway.conftest import Gateway, assert_problem, random_loopback
from tests.gateway.test_web_security import csrf_token, session_contents


def portal_sign_in(client: Gateway, username: str, password: str):
    page = client.get("/login")
    return client.post("/login", data={"csrf_token": csrf_token(page.text), "username": username,
                                       "password": password})


def form_post(client: Gateway, page_path: str, path: str, data: dict, **kwargs):
    """Post a form the way a browser does: with the CSRF token of the page it is on."""
    page = client.get(page_path)
    assert page.status_code == 200, page.text[:300]
    return client.post(path, data={"csrf_token": csrf_token(page.text), **data}, **kwargs)


def current_code(secret: str) -> str:
    return pyotp.TOTP(secret).now()


@pytest.fixture
def new_provider(gateway, admin_token, unique):
    """A fresh health provider (staff: the second factor is for them)."""
    username = f"test.provider.{unique}"
    password = f"pw-{uuid.uuid4().hex}"
    response = gateway.post("/api/v1/admin/accounts", token=admin_token,
                            json={"username": username, "password": password, "roles": ["health_provider"]})
    assert response.status_code == 201, response.text
    return username, password


# -- sessions ---------------------------------------------------------------------------------------


def test_sessions_are_listed_and_ended_by_their_owner(gateway, new_service_user):
    here = gateway.login(new_service_user.username, new_service_user.password)
    there = gateway.login(new_service_user.username, new_service_user.password)
    listed = gateway.get("/api/v1/me/sessions", token=here["access_token"])
    assert listed.status_code == 200
    sessions = listed.json()["sessions"]
    assert len(sessions) == 2
    assert [s["current"] for s in sessions].count(True) == 1
    assert all(s["started_at"] and s["last_used_at"] and s["expires_at"] for s in sessions)
    other = next(s for s in sessions if not s["current"])

    assert gateway.delete(f"/api/v1/me/sessions/{other['id']}", token=here["access_token"]).status_code == 204
    # The ended sign-in's refresh token is refused; this one goes on.
    assert_problem(gateway.post("/api/v1/auth/refresh", json={"refresh_token": there["refresh_token"]}), 401)
    remaining = gateway.get("/api/v1/me/sessions", token=here["access_token"]).json()["sessions"]
    assert [s["id"] for s in remaining] == [s["id"] for s in sessions if s["current"]]
    assert_problem(gateway.delete(f"/api/v1/me/sessions/{other['id']}", token=here["access_token"]), 404)


def test_someone_elses_session_is_not_found(gateway, new_service_user):
    mine = gateway.login(new_service_user.username, new_service_user.password)
    nora = gateway.login("nora")
    noras = gateway.get("/api/v1/me/sessions", token=nora["access_token"]).json()["sessions"]
    target = next(s for s in noras if s["current"])["id"]
    assert_problem(gateway.delete(f"/api/v1/me/sessions/{target}", token=mine["access_token"]), 404)
    assert_problem(gateway.delete("/api/v1/me/sessions/not%20an%20id", token=mine["access_token"]), 404,
                   field="session_id")
    assert_problem(gateway.get("/api/v1/me/sessions"), 401)
    # Nora's sign-in still works.
    assert gateway.post("/api/v1/auth/refresh", json={"refresh_token": nora["refresh_token"]}).status_code == 200


def test_sessions_page_marks_this_session_and_signs_out_everywhere_else(gateway, new_service_user):
    elsewhere = gateway.login(new_service_user.username, new_service_user.password)
    assert portal_sign_in(gateway, new_service_user.username, new_service_user.password).status_code == 302
    page = gateway.get("/account/sessions")
    assert page.status_code == 200
    assert page.text.count('class="current-session"') == 1
    assert "Denne påloggingen" in page.text
    assert page.text.count("/revoke\"") == 2

    done = form_post(gateway, "/account/sessions", "/account/sessions/revoke-others", {})
    assert done.status_code == 302 and done.headers["Location"].endswith("/account/sessions")
    after = gateway.get("/account/sessions")
    assert "Du er logget ut alle andre steder (1 pålogginger avsluttet)." in after.text
    assert "Du er ikke logget inn noe annet sted." in after.text
    assert_problem(gateway.post("/api/v1/auth/refresh", json={"refresh_token": elsewhere["refresh_token"]}), 401)


def test_ending_this_session_from_the_list_signs_out(gateway, new_service_user):
    portal_sign_in(gateway, new_service_user.username, new_service_user.password)
    page = gateway.get("/account/sessions")
    own = re.search(r'action="(/account/sessions/[^/"]+/revoke)"', page.text).group(1)
    response = gateway.post(own, data={"csrf_token": csrf_token(page.text)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert gateway.get("/account").headers["Location"].endswith("/login")


# -- the second factor ------------------------------------------------------------------------------


def test_second_factor_set_up_and_step_up_through_the_api(gateway, new_provider):
    username, password = new_provider
    pair = gateway.login(username, password)
    token = pair["access_token"]
    begun = gateway.post("/api/v1/me/second-factor", token=token)
    assert begun.status_code == 201, begun.text
    secret = begun.json()["secret"]
    assert begun.json()["provisioning_uri"].startswith("otpauth://totp/")
    assert secret in begun.json()["provisioning_uri"]

    wrong = "000000" if current_code(secret) != "000000" else "111111"
    assert_problem(gateway.post("/api/v1/me/second-factor/confirm", token=token, json={"code": wrong}), 400,
                   field="code")
    assert_problem(gateway.post("/api/v1/me/second-factor/confirm", token=token, json={}), 400, field="code")
    confirmed = gateway.post("/api/v1/me/second-factor/confirm", token=token, json={"code": current_code(secret)})
    assert confirmed.status_code == 200, confirmed.text
    codes = confirmed.json()["recovery_codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    token = confirmed.json()["tokens"]["access_token"]
    again = assert_problem(gateway.post("/api/v1/me/second-factor", token=token), 409)
    assert again["reason"] == "already_set_up"

    refused = assert_problem(gateway.post("/api/v1/me/step-up", token=token, json={"second_factor": wrong}), 401,
                             field="second_factor")
    assert refused["reason"] == "bad_second_factor"
    stepped = gateway.post("/api/v1/me/step-up", token=token, json={"second_factor": codes[0]})
    assert stepped.status_code == 200, stepped.text
    assert stepped.json()["access_token"] != token
    # A recovery code works once.
    token = stepped.json()["access_token"]
    assert_problem(gateway.post("/api/v1/me/step-up", token=token, json={"second_factor": codes[0]}), 401)
    assert gateway.post("/api/v1/me/step-up", token=token,
                        json={"second_factor": current_code(secret)}).status_code == 200


def test_step_up_without_a_second_factor_says_so(gateway, new_provider):
    token = gateway.login(*new_provider)["access_token"]
    problem = assert_problem(gateway.post("/api/v1/me/step-up", token=token, json={"second_factor": "123456"}), 409)
    assert problem["reason"] == "second_factor_not_set_up"
    assert_problem(gateway.post("/api/v1/me/step-up", token=token, json={"second_factor": 123456}), 400,
                   field="second_factor")


def test_second_factor_pages_show_a_qr_code_then_the_recovery_codes_once(gateway, new_provider):
    username, password = new_provider
    portal_sign_in(gateway, username, password)
    overview = gateway.get("/account")
    assert "/account/second-factor" in overview.text  # staff see the set-up
    begun = form_post(gateway, "/account/second-factor", "/account/second-factor", {"next": "/account/sessions"})
    assert begun.status_code == 200
    assert re.search(r"<svg[^>]*class=\"qr-code\"", begun.text)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', begun.text).group(1)

    wrong = gateway.post("/account/second-factor/confirm",
                         data={"csrf_token": csrf_token(begun.text), "code": "12ab"})
    assert wrong.status_code == 400
    assert "Koden er ikke riktig" in wrong.text and 'aria-invalid="true"' in wrong.text

    done = gateway.post("/account/second-factor/confirm", data={
        "csrf_token": csrf_token(begun.text), "code": current_code(secret), "next": "/account/sessions"})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([0-9a-f-]+)</code></li>", done.text)
    assert len(codes) == 10
    assert 'href="/account/sessions"' in done.text
    # The portal's tokens were replaced by the ones with the second factor; the codes are in no cookie.
    assert not any(code in str(gateway.http.cookies.get("reconnect_session")) for code in codes)
    assert gateway.get("/account").status_code == 200

    # The step-up page takes a recovery code and returns to where the person was.
    page = gateway.get("/account/step-up?next=/account/sessions")
    assert page.status_code == 200
    bad = gateway.post("/account/step-up", data={"csrf_token": csrf_token(page.text), "code": "nope",
                                                  "next": "/account/sessions"})
    assert bad.status_code == 400 and "Koden er ikke riktig" in bad.text
    good = gateway.post("/account/step-up", data={"csrf_token": csrf_token(page.text), "code": codes[1],
                                                   "next": "/account/sessions"})
    assert good.status_code == 302 and good.headers["Location"].endswith("/account/sessions")
    # Never to another site.
    away = gateway.post("/account/step-up", data={"csrf_token": csrf_token(page.text),
                                                   "code": current_code(secret), "next": "//evil.example/"})
    assert away.status_code == 302 and away.headers["Location"] == "/"


# -- erasure -----------------------------------------------------------------------------------------


def test_erasure_through_the_api_with_progress_by_receipt(gateway, new_service_user):
    token = gateway.login(new_service_user.username, new_service_user.password)["access_token"]
    assert_problem(gateway.post("/api/v1/me/erasure", token=token, json={"password": "x"}), 400, field="confirm")
    assert_problem(gateway.post("/api/v1/me/erasure", token=token, json={"password": "x", "confirm": False}), 400,
                   field="confirm")
    assert_problem(gateway.post("/api/v1/me/erasure", token=token,
                                json={"password": "wrong password", "confirm": True}), 401, field="password")
    started = gateway.post("/api/v1/me/erasure", token=token,
                           json={"password": new_service_user.password, "confirm": True})
    assert started.status_code == 202, started.text
    receipt = started.json()["receipt"]
    assert {p["service"] for p in started.json()["services"]} == {"forum", "messaging", "toolbox", "events"}

    def finished():
        status = gateway.get("/api/v1/me/erasure", params={"receipt": receipt})
        assert status.status_code == 200, status.text
        assert "receipt" not in status.json()  # given once only
        return status.json() if status.json()["done"] else None

    done = wait_for(finished, timeout=60, message="every service reports its erasure")
    assert all(p["completed_at"] for p in done["services"])
    # The account is gone: it cannot sign in.
    assert_problem(gateway.post("/api/v1/auth/login", json={"username": new_service_user.username,
                                                            "password": new_service_user.password}), 401)
    assert_problem(gateway.get("/api/v1/me/erasure"), 400, field="receipt")
    assert_problem(gateway.get("/api/v1/me/erasure", params={"receipt": "x" * 32}), 404)
    assert_problem(gateway.get("/api/v1/me/erasure", params={"receipt": "<script>"}), 404, field="receipt")


def test_erasure_page_then_progress_after_being_signed_out(gateway, new_service_user):
    portal_sign_in(gateway, new_service_user.username, new_service_user.password)
    page = gateway.get("/account/erasure")
    assert page.status_code == 200
    assert "et tidligere medlem" in page.text  # what happens to forum posts is explained
    untyped = gateway.post("/account/erasure", data={"csrf_token": csrf_token(page.text),
                                                     "password": new_service_user.password, "confirm": "ja"})
    assert untyped.status_code == 400 and "Skriv SLETT for å bekrefte." in untyped.text
    wrong = gateway.post("/account/erasure", data={"csrf_token": csrf_token(page.text),
                                                   "password": "not it", "confirm": "SLETT"})
    assert wrong.status_code == 400 and "Passordet er ikke riktig." in wrong.text
    assert gateway.get("/account").status_code == 200  # nothing happened yet

    done = gateway.post("/account/erasure", data={"csrf_token": csrf_token(page.text),
                                                  "password": new_service_user.password, "confirm": "slett"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/account/erasure/progress")
    assert gateway.get("/account").headers["Location"].endswith("/login")  # signed out
    progress = gateway.get("/account/erasure/progress")
    assert progress.status_code == 200
    receipt = re.search(r'class="erasure-receipt">([A-Za-z0-9_-]+)<', progress.text).group(1)
    assert progress.text.count("<tr data-service=") == 4
    wait_for(lambda: "Alt er slettet." in gateway.get("/account/erasure/progress").text, timeout=60,
             message="the progress page shows the erasure done")

    # Another browser, with the receipt kept.
    other = Gateway(gateway.base_url, source=random_loopback())
    empty = other.get("/account/erasure/progress")
    assert empty.status_code == 200 and "erasure-receipt" not in empty.text
    shown = other.post("/account/erasure/progress", data={"csrf_token": csrf_token(empty.text), "receipt": receipt})
    assert shown.status_code == 302
    assert "Alt er slettet." in other.get("/account/erasure/progress").text
    unknown = other.post("/account/erasure/progress", data={"csrf_token": csrf_token(empty.text),
                                                            "receipt": "y" * 32})
    assert unknown.status_code == 302
    assert "Vi fant ingen sletting med den kvitteringen" in other.get("/account/erasure/progress").text


# -- deactivation ------------------------------------------------------------------------------------


def test_a_tenant_admin_deactivates_and_reactivates_an_account(gateway, admin_token, new_service_user):
    path = f"/api/v1/accounts/{new_service_user.id}/active"
    session = gateway.login(new_service_user.username, new_service_user.password)
    off = gateway.put(path, token=admin_token, json={"active": False})
    assert off.status_code == 200, off.text
    assert off.json()["active"] is False and off.json()["id"] == new_service_user.id
    assert_problem(gateway.post("/api/v1/auth/login", json={"username": new_service_user.username,
                                                            "password": new_service_user.password}), 401)
    # Deactivation ended the sign-in that was open.
    assert_problem(gateway.post("/api/v1/auth/refresh", json={"refresh_token": session["refresh_token"]}), 401)
    on = gateway.put(path, token=admin_token, json={"active": True})
    assert on.status_code == 200 and on.json()["active"] is True
    assert gateway.login(new_service_user.username, new_service_user.password)["access_token"]


def test_deactivation_refuses_bad_input_and_other_roles(gateway, admin_token, new_service_user):
    path = f"/api/v1/accounts/{new_service_user.id}/active"
    assert_problem(gateway.put(path, token=admin_token, json={"active": "no"}), 400, field="active")
    assert_problem(gateway.put(path, token=admin_token, json={}), 400, field="active")
    assert_problem(gateway.put(path, token=admin_token, data="active", headers={"Content-Type": "text/plain"}), 415)
    assert_problem(gateway.put(f"/api/v1/accounts/{uuid.uuid4()}/active", token=admin_token,
                               json={"active": False}), 404)
    nora = gateway.login("nora")["access_token"]
    assert_problem(gateway.put(path, token=nora, json={"active": False}), 403)
    assert_problem(gateway.put(path, json={"active": False}), 401)
    # Another municipality's admin does not learn that the account exists.
    sorby = Gateway(gateway.base_url, tenant="sorby", source=random_loopback())
    sorby_admin = sorby.login("admin.sorby")["access_token"]
    assert_problem(sorby.put(path, token=sorby_admin, json={"active": False}), 404)
    assert gateway.login(new_service_user.username, new_service_user.password)


# -- the portal's session limits (a gateway of this process, with a clock of its own) ----------------


class Clock:
    def __init__(self):
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset

    def advance(self, minutes: float) -> None:
        self.offset += minutes * 60


def serve(app) -> tuple[str, object]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


@pytest.fixture(scope="module")
def limited(stack):
    """A gateway with the default 30-minute idle limit and a 1-hour absolute limit (configured, as
    RECONNECT_PORTAL_ABSOLUTE_HOURS would), in front of the stack's identity."""
    settings = GatewaySettings(secret_key="k" * 40, identity_address=stack.identity_address, environment="test",
                               messaging_address=stack.services["messaging"].address, portal_absolute_hours=1)
    app = create_app(settings)
    clock = Clock()
    app.extensions["reconnect_clock"] = clock
    url, server = serve(app)
    yield url, clock, app
    server.shutdown()


@pytest.fixture
def limited_client(limited):
    url, clock, app = limited
    return Gateway(url, source=random_loopback()), clock, app


def test_a_portal_session_idle_for_30_minutes_ends_with_a_message(limited_client, new_service_user):
    client, clock, _app = limited_client
    assert portal_sign_in(client, new_service_user.username, new_service_user.password).status_code == 302
    refresh_token = session_contents(client.http.cookies["reconnect_session"])["refresh_token"]
    clock.advance(20)
    assert client.get("/account").status_code == 200
    clock.advance(31)
    response = client.get("/account")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    login = client.get("/login")
    assert "Du ble logget ut fordi ReConnect ikke ble brukt på 30 minutter." in login.text
    assert "refresh_token" not in session_contents(client.http.cookies["reconnect_session"])
    # Signed out for real: identity no longer honours that sign-in.
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": refresh_token}).status_code == 401


def test_the_live_notification_stream_does_not_keep_an_idle_session(limited_client, new_service_user):
    client, clock, _app = limited_client
    portal_sign_in(client, new_service_user.username, new_service_user.password)
    clock.advance(20)
    # An open tab's stream reconnecting: served, but not counted as someone using ReConnect.
    with client.get("/notifications/stream", stream=True) as stream:
        assert stream.status_code == 200 and stream.headers["Content-Type"].startswith("text/event-stream")
        assert "Set-Cookie" not in stream.headers
    clock.advance(11)  # 31 minutes after the last page the person opened
    response = client.get("/account")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")


def test_activity_keeps_the_session_until_the_absolute_limit(limited_client, new_service_user):
    client, clock, _app = limited_client
    portal_sign_in(client, new_service_user.username, new_service_user.password)
    for _ in range(2):
        clock.advance(25)
        assert client.get("/account").status_code == 200  # each visit resets the idle limit
    clock.advance(25)  # 75 minutes after signing in, 25 after the last visit
    response = client.get("/account/sessions")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert "logget inn for mer enn 1 timer siden" in client.get("/login").text


def test_an_old_cookie_cannot_claim_a_recent_visit(limited_client, new_service_user):
    client, clock, app = limited_client
    portal_sign_in(client, new_service_user.username, new_service_user.password)
    cookie = client.http.cookies["reconnect_session"]
    clock.advance(40)
    # Someone who could sign a cookie 40 minutes ago and fills in a fresh last_seen: the
    # signature's own time still tells how old it is.
    with app.test_request_context():
        serializer = app.session_interface.get_signing_serializer(app)
        state = serializer.loads(cookie)
        clock.advance(-40)
        state["last_seen"] = clock() + 40 * 60
        forged = serializer.dumps(state)
        clock.advance(40)
    client.http.cookies.clear()
    client.http.cookies.set("reconnect_session", forged, domain="127.0.0.1", path="/")
    response = client.get("/account")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")


def test_signing_in_starts_a_new_session(limited_client, new_service_user):
    client, _clock, app = limited_client
    with app.test_request_context():
        planted = app.session_interface.get_signing_serializer(app).dumps(
            {"planted": "by someone else", "csrf_token": "f" * 40, "lang": "en"})
    client.http.cookies.set("reconnect_session", planted, domain="127.0.0.1", path="/")
    portal_sign_in(client, new_service_user.username, new_service_user.password)
    after = session_contents(client.http.cookies["reconnect_session"])
    assert "planted" not in after
    assert after.get("csrf_token") != "f" * 40
    assert after["lang"] == "en"  # a preference, kept
    assert after["signed_in_at"] == after["last_seen"]


# -- a staff sign-in with the second factor (identity enforcing it) ---------------------------------

STAFF_PASSWORD = "staff password 42"


@signed_in_page
def _admin_page():
    """A page behind a staff power (identity's account list): what an admin page of the portal does."""
    reply = call(lambda token: current_app.extensions["reconnect_identity"].list_accounts(token, "nordvik", 10, ""))
    return f"{len(reply.accounts)} accounts"


@pytest.fixture(scope="module")
def enforcing(database_url, nats_server, master_key):
    """Identity as in production: staff must use their second factor; one gateway in front."""
    settings = load(IdentitySettings, database_url=database_url("identity_mfa"), nats_url=nats_server.url,
                    grpc_port=0, metrics_port=0, master_key=master_key, environment="test",
                    staff_second_factor=True)
    migrate(settings.database_url, IDENTITY_MIGRATIONS)
    wiring, service = build_identity(settings)
    service.create_tenant(None, "nordvik", "Nordvik", "nb", "Europe/Oslo", ["nordvik.localhost"])
    service.bootstrap_account("nordvik", "hedda.staff", STAFF_PASSWORD, ["health_provider"], "Hedda Helse")
    runner = identity_runner_for(wiring, service)
    address = f"127.0.0.1:{runner.start()}"
    wait_until_serving(address, 30)
    service.bootstrap_account("nordvik", "anna.admin", STAFF_PASSWORD, ["tenant_admin"], "Anna Admin")
    app = create_app(GatewaySettings(secret_key="m" * 40, identity_address=address, environment="test"))
    app.add_url_rule("/test/accounts", "test_accounts", _admin_page)
    url, server = serve(app)
    # Set up the second factor the way staff do it the first time (no code asked yet).
    client = Gateway(url, source=random_loopback())
    token = client.login("hedda.staff", STAFF_PASSWORD)["access_token"]
    secret = client.post("/api/v1/me/second-factor", token=token).json()["secret"]
    confirmed = client.post("/api/v1/me/second-factor/confirm", token=token, json={"code": current_code(secret)})
    assert confirmed.status_code == 200, confirmed.text
    yield url, secret
    server.shutdown()
    runner.stop(grace=1)


def test_staff_sign_in_asks_for_the_code_on_a_page_of_its_own(enforcing):
    url, secret = enforcing
    client = Gateway(url, source=random_loopback())
    asked = portal_sign_in(client, "hedda.staff", STAFF_PASSWORD)
    assert asked.status_code == 302 and asked.headers["Location"].endswith("/login/second-factor")
    # The password waits encrypted: not readable from the (signed, not encrypted) cookie.
    assert STAFF_PASSWORD not in str(session_contents(client.http.cookies["reconnect_session"]))
    assert client.get("/account").headers["Location"].endswith("/login")  # not signed in yet
    page = client.get("/login/second-factor")
    assert page.status_code == 200 and "Passordet er riktig." in page.text
    wrong = client.post("/login/second-factor", data={"csrf_token": csrf_token(page.text), "code": "000000"
                                                      if current_code(secret) != "000000" else "111111"})
    assert wrong.status_code == 400 and "Koden er ikke riktig" in wrong.text
    done = client.post("/login/second-factor", data={"csrf_token": csrf_token(page.text),
                                                     "code": current_code(secret)})
    assert done.status_code == 302 and done.headers["Location"].endswith("/")
    assert client.get("/account").status_code == 200
    assert "pending_login" not in session_contents(client.http.cookies["reconnect_session"])


def test_the_code_page_without_a_password_first_goes_to_sign_in(enforcing):
    url, _secret = enforcing
    client = Gateway(url, source=random_loopback())
    response = client.get("/login/second-factor")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")


def test_the_api_sign_in_of_staff_asks_for_the_second_factor(enforcing):
    url, secret = enforcing
    client = Gateway(url, source=random_loopback())
    problem = assert_problem(client.post("/api/v1/auth/login", json={"username": "hedda.staff",
                                                                     "password": STAFF_PASSWORD}), 409)
    assert problem["reason"] == "second_factor_required"
    assert_problem(client.post("/api/v1/auth/login", json={"username": "hedda.staff", "password": STAFF_PASSWORD,
                                                           "second_factor": "not a code"}), 401,
                   field="second_factor")
    signed_in = client.post("/api/v1/auth/login", json={"username": "hedda.staff", "password": STAFF_PASSWORD,
                                                        "second_factor": current_code(secret)})
    assert signed_in.status_code == 200, signed_in.text
    assert client.get("/api/v1/me", token=signed_in.json()["access_token"]).json()["username"] == "hedda.staff"


@pytest.mark.parametrize("path", ["/account", "/account/sessions", "/account/second-factor", "/account/step-up",
                                  "/account/erasure"])
def test_account_pages_send_strangers_to_sign_in(gateway, path):
    response = gateway.get(path)
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")


def test_a_session_of_another_municipality_does_not_open_the_account_pages(gateway, new_service_user):
    portal_sign_in(gateway, new_service_user.username, new_service_user.password)
    assert gateway.get("/account/erasure").status_code == 200
    response = gateway.get("/account/erasure", headers={"X-Tenant": "sorby"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")


def test_a_staff_power_without_a_recent_second_factor_goes_to_step_up_and_back(enforcing):
    url, _secret = enforcing
    client = Gateway(url, source=random_loopback())
    # A tenant admin who has not set up the second factor yet: signed in, but no staff powers.
    assert portal_sign_in(client, "anna.admin", STAFF_PASSWORD).status_code == 302
    asked = client.get("/test/accounts?page=1")
    assert asked.status_code == 302
    assert asked.headers["Location"].endswith("/account/step-up?next=/test/accounts?page%3D1")
    page = client.get(asked.headers["Location"])
    assert "For å gjøre dette må du bekrefte med den andre faktoren din." in page.text
    assert 'name="next" value="/test/accounts?page=1"' in page.text
    # Without a second factor the step-up sends them to set one up, and on from there back to the page.
    sent = client.post("/account/step-up", data={"csrf_token": csrf_token(page.text), "code": "123456",
                                                  "next": "/test/accounts?page=1"})
    assert sent.status_code == 302 and "/account/second-factor?next=" in sent.headers["Location"]
    setup = client.get(sent.headers["Location"])
    begun = client.post("/account/second-factor", data={"csrf_token": csrf_token(setup.text),
                                                        "next": "/test/accounts?page=1"})
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', begun.text).group(1)
    done = client.post("/account/second-factor/confirm", data={
        "csrf_token": csrf_token(begun.text), "code": current_code(secret), "next": "/test/accounts?page=1"})
    assert done.status_code == 200 and 'href="/test/accounts?page=1"' in done.text
    # The portal now holds tokens with the second factor: the staff power works.
    allowed = client.get("/test/accounts?page=1")
    assert allowed.status_code == 200 and allowed.text.endswith("accounts")
