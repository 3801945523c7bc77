"""The server-sent event stream on its own, with a stand-in for messaging: heartbeats, the
lifetime cap, Last-Event-ID, the per-worker cap, and that the gRPC stream is cancelled when
the client goes away. (test_messaging_api.py covers the same stream against the real stack.)"""

from __future__ import annotations

import queue
import threading
import time

import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from reconnect.identity.v1 import identity_pb2 as ipb
from reconnect.messaging.v1 import messaging_pb2 as mpb
from services.gateway.app import create_app
from services.gateway.settings import GatewaySettings
from services.gateway.tenancy import TenantCache

NORDVIK = ipb.Tenant(slug="nordvik", name="Nordvik", locale="nb", time_zone="Europe/Oslo")
BEARER = {"Authorization": "Bearer test-token", "X-Tenant": "nordvik"}


class FakeWatch:
    """A server-streaming call: yields what is put in, ends when cancelled."""

    def __init__(self):
        self.items: queue.Queue = queue.Queue()
        self.cancelled = threading.Event()

    def __iter__(self):
        while not self.cancelled.is_set():
            try:
                yield self.items.get(timeout=0.02)
            except queue.Empty:
                continue

    def cancel(self):
        self.cancelled.set()


class FakeMessaging:
    def __init__(self, latest: str = ""):
        self.latest = latest
        self.watches: list[tuple[str, str, float, FakeWatch]] = []

    def notifications(self, token, page_size=0, page_token="", unread_only=False):
        items = [mpb.Notification(id=self.latest, kind="message")] if self.latest else []
        return mpb.ListNotificationsResponse(notifications=items, unread_count=len(items))

    def watch(self, token, after_id, lifetime_seconds):
        call = FakeWatch()
        self.watches.append((token, after_id, lifetime_seconds, call))
        return call


def make_app(fake: FakeMessaging, **settings):
    app = create_app(GatewaySettings(secret_key="s" * 40, environment="test", **settings))
    app.extensions["reconnect_tenants"] = TenantCache(lambda slug="", host="": NORDVIK)
    app.extensions["reconnect_messaging"] = fake
    return app


def notification(notification_id: str) -> mpb.Notification:
    created = Timestamp()
    created.FromSeconds(1_800_000_000)
    return mpb.Notification(id=notification_id, kind="message", conversation_id="c-1", created_at=created)


def chunks(response):
    return (chunk.decode() if isinstance(chunk, bytes) else chunk for chunk in response.response)


def test_events_heartbeats_and_cancel_when_the_client_goes_away():
    fake = FakeMessaging(latest="n-0")
    app = make_app(fake, stream_heartbeat_seconds=0.2)
    response = app.test_client().get("/api/v1/notifications/stream", headers=BEARER, buffered=False)
    assert response.status_code == 200 and response.mimetype == "text/event-stream"
    stream = chunks(response)
    assert next(stream) == "retry: 5000\n\nid: n-0\n\n"
    token, after, lifetime, call = fake.watches[0]
    assert (token, after) == ("test-token", "n-0") and lifetime > 300
    call.items.put(notification("n-1"))
    event = next(stream)
    assert event.startswith("id: n-1\nevent: notification\ndata: {") and event.endswith("}\n\n")
    assert '"links":{"conversation":"/api/v1/conversations/c-1","page":"/messages/c-1"}' in event
    started = time.monotonic()
    assert next(stream) == ": heartbeat\n\n"
    assert time.monotonic() - started < 2
    assert not call.cancelled.is_set()
    response.close()  # what gunicorn does when a write to a closed connection fails
    assert call.cancelled.wait(2)
    # The slot is free again: another stream can open even with a cap of one.
    assert app.extensions["reconnect_streams"].take()


def test_last_event_id_is_where_the_stream_resumes():
    fake = FakeMessaging(latest="n-9")
    app = make_app(fake)
    client = app.test_client()
    response = client.get("/api/v1/notifications/stream", headers=BEARER | {"Last-Event-ID": "n-3"}, buffered=False)
    assert next(chunks(response)) == "retry: 5000\n\n"  # the client knows where it is
    assert fake.watches[-1][1] == "n-3"
    response.close()
    response = client.get("/api/v1/notifications/stream?after=n-4", headers=BEARER, buffered=False)
    next(chunks(response))
    assert fake.watches[-1][1] == "n-4"
    response.close()
    assert all(call.cancelled.is_set() for *_, call in fake.watches)


def test_the_stream_ends_after_its_lifetime():
    fake = FakeMessaging()
    app = make_app(fake, stream_heartbeat_seconds=0.1)
    app.config["RECONNECT_SETTINGS"] = app.config["RECONNECT_SETTINGS"].model_copy(update={"stream_max_seconds": 0.5})
    response = app.test_client().get("/api/v1/notifications/stream", headers=BEARER, buffered=False)
    started = time.monotonic()
    body = "".join(chunks(response))
    assert 0.4 < time.monotonic() - started < 3
    assert body.startswith("retry: 5000\n\n") and ": heartbeat" in body
    assert fake.watches[0][3].cancelled.is_set()


def test_a_worker_holds_a_bounded_number_of_streams():
    fake = FakeMessaging()
    app = make_app(fake, streams_per_worker=1)
    client = app.test_client()
    first = client.get("/api/v1/notifications/stream", headers=BEARER, buffered=False)
    next(chunks(first))
    busy = client.get("/api/v1/notifications/stream", headers=BEARER)
    assert busy.status_code == 503 and busy.mimetype == "application/problem+json"
    assert busy.headers["Retry-After"] == "10"
    first.close()
    again = client.get("/api/v1/notifications/stream", headers=BEARER, buffered=False)
    assert again.status_code == 200
    again.close()


@pytest.mark.parametrize("threads,expected", [(8, 4), (1, 1), (33, 16)])
def test_default_cap_is_half_the_threads(threads, expected):
    app = make_app(FakeMessaging(), threads=threads)
    assert app.extensions["reconnect_streams"].limit == expected


def test_portal_stream_without_a_session_tells_the_browser_to_stop():
    app = make_app(FakeMessaging())
    response = app.test_client().get("/notifications/stream", headers={"X-Tenant": "nordvik"})
    assert response.status_code == 204
