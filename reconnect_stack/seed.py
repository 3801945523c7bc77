"""The demo region: two municipalities sharing one forum, their people, and the region's ops.

Seeding is idempotent: a second ``make run`` finds everything in place and adds nothing.
Tenants and accounts are created by identity's own ``bootstrap`` command (identity owns
them); everything else goes through the public gRPC contracts, signed in as an admin.
"""

from __future__ import annotations

import json
import subprocess
import sys

import grpc

from reconnect.forum.v1 import forum_pb2 as fpb
from reconnect.forum.v1 import forum_pb2_grpc
from reconnect.identity.v1 import identity_pb2 as pb
from reconnect.identity.v1 import identity_pb2_grpc
from reconnect_stack.stack import ROOT, Stack
from services.kit.client import call_metadata, channel

DEMO_PASSWORD = "reconnect-demo"

DEMO_TENANTS = [
    {"slug": "nordvik", "name": "Nordvik", "locale": "nb", "time_zone": "Europe/Oslo", "hosts": ["nordvik.localhost"]},
    {"slug": "sorby", "name": "Sørby", "locale": "nb", "time_zone": "Europe/Oslo", "hosts": ["sorby.localhost"]},
    # The hosting health authority's own staff: region admins and ops.
    {"slug": "region", "name": "Helseregionen", "locale": "nb", "time_zone": "Europe/Oslo", "hosts": ["region.localhost"]},
]

DEMO_ACCOUNTS = [
    {"tenant": "nordvik", "username": "nora", "roles": ["service_user"], "real_name": "Nora Nordmann"},
    {"tenant": "nordvik", "username": "nils", "roles": ["service_user"], "real_name": "Nils Nilsen"},
    {"tenant": "nordvik", "username": "hansen", "roles": ["health_provider"], "real_name": "Hanne Hansen"},
    {"tenant": "nordvik", "username": "mia", "roles": ["peer_moderator"], "real_name": "Mia Moe"},
    {"tenant": "nordvik", "username": "admin.nordvik", "roles": ["tenant_admin"], "real_name": "Anders Admin"},
    {"tenant": "nordvik", "username": "researcher", "roles": ["researcher"], "real_name": "Rita Forsker"},
    {"tenant": "sorby", "username": "siri", "roles": ["service_user"], "real_name": "Siri Sørensen"},
    {"tenant": "sorby", "username": "sven", "roles": ["service_user"], "real_name": "Sven Svendsen"},
    {"tenant": "sorby", "username": "berg", "roles": ["health_provider"], "real_name": "Bjørn Berg"},
    {"tenant": "sorby", "username": "admin.sorby", "roles": ["tenant_admin"], "real_name": "Astrid Admin"},
    {"tenant": "region", "username": "region.admin", "roles": ["region_admin"], "real_name": "Reidun Region"},
]

# Who cares for whom: (tenant, provider, service user).
DEMO_CARE = [("nordvik", "hansen", "nora"), ("nordvik", "hansen", "nils"), ("sorby", "berg", "siri")]

# Some people have chosen a pseudonym already; others (nora) choose one on first visit.
DEMO_PSEUDONYMS = {
    ("nordvik", "nils"): "Fjellvandrer",
    ("nordvik", "mia"): "Kaffekoppen",
    ("nordvik", "hansen"): "Fjordlys",
    ("sorby", "siri"): "Havbris",
    ("sorby", "sven"): "Morgenfugl",
}

DEMO_SPACE = "Nordvik og Sørby"
DEMO_PLACES = {
    "nordvik": ["Nordvik DPS", "Nordvik legesenter", "Fjellheim skole", "Nordvik bibliotek"],
    "sorby": ["Sørby DPS", "Sørby helsehus", "Strandvik skole", "Sørby kulturhus"],
}
# (category, author, title, body, replies: [(author, body)], reactions: [(who, kind)])
DEMO_THREADS = [
    ("Hverdagen", ("sorby", "siri"), "Små seire denne uka",
     "Jeg klarte å gå på butikken alene i går. Det høres kanskje lite ut, men for meg var det stort.",
     [(("nordvik", "nils"), "Det er ikke lite! Godt jobba :)"),
      (("nordvik", "mia"), "Takk for at du deler. Sånne seire teller mest.")],
     [(("nordvik", "nils"), "strength"), (("sorby", "sven"), "thanks")]),
    ("Mestring", ("nordvik", "nils"), "Søvn og tunge kvelder",
     "Har noen tips til å roe ned tankene om kvelden? Jeg ligger ofte våken til langt på natt.",
     [(("sorby", "sven"), "Pusteøvelsen 4-7-8 har hjulpet meg litt. Og å legge bort telefonen en time før."),
      (("nordvik", "hansen"), "Fra meg som fagperson: fast leggetid hjelper mange. Ta det gjerne opp med behandleren din også.")],
     [(("sorby", "siri"), "same_here")]),
    ("ReConnect-kafeen", ("nordvik", "mia"), "Ukens refleksjon før kafeen",
     "Hva ga deg litt glede denne måneden? Skriv gjerne her, så snakker vi om det på kafeen.",
     [(("sorby", "siri"), "Å sitte på benken ved sjøen med en kopp kaffe.")],
     []),
]


def _forum_stub(stack: Stack) -> forum_pb2_grpc.ForumServiceStub | None:
    forum = stack.services.get("forum")
    return forum_pb2_grpc.ForumServiceStub(channel(forum.address)) if forum else None


def seed_forum(stack: Stack, identity_stub) -> int:
    """A lively demo forum; skipped when the demo space exists already."""
    forum = _forum_stub(stack)
    if forum is None:
        return 0
    admin = call_metadata(_login(identity_stub, "nordvik", "admin.nordvik"))
    if any(s.name == DEMO_SPACE for s in forum.ListSpaces(fpb.ListSpacesRequest(), metadata=admin, timeout=10).spaces):
        return 0
    region = call_metadata(_login(identity_stub, "region", "region.admin"))
    space = forum.CreateSpace(fpb.CreateSpaceRequest(name=DEMO_SPACE, tenants=["nordvik", "sorby"]), metadata=region, timeout=10)
    categories = {}
    for name, description in (("Hverdagen", "Store og små ting fra dagene"), ("Mestring", "Det som hjelper, og det som er vanskelig"),
                              ("ReConnect-kafeen", "Før og etter kafeene")):
        categories[name] = forum.CreateCategory(
            fpb.CreateCategoryRequest(space_id=space.id, name=name, description=description), metadata=region, timeout=10
        ).id
    me = identity_stub.GetMe(pb.GetMeRequest(), metadata=call_metadata(_login(identity_stub, "nordvik", "mia")), timeout=10)
    forum.AssignModerator(fpb.AssignModeratorRequest(space_id=space.id, account_id=me.id), metadata=admin, timeout=10)
    for tenant, places in DEMO_PLACES.items():
        tenant_admin = call_metadata(_login(identity_stub, tenant, f"admin.{tenant}"))
        forum.SetWordLists(fpb.SetWordListsRequest(lists=fpb.WordLists(places=places)), metadata=tenant_admin, timeout=10)
    tokens: dict = {}

    def as_(who):
        if who not in tokens:
            tokens[who] = call_metadata(_login(identity_stub, *who))
        return tokens[who]

    for category, author, title, body, replies, reactions in DEMO_THREADS:
        started = forum.CreateThread(
            fpb.CreateThreadRequest(category_id=categories[category], title=title, body=body, post_anyway=True,
                                    exercise=author == ("nordvik", "mia")),
            metadata=as_(author), timeout=10,
        )
        for who, text in replies:
            forum.Reply(fpb.ReplyRequest(thread_id=started.thread.id, body=text, post_anyway=True), metadata=as_(who), timeout=10)
        for who, kind in reactions:
            forum.React(fpb.ReactRequest(post_id=started.post.id, kind=kind, on=True), metadata=as_(who), timeout=10)
    return len(DEMO_THREADS)


def _login(stub, tenant: str, username: str) -> str:
    return stub.Login(pb.LoginRequest(tenant=tenant, username=username, password=DEMO_PASSWORD), timeout=10).access_token


def seed(stack: Stack) -> dict:
    identity = stack.services["identity"]
    plan = {
        "tenants": DEMO_TENANTS,
        "accounts": [dict(account, password=DEMO_PASSWORD) for account in DEMO_ACCOUNTS],
    }
    result = subprocess.run(
        [sys.executable, "-m", identity.spec.module, "bootstrap"],
        input=json.dumps(plan), env=stack.service_env(identity), cwd=ROOT,
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"identity bootstrap failed:\n{result.stderr[-4000:]}")
    summary = json.loads(result.stdout.strip().splitlines()[-1])

    stub = identity_pb2_grpc.IdentityServiceStub(channel(identity.address))
    ids: dict[tuple[str, str], str] = {}
    for tenant in ("nordvik", "sorby"):
        token = _login(stub, tenant, f"admin.{tenant}")
        accounts = stub.ListAccounts(pb.ListAccountsRequest(tenant=tenant, page_size=200), metadata=call_metadata(token))
        ids.update({(tenant, a.username): a.id for a in accounts.accounts})
    relationships = 0
    for tenant, provider, service_user in DEMO_CARE:
        token = _login(stub, tenant, f"admin.{tenant}")
        request = pb.AddCareRelationshipRequest(provider_id=ids[(tenant, provider)], service_user_id=ids[(tenant, service_user)])
        try:
            stub.AddCareRelationship(request, metadata=call_metadata(token), timeout=10)
            relationships += 1
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.ALREADY_EXISTS:
                raise
    for (tenant, username), pseudonym in DEMO_PSEUDONYMS.items():
        token = _login(stub, tenant, username)
        me = stub.GetMe(pb.GetMeRequest(), metadata=call_metadata(token), timeout=10)
        if not me.pseudonym:
            stub.SetPseudonym(pb.SetPseudonymRequest(pseudonym=pseudonym), metadata=call_metadata(token), timeout=10)
    summary["care_relationships_created"] = relationships
    summary["forum_threads_created"] = seed_forum(stack, stub)
    return summary
