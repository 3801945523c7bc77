"""Liveness, readiness and metrics for the platform (no tenant needed)."""

from __future__ import annotations

import ipaddress
import os

from flask import Blueprint, Response, abort, current_app, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest

from services.kit import client

probes = Blueprint("probes", __name__)


def upstreams() -> dict[str, str]:
    settings = current_app.config["RECONNECT_SETTINGS"]
    return {"identity": settings.identity_address, "forum": settings.forum_address,
            "messaging": settings.messaging_address,
            "events": settings.events_address, "toolbox": settings.toolbox_address}


@probes.get("/healthz")
def healthz():
    return jsonify({"status": "alive"})


@probes.get("/readyz")
def readyz():
    not_serving = sorted(name for name, address in upstreams().items() if not client.is_serving(address))
    if not_serving:
        return jsonify({"status": "not_ready", "not_serving": not_serving}), 503
    return jsonify({"status": "ready", "not_serving": []})


def _registry():
    # Under gunicorn with several workers each worker writes its series to a shared
    # directory (prometheus multiprocess mode), so any worker can answer for all.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


def _addressed_directly() -> bool:
    """True for Prometheus scraping the pod by address; false for anything that came in
    through the ingress, which always names a municipality's host."""
    host = request.host.rsplit(":", 1)[0].strip("[]")
    if host == "localhost":
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


@probes.get("/metrics")
def metrics():
    if not _addressed_directly():
        abort(404)  # the figures are for operations, not for the public internet
    return Response(generate_latest(_registry()), mimetype=CONTENT_TYPE_LATEST)
