"""Start-up health check of the local store, run in a subprocess (issue 7).

A damaged Chroma segment can segfault the process that reads it, so the probe runs in a
child; the parent turns any failure into `IndexDamagedError` naming `baocao reindex`,
which rebuilds the store from the saved parses (`quarantine_store` moves the damaged
folder aside first, so nothing is deleted).

    python -m index.health INDEX_DIR     # exit 0 and print the chunk count when healthy
"""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from pathlib import Path

from index.errors import IndexDamagedError

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 120.0
STORE_DIR = "chroma"


def check_store(index_dir: str | Path, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> int | None:
    """Probe index_dir/chroma in a child process; returns its chunk count (None if absent).

    Raises:
        IndexDamagedError: the probe crashed, failed or timed out.
    """
    folder = Path(index_dir).expanduser()
    if not (folder / STORE_DIR).exists():
        return None
    command = [sys.executable, "-m", "index.health", str(folder)]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout_s, check=False
        )
    except subprocess.TimeoutExpired as err:
        raise _damaged(folder, f"the store did not answer within {timeout_s:.0f} s") from err
    if done.returncode != 0:
        lines = (done.stderr or "").strip().splitlines()
        reason = lines[-1] if lines else f"the check process died (exit {done.returncode})"
        raise _damaged(folder, reason)
    return int(done.stdout.strip() or 0)


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
    from index.store import probe_store

    print(probe_store(Path(argv[0]) / STORE_DIR))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
