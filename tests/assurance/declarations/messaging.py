"""Messaging's calls for the authorization matrix, and the subjects and bodies it plants.

A conversation is for its participants only: the service user and the providers in a
current care relationship with them. Everyone else, admins and the region included,
finds nothing ("not found"), exactly as for a conversation that never was.
"""

from __future__ import annotations

from dataclasses import dataclass

from reconnect.messaging.v1 import messaging_pb2 as pb
from tests.assurance.canaries import CanarySet, CanarySource, letters
from tests.assurance.declarations.common import ready, stub
from tests.assurance.world import ELSEWHERE, HOME, PROVIDER, SERVICE_USER, Persona, World, missing_id

BODY = "Assurance: a question about next week's appointment."


@dataclass
class Conversation:
    conversation_id: str
    message_id: str
    service_user_id: str
    provider_id: str


def messaging(world: World):
    return stub(world, "messaging")


def start(world: World, service_user: Persona, provider_id: str, subject: str = "", body: str = BODY) -> pb.GetConversationResponse:
    return messaging(world).StartConversation(pb.StartConversationRequest(
        subject=subject or f"Assurance {letters(8)}", participant_ids=[provider_id], first_message=body),
        metadata=world.metadata(service_user), timeout=10)


def _conversation(world: World, tenant: str) -> Conversation:
    ready(world)
    if tenant == HOME:
        su, provider = world.personas[SERVICE_USER], world.personas[PROVIDER].account_id
    else:
        su, provider = world.personas[f"peer@{ELSEWHERE}"], world.objects[ELSEWHERE].provider_id
    started = start(world, su, provider)
    return Conversation(started.conversation.id, started.messages[0].id, su.account_id, provider)


def objects(world: World, scope: str) -> Conversation:
    if scope == "missing":
        return Conversation(missing_id(), missing_id(), missing_id(), missing_id())
    tenant = HOME if scope == "own" else ELSEWHERE
    return world.once(f"messaging:{tenant}", lambda: _conversation(world, tenant))


def colleague(world: World) -> str:
    """A second provider in the service user's care team, whom the first can add."""

    def make():
        other = world.create_account(HOME, "coll", ["health_provider"], canary_details=False)
        world.add_care(HOME, other.account_id, world.personas[SERVICE_USER].account_id)
        return other.account_id

    return world.once("messaging:colleague", make)


def _start(world: World, persona: Persona, scope: str) -> pb.StartConversationRequest:
    ready(world)
    if scope == "own":
        target = world.objects[HOME].provider_id if persona.name == SERVICE_USER else world.objects[HOME].service_user_id
    elif scope == "other":
        target = world.objects[ELSEWHERE].provider_id if persona.name == SERVICE_USER else world.objects[ELSEWHERE].service_user_id
    else:
        target = missing_id()
    return pb.StartConversationRequest(subject="Assurance", participant_ids=[target], first_message=BODY)


def _own_message(world: World, persona: Persona, scope: str) -> str:
    found = objects(world, scope)
    if scope == "own" and persona.name in (SERVICE_USER, PROVIDER):
        return messaging(world).SendMessage(pb.SendMessageRequest(conversation_id=found.conversation_id, body=BODY),
                                            metadata=world.metadata(persona), timeout=10).id
    return found.message_id


def _colleague(world: World, persona: Persona, scope: str) -> pb.AddColleagueRequest:
    if scope == "own" and persona.name == PROVIDER:
        # A conversation of its own each time: a colleague joins once.
        conversation = start(world, world.personas[SERVICE_USER], persona.account_id).conversation.id
        return pb.AddColleagueRequest(conversation_id=conversation, provider_id=colleague(world))
    return pb.AddColleagueRequest(conversation_id=objects(world, scope).conversation_id,
                                  provider_id=colleague(world) if scope == "own" else missing_id())


def _own(make):
    return lambda w, p, scope: make(w, p) if scope == "own" else None


def _scoped(make):
    return lambda w, p, scope: make(w, p, scope, objects(w, scope))


CALLS = {
    "StartConversation": _start,
    "ListConversations": _own(lambda w, p: pb.ListConversationsRequest()),
    "GetConversation": _scoped(lambda w, p, s, o: pb.GetConversationRequest(conversation_id=o.conversation_id)),
    "SendMessage": _scoped(lambda w, p, s, o: pb.SendMessageRequest(conversation_id=o.conversation_id, body=BODY)),
    "RetractMessage": lambda w, p, s: pb.RetractMessageRequest(message_id=_own_message(w, p, s)),
    "AddColleague": _colleague,
    "ListAccessLog": _scoped(lambda w, p, s, o: pb.ListAccessLogRequest(conversation_id=o.conversation_id)),
    "Export": _own(lambda w, p: pb.ExportRequest()),
    "ListNotifications": _own(lambda w, p: pb.ListNotificationsRequest()),
    "MarkNotificationsRead": _own(lambda w, p: pb.MarkNotificationsReadRequest()),
    "WatchNotifications": _own(lambda w, p: pb.WatchNotificationsRequest()),
}
STREAMING = {"WatchNotifications"}


def seed_messaging_canaries(world: World, canaries: CanarySet) -> None:
    ready(world)
    su, provider = world.personas[SERVICE_USER], world.personas[PROVIDER]
    subject = canaries.plant("message subject", f"Emne {letters(14)}")
    body = canaries.plant("message body", f"Melding {letters(16)}")
    started = start(world, su, provider.account_id, subject=subject, body=f"{BODY} {body}")
    answer = canaries.plant("provider's message body", f"Svar {letters(16)}")
    messaging(world).SendMessage(pb.SendMessageRequest(conversation_id=started.conversation.id, body=answer),
                                 metadata=world.metadata(provider), timeout=10)


CANARY_SOURCES = [CanarySource("messaging", "message subjects and bodies between a service user and a provider",
                               seed_messaging_canaries)]
