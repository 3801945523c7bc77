"""Which municipality a request is for: from the host name, or ``X-Tenant`` locally.

``nordvik.localhost:8080`` -> ``nordvik``; a host of its own (``reconnect.nordvik.no``)
is looked up by host name; the bare base domain or an IP address has no tenant (the
portal lists the tenants there). Lookups are cached so routing does not cost a call per
request; unknown names are cached briefly too, so random host names cannot flood identity.
"""

from __future__ import annotations

import ipaddress
import re
import threading
import time

import grpc
from flask import current_app, g, request

from reconnect.identity.v1 import identity_pb2 as pb

TENANT_HEADER = "X-Tenant"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
_HOST = re.compile(r"^[a-z0-9.-]{1,253}$")


class TenantCache:
    def __init__(self, lookup, ttl_seconds: float = 60.0, miss_ttl_seconds: float = 10.0, max_entries: int = 1000):
        self._lookup = lookup
        self._ttl = ttl_seconds
        self._miss_ttl = miss_ttl_seconds
        self._max = max_entries
        self._entries: dict[tuple[str, str], tuple[float, pb.Tenant | None]] = {}
        self._lock = threading.Lock()

    def get(self, *, slug: str = "", host: str = "") -> pb.Tenant | None:
        key = (slug, host)
        now = time.monotonic()
        with self._lock:
            cached = self._entries.get(key)
        if cached and cached[0] > now:
            return cached[1]
        try:
            found: pb.Tenant | None = self._lookup(slug=slug, host=host)
        except grpc.RpcError as error:
            if error.code() not in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.INVALID_ARGUMENT):
                raise  # identity is down: say so, do not remember a wrong "unknown"
            found = None
        with self._lock:
            if len(self._entries) >= self._max:
                self._entries.clear()
            self._entries[key] = (now + (self._ttl if found else self._miss_ttl), found)
        return found


def tenant_key_from_request(base_domain: str, honour_header: bool = True) -> tuple[str, str] | None:
    """(slug, host) to look up, or None when the request names no tenant.

    The ``X-Tenant`` header is for local runs and tests only: in production the host
    name decides, so nobody can reach another municipality by setting a header.
    """
    header = request.headers.get(TENANT_HEADER, "").strip().lower() if honour_header else ""
    if header:
        return (header, "") if _SLUG.match(header) else ("", "")
    host = request.host.lower()
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    name = name.strip("[]").rstrip(".")
    if name == base_domain or _is_ip(name):
        return None
    suffix = "." + base_domain
    if name.endswith(suffix):
        slug = name[: -len(suffix)]
        return (slug, "") if _SLUG.match(slug) else ("", "")
    return ("", name) if _HOST.match(name) else ("", "")


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


_MISSING = object()


def current_tenant() -> pb.Tenant | None:
    """The request's tenant; None when the address names none or an unknown one."""
    cached = g.get("_tenant", _MISSING)
    if cached is not _MISSING:
        return cached
    settings = current_app.config["RECONNECT_SETTINGS"]
    key = tenant_key_from_request(settings.base_domain, honour_header=settings.environment != "production")
    tenant = None
    g.tenant_named = key is not None
    if key is not None and any(key):
        tenant = current_app.extensions["reconnect_tenants"].get(slug=key[0], host=key[1])
    g._tenant = tenant
    return tenant


def tenant_named() -> bool:
    """Whether the request's address names a tenant at all (known or not)."""
    current_tenant()
    return bool(g.get("tenant_named"))
