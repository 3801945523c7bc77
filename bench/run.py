"""The benchmark runs: ``main_bench`` (``make bench``, ``make bench-quick``) and
``scale_bench`` (``make bench-scale``)."""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

from bench import plans, procs
from bench import region as regions
from bench import scenarios as sc
from bench.http import Client
from reconnect_stack.stack import ROOT, SERVICES, Stack, drop_postgres_databases
from services.kit.natsserver import free_port

P99_TARGET_MS = 250.0
MAX_STEP_ERROR_RATE = 0.01
LOGIN_CONCURRENCY = 4
# A few dozen bench members write far faster than people do: the forum's per-account posting
# pace (10 a minute by default) is lifted so the bench measures the work, not the refusals.
BENCH_STACK_SETTINGS = {"RECONNECT_POSTS_PER_MINUTE": "100000", "RECONNECT_POSTS_PER_HOUR": "1000000"}


@dataclass(frozen=True)
class Profile:
    name: str
    posts: int  # bulk posts in the region, besides the API-made threads
    warmup: float
    duration: float  # each closed-loop scenario's measured window
    baseline_duration: float
    concurrency: int
    step_warmup: float
    step_duration: float  # each step of the mixed day
    step_factors: tuple[float, ...]  # offered rate = factor x the estimated capacity
    members: int = 24
    read_threads: int = 4
    reply_threads: int = 8
    max_connections: int = 64
    scale_sizes: tuple[int, ...] = (10_000, 100_000, 1_000_000)


PROFILES = {
    "full": Profile("full", posts=10_000, warmup=3, duration=15, baseline_duration=12, concurrency=16,
                    step_warmup=2, step_duration=10,
                    step_factors=(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.15, 1.3)),
    "quick": Profile("quick", posts=2_000, warmup=1, duration=3, baseline_duration=3, concurrency=16,
                     step_warmup=1, step_duration=3, step_factors=(0.25, 0.5, 0.75, 1.0), members=12,
                     read_threads=2, reply_threads=4),
    "smoke": Profile("smoke", posts=300, warmup=0.2, duration=1.0, baseline_duration=0.5, concurrency=4,
                     step_warmup=0.2, step_duration=1.0, step_factors=(0.1, 0.2), members=4, read_threads=1,
                     reply_threads=2, max_connections=16),
}


@dataclass
class Settings:
    profile: Profile
    results_dir: Path
    database_url: str = ""  # PostgreSQL base URL; empty: SQLite
    var_dir: Path | None = None
    stack: Stack | None = None  # an already running stack (the smoke test)
    workers: int | None = None
    threads: int | None = None
    log_level: str = "INFO"
    baseline_path: Path | None = None  # write the Markdown here too, when it does not exist yet
    quiet: bool = False
    notes: list[str] = field(default_factory=list)


def gateway_concurrency_settings(settings: Settings) -> tuple[int, int]:
    from services.gateway.settings import GatewaySettings

    fields = GatewaySettings.model_fields
    workers = settings.workers or int(os.environ.get("RECONNECT_WORKERS", fields["workers"].default))
    threads = settings.threads or int(os.environ.get("RECONNECT_THREADS", fields["threads"].default))
    return workers, threads


def say(settings: Settings, message: str) -> None:
    if not settings.quiet:
        print(message, flush=True)


# -- the stack ---------------------------------------------------------------------------------

class OwnStack:
    """Start the stack the way ``make run`` does (and seed the demo region), or use one given."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.stack = settings.stack
        self.owned = settings.stack is None
        self.tmp: str | None = None
        self.pg_base = ""

    def __enter__(self) -> Stack:
        if not self.owned:
            return self.stack
        from reconnect_stack.seed import seed

        s = self.settings
        var = s.var_dir
        if var is None:
            self.tmp = tempfile.mkdtemp(prefix="reconnect-bench-")
            var = Path(self.tmp)
        if s.database_url:
            self.pg_base = f"{s.database_url}_bench{uuid.uuid4().hex[:6]}"
        workers, threads = gateway_concurrency_settings(s)
        os.environ["RECONNECT_WORKERS"] = str(workers)  # read by the gateway (GatewaySettings)
        os.environ["RECONNECT_THREADS"] = str(threads)
        for attempt in range(1, 4):
            self.stack = Stack(var_dir=var, gateway_port=free_port(), database_base_url=self.pg_base,
                               environment="local", log_level=s.log_level, extra_env=BENCH_STACK_SETTINGS)
            try:
                self.stack.start(deadline_seconds=120)
                seed(self.stack)
                return self.stack
            except (RuntimeError, TimeoutError) as error:
                # Free ports are picked, then bound: on a busy machine another process may take one
                # in between ("Address already in use"). Start again on new ports, the same data.
                self.stack.stop()
                if attempt == 3:
                    self.__exit__(None, None, None)
                    raise
                say(s, f"  the stack did not start ({error}); trying again on new ports")
            except BaseException:
                self.__exit__(None, None, None)
                raise
        return self.stack

    def __exit__(self, *exc) -> None:
        if not self.owned or self.stack is None:
            return
        self.stack.stop()
        if self.pg_base:
            try:
                drop_postgres_databases(self.pg_base, [spec.name for spec in SERVICES])
            except Exception as error:  # leave them, but say so
                print(f"could not drop the bench databases {self.pg_base}_*: {error}", file=sys.stderr)
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)


def stack_pids(stack: Stack) -> dict[str, int]:
    pids = {name: running.process.pid for name, running in stack.services.items() if running.process}
    if stack.gateway is not None:
        pids["gateway"] = stack.gateway.pid
    if stack.nats is not None and stack.nats.process is not None:
        pids["nats-server"] = stack.nats.process.pid
    pids["load generator"] = os.getpid()
    return pids


# -- baselines ---------------------------------------------------------------------------------

class Baselines:
    """The bench-only bare Flask app and gRPC echo server, with the gateway's gunicorn settings."""

    def __init__(self, workers: int, threads: int, logs: Path):
        self.workers, self.threads = workers, threads
        self.echo_port, self.http_port = free_port(), free_port()
        self.logs = logs
        self.processes: dict[str, subprocess.Popen] = {}

    def __enter__(self) -> Baselines:
        self.logs.mkdir(parents=True, exist_ok=True)
        for name, args in (
            ("baseline gRPC echo", ["echo", "--port", str(self.echo_port)]),
            ("baseline Flask", ["flask", "--port", str(self.http_port), "--workers", str(self.workers),
                                "--threads", str(self.threads), "--echo", f"127.0.0.1:{self.echo_port}"]),
        ):
            with open(self.logs / f"{name.replace(' ', '-')}.log", "ab") as log:
                self.processes[name] = subprocess.Popen([sys.executable, "-m", "bench.baseline_servers", *args],
                                                        cwd=ROOT, stdout=log, stderr=log)
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/echo", timeout=2) as reply:
                    if reply.status == 200:
                        return self
            except OSError:
                pass
            if any(p.poll() is not None for p in self.processes.values()) or time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError(f"the baseline servers did not start; see {self.logs}")
            time.sleep(0.1)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def pids(self) -> dict[str, int]:
        return {name: p.pid for name, p in self.processes.items()}

    def __exit__(self, *exc) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


async def run_baselines(settings: Settings, stack: Stack) -> list[sc.Outcome]:
    p = settings.profile
    workers, threads = gateway_concurrency_settings(settings)
    outcomes = []
    with Baselines(workers, threads, stack.logs_dir) as baselines:
        client = Client(baselines.url, max_connections=p.max_connections)
        meter_pids = {**baselines.pids(), "load generator": os.getpid()}
        for name, path in (("bare Flask (gunicorn gthread)", "/ping"), ("Flask -> gRPC echo (one hop)", "/echo")):
            async def op(ctx: sc.Ctx, _vu: int, _rng: random.Random, path=path, name=name) -> None:
                await ctx.call(f"GET {path}", "GET", path)

            meter = procs.CpuMeter(meter_pids)
            outcome = await sc.run_closed(name, client, regions.Region(), op, p.concurrency, p.warmup,
                                          p.baseline_duration, meter)
            outcome.extra["peak_rss_mb"] = {n: procs.peak_rss_mb(pid) for n, pid in baselines.pids().items()}
            outcomes.append(outcome)
            say(settings, f"  {name}: {outcome.throughput_rps:,.0f} req/s, p99 {outcome.overall['p99_ms']:.1f} ms")
        await client.close()
    return outcomes


# -- the main bench ----------------------------------------------------------------------------

async def _setup(settings: Settings, stack: Stack, client: Client) -> tuple[regions.Region, dict]:
    p = settings.profile
    say(settings, f"Building the bench region ({p.members} members, {p.read_threads} threads of "
                  f"{regions.READ_THREAD_POSTS} posts, {p.posts:,} bulk posts) ...")
    region = await regions.build(stack, client, members=p.members, read_threads=p.read_threads,
                                 reply_threads=p.reply_threads)
    forum_url = stack.database_url("forum")
    bulk = await asyncio.get_running_loop().run_in_executor(None, regions.bulk_posts, forum_url, region, p.posts)
    region.setup_seconds["bulk posts"] = bulk["seconds"]
    return region, {"bulk": bulk, "forum_rows": regions.forum_counts(forum_url)}


async def main_bench(settings: Settings) -> dict:
    p = settings.profile
    started = time.monotonic()
    machine = procs.machine()
    workers, threads = gateway_concurrency_settings(settings)
    say(settings, f"ReConnect bench ({p.name}): starting the stack ...")
    with OwnStack(settings) as stack:
        stack_ready = time.monotonic() - started
        client = Client(stack.gateway_url, max_connections=p.max_connections)
        region, data = await _setup(settings, stack, client)
        pids = stack_pids(stack)
        say(settings, f"Region ready in {time.monotonic() - started:.0f} s; messaging "
                      f"{'available' if region.messaging else 'NOT available'}, notifications "
                      f"{'available' if region.notifications else 'NOT available'}.")

        say(settings, "Baselines ...")
        baselines = await run_baselines(settings, stack)

        results: dict[str, sc.Outcome | None] = {}
        notes = list(settings.notes)
        if region.availability_note:
            notes.append(region.availability_note)
        rng = random.Random(3)

        async def closed(name: str, op, tracers=(), concurrency: int | None = None) -> sc.Outcome:
            meter = procs.CpuMeter(pids)
            outcome = await sc.run_closed(name, client, region, op, concurrency or p.concurrency, p.warmup, p.duration,
                                          meter, tracers=tracers)
            outcome.extra["concurrency"] = concurrency or p.concurrency
            say(settings, f"  {name}: {outcome.throughput_rps:,.0f} req/s, p50 {outcome.overall['p50_ms']:.1f} ms, "
                          f"p99 {outcome.overall['p99_ms']:.1f} ms, errors {outcome.errors}")
            return outcome

        say(settings, "Scenarios ...")
        results["thread read"] = await closed("1. forum thread page read (50 posts)", sc.op_read_thread)

        reply_trace = sc.Trace("reply -> thread author's notification feed" if region.notifications
                               else "reply -> visible in the thread (no notification feed in this gateway)")
        results["reply"] = await closed("2. forum reply posted", sc.op_reply, tracers=[
            lambda rec, end: sc.trace_reply_notification(client, region, rec, end, reply_trace, rng)])
        results["reply"].traces.append(reply_trace.summary())

        if region.messaging:
            tracers = []
            message_trace = sc.Trace("message -> recipient's notification feed")
            if region.notifications:
                tracers.append(lambda rec, end: sc.trace_message_notification(client, region, rec, end, message_trace, rng))
            results["message"] = await closed("3. secure message sent and read by the recipient", sc.op_message, tracers)
            if region.notifications:
                results["message"].traces.append(message_trace.summary())
        else:
            results["message"] = None
            say(settings, "  3. secure message: not available")

        await regions.refresh_tokens(client, regions.everyone(region))
        # Each login hashes with argon2id on purpose; more logins at once than identity has cores only
        # queue up behind the gateway's 5 s deadline.
        results["login"] = await closed("4. login with refresh", sc.op_login,
                                        concurrency=min(p.concurrency, LOGIN_CONCURRENCY))

        say(settings, "Mixed day (open loop, stepping the offered rate) ...")
        mixed = await _mixed_day(settings, client, region, pids, results, notes)

        forum_url = stack.database_url("forum")
        plan = plans.explain(forum_url, region.read_threads[0], region.category_ids[0], region.members[0].id)
        peak = {name: procs.peak_rss_mb(pid, name != procs.SELF_ONLY) for name, pid in pids.items()}
        processes = {name: procs.process_count(pid, name != procs.SELF_ONLY) for name, pid in pids.items()}
        await client.close()
    report = {
        "kind": "bench",
        "profile": p.__dict__ | {"scale_sizes": list(p.scale_sizes), "step_factors": list(p.step_factors)},
        "machine": machine,
        "database": "PostgreSQL" if settings.database_url or (settings.stack and settings.stack.database_base_url)
        else "SQLite (one file per service, WAL)",
        "server": server_settings(workers, threads, settings),
        "region": {
            "members": len(region.members), "read_threads": len(region.read_threads),
            "read_thread_posts": regions.READ_THREAD_POSTS, "reply_threads": len(region.reply_threads),
            "bulk": data["bulk"], "forum_rows": data["forum_rows"], "setup_seconds": region.setup_seconds,
            "messaging": region.messaging, "notifications": region.notifications,
        },
        "baselines": [b.as_dict() for b in baselines],
        "scenarios": {k: (v.as_dict() if v else None) for k, v in results.items()},
        "mixed_day": mixed,
        "resources": {"peak_rss_mb": peak, "processes": processes},
        "query_plans": plan,
        "notes": notes,
        "seconds": {"stack_start_and_seed": stack_ready, "total": time.monotonic() - started},
    }
    return report


def _tracers(client: Client, region: regions.Region, rng: random.Random) -> tuple[list[sc.Trace], list]:
    """End-to-end tracers for one mixed-day step: the notification latency at a rate the stack
    sustains, rather than behind the queue of a saturating closed-loop scenario."""
    if not region.notifications:
        return [], []
    traces = [sc.Trace("reply -> thread author's notification feed")]
    tracers = [lambda rec, end: sc.trace_reply_notification(client, region, rec, end, traces[0], rng)]
    if region.messaging:
        traces.append(sc.Trace("message -> recipient's notification feed"))
        tracers.append(lambda rec, end: sc.trace_message_notification(client, region, rec, end, traces[1], rng))
    return traces, tracers


async def _mixed_day(settings: Settings, client: Client, region: regions.Region, pids: dict[str, int],
                     results: dict, notes: list[str]) -> dict:
    p = settings.profile
    rng = random.Random(11)
    mix, mix_notes = sc.mixed_day(region)
    notes.extend(mix_notes)
    read_x = results["thread read"].throughput_rps
    write_x = results["reply"].throughput_rps
    message_x = results["message"].throughput_rps if results.get("message") else write_x
    rates_by = {"read": read_x, "write": write_x, "message": message_x}
    load = sum(share / max(rates_by[name.split(":")[0]], 1e-6) for share, name, _ in mix)
    estimate = 1.0 / load
    steps = []
    best = None
    for factor in p.step_factors:
        rate = max(1.0, round(estimate * factor, 1))
        await regions.refresh_tokens(client, regions.everyone(region))
        meter = procs.CpuMeter(pids)
        traces, tracers = _tracers(client, region, rng)
        outcome = await sc.run_open("mixed day", client, region, mix, rate, p.step_warmup, p.step_duration, meter,
                                    tracers=tracers)
        error_rate = outcome.errors / max(outcome.requests + outcome.extra["unfinished_after_drain"], 1)
        p99 = outcome.overall["p99_ms"]
        passed = p99 <= P99_TARGET_MS and error_rate <= MAX_STEP_ERROR_RATE
        steps.append({"offered_rps": rate, "factor": factor, "achieved_rps": outcome.throughput_rps,
                      "p50_ms": outcome.overall["p50_ms"], "p95_ms": outcome.overall["p95_ms"], "p99_ms": p99,
                      "errors": outcome.errors, "error_rate": error_rate, "passed": passed,
                      "ops": outcome.ops, "cpu_seconds": outcome.cpu_seconds, "requests": outcome.requests,
                      "traces": [t.summary() for t in traces]})
        say(settings, f"  offered {rate:,.1f} req/s: achieved {outcome.throughput_rps:,.1f}, p99 {p99:.1f} ms, "
                      f"errors {outcome.errors} -> {'ok' if passed else 'over the target'}")
        if not passed:
            break
        best = steps[-1]
    return {
        "mix": [{"share": s, "op": n} for s, n, _ in mix],
        "estimated_capacity_rps": estimate,
        "p99_target_ms": P99_TARGET_MS,
        "max_error_rate": MAX_STEP_ERROR_RATE,
        "steps": steps,
        "highest_passing_rps": best["offered_rps"] if best else None,
        "highest_passing": best,
    }


def server_settings(workers: int, threads: int, settings: Settings) -> dict:
    return {
        "gateway": f"gunicorn, gthread worker class, {workers} workers x {threads} threads "
                   "(RECONNECT_WORKERS / RECONNECT_THREADS; default 2 x 8)",
        "grpc channels": "one channel per upstream address per gateway worker, opened lazily after the fork "
                         "(post_fork resets inherited ones) and reused by every request and thread",
        "grpc servers": "each service: grpc.server with a 16-thread pool (services/kit/server.py)",
        "sqlite": "WAL journal, synchronous=FULL, BEGIN IMMEDIATE for every transaction, busy_timeout 30 s, "
                  "secure_delete on (services/kit/db.py)",
        "postgresql": "SQLAlchemy pool of 10 (+10 overflow) per service process",
        "nats": "embedded nats-server with JetStream, sync_interval: always; outbox relay woken on commit",
        "log level": settings.log_level,
        "forum posting pace": "lifted for the bench (" + ", ".join(f"{k}={v}" for k, v in BENCH_STACK_SETTINGS.items())
                              + "); production default 10 posts a minute, 120 an hour per account",
        "load generator": f"asyncio HTTP/1.1 keep-alive client (bench/http.py), at most "
                          f"{settings.profile.max_connections} connections, {settings.profile.concurrency} "
                          "virtual users in the closed-loop scenarios, in this same machine",
    }


# -- scaling ------------------------------------------------------------------------------------

async def scale_bench(settings: Settings, sizes: list[int]) -> dict:
    p = replace(settings.profile, posts=0)
    settings = replace(settings, profile=p)
    started = time.monotonic()
    machine = procs.machine()
    workers, threads = gateway_concurrency_settings(settings)
    say(settings, f"ReConnect scaling bench: sizes {', '.join(f'{s:,}' for s in sizes)} posts; starting the stack ...")
    rows = []
    with OwnStack(settings) as stack:
        client = Client(stack.gateway_url, max_connections=p.max_connections)
        region, _ = await _setup(settings, stack, client)
        pids = stack_pids(stack)
        forum_url = stack.database_url("forum")
        bulk_posts = 0
        for size in sorted(sizes):
            counts = regions.forum_counts(forum_url)
            missing = size - counts["posts"]
            loaded = {"posts": 0, "threads": 0, "seconds": 0.0}
            if missing > 0:
                say(settings, f"Loading {missing:,} posts to reach {size:,} ...")
                loaded = await asyncio.get_running_loop().run_in_executor(
                    None, regions.bulk_posts, forum_url, region, missing, 11 + bulk_posts)
                bulk_posts += loaded["posts"]
            counts = regions.forum_counts(forum_url)
            await regions.refresh_tokens(client, regions.everyone(region))
            row = {"size": size, "forum_rows": counts, "load": loaded, "scenarios": {}}

            async def list_op(ctx: sc.Ctx, _vu: int, rng: random.Random) -> None:
                member = rng.choice(ctx.region.members)
                await ctx.call("GET thread list", "GET",
                               f"/api/v1/forum/categories/{rng.choice(ctx.region.category_ids)}/threads", member)

            for key, name, op in (("thread read", "thread page read (50 posts)", sc.op_read_thread),
                                  ("reply", "reply posted", sc.op_reply),
                                  ("thread list", "thread list (first page)", list_op)):
                meter = procs.CpuMeter(pids)
                outcome = await sc.run_closed(name, client, region, op, p.concurrency, p.warmup, p.duration, meter)
                row["scenarios"][key] = outcome.as_dict()
                say(settings, f"  {size:>9,} posts, {name}: {outcome.throughput_rps:,.0f} req/s, "
                              f"p50 {outcome.overall['p50_ms']:.1f} ms, p99 {outcome.overall['p99_ms']:.1f} ms, "
                              f"errors {outcome.errors}")
            biggest_category = _biggest_category(forum_url, region)
            row["query_plans"] = plans.explain(forum_url, region.read_threads[0], biggest_category, region.members[0].id)
            row["db_file_mb"] = _db_size_mb(forum_url)
            rows.append(row)
        peak = {name: procs.peak_rss_mb(pid, name != procs.SELF_ONLY) for name, pid in pids.items()}
        await client.close()
    return {
        "kind": "scale",
        "profile": p.__dict__ | {"scale_sizes": sizes, "step_factors": list(p.step_factors)},
        "machine": machine,
        "database": "PostgreSQL" if settings.database_url else "SQLite (one file per service, WAL)",
        "server": server_settings(workers, threads, settings),
        "sizes": rows,
        "resources": {"peak_rss_mb": peak},
        "notes": settings.notes,
        "seconds": {"total": time.monotonic() - started},
    }


def _biggest_category(database_url: str, region: regions.Region) -> str:
    import sqlalchemy

    engine = sqlalchemy.create_engine(database_url)
    try:
        with engine.connect() as db:
            row = db.execute(sqlalchemy.text(
                "SELECT category_id, count(*) AS n FROM threads WHERE space_id = :s GROUP BY category_id ORDER BY n DESC"
            ), {"s": region.space_id}).first()
            return row[0] if row else region.category_ids[0]
    finally:
        engine.dispose()


def _db_size_mb(database_url: str) -> float | None:
    if not database_url.startswith("sqlite"):
        return None
    path = Path(database_url.split("///", 1)[1])
    return sum(f.stat().st_size for f in path.parent.glob(path.name + "*") if f.is_file()) / 2 ** 20
