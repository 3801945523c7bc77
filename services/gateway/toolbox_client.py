"""A thin wrapper over the ToolboxService stub.

Like the identity and forum clients: every call carries the request id and the caller's
own access token as gRPC metadata, and a deadline. The toolbox decides what the token
allows (only the owner reads and writes their items; a provider reads exactly what was
shared, while the care relationship lasts); the gateway never does. The stub is built per
call from the per-process channel, so a forked worker never touches its parent's.

``call("AddValue", token, text="…")`` builds the RPC's own request message from the
keyword arguments, so a misspelt field fails at once instead of being sent empty.
"""

from __future__ import annotations

from reconnect.toolbox.v1 import toolbox_pb2 as pb
from reconnect.toolbox.v1 import toolbox_pb2_grpc
from services.kit import client

TIMEOUT_SECONDS = 5.0
SERVICE = pb.DESCRIPTOR.services_by_name["ToolboxService"]

STANDARD_DOMAINS = ("work_school", "social_life", "mental_health", "physical_health", "housing", "finances")
SECTIONS = ("goals", "activity_plan", "network_map", "crisis_plan", "medications", "exercise_log")
GOAL_STATUSES = ("active", "completed", "dropped")
STEP_STATUSES = ("todo", "doing", "done")
REPEATS = ("none", "daily", "weekly", "biweekly", "monthly")
CIRCLES = ("inner", "middle", "outer")
MEMBER_KINDS = ("person", "service")
EXERCISE_CATEGORIES = ("mindfulness", "coping", "sleep_hygiene", "symptom_management")
INFO_KINDS = ("page", "link")
INFO_CATEGORIES = ("information", "local_activity", "user_organisation")
PLAN_TEXT_LISTS = ("warning_signs", "coping_strategies", "safe_environment", "reasons_for_living")
PLAN_CONTACT_LISTS = ("distractions", "ask_for_help", "professionals")
# The Stanley-Brown order of the crisis plan's steps.
PLAN_STEPS = ("warning_signs", "coping_strategies", "distractions", "ask_for_help", "professionals",
              "safe_environment", "reasons_for_living")


def request_for(method: str, **fields):
    """The request message of one ToolboxService method, filled from ``fields``."""
    descriptor = SERVICE.methods_by_name[method].input_type
    return getattr(pb, descriptor.name)(**fields)


class ToolboxClient:
    def __init__(self, address: str, timeout: float = TIMEOUT_SECONDS):
        self.address = address
        self.timeout = timeout

    def call(self, method: str, access_token: str | None, request=None, **fields):
        """Call ``method`` with ``request`` (or one built from ``fields``) as the token's owner."""
        stub = toolbox_pb2_grpc.ToolboxServiceStub(client.channel(self.address))
        message = request if request is not None else request_for(method, **fields)
        return getattr(stub, method)(message, metadata=client.call_metadata(access_token), timeout=self.timeout)

    def calendar(self, token: str) -> str:
        """Public: the .ics of a feed; the secret token is the credential (no sign-in)."""
        return self.call("GetCalendar", None, token=token).ics
