"""Part 7: sign-in limits per account and per client address, and one municipality's
flood does not throttle another's people; the forum's per-account posting pace."""

from __future__ import annotations

from tests.assurance.world import ELSEWHERE, HOME
from tests.conftest import SUITE_POSTS_PER_MINUTE
from tests.gateway.conftest import Gateway, assert_problem, random_loopback

PART = "7 rate limits"
LOGIN = "/api/v1/auth/login"
GATEWAY_LIMIT = 10  # failed sign-ins per username and per address in a minute (GatewaySettings)
IDENTITY_LOCKOUT = 5  # failures before identity locks the account itself (region-wide backstop)


def _fail(world, tenant: str, username: str, source: str | None = None):
    client = Gateway(world.stack.gateway_url, tenant=tenant, source=source or random_loopback())
    return client.post(LOGIN, json={"username": username, "password": "definitely-wrong-1"})


def test_an_account_is_locked_after_repeated_failures_from_anywhere(world, report):
    victim = world.create_account(HOME, "lock", ["service_user"], canary_details=False)
    answers = [_fail(world, HOME, victim.username).status_code for _ in range(IDENTITY_LOCKOUT)]
    assert answers == [401] * IDENTITY_LOCKOUT
    # Even the right password, from a fresh address, is refused while the account is locked.
    right = world.http(HOME).post(LOGIN, json={"username": victim.username, "password": victim.password})
    assert_problem(right, 429)
    assert int(right.headers["Retry-After"]) > 0
    report.add(PART, f"per account: {IDENTITY_LOCKOUT} failures from {IDENTITY_LOCKOUT} addresses locked the "
                     "account (right password then 429 with Retry-After)")


def test_a_flood_against_one_municipality_does_not_throttle_another(world, report):
    # A name nobody has, flooded at HOME, then tried at ELSEWHERE.
    username = f"a{world.run}.twin"
    twins = {tenant: world.create_account(tenant, "twin", ["service_user"], canary_details=False)
             for tenant in (HOME, ELSEWHERE)}
    attacker = random_loopback()
    flood = 0
    # Failures for the twin's name at HOME, from one address, past the gateway's limit.
    while _fail(world, HOME, twins[HOME].username + "x", attacker).status_code != 429:
        flood += 1
        assert flood <= GATEWAY_LIMIT, "the per-address limit did not engage"
    # The other municipality's people, from their own addresses, sign in as usual.
    other = twins[ELSEWHERE]
    reply = world.http(ELSEWHERE).post(LOGIN, json={"username": other.username, "password": other.password})
    assert reply.status_code == 200, reply.text
    # So do HOME's people at other addresses.
    home = twins[HOME]
    assert world.http(HOME).post(LOGIN, json={"username": home.username, "password": home.password}).status_code == 200
    # A per-username flood at HOME leaves the same username at ELSEWHERE alone.
    for _ in range(GATEWAY_LIMIT):
        _fail(world, HOME, username)
    assert_problem(_fail(world, HOME, username), 429)
    assert _fail(world, ELSEWHERE, username).status_code == 401
    report.add(PART, f"per address: {flood} failures from one address, then 429; per username: {GATEWAY_LIMIT} "
                     f"failures, then 429; neither touched {ELSEWHERE}'s sign-ins nor {HOME}'s from other addresses")


POSTS_IN_A_BURST = SUITE_POSTS_PER_MINUTE + 10  # the suite's stack lifts the pace (tests/conftest.py)


def test_posting_is_limited_per_account(world, report):
    from tests.assurance.declarations.common import ready
    from tests.assurance.declarations.forum import BODY, objects

    ready(world)
    thread = objects(world, "own").thread_id
    client = world.http(HOME)
    # A fresh writer, so the refusals it earns never reach a persona other parts post as.
    writer = world.create_account(HOME, "pace", ["service_user"], canary_details=False)
    token = world.token(writer)
    named = client.put("/api/v1/me/pseudonym", token=token, json={"pseudonym": world.pseudonym()})
    assert named.status_code == 200, named.text
    answers = []
    for _ in range(POSTS_IN_A_BURST):
        answer = client.post(f"/api/v1/forum/threads/{thread}/posts", token=token,
                             json={"body": BODY, "post_anyway": True})
        answers.append(answer.status_code)
        if answer.status_code == 429:
            refused = answer
            break
    assert answers[-1] == 429, f"no posting limit engaged in {POSTS_IN_A_BURST} replies: {sorted(set(answers))}"
    assert_problem(refused, 429)
    assert int(refused.headers["Retry-After"]) > 0
    assert refused.json().get("reason") == "posting_too_fast"
    # The pace is the account's: someone else in the same thread, same municipality, posts as usual.
    other = client.post(f"/api/v1/forum/threads/{thread}/posts", token=world.token("service_user"),
                        json={"body": BODY, "post_anyway": True})
    assert other.status_code == 201, other.text
    report.add(PART, f"posting limits: one account's burst was refused (429, Retry-After, reason) after "
                     f"{len(answers) - 1} replies; another account in the same thread posted as usual")


def _served_api_rules(world):
    from tests.assurance.test_authorization_matrix import served_routes

    return served_routes(world.stack.identity_address)
