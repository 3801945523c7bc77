"""RFC 9457 problem details: every API error is ``application/problem+json``.

Titles and details are fixed texts (or the service's fixed texts): never user input,
never personal content.
"""

from __future__ import annotations

import grpc
from flask import Response, jsonify

from services.kit.errors import details_from_rpc_error
from services.kit.logs import current_request_id

PROBLEM_BASE = "https://reconnect.example/problems/"
MEDIA_TYPE = "application/problem+json"
RETRY_AFTER_UNAVAILABLE = 5


class Problem(Exception):
    """An error the API answers with a problem document."""

    def __init__(
        self,
        status: int,
        kind: str,
        title: str,
        detail: str = "",
        *,
        field: str = "",
        headers: dict[str, str] | None = None,
        reason: str = "",
    ):
        super().__init__(title)
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.field = field
        self.headers = headers or {}
        # The service's machine-readable reason (e.g. "reserved"), for the portal's texts.
        self.reason = reason

    def body(self) -> dict:
        document = {
            "type": PROBLEM_BASE + self.kind,
            "title": self.title,
            "status": self.status,
            "detail": self.detail or self.title,
        }
        if self.field:
            document["field"] = self.field
        if self.reason:
            document["reason"] = self.reason
        request_id = current_request_id()
        if request_id:
            document["request_id"] = request_id
        return document

    def response(self) -> Response:
        response = jsonify(self.body())
        response.status_code = self.status
        response.mimetype = MEDIA_TYPE
        for name, value in self.headers.items():
            response.headers[name] = value
        return response


def unknown_tenant() -> Problem:
    return Problem(404, "unknown-tenant", "Unknown tenant", "no municipality is served at this address",
                   field="tenant")


def not_signed_in() -> Problem:
    return Problem(401, "unauthenticated", "Sign-in required", "send an access token as 'Authorization: Bearer'",
                   headers={"WWW-Authenticate": 'Bearer realm="reconnect"'})


def invalid_body(field: str, detail: str) -> Problem:
    return Problem(400, "invalid-request", "Invalid request", detail, field=field)


def too_many_attempts(retry_after: int) -> Problem:
    return Problem(429, "too-many-attempts", "Too many attempts", "wait before trying again",
                   headers={"Retry-After": str(retry_after)})


def internal_error() -> Problem:
    return Problem(500, "internal-error", "Internal error",
                   "something went wrong on our side; quote the request id when reporting it")


# gRPC status -> (HTTP status, problem kind, title)
_FROM_GRPC: dict[grpc.StatusCode, tuple[int, str, str]] = {
    grpc.StatusCode.INVALID_ARGUMENT: (400, "invalid-argument", "Invalid argument"),
    grpc.StatusCode.OUT_OF_RANGE: (400, "invalid-argument", "Invalid argument"),
    grpc.StatusCode.UNAUTHENTICATED: (401, "unauthenticated", "Sign-in required"),
    grpc.StatusCode.PERMISSION_DENIED: (403, "permission-denied", "Not allowed"),
    grpc.StatusCode.NOT_FOUND: (404, "not-found", "Not found"),
    grpc.StatusCode.ALREADY_EXISTS: (409, "already-exists", "Already exists"),
    grpc.StatusCode.ABORTED: (409, "conflict", "Conflict"),
    grpc.StatusCode.FAILED_PRECONDITION: (409, "failed-precondition", "Not possible in the current state"),
    grpc.StatusCode.RESOURCE_EXHAUSTED: (429, "too-many-attempts", "Too many attempts"),
    grpc.StatusCode.UNAVAILABLE: (503, "service-unavailable", "Service unavailable"),
    grpc.StatusCode.DEADLINE_EXCEEDED: (503, "service-unavailable", "Service unavailable"),
}


def from_rpc_error(error: grpc.RpcError) -> Problem:
    code = error.code() if hasattr(error, "code") else grpc.StatusCode.UNKNOWN
    mapped = _FROM_GRPC.get(code)
    if mapped is None:
        # INTERNAL, UNKNOWN, ...: the upstream's text may say too much; give only the request id.
        return Problem(502, "upstream-error", "Upstream error",
                       "a service behind the gateway failed; quote the request id when reporting it")
    status, kind, title = mapped
    field, reason = details_from_rpc_error(error)
    headers: dict[str, str] = {}
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="reconnect", error="invalid_token"'
    if status == 429:
        headers["Retry-After"] = "60"
    if status == 503:
        headers["Retry-After"] = str(RETRY_AFTER_UNAVAILABLE)
        detail = "a service behind the gateway is not reachable; try again shortly"
    else:
        detail = (error.details() if hasattr(error, "details") else "") or title
    return Problem(status, kind, title, detail, field=field, headers=headers, reason=reason)
