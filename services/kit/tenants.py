"""Per-municipality settings every service may read: where to get acute help.

In Kubernetes the chart mounts the region's tenant list as JSON and points
``RECONNECT_TENANTS_FILE`` at it; locally the defaults below apply.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache

DEFAULT_CRISIS_CONTACTS = (
    ("Medisinsk nødtelefon / Emergency", "113"),
    ("Legevakt / Out-of-hours doctor", "116 117"),
    ("Mental Helse hjelpetelefonen", "116 123"),
)


@lru_cache(maxsize=1)
def _configured() -> dict[str, list[tuple[str, str]]]:
    path = os.environ.get("RECONNECT_TENANTS_FILE", "")
    if not path or not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    return {
        t["slug"]: [(c["name"], c["phone"]) for c in t.get("crisis_contacts", [])]
        for t in document.get("tenants", [])
        if t.get("slug")
    }


def crisis_contacts(tenant: str) -> list[tuple[str, str]]:
    return _configured().get(tenant) or list(DEFAULT_CRISIS_CONTACTS)


def acute_help_text(tenant: str) -> str:
    contacts = "; ".join(f"{name}: {phone}" for name, phone in crisis_contacts(tenant))
    return (
        "ReConnect er ikke for akutte situasjoner. Ved akutt fare, ring 113. "
        "ReConnect is not for emergencies. " + contacts
    )
