"""Helpers for the messaging tests: a fresh service user and provider in a care relationship
(made by nordvik's admin through the API), the terms consent, and reading server-sent events."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from tests.gateway.forum_helpers import Member, new_member


@dataclass
class CarePair:
    user: Member
    provider: Member
    relationship_id: str


def accept_terms(gateway, token: str) -> None:
    version = gateway.get("/api/v1/me/consents", token=token).json()["current_terms_version"]
    response = gateway.post("/api/v1/me/consents", token=token, json={"kind": "terms", "version": version})
    assert response.status_code == 201, response.text


def relate(gateway, admin_token: str, provider: Member, user: Member) -> str:
    response = gateway.post("/api/v1/care-relationships", token=admin_token,
                            json={"provider_id": provider.id, "service_user_id": user.id})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def care_pair(gateway, admin_token: str, *, consent: bool = True) -> CarePair:
    user = new_member(gateway, admin_token)
    provider = new_member(gateway, admin_token, roles=("health_provider",))
    relationship = relate(gateway, admin_token, provider, user)
    if consent:
        accept_terms(gateway, user.token)
    return CarePair(user, provider, relationship)


def start(gateway, pair: CarePair, subject: str = "Spørsmål om timen", body: str = "Hei, kan vi flytte timen?") -> dict:
    response = gateway.post("/api/v1/conversations", token=pair.user.token, json={
        "subject": subject, "participant_ids": [pair.provider.id], "first_message": body})
    assert response.status_code == 201, response.text
    return response.json()


def read_events(response, until, deadline_seconds: float = 20.0) -> list[dict]:
    """Server-sent events from a streaming ``requests`` response, until ``until(events)`` holds.
    Each event is a dict of its fields (``data`` parsed as JSON); comments are ``{"comment": …}``."""
    events: list[dict] = []
    current: dict = {}
    deadline = time.monotonic() + deadline_seconds
    # One line iterator per response: abandoning one closes the connection underneath it.
    if not hasattr(response, "sse_lines"):
        response.sse_lines = response.iter_lines(decode_unicode=True)
    for raw in response.sse_lines:
        if time.monotonic() > deadline:
            break
        if raw == "":
            if current:
                events.append(current)
                current = {}
                if until(events):
                    return events
            continue
        if raw.startswith(":"):
            current["comment"] = raw[1:].strip()
            continue
        name, _, value = raw.partition(":")
        value = value[1:] if value.startswith(" ") else value
        current[name] = json.loads(value) if name == "data" else value
    raise AssertionError(f"the stream did not deliver in {deadline_seconds}s: {events}")
