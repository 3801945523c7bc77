"""Sign-in with electronic ID through the portal, end to end: the real gateway, identity
and an OpenID provider on loopback (tests/oidc_gateway.py). A client that keeps cookies
follows the redirects as a browser would. Every way the sign-in can go wrong ends on a
page that says so, with no session, and nothing of the person in the logs."""

from __future__ import annotations

import json
import logging
import urllib.parse

import grpc
import jwt
import pytest
import requests

from reconnect.identity.v1 import identity_pb2 as pb
from services.gateway import oidc_session
from services.gateway.oidc_client import ClientCredentials, OidcClient, TokenRefused, pkce_pair
from services.kit import national_id
from tests.conftest import PASSWORD
from tests.gateway.test_web_security import csrf_token, session_contents
from tests.oidc_gateway import CLIENT_SECRET, NORA_NIN, OidcPortal

SESSION_COOKIE = "reconnect_session"


@pytest.fixture(scope="module")
def portal(database_url, nats_server, master_key):
    running = OidcPortal(database_url("identity_oidc_gateway"), nats_server.url, master_key)
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def well_behaved(portal):
    portal.well_behaved()
    portal.idporten.client_secret = CLIENT_SECRET
    yield


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.INFO)
    return caplog


class Browser:
    """Cookies and the municipality's address (X-Tenant stands in for nordvik.<domain>)."""

    def __init__(self, portal: OidcPortal, tenant: str = "nordvik"):
        self.portal = portal
        self.http = requests.Session()
        self.http.headers["X-Tenant"] = tenant

    def get(self, url: str, **kwargs) -> requests.Response:
        if url.startswith("/"):
            url = self.portal.url + url
        return self.http.get(url, allow_redirects=False, timeout=15, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return self.http.post(self.portal.url + path, allow_redirects=False, timeout=15, **kwargs)

    def start(self, provider: str = "idporten") -> str:
        """The provider's authorization URL the gateway sends the browser to."""
        response = self.get(f"/login/oidc/{provider}")
        assert response.status_code == 302, response.text
        return response.headers["Location"]

    def at_provider(self, authorization_url: str) -> str:
        """The callback URL the provider sends the browser back to."""
        response = self.get(authorization_url)
        assert response.status_code == 302, response.text
        return response.headers["Location"]

    def sign_in(self, provider: str = "idporten") -> requests.Response:
        return self.get(self.at_provider(self.start(provider)))

    def session(self) -> dict:
        value = self.http.cookies.get(SESSION_COOKIE)
        return session_contents(value) if value else {}

    def is_signed_in(self) -> bool:
        front = self.get("/")
        return front.status_code == 200 and "access_token" in self.session()


def refusal(response: requests.Response) -> str:
    assert response.headers["Content-Type"].startswith("text/html")
    return response.text.split('data-refusal="', 1)[1].split('"', 1)[0]


def assert_nothing_personal_logged(logs, *secrets_: str) -> None:
    text = "\n".join(f"{record.getMessage()} {record.__dict__}" for record in logs.records)
    for secret in (NORA_NIN, CLIENT_SECRET, *secrets_):
        assert secret not in text
    assert "eyJ" not in text  # no JWT (ID token or access token) in any log record


def refusal_reasons(logs) -> list[str]:
    return [record.reason for record in logs.records if record.getMessage() == "oidc_login_refused"]


def test_login_page_offers_each_provider_and_the_password_form_only_where_allowed(portal):
    nordvik = Browser(portal).get("/login")
    assert nordvik.status_code == 200
    assert 'href="/login/oidc/idporten"' in nordvik.text and 'href="/login/oidc/helseid"' in nordvik.text
    assert "Logg inn med elektronisk ID (for tjenestebrukere)" in nordvik.text
    assert "Logg inn med elektronisk ID (for helsepersonell)" in nordvik.text
    assert 'name="password"' not in nordvik.text
    sorby = Browser(portal, "sorby").get("/login")
    assert 'href="/login/oidc/idporten"' in sorby.text and 'name="password"' in sorby.text
    # A password sent anyway, where the municipality allows only electronic ID, is refused politely.
    browser = Browser(portal)
    page = browser.get("/login")
    sent = browser.post("/login", data={"csrf_token": csrf_token(page.text), "username": "nora", "password": "x" * 12})
    assert sent.status_code == 400
    assert "Logg inn med elektronisk ID her." in sent.text
    assert not browser.is_signed_in()


def test_sign_in_with_electronic_id_end_to_end(portal, logs):
    browser = Browser(portal)
    browser.get("/login")
    before = browser.http.cookies.get(SESSION_COOKIE)
    authorization = urllib.parse.urlsplit(browser.start())
    query = dict(urllib.parse.parse_qsl(authorization.query))
    assert f"{authorization.scheme}://{authorization.netloc}{authorization.path}" == portal.idporten.issuer + "/authorize"
    assert query["response_type"] == "code" and query["scope"] == "openid" and query["client_id"] == "reconnect"
    assert query["redirect_uri"] == portal.url + "/login/oidc/callback"
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
    assert query["acr_values"] == "idporten-loa-high"  # Nordvik's minimum
    assert len(query["state"]) >= 32 and len(query["nonce"]) >= 32 and query["state"] != query["nonce"]
    pending = browser.session()["oidc_pending"]
    assert pending["tenant"] == "nordvik" and pending["state"] == query["state"]

    callback = browser.at_provider(authorization.geturl())
    assert urllib.parse.urlsplit(callback).path == "/login/oidc/callback"
    landed = browser.get(callback)
    assert landed.status_code == 302 and landed.headers["Location"] == "/"
    # The code went back with the PKCE verifier, and the client authenticated as configured.
    exchange = portal.idporten.token_requests[-1]
    assert exchange["client_secret"] == CLIENT_SECRET and exchange["client_id"] == "reconnect"
    assert exchange["code_verifier"] and exchange["redirect_uri"] == query["redirect_uri"]

    home = browser.get("/")
    assert home.status_code == 200
    assert "Velkommen til ReConnect Nordvik" in home.text
    signed_in = browser.session()
    assert signed_in["tenant"] == "nordvik" and signed_in["access_token"]
    assert "oidc_pending" not in signed_in  # a new session at sign-in: nothing from before carries over
    assert browser.http.cookies.get(SESSION_COOKIE) != before
    me = portal.identity.GetMe(pb.GetMeRequest(), metadata=[("authorization", f"Bearer {signed_in['access_token']}")])
    assert me.username == "nora"
    # The ID token is kept for the provider's logout, sealed: the signed cookie is readable.
    assert NORA_NIN not in json.dumps(signed_in) and "eyJ" not in signed_in["oidc_signed_in"]["hint"]
    assert any(record.getMessage() == "oidc_login" for record in logs.records)
    assert_nothing_personal_logged(logs, query["code_challenge"], exchange["code_verifier"])


def test_client_secret_basic_goes_in_the_authorization_header(portal):
    # The gateway's client on its own against the provider: the other method than the portal's.
    client = OidcClient(timeout_seconds=5)
    verifier, challenge = pkce_pair()
    redirect_uri = portal.url + "/login/oidc/callback"
    url = client.authorization_url(portal.idporten.issuer, client_id="reconnect", redirect_uri=redirect_uri,
                                   state="s" * 32, nonce="n" * 32, code_challenge=challenge, acr="")
    answer = requests.get(url, allow_redirects=False, timeout=15)
    code = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(answer.headers["Location"]).query))["code"]
    basic = ClientCredentials("reconnect", "client_secret_basic", CLIENT_SECRET)
    id_token = client.exchange_code(portal.idporten.issuer, basic, code=code, redirect_uri=redirect_uri,
                                    code_verifier=verifier)
    assert jwt.decode(id_token, options={"verify_signature": False})["nonce"] == "n" * 32
    exchange = portal.idporten.token_requests[-1]
    assert exchange["authorization"].startswith("Basic ") and "client_secret" not in exchange
    assert CLIENT_SECRET not in repr(basic)
    # The same code twice, or a wrong verifier: the provider's refusal, not an exception of ours.
    with pytest.raises(TokenRefused) as twice:
        client.exchange_code(portal.idporten.issuer, basic, code=code, redirect_uri=redirect_uri, code_verifier=verifier)
    assert twice.value.error == "invalid_grant"


def test_a_wrong_or_missing_state_is_refused_and_the_attempt_is_spent(portal, logs):
    browser = Browser(portal)
    callback = browser.at_provider(browser.start())
    parts = urllib.parse.urlsplit(callback)
    query = dict(urllib.parse.parse_qsl(parts.query))
    forged = browser.get("/login/oidc/callback?" + urllib.parse.urlencode({**query, "state": "forged-" + query["state"]}))
    assert forged.status_code == 400 and refusal(forged) == "state"
    assert "Innloggingen er utløpt" in forged.text
    # The state was good for one callback, even a failed one: the genuine answer is now refused too.
    genuine = browser.get(callback)
    assert genuine.status_code == 400 and refusal(genuine) == "state"
    assert not browser.is_signed_in()
    # A callback in a browser that never started a sign-in (someone else's link).
    stranger = Browser(portal).get(callback)
    assert stranger.status_code == 400 and refusal(stranger) == "state"
    # The answer brought to another municipality's address, in the same browser.
    elsewhere = Browser(portal)
    sorby_callback = elsewhere.at_provider(elsewhere.start())
    elsewhere.http.headers["X-Tenant"] = "sorby"
    moved = elsewhere.get(sorby_callback)
    assert moved.status_code == 400 and refusal(moved) == "state"
    assert refusal_reasons(logs) == ["bad_state"] * 4
    assert_nothing_personal_logged(logs, query["code"])


def test_a_started_sign_in_is_single_use_expires_and_belongs_to_its_municipality(portal):
    with portal.app.test_request_context("/"):
        state, _nonce, _challenge = oidc_session.begin("nordvik", "idporten", 600)
        assert oidc_session.take("sorby", state) is None
        assert oidc_session.take("nordvik", state) is None  # spent by the refused attempt above
        state, _nonce, _challenge = oidc_session.begin("nordvik", "idporten", -1)
        assert oidc_session.take("nordvik", state) is None  # too old
        state, nonce, _challenge = oidc_session.begin("nordvik", "idporten", 600)
        assert oidc_session.take("nordvik", "") is None
        state, nonce, _challenge = oidc_session.begin("nordvik", "idporten", 600)
        taken = oidc_session.take("nordvik", state)
        assert taken["provider"] == "idporten" and taken["nonce"] == nonce
        assert oidc_session.take("nordvik", state) is None


@pytest.mark.parametrize(
    ("mutation", "kind", "reason"),
    [
        ("wrong_audience", "invalid", "wrong_audience"),
        ("expired", "expired", "token_expired"),
        ("unknown_kid", "invalid", "unknown_key"),
        ("alg_none", "invalid", "bad_algorithm"),
        ("wrong_issuer", "invalid", "wrong_issuer"),
    ],
)
def test_an_id_token_identity_refuses_gives_a_clear_page_and_no_session(portal, logs, mutation, kind, reason):
    portal.idporten.mutate = mutation
    browser = Browser(portal)
    answer = browser.sign_in()
    assert answer.status_code == 401
    assert refusal(answer) == kind
    assert "Traceback" not in answer.text and "eyJ" not in answer.text
    assert not browser.is_signed_in()
    assert refusal_reasons(logs) == [reason]
    assert_nothing_personal_logged(logs)


def test_a_lower_assurance_level_than_the_municipality_wants_is_refused(portal, logs):
    portal.idporten.person = {"pid": NORA_NIN, "acr": "idporten-loa-substantial"}
    browser = Browser(portal)
    answer = browser.sign_in()
    assert answer.status_code == 401 and refusal(answer) == "assurance"
    assert "Det trengs elektronisk ID med høyere sikkerhetsnivå" in answer.text
    assert not browser.is_signed_in()
    assert refusal_reasons(logs) == ["insufficient_assurance"]


def test_a_replayed_callback_is_refused(portal, logs):
    # A provider that (wrongly) accepts a code twice, and a copy of the cookie taken before
    # the callback: the gateway's state check passes, and identity's nonce memory refuses.
    portal.idporten.mutate = "reusable_code"
    browser = Browser(portal)
    callback = browser.at_provider(browser.start())
    copy = Browser(portal)
    copy.http.cookies.update(browser.http.cookies)
    assert browser.get(callback).status_code == 302
    assert browser.is_signed_in()
    replayed = copy.get(callback)
    assert replayed.status_code == 401 and refusal(replayed) == "replayed"
    assert not copy.is_signed_in()
    # The same callback again in the browser that used it: its state is spent.
    again = browser.get(callback)
    assert again.status_code == 400 and refusal(again) == "state"
    assert refusal_reasons(logs) == ["replayed_nonce", "bad_state"]


def test_the_provider_saying_no_is_a_clear_page(portal, logs):
    portal.idporten.refuse = "access_denied"
    browser = Browser(portal)
    answer = browser.sign_in()
    assert answer.status_code == 400 and refusal(answer) == "cancelled"
    assert "<script>" not in answer.text and "The user said no" not in answer.text
    assert not browser.is_signed_in()
    assert refusal_reasons(logs) == ["provider_access_denied"]
    assert "oidc_pending" not in browser.session()


def test_a_token_endpoint_that_refuses_the_client_is_a_clear_page(portal, logs):
    portal.idporten.client_secret = "the provider expects another secret"
    browser = Browser(portal)
    answer = browser.sign_in()
    assert answer.status_code == 400 and refusal(answer) == "provider_error"
    assert not browser.is_signed_in()
    assert refusal_reasons(logs) == ["token_invalid_client"]
    assert_nothing_personal_logged(logs)


def test_a_person_without_an_account_in_the_municipality_is_told_so(portal, logs):
    stranger = next(n for n in (f"{d:02d}0190{i:05d}" for d in range(1, 29) for i in range(100, 999))
                    if national_id.is_valid(n))
    portal.idporten.person = {"pid": stranger, "acr": "idporten-loa-high"}
    browser = Browser(portal)
    answer = browser.sign_in()
    assert answer.status_code == 403 and refusal(answer) == "no_account"
    assert "ikke en konto i Nordvik" in answer.text and stranger not in answer.text
    assert not browser.is_signed_in()
    assert refusal_reasons(logs) == ["unknown_person"]
    assert_nothing_personal_logged(logs, stranger)


def test_a_provider_that_cannot_be_reached_is_a_clear_page(portal, logs):
    portal.helseid.mutate = "discovery_down"
    portal.app.extensions["reconnect_oidc"]._documents.clear()  # nothing cached from earlier tests
    browser = Browser(portal)
    answer = browser.get("/login/oidc/helseid")
    assert answer.status_code == 503 and refusal(answer) == "unavailable"
    assert "Prøv igjen om noen minutter" in answer.text
    assert refusal_reasons(logs) == ["provider_unavailable"]
    assert "oidc_pending" not in browser.session()


def test_an_unknown_provider_is_a_clear_page(portal):
    answer = Browser(portal).get("/login/oidc/facebook")
    assert answer.status_code == 404 and refusal(answer) == "unknown_provider"


def test_logout_ends_the_local_session_and_the_providers(portal, logs):
    browser = Browser(portal)
    authorization = browser.start()
    nonce = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(authorization).query))["nonce"]
    assert browser.get(browser.at_provider(authorization)).status_code == 302
    home = browser.get("/")
    # The sign-out form may go on to the provider (the CSP lets forms post only to the portal).
    assert f"form-action 'self' {portal.idporten.issuer};" in home.headers["Content-Security-Policy"]
    refresh_token = browser.session()["refresh_token"]

    out = browser.post("/logout", data={"csrf_token": csrf_token(home.text)})
    assert out.status_code == 302
    target = urllib.parse.urlsplit(out.headers["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == portal.idporten.issuer + "/logout"
    query = dict(urllib.parse.parse_qsl(target.query))
    assert query["post_logout_redirect_uri"] == portal.url + "/login"
    hint = jwt.decode(query["id_token_hint"], options={"verify_signature": False})
    assert hint["nonce"] == nonce and hint["aud"] == "reconnect"  # the ID token of this very sign-in
    # The local session is gone before the browser even reaches the provider.
    assert "access_token" not in browser.session()
    with pytest.raises(grpc.RpcError) as refused:
        portal.identity.Refresh(pb.RefreshRequest(refresh_token=refresh_token))
    assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED

    back = browser.get(out.headers["Location"])
    assert back.status_code == 302 and back.headers["Location"] == portal.url + "/login"
    assert portal.idporten.logout_requests[-1]["id_token_hint"] == query["id_token_hint"]
    page = browser.get(back.headers["Location"])
    assert page.status_code == 200 and "Du er logget ut." in page.text
    assert browser.get("/").status_code == 302
    assert_nothing_personal_logged(logs)


def test_a_password_session_logs_out_locally_only(portal):
    browser = Browser(portal, "sorby")
    page = browser.get("/login")
    signed_in = browser.post("/login", data={"csrf_token": csrf_token(page.text), "username": "siri",
                                             "password": PASSWORD})
    assert signed_in.status_code == 302 and browser.is_signed_in()
    home = browser.get("/")
    assert "form-action 'self';" in home.headers["Content-Security-Policy"]
    out = browser.post("/logout", data={"csrf_token": csrf_token(home.text)})
    assert out.status_code == 302 and out.headers["Location"] == "/login"
    assert not browser.is_signed_in()
