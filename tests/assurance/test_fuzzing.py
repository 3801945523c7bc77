"""Part 4: schemathesis against the running gateway's /api/openapi.json, per role.

Positive cases must answer as the document says (no 5xx, documented status, content
type, schema and headers); negative (malformed) cases must be refused with a 4xx
problem+json. The stateful run follows the links schemathesis infers from the document
(create an account, then read it). Examples are bounded so the part stays near a minute.
"""

from __future__ import annotations

import time
from collections import Counter

import hypothesis
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.assurance.world import ANONYMOUS, HOME, SERVICE_USER, TENANT_ADMIN
from tests.gateway.conftest import SourceAddressAdapter, random_loopback

PART = "4 fuzzing"
ROLES = (ANONYMOUS, SERVICE_USER, TENANT_ADMIN)
EXAMPLES = {GenerationMode.POSITIVE: 2, GenerationMode.NEGATIVE: 2}
# Malformed input is refused before the role matters (anonymous callers get 401 first): one role.
NEGATIVE_ROLES = (SERVICE_USER,)
BUDGET_SECONDS = 45  # the part stays bounded on a loaded machine; the report says what was covered
STATEFUL_EXAMPLES = 6
PROBLEM = "application/problem+json"
# A request line or header past gunicorn's limits (8190 bytes) is answered by the HTTP server
# itself, as any front proxy would: 414 URI Too Long, 431/400 for headers. Refusals all the same.
SERVER_LEVEL_REFUSALS = {414, 431}
POSITIVE_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
                   response_schema_conformance, response_headers_conformance]


def problem_json_on_refusal(ctx, response, case):
    """Every refused API call answers an RFC 9457 problem document."""
    if response.status_code in SERVER_LEVEL_REFUSALS:
        return None  # gunicorn refuses these before the request reaches the application
    if response.status_code >= 400 and case.path.startswith("/api/v1"):
        headers = {key.lower(): value for key, value in response.headers.items()}
        media = headers.get("content-type", [""])
        media = media[0] if isinstance(media, list) else media
        assert media.startswith(PROBLEM), f"{response.status_code} answered {media}, not {PROBLEM}"
        body = response.json()
        assert {"type", "title", "status", "detail"} <= set(body), body
        assert body["status"] == response.status_code
    return None


def malformed_body_or_path_rejected(ctx, response, case):
    """Malformed bodies and path values are refused (4xx). Negated headers and query strings
    are left out: the suite sets the Authorization and X-Tenant headers itself, and the
    gateway ignores query parameters it does not know, as HTTP APIs commonly do."""
    meta = case.meta
    negated = {location for location, info in (meta.components.items() if meta else ())
               if info.mode.is_negative}
    if negated and negated <= {ParameterLocation.BODY, ParameterLocation.PATH}:
        if response.status_code == 413:
            return None  # refused as too large before it is parsed: a refusal all the same
        return negative_data_rejection(ctx, response, case)
    return None


NEGATIVE_CHECKS = [not_a_server_error, malformed_body_or_path_rejected, problem_json_on_refusal]


class Fuzzer:
    def __init__(self, world, persona_name: str):
        self.world = world
        persona = world.personas[persona_name]
        # A client address of its own: random logins must not throttle anyone else's tests.
        self.session = requests.Session()
        self.session.mount("http://", SourceAddressAdapter(random_loopback()))
        self.headers = {"X-Tenant": HOME}
        if persona.signed_in:
            self.headers["Authorization"] = f"Bearer {world.token(persona)}"
        self.requests = 0
        self.statuses: Counter = Counter()

    def call(self, case, checks, additional=()):
        response = case.call(session=self.session, headers=self.headers, timeout=15)
        self.requests += 1
        self.statuses[response.status_code // 100 * 100] += 1
        case.validate_response(response, checks=checks, additional_checks=list(additional),
                               headers=self.headers)


def _settings(examples: int) -> hypothesis.settings:
    return hypothesis.settings(
        max_examples=examples, deadline=None, database=None, derandomize=False,
        phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
    )


@pytest.fixture(scope="module")
def schema(stack):
    return schemathesis.openapi.from_url(f"{stack.gateway_url}/api/openapi.json", headers={"X-Tenant": HOME})


def _fuzz_operation(fuzzer: Fuzzer, operation, mode: GenerationMode) -> None:
    checks = POSITIVE_CHECKS + [problem_json_on_refusal] if mode == GenerationMode.POSITIVE else NEGATIVE_CHECKS

    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    @_settings(EXAMPLES[mode])
    def run(case):
        fuzzer.call(case, checks)

    run()


def test_fuzz_every_operation_per_role(world, schema, report):
    failures = []
    totals = Counter()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14, "the document lost operations"
    started = time.monotonic()
    done = 0
    for role in ROLES:
        fuzzer = Fuzzer(world, role)
        for operation in operations:
            if time.monotonic() - started > BUDGET_SECONDS:
                break
            done += 1
            modes = (GenerationMode.POSITIVE,) + ((GenerationMode.NEGATIVE,) if role in NEGATIVE_ROLES else ())
            for mode in modes:
                try:
                    _fuzz_operation(fuzzer, operation, mode)
                except hypothesis.errors.Unsatisfiable:
                    continue  # e.g. no negative form of a body-less GET
                except Exception as error:  # noqa: BLE001 - each failure is reported, the run goes on
                    failures.append(f"{role} {mode.value} {operation.label}: {str(error)[:800]}")
        totals[role] = fuzzer.requests
        totals.update({f"{k}s": v for k, v in fuzzer.statuses.items()})
    assert not failures, "\n\n".join(failures)
    report.add(PART, f"{done} of {len(operations) * len(ROLES)} operation x role pairs ({len(operations)} operations, "
                     f"{len(ROLES)} roles) fuzzed within a {BUDGET_SECONDS}s budget "
                     f"(anonymous, service user, tenant admin positive; service user negative): "
                     f"{sum(totals[r] for r in ROLES)} requests, "
                     f"by class {dict((k, v) for k, v in totals.items() if k not in ROLES)}; no 5xx, all conform")


def test_fuzz_stateful_as_tenant_admin(world, schema, report):
    fuzzer = Fuzzer(world, TENANT_ADMIN)
    machine = schema.as_state_machine()

    class AsTenantAdmin(machine):
        def get_call_kwargs(self, case):
            return {"session": fuzzer.session, "headers": fuzzer.headers, "timeout": 15}

        def after_call(self, response, case):
            fuzzer.requests += 1
            fuzzer.statuses[response.status_code // 100 * 100] += 1

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=POSITIVE_CHECKS + [problem_json_on_refusal],
                                   headers=fuzzer.headers)

    AsTenantAdmin.run(settings=hypothesis.settings(
        max_examples=STATEFUL_EXAMPLES, stateful_step_count=6, deadline=None, database=None,
        phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck)))
    assert fuzzer.requests > 0
    report.add(PART, f"stateful (links inferred from the document) as tenant admin: {fuzzer.requests} requests "
                     f"in {STATEFUL_EXAMPLES} scenarios, by class {dict(fuzzer.statuses)}")


# -- integers beyond protobuf's int32, deterministically --------------------------------------------

_HUGE = 2**40
_UNBOUNDED = {
    "POST /api/v1/cafes capacity": ("/api/v1/cafes", {
        "title": "Assurance", "venue": "Hall", "capacity": _HUGE,
        "recurrence": {"duration_minutes": 60, "local_time": "18:00", "first_date": "2031-01-01",
                       "rrule": "FREQ=WEEKLY"}}),
    "POST /api/v1/toolbox/exercises duration_minutes": ("/api/v1/toolbox/exercises", {
        "category": "mindfulness", "title_nb": "Pust", "title_en": "Breathe", "body_nb": "Pust rolig.",
        "body_en": "Breathe calmly.", "duration_minutes": _HUGE}),
}

@pytest.mark.parametrize("case", sorted(_UNBOUNDED))
def test_an_integer_outside_int32_is_refused_with_400(world, case, report):
    path, body = _UNBOUNDED[case]
    response = world.http(HOME).post(path, token=world.token(TENANT_ADMIN), json=body)
    assert response.status_code == 400, f"{case}: {response.status_code} {response.text[:200]}"
    field = case.rsplit(" ", 1)[1]
    assert response.json()["field"].endswith(field), response.text
    report.add(PART, f"{case} = 2**40 (beyond protobuf int32): 400 naming the field")
