"""CPU time and peak memory of the stack's processes, from /proc.

CPU is utime+stime of the process and of all its live descendants, plus the cutime+cstime
of children it has already reaped (so a gunicorn master counts its workers). Peak memory
is VmHWM (the high-water mark of the resident set) summed over the process and its live
descendants.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name may contain spaces; fields start after its closing parenthesis.
    return raw[raw.rindex(")") + 2:].split()


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                found += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
            except OSError:
                pass
    except OSError:
        pass
    return found


def tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        todo.extend(_children(current))
    return pids


def cpu_seconds(pid: int, children: bool = True) -> float:
    """utime+stime of the tree rooted at pid, including reaped children (or of pid alone)."""
    total = 0
    for index, member in enumerate(tree(pid) if children else [pid]):
        fields = _stat(member)
        if fields is None:
            continue
        # fields[11..14] are utime, stime, cutime, cstime (stat fields 14-17).
        total += int(fields[11]) + int(fields[12])
        if index == 0 and children:
            total += int(fields[13]) + int(fields[14])
    return total / TICKS


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def peak_rss_mb(pid: int, children: bool = True) -> float:
    return sum(_status_kb(p, "VmHWM") for p in (tree(pid) if children else [pid])) / 1024


# The load generator is the parent of the stack's processes it started: count it alone.
SELF_ONLY = "load generator"


def process_count(pid: int, children: bool = True) -> int:
    return len([p for p in (tree(pid) if children else [pid]) if _stat(p) is not None])


class CpuMeter:
    """CPU seconds used by named processes between start() and stop()."""

    def __init__(self, pids: dict[str, int]):
        self.pids = pids
        self.before: dict[str, float] = {}
        self.used: dict[str, float] = {}

    def start(self) -> None:
        self.before = {name: cpu_seconds(pid, name != SELF_ONLY) for name, pid in self.pids.items()}

    def stop(self) -> dict[str, float]:
        self.used = {name: cpu_seconds(pid, name != SELF_ONLY) - self.before.get(name, 0.0)
                     for name, pid in self.pids.items()}
        return self.used


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_mb = _meminfo("MemTotal") // 1024
    try:
        load = os.getloadavg()
    except OSError:
        load = (0.0, 0.0, 0.0)
    return {
        "nproc": os.cpu_count(),
        "cpu_model": model,
        "memory_mb": memory_mb,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "load_average_at_start": [round(x, 2) for x in load],
        "commit": _commit(),
    }


def _meminfo(key: str) -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _commit() -> str:
    try:  # read-only
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=Path(__file__).resolve().parent.parent, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
