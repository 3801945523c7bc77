"""The gateway's account routes: one's sessions, second factor and erasure (``/api/v1/me/...``,
``/account/...``), the code page of a staff sign-in (``/login/second-factor``) and a tenant
admin's deactivation switch (``/api/v1/accounts/<id>/active``).

Rules, read from the code (services/gateway/account_api.py, account_portal.py):

* An API route answers as the identity method it calls (its row in ``policies.GRPC``, whose
  every persona x scope the gRPC matrix sends). Through the gateway: every persona on the
  sessions listing (a read); anonymous callers on the routes that change or end something
  of the persona's own (ending a session, the second factor, erasure); on deactivation also
  the refused personas with a made-up id (identity refuses by role before any lookup).
* The erasure progress by receipt is public (the receipt is the credential): a made-up
  receipt is "not found" for everyone.
* The account pages are ``signed_in_page``: every signed-in persona sees them, anonymous
  visitors and sessions at another municipality's address are sent to sign in. Forms that
  would change the persona's own sign-ins, second factor or account are sent by anonymous
  visitors and at another municipality's address only. The progress page and the code page
  of a staff sign-in are public (``tenant_page``); the code page without a password sign-in
  waiting for it sends everyone to sign in.
"""

from __future__ import annotations

from tests.assurance.declarations.gateway import HttpCall, _tenant
from tests.assurance.world import ANONYMOUS, SIGNED_IN, Persona, World, missing_id

_I = "identity/"
API_ROWS: dict[tuple[str, str], str] = {
    ("GET", "/api/v1/me/sessions"): _I + "ListSessions",
    ("DELETE", "/api/v1/me/sessions/<session_id>"): _I + "RevokeSession",
    ("POST", "/api/v1/me/second-factor"): _I + "BeginTotpSetup",
    ("POST", "/api/v1/me/second-factor/confirm"): _I + "ConfirmTotpSetup",
    ("POST", "/api/v1/me/step-up"): _I + "StepUp",
    ("POST", "/api/v1/me/erasure"): _I + "RequestErasure",
    ("PUT", "/api/v1/accounts/<account_id>/active"): _I + "SetAccountActive",
}
_BODIES = {
    ("POST", "/api/v1/me/second-factor/confirm"): {"code": "123456"},
    ("POST", "/api/v1/me/step-up"): {"second_factor": "123456"},
    ("POST", "/api/v1/me/erasure"): {"password": "not it", "confirm": True},
    ("PUT", "/api/v1/accounts/<account_id>/active"): {"active": True},
}
_READS = {("GET", "/api/v1/me/sessions")}
_ROLE_FIRST = {("PUT", "/api/v1/accounts/<account_id>/active")}


def _api_call(route: tuple[str, str], row: str):
    method, rule = route

    def make(world: World, persona: Persona, scope: str) -> HttpCall | None:
        from tests.assurance.policies import GRPC

        if scope != "own":
            return None
        if persona.name != ANONYMOUS and route not in _READS:
            if route not in _ROLE_FIRST or persona.name in GRPC[row].allowed:
                return None  # changes or ends the persona's own account: the gRPC matrix covers it
        path = rule.replace("<session_id>", missing_id()).replace("<account_id>", missing_id())
        return HttpCall(method, path, persona.tenant, world.token(persona), json=_BODIES.get(route))

    return make


API = {route: (row, _api_call(route, row)) for route, row in API_ROWS.items()}


def _erasure_status_call(world: World, persona: Persona, scope: str) -> HttpCall | None:
    if scope != "own":
        return None
    return HttpCall("GET", "/api/v1/me/erasure", persona.tenant, world.token(persona),
                    params={"receipt": "x" * 32})


def _page_call(method: str, path: str, *, everyone: bool, form: dict | None = None):
    def make(world: World, persona: Persona, scope: str) -> HttpCall | None:
        if scope not in ("own", "other"):
            return None
        if not everyone and scope == "own" and persona.name != ANONYMOUS:
            return None
        return HttpCall(method, path, _tenant(persona, scope), portal=True,
                        form=dict(form or {}) if method == "POST" else None)

    return make


def routes():
    """(method, rule) -> (Rule, call), for policies.HTTP and the matrix's calls."""
    from tests.assurance.policies import NOT_FOUND, PAGE, REDIRECT, SIGN_IN, across, public, signed_in

    def own_page(ok, why):
        return signed_in(why, ok=ok, anonymous=SIGN_IN, across=across(SIGN_IN))

    table = {
        ("GET", "/api/v1/me/erasure"): (public("the receipt is the credential; a made-up one is not found",
                                               ok=NOT_FOUND), _erasure_status_call),
        ("GET", "/account/erasure/progress"): (public("the progress page by the receipt in this browser",
                                                      across=across(PAGE), ok=PAGE),
                                               _page_call("GET", "/account/erasure/progress", everyone=True)),
        ("POST", "/account/erasure/progress"): (public("remembers a typed receipt in this browser",
                                                       across=across(REDIRECT), ok=REDIRECT),
                                                _page_call("POST", "/account/erasure/progress", everyone=True,
                                                           form={"receipt": "x" * 32})),
        ("GET", "/login/second-factor"): (public("no password sign-in waits for a code: to sign-in",
                                                 across=across(SIGN_IN), ok=SIGN_IN),
                                          _page_call("GET", "/login/second-factor", everyone=True)),
        ("POST", "/login/second-factor"): (public("no password sign-in waits for a code: to sign-in",
                                                  across=across(SIGN_IN), ok=SIGN_IN),
                                           _page_call("POST", "/login/second-factor", everyone=True,
                                                      form={"code": "123456"})),
        ("POST", "/account/sessions/<session_id>/revoke"): (
            own_page(REDIRECT, "signed_in_page; identity lists only the caller's own sign-ins, an unknown one "
                               "is 'already ended'"),
            _page_call("POST", f"/account/sessions/{missing_id()}/revoke", everyone=True)),
    }
    for path in ("/account", "/account/sessions", "/account/second-factor", "/account/step-up",
                 "/account/erasure"):
        table[("GET", path)] = (own_page(PAGE, "signed_in_page: the caller's own account"),
                                _page_call("GET", path, everyone=True))
    # Forms that change the persona's own sign-ins, second factor or account.
    for path, ok in (("/account/sessions/revoke-others", REDIRECT), ("/account/second-factor", PAGE),
                     ("/account/second-factor/confirm", PAGE), ("/account/step-up", REDIRECT),
                     ("/account/erasure", REDIRECT)):
        table[("POST", path)] = (own_page(ok, "signed_in_page: the caller's own account"),
                                 _page_call("POST", path, everyone=False))
    return table


__all__ = ["API", "API_ROWS", "routes", "SIGNED_IN"]
