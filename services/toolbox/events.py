"""What the toolbox consumes from other services.

It publishes (through the outbox, from domain.py): ``toolbox.<tenant>.goal_completed``,
``crisis_plan_updated``, ``share_granted`` and ``share_revoked`` -- ids only.

It consumes, from identity's stream:
- ``identity.*.account_erased``: erase everything about the account, and report
  ``toolbox.<tenant>.erasure_completed`` (the kit's erasure consumer);
- ``identity.*.care_relationship_removed``: end the grants between that provider and
  service user (reads are already refused at once, since each read asks identity);
- ``identity.*.account_moved``: the toolbox moves with its owner to the new municipality,
  re-sealed under the new tenant's key.
The kit records each event id in the same transaction, so a redelivery changes nothing.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from reconnect.events.v1 import envelope_pb2
from reconnect.events.v1 import identity_pb2 as identity_events
from reconnect.events.v1 import lifecycle_pb2 as lifecycle
from services.kit.bus import Consumer, PermanentFailure
from services.kit.erasure import erasure_consumer
from services.kit.outbox import unpack
from services.toolbox.domain import Toolbox

IDENTITY_STREAM = "IDENTITY"
CARE_ENDED = "toolbox-care-ended"
ACCOUNT_MOVED = "toolbox-account-moved"


def consumers(toolbox: Toolbox) -> list[Consumer]:
    def care_ended(session: Session, event: envelope_pb2.Event) -> None:
        try:
            payload = unpack(event, identity_events.CareRelationshipRemoved)
        except ValueError as exc:
            raise PermanentFailure(str(exc)) from exc
        toolbox.end_care(session, event.tenant, payload.provider_id, payload.service_user_id)

    def account_moved(session: Session, event: envelope_pb2.Event) -> None:
        try:
            moved = unpack(event, lifecycle.AccountMoved)
        except ValueError as exc:
            raise PermanentFailure(str(exc)) from exc
        if not moved.account_id or not moved.from_tenant or not moved.to_tenant:
            raise PermanentFailure("account_moved without account or tenants")
        toolbox.move_in(session, moved.account_id, moved.from_tenant, moved.to_tenant)

    return [
        erasure_consumer(toolbox.outbox, toolbox.erase_in, toolbox.db),
        Consumer(CARE_ENDED, IDENTITY_STREAM, "identity.*.care_relationship_removed", care_ended),
        Consumer(ACCOUNT_MOVED, IDENTITY_STREAM, "identity.*.account_moved", account_moved),
    ]
