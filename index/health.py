"""Start-up health check of the local store, run in a subprocess (issue 7).

A damaged Chroma segment can segfault the process that reads it, so the probe runs in a
child; the parent turns any failure into `IndexDamagedError` naming `baocao reindex`,
which rebuilds the store from the saved parses (`quarantine_store` moves the damaged
folder aside first, so nothing is deleted).

    python -m index.health INDEX_DIR     # exit 0 and print the chunk count when healthy
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import time
from pathlib import Path

from index.errors import IndexDamagedError

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 120.0
DEFAULT_ATTEMPTS = 3
RETRY_DELAY_S = 0.5
STORE_DIR = "chroma"


def check_store(
    index_dir: str | Path, *, timeout_s: float = DEFAULT_TIMEOUT_S, attempts: int = DEFAULT_ATTEMPTS
) -> int | None:
    """Probe index_dir/chroma in a child process; returns its chunk count (None if absent).

    A failed probe is retried: a reader sees transient errors while another process
    writes the store, and that must not be reported as damage.

    Raises:
        IndexDamagedError: the probe crashed, failed or timed out on every attempt.
    """
    folder = Path(index_dir).expanduser()
    if not (folder / STORE_DIR).exists():
        return None
    reason = ""
    for attempt in range(attempts):
        if attempt:
            logger.info("Store check failed (%s); retrying", reason)
            time.sleep(RETRY_DELAY_S)
        count, reason = _probe(folder, timeout_s)
        if count is not None:
            return count
    raise _damaged(folder, reason)


def _probe(folder: Path, timeout_s: float) -> tuple[int | None, str]:
    """One probe in a child: (chunk count, "") or (None, why it failed)."""
    command = [sys.executable, "-m", "index.health", str(folder)]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout_s, check=False
        )
    except subprocess.TimeoutExpired:
        return None, f"the store did not answer within {timeout_s:.0f} s"
    if done.returncode < 0:  # killed by a signal: a corrupt HNSW segment segfaults
        return None, f"reading the store crashed the check process ({_signal(done.returncode)})"
    if done.returncode != 0:
        lines = (done.stderr or "").strip().splitlines()
        return None, lines[-1] if lines else f"the check process failed (exit {done.returncode})"
    return int(done.stdout.strip() or 0), ""


def _signal(returncode: int) -> str:
    try:
        return signal.Signals(-returncode).name
    except ValueError:
        return f"signal {-returncode}"


def _damaged(folder: Path, reason: str) -> IndexDamagedError:
    return IndexDamagedError(
        f"The index at {str(folder)!r} is damaged ({reason}) - run "
        f"'baocao reindex --index {folder}' to rebuild it from the saved reports"
    )


def quarantine_store(index_dir: str | Path) -> Path | None:
    """Move index_dir/chroma aside (never delete it); returns where it went."""
    folder = Path(index_dir).expanduser()
    store = folder / STORE_DIR
    if not store.exists():
        return None
    target = folder / f"{STORE_DIR}.damaged-{time.strftime('%Y%m%d-%H%M%S')}"
    store.rename(target)
    return target


def set_aside_if_damaged(index_dir: str | Path) -> Path | None:
    """Probe the store; if damaged, move it aside (the caller then reindexes)."""
    try:
        check_store(index_dir)
    except IndexDamagedError as err:
        moved = quarantine_store(index_dir)
        logger.warning("%s; moved the damaged store to %s", err, moved)
        return moved
    return None


def _main(argv: list[str]) -> int:
    from index.chroma_server import probe_store

    print(probe_store(Path(argv[0]) / STORE_DIR))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
