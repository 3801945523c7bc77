"""Part 5: broker and process faults. The part runs last in the session (see conftest.py)
on the shared stack, so killing processes disturbs no later part; set
RECONNECT_FAULTS_OWN_STACK=1 to give it a stack of its own.

- nats-server is SIGKILLed during a run of acknowledged writes and restarted: a ledger
  shows every acknowledged write exists and its event is on the stream exactly once.
- identity is SIGKILLed with requests in flight: the gateway answers 503 with
  Retry-After, and nothing is half-written (state and events agree).
- A consumer killed after its side effect but before its ack does not repeat it: proven
  at kit level by tests/kit/test_bus.py::test_a_side_effect_committed_before_a_lost_ack_is_not_repeated.

The writes are account creations, pseudonym changes, forum replies and messages, all
through the gateway. The ledger checks that every acknowledged post and message exists
once, that its event is on the stream once, and that no message notification is made
twice (each acknowledged message notifies its recipient exactly once). A third of the
1,000 writes are made while the broker is down.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest
import sqlalchemy

from reconnect.events.v1 import envelope_pb2
from reconnect.events.v1 import forum_pb2 as forum_events
from reconnect.events.v1 import identity_pb2 as events
from reconnect.events.v1 import messaging_pb2 as messaging_events
from reconnect_stack.seed import DEMO_SPACE, seed
from reconnect_stack.stack import SERVICES, Stack, drop_postgres_databases
from services.identity.domain import CURRENT_CONSENT_VERSIONS
from services.kit.natsserver import free_port
from services.kit.outbox import unpack
from tests.assurance.canaries import letters
from tests.assurance.observe import all_stream_messages, outbox_drained
from tests.conftest import POSTGRES_BASE_URL, SUITE_STACK_SETTINGS, wait_for
from tests.gateway.conftest import Gateway, random_loopback

PART = "5 broker and process faults"
WRITES = 1000  # a quarter each: accounts, pseudonyms, forum replies, messages
WRITER_THREADS = 6
# Each writer thread takes turns among its own accounts, so no account posts faster than a
# person may (the forum's posting pace): 250 replies over 36 accounts is 7 each.
ACCOUNTS_PER_WRITER = 6
BROKER_DOWN_AT_LEAST_SECONDS = 3.0
IN_FLIGHT_CLIENTS = 12

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def own_stack(request, tmp_path_factory):
    """The session's stack, when this part runs last (conftest orders it so): nothing runs
    after it that killing and restarting processes could disturb, and the session saves a
    second stack's start. RECONNECT_FAULTS_OWN_STACK=1 gives the part a stack of its own."""
    if not os.environ.get("RECONNECT_FAULTS_OWN_STACK"):
        yield request.getfixturevalue("stack")
        return
    var_dir = tmp_path_factory.mktemp("fault-stack")
    base = f"{POSTGRES_BASE_URL}_fault{uuid.uuid4().hex[:6]}" if POSTGRES_BASE_URL else ""
    stack = Stack(var_dir=var_dir, gateway_port=free_port(), database_base_url=base, environment="test",
                  extra_env=SUITE_STACK_SETTINGS)
    try:
        stack.start(deadline_seconds=90)
        seed(stack)
        yield stack
    finally:
        stack.stop()
        if base:
            drop_postgres_databases(base, [spec.name for spec in SERVICES])


@dataclass
class Ledger:
    """Every write the gateway acknowledged, and what it answered otherwise."""

    created: list[str] = field(default_factory=list)  # account ids
    pseudonyms: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # account -> values, in order
    posts: list[str] = field(default_factory=list)  # forum post ids
    messages: list[str] = field(default_factory=list)  # message ids
    refused: Counter = field(default_factory=Counter)
    # Pseudonyms whose answer was not a success (a timeout under load): committed or not, never twice.
    unanswered: dict[str, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def acknowledged(self) -> int:
        return (len(self.created) + sum(len(v) for v in self.pseudonyms.values()) + len(self.posts)
                + len(self.messages))

    def attempts(self) -> int:
        with self.lock:
            return self.acknowledged + sum(self.refused.values())


class Tickets:
    """Writes are released in phases (before, during and after the outage); writers take
    one ticket per write and the test waits for a phase's writes to be answered."""

    def __init__(self):
        self._available = 0
        self._finished = 0
        self._closed = False
        self._changed = threading.Condition()

    def release(self, count: int) -> None:
        with self._changed:
            self._available += count
            self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def take(self) -> bool:
        with self._changed:
            self._changed.wait_for(lambda: self._available > 0 or self._closed, timeout=120)
            if self._available > 0:
                self._available -= 1
                return True
            return False

    def done(self) -> None:
        with self._changed:
            self._finished += 1
            self._changed.notify_all()

    def wait_finished(self, count: int) -> None:
        with self._changed:
            assert self._changed.wait_for(lambda: self._finished >= count, timeout=120), "writes stalled"


class Writer:
    def __init__(self, stack: Stack, admin_token: str):
        self.stack = stack
        self.admin_token = admin_token

    def client(self) -> Gateway:
        return Gateway(self.stack.gateway_url, tenant="nordvik", source=random_loopback())

    def new_user(self) -> tuple[str, str]:
        """A service user who can sign in: (account id, access token)."""
        username, password = f"f.{letters(10)}", f"pw-{letters(16)}"
        client = self.client()
        reply = client.post("/api/v1/admin/accounts", token=self.admin_token,
                            json={"username": username, "password": password, "roles": ["service_user"]})
        assert reply.status_code == 201, reply.text
        return reply.json()["id"], client.login(username, password)["access_token"]


    def ready_to_post_and_write(self, account_id: str, token: str, provider_id: str) -> str:
        """A pseudonym (the forum asks for one), the current terms, care by the provider and a
        conversation with them; returns the conversation id."""
        client = self.client()
        assert client.put("/api/v1/me/pseudonym", token=token,
                          json={"pseudonym": f"Ledger {letters(12)}"}).status_code == 200
        assert client.post("/api/v1/me/consents", token=token, json={
            "kind": "terms", "version": CURRENT_CONSENT_VERSIONS["terms"]}).status_code in (200, 201)
        reply = client.post("/api/v1/care-relationships", token=self.admin_token,
                            json={"provider_id": provider_id, "service_user_id": account_id})
        assert reply.status_code == 201, reply.text
        reply = client.post("/api/v1/conversations", token=token, json={
            "subject": "Ledger", "participant_ids": [provider_id], "first_message": "Hello"})
        assert reply.status_code == 201, reply.text
        return reply.json()["conversation"]["id"]


def _account_id(client: Gateway, admin_token: str, username: str) -> str:
    """A seeded account's id, page by page (the rest of the suite has added many)."""
    page_token = ""
    while True:
        page = client.get("/api/v1/admin/accounts", token=admin_token,
                          params={"page_size": 200, "page_token": page_token}).json()
        found = [a["id"] for a in page["accounts"] if a["username"] == username]
        if found:
            return found[0]
        page_token = page.get("next_page_token", "")
        assert page_token, f"no account {username}"


def _demo_thread(client: Gateway, token: str) -> str:
    spaces = client.get("/api/v1/forum/spaces", token=token).json()["spaces"]
    space = next(s for s in spaces if s["name"] == DEMO_SPACE)
    categories = client.get(f"/api/v1/forum/spaces/{space['id']}/categories", token=token).json()["categories"]
    for category in categories:
        threads = client.get(f"/api/v1/forum/categories/{category['id']}/threads", token=token).json()["threads"]
        for thread in threads:
            if not thread.get("locked"):
                return thread["id"]
    raise AssertionError("the demo forum has no open thread")


def _stream_events(stack: Stack, stream: str) -> list[envelope_pb2.Event]:
    return [envelope_pb2.Event.FromString(m.data) for m in all_stream_messages(stack.nats_url) if m.stream == stream]


def _rows(stack: Stack, service: str, sql: str) -> list:
    engine = sqlalchemy.create_engine(stack.database_url(service))
    try:
        with engine.connect() as conn:
            return list(conn.execute(sqlalchemy.text(sql)))
    finally:
        engine.dispose()


def _identity_events(stack: Stack) -> list[envelope_pb2.Event]:
    return [envelope_pb2.Event.FromString(m.data) for m in all_stream_messages(stack.nats_url) if m.stream == "IDENTITY"]


def _event_index(stack: Stack) -> tuple[Counter, Counter, Counter]:
    created, renamed, ids = Counter(), Counter(), Counter()
    for event in _identity_events(stack):
        ids[event.id] += 1
        if event.type == "identity.account_created":
            created[unpack(event, events.AccountCreated).account_id] += 1
        elif event.type == "identity.pseudonym_changed":
            payload = unpack(event, events.PseudonymChanged)
            renamed[(payload.account_id, payload.pseudonym)] += 1
    return created, renamed, ids


def test_killing_nats_during_writes_loses_nothing_and_duplicates_nothing(own_stack, report):
    stack = own_stack
    admin = Gateway(stack.gateway_url, tenant="nordvik", source=random_loopback()).login("admin.nordvik")["access_token"]
    writer = Writer(stack, admin)
    users = [writer.new_user() for _ in range(WRITER_THREADS * ACCOUNTS_PER_WRITER)]
    setup = writer.client()
    provider_id = _account_id(setup, admin, "hansen")
    conversations = {account: writer.ready_to_post_and_write(account, token, provider_id)
                     for account, token in users}
    thread_id = _demo_thread(setup, users[0][1])
    ledger = Ledger()
    tickets = Tickets()

    def write_as(accounts: list[tuple[str, str]]) -> None:
        client = writer.client()
        turn = 0
        while tickets.take():
            account_id, token = accounts[turn % len(accounts)]
            turn += 1
            kind = ledger.attempts() % 4  # accounts, pseudonyms, forum replies, messages in turn
            if kind == 0:
                reply = client.post("/api/v1/admin/accounts", token=admin,
                                    json={"username": f"f.{letters(10)}", "roles": ["service_user"]})
                key = "created"
            elif kind == 1:
                value = f"Ledger {letters(12)}"
                reply = client.put("/api/v1/me/pseudonym", token=token, json={"pseudonym": value})
                key = "renamed"
            elif kind == 2:
                reply = client.post(f"/api/v1/forum/threads/{thread_id}/posts", token=token,
                                    json={"body": f"Ledger post {letters(12)}", "post_anyway": True})
                key = "posted"
            else:
                reply = client.post(f"/api/v1/conversations/{conversations[account_id]}/messages", token=token,
                                    json={"body": f"Ledger message {letters(12)}"})
                key = "sent"
            with ledger.lock:
                if reply.status_code in (200, 201):
                    if key == "created":
                        ledger.created.append(reply.json()["id"])
                    elif key == "renamed":
                        ledger.pseudonyms[account_id].append(value)
                    elif key == "posted":
                        ledger.posts.append(reply.json()["post"]["id"])
                    else:
                        ledger.messages.append(reply.json()["id"])
                else:
                    ledger.refused[reply.status_code] += 1
                    if key == "renamed":
                        ledger.unanswered[account_id].append((len(ledger.pseudonyms[account_id]), value))
            tickets.done()

    third = WRITES // 3
    with ThreadPoolExecutor(WRITER_THREADS) as pool:
        futures = [pool.submit(write_as, users[i::WRITER_THREADS]) for i in range(WRITER_THREADS)]
        tickets.release(third)
        tickets.wait_finished(third)
        acked_before = ledger.acknowledged
        stack.nats.kill()
        killed_at = time.monotonic()
        tickets.release(third)
        tickets.wait_finished(2 * third)
        acked_while_down = ledger.acknowledged - acked_before
        # The outage lasts at least this long by design (the experiment's parameter, not a wait for a result).
        threading.Event().wait(max(0.0, BROKER_DOWN_AT_LEAST_SECONDS - (time.monotonic() - killed_at)))
        down_for = time.monotonic() - killed_at
        stack.nats.start()
        tickets.release(WRITES - 2 * third)
        tickets.close()
        for future in futures:
            future.result(timeout=300)

    # The broker being down refuses no write (the outbox holds the events). On a loaded machine a
    # call may still miss the gateway's 5 s deadline (503): allowed, rare, and checked as "at most once".
    assert set(ledger.refused) <= {503} and sum(ledger.refused.values()) <= WRITES // 20, ledger.refused
    assert ledger.acknowledged + sum(ledger.refused.values()) == WRITES
    assert acked_while_down > 0 and down_for >= BROKER_DOWN_AT_LEAST_SECONDS

    wait_for(lambda: outbox_drained(stack), timeout=120, message="the outbox drains after NATS returns")
    created, renamed, event_ids = _event_index(stack)
    # Every acknowledged write exists...
    client = writer.client()
    for account_id in ledger.created:
        assert client.get(f"/api/v1/admin/accounts/{account_id}", token=admin).status_code == 200, account_id
    for account_id, token in users:
        values = ledger.pseudonyms[account_id]
        later_unanswered = {v for position, v in ledger.unanswered[account_id] if position >= len(values)}
        me = client.get("/api/v1/me", token=token).json()
        assert me["pseudonym"] in {values[-1]} | later_unanswered, "the last acknowledged pseudonym is in force"
    # ...and its event is on the stream exactly once.
    missing = [a for a in ledger.created if created[a] != 1]
    missing += [(a, v) for a, values in ledger.pseudonyms.items() for v in values if renamed[(a, v)] != 1]
    missing += [(a, v) for a, entries in ledger.unanswered.items() for _, v in entries if renamed[(a, v)] > 1]
    assert not missing, f"events not delivered exactly once: {missing[:10]} ({len(missing)})"
    assert max(event_ids.values()) == 1, "an event id appears twice on the stream"

    # Forum posts and messages: each acknowledged one exists once and its event is on the stream once.
    stored_posts = Counter(row[0] for row in _rows(stack, "forum", "SELECT id FROM posts"))
    stored_messages = Counter(row[0] for row in _rows(stack, "messaging", "SELECT id FROM messages"))
    forum_stream = _stream_events(stack, "FORUM")
    posted = Counter(unpack(e, forum_events.PostCreated).post_id for e in forum_stream if e.type == "forum.post_created")
    messaging_stream = _stream_events(stack, "MESSAGING")
    sent_events = {}
    sent = Counter()
    for event in messaging_stream:
        if event.type == "messaging.message_sent":
            message_id = unpack(event, messaging_events.MessageSent).message_id
            sent[message_id] += 1
            sent_events[message_id] = event.id
    problems = [f"post {p}: stored {stored_posts[p]}x, {posted[p]} events" for p in ledger.posts
                if stored_posts[p] != 1 or posted[p] != 1]
    problems += [f"message {m}: stored {stored_messages[m]}x, {sent[m]} events" for m in ledger.messages
                 if stored_messages[m] != 1 or sent[m] != 1]
    assert len(set(ledger.posts)) == len(ledger.posts) and len(set(ledger.messages)) == len(ledger.messages)
    assert not problems, f"posts/messages not exactly once: {problems[:10]} ({len(problems)})"
    for stream in (forum_stream, messaging_stream):
        assert max(Counter(e.id for e in stream).values()) == 1, "an event id appears twice on a stream"

    # No message notification is created twice: the provider hears of each acknowledged message once.
    def notifications() -> Counter:
        return Counter((row[0], row[1]) for row in _rows(
            stack, "messaging", "SELECT account_id, source_event_id FROM notifications WHERE kind = 'message'"))

    wanted = {(provider_id, sent_events[m]) for m in ledger.messages}
    found = wait_for(lambda: (lambda n: n if wanted <= set(n) else None)(notifications()), timeout=120,
                     message="every acknowledged message notified its recipient")
    twice = [key for key, count in found.items() if count > 1]
    assert not twice, f"message notifications created twice: {twice[:10]} ({len(twice)})"
    report.add(PART, f"nats-server SIGKILLed for {down_for:.1f}s during {ledger.acknowledged} acknowledged writes "
                     f"({len(ledger.created)} account creations, {sum(len(v) for v in ledger.pseudonyms.values())} "
                     f"pseudonym changes, {len(ledger.posts)} forum replies, {len(ledger.messages)} messages; "
                     f"{acked_while_down} while it was down): all exist once, each event exactly once on its stream "
                     f"({sum(event_ids.values()) + len(forum_stream) + len(messaging_stream)} events, no duplicate ids), "
                     f"each message notified its recipient exactly once ({len(wanted)}); "
                     f"503 under load: {sum(ledger.refused.values())}")


def test_killing_identity_mid_request_answers_503_and_leaves_nothing_half_written(own_stack, report):
    stack = own_stack
    admin = Gateway(stack.gateway_url, tenant="nordvik", source=random_loopback()).login("admin.nordvik")["access_token"]
    writer = Writer(stack, admin)
    users = [writer.new_user() for _ in range(IN_FLIGHT_CLIENTS)]
    stop = threading.Event()
    answered = Counter()
    # Per account: acknowledged values in order, and the value whose answer was not a success.
    acked: dict[str, list[str]] = defaultdict(list)
    unknown: dict[str, str] = {}
    retry_after_missing = []
    lock = threading.Lock()

    def keep_writing(account_id: str, token: str) -> None:
        client = writer.client()
        while not stop.is_set():
            value = f"Fault {letters(12)}"
            reply = client.put("/api/v1/me/pseudonym", token=token, json={"pseudonym": value})
            with lock:
                answered[reply.status_code] += 1
                if reply.status_code == 200:
                    acked[account_id].append(value)
                    continue
                unknown[account_id] = value
                if reply.status_code == 503 and int(reply.headers.get("Retry-After", "0")) <= 0:
                    retry_after_missing.append(value)
            return  # one unknown outcome per account: the state must be old or new, nothing else

    with ThreadPoolExecutor(IN_FLIGHT_CLIENTS) as pool:
        futures = [pool.submit(keep_writing, account, token) for account, token in users]
        wait_for(lambda: sum(len(v) for v in acked.values()) >= 3 * IN_FLIGHT_CLIENTS, timeout=60,
                 message="writes flowing")
        stack.stop_service("identity", sig=signal.SIGKILL)
        wait_for(lambda: len(unknown) == IN_FLIGHT_CLIENTS or all(f.done() for f in futures), timeout=60,
                 message="every client met the dead service")
        stop.set()
        for future in futures:
            future.result(timeout=60)
    stack.start_service("identity")

    assert set(answered) <= {200, 503}, f"answers other than 200 and 503: {answered}"
    assert answered[503] >= 1 and not retry_after_missing, "503 must carry a Retry-After hint"
    client = writer.client()
    wait_for(lambda: client.get("/api/v1/me", token=users[0][1]).status_code == 200, timeout=60,
             message="the gateway reaches identity again")
    wait_for(lambda: outbox_drained(stack), timeout=120, message="the outbox drains")
    _, renamed, _ = _event_index(stack)
    half_written = []
    for account_id, token in users:
        current = client.get("/api/v1/me", token=token).json()["pseudonym"]
        allowed = {acked[account_id][-1] if acked[account_id] else ""} | ({unknown[account_id]} if account_id in unknown else set())
        if current not in allowed:
            half_written.append(f"{account_id}: {current!r} not in {allowed}")
        for value in acked[account_id]:
            if renamed[(account_id, value)] != 1:
                half_written.append(f"{account_id}: acknowledged {value!r} has {renamed[(account_id, value)]} events")
        if account_id in unknown:
            value = unknown[account_id]
            committed = current == value
            if renamed[(account_id, value)] != (1 if committed else 0):
                half_written.append(f"{account_id}: unanswered {value!r} committed={committed} "
                                    f"but {renamed[(account_id, value)]} events")
    assert not half_written, "\n".join(half_written)
    report.add(PART, f"identity SIGKILLed with {IN_FLIGHT_CLIENTS} clients writing: answers {dict(answered)}, every "
                     f"503 with Retry-After; after restart state and events agree for all {len(users)} accounts "
                     "(no half-written change)")


CONSUMED_REPLIES = 90


def test_a_consumer_killed_mid_stream_repeats_no_side_effect(own_stack, report):
    """messaging is SIGKILLed while its consumer turns a burst of forum replies into the thread
    author's notifications; some events were handled and not yet acknowledged when it died.
    After the restart every reply has notified its author exactly once. (The same contract at
    kit level, with the ack lost on purpose: tests/kit/test_bus.py::
    test_a_side_effect_committed_before_a_lost_ack_is_not_repeated.)"""
    from tests.kit import test_bus

    assert hasattr(test_bus, "test_a_side_effect_committed_before_a_lost_ack_is_not_repeated")
    stack = own_stack
    admin = Gateway(stack.gateway_url, tenant="nordvik", source=random_loopback()).login("admin.nordvik")["access_token"]
    writer = Writer(stack, admin)
    provider_id = _account_id(writer.client(), admin, "hansen")
    (author_id, author), (_replier_id, replier) = writer.new_user(), writer.new_user()
    for account_id, token in ((author_id, author), (_replier_id, replier)):
        writer.ready_to_post_and_write(account_id, token, provider_id)
    client = writer.client()
    category = client.get(f"/api/v1/forum/threads/{_demo_thread(client, author)}", token=author).json()["thread"]["category_id"]
    started = client.post(f"/api/v1/forum/categories/{category}/threads", token=author,
                          json={"title": "Ledger thread", "body": "Who is here?", "post_anyway": True})
    assert started.status_code == 201, started.text
    thread_id = started.json()["thread"]["id"]

    posted: list[str] = []

    def reply(n: int) -> None:
        answer = writer.client().post(f"/api/v1/forum/threads/{thread_id}/posts", token=replier,
                                      json={"body": f"Reply {n} {letters(8)}", "post_anyway": True})
        assert answer.status_code == 201, answer.text
        posted.append(answer.json()["post"]["id"])

    def notified() -> Counter:
        return Counter(row[0] for row in _rows(
            stack, "messaging", f"SELECT post_id FROM notifications WHERE kind = 'forum_reply' AND account_id = '{author_id}'"))

    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(reply, n) for n in range(CONSUMED_REPLIES)]
        wait_for(lambda: len(notified()) >= CONSUMED_REPLIES // 4, timeout=60, message="messaging consuming")
        stack.stop_service("messaging", sig=signal.SIGKILL)
        handled_before_kill = len(notified())
        for future in futures:
            future.result(timeout=120)  # forum keeps taking replies; its outbox holds the events
    stack.start_service("messaging")
    found = wait_for(lambda: (lambda n: n if set(posted) <= set(n) else None)(notified()), timeout=120,
                     message="every reply notified its thread's author after the restart")
    twice = [post for post, count in found.items() if count > 1]
    assert not twice, f"notifications made twice after the consumer was killed: {twice[:10]}"
    report.add(PART, f"messaging SIGKILLed while consuming {CONSUMED_REPLIES} forum replies ({handled_before_kill} "
                     f"notified before the kill): after restart each reply notified its author exactly once; the lost-ack "
                     "instant itself is forced at kit level (tests/kit/test_bus.py)")
