"""The gateway's routes for the authorization matrix: what request each persona sends.

Each call takes (world, persona, scope) and returns an ``HttpCall`` or None when the
scope does not apply. API calls carry the persona's bearer token; portal calls use the
persona's signed-in session cookie (made through the login form).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reconnect.identity.v1 import identity_pb2 as pb
from services.identity.domain import CURRENT_CONSENT_VERSIONS
from tests.assurance.canaries import letters
from tests.assurance.declarations.identity import (
    _credentials,
    _fresh_care,
    _fresh_refresh_token,
    _move_account,
    _objects,
    move_target,
    pending_move,
)
from tests.assurance.world import ELSEWHERE, HOME, TENANT_ADMIN, Persona, World, missing_id
from tests.gateway.conftest import Gateway
from tests.gateway.test_web_security import csrf_token


@dataclass
class HttpCall:
    method: str
    path: str
    tenant: str
    token: str = ""
    json: dict | None = None
    form: dict | None = None  # a portal form; the CSRF token is added when sent
    portal: bool = False  # sent with the persona's portal session instead of a bearer token
    fresh_session: bool = False  # a session of its own (signing out must not end the shared one)
    params: dict = field(default_factory=dict)


def portal_session(world: World, persona: Persona, fresh: bool = False) -> Gateway:
    """The persona's browser: signed in through the login form at its own municipality."""
    if not fresh and persona.name in world.portal_sessions:
        return world.portal_sessions[persona.name]
    client = world.http(persona.tenant)
    if persona.signed_in:
        page = client.get("/login")
        reply = client.post("/login", data={"csrf_token": csrf_token(page.text), "username": persona.username,
                                            "password": persona.password})
        assert reply.status_code == 302 and not reply.headers["Location"].endswith("/login"), reply.text[:300]
    if not fresh:
        world.portal_sessions[persona.name] = client
    return client


def send(world: World, persona: Persona, call: HttpCall):
    if call.portal:
        client = portal_session(world, persona, fresh=call.fresh_session)
        headers = {"X-Tenant": call.tenant}
        data = None
        if call.form is not None:
            page = client.get("/terms" if persona.signed_in else "/login", headers={"X-Tenant": persona.tenant})
            data = dict(call.form, csrf_token=csrf_token(page.text))
        return client.request(call.method, call.path, headers=headers, data=data)
    client = world.http(call.tenant)
    return client.request(call.method, call.path, token=call.token or None, json=call.json, params=call.params)


def _tenant(persona: Persona, scope: str) -> str:
    return ELSEWHERE if scope == "other" else persona.tenant


def api(method: str, path: str, *, scopes=("own",), body=None, params=None, path_for=None, tenant_for=None):
    """An API call: the persona's token, at its own address (or another's for 'other')."""

    def make(world: World, persona: Persona, scope: str) -> HttpCall | None:
        if scope not in scopes:
            return None
        actual = path_for(world, persona, scope) if path_for else path
        tenant = tenant_for(persona, scope) if tenant_for else persona.tenant
        return HttpCall(method, actual, tenant, world.token(persona),
                        json=body(world, persona, scope) if body else None,
                        params=params(world, persona, scope) if params else {})

    return make


def page(method: str, path: str, *, form=None, scopes=("own", "other"), fresh_session=False):
    def make(world: World, persona: Persona, scope: str) -> HttpCall | None:
        if scope not in scopes:
            return None
        return HttpCall(method, path, _tenant(persona, scope), portal=True, fresh_session=fresh_session,
                        form=form(world, persona) if form else None)

    return make


def _login_body(world: World, persona: Persona, scope: str) -> dict:
    who = _credentials(world, persona)
    return {"username": who.username, "password": who.password}


def _give_research_consent(world: World, persona: Persona, scope: str) -> str:
    if persona.signed_in:
        world.identity.GiveConsent(
            pb.GiveConsentRequest(kind=pb.CONSENT_KIND_RESEARCH, version=CURRENT_CONSENT_VERSIONS["research"]),
            metadata=world.metadata(persona), timeout=10)
    return "/api/v1/me/consents/research"


def _care_body(world: World, persona: Persona, scope: str) -> dict:
    if scope == "own":
        provider = world.objects[HOME].provider_id
        user = world.fresh_service_user(HOME) if persona.name == TENANT_ADMIN else world.objects[HOME].service_user_id
        return {"provider_id": provider, "service_user_id": user}
    objects = _objects(world, persona, scope)
    return {"provider_id": objects.provider_id, "service_user_id": objects.service_user_id}


def _care_path(world: World, persona: Persona, scope: str) -> str:
    if scope == "own":
        relationship = _fresh_care(world, HOME) if persona.name == TENANT_ADMIN else world.objects[HOME].care_relationship_id
    else:
        relationship = _objects(world, persona, scope).care_relationship_id
    return f"/api/v1/care-relationships/{relationship}"


CALLS = {
    ("POST", "/api/v1/auth/login"): api("POST", "/api/v1/auth/login", scopes=("own", "other"), body=_login_body,
                                       tenant_for=lambda p, s: ELSEWHERE if s == "other" else _login_tenant(p)),
    ("POST", "/api/v1/auth/refresh"): api("POST", "/api/v1/auth/refresh",
                                          body=lambda w, p, s: {"refresh_token": _fresh_refresh_token(w, p)}),
    ("POST", "/api/v1/auth/logout"): api("POST", "/api/v1/auth/logout",
                                         body=lambda w, p, s: {"refresh_token": _fresh_refresh_token(w, p)}),
    ("GET", "/api/v1/me"): api("GET", "/api/v1/me"),
    ("PUT", "/api/v1/me/pseudonym"): api("PUT", "/api/v1/me/pseudonym",
                                         body=lambda w, p, s: {"pseudonym": w.pseudonym()}),
    ("GET", "/api/v1/me/consents"): api("GET", "/api/v1/me/consents"),
    ("POST", "/api/v1/me/consents"): api("POST", "/api/v1/me/consents", body=lambda w, p, s: {
        "kind": "terms", "version": CURRENT_CONSENT_VERSIONS["terms"]}),
    ("DELETE", "/api/v1/me/consents/<kind>"): api("DELETE", "", path_for=_give_research_consent),
    ("GET", "/api/v1/tenant"): api("GET", "/api/v1/tenant", scopes=("own", "other"), tenant_for=_tenant),
    ("GET", "/api/v1/admin/accounts"): api("GET", "/api/v1/admin/accounts", scopes=("own", "other"),
                                           tenant_for=_tenant),
    ("POST", "/api/v1/admin/accounts"): api(
        "POST", "/api/v1/admin/accounts", scopes=("own", "other"), tenant_for=_tenant,
        body=lambda w, p, s: {"username": f"a{w.run}.h{letters(8)}", "roles": ["service_user"]}),
    ("GET", "/api/v1/admin/accounts/<account_id>"): api(
        "GET", "", scopes=("own", "other", "missing"),
        path_for=lambda w, p, s: f"/api/v1/admin/accounts/{_objects(w, p, s).peer_id}"),
    ("GET", "/api/v1/care-relationships"): api(
        "GET", "/api/v1/care-relationships", scopes=("own", "other", "missing"),
        params=lambda w, p, s: {} if s == "own" else {"provider_id": _objects(w, p, s).provider_id}),
    ("POST", "/api/v1/care-relationships"): api("POST", "/api/v1/care-relationships",
                                                scopes=("own", "other", "missing"), body=_care_body),
    ("DELETE", "/api/v1/care-relationships/<relationship_id>"): api(
        "DELETE", "", scopes=("own", "other", "missing"), path_for=_care_path),
    # Moving an account (identity decides) and the personal data export (every service's part).
    ("POST", "/api/v1/accounts/<account_id>/move"): api(
        "POST", "", scopes=("own", "other", "missing"),
        path_for=lambda w, p, s: f"/api/v1/accounts/{_move_account(w, s)}/move",
        body=lambda w, p, s: {"to_tenant": move_target(s)}),
    ("GET", "/api/v1/account-moves"): api(
        "GET", "/api/v1/account-moves", scopes=("own", "other", "missing"),
        params=lambda w, p, s: {"own": {}, "other": {"tenant": ELSEWHERE}, "missing": {"tenant": "atlantis"}}[s]),
    ("POST", "/api/v1/account-moves/<move_id>/accept"): api(
        "POST", "", scopes=("own", "other", "missing"),
        path_for=lambda w, p, s: f"/api/v1/account-moves/{pending_move(w, s, into=True)}/accept"),
    ("POST", "/api/v1/account-moves/<move_id>/cancel"): api(
        "POST", "", scopes=("own", "other", "missing"),
        path_for=lambda w, p, s: f"/api/v1/account-moves/{pending_move(w, s, into=False)}/cancel"),
    ("GET", "/api/v1/me/export"): api("GET", "/api/v1/me/export"),
    ("GET", "/my-data"): page("GET", "/my-data"),
    ("GET", "/my-data/download"): page("GET", "/my-data/download"),
    ("GET", "/api/openapi.json"): api("GET", "/api/openapi.json"),
    ("GET", "/healthz"): api("GET", "/healthz"),
    ("GET", "/readyz"): api("GET", "/readyz"),
    ("GET", "/metrics"): api("GET", "/metrics"),
    ("GET", "/static/<path:filename>"): api("GET", "/static/style.css"),
    ("GET", "/"): page("GET", "/"),
    ("GET", "/login"): page("GET", "/login"),
    ("POST", "/login"): lambda w, p, s: None if s != "own" else HttpCall(
        "POST", "/login", _login_tenant(p), portal=True, fresh_session=True,
        form=_login_body(w, p, s)),
    ("POST", "/logout"): page("POST", "/logout", form=lambda w, p: {}, scopes=("own",), fresh_session=True),
    ("GET", "/login/oidc/<name>"): page("GET", "/login/oidc/idporten", scopes=("own",)),
    ("GET", "/login/oidc/callback"): page("GET", "/login/oidc/callback?code=x&state=y", scopes=("own",)),
    ("GET", "/pseudonym"): page("GET", "/pseudonym"),
    ("POST", "/pseudonym"): page("POST", "/pseudonym", form=lambda w, p: {"pseudonym": w.pseudonym()}),
    ("GET", "/terms"): page("GET", "/terms"),
    ("POST", "/terms"): page("POST", "/terms", form=lambda w, p: {"accept": "yes"}),
    ("POST", "/language"): page("POST", "/language", form=lambda w, p: {"lang": "nb", "next": "/"},
                                scopes=("own",)),
}


def _login_tenant(persona: Persona) -> str:
    return persona.tenant if persona.signed_in else HOME


__all__ = ["CALLS", "HttpCall", "send", "portal_session", "missing_id"]
