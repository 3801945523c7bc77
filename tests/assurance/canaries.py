"""Canaries: unique strings planted in personal data, then searched for where they must
never appear (logs, metrics, events, error bodies, and — for secrets — storage at rest).

Each service declares its canary sources in its declarations module (``CANARY_SOURCES``).
A source whose service is not running yet is declared with ``seed=None`` and reported
as pending, so the hook is visible in every run.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# Where a canary must not appear.
LOGS = "logs"
METRICS = "metrics"
EVENTS = "events"
ERRORS = "error bodies"
AT_REST = "storage at rest"

# Personal content: in no log, metric, event or error body, and never stored in the clear.
SECRET = frozenset({LOGS, METRICS, EVENTS, ERRORS, AT_REST})
# Identifiers such as usernames: stored in the clear by design, yet never logged or published.
IDENTIFIER = frozenset({LOGS, METRICS, EVENTS, ERRORS})


def letters(n: int = 14) -> str:
    # Letters only: identity treats runs of digits as phone numbers in names.
    return "".join(random.choices(string.ascii_lowercase, k=n))


def digits(n: int) -> str:
    return "".join(random.choices(string.digits, k=n))


@dataclass(frozen=True)
class Canary:
    kind: str  # "real name", "e-mail", ...
    value: str
    forbidden_in: frozenset[str]

    def needles(self) -> list[bytes]:
        """The byte strings to look for: the value as UTF-8, lower-cased, and hex-encoded
        (pg_dump prints bytea as hex, so a clear-text value in a bytea column shows that way)."""
        forms = {self.value, self.value.lower()}
        found = [form.encode() for form in forms]
        found += [form.encode().hex().encode() for form in forms]
        return found


@dataclass
class CanarySet:
    canaries: list[Canary] = field(default_factory=list)

    def plant(self, kind: str, value: str, forbidden_in: frozenset[str] = SECRET) -> str:
        self.canaries.append(Canary(kind, value, forbidden_in))
        return value

    def real_name(self) -> str:
        first = self.plant("first name", f"Rn{letters()}")
        return self.plant("real name", f"{first} Canary{letters(6)}")

    def email(self) -> str:
        return self.plant("e-mail", f"em{letters()}@example.org")

    def phone(self) -> str:
        number = digits(12)
        self.plant("phone (digits)", number)
        return self.plant("phone", f"+47 {number}")

    def national_id(self) -> str:
        # Eleven digits shaped like a Norwegian fødselsnummer (DDMMYY + five).
        return self.plant("national-ID-like", f"{random.randint(10, 28)}0{random.randint(1, 9)}{random.randint(50, 99)}{digits(5)}")

    def password(self) -> str:
        return self.plant("password", f"pw-{letters(18)}")

    def username(self, prefix: str) -> str:
        return self.plant("username", f"{prefix}.{letters(10)}", IDENTIFIER)

    def for_place(self, place: str) -> list[Canary]:
        return [c for c in self.canaries if place in c.forbidden_in]

    def kinds(self) -> list[str]:
        return sorted({c.kind for c in self.canaries})


@dataclass(frozen=True)
class CanarySource:
    """Where a service takes personal content that must stay inside it."""

    service: str
    what: str
    # Plants canaries through the public API; None while the service does not exist yet.
    seed: Callable[[object, CanarySet], None] | None = None


@dataclass(frozen=True)
class Hit:
    canary: Canary
    place: str
    where: str  # file, subject, metric endpoint, request

    def __str__(self) -> str:
        return f"{self.canary.kind} canary found in {self.place}: {self.where}"


def search(data: bytes, canaries: Iterable[Canary], place: str, where: str) -> list[Hit]:
    lowered = data.lower()
    hits = []
    for canary in canaries:
        if any(needle.lower() in lowered for needle in canary.needles()):
            hits.append(Hit(canary, place, where))
    return hits
