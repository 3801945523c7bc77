"""What each assurance part tried, printed at the end of every run (with or without -s).

Each part adds one summary line; the terminal-summary hook in conftest.py prints them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

PARTS = (
    "1 authorization matrix",
    "2 canary leak scan",
    "3 encryption at rest",
    "4 fuzzing",
    "5 broker and process faults",
    "6 sessions and tokens",
    "7 rate limits",
    "8 pseudonymity",
)


@dataclass
class AssuranceReport:
    lines: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, part: str, text: str) -> None:
        assert part in PARTS, f"unknown assurance part {part!r}"
        self.lines[part].append(text)

    def render(self) -> list[str]:
        out = []
        for part in PARTS:
            for text in self.lines.get(part, []):
                out.append(f"[{part}] {text}")
        return out


REPORT = AssuranceReport()
