"""What services ask identity about people, always on the caller's behalf.

Asked on every request, never copied: a revoked reveal, a circle someone left or an
ended care relationship must take effect at once, and identity decides what this
caller may see. Identity being unreachable is UNAVAILABLE, never a wrong answer.
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


@dataclass(frozen=True)
class CareLink:
    provider_id: str
    service_user_id: str
    provider_pseudonym: str = ""
    service_user_pseudonym: str = ""


class Directory:
    def __init__(self, identity_address: str):
        self._address = identity_address

    @property
    def _stub(self) -> identity_pb2_grpc.IdentityServiceStub:
        return identity_pb2_grpc.IdentityServiceStub(channel(self._address))

    def _call(self, method: str, request, denied=None):
        try:
            return getattr(self._stub, method)(request, metadata=on_behalf_of_caller(), timeout=TIMEOUT_SECONDS)
        except grpc.RpcError as error:
            if denied is not None and error.code() in (grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.NOT_FOUND):
                return denied
            raise Unavailable("the directory of people is unavailable; try again", reason="identity_unavailable") from error

    def names(self, account_ids: list[str]) -> dict[str, Name]:
        """Pseudonyms, with names revealed to the caller where there are any."""
        wanted = list(dict.fromkeys(a for a in account_ids if a))
        if not wanted:
            return {}
        reply = self._call("ResolveNames", pb.ResolveNamesRequest(account_ids=wanted))
        return {n.account_id: Name(n.pseudonym, n.revealed_name) for n in reply.names}

    def circles(self) -> dict[str, set[str]]:
        """The caller's circles: circle id -> accepted members' account ids."""
        reply = self._call("ListCircles", pb.ListCirclesRequest(), denied=pb.ListCirclesResponse())
        return {c.id: {m.account_id for m in c.members if m.accepted} for c in reply.circles}

    def care_links(self, provider_id: str = "", service_user_id: str = "") -> list[CareLink]:
        """Active care relationships the caller may see (own ones; a provider also a cared-for person's team)."""
        request = pb.ListCareRelationshipsRequest(provider_id=provider_id, service_user_id=service_user_id)
        reply = self._call("ListCareRelationships", request, denied=pb.ListCareRelationshipsResponse())
        return [CareLink(r.provider_id, r.service_user_id, r.provider_pseudonym, r.service_user_pseudonym)
                for r in reply.relationships]

    def has_current_terms_consent(self) -> bool:
        reply = self._call("ListConsents", pb.ListConsentsRequest())
        return any(
            c.kind == pb.CONSENT_KIND_TERMS and c.version == reply.current_terms_version and not c.withdrawn
            for c in reply.consents
        )

    def time_zone(self, tenant: str) -> str:
        """The municipality's IANA time zone."""
        return self._call("GetTenant", pb.GetTenantRequest(slug=tenant)).time_zone
