"""What every REST blueprint of the gateway shares: a request must name a known
municipality (by host, or X-Tenant outside production), every error is a problem document,
and query parameters are checked for shape only (their ranges are the services' to decide)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import grpc
from flask import Blueprint, g, jsonify, request

from services.gateway.problems import Problem, from_rpc_error, unknown_tenant
from services.gateway.tenancy import current_tenant

# Longer than any page token a service gives out: anything longer was not one of them.
MAX_PAGE_TOKEN_LENGTH = 1000


def api_blueprint(name: str, import_name: str, url_prefix: str = "/api/v1") -> Blueprint:
    blueprint = Blueprint(name, import_name, url_prefix=url_prefix)
    blueprint.before_request(_require_tenant)
    blueprint.register_error_handler(grpc.RpcError, _rpc_error)
    blueprint.register_error_handler(Problem, _problem)
    return blueprint


def _require_tenant():
    tenant = current_tenant()
    if tenant is None:
        raise unknown_tenant()
    g.tenant = tenant


def _rpc_error(error: grpc.RpcError):
    return from_rpc_error(error).response()


def _problem(problem: Problem):
    return problem.response()


def no_content():
    return "", 204


def bad_parameter(name: str, detail: str) -> Problem:
    return Problem(400, "invalid-request", "Invalid request", f"{name}: {detail}", field=name)


def page_size() -> int:
    """``?page_size=``, or 0 for the service's default."""
    raw = request.args.get("page_size", "")
    if raw == "":
        return 0
    if not raw.isdigit() or len(raw) > 6:
        raise bad_parameter("page_size", "a whole number")
    return int(raw)


def page_token() -> str:
    token = request.args.get("page_token", "")
    if len(token) > MAX_PAGE_TOKEN_LENGTH:
        raise bad_parameter("page_token", "not one this service gave out")
    return token


def flag(name: str) -> bool:
    raw = request.args.get(name, "").strip().lower()
    if raw in ("", "false", "0", "no"):
        return False
    if raw in ("true", "1", "yes"):
        return True
    raise bad_parameter(name, "true or false")


def short_arg(name: str, limit: int = 100) -> str:
    value = request.args.get(name, "").strip()
    if len(value) > limit:
        raise bad_parameter(name, f"at most {limit} characters")
    return value


def parse_time(raw: str, name: str, *, end_of_day: bool = False) -> datetime | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise bad_parameter(name, "an ISO 8601 date (2025-03-01) or time (2025-03-01T12:00:00Z)") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if end_of_day and len(raw) == 10:  # a date alone: up to and including that day
        moment += timedelta(days=1)
    return moment


def created(body: dict):
    return jsonify(body), 201
