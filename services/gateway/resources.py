"""The JSON shapes the API answers with, built from identity's messages."""

from __future__ import annotations

from google.protobuf.timestamp_pb2 import Timestamp

from reconnect.identity.v1 import identity_pb2 as pb
from services.gateway.identity_client import CONSENT_NAMES, ROLE_NAMES


def timestamp(value: Timestamp, present: bool = True) -> str | None:
    if not present:
        return None
    return value.ToDatetime().strftime("%Y-%m-%dT%H:%M:%SZ")


def tenant(message: pb.Tenant) -> dict:
    return {"slug": message.slug, "name": message.name, "locale": message.locale, "time_zone": message.time_zone}


def token_pair(message: pb.TokenPair) -> dict:
    return {
        "access_token": message.access_token,
        "access_expires_at": timestamp(message.access_expires_at),
        "refresh_token": message.refresh_token,
        "refresh_expires_at": timestamp(message.refresh_expires_at),
        "token_type": "Bearer",
    }


def account(message: pb.Account) -> dict:
    return {
        "id": message.id,
        "tenant": message.tenant,
        "username": message.username,
        "roles": [ROLE_NAMES[role] for role in message.roles if role in ROLE_NAMES],
        "pseudonym": message.pseudonym,
        "real_name": message.real_name,
        "email": message.email,
        "phone": message.phone,
        "active": message.active,
        "created_at": timestamp(message.created_at, message.HasField("created_at")),
    }


def consent(message: pb.Consent) -> dict:
    return {
        "kind": CONSENT_NAMES.get(message.kind, "unspecified"),
        "version": message.version,
        "given_at": timestamp(message.given_at, message.HasField("given_at")),
        "withdrawn": message.withdrawn,
    }


def care_relationship(message: pb.CareRelationship) -> dict:
    return {
        "id": message.id,
        "tenant": message.tenant,
        "provider_id": message.provider_id,
        "service_user_id": message.service_user_id,
        "provider_pseudonym": message.provider_pseudonym,
        "service_user_pseudonym": message.service_user_pseudonym,
        "created_at": timestamp(message.created_at, message.HasField("created_at")),
    }
