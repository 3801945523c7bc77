"""The JSON shapes of the toolbox and the cafés, built from the services' messages.

One rule for every message, so the JSON cannot drift from the contract: each proto field
becomes a key of the same name; a time is ISO 8601 UTC (``…Z``) or ``null`` when not set;
a nested message that is not set is ``null``; an enumeration is its lower-case name
without the type's prefix (``ANSWER_YES`` → ``"yes"``), and ``""`` when unspecified.
Nothing is added that the service did not give.
"""

from __future__ import annotations

import re

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from services.gateway.resources import timestamp

_TIMESTAMP = "google.protobuf.Timestamp"


def _prefix(enum_type) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", enum_type.name).upper() + "_"


def enum_name(enum_type, number: int) -> str:
    value = enum_type.values_by_number.get(number)
    if value is None:
        return ""
    name = value.name.removeprefix(_prefix(enum_type)).lower()
    return "" if name == "unspecified" else name


def is_repeated(field: FieldDescriptor) -> bool:
    found = getattr(field, "is_repeated", None)
    if found is not None:
        return bool(found)
    return field.label == FieldDescriptor.LABEL_REPEATED  # older protobuf


def _single(field: FieldDescriptor, value):
    if field.message_type is not None:
        return as_json(value)
    if field.enum_type is not None:
        return enum_name(field.enum_type, value)
    return value


def as_json(message: Message) -> dict:
    out: dict = {}
    for field in message.DESCRIPTOR.fields:
        value = getattr(message, field.name)
        if is_repeated(field):
            out[field.name] = [_single(field, item) for item in value]
        elif field.message_type is not None and field.message_type.full_name == _TIMESTAMP:
            present = message.HasField(field.name) and bool(value.seconds or value.nanos)
            out[field.name] = timestamp(value, present)
        elif field.message_type is not None:
            out[field.name] = as_json(value) if message.HasField(field.name) else None
        else:
            out[field.name] = _single(field, value)
    return out


def listing(key: str, items) -> dict:
    return {key: [as_json(item) for item in items]}
