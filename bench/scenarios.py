"""The scenarios and the two ways of driving them.

Closed loop (``run_closed``): ``concurrency`` virtual users, each sending its next request
as soon as the previous one answered; this finds the throughput ceiling of one kind of
request. Open loop (``run_open``): requests arrive on a fixed schedule whatever the
answers do (the mixed day); latency is measured from the *scheduled* arrival, so time a
request waited for a free connection counts (no coordinated omission).

Every request goes through the gateway's public REST API over HTTP/1.1 keep-alive.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bench.http import Client, HttpError, Response
from bench.procs import CpuMeter
from bench.region import PASSWORD, Person, Region, text
from bench.stats import Recorder, latency_summary

OK = (200, 201, 204)
POLL_SECONDS = 0.02  # how often a tracer looks at a feed


@dataclass
class Ctx:
    client: Client
    region: Region
    rec: Recorder = field(default_factory=Recorder)

    async def call(self, op: str, method: str, path: str, who: Person | None = None, json=None,
                   ok=OK, started: float | None = None, headers: dict | None = None) -> Response | None:
        begin = time.monotonic() if started is None else started
        try:
            response = await self.client.request(method, path, headers=headers or (who.headers if who else None),
                                                 json=json)
        except HttpError as error:
            self.rec.add(op, begin, time.monotonic() - begin, False, f"error:{str(error).split(':')[0]}")
            return None
        good = response.status in ok
        self.rec.add(op, begin, time.monotonic() - begin, good, str(response.status))
        return response if good else None


Op = Callable[[Ctx, int, random.Random], Awaitable[None]]


# -- scenario operations (closed loop) --------------------------------------------------------

async def op_read_thread(ctx: Ctx, vu: int, rng: random.Random) -> None:
    member = rng.choice(ctx.region.members)
    thread = rng.choice(ctx.region.read_threads)
    await ctx.call("GET thread page (50 posts)", "GET", f"/api/v1/forum/threads/{thread}?page_size=50", member)


async def op_reply(ctx: Ctx, vu: int, rng: random.Random) -> None:
    thread, author_id = rng.choice(ctx.region.reply_threads)
    member = rng.choice([m for m in ctx.region.members if m.id != author_id])
    await ctx.call("POST reply", "POST", f"/api/v1/forum/threads/{thread}/posts", member,
                   json={"body": text(rng, 8, 30), "post_anyway": True})


async def op_message(ctx: Ctx, vu: int, rng: random.Random) -> None:
    member = rng.choice(ctx.region.members)
    conversation = ctx.region.conversations[member.username]
    sent = await ctx.call("POST message", "POST", f"/api/v1/conversations/{conversation}/messages", member,
                          json={"body": text(rng, 8, 30)})
    if sent is not None:
        provider = ctx.region.providers[member.tenant]
        await ctx.call("GET conversation (recipient reads)", "GET", f"/api/v1/conversations/{conversation}?page_size=20",
                       provider)


async def op_login(ctx: Ctx, vu: int, rng: random.Random) -> None:
    member = rng.choice(ctx.region.members)
    reply = await ctx.call("POST login", "POST", "/api/v1/auth/login", headers={"X-Tenant": member.tenant},
                           json={"username": member.username, "password": PASSWORD})
    if reply is not None:
        await ctx.call("POST refresh", "POST", "/api/v1/auth/refresh", headers={"X-Tenant": member.tenant},
                       json={"refresh_token": reply.json()["refresh_token"]})


# -- end-to-end tracers ------------------------------------------------------------------------

@dataclass
class Trace:
    what: str
    samples: list[float] = field(default_factory=list)
    timeouts: int = 0
    errors: int = 0

    def summary(self) -> dict:
        return {"what": self.what, **latency_summary(self.samples, self.timeouts), "errors": self.errors}


async def _wait_in_feed(client: Client, who: Person, match, deadline: float) -> bool:
    while time.monotonic() < deadline:
        try:
            reply = await client.request("GET", "/api/v1/notifications?unread_only=true&page_size=20", headers=who.headers)
        except HttpError:
            reply = None
        if reply is not None and reply.status == 200 and any(match(n) for n in reply.json()["notifications"]):
            return True
        await asyncio.sleep(POLL_SECONDS)
    return False


async def _mark_all_read(client: Client, who: Person) -> None:
    try:
        await client.request("POST", "/api/v1/notifications/read", headers=who.headers, json={"all": True})
    except HttpError:
        pass


async def trace_reply_notification(client: Client, region: Region, rec: Recorder, end: float, trace: Trace,
                                   rng: random.Random, timeout: float = 15.0) -> None:
    """The tracer replier answers the tracer author's thread; time from sending the reply
    until the author's feed has the notification (outbox -> NATS -> messaging's consumer),
    or, without a feed, until the reply shows in the thread."""
    author, replier = region.tracer_author, region.tracer_replier
    thread = region.tracer_thread
    posted_in_thread = 1
    if region.notifications:
        await _mark_all_read(client, author)
    while time.monotonic() < end:
        begin = time.monotonic()
        try:
            reply = await client.request("POST", f"/api/v1/forum/threads/{thread}/posts", headers=replier.headers,
                                         json={"body": text(rng, 5, 15), "post_anyway": True})
        except HttpError:
            reply = None
        if reply is None or reply.status != 201:
            trace.errors += int(rec.counts(begin))
            await asyncio.sleep(0.2)
            continue
        post_id = reply.json()["post"]["id"]
        posted_in_thread += 1
        if region.notifications:
            seen = await _wait_in_feed(client, author, lambda n, post_id=post_id: n.get("post_id") == post_id, begin + timeout)
        else:
            seen = await _wait_in_thread(client, author, thread, post_id, begin + timeout)
        if rec.counts(begin):
            if seen:
                trace.samples.append(time.monotonic() - begin)
            else:
                trace.timeouts += 1
        if region.notifications:
            await _mark_all_read(client, author)
        if posted_in_thread >= 95:  # keep the fallback's one-page check valid
            started = await client.request("POST", f"/api/v1/forum/categories/{region.category_ids[0]}/threads",
                                           headers=author.headers,
                                           json={"title": "Sporing", "body": text(rng), "post_anyway": True})
            if started.status == 201:
                thread, posted_in_thread = started.json()["thread"]["id"], 1
        await asyncio.sleep(0.1)


async def _wait_in_thread(client: Client, who: Person, thread: str, post_id: str, deadline: float) -> bool:
    while time.monotonic() < deadline:
        try:
            reply = await client.request("GET", f"/api/v1/forum/threads/{thread}?page_size=100", headers=who.headers)
        except HttpError:
            reply = None
        if reply is not None and reply.status == 200 and any(p["id"] == post_id for p in reply.json()["posts"]):
            return True
        await asyncio.sleep(POLL_SECONDS)
    return False


async def trace_message_notification(client: Client, region: Region, rec: Recorder, end: float, trace: Trace,
                                     rng: random.Random, timeout: float = 15.0) -> None:
    """The tracer user writes to the tracer provider; time from sending until the
    provider's feed has the "message" notification."""
    user, provider, conversation = region.tracer_user, region.tracer_provider, region.tracer_conversation
    await _mark_all_read(client, provider)
    while time.monotonic() < end:
        begin = time.monotonic()
        try:
            sent = await client.request("POST", f"/api/v1/conversations/{conversation}/messages", headers=user.headers,
                                        json={"body": text(rng, 5, 15)})
        except HttpError:
            sent = None
        if sent is None or sent.status != 201:
            trace.errors += int(rec.counts(begin))
            await asyncio.sleep(0.2)
            continue
        seen = await _wait_in_feed(client, provider, lambda n: n.get("kind") == "message"
                                   and n.get("conversation_id") == conversation, begin + timeout)
        if rec.counts(begin):
            if seen:
                trace.samples.append(time.monotonic() - begin)
            else:
                trace.timeouts += 1
        await _mark_all_read(client, provider)
        await asyncio.sleep(0.1)


# -- drivers ------------------------------------------------------------------------------------

@dataclass
class Outcome:
    name: str
    window_seconds: float
    ops: list[dict]
    requests: int
    errors: int
    throughput_rps: float
    overall: dict
    cpu_seconds: dict[str, float]
    traces: list[dict] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


async def _meter(meter: CpuMeter | None, start: float, end: float) -> None:
    if meter is None:
        return
    await asyncio.sleep(max(0.0, start - time.monotonic()))
    meter.start()
    await asyncio.sleep(max(0.0, end - time.monotonic()))
    meter.stop()


async def run_closed(name: str, client: Client, region: Region, op: Op, concurrency: int, warmup: float,
                     duration: float, meter: CpuMeter | None = None,
                     tracers: list[Callable[[Recorder, float], Awaitable[None]]] = (), seed: int = 1) -> Outcome:
    ctx = Ctx(client, region)
    start = time.monotonic() + warmup
    end = start + duration
    ctx.rec.open_window(start, end)

    async def user(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        while time.monotonic() < end:
            await op(ctx, index, rng)

    await asyncio.gather(_meter(meter, start, end), *(user(i) for i in range(concurrency)),
                         *(tracer(ctx.rec, end) for tracer in tracers))
    return _outcome(name, ctx.rec, duration, meter)


def _outcome(name: str, rec: Recorder, window: float, meter: CpuMeter | None) -> Outcome:
    overall = rec.all_latencies().summary(window)
    return Outcome(name=name, window_seconds=window, ops=rec.summaries(window), requests=rec.total_requests(),
                   errors=rec.total_errors(), throughput_rps=rec.total_requests() / window, overall=overall,
                   cpu_seconds=dict(meter.used) if meter else {})


# -- the mixed day (open loop) ----------------------------------------------------------------

MixOp = Callable[[Ctx, random.Random, float], Awaitable[None]]


def mixed_day(region: Region) -> tuple[list[tuple[float, str, MixOp]], list[str]]:
    """80 % reads, 15 % posts and replies, 5 % messages: (share, name, operation)."""
    notes = []

    async def thread_page(ctx: Ctx, rng: random.Random, at: float) -> None:
        member = rng.choice(ctx.region.members)
        pool = ctx.region.bulk_threads or ctx.region.read_threads
        thread = rng.choice(pool) if rng.random() < 0.8 else rng.choice(ctx.region.read_threads)
        await ctx.call("read: thread page", "GET", f"/api/v1/forum/threads/{thread}", member, started=at)

    async def thread_list(ctx: Ctx, rng: random.Random, at: float) -> None:
        member = rng.choice(ctx.region.members)
        await ctx.call("read: thread list", "GET", f"/api/v1/forum/categories/{rng.choice(ctx.region.category_ids)}/threads",
                       member, started=at)

    async def feed(ctx: Ctx, rng: random.Random, at: float) -> None:
        member = rng.choice(ctx.region.members)
        await ctx.call("read: notifications", "GET", "/api/v1/notifications?page_size=20", member, started=at)

    async def reply(ctx: Ctx, rng: random.Random, at: float) -> None:
        member = rng.choice(ctx.region.members)
        pool = ctx.region.bulk_threads or [t for t, _ in ctx.region.reply_threads]
        await ctx.call("write: reply", "POST", f"/api/v1/forum/threads/{rng.choice(pool)}/posts", member,
                       json={"body": text(rng, 8, 30), "post_anyway": True}, started=at)

    async def new_thread(ctx: Ctx, rng: random.Random, at: float) -> None:
        member = rng.choice(ctx.region.members)
        category = rng.choice(ctx.region.category_ids)
        await ctx.call("write: new thread", "POST", f"/api/v1/forum/categories/{category}/threads", member,
                       json={"title": "Ny tråd om dagen", "body": text(rng), "post_anyway": True}, started=at)

    async def message(ctx: Ctx, rng: random.Random, at: float) -> None:
        member = rng.choice(ctx.region.members)
        await ctx.call("message: send", "POST", f"/api/v1/conversations/{ctx.region.conversations[member.username]}/messages",
                       member, json={"body": text(rng, 8, 30)}, started=at)

    mix: list[tuple[float, str, MixOp]] = [(0.55, "read: thread page", thread_page), (0.15, "read: thread list", thread_list)]
    if region.notifications:
        mix.append((0.10, "read: notifications", feed))
    else:
        mix[0] = (0.65, "read: thread page", thread_page)
        notes.append("notifications feed not available: its 10 % of reads went to thread pages")
    mix += [(0.12, "write: reply", reply), (0.03, "write: new thread", new_thread)]
    if region.messaging:
        mix.append((0.05, "message: send", message))
    else:
        mix[0] = (mix[0][0] + 0.05, mix[0][1], mix[0][2])
        notes.append("messaging not available: its 5 % went to thread pages (reads are then 85 %)")
    return mix, notes


async def run_open(name: str, client: Client, region: Region, mix: list[tuple[float, str, MixOp]], rate: float,
                   warmup: float, duration: float, meter: CpuMeter | None = None, seed: int = 5,
                   drain_seconds: float = 10.0,
                   tracers: list[Callable[[Recorder, float], Awaitable[None]]] = ()) -> Outcome:
    ctx = Ctx(client, region)
    rng = random.Random(seed)
    begin = time.monotonic() + 0.05
    start = begin + warmup
    end = start + duration
    ctx.rec.open_window(start, end)
    shares = [s for s, _, _ in mix]
    ops = [o for _, _, o in mix]
    interval = 1.0 / rate
    total = int((warmup + duration) * rate)
    pending: set[asyncio.Task] = set()
    meter_task = asyncio.create_task(_meter(meter, start, end))
    # Tracers measure end-to-end times at this offered rate; their own requests are not counted.
    tracer_tasks = [asyncio.create_task(tracer(ctx.rec, end)) for tracer in tracers]
    for k in range(total):
        at = begin + k * interval
        delay = at - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        op = rng.choices(ops, shares)[0]
        task = asyncio.create_task(op(ctx, random.Random(rng.random()), at))
        pending.add(task)
        task.add_done_callback(pending.discard)
    await meter_task
    await asyncio.gather(*tracer_tasks)
    late = 0
    if pending:
        _done, still = await asyncio.wait(set(pending), timeout=drain_seconds)
        late = len(still)
        for task in still:
            task.cancel()
    outcome = _outcome(name, ctx.rec, duration, meter)
    outcome.extra = {"offered_rps": rate, "scheduled": total, "unfinished_after_drain": late}
    outcome.errors += late
    return outcome
