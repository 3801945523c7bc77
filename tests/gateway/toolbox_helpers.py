"""Helpers for the toolbox and cafés tests: people in a care relationship, cafés made
through the API, and a meeting to answer."""

from __future__ import annotations

from datetime import date, timedelta

from tests.gateway.forum_helpers import letters, new_member


def account_id(gateway, token: str) -> str:
    response = gateway.get("/api/v1/me", token=token)
    assert response.status_code == 200, response.text
    return response.json()["id"]


def cared_for(gateway, admin_token: str, provider_token: str):
    """A fresh service user with a pseudonym, in the care of the provider whose token is given."""
    member = new_member(gateway, admin_token)
    provider_id = account_id(gateway, provider_token)
    response = gateway.post("/api/v1/care-relationships", token=admin_token,
                            json={"provider_id": provider_id, "service_user_id": member.id})
    assert response.status_code == 201, response.text
    return member, provider_id


def new_cafe(gateway, token: str, *, capacity: int = 0, title: str = "", agenda_thread_id: str = "") -> dict:
    first = date.today() + timedelta(days=3)
    response = gateway.post("/api/v1/cafes", token=token, json={
        "title": title or "Kafé " + letters(6).title(), "description": "Kaffe, vafler og en god prat.",
        "venue": "Frivilligsentralen", "accessibility_notes": "Trinnfri inngang.",
        "transport_notes": "Buss 12 stopper rett utenfor.", "capacity": capacity,
        "recurrence": {"rrule": "FREQ=WEEKLY", "first_date": first.isoformat(), "local_time": "18:00",
                       "duration_minutes": 120},
        "agenda_thread_id": agenda_thread_id,
    })
    assert response.status_code == 201, response.text
    return response.json()


def first_meeting(gateway, token: str, cafe_id: str) -> dict:
    response = gateway.get(f"/api/v1/cafes/occurrences?cafe_id={cafe_id}", token=token)
    assert response.status_code == 200, response.text
    return response.json()["occurrences"][0]
