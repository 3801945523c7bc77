"""Sending the crisis plan to a provider: as an ordinary message through the messaging
service's gRPC API, with the owner's own token, so messaging checks the care
relationship and the terms consent itself, exactly as if the person had written it."""

from __future__ import annotations

import grpc

from reconnect.messaging.v1 import messaging_pb2 as pb
from reconnect.messaging.v1 import messaging_pb2_grpc
from services.kit.client import channel, on_behalf_of_caller
from services.kit.errors import FailedPrecondition, NotFound, Unavailable

# The plan's sections in the Stanley-Brown order, with the headings the message shows.
SECTIONS = (
    ("warning_signs", "1. Varselsignaler / Warning signs"),
    ("coping_strategies", "2. Det jeg kan gjøre selv / What I can do on my own"),
    ("distractions", "3. Personer og steder som gir avbrekk / People and places that distract"),
    ("ask_for_help", "4. Personer jeg kan be om hjelp / People I can ask for help"),
    ("professionals", "5. Fagfolk og tjenester / Professionals and services"),
    ("safe_environment", "6. Trygge omgivelser / Making the environment safe"),
    ("reasons_for_living", "Det som er viktigst for meg / Reasons for living"),
)


def plan_text(plan, note: str = "") -> str:
    lines = [note.strip(), ""] if note.strip() else []
    for name, heading in SECTIONS:
        items = getattr(plan, name)
        if not items:
            continue
        lines.append(heading)
        for item in items:
            if isinstance(item, str):
                lines.append(f"- {item}")
            else:
                lines.append("- " + " · ".join(part for part in (item.name, item.phone, item.note) if part))
        lines.append("")
    return "\n".join(lines).strip()


class CrisisPlanMessenger:
    def __init__(self, messaging_address: str):
        self._address = messaging_address

    def send(self, provider_id: str, text: str) -> str:
        stub = messaging_pb2_grpc.MessagingServiceStub(channel(self._address))
        request = pb.StartConversationRequest(subject="Kriseplan / Crisis plan", participant_ids=[provider_id],
                                              first_message=text)
        try:
            reply = stub.StartConversation(request, metadata=on_behalf_of_caller(), timeout=10)
        except grpc.RpcError as error:
            if error.code() == grpc.StatusCode.NOT_FOUND:
                raise NotFound("that provider is not in your care team", field="provider_id") from None
            if error.code() == grpc.StatusCode.FAILED_PRECONDITION:
                reason = dict(error.trailing_metadata() or ()).get("reconnect-reason", "")
                raise FailedPrecondition("accept the terms before sending messages", reason=reason or "failed_precondition") from None
            if error.code() == grpc.StatusCode.INVALID_ARGUMENT:
                raise FailedPrecondition("the plan is too long for one message", reason="too_long") from None
            raise Unavailable("messaging is unavailable; try again", reason="messaging_unavailable") from None
        return reply.conversation.id
