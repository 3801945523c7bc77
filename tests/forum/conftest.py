"""The forum as a real gRPC server in the test process, asking the real (in-process)
identity service about names and circles, on a fresh database and the session's NATS."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import grpc
import pytest

from reconnect.forum.v1 import forum_pb2 as fpb
from reconnect.forum.v1 import forum_pb2_grpc
from reconnect.identity.v1 import identity_pb2 as ipb
from services.forum.__main__ import MIGRATIONS, build_service, runner_for
from services.forum.settings import ForumSettings
from services.kit.client import wait_until_serving
from services.kit.config import load
from services.kit.db import migrate

PLACES = ["Nordvik DPS", "Fjellheim skole", "Nordvik legesenter", "Kaffebrenneriet på torget"]


@dataclass
class ForumWorld:
    stub: forum_pb2_grpc.ForumServiceStub
    identity: object
    settings: ForumSettings
    service: object
    space_id: str = ""
    categories: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, list] = field(default_factory=dict)

    def as_(self, username: str) -> list[tuple[str, str]]:
        if username not in self.tokens:
            self.tokens[username] = self.identity.as_(username)
        return self.tokens[username]

    def thread(self, username: str, title: str = "", body: str = "Hei alle sammen", category: str = "hverdag", **extra) -> fpb.PostResult:
        request = fpb.CreateThreadRequest(
            category_id=self.categories[category], title=title or f"Tråd {uuid.uuid4().hex[:6]}", body=body, **extra
        )
        return self.stub.CreateThread(request, metadata=self.as_(username))

    def reply(self, username: str, thread_id: str, body: str = "Takk for at du deler", **extra) -> fpb.PostResult:
        return self.stub.Reply(fpb.ReplyRequest(thread_id=thread_id, body=body, **extra), metadata=self.as_(username))


@pytest.fixture(scope="session")
def forum(identity, database_url, nats_server, master_key) -> ForumWorld:
    # The posting pace is lifted for the suite (a few people write a great deal here);
    # test_posting_pace.py puts it back for its own account.
    settings = load(
        ForumSettings, database_url=database_url("forum"), nats_url=nats_server.url, grpc_port=0, metrics_port=0,
        master_key=master_key, environment="test", identity_address=identity.address,
        posts_per_minute=100_000, posts_per_hour=1_000_000,
    )
    migrate(settings.database_url, MIGRATIONS)
    wiring, service = build_service(settings)
    runner = runner_for(wiring, service)
    port = runner.start()
    wait_until_serving(f"127.0.0.1:{port}", 30)
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    world = ForumWorld(forum_pb2_grpc.ForumServiceStub(channel), identity, settings, service)
    space = world.stub.CreateSpace(fpb.CreateSpaceRequest(name="Nordvik og Sørby", tenants=["nordvik", "sorby"]),
                                   metadata=world.as_("region.admin"))
    world.space_id = space.id
    for key, name in (("hverdag", "Hverdagen"), ("mestring", "Mestring"), ("kafe", "ReConnect-kafeen")):
        category = world.stub.CreateCategory(fpb.CreateCategoryRequest(space_id=space.id, name=name),
                                             metadata=world.as_("admin.nordvik"))
        world.categories[key] = category.id
    world.stub.AssignModerator(fpb.AssignModeratorRequest(space_id=space.id, account_id=identity.ids["mia"]),
                               metadata=world.as_("admin.nordvik"))
    world.stub.SetWordLists(fpb.SetWordListsRequest(lists=fpb.WordLists(
        places=PLACES, crisis_words=["gi opp alt"],
        crisis_contacts=[fpb.CrisisContact(name="Nordvik legevakt", phone="116 117"),
                         fpb.CrisisContact(name="Nødtelefon", phone="113")],
    )), metadata=world.as_("admin.nordvik"))
    # Everyone taking part has a pseudonym, as the portal asks them to on first visit.
    for username in ("nora", "nils", "siri", "hansen", "mia", "olga"):
        me = identity.stub.GetMe(ipb.GetMeRequest(), metadata=world.as_(username))
        if not me.pseudonym:
            identity.stub.SetPseudonym(ipb.SetPseudonymRequest(pseudonym=f"{username.title()} Fugl"), metadata=world.as_(username))
    yield world
    channel.close()
    runner.stop(grace=1)
