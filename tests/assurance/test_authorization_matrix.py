"""Part 1: every role x every gateway route and gRPC method x own / other tenant answers
as declared in policies.py; another tenant's object answers exactly like a missing one."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections import Counter

import grpc
import pytest

import reconnect
from reconnect_stack.stack import SERVICES
from services.gateway.app import create_app
from services.gateway.settings import GatewaySettings
from services.kit.client import channel
from tests.assurance.declarations import CONTRACT_SERVICE, GRPC_CALLS, HTTP_CALLS, STREAMING, STUBS
from tests.assurance.declarations.common import As
from tests.assurance.declarations.gateway import send
from tests.assurance.policies import GRPC, HTTP, KNOWN_DEFECTS, KNOWN_HTTP_DEFECTS, PENDING_SERVICES, Outcome
from tests.assurance.world import PERSONAS

PART = "1 authorization matrix"
SCOPES = ("own", "other", "missing")
AUTOMATIC_METHODS = {"HEAD", "OPTIONS"}
GRPC_OUTCOMES = {
    grpc.StatusCode.OK: Outcome.OK,
    grpc.StatusCode.UNAUTHENTICATED: Outcome.UNAUTHENTICATED,
    grpc.StatusCode.PERMISSION_DENIED: Outcome.FORBIDDEN,
    grpc.StatusCode.NOT_FOUND: Outcome.NOT_FOUND,
    grpc.StatusCode.INVALID_ARGUMENT: Outcome.INVALID,
}
HTTP_OUTCOMES = {400: Outcome.INVALID, 401: Outcome.UNAUTHENTICATED, 403: Outcome.FORBIDDEN, 404: Outcome.NOT_FOUND}


# -- what exists --------------------------------------------------------------------------


def contract_methods() -> dict[str, list[str]]:
    """Every gRPC method of every generated service contract, by service ("identity")."""
    found: dict[str, list[str]] = {}
    for module_info in pkgutil.walk_packages(reconnect.__path__, "reconnect."):
        if not module_info.name.endswith("_pb2") or ".events." in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for service in module.DESCRIPTOR.services_by_name.values():
            name = module_info.name.split(".")[1]
            name = CONTRACT_SERVICE.get(name, name)
            found.setdefault(name, []).extend(m.name for m in service.methods)
    return found


def served_routes(identity_address: str) -> set[tuple[str, str]]:
    app = create_app(GatewaySettings(secret_key="s" * 40, identity_address=identity_address, environment="test"))
    return {(method, rule.rule) for rule in app.url_map.iter_rules() for method in rule.methods - AUTOMATIC_METHODS}


def test_every_route_and_method_has_a_declared_policy(stack, report):
    running = {spec.name for spec in SERVICES}
    contracts = contract_methods()
    problems = []
    declared_methods = set()
    for service, methods in sorted(contracts.items()):
        if service in PENDING_SERVICES:
            continue  # reported below: loudly when its process already runs
        if service not in running:
            problems.append(f"{service}: a contract with no running service and no pending note")
            continue
        for method in methods:
            key = f"{service}/{method}"
            declared_methods.add(key)
            if key not in GRPC:
                problems.append(f"gRPC {key}: no declared policy in policies.GRPC")
            if key not in GRPC_CALLS:
                problems.append(f"gRPC {key}: no call in declarations/{service}.py")
    problems += [f"gRPC {key}: declared but no such method is served" for key in set(GRPC) - declared_methods]

    routes = served_routes(stack.identity_address)
    problems += [f"HTTP {r}: no declared policy in policies.HTTP" for r in sorted(routes - set(HTTP))]
    problems += [f"HTTP {r}: declared but not served" for r in sorted(set(HTTP) - routes)]
    problems += [f"HTTP {r}: no call in declarations/gateway.py" for r in sorted(routes - set(HTTP_CALLS))]
    # The OpenAPI document of the running gateway names only served routes.
    document = requests_json(stack.gateway_url + "/api/openapi.json")
    for path, item in document["paths"].items():
        rule = re.sub(r"\{([^}]+)\}", r"<\1>", path)
        for method in item:
            if (method.upper(), rule) not in routes:
                problems.append(f"OpenAPI {method.upper()} {path}: documented, not served")
    assert not problems, "\n".join(problems)
    pending = ", ".join(f"{s} ({len(contracts.get(s, []))} methods: {why})" for s, why in PENDING_SERVICES.items())
    undeclared = sorted(set(PENDING_SERVICES) & running)
    report.add(PART, f"declared: {len(GRPC)} gRPC methods of {len(running - set(undeclared))} service(s), "
                     f"{len(HTTP)} gateway routes; pending: {pending}"
                     + (f"; RUNNING BUT UNDECLARED: {', '.join(undeclared)}" if undeclared else ""))
    if undeclared:
        # Loud, not silent: a service in the stack whose methods have no rows yet.
        pytest.xfail(f"running without declared policies: {', '.join(undeclared)} (add rows to policies.GRPC, "
                     "calls to declarations/, then remove it from PENDING_SERVICES)")


def requests_json(url: str) -> dict:
    import requests

    return requests.get(url, headers={"X-Tenant": "nordvik"}, timeout=10).json()


# -- the matrix ------------------------------------------------------------------------------


class Ledger:
    """The answers the matrix got, and what did not match the declaration."""

    def __init__(self):
        self.checked = 0
        self.by_outcome: Counter = Counter()
        self.mismatches: list[str] = []

    def expect(self, where: str, persona: str, scope: str, expected: Outcome, got: Outcome | str) -> None:
        self.checked += 1
        self.by_outcome[expected.value] += 1
        if got != expected:
            shown = got.value if isinstance(got, Outcome) else got
            self.mismatches.append(f"{where} as {persona} ({scope} tenant): expected {expected.value}, got {shown}")


def _grpc_call(world, key: str, persona_name: str, scope: str) -> Outcome | str | None:
    service, method = key.split("/")
    persona = world.personas[persona_name]
    try:
        request = GRPC_CALLS[key](world, persona, scope)
    except grpc.RpcError as error:  # preparing the call failed: report it with the rest
        return f"preparing the call failed: {error.code().name}: {error.details()}"
    if request is None:
        return None
    metadata = world.metadata(persona)
    if isinstance(request, As):
        request, metadata = request.request, request.metadata
    stub = STUBS[service](channel(world.stack.services[service].address))
    try:
        if key in STREAMING:
            # A stream that opens and waits for news until the deadline was let in.
            try:
                for _ in getattr(stub, method)(request, metadata=metadata, timeout=1.0):
                    break
            except grpc.RpcError as error:
                if error.code() != grpc.StatusCode.DEADLINE_EXCEEDED:
                    raise
        else:
            getattr(stub, method)(request, metadata=metadata, timeout=10)
    except grpc.RpcError as error:
        return GRPC_OUTCOMES.get(error.code(), f"{error.code().name}: {error.details()}")
    return Outcome.OK


def _grpc_ledger(world, keys) -> Ledger:
    ledger = Ledger()
    for key in keys:
        rule = GRPC[key]
        for persona in PERSONAS:
            answers = {}
            for scope in SCOPES:
                if scope != "own" and rule.across is None:
                    continue
                got = _grpc_call(world, key, persona, scope)
                if got is None:
                    continue
                answers[scope] = got
                if scope in ("own", "other"):
                    ledger.expect(key, persona, scope, rule.expect(persona, scope), got)
            _same_as_missing(ledger, key, persona, answers)
    return ledger


def test_grpc_methods_answer_every_role_as_declared(world, report):
    ledger = _grpc_ledger(world, sorted(set(GRPC) - set(KNOWN_DEFECTS)))
    assert not ledger.mismatches, "\n".join(ledger.mismatches)
    report.add(PART, f"gRPC: {ledger.checked} answers (methods x {len(PERSONAS)} personas x own/other tenant) "
                     f"matched the declaration: {dict(ledger.by_outcome)}")


@pytest.mark.parametrize("key", sorted(KNOWN_DEFECTS))
def test_known_defects_in_the_matrix(world, key, request):
    """Each known defect, on its own: strict xfail, so its fix turns the run red until the
    row leaves KNOWN_DEFECTS (and joins the matrix above)."""
    request.applymarker(pytest.mark.xfail(strict=True, reason=KNOWN_DEFECTS[key]))
    ledger = _grpc_ledger(world, [key])
    assert not ledger.mismatches, "\n".join(ledger.mismatches)


def _same_as_missing(ledger: Ledger, where: str, persona: str, answers: dict) -> None:
    """Refused across tenants: the answer must not tell that the object exists."""
    other, missing = answers.get("other"), answers.get("missing")
    if other is None or missing is None or other == Outcome.OK:
        return
    ledger.checked += 1
    if other != missing:
        ledger.mismatches.append(f"{where} as {persona}: another tenant's object answers {other}, "
                                 f"a missing one {missing} (tells that it exists)")


def _http_outcome(response, portal: bool) -> Outcome | str:
    status = response.status_code
    if portal and status == 302:
        return Outcome.SIGN_IN if response.headers["Location"].split("?")[0].endswith("/login") else Outcome.REDIRECT
    if portal and status == 200 and response.headers.get("Content-Type", "").startswith("text/html"):
        return Outcome.PAGE
    if 200 <= status < 300:
        return Outcome.OK
    if status in HTTP_OUTCOMES:
        return HTTP_OUTCOMES[status]
    return f"HTTP {status}: {response.text[:200]}"


def _http_ledger(world, routes):
    ledger = Ledger()
    requests_sent = 0
    not_problem_json = []
    for route in routes:
        rule = HTTP[route]
        for persona_name in PERSONAS:
            persona = world.personas[persona_name]
            answers = {}
            for scope in SCOPES:
                if scope != "own" and rule.across is None:
                    continue
                call = HTTP_CALLS[route](world, persona, scope)
                if call is None:
                    continue
                response = send(world, persona, call)
                requests_sent += 1
                got = _http_outcome(response, call.portal)
                answers[scope] = got
                if scope in ("own", "other"):
                    ledger.expect(f"{route[0]} {route[1]}", persona_name, scope, rule.expect(persona_name, scope), got)
                if call.path.startswith("/api/") and response.status_code >= 400:
                    if not response.headers.get("Content-Type", "").startswith("application/problem+json"):
                        not_problem_json.append(f"{route} as {persona_name}: {response.status_code}")
            _same_as_missing(ledger, f"{route[0]} {route[1]}", persona_name, answers)
    return ledger, requests_sent, not_problem_json


@pytest.mark.parametrize("route", sorted(KNOWN_HTTP_DEFECTS), ids=" ".join)
def test_known_defects_through_the_gateway(world, route, request):
    request.applymarker(pytest.mark.xfail(strict=True, reason=KNOWN_HTTP_DEFECTS[route]))
    ledger, _, _ = _http_ledger(world, [route])
    assert not ledger.mismatches, "\n".join(ledger.mismatches)


def test_gateway_routes_answer_every_role_as_declared(world, report):
    ledger, requests_sent, not_problem_json = _http_ledger(world, sorted(set(HTTP) - set(KNOWN_HTTP_DEFECTS)))
    assert not ledger.mismatches, "\n".join(ledger.mismatches)
    assert not not_problem_json, "API errors without problem+json:\n" + "\n".join(not_problem_json)
    report.add(PART, f"HTTP: {requests_sent} requests, {ledger.checked} answers matched the declaration "
                     f"(routes x {len(PERSONAS)} personas x own/other tenant, API and portal): {dict(ledger.by_outcome)}")
