"""Per service: the calls the authorization matrix makes and the canaries it plants.

A service joins the assurance suite with one module here (``CALLS`` for its gRPC methods,
``CANARY_SOURCES`` for its personal content) and its rows in ``policies.py``.
"""

from __future__ import annotations

from tests.assurance.canaries import CanarySource
from tests.assurance.declarations import (
    account_routes,
    common,
    events,
    forum,
    forum_routes,
    gateway,
    identity,
    messaging,
    service_routes,
    toolbox,
)

SERVICE_MODULES = {"identity": identity, "forum": forum, "messaging": messaging, "events": events,
                   "toolbox": toolbox}
# A contract's package name where it differs from its service's (reconnect.cafes.v1 is served by events).
CONTRACT_SERVICE = {"cafes": "events"}

# gRPC calls by "<service>/<Method>".
GRPC_CALLS = {f"{service}/{name}": call for service, module in SERVICE_MODULES.items()
              for name, call in module.CALLS.items()}
STREAMING = {f"messaging/{name}" for name in messaging.STREAMING}
HTTP_CALLS = {**gateway.CALLS, **{route: call for route, (_row, call) in forum_routes.API.items()},
              **{route: call for route, (_rule, call) in forum_routes.pages().items()},
              **{route: call for route, (_row, call) in service_routes.API.items()},
              **{route: call for route, (_rule, call) in service_routes.pages().items()},
              **{route: call for route, (_rule, call) in service_routes.feeds().items()},
              **{route: call for route, (_row, call) in account_routes.API.items()},
              **{route: call for route, (_rule, call) in account_routes.routes().items()}}

CANARY_SOURCES: list[CanarySource] = [
    *identity.CANARY_SOURCES,
    *forum.CANARY_SOURCES,
    *messaging.CANARY_SOURCES,
    *events.CANARY_SOURCES,
    *toolbox.CANARY_SOURCES,
]

STUBS = {"identity": identity.STUB, **common.STUBS}
