"""Domain errors that map to gRPC status codes (and from there to HTTP problem+json).

A service raises these from its domain code; the kit's interceptor turns them into a
status with a reason and, for bad input, the offending field, carried in trailing
metadata. Messages are fixed texts: never echo user input or personal content.
"""

from __future__ import annotations

import grpc

FIELD_KEY = "reconnect-field"
REASON_KEY = "reconnect-reason"


class ServiceError(Exception):
    code: grpc.StatusCode = grpc.StatusCode.UNKNOWN

    def __init__(self, message: str, *, field: str = "", reason: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field
        self.reason = reason or self.code.name.lower()


class InvalidArgument(ServiceError):
    code = grpc.StatusCode.INVALID_ARGUMENT


class NotFound(ServiceError):
    code = grpc.StatusCode.NOT_FOUND


class AlreadyExists(ServiceError):
    code = grpc.StatusCode.ALREADY_EXISTS


class PermissionDenied(ServiceError):
    code = grpc.StatusCode.PERMISSION_DENIED


class Unauthenticated(ServiceError):
    code = grpc.StatusCode.UNAUTHENTICATED


class FailedPrecondition(ServiceError):
    code = grpc.StatusCode.FAILED_PRECONDITION


class ResourceExhausted(ServiceError):
    code = grpc.StatusCode.RESOURCE_EXHAUSTED


class Unavailable(ServiceError):
    code = grpc.StatusCode.UNAVAILABLE


def details_from_rpc_error(error: grpc.RpcError) -> tuple[str, str]:
    """(field, reason) from a failed call's trailing metadata, for clients such as the gateway."""
    field = reason = ""
    trailers = error.trailing_metadata() if hasattr(error, "trailing_metadata") else None
    for key, value in trailers or ():
        if key == FIELD_KEY:
            field = value
        elif key == REASON_KEY:
            reason = value
    return field, reason
