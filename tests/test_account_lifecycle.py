"""The account's lifecycle across the whole running system (the ``stack`` fixture):
moving an account to another municipality through the gateway, and the personal data
export that gathers every service's part into one zip."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from datetime import UTC, datetime, timedelta

import grpc
import requests
import sqlalchemy

from reconnect.cafes.v1 import cafes_pb2 as cpb
from reconnect.cafes.v1 import cafes_pb2_grpc
from reconnect.identity.v1 import identity_pb2 as ipb
from reconnect.identity.v1 import identity_pb2_grpc
from reconnect.messaging.v1 import messaging_pb2 as mpb
from reconnect.messaging.v1 import messaging_pb2_grpc
from reconnect.toolbox.v1 import toolbox_pb2 as tpb
from reconnect.toolbox.v1 import toolbox_pb2_grpc
from reconnect_stack.seed import DEMO_PASSWORD
from services.kit.client import channel
from services.kit.crypto import FieldCipher
from tests.conftest import wait_for
from tests.test_end_to_end import choose_pseudonym, demo_space, sign_in


def _letters() -> str:
    return uuid.uuid4().hex[:6].translate(str.maketrans("0123456789", "ghijklmnop"))


class Person:
    """A fresh service user of Nordvik with a care relationship to hansen, signed in."""

    def __init__(self, stack, canary: str):
        self.stack = stack
        admin = sign_in(stack, "admin.nordvik")
        self.username = "flytt" + uuid.uuid4().hex[:6]
        made = requests.post(f"{stack.gateway_url}/api/v1/admin/accounts", headers=admin, timeout=10, json={
            "username": self.username, "password": DEMO_PASSWORD, "roles": ["service_user"],
            "real_name": f"{canary} Navn"})
        assert made.status_code == 201, made.text
        self.id = made.json()["id"]
        self.identity = identity_pb2_grpc.IdentityServiceStub(channel(stack.identity_address))
        admin_md = [("authorization", admin["Authorization"])]
        accounts = self.identity.ListAccounts(ipb.ListAccountsRequest(page_size=200), metadata=admin_md).accounts
        self.hansen_id = next(a.id for a in accounts if a.username == "hansen")
        self.care = self.identity.AddCareRelationship(
            ipb.AddCareRelationshipRequest(provider_id=self.hansen_id, service_user_id=self.id), metadata=admin_md)
        self.headers = sign_in(stack, self.username)
        self.pseudonym = "Flytter" + _letters()
        assert choose_pseudonym(stack, self.headers, self.pseudonym).status_code == 200
        consent = requests.post(f"{stack.gateway_url}/api/v1/me/consents", headers=self.headers, timeout=10,
                                json={"kind": "terms", "version": "2026-1"})
        assert consent.status_code == 201, consent.text
        self.messaging = messaging_pb2_grpc.MessagingServiceStub(channel(stack.services["messaging"].address))
        self.toolbox = toolbox_pb2_grpc.ToolboxServiceStub(channel(stack.services["toolbox"].address))
        self.cafes = cafes_pb2_grpc.CafeServiceStub(channel(stack.services["events"].address))

    @property
    def md(self) -> list[tuple[str, str]]:
        return [("authorization", self.headers["Authorization"])]

    def write_everywhere(self, canary: str) -> tuple[str, str]:
        """A forum thread, a conversation, toolbox items and a proposed activity, each with the canary.
        Returns (thread id, conversation id)."""
        gw = self.stack.gateway_url
        space = demo_space(self.stack, self.headers)
        category = requests.get(f"{gw}/api/v1/forum/spaces/{space['id']}/categories", headers=self.headers,
                                timeout=10).json()["categories"][0]
        thread = requests.post(f"{gw}/api/v1/forum/categories/{category['id']}/threads", headers=self.headers,
                               json={"title": f"Tittel {canary}", "body": f"Innlegg {canary}"}, timeout=10)
        assert thread.status_code == 201, thread.text
        conversation = self.messaging.StartConversation(mpb.StartConversationRequest(
            subject=f"Emne {canary}", participant_ids=[self.hansen_id], first_message=f"Melding {canary}"),
            metadata=self.md, timeout=10)
        self.toolbox.AddValue(tpb.AddValueRequest(text=f"Verdi {canary}"), metadata=self.md, timeout=10)
        self.toolbox.SaveCrisisPlan(tpb.SaveCrisisPlanRequest(plan=tpb.CrisisPlan(
            warning_signs=[f"Varsel {canary}"], reasons_for_living=["Katten"])), metadata=self.md, timeout=10)
        starts = datetime.now(UTC) + timedelta(days=3)
        request = cpb.ProposeActivityRequest(kind=cpb.ACTIVITY_KIND_WALK, title="Tur rundt vannet",
                                             description=f"Aktivitet {canary}", place="Ved kirken",
                                             duration_minutes=60)
        request.starts_at.FromDatetime(starts)
        self.cafes.ProposeActivity(request, metadata=self.md, timeout=10)
        return thread.json()["thread"]["id"], conversation.conversation.id


def _key_tenants(stack, service: str, table: str, column: str, owner_column: str, owner: str) -> set[str]:
    """The tenants whose data keys sealed the owner's rows (the key id travels in each ciphertext)."""
    engine = sqlalchemy.create_engine(stack.database_url(service))
    try:
        with engine.connect() as conn:
            blobs = conn.execute(sqlalchemy.text(f"SELECT {column} FROM {table} WHERE {owner_column} = :owner"),
                                 {"owner": owner}).scalars().all()
            key_ids = [FieldCipher.key_id_of(bytes(b)) for b in blobs if b]
            if not key_ids:
                return set()
            keys = sqlalchemy.text("SELECT tenant FROM data_keys WHERE id IN :ids").bindparams(
                sqlalchemy.bindparam("ids", expanding=True))
            return set(conn.execute(keys, {"ids": key_ids}).scalars())
    finally:
        engine.dispose()


def test_an_account_moved_to_another_municipality_takes_its_toolbox_and_leaves_its_care_behind(stack):
    canary = "Flytting" + uuid.uuid4().hex[:10]
    person = Person(stack, canary)
    thread_id, conversation_id = person.write_everywhere(canary)
    assert _key_tenants(stack, "toolbox", "values_statements", "text_sealed", "owner_id", person.id) == {"nordvik"}
    gw = stack.gateway_url

    nordvik_admin, sorby_admin = sign_in(stack, "admin.nordvik"), sign_in(stack, "admin.sorby", tenant="sorby")
    refused = requests.post(f"{gw}/api/v1/accounts/{person.id}/move", headers=sorby_admin, timeout=10,
                            json={"to_tenant": "sorby"})
    assert refused.status_code == 404, "another municipality's admin does not learn the account exists"
    bad = requests.post(f"{gw}/api/v1/accounts/{person.id}/move", headers=nordvik_admin, timeout=10, json={"to": "x"})
    assert bad.status_code == 400 and bad.json()["field"] == "to_tenant"
    started = requests.post(f"{gw}/api/v1/accounts/{person.id}/move", headers=nordvik_admin, timeout=10,
                            json={"to_tenant": "sorby"})
    assert started.status_code == 201, started.text
    move = started.json()
    assert (move["state"], move["from_tenant"], move["to_tenant"]) == ("pending", "nordvik", "sorby")
    waiting = requests.get(f"{gw}/api/v1/account-moves", headers=sorby_admin, timeout=10).json()["moves"]
    assert move["id"] in [m["id"] for m in waiting]
    not_theirs = requests.post(f"{gw}/api/v1/account-moves/{move['id']}/accept", headers=nordvik_admin, timeout=10)
    assert not_theirs.status_code == 404
    accepted = requests.post(f"{gw}/api/v1/account-moves/{move['id']}/accept", headers=sorby_admin, timeout=10)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["state"] == "accepted" and accepted.json()["care_relationships_ended"] == 1

    # Signed in again, now in Sørby; the toolbox follows and reads as before.
    moved = sign_in(stack, person.username, tenant="sorby")
    moved_md = [("authorization", moved["Authorization"])]
    assert requests.get(f"{gw}/api/v1/me", headers=moved, timeout=10).json()["pseudonym"] == person.pseudonym

    def toolbox_in_sorby():
        reply = requests.get(f"{gw}/api/v1/toolbox/export", headers=moved, timeout=10)
        return reply.status_code == 200 and f"Verdi {canary}" in reply.text and f"Varsel {canary}" in reply.text

    wait_for(toolbox_in_sorby, timeout=60, message="the toolbox moved with its owner")
    assert _key_tenants(stack, "toolbox", "values_statements", "text_sealed", "owner_id", person.id) == {"sorby"}
    assert _key_tenants(stack, "toolbox", "crisis_plan_versions", "plan_sealed", "owner_id", person.id) == {"sorby"}

    # The care relationship ended: the provider no longer finds the conversation; the person
    # keeps it, read-only, in the new municipality, its words re-sealed under Sørby's key.
    hansen = [("authorization", sign_in(stack, "hansen")["Authorization"])]
    care = person.identity.ListCareRelationships(ipb.ListCareRelationshipsRequest(), metadata=hansen, timeout=10)
    assert person.care.id not in [r.id for r in care.relationships]
    try:
        person.messaging.GetConversation(mpb.GetConversationRequest(conversation_id=conversation_id), metadata=hansen,
                                         timeout=10)
        raise AssertionError("the provider should no longer find the conversation")
    except grpc.RpcError as error:
        assert error.code() == grpc.StatusCode.NOT_FOUND

    def conversation_for_the_person():
        try:
            return person.messaging.GetConversation(mpb.GetConversationRequest(conversation_id=conversation_id),
                                                    metadata=moved_md, timeout=10)
        except grpc.RpcError:
            return None

    kept = wait_for(conversation_for_the_person, timeout=60, message="the conversation moved with the person")
    assert kept.conversation.read_only
    assert f"Melding {canary}" in [m.body for m in kept.messages]
    assert _key_tenants(stack, "messaging", "conversations", "subject", "service_user_id", person.id) == {"sorby"}

    # The forum history stays with the pseudonym: others see the thread as written by it.
    nils = sign_in(stack, "nils")
    page = requests.get(f"{gw}/api/v1/forum/threads/{thread_id}", headers=nils, timeout=10).json()
    assert page["posts"][0]["author"]["pseudonym"] == person.pseudonym
    assert f"Innlegg {canary}" in page["posts"][0]["body_html"]
    assert demo_space(stack, moved)["id"], "the moved person sees the spaces of the new municipality"
    own = requests.get(f"{gw}/api/v1/forum/threads/{thread_id}", headers=moved, timeout=10).json()
    assert own["posts"][0]["author"]["pseudonym"] == person.pseudonym


def _export(stack, headers: dict) -> requests.Response:
    return requests.get(f"{stack.gateway_url}/api/v1/me/export", headers=headers, timeout=60)


def test_the_data_export_gathers_every_service_into_one_zip(stack):
    canary = "Eksport" + uuid.uuid4().hex[:10]
    person = Person(stack, canary)
    person.write_everywhere(canary)

    reply = _export(stack, person.headers)
    assert reply.status_code == 200, reply.text[:300]
    assert reply.headers["Content-Type"] == "application/zip"
    assert "attachment" in reply.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(reply.content))
    files = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    assert set(files) == {"README.txt", "identity.json", "forum.json", "messaging.json", "toolbox.json", "cafes.json"}
    assert "NORSK" in files["README.txt"] and "ENGLISH" in files["README.txt"]
    documents = {name: json.loads(text) for name, text in files.items() if name.endswith(".json")}
    assert documents["identity.json"]["account"]["real_name"] == f"{canary} Navn"
    assert documents["identity.json"]["account"]["pseudonym"] == person.pseudonym
    assert f"Innlegg {canary}" in [p["body"] for p in documents["forum.json"]["posts"]]
    assert f"Melding {canary}" in files["messaging.json"]
    assert f"Verdi {canary}" in [v["text"] for v in documents["toolbox.json"]["values"]]
    assert f"Aktivitet {canary}" in [a["description"] for a in documents["cafes.json"]["activities_proposed"]]

    # Someone else's archive holds none of it; a provider's says the toolbox holds nothing for the role.
    hansen = _export(stack, sign_in(stack, "hansen"))
    assert hansen.status_code == 200
    theirs = zipfile.ZipFile(io.BytesIO(hansen.content))
    assert not any(canary.encode() in theirs.read(name) for name in theirs.namelist())
    assert "note" in json.loads(theirs.read("toolbox.json"))
    assert requests.get(f"{stack.gateway_url}/api/v1/me/export", headers={"X-Tenant": "nordvik"},
                        timeout=10).status_code == 401

    # One service down: no partial archive, but 503 and when to try again.
    stack.stop_service("events")
    try:
        down = _export(stack, person.headers)
        assert down.status_code == 503, down.text[:300]
        assert down.headers["Content-Type"].startswith("application/problem+json")
        assert int(down.headers["Retry-After"]) > 0
    finally:
        stack.start_service("events")
    wait_for(lambda: _export(stack, person.headers).status_code == 200, timeout=60, message="the export works again")
