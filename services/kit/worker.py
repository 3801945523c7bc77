"""Periodic background work inside a service (sending queued outside notifications,
firing due reminders): one thread per worker, started and stopped with the service."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class PeriodicWorker:
    def __init__(self, name: str, work: Callable[[], object], interval_seconds: float = 1.0):
        self.name = name
        self._work = work
        self._interval = interval_seconds
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        """Run again now rather than at the next interval."""
        self._wake.set()

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._work()
            except Exception as exc:  # keep going: the next round retries
                log.warning("worker_failed", extra={"worker": self.name, "error": type(exc).__name__})
            self._wake.wait(self._interval)
            self._wake.clear()
