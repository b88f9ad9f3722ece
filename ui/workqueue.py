"""A bounded work queue: a few answers at once, a short line, then "busy".

On a 2-core machine piling requests up only makes everyone wait; past `max_waiting`
callers get `BusyError` at once and the UI/REST say "busy, try again".
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

DEFAULT_WORKERS = 2
DEFAULT_MAX_WAITING = 32
DEFAULT_WAIT_S = 120.0


class BusyError(Exception):
    """The queue is full (or the wait timed out); the caller should retry later."""


class WorkQueue:
    def __init__(
        self,
        *,
        workers: int = DEFAULT_WORKERS,
        max_waiting: int = DEFAULT_MAX_WAITING,
        wait_s: float = DEFAULT_WAIT_S,
    ) -> None:
        self._slots = threading.BoundedSemaphore(workers)
        self._max_waiting = max_waiting
        self._wait_s = wait_s
        self._waiting = 0
        self._lock = threading.Lock()

    @property
    def waiting(self) -> int:
        return self._waiting

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one worker slot; raise BusyError if the line is full or too slow."""
        if not self._slots.acquire(blocking=False):
            self._wait_in_line()
        try:
            yield
        finally:
            self._slots.release()

    def _wait_in_line(self) -> None:
        with self._lock:
            if self._waiting >= self._max_waiting:
                raise BusyError(f"{self._waiting} requests already waiting")
            self._waiting += 1
        try:
            acquired = self._slots.acquire(timeout=self._wait_s)
        finally:
            with self._lock:
                self._waiting -= 1
        if not acquired:
            raise BusyError(f"no worker free after {self._wait_s:.0f} s")
