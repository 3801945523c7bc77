"""Messaging as a real gRPC server in the test process, asking the real in-process
identity about care relationships and consents, consuming real events from NATS."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import grpc
import pytest

from reconnect.identity.v1 import identity_pb2 as ipb
from reconnect.messaging.v1 import messaging_pb2 as mpb
from reconnect.messaging.v1 import messaging_pb2_grpc
from services.kit.client import wait_until_serving
from services.kit.config import ServiceSettings, load
from services.kit.db import migrate
from services.messaging.__main__ import MIGRATIONS, build_service, runner_for
from tests.events.conftest import cafes, real_time  # noqa: F401 - cafés' events reach the feed too
from tests.forum.conftest import forum  # noqa: F401 - the forum's events reach the feed too


class RecordingChannel:
    """The outside channel (e-mail/SMS) as a recorder: what would have been sent."""

    def __init__(self):
        self.sent: list[tuple[str, str, str]] = []
        self.lock = threading.Lock()

    def send(self, delivery_id: str, account_id: str, kind: str) -> None:
        with self.lock:
            self.sent.append((delivery_id, account_id, kind))


@dataclass
class MessagingWorld:
    stub: messaging_pb2_grpc.MessagingServiceStub
    identity: object
    settings: ServiceSettings
    service: object
    wiring: object
    channel: RecordingChannel
    care: dict[tuple[str, str], str] = field(default_factory=dict)
    tokens: dict[str, list] = field(default_factory=dict)

    def as_(self, username: str) -> list[tuple[str, str]]:
        if username not in self.tokens:
            self.tokens[username] = self.identity.as_(username)
        return self.tokens[username]

    def id(self, username: str) -> str:
        return self.identity.ids[username]

    def start(self, username: str, to: list[str], subject: str = "Spørsmål", body: str = "Hei") -> mpb.GetConversationResponse:
        request = mpb.StartConversationRequest(subject=subject, participant_ids=[self.id(u) for u in to], first_message=body)
        return self.stub.StartConversation(request, metadata=self.as_(username))

    def link(self, provider: str, service_user: str) -> str:
        admin = "admin.sorby" if service_user in ("siri", "sven") else "admin.nordvik"
        try:
            rel = self.identity.stub.AddCareRelationship(
                ipb.AddCareRelationshipRequest(provider_id=self.id(provider), service_user_id=self.id(service_user)),
                metadata=self.as_(admin))
            self.care[(provider, service_user)] = rel.id
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.ALREADY_EXISTS:
                raise
        return self.care.get((provider, service_user), "")

    def unlink(self, provider: str, service_user: str) -> None:
        admin = "admin.sorby" if service_user in ("siri", "sven") else "admin.nordvik"
        self.identity.stub.RemoveCareRelationship(
            ipb.RemoveCareRelationshipRequest(relationship_id=self.care.pop((provider, service_user))), metadata=self.as_(admin))

    def consent(self, username: str) -> None:
        self.identity.stub.GiveConsent(ipb.GiveConsentRequest(kind=ipb.CONSENT_KIND_TERMS, version="2026-1"),
                                       metadata=self.as_(username))


@pytest.fixture(scope="session")
def messaging(identity, database_url, nats_server, master_key) -> MessagingWorld:
    settings = load(
        ServiceSettings, database_url=database_url("messaging"), nats_url=nats_server.url, grpc_port=0, metrics_port=0,
        master_key=master_key, environment="test", identity_address=identity.address,
    )
    migrate(settings.database_url, MIGRATIONS)
    wiring, service = build_service(settings)
    channel = RecordingChannel()
    runner = runner_for(wiring, service, channel)
    port = runner.start()
    wait_until_serving(f"127.0.0.1:{port}", 30)
    grpc_channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    world = MessagingWorld(messaging_pb2_grpc.MessagingServiceStub(grpc_channel), identity, settings, service, wiring, channel)
    world.link("hansen", "nora")
    world.link("berg", "siri")
    world.consent("nora")
    world.consent("siri")
    yield world
    grpc_channel.close()
    runner.stop(grace=1)
