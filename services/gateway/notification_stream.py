"""Server-sent events for the notification feed, fed by messaging's WatchNotifications stream.

One stream per open page or app: every new notification becomes an ``event: notification``
whose data is the notification's JSON (id, kind, the ids it is about, links, time — never
content), with its id as the event id so a reconnecting EventSource sends ``Last-Event-ID``
and misses nothing. A comment line every ``stream_heartbeat_seconds`` keeps proxies from
closing an idle connection and finds out when the client has gone.

Sizing. Under gunicorn's gthread worker an open stream occupies one worker thread for its
whole life (plus one small thread here that reads the gRPC stream). With ``workers`` ×
``threads`` threads per pod, every open browser tab is one thread: size ``threads`` for
the expected concurrent tabs, not for request rate. So that streams can never starve
pages and the API, a worker serves at most ``streams_per_worker`` streams at once (half its
threads unless set) and answers 503 with Retry-After beyond that; the portal's script then
tries again later. A stream also ends after ``stream_max_seconds`` (5 minutes by default);
EventSource reconnects by itself with ``Last-Event-ID``, which spreads streams over workers
and pods again after a deploy or a scale-up. When a deployment needs many more open
streams than that, move them to their own (async) deployment behind the same path.

When the client goes away, the next write fails (the heartbeat makes sure there is one),
gunicorn closes this generator and the ``finally`` cancels the gRPC stream, so messaging
stops watching for it. Under gunicorn the connection is also checked for end-of-file about
once a second, so a closed tab frees its thread at once rather than at the next heartbeat.
"""

from __future__ import annotations

import json
import logging
import queue
import re
import select
import socket
import threading
import time
from collections.abc import Callable, Iterator

import grpc
from flask import Response, current_app, request
from prometheus_client import Gauge

from services.gateway import messaging_resources as res
from services.gateway.messaging_client import MessagingClient
from services.gateway.problems import Problem

log = logging.getLogger(__name__)

EVENT_ID = re.compile(r"^[A-Za-z0-9-]{1,100}$")
RECONNECT_MILLISECONDS = 5000
PEER_CHECK_SECONDS = 1.0
_END = object()

OPEN_STREAMS = Gauge("gateway_open_event_streams", "Server-sent event streams open now.", multiprocess_mode="livesum")


class StreamSlots:
    """How many streams this worker process may hold open at once."""

    def __init__(self, limit: int):
        self.limit = limit
        self._free = threading.BoundedSemaphore(limit)

    def take(self) -> bool:
        return self._free.acquire(blocking=False)

    def give_back(self) -> None:
        self._free.release()


def slots_for(settings) -> StreamSlots:
    return StreamSlots(settings.streams_per_worker or max(1, settings.threads // 2))


def busy() -> Problem:
    return Problem(503, "service-unavailable", "Service unavailable",
                   "too many live streams are open right now; try again shortly", headers={"Retry-After": "10"})


def after_id_from_request() -> str:
    """Where a reconnecting client left off: the ``Last-Event-ID`` header EventSource sends, or
    ``after`` in the query (the id of the newest notification the page already counted)."""
    for name, value in (("Last-Event-ID", request.headers.get("Last-Event-ID", "")),
                        ("after", request.args.get("after", ""))):
        value = value.strip()
        if value:
            if not EVENT_ID.match(value):
                raise Problem(400, "invalid-request", "Invalid request", f"{name}: not an id this service gave out",
                              field=name)
            return value
    return ""


def _event(notification) -> str:
    data = json.dumps(res.notification(notification), separators=(",", ":"))
    return f"id: {notification.id}\nevent: notification\ndata: {data}\n\n"


def _peer_gone(sock) -> bool:
    """True when the client has closed its side: a readable socket with nothing to read."""
    if sock is None:
        return False
    try:
        readable, _, _ = select.select([sock], [], [], 0)
        if not readable:
            return False
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except (OSError, ValueError):
        return True


def event_stream(token: str, after_id: str) -> Response:
    """The SSE response for the caller whose access token is ``token``."""
    settings = current_app.config["RECONNECT_SETTINGS"]
    messaging: MessagingClient = current_app.extensions["reconnect_messaging"]
    slots: StreamSlots = current_app.extensions["reconnect_streams"]
    prologue = f"retry: {RECONNECT_MILLISECONDS}\n\n"
    if not after_id:
        # Start after the newest notification there is, and tell the client its id, so a
        # reconnect after a quiet stream resumes from here instead of "from now".
        latest = messaging.notifications(token, 1).notifications
        if latest:
            after_id = latest[0].id
            prologue += f"id: {after_id}\n\n"  # sets EventSource's lastEventId; fires no event
    if not slots.take():
        raise busy()
    try:
        call = messaging.watch(token, after_id, settings.stream_max_seconds + 10)
    except BaseException:
        slots.give_back()
        raise
    sock = request.environ.get("gunicorn.socket")
    body = _pump(call, prologue, sock, settings.stream_max_seconds, settings.stream_heartbeat_seconds, slots.give_back)
    response = Response(body, mimetype="text/event-stream")
    response.headers["X-Accel-Buffering"] = "no"  # nginx (the ingress) must not hold events back
    return response


def _pump(call, prologue: str, sock, lifetime: float, heartbeat: float, release: Callable[[], None]) -> Iterator[str]:
    items: queue.Queue = queue.Queue()

    def read() -> None:
        # The gRPC iterator blocks until the next notification; it runs here so that the
        # response can send heartbeats meanwhile. cancel() ends it with CANCELLED.
        try:
            for notification in call:
                items.put(notification)
        except grpc.RpcError as error:
            items.put(error)
        except Exception as error:  # noqa: BLE001 - handed to the response, which logs it
            items.put(error)
        finally:
            items.put(_END)

    reader = threading.Thread(target=read, name="sse-watch", daemon=True)

    def generate() -> Iterator[str]:
        OPEN_STREAMS.inc()
        try:
            reader.start()
            yield prologue
            started = last_write = time.monotonic()
            while True:
                now = time.monotonic()
                if now - started >= lifetime:
                    break
                if now - last_write >= heartbeat:
                    yield ": heartbeat\n\n"
                    last_write = time.monotonic()
                wait = min(PEER_CHECK_SECONDS, heartbeat - (now - last_write), lifetime - (now - started))
                try:
                    item = items.get(timeout=max(wait, 0.01))
                except queue.Empty:
                    if _peer_gone(sock):
                        break
                    continue
                if item is _END:
                    break
                if isinstance(item, grpc.RpcError):
                    if item.code() not in (grpc.StatusCode.CANCELLED, grpc.StatusCode.DEADLINE_EXCEEDED):
                        log.warning("notification_stream_ended", extra={"code": item.code().name})
                    break
                if isinstance(item, Exception):
                    log.error("notification_stream_failed", exc_info=item)
                    break
                yield _event(item)
                last_write = time.monotonic()
        finally:
            call.cancel()
            OPEN_STREAMS.dec()
            release()

    return generate()
