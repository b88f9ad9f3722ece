"""One writer per index: an OS file lock on index_dir/LOCK (issue 7).

Chroma's embedded store is thread-safe but not process-safe, so a second writing
process (e.g. `baocao ingest` while `baocao serve` runs) is refused instead of risking
the store. The kernel drops the lock when the process dies, even under `kill -9`.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path
from typing import IO

from index.errors import IndexLockedError

LOCK_FILE = "LOCK"
DEFAULT_WAIT_S = 2.0


class WriterLock:
    """Exclusive, non-blocking `flock` held for the life of the writer.

    Example:
        >>> lock = WriterLock.acquire(Path("data/index"))
        >>> lock.release()
    """

    def __init__(self, path: Path, handle: IO[str]) -> None:
        self.path = path
        self._handle: IO[str] | None = handle

    @classmethod
    def acquire(cls, index_dir: Path, *, wait_s: float = DEFAULT_WAIT_S) -> WriterLock:
        """Take the lock, retrying for `wait_s` seconds (a writer that is just closing).

        Raises:
            IndexLockedError: another live process holds it.
        """
        index_dir.mkdir(parents=True, exist_ok=True)
        path = index_dir / LOCK_FILE
        handle = path.open("a+", encoding="utf-8")
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _holder(path)
                    handle.close()
                    raise IndexLockedError(
                        f"The index at {str(index_dir)!r} is in use by PID {holder} - upload "
                        "through the web app or stop it, then retry"
                    ) from None
                time.sleep(0.1)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        return cls(path, handle)

    @property
    def is_held(self) -> bool:
        return self._handle is not None

    def release(self) -> None:
        if self._handle is None:
            return
        # The PID stays in the file; it is only read when the lock is held by someone.
        fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
        self._handle.close()
        self._handle = None


def _holder(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").strip() or "?"
    except OSError:
        return "?"
