"""Garbage collection during questions over a province, for young-generation thresholds.

    python bench/bench_gc_pauses.py [--work /tmp/provwork] [--units 1000]

Opens the index bench_province.py built in `--work`, answers the first fact question,
then the province bench's fact and list questions, timing every collection of Python's
cyclic garbage collector (gc.callbacks), with the young generation collected every
700 (CPython's default), 5,000, 20,000 and 50,000 allocations
(`assistant.collector.tune_collector`, which `baocao` calls at start). Each threshold
runs in its own process.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402  (after the path fix above)
from assistant.collector import tune_collector  # noqa: E402
from assistant.term_store import term_stats_folder  # noqa: E402
from bench.bench_province import province_questions  # noqa: E402
from bench.province import TemplateEmbedder, make_units  # noqa: E402
from bench.results import write_section  # noqa: E402
from index import ReportIndex  # noqa: E402

PAUSE_MS = 30
THRESHOLDS = (700, 5_000, 20_000, 50_000)


class Collections:
    """Time spent in each generation's collections, and the pauses over PAUSE_MS."""

    def __init__(self) -> None:
        self.spent = [0.0, 0.0, 0.0]
        self.count = [0, 0, 0]
        self.pauses: list[float] = []
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        spent = (time.perf_counter() - self._started) * 1000
        self.spent[info["generation"]] += spent
        self.count[info["generation"]] += 1
        if spent > PAUSE_MS:
            self.pauses.append(spent)


def run(folder: Path, units: int, young: int) -> dict[str, Any]:
    generated = make_units(units + 1)
    questions = province_questions(generated[:units], facts=40)
    embedder = TemplateEmbedder(generated)
    tune_collector(young)
    assistant = Assistant(
        ReportIndex.open(folder, embedder=embedder), cache_dir=term_stats_folder(folder)
    )
    assistant.ask(questions["fact"][0][0])
    result: dict[str, Any] = {"young": young, "tracked": len(gc.get_objects())}
    for kind in ("fact", "list"):
        collections = Collections()
        gc.callbacks.append(collections)
        started = time.perf_counter()
        for question, _ in questions[kind]:
            assistant.ask(question)
        gc.callbacks.remove(collections)
        result[kind] = {
            "asks": len(questions[kind]),
            "total_ms": (time.perf_counter() - started) * 1000,
            "gc_ms": collections.spent,
            "collections": collections.count,
            "pauses_ms": sorted(collections.pauses, reverse=True),
        }
    assistant.close()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/provwork"))
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--no-write", action="store_true", help="Print only.")
    args = parser.parse_args()
    folder = args.work / str(args.units) / "index"
    if args.child:
        print(json.dumps(run(folder, args.units, args.child)))
        return 0
    results = [_child(args, young) for young in THRESHOLDS]
    body = _table(results, args.units)
    if args.no_write:
        print(body)
    else:
        command = f"python bench/bench_gc_pauses.py --work {args.work} --units {args.units}"
        write_section("gc-pauses", "Garbage collection during questions", command, body)
    return 0


def _child(args: argparse.Namespace, young: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", str(young), "--work", str(args.work)]
    done = subprocess.run([*command, "--units", str(args.units)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"threshold {young} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _table(results: list[dict[str, Any]], units: int) -> str:
    rows = [
        "| young collection every | questions | full collections | in them ms | all collections ms "
        f"| pauses > {PAUSE_MS} ms (longest) | questions' total ms |",
        "|---|---|---:|---:|---:|---|---:|",
    ]
    for result in results:
        for kind in ("fact", "list"):
            part = result[kind]
            pauses = part["pauses_ms"]
            longest = f"{len(pauses)} ({pauses[0]:.0f})" if pauses else "0"
            rows.append(
                f"| {result['young']:,} | {part['asks']} {kind} "
                f"| {part['collections'][2]} | {part['gc_ms'][2]:.0f} | {sum(part['gc_ms']):.0f} "
                f"| {longest} | {part['total_ms']:.0f} |"
            )
    note = (
        f"{units} units (bench_province.py's build); {results[0]['tracked']:,} objects "
        "tracked by the collector after the first answer. Chosen: 50,000 (no full "
        "collection in two runs; 20,000 had one, 110-115 ms, in both)."
    )
    return "\n".join(rows) + "\n\n" + note


if __name__ == "__main__":
    raise SystemExit(main())
