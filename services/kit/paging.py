"""Opaque page tokens: the position after the last item of a page (its sort key), so the
next page starts exactly there however many items arrive meanwhile. Clients only pass
them back; a token this service did not give out is an InvalidArgument on page_token."""

from __future__ import annotations

import base64
import json

from services.kit.errors import InvalidArgument


def page_token(position: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode()


def position_of(token: str, length: int | None = None) -> list | None:
    """The position a token stands for, or None for the first page."""
    if not token:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(token.encode()))
    except (ValueError, json.JSONDecodeError):
        values = None
    if not isinstance(values, list) or (length is not None and len(values) != length):
        raise InvalidArgument("page_token is not one this service gave out", field="page_token")
    return values
