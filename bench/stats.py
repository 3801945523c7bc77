"""Latency recording and summaries (nearest-rank percentiles, in milliseconds)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


@dataclass
class Series:
    """One operation's samples inside the measured window."""

    name: str
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests
    errors: int = 0
    statuses: dict[str, int] = field(default_factory=dict)

    def add(self, seconds: float, ok: bool, status: str) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if ok:
            self.latencies.append(seconds)
        else:
            self.errors += 1

    @property
    def count(self) -> int:
        return len(self.latencies) + self.errors

    def summary(self, window_seconds: float) -> dict:
        values = sorted(self.latencies)
        ms = [v * 1000 for v in values]
        return {
            "op": self.name,
            "requests": self.count,
            "ok": len(values),
            "errors": self.errors,
            "error_rate": self.errors / self.count if self.count else 0.0,
            "throughput_rps": self.count / window_seconds if window_seconds > 0 else 0.0,
            "p50_ms": percentile(ms, 50),
            "p95_ms": percentile(ms, 95),
            "p99_ms": percentile(ms, 99),
            "max_ms": ms[-1] if ms else float("nan"),
            "mean_ms": sum(ms) / len(ms) if ms else float("nan"),
            "statuses": dict(sorted(self.statuses.items())),
        }


class Recorder:
    """Samples by operation name; only requests started inside the window count."""

    def __init__(self) -> None:
        self.series: dict[str, Series] = {}
        self.window_start = float("inf")
        self.window_end = float("inf")

    def open_window(self, start: float, end: float) -> None:
        self.window_start, self.window_end = start, end

    def counts(self, started: float) -> bool:
        return self.window_start <= started < self.window_end

    def add(self, name: str, started: float, seconds: float, ok: bool, status: str) -> None:
        if self.counts(started):
            self.series.setdefault(name, Series(name)).add(seconds, ok, status)

    def total_requests(self) -> int:
        return sum(s.count for s in self.series.values())

    def total_errors(self) -> int:
        return sum(s.errors for s in self.series.values())

    def all_latencies(self) -> Series:
        merged = Series("all")
        for series in self.series.values():
            merged.latencies.extend(series.latencies)
            merged.errors += series.errors
            for status, n in series.statuses.items():
                merged.statuses[status] = merged.statuses.get(status, 0) + n
        return merged

    def summaries(self, window_seconds: float) -> list[dict]:
        return [s.summary(window_seconds) for s in self.series.values()]


def latency_summary(samples_seconds: list[float], timeouts: int = 0) -> dict:
    ms = sorted(v * 1000 for v in samples_seconds)
    return {
        "samples": len(ms),
        "timeouts": timeouts,
        "p50_ms": percentile(ms, 50),
        "p95_ms": percentile(ms, 95),
        "p99_ms": percentile(ms, 99),
        "max_ms": ms[-1] if ms else float("nan"),
    }
