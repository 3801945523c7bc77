"""A thin wrapper over the events service's CafeService stub.

Like the other clients: every call carries the request id and the caller's own access
token as gRPC metadata, and a deadline. The events service decides what the token allows
(members of the municipality, the café's moderators, admins; another municipality's
cafés answer "not found"); the gateway never does.

``call("Rsvp", token, occurrence_id=…, answer=…)`` builds the RPC's own request message
from the keyword arguments.
"""

from __future__ import annotations

from datetime import datetime

from google.protobuf.timestamp_pb2 import Timestamp

from reconnect.cafes.v1 import cafes_pb2 as pb
from reconnect.cafes.v1 import cafes_pb2_grpc
from services.kit import client

TIMEOUT_SECONDS = 5.0
SERVICE = pb.DESCRIPTOR.services_by_name["CafeService"]

ANSWERS = {"yes": pb.ANSWER_YES, "maybe": pb.ANSWER_MAYBE, "no": pb.ANSWER_NO}
COMPANION_KINDS = {"company": pb.COMPANION_KIND_COMPANY, "ride": pb.COMPANION_KIND_RIDE}
ACTIVITY_KINDS = {"coffee": pb.ACTIVITY_KIND_COFFEE, "walk": pb.ACTIVITY_KIND_WALK,
                  "volunteering": pb.ACTIVITY_KIND_VOLUNTEERING, "other": pb.ACTIVITY_KIND_OTHER}
# Reminder choices the portal offers, in minutes before the meeting.
REMINDER_CHOICES = (2880, 1440, 120)


def timestamp(moment: datetime | None) -> Timestamp | None:
    if moment is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp


def request_for(method: str, **fields):
    """The request message of one CafeService method, filled from ``fields`` ("from" included)."""
    descriptor = SERVICE.methods_by_name[method].input_type
    start = fields.pop("from", None)
    message = getattr(pb, descriptor.name)(**{k: v for k, v in fields.items() if v is not None})
    if start is not None:
        getattr(message, "from").CopyFrom(start)  # "from" is a Python keyword
    return message


class CafesClient:
    def __init__(self, address: str, timeout: float = TIMEOUT_SECONDS):
        self.address = address
        self.timeout = timeout

    def call(self, method: str, access_token: str | None, request=None, **fields):
        stub = cafes_pb2_grpc.CafeServiceStub(client.channel(self.address))
        message = request if request is not None else request_for(method, **fields)
        return getattr(stub, method)(message, metadata=client.call_metadata(access_token), timeout=self.timeout)

    def calendar_feed(self, token: str) -> pb.IcsFile:
        """Public: the .ics of a member's feed; the secret token is the credential."""
        return self.call("GetCalendarFeed", None, token=token)
