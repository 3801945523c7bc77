"""What the forum asks identity about people, on the caller's behalf.

Asked on every request, never copied: a revoked reveal or a circle someone left must
stop showing at once, and identity decides what this viewer may see.
"""

from __future__ import annotations

from dataclasses import dataclass

import grpc

from reconnect.identity.v1 import identity_pb2 as pb
from reconnect.identity.v1 import identity_pb2_grpc
from services.kit.client import channel, on_behalf_of_caller
from services.kit.errors import Unavailable

TIMEOUT_SECONDS = 5


@dataclass(frozen=True)
class Name:
    pseudonym: str
    revealed_name: str


class People:
    def __init__(self, identity_address: str):
        self._address = identity_address

    @property
    def _stub(self) -> identity_pb2_grpc.IdentityServiceStub:
        return identity_pb2_grpc.IdentityServiceStub(channel(self._address))

    def names(self, account_ids: list[str]) -> dict[str, Name]:
        wanted = list(dict.fromkeys(a for a in account_ids if a))
        if not wanted:
            return {}
        try:
            reply = self._stub.ResolveNames(
                pb.ResolveNamesRequest(account_ids=wanted), metadata=on_behalf_of_caller(), timeout=TIMEOUT_SECONDS
            )
        except grpc.RpcError as error:
            raise Unavailable("the directory of names is unavailable; try again", reason="identity_unavailable") from error
        return {n.account_id: Name(n.pseudonym, n.revealed_name) for n in reply.names}

    def circles(self) -> dict[str, set[str]]:
        """The caller's circles: circle id -> accepted members' account ids."""
        try:
            reply = self._stub.ListCircles(pb.ListCirclesRequest(), metadata=on_behalf_of_caller(), timeout=TIMEOUT_SECONDS)
        except grpc.RpcError as error:
            if error.code() == grpc.StatusCode.PERMISSION_DENIED:
                return {}
            raise Unavailable("circles are unavailable; try again", reason="identity_unavailable") from error
        return {c.id: {m.account_id for m in c.members if m.accepted} for c in reply.circles}
