"""The whole system as `make run` starts it: gateway -> identity -> outbox -> JetStream.

A pseudonym chosen through the public API reaches the event stream exactly once,
also when the identity process (and so its relay) restarts, and also when nats-server
is killed while the change is made.
"""

from __future__ import annotations

import uuid

import requests

from reconnect.events.v1 import identity_pb2 as events
from reconnect_stack.seed import DEMO_PASSWORD
from services.kit.outbox import unpack
from tests.conftest import wait_for
from tests.kit.test_bus import stream_messages


def sign_in(stack, username: str, tenant: str = "nordvik") -> dict:
    reply = requests.post(
        f"{stack.gateway_url}/api/v1/auth/login", json={"username": username, "password": DEMO_PASSWORD},
        headers={"X-Tenant": tenant}, timeout=10,
    )
    assert reply.status_code == 200, reply.text
    return {"X-Tenant": tenant, "Authorization": f"Bearer {reply.json()['access_token']}"}


def choose_pseudonym(stack, headers: dict, pseudonym: str) -> requests.Response:
    return requests.put(f"{stack.gateway_url}/api/v1/me/pseudonym", json={"pseudonym": pseudonym}, headers=headers, timeout=10)


def pseudonym_events(stack, account_id: str) -> list[str]:
    found = []
    for _, event, _ in stream_messages(stack.nats_url, "IDENTITY"):
        if event.type == "identity.pseudonym_changed":
            payload = unpack(event, events.PseudonymChanged)
            if payload.account_id == account_id:
                found.append(payload.pseudonym)
    return found


def test_pseudonym_chosen_in_the_api_is_published_exactly_once(stack):
    headers = sign_in(stack, "nils")
    me = requests.get(f"{stack.gateway_url}/api/v1/me", headers=headers, timeout=10).json()
    pseudonym = "Nordlys" + uuid.uuid4().hex[:4]
    reply = choose_pseudonym(stack, headers, pseudonym)
    assert reply.status_code == 200, reply.text
    assert requests.get(f"{stack.gateway_url}/api/v1/me", headers=headers, timeout=10).json()["pseudonym"] == pseudonym
    wait_for(lambda: pseudonym in pseudonym_events(stack, me["id"]), message="event on the IDENTITY stream")

    stack.stop_service("identity")
    stack.start_service("identity")
    # The restarted relay finds nothing left to send; a later change proves it is running.
    later = "Sorlys" + uuid.uuid4().hex[:4]
    assert choose_pseudonym(stack, sign_in(stack, "nils"), later).status_code == 200
    wait_for(lambda: later in pseudonym_events(stack, me["id"]), message="relay of the restarted identity publishes")
    published = pseudonym_events(stack, me["id"])
    assert published.count(pseudonym) == 1 and published.count(later) == 1


def test_killing_nats_while_a_pseudonym_changes_loses_no_event(stack):
    headers = sign_in(stack, "sven", tenant="sorby")
    account_id = requests.get(f"{stack.gateway_url}/api/v1/me", headers=headers, timeout=10).json()["id"]
    pseudonym = "Stormfugl" + uuid.uuid4().hex[:4]
    stack.nats.kill()
    try:
        reply = choose_pseudonym(stack, headers, pseudonym)
        assert reply.status_code == 200, "the change is accepted while the broker is down"
    finally:
        stack.nats.start()
    wait_for(lambda: pseudonym in pseudonym_events(stack, account_id), timeout=60, message="published after NATS returns")
    assert pseudonym_events(stack, account_id).count(pseudonym) == 1
