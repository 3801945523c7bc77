"""Login throttling: failed sign-ins counted per username and per client address.

Only failures count. Brute force shows up as failures, while many people signing in
successfully from one municipal office (one shared address) is ordinary use. Once a key
has too many failures in the window, every attempt on it is refused until the oldest
failure ages out, whether or not the password would have been right.

Counters live in process memory, or in a small SQLite file that the gunicorn workers of
one host share. Several gateway hosts each count on their own; identity's own lockout
after repeated failures is the region-wide backstop.
"""

from __future__ import annotations

import hashlib
import math
import sqlite3
import threading
import time
from collections import defaultdict, deque


def _key(kind: str, value: str) -> str:
    # Hashed so the counter store never holds usernames or addresses.
    return kind + ":" + hashlib.sha256(value.encode()).hexdigest()[:32]


class MemoryCounter:
    def __init__(self):
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def recent(self, key: str, since: float) -> list[float]:
        with self._lock:
            times = self._failures.get(key)
            if not times:
                return []
            while times and times[0] <= since:
                times.popleft()
            return list(times)

    def add(self, keys: list[str], at: float) -> None:
        with self._lock:
            for key in keys:
                self._failures[key].append(at)


def prepare_store(path: str, patience_seconds: float = 10) -> None:
    """Create the shared counter file in WAL mode (which the file keeps). The gunicorn master
    does this before forking; a worker doing it too may meet another holding the lock that
    switching to WAL needs, and then tries again."""
    deadline = time.monotonic() + patience_seconds
    while True:
        try:
            db = sqlite3.connect(path, timeout=5, isolation_level=None)
            try:
                if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    db.execute("PRAGMA journal_mode=WAL")
                db.execute("CREATE TABLE IF NOT EXISTS failures (key TEXT NOT NULL, at REAL NOT NULL)")
                db.execute("CREATE INDEX IF NOT EXISTS failures_key_at ON failures (key, at)")
            finally:
                db.close()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class SqliteCounter:
    def __init__(self, path: str):
        self._path = path
        self._local = threading.local()
        prepare_store(path)

    def _connection(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self._path, timeout=5, isolation_level=None)
            self._local.db = db
        return db

    def recent(self, key: str, since: float) -> list[float]:
        rows = self._connection().execute(
            "SELECT at FROM failures WHERE key = ? AND at > ? ORDER BY at", (key, since)
        ).fetchall()
        return [row[0] for row in rows]

    def add(self, keys: list[str], at: float) -> None:
        db = self._connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany("INSERT INTO failures (key, at) VALUES (?, ?)", [(key, at) for key in keys])
            # Failures older than a day are never consulted again.
            db.execute("DELETE FROM failures WHERE at < ?", (at - 86_400,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise


class LoginThrottle:
    def __init__(self, limit: int, window_seconds: float, store_path: str = "", clock=time.time):
        self.limit = limit
        self.window = window_seconds
        self._clock = clock
        self._counter = SqliteCounter(store_path) if store_path else MemoryCounter()

    def _keys(self, tenant: str, username: str, address: str) -> list[str]:
        return [_key("user", f"{tenant}/{username.strip().casefold()}"), _key("addr", address)]

    def retry_after(self, tenant: str, username: str, address: str) -> int:
        """Seconds until an attempt is allowed again; 0 when it is allowed now."""
        now = self._clock()
        wait = 0.0
        for key in self._keys(tenant, username, address):
            failures = self._counter.recent(key, now - self.window)
            if len(failures) >= self.limit:
                # Allowed again when enough of the failures have aged out of the window.
                wait = max(wait, failures[len(failures) - self.limit] + self.window - now)
        return max(1, math.ceil(wait)) if wait > 0 else 0

    def failed(self, tenant: str, username: str, address: str) -> None:
        self._counter.add(self._keys(tenant, username, address), self._clock())
