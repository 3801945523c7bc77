"""What several services' declarations need: stubs at the running services' addresses,
the cast ready to take part (a pseudonym, the current terms accepted), and scopes."""

from __future__ import annotations

from dataclasses import dataclass

import grpc

from reconnect.cafes.v1 import cafes_pb2_grpc
from reconnect.forum.v1 import forum_pb2_grpc
from reconnect.identity.v1 import identity_pb2 as ipb
from reconnect.messaging.v1 import messaging_pb2_grpc
from reconnect.toolbox.v1 import toolbox_pb2_grpc
from services.identity.domain import CURRENT_CONSENT_VERSIONS
from services.kit.client import call_metadata, channel
from tests.assurance.world import ELSEWHERE, HOME, Persona, World

STUBS = {
    "forum": forum_pb2_grpc.ForumServiceStub,
    "messaging": messaging_pb2_grpc.MessagingServiceStub,
    "events": cafes_pb2_grpc.CafeServiceStub,
    "toolbox": toolbox_pb2_grpc.ToolboxServiceStub,
}


def stub(world: World, service: str):
    return STUBS[service](channel(world.stack.services[service].address))


def tenant_of(persona: Persona, scope: str) -> str:
    """Whose objects a call names: the caller's municipality (HOME for the region's staff,
    who have none of their own), another one, or none at all."""
    return {"own": HOME, "other": ELSEWHERE}.get(scope, "")


def as_demo(world: World, tenant: str, username: str) -> list[tuple[str, str]]:
    return call_metadata(world.login(tenant, username).access_token)


def ready(world: World) -> None:
    """Every signed-in persona and both peers have a pseudonym (the forum asks for one) and
    have accepted the current terms (messaging asks service users for it)."""

    def make():
        for persona in world.personas.values():
            if not persona.signed_in:
                continue
            meta = world.metadata(persona)
            world.identity.SetPseudonym(ipb.SetPseudonymRequest(pseudonym=world.pseudonym()), metadata=meta, timeout=10)
            world.identity.GiveConsent(ipb.GiveConsentRequest(
                kind=ipb.CONSENT_KIND_TERMS, version=CURRENT_CONSENT_VERSIONS["terms"]), metadata=meta, timeout=10)
        return True

    world.once("ready", make)


@dataclass
class As:
    """A request sent with other credentials than the persona's: a throwaway account of the
    same role, for calls that would end the persona (erasing oneself)."""

    request: object
    metadata: list[tuple[str, str]]


def code_of(call) -> grpc.StatusCode:
    try:
        call()
    except grpc.RpcError as error:
        return error.code()
    return grpc.StatusCode.OK
