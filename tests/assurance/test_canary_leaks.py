"""Part 2: canaries planted in personal details reach no log, metric, event or error body;
every metric series has bounded labels."""

from __future__ import annotations

import re
import uuid

import grpc
from prometheus_client.parser import text_string_to_metric_families

from reconnect.identity.v1 import identity_pb2 as pb
from tests.assurance.canaries import ERRORS, EVENTS, LOGS, METRICS, search
from tests.assurance.declarations import HTTP_CALLS
from tests.assurance.declarations.gateway import send
from tests.assurance.observe import all_stream_messages, fetch, log_files, metrics_endpoints, outbox_drained
from tests.assurance.world import ANONYMOUS, HOME, SERVICE_USER, TENANT_ADMIN
from tests.conftest import wait_for

PART = "2 canary leak scan"
# The personas that walk every route once more after the canaries are planted.
WALKERS = (ANONYMOUS, SERVICE_USER, TENANT_ADMIN)
UUID_LIKE = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.IGNORECASE)
LONG_HEX_OR_DIGITS = re.compile(r"[0-9a-f]{16,}|\d{6,}", re.IGNORECASE)


def _error_bodies_with_canary_input(world) -> list[tuple[str, bytes]]:
    """Refused requests whose input carries canaries: the answers must not echo them."""
    canaries = world.canaries
    su, admin = world.personas[SERVICE_USER], world.personas[TENANT_ADMIN]
    client = world.http(HOME)
    attempts = [
        ("login, unknown national ID as username", client.post(
            "/api/v1/auth/login", json={"username": canaries.national_id(), "password": canaries.password()})),
        ("login, wrong password", client.post(
            "/api/v1/auth/login", json={"username": su.username, "password": canaries.password()})),
        ("refresh, made-up token", client.post("/api/v1/auth/refresh", json={"refresh_token": canaries.password()})),
        ("pseudonym that is an e-mail", client.put(
            "/api/v1/me/pseudonym", token=world.token(su), json={"pseudonym": canaries.email()})),
        ("pseudonym that is a phone number", client.put(
            "/api/v1/me/pseudonym", token=world.token(su), json={"pseudonym": canaries.phone()})),
        ("account with a malformed e-mail", client.post(
            "/api/v1/admin/accounts", token=world.token(admin),
            json={"username": f"a{world.run}.bad", "roles": ["service_user"], "email": "x " + canaries.email(),
                  "real_name": canaries.real_name()})),
        ("account with too long a name", client.post(
            "/api/v1/admin/accounts", token=world.token(admin),
            json={"username": f"a{world.run}.long", "roles": ["service_user"],
                  "real_name": canaries.real_name() + " " + "x" * 200})),
        ("account with a wrong type", client.post(
            "/api/v1/admin/accounts", token=world.token(admin),
            json={"username": f"a{world.run}.typ", "roles": ["service_user"], "phone": 12, "email": canaries.email()})),
        ("an account id that is a name", client.get(
            f"/api/v1/admin/accounts/{canaries.real_name()}", token=world.token(admin))),
    ]
    bodies = []
    for what, response in attempts:
        assert response.status_code >= 400, f"{what}: expected a refusal, got {response.status_code}"
        bodies.append((what, response.content + str(response.headers).encode()))
    # Straight to identity over gRPC: the status details must not echo the input either.
    for request in (pb.SetPseudonymRequest(pseudonym=canaries.email()),
                    pb.SetPseudonymRequest(pseudonym=canaries.national_id())):
        try:
            world.identity.SetPseudonym(request, metadata=world.metadata(su), timeout=10)
            raise AssertionError("an identifying pseudonym was accepted")
        except grpc.RpcError as error:
            bodies.append(("gRPC SetPseudonym", (error.details() or "").encode() + str(error.trailing_metadata()).encode()))
    return bodies


def test_an_unknown_key_is_not_echoed_when_it_is_personal_data(world, planted):
    email = planted.email()
    response = world.http(HOME).post("/api/v1/auth/login", json={"username": "x", "password": "y", email: 1})
    assert response.status_code == 400
    assert not search(response.content, planted.for_place(ERRORS), ERRORS, "unknown key")


def _walk_every_route(world) -> list[tuple[str, bytes]]:
    """Every route once more, by a few personas, now that the canaries are in place."""
    bodies = []
    for route, make in sorted(HTTP_CALLS.items()):
        for name in WALKERS:
            persona = world.personas[name]
            call = make(world, persona, "own")
            if call is None:
                continue
            response = send(world, persona, call)
            if response.status_code >= 400:
                bodies.append((f"{route} as {name}", response.content))
    return bodies


def test_canaries_reach_no_log_metric_event_or_error_body(world, planted, report):
    error_bodies = _error_bodies_with_canary_input(world) + _walk_every_route(world)
    wait_for(lambda: outbox_drained(world.stack), timeout=30, message="every event published")
    hits = []

    logs = log_files(world.stack)
    assert any(p.name == "gateway.log" for p in logs) and any(p.name == "identity.log" for p in logs), logs
    log_bytes = 0
    for path in logs:
        data = path.read_bytes()
        log_bytes += len(data)
        hits += search(data, planted.for_place(LOGS), LOGS, str(path.relative_to(world.stack.var_dir)))

    series = 0
    for name, url in metrics_endpoints(world.stack).items():
        text = fetch(url)
        series += sum(1 for line in text.splitlines() if line and not line.startswith("#"))
        hits += search(text.encode(), planted.for_place(METRICS), METRICS, name)

    messages = all_stream_messages(world.stack.nats_url)
    assert messages, "no events on any stream: the scan would prove nothing"
    for message in messages:
        raw = message.subject.encode() + message.data + str(message.headers).encode()
        hits += search(raw, planted.for_place(EVENTS), EVENTS, f"{message.stream} {message.subject}")

    for what, body in error_bodies:
        hits += search(body, planted.for_place(ERRORS), ERRORS, what)

    assert not hits, "\n".join(str(h) for h in hits)
    pending = "; ".join(world.canary_pending) or "none"
    report.add(PART, f"{len(planted.canaries)} canaries ({', '.join(planted.kinds())}) searched in {len(logs)} log "
                     f"files ({log_bytes} bytes), {len(metrics_endpoints(world.stack))} /metrics endpoints "
                     f"({series} samples), {len(messages)} events on "
                     f"{len({m.subject for m in messages})} subjects, {len(error_bodies)} error bodies: 0 hits. "
                     f"Pending sources: {pending}")


def _label_values(text: str) -> list[tuple[str, str, str]]:
    found = []
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found += [(sample.name, key, value) for key, value in sample.labels.items()]
    return found


def _series_count(stack) -> dict[str, int]:
    counts = {}
    for name, url in metrics_endpoints(stack).items():
        for family in text_string_to_metric_families(fetch(url)):
            counts[f"{name}:{family.name}"] = len(family.samples)
    return counts


def test_metric_labels_are_bounded(world, report):
    # Personal identifiers that must never be a label value.
    known = {p.account_id for p in world.personas.values() if p.account_id}
    known |= {p.username for p in world.personas.values() if p.username}
    for persona in world.personas.values():
        if persona.signed_in:
            pseudonym = world.identity.GetMe(pb.GetMeRequest(), metadata=world.metadata(persona), timeout=10).pseudonym
            if pseudonym:
                known.add(pseudonym)

    before = _series_count(world.stack)
    # Many distinct ids through id-bearing routes, unknown routes and gRPC: series must not follow them.
    client = world.http(HOME)
    admin_token = world.token(TENANT_ADMIN)
    distinct = 25
    for _ in range(distinct):
        unique = str(uuid.uuid4())
        client.get(f"/api/v1/admin/accounts/{unique}", token=admin_token)
        client.get(f"/api/v1/no-such-route/{unique}")
        client.get(f"/{unique}")
        try:
            world.identity.GetAccount(pb.GetAccountRequest(account_id=unique), metadata=world.metadata(TENANT_ADMIN))
        except grpc.RpcError:
            pass
    after = _series_count(world.stack)
    grown = {family: after[family] - before.get(family, 0) for family in after
             if after[family] - before.get(family, 0) >= distinct}
    assert not grown, f"series grew with the number of distinct ids: {grown}"

    offending = []
    labels = 0
    for name, url in metrics_endpoints(world.stack).items():
        for metric, key, value in _label_values(fetch(url)):
            labels += 1
            if key == "le" and _is_number(value):
                continue  # a histogram's bucket bound: fixed in the code, not data
            if value in known or UUID_LIKE.search(value) or LONG_HEX_OR_DIGITS.search(value):
                offending.append(f"{name} {metric}{{{key}={value!r}}}")
    assert not offending, "unbounded or personal label values:\n" + "\n".join(offending[:30])
    report.add(PART, f"metrics: {labels} label values on {len(after)} families checked for ids, uuids, "
                     f"usernames and pseudonyms ({len(known)} known); {distinct} distinct ids added no series")


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True
