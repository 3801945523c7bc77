"""Structured JSON logs with a request id that crosses gateway -> service -> event.

Log records carry ids and codes, never personal content: callers log what happened
("login_failed", account id), not what was written.
"""

from __future__ import annotations

import contextvars
import json
import logging
import sys
import time
import traceback
import uuid

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
REQUEST_ID_HEADER = "x-request-id"

_RESERVED = set(vars(logging.makeLogRecord({})).keys()) | {"message", "asctime"}


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_request_id() -> str:
    return request_id_var.get()


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str):
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "service": self.service,
            "logger": record.name,
            "event": record.getMessage(),
        }
        request_id = request_id_var.get()
        if request_id:
            entry["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _RESERVED and not key.startswith("_"):
                entry[key] = value
        if record.exc_info and record.exc_info[1] is not None:
            # The exception's type and where it happened, never its message: messages
            # can carry what a person typed.
            exc = record.exc_info[1]
            entry["exception"] = type(exc).__name__
            entry["stack"] = [
                f"{frame.filename}:{frame.lineno} in {frame.name}"
                for frame in traceback.extract_tb(exc.__traceback__)
            ]
        return json.dumps(entry, default=str, ensure_ascii=False)


def configure(service: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Library chatter at INFO can include connection URLs and peers; keep it quiet.
    for noisy in ("nats", "alembic", "sqlalchemy", "werkzeug", "gunicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
