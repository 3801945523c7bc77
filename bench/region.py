"""The benchmark's region: its own two municipalities sharing one forum space, their people,
threads to read and answer, conversations, and bulk posts.

Everything the bench creates lives in two tenants of its own (``bench-nord`` and
``bench-sor``) and a forum space only they share, so the bench can run against a stack
that also holds the demo region (``make bench``) or the test suite's data (the smoke
test) without changing what anyone else sees. Tenants and accounts come from identity's
own ``bootstrap`` command, like the demo seed; everything else goes through the public
REST API, except the bulk posts (see ``bulk_posts``).
"""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bench.http import Client, Response
from reconnect_stack.seed import DEMO_PASSWORD
from reconnect_stack.stack import ROOT, Stack

PASSWORD = "reconnect-bench-password"
TENANTS = [
    {"slug": "bench-nord", "name": "Benkvik", "locale": "nb", "time_zone": "Europe/Oslo", "hosts": ["bench-nord.localhost"]},
    {"slug": "bench-sor", "name": "Benksand", "locale": "nb", "time_zone": "Europe/Oslo", "hosts": ["bench-sor.localhost"]},
]
SPACE_NAME = "Benkeforum"
CATEGORIES = ("Hverdagen", "Mestring", "Kafeen")
# Pseudonyms are unique region-wide after folding i/l/1 and o/0: an alphabet without them.
_LETTERS = "abcdefghjkmnpqrtuvwxyz"

WORDS = (
    "dag uke tur kaffe sjø fjell søvn kveld morgen venn familie jobb skole hage katt hund regn sol snø vind "
    "glede håp ro pust øvelse samtale kafe gruppe møte tanke følelse mestring hverdag middag frokost lunsj "
    "bok musikk film tegning strikking løping sykkel buss tog butikk bibliotek park benk vann brød eple "
    "takk fint godt bedre litt mye ofte sjelden kanskje alltid aldri sammen alene rolig travel lett tung"
).split()


def pseudonym(prefix: str, index: int) -> str:
    letters = ""
    n = index
    while True:
        letters = _LETTERS[n % len(_LETTERS)] + letters
        n //= len(_LETTERS)
        if n == 0:
            break
    return f"{prefix} {letters.capitalize()}"


def text(rng: random.Random, low: int = 12, high: int = 40) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize() + "."


@dataclass
class Person:
    tenant: str
    username: str
    roles: list[str]
    real_name: str
    id: str = ""
    access: str = ""
    refresh: str = ""
    signed_in_at: float = 0.0
    pseudonym: str = ""

    @property
    def headers(self) -> dict[str, str]:
        return {"X-Tenant": self.tenant, "Authorization": f"Bearer {self.access}"}


@dataclass
class Region:
    members: list[Person] = field(default_factory=list)  # service users who read, post and write
    providers: dict[str, Person] = field(default_factory=dict)  # tenant -> provider
    admins: dict[str, Person] = field(default_factory=dict)
    tracer_author: Person | None = None  # owns the tracer thread; nobody else is told about it
    tracer_replier: Person | None = None
    tracer_user: Person | None = None  # writes to tracer_provider
    tracer_provider: Person | None = None
    space_id: str = ""
    category_ids: list[str] = field(default_factory=list)
    read_threads: list[str] = field(default_factory=list)  # exactly READ_THREAD_POSTS posts each
    reply_threads: list[tuple[str, str]] = field(default_factory=list)  # (thread id, author id)
    tracer_thread: str = ""
    conversations: dict[str, str] = field(default_factory=dict)  # member username -> conversation id
    tracer_conversation: str = ""
    bulk_threads: list[str] = field(default_factory=list)
    posts_total: int = 0
    messaging: bool = False  # /api/v1/conversations works
    notifications: bool = False  # /api/v1/notifications works
    availability_note: str = ""
    setup_seconds: dict[str, float] = field(default_factory=dict)


READ_THREAD_POSTS = 50
LOGIN_PARALLELISM = 3


class SetupError(RuntimeError):
    pass


def _expect(response: Response, what: str, statuses=(200, 201, 204)) -> Response:
    if response.status not in statuses:
        raise SetupError(f"{what}: HTTP {response.status}: {response.body[:500]!r}")
    return response


def people(members: int) -> tuple[list[Person], dict, dict, dict]:
    nord, sor = TENANTS[0]["slug"], TENANTS[1]["slug"]
    users = [Person(nord if i % 2 == 0 else sor, f"bench.u{i:03d}", ["service_user"], f"Benk Bruker {i}")
             for i in range(members)]
    providers = {t["slug"]: Person(t["slug"], f"bench.provider.{t['slug']}", ["health_provider"], "Benk Behandler")
                 for t in TENANTS}
    admins = {t["slug"]: Person(t["slug"], f"bench.admin.{t['slug']}", ["tenant_admin"], "Benk Admin") for t in TENANTS}
    tracers = {
        "author": Person(nord, "bench.tracer.author", ["service_user"], "Benk Sporer"),
        "replier": Person(sor, "bench.tracer.replier", ["service_user"], "Benk Svarer"),
        "user": Person(nord, "bench.tracer.user", ["service_user"], "Benk Skriver"),
        "provider": Person(nord, "bench.tracer.provider", ["health_provider"], "Benk Mottaker"),
    }
    return users, providers, admins, tracers


def bootstrap(stack: Stack, everyone: list[Person]) -> None:
    identity = stack.services["identity"]
    plan = {
        "tenants": TENANTS,
        "accounts": [{"tenant": p.tenant, "username": p.username, "password": PASSWORD, "roles": p.roles,
                      "real_name": p.real_name} for p in everyone],
    }
    result = subprocess.run([sys.executable, "-m", identity.spec.module, "bootstrap"], input=json.dumps(plan),
                            env=stack.service_env(identity), cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SetupError(f"identity bootstrap failed:\n{result.stderr[-3000:]}")


async def sign_in(client: Client, person: Person, password: str = PASSWORD) -> None:
    for attempt in range(1, 7):
        reply = await client.request("POST", "/api/v1/auth/login", headers={"X-Tenant": person.tenant},
                                     json={"username": person.username, "password": password})
        if reply.status != 503 or attempt == 6:  # 503: identity missed the gateway's deadline (a busy machine)
            break
        await asyncio.sleep(attempt)
    _expect(reply, f"login {person.username}")
    body = reply.json()
    person.access, person.refresh = body["access_token"], body["refresh_token"]
    person.signed_in_at = time.monotonic()
    if not person.id:
        me = _expect(await client.request("GET", "/api/v1/me", headers=person.headers), "me").json()
        person.id = me["id"]
        person.pseudonym = me.get("pseudonym") or ""


async def refresh_tokens(client: Client, everyone: list[Person], older_than: float = 480.0) -> None:
    """Access tokens live 15 minutes: renew those older than ``older_than`` seconds."""
    stale = [p for p in everyone if time.monotonic() - p.signed_in_at > older_than]
    slots = asyncio.Semaphore(LOGIN_PARALLELISM)

    async def renew(person: Person) -> None:
        async with slots:
            await _renew(person)

    async def _renew(person: Person) -> None:
        reply = await client.request("POST", "/api/v1/auth/refresh", headers={"X-Tenant": person.tenant},
                                     json={"refresh_token": person.refresh})
        if reply.status == 200:
            body = reply.json()
            person.access, person.refresh = body["access_token"], body["refresh_token"]
            person.signed_in_at = time.monotonic()
        else:
            await sign_in(client, person)

    await asyncio.gather(*(renew(p) for p in stale))


async def _routes_available(client: Client, probe: Person) -> tuple[bool, bool, str]:
    spec = (await client.request("GET", "/api/openapi.json")).json() or {}
    paths = spec.get("paths", {})
    notes = []
    found = {}
    for key, path, probe_path in (("messaging", "/api/v1/conversations", "/api/v1/conversations?page_size=1"),
                                  ("notifications", "/api/v1/notifications", "/api/v1/notifications?page_size=1")):
        if path not in paths:
            found[key] = False
            notes.append(f"{path} is not in /api/openapi.json")
            continue
        reply = await client.request("GET", probe_path, headers=probe.headers)
        found[key] = reply.status == 200
        if not found[key]:
            notes.append(f"{path} is in /api/openapi.json but GET answered HTTP {reply.status}")
    return found["messaging"], found["notifications"], "; ".join(notes)


async def _thread_of(client: Client, region: Region, author: Person, category: str, posts: int,
                     repliers: list[Person], rng: random.Random) -> str:
    started = _expect(await client.request(
        "POST", f"/api/v1/forum/categories/{category}/threads", headers=author.headers,
        json={"title": f"Tråd om {rng.choice(WORDS)} og {rng.choice(WORDS)}", "body": text(rng), "post_anyway": True},
    ), "create thread").json()
    thread_id = started["thread"]["id"]
    for k in range(posts - 1):
        who = repliers[k % len(repliers)]
        _expect(await client.request("POST", f"/api/v1/forum/threads/{thread_id}/posts", headers=who.headers,
                                     json={"body": text(rng), "post_anyway": True}), "reply")
    region.posts_total += posts
    return thread_id


async def build(stack: Stack, client: Client, members: int = 24, read_threads: int = 4, reply_threads: int = 8,
                seed: int = 7) -> Region:
    """Accounts, pseudonyms, consents, care relationships, the space, threads, conversations."""
    rng = random.Random(seed)
    region = Region()
    users, providers, admins, tracers = people(members)
    everyone = [*users, *providers.values(), *admins.values(), *tracers.values()]
    t0 = time.monotonic()
    await asyncio.get_running_loop().run_in_executor(None, bootstrap, stack, everyone)
    region.setup_seconds["accounts"] = time.monotonic() - t0

    t0 = time.monotonic()
    # A login costs an argon2id hash (tens of ms of CPU): a few at a time, within the gateway's deadline.
    slots = asyncio.Semaphore(LOGIN_PARALLELISM)

    async def limited_sign_in(person: Person) -> None:
        async with slots:
            await sign_in(client, person)

    await asyncio.gather(*(limited_sign_in(p) for p in everyone))
    region.members, region.providers, region.admins = users, providers, admins
    region.tracer_author, region.tracer_replier = tracers["author"], tracers["replier"]
    region.tracer_user, region.tracer_provider = tracers["user"], tracers["provider"]
    writers = [*users, tracers["author"], tracers["replier"], tracers["user"]]

    consents = _expect(await client.request("GET", "/api/v1/me/consents", headers=users[0].headers), "consents").json()
    terms = consents["current_terms_version"]

    async def prepare(index: int, person: Person) -> None:
        if not person.pseudonym:
            name = pseudonym("Benk", index)
            _expect(await client.request("PUT", "/api/v1/me/pseudonym", headers=person.headers,
                                         json={"pseudonym": name}), f"pseudonym {name}")
            person.pseudonym = name
        _expect(await client.request("POST", "/api/v1/me/consents", headers=person.headers,
                                     json={"kind": "terms", "version": terms}), "consent")

    await asyncio.gather(*(prepare(i, p) for i, p in enumerate(writers)))

    async def care(admin: Person, provider: Person, user: Person) -> None:
        _expect(await client.request("POST", "/api/v1/care-relationships", headers=admin.headers,
                                     json={"provider_id": provider.id, "service_user_id": user.id}),
                "care relationship", (200, 201, 409))

    await asyncio.gather(*(care(admins[u.tenant], providers[u.tenant], u) for u in users),
                         care(admins[tracers["user"].tenant], tracers["provider"], tracers["user"]))
    region.setup_seconds["people"] = time.monotonic() - t0

    # The forum space, made by the demo region's region admin.
    t0 = time.monotonic()
    region_admin = Person("region", "region.admin", ["region_admin"], "")
    await sign_in(client, region_admin, DEMO_PASSWORD)
    spaces = _expect(await client.request("GET", "/api/v1/forum/spaces", headers=users[0].headers), "spaces").json()
    existing = [s for s in spaces["spaces"] if s["name"] == SPACE_NAME]
    if existing:
        region.space_id = existing[0]["id"]
    else:
        region.space_id = _expect(await client.request(
            "POST", "/api/v1/forum/spaces", headers=region_admin.headers,
            json={"name": SPACE_NAME, "tenants": [t["slug"] for t in TENANTS]}), "create space").json()["id"]
        for name in CATEGORIES:
            _expect(await client.request("POST", f"/api/v1/forum/spaces/{region.space_id}/categories",
                                         headers=region_admin.headers, json={"name": name, "description": name}),
                    "create category")
    categories = _expect(await client.request("GET", f"/api/v1/forum/spaces/{region.space_id}/categories",
                                              headers=users[0].headers), "categories").json()["categories"]
    region.category_ids = [c["id"] for c in categories]

    # Threads to read (50 posts each, by several authors), to answer, and the tracer's own.
    async def read_thread(k: int) -> str:
        author = users[k % len(users)]
        repliers = [u for u in users if u is not author][k:k + 8] or users
        return await _thread_of(client, region, author, region.category_ids[k % len(region.category_ids)],
                                READ_THREAD_POSTS, repliers, random.Random(seed + k))

    region.read_threads = list(await asyncio.gather(*(read_thread(k) for k in range(read_threads))))

    async def reply_thread(k: int) -> tuple[str, str]:
        author = users[(k * 5 + 1) % len(users)]
        thread_id = await _thread_of(client, region, author, region.category_ids[k % len(region.category_ids)],
                                     1, [author], random.Random(seed + 100 + k))
        return thread_id, author.id

    region.reply_threads = list(await asyncio.gather(*(reply_thread(k) for k in range(reply_threads))))
    region.tracer_thread = await _thread_of(client, region, tracers["author"], region.category_ids[0], 1,
                                            [tracers["author"]], rng)
    region.setup_seconds["threads"] = time.monotonic() - t0

    # Messaging, when the gateway has it.
    region.messaging, region.notifications, region.availability_note = await _routes_available(client, users[0])
    if region.messaging:
        t0 = time.monotonic()

        async def conversation(user: Person, provider: Person) -> str:
            reply = _expect(await client.request(
                "POST", "/api/v1/conversations", headers=user.headers,
                json={"subject": "Oppfølging", "participant_ids": [provider.id], "first_message": text(rng)},
            ), "start conversation").json()
            return reply["conversation"]["id"]

        ids = await asyncio.gather(*(conversation(u, providers[u.tenant]) for u in users))
        region.conversations = {u.username: cid for u, cid in zip(users, ids, strict=True)}
        region.tracer_conversation = await conversation(tracers["user"], tracers["provider"])
        region.setup_seconds["conversations"] = time.monotonic() - t0
    return region


def everyone(region: Region) -> list[Person]:
    extra = [region.tracer_author, region.tracer_replier, region.tracer_user, region.tracer_provider]
    return [*region.members, *region.providers.values(), *region.admins.values(), *[p for p in extra if p]]


# -- bulk posts ---------------------------------------------------------------------------

SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores DateTime on SQLite


def bulk_posts(database_url: str, region: Region, posts: int, seed: int = 11, batch: int = 20_000) -> dict:
    """Add ``posts`` posts in open threads of the bench space, straight into the forum's
    database, in the shapes the forum service writes (``services/forum/store.py``): a
    thread row with its count and last post time, posts numbered 1..n, and each post in
    the full-text index ``search_posts`` (the first with its thread's title), as
    ``Forum._add_post`` and ``Forum._index`` do. Open threads only: closed threads are
    encrypted with per-tenant keys, which only the service holds.

    Threads have 5-45 posts (25 on average); authors are the bench's members; times spread
    over the past year. Returns what was added and how long it took.
    """
    if posts <= 0:
        return {"posts": 0, "threads": 0, "seconds": 0.0}
    rng = random.Random(seed + posts)
    authors = [(p.id, p.tenant) for p in region.members]
    fragments = [text(rng, 6, 20) for _ in range(400)]
    started = time.monotonic()
    now = datetime.now(UTC)
    year = timedelta(days=365)
    sqlite = database_url.startswith("sqlite")
    if sqlite:
        import sqlite3

        conn = sqlite3.connect(database_url.split("///", 1)[1], timeout=60, isolation_level=None)
        conn.execute("PRAGMA busy_timeout=60000")
        conn.execute("PRAGMA synchronous=OFF")  # bulk only; the service keeps FULL

        def fmt(moment: datetime) -> str:
            return moment.replace(tzinfo=None).strftime(SQLITE_TIME)

        def flush(threads_rows, post_rows, search_rows):
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(
                "INSERT INTO threads (id, space_id, category_id, author_id, author_tenant, title, title_sealed, circle_id,"
                " pinned, locked, exercise, cafe_id, created_at, last_post_at, post_count, view_count)"
                " VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, 0, 0, 0, NULL, ?, ?, ?, 0)", threads_rows)
            conn.executemany(
                "INSERT INTO posts (id, thread_id, seq, author_id, author_tenant, body, body_sealed, sensitive, hidden,"
                " hidden_reason, deleted, crisis, created_at, edited_at)"
                " VALUES (?, ?, ?, ?, ?, ?, NULL, 0, 0, NULL, 0, 0, ?, NULL)", post_rows)
            conn.executemany("INSERT INTO search_posts (post_id, content) VALUES (?, ?)", search_rows)
            conn.execute("COMMIT")
    else:
        import sqlalchemy

        from services.forum.store import Post, Thread

        engine = sqlalchemy.create_engine(database_url)

        def fmt(moment: datetime) -> datetime:
            return moment

        def flush(threads_rows, post_rows, search_rows):
            keys_t = ("id", "space_id", "category_id", "author_id", "author_tenant", "title", "created_at",
                      "last_post_at", "post_count")
            keys_p = ("id", "thread_id", "seq", "author_id", "author_tenant", "body", "created_at")
            with engine.begin() as db:
                db.execute(Thread.__table__.insert(), [
                    {**dict(zip(keys_t, row, strict=True)), "pinned": False, "locked": False, "exercise": False,
                     "view_count": 0} for row in threads_rows])
                db.execute(Post.__table__.insert(), [
                    {**dict(zip(keys_p, row, strict=True)), "sensitive": False, "hidden": False, "deleted": False,
                     "crisis": False} for row in post_rows])
                db.execute(sqlalchemy.text("INSERT INTO search_posts (post_id, content) VALUES (:p, :c)"),
                           [{"p": p, "c": c} for p, c in search_rows])

    threads_rows: list[tuple] = []
    post_rows: list[tuple] = []
    search_rows: list[tuple] = []
    made_posts = made_threads = 0
    while made_posts < posts:
        size = min(rng.randint(5, 45), posts - made_posts)
        thread_id = str(uuid.uuid4())
        author_id, author_tenant = rng.choice(authors)
        start = now - year + timedelta(seconds=rng.uniform(0, year.total_seconds() - 3600 * 24))
        title = f"{rng.choice(WORDS).capitalize()} og {rng.choice(WORDS)} i hverdagen"
        moment = start
        for seq in range(1, size + 1):
            post_author, post_tenant = (author_id, author_tenant) if seq == 1 else rng.choice(authors)
            body = f"{rng.choice(fragments)} {rng.choice(fragments)}"
            post_id = str(uuid.uuid4())
            post_rows.append((post_id, thread_id, seq, post_author, post_tenant, body, fmt(moment)))
            search_rows.append((post_id, f"{title}\n{body}" if seq == 1 else body))
            if seq < size:
                moment += timedelta(minutes=rng.uniform(1, 600))
        threads_rows.append((thread_id, region.space_id, rng.choice(region.category_ids), author_id, author_tenant,
                             title, fmt(start), fmt(moment), size))
        region.bulk_threads.append(thread_id)
        made_posts += size
        made_threads += 1
        if len(post_rows) >= batch:
            flush(threads_rows, post_rows, search_rows)
            threads_rows, post_rows, search_rows = [], [], []
    if post_rows:
        flush(threads_rows, post_rows, search_rows)
    if sqlite:
        conn.close()
    else:
        with engine.begin() as db:  # as autovacuum would, soon after a load like this
            db.execute(sqlalchemy.text("ANALYZE threads"))
            db.execute(sqlalchemy.text("ANALYZE posts"))
        engine.dispose()
    region.posts_total += made_posts
    return {"posts": made_posts, "threads": made_threads, "seconds": time.monotonic() - started}


def forum_counts(database_url: str) -> dict:
    import sqlalchemy

    engine = sqlalchemy.create_engine(database_url)
    try:
        with engine.connect() as db:
            return {
                "posts": db.execute(sqlalchemy.text("SELECT count(*) FROM posts")).scalar(),
                "threads": db.execute(sqlalchemy.text("SELECT count(*) FROM threads")).scalar(),
                "search_rows": db.execute(sqlalchemy.text("SELECT count(*) FROM search_posts")).scalar(),
            }
    finally:
        engine.dispose()
