"""Helpers for the forum tests: fresh members with pseudonyms, the demo space, a third
municipality outside the shared forum, and circles set up through the API."""

from __future__ import annotations

import random
import string
import uuid
from dataclasses import dataclass

from reconnect.identity.v1 import identity_pb2 as pb
from reconnect.identity.v1 import identity_pb2_grpc
from reconnect_stack.seed import DEMO_PASSWORD, DEMO_SPACE
from services.kit.client import call_metadata, channel

# A valid Norwegian national ID number (correct check digits) of nobody real.
NATIONAL_ID = "01019000083"


def letters(n: int = 8) -> str:
    # Letters only: runs of digits could look like phone numbers to identity and the forum.
    return "".join(random.choices(string.ascii_lowercase, k=n))


@dataclass
class Member:
    id: str
    username: str
    password: str
    pseudonym: str
    token: str
    tenant: str


def new_member(gateway, admin_token: str, *, pseudonym: bool = True, roles=("service_user",),
               real_name: str = "") -> Member:
    """A fresh account in the gateway's tenant (created by that tenant's admin), signed in."""
    username = f"forum.{letters(10)}"
    password = f"pw-{uuid.uuid4().hex}"
    created = gateway.post("/api/v1/admin/accounts", token=admin_token, json={
        "username": username, "password": password, "roles": list(roles), "real_name": real_name or "Test Person",
    })
    assert created.status_code == 201, created.text
    token = gateway.login(username, password)["access_token"]
    name = ""
    if pseudonym:
        name = "Skog " + letters(10)
        response = gateway.put("/api/v1/me/pseudonym", token=token, json={"pseudonym": name})
        assert response.status_code == 200, response.text
    return Member(created.json()["id"], username, password, name, token, gateway.tenant)


def demo_space(gateway, token: str) -> dict:
    spaces = gateway.get("/api/v1/forum/spaces", token=token).json()["spaces"]
    return next(s for s in spaces if s["name"] == DEMO_SPACE)


def demo_categories(gateway, token: str) -> dict[str, dict]:
    space = demo_space(gateway, token)
    response = gateway.get(f"/api/v1/forum/spaces/{space['id']}/categories", token=token)
    assert response.status_code == 200, response.text
    return {c["name"]: c for c in response.json()["categories"]}


def start_thread(gateway, token: str, category_id: str, **fields) -> dict:
    body = {"title": "Om å komme seg ut " + letters(6), "body": "Det gikk litt bedre i dag. " + letters(12)}
    body.update(fields)
    response = gateway.post(f"/api/v1/forum/categories/{category_id}/threads", token=token, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def circle_of(gateway, founder: Member, *invitees: Member, name: str = "") -> dict:
    """A circle founded by one member; every invitee accepts (all through the API)."""
    response = gateway.post("/api/v1/circles", token=founder.token, json={
        "name": name or "Sirkel " + letters(6), "name_kind": "cafe_name", "cafe_name": "Kafe " + letters(5).title(),
        "invitee_ids": [m.id for m in invitees],
    })
    assert response.status_code == 201, response.text
    circle = response.json()
    for invitee in invitees:
        answer = gateway.post(f"/api/v1/circles/{circle['id']}/answer", token=invitee.token, json={
            "accept": True, "name_kind": "cafe_name", "cafe_name": "Venn " + letters(5).title(),
        })
        assert answer.status_code == 200, answer.text
    return circle


def third_municipality(stack) -> tuple[str, str, str]:
    """A municipality outside the shared demo forum, with one service user: (slug, username, password).

    Created as the region admin through identity's own gRPC contract."""
    stub = identity_pb2_grpc.IdentityServiceStub(channel(stack.identity_address))
    region = stub.Login(pb.LoginRequest(tenant="region", username="region.admin", password=DEMO_PASSWORD), timeout=10)
    metadata = call_metadata(region.access_token)
    slug = "fjern" + letters(6)
    stub.CreateTenant(pb.CreateTenantRequest(slug=slug, name="Fjernvik", locale="nb", time_zone="Europe/Oslo",
                                             hosts=[f"{slug}.localhost"]), metadata=metadata, timeout=10)
    username, password = "olga", f"pw-{uuid.uuid4().hex}"
    stub.CreateAccount(pb.CreateAccountRequest(tenant=slug, username=username, password=password,
                                               roles=[pb.ROLE_SERVICE_USER], real_name="Olga Outsider"),
                       metadata=metadata, timeout=10)
    return slug, username, password
