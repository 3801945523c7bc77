"""What every response goes through: request ids, security headers, metrics, access log."""

from __future__ import annotations

import logging
import re
import time

from flask import Flask, g, request
from prometheus_client import Counter, Histogram

from services.kit import logs

log = logging.getLogger("services.gateway.access")

REQUEST_ID_RESPONSE_HEADER = "X-Request-Id"
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

# Labelled by the route *rule* ("/api/v1/admin/accounts/<account_id>"), never the raw path,
# so no id ever becomes a label and the number of series stays bounded.
HTTP_REQUESTS = Counter(
    "gateway_http_requests_total", "HTTP requests answered by the gateway.", ["method", "route", "status"]
)
HTTP_SECONDS = Histogram(
    "gateway_http_request_duration_seconds",
    "Time to answer an HTTP request.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def route_label() -> str:
    return request.url_rule.rule if request.url_rule is not None else "unmatched"


def install(app: Flask, *, https_only: bool) -> None:
    @app.before_request
    def _begin():
        incoming = request.headers.get(REQUEST_ID_RESPONSE_HEADER, "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else logs.new_request_id()
        g.request_id = request_id
        g.request_id_token = logs.request_id_var.set(request_id)
        g.started = time.perf_counter()

    @app.after_request
    def _finish(response):
        response.headers[REQUEST_ID_RESPONSE_HEADER] = g.get("request_id", "")
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if https_only:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if request.endpoint != "static":
            # Pages and API answers can hold tokens or personal details: never store them.
            response.headers["Cache-Control"] = "no-store"
        method = request.method if request.method in _KNOWN_METHODS else "OTHER"
        route = route_label()
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        HTTP_REQUESTS.labels(method, route, str(response.status_code)).inc()
        HTTP_SECONDS.labels(method, route).observe(elapsed)
        log.info(
            "http_request",
            extra={"method": method, "route": route, "status": response.status_code,
                   "duration_ms": round(elapsed * 1000, 1)},
        )
        return response

    @app.teardown_request
    def _end(_exc):
        token = g.pop("request_id_token", None)
        if token is not None:
            logs.request_id_var.reset(token)
