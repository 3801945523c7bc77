"""The whole system as `make run` starts it: gateway -> identity -> outbox -> JetStream.

A pseudonym chosen through the public API reaches the event stream exactly once,
also when the identity process (and so its relay) restarts, and also when nats-server
is killed while the change is made.
"""

from __future__ import annotations

import uuid

import grpc
import requests

from reconnect.events.v1 import identity_pb2 as events
from reconnect_stack.seed import DEMO_PASSWORD, DEMO_SPACE
from services.kit.outbox import unpack
from tests.conftest import wait_for
from tests.kit.test_bus import stream_messages


def demo_space(stack, headers: dict) -> dict:
    """The seeded shared space (other tests add spaces of their own to the session's stack)."""
    spaces = requests.get(f"{stack.gateway_url}/api/v1/forum/spaces", headers=headers, timeout=10).json()["spaces"]
    return next(space for space in spaces if space["name"] == DEMO_SPACE)


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


def test_a_thread_started_and_answered_through_the_gateway_reaches_its_author(stack):
    """Post creation and thread reads through the gateway and the real forum service,
    and the reply's notification through the outbox, NATS and messaging's feed."""
    from reconnect.messaging.v1 import messaging_pb2 as mpb
    from reconnect.messaging.v1 import messaging_pb2_grpc
    from services.kit.client import channel

    nils = sign_in(stack, "nils")
    siri = sign_in(stack, "siri", tenant="sorby")
    space = demo_space(stack, nils)
    category = requests.get(f"{stack.gateway_url}/api/v1/forum/spaces/{space['id']}/categories", headers=nils,
                            timeout=10).json()["categories"][0]
    started = requests.post(f"{stack.gateway_url}/api/v1/forum/categories/{category['id']}/threads", headers=nils,
                            json={"title": "Hvordan går det med søvnen?", "body": "Jeg sover litt bedre nå."}, timeout=10)
    assert started.status_code == 201, started.text
    thread_id = started.json()["thread"]["id"]
    replied = requests.post(f"{stack.gateway_url}/api/v1/forum/threads/{thread_id}/posts", headers=siri,
                            json={"body": "Så fint å høre!"}, timeout=10)
    assert replied.status_code == 201, replied.text
    page = requests.get(f"{stack.gateway_url}/api/v1/forum/threads/{thread_id}", headers=nils, timeout=10).json()
    mine = requests.get(f"{stack.gateway_url}/api/v1/me", headers=nils, timeout=10).json()["pseudonym"]
    assert [p["author"]["pseudonym"] for p in page["posts"]] == [mine, "Havbris"]
    assert "Så fint å høre!" in page["posts"][1]["body_html"]

    feed = messaging_pb2_grpc.MessagingServiceStub(channel(stack.services["messaging"].address))
    nils_token = [("authorization", nils["Authorization"])]

    def told():
        rows = feed.ListNotifications(mpb.ListNotificationsRequest(), metadata=nils_token, timeout=10).notifications
        return [n for n in rows if n.kind == "forum_reply" and n.thread_id == thread_id]

    assert len(wait_for(told, timeout=30, message="the thread's author hears of the reply")) == 1


def test_an_erased_account_leaves_no_trace_in_any_service(stack):
    """Canaries across identity, forum, messaging and toolbox; erasure; none of them in any
    database afterwards, while the rest of the conversation stays readable for others."""
    import glob
    import os

    from reconnect.identity.v1 import identity_pb2 as ipb
    from reconnect.identity.v1 import identity_pb2_grpc
    from reconnect.messaging.v1 import messaging_pb2 as mpb
    from reconnect.messaging.v1 import messaging_pb2_grpc
    from reconnect.toolbox.v1 import toolbox_pb2 as tpb
    from reconnect.toolbox.v1 import toolbox_pb2_grpc
    from services.kit.client import channel

    canary = "Kanari" + uuid.uuid4().hex[:12]
    admin = sign_in(stack, "admin.nordvik")
    username = "glemt" + uuid.uuid4().hex[:6]
    made = requests.post(f"{stack.gateway_url}/api/v1/admin/accounts", headers=admin, timeout=10, json={
        "username": username, "password": DEMO_PASSWORD, "roles": ["service_user"], "real_name": f"{canary} Navn"})
    assert made.status_code == 201, made.text
    account_id = made.json()["id"]
    identity = identity_pb2_grpc.IdentityServiceStub(channel(stack.identity_address))
    admin_md = [("authorization", admin["Authorization"])]
    hansen_id = next(a.id for a in identity.ListAccounts(ipb.ListAccountsRequest(page_size=200), metadata=admin_md).accounts
                     if a.username == "hansen")
    identity.AddCareRelationship(ipb.AddCareRelationshipRequest(provider_id=hansen_id, service_user_id=account_id),
                                 metadata=admin_md)
    person = sign_in(stack, username)
    person_md = [("authorization", person["Authorization"])]
    assert choose_pseudonym(stack, person, "Glemt" + uuid.uuid4().hex[:4].translate(str.maketrans("0123456789", "abcdefghij"))).status_code == 200
    requests.post(f"{stack.gateway_url}/api/v1/me/consents", headers=person, json={"kind": "terms", "version": "2026-1"}, timeout=10)

    # A forum thread with a reply from someone else, a message thread, a crisis plan.
    space = demo_space(stack, person)
    category = requests.get(f"{stack.gateway_url}/api/v1/forum/spaces/{space['id']}/categories", headers=person,
                            timeout=10).json()["categories"][0]
    thread = requests.post(f"{stack.gateway_url}/api/v1/forum/categories/{category['id']}/threads", headers=person,
                           json={"title": f"Tittel {canary}", "body": f"Innlegg {canary}"}, timeout=10).json()["thread"]
    nils = sign_in(stack, "nils")
    requests.post(f"{stack.gateway_url}/api/v1/forum/threads/{thread['id']}/posts", headers=nils,
                  json={"body": "Et svar som skal bli stående"}, timeout=10)
    messaging = messaging_pb2_grpc.MessagingServiceStub(channel(stack.services["messaging"].address))
    conversation = messaging.StartConversation(mpb.StartConversationRequest(
        subject=f"Emne {canary}", participant_ids=[hansen_id], first_message=f"Melding {canary}"), metadata=person_md, timeout=10)
    toolbox = toolbox_pb2_grpc.ToolboxServiceStub(channel(stack.services["toolbox"].address))
    toolbox.SaveCrisisPlan(tpb.SaveCrisisPlanRequest(plan=tpb.CrisisPlan(warning_signs=[f"Varsel {canary}"],
                                                                         reasons_for_living=["Katten"])),
                           metadata=person_md, timeout=10)

    receipt = identity.RequestErasure(ipb.RequestErasureRequest(password=DEMO_PASSWORD), metadata=person_md, timeout=10).receipt
    wait_for(lambda: identity.GetErasureStatus(ipb.GetErasureStatusRequest(receipt=receipt), timeout=10).done,
             timeout=60, message="every service reports the erasure done")

    databases = [p for p in glob.glob(str(stack.var_dir / "db" / "*")) if os.path.isfile(p)]
    if databases:
        def holding_canary():
            return [os.path.basename(p) for p in databases if os.path.exists(p) and canary.encode() in open(p, "rb").read()]

        # The purge after erasure may wait for a reader's snapshot to end before the log is emptied.
        wait_for(lambda: not holding_canary(), timeout=30, message=f"canary gone from every file, still in {holding_canary()}")
    else:  # PostgreSQL: every table of every service, as text
        import sqlalchemy

        for spec in stack.services.values():
            engine = sqlalchemy.create_engine(stack.database_url(spec.spec.name))
            with engine.connect() as conn:
                tables = conn.execute(sqlalchemy.text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
                for table in tables:
                    rows = conn.execute(sqlalchemy.text(f'SELECT CAST(t AS text) FROM "{table}" t')).scalars().all()
                    assert not any(canary in row for row in rows), (spec.spec.name, table)
            engine.dispose()
    # Others' part of the conversation stays readable; the erased member is "a former member".
    page = requests.get(f"{stack.gateway_url}/api/v1/forum/threads/{thread['id']}", headers=nils, timeout=10).json()
    assert page["posts"][0]["deleted"] and page["posts"][0]["author"]["pseudonym"] == ""
    assert "Et svar som skal bli stående" in page["posts"][1]["body_html"]
    # The care relationship ended with the account, and with it the provider's access.
    hansen = [("authorization", sign_in(stack, "hansen")["Authorization"])]
    try:
        messaging.GetConversation(mpb.GetConversationRequest(conversation_id=conversation.conversation.id),
                                  metadata=hansen, timeout=10)
        raise AssertionError("the provider should no longer find the conversation")
    except grpc.RpcError as error:
        assert error.code() == grpc.StatusCode.NOT_FOUND


def test_the_crisis_plan_reaches_a_provider_as_a_message(stack):
    """Toolbox → messaging through messaging's gRPC API, on the owner's behalf."""
    from reconnect.identity.v1 import identity_pb2 as ipb
    from reconnect.identity.v1 import identity_pb2_grpc
    from reconnect.messaging.v1 import messaging_pb2 as mpb
    from reconnect.messaging.v1 import messaging_pb2_grpc
    from reconnect.toolbox.v1 import toolbox_pb2 as tpb
    from reconnect.toolbox.v1 import toolbox_pb2_grpc
    from services.kit.client import channel

    admin = sign_in(stack, "admin.nordvik")
    username = "plan" + uuid.uuid4().hex[:6]
    made = requests.post(f"{stack.gateway_url}/api/v1/admin/accounts", headers=admin, timeout=10,
                         json={"username": username, "password": DEMO_PASSWORD, "roles": ["service_user"]})
    identity = identity_pb2_grpc.IdentityServiceStub(channel(stack.identity_address))
    admin_md = [("authorization", admin["Authorization"])]
    accounts = identity.ListAccounts(ipb.ListAccountsRequest(page_size=200), metadata=admin_md).accounts
    hansen_id = next(a.id for a in accounts if a.username == "hansen")
    lund_like = next(a.id for a in accounts if a.username == "nils")  # not a provider: refused
    identity.AddCareRelationship(ipb.AddCareRelationshipRequest(provider_id=hansen_id, service_user_id=made.json()["id"]),
                                 metadata=admin_md)
    person = [("authorization", sign_in(stack, username)["Authorization"])]
    toolbox = toolbox_pb2_grpc.ToolboxServiceStub(channel(stack.services["toolbox"].address))
    toolbox.SaveCrisisPlan(tpb.SaveCrisisPlanRequest(plan=tpb.CrisisPlan(
        warning_signs=["Jeg slutter å svare på meldinger"], reasons_for_living=["Hunden min"],
        professionals=[tpb.PlanContact(name="Legevakt", phone="116 117")])), metadata=person, timeout=10)

    not_yet = toolbox_error(toolbox.SendCrisisPlan, tpb.SendCrisisPlanRequest(provider_id=hansen_id), person)
    assert not_yet.code() == grpc.StatusCode.FAILED_PRECONDITION, "messaging asks for the terms consent itself"
    identity.GiveConsent(ipb.GiveConsentRequest(kind=ipb.CONSENT_KIND_TERMS, version="2026-1"), metadata=person)
    stranger = toolbox_error(toolbox.SendCrisisPlan, tpb.SendCrisisPlanRequest(provider_id=lund_like), person)
    assert stranger.code() == grpc.StatusCode.NOT_FOUND
    sent = toolbox.SendCrisisPlan(tpb.SendCrisisPlanRequest(provider_id=hansen_id, note="Til neste time"),
                                  metadata=person, timeout=10)

    hansen = [("authorization", sign_in(stack, "hansen")["Authorization"])]
    messaging = messaging_pb2_grpc.MessagingServiceStub(channel(stack.services["messaging"].address))
    seen = messaging.GetConversation(mpb.GetConversationRequest(conversation_id=sent.conversation_id), metadata=hansen, timeout=10)
    body = seen.messages[0].body
    assert body.startswith("Til neste time") and "Jeg slutter å svare på meldinger" in body and "116 117" in body
    assert seen.conversation.subject == "Kriseplan / Crisis plan"


def toolbox_error(call, request, metadata) -> grpc.RpcError:
    try:
        call(request, metadata=metadata, timeout=10)
    except grpc.RpcError as error:
        return error
    raise AssertionError("the call succeeded but should have failed")
