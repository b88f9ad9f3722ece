"""How many chunks a list question's sweep brings over all units: answers and time.

    python bench/bench_sweep_chunks.py [--work /tmp/provwork2] [--units 150 1000]

A "which units …" question sweeps every unit's best chunks; each unit keeps
SWEEP_CHUNKS // units of them (8 at most, 1 at least: `assistant/retrieve/search.py`).
Over the province indexes bench_province.py built in `--work` (each scale's `index`, and
its `small` one holding only the units the questions name), for each value this asks the
15 list questions at both scales and reports how many of the units named at small scale
are still named at scale (mean over questions, as bench_province.py counts it), and the
list latency at scale (p50 / p95, after one untimed pass).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402
from assistant.collector import tune_collector  # noqa: E402
from assistant.retrieve.search import SWEEP_CHUNKS  # noqa: E402
from assistant.term_store import term_stats_folder  # noqa: E402
from bench.bench_province import list_units_kept, percentiles, province_questions  # noqa: E402
from bench.province import TemplateEmbedder, make_units  # noqa: E402
from bench.results import write_section  # noqa: E402
from index import ReportIndex  # noqa: E402

VALUES = (400, 800, 1200, 1600, 2400)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/provwork2"))
    parser.add_argument("--units", nargs="+", type=int, default=[150, 1000])
    parser.add_argument("--no-write", action="store_true", help="Print only.")
    args = parser.parse_args()
    tune_collector()  # as `baocao` does when it starts
    rows = [_row(units, value, args.work) for units in args.units for value in VALUES]
    body = _table(rows)
    if args.no_write:
        print(body)
    else:
        units = " ".join(str(u) for u in args.units)
        command = f"python bench/bench_sweep_chunks.py --work {args.work} --units {units}"
        write_section("sweep-chunks", "Chunks a list question's sweep brings", command, body)
    return 0


def _row(units: int, value: int, work: Path) -> dict[str, Any]:
    generated = make_units(units + 1)
    lists = {"list": province_questions(generated[:units], facts=0)["list"]}
    embedder = TemplateEmbedder(generated)
    answers, times = {}, []
    for which in ("index", "small"):
        folder = work / str(units) / which
        assistant = Assistant(
            ReportIndex.open(folder, embedder=embedder, read_only=True),
            cache_dir=term_stats_folder(folder),
            sweep_chunks=value,
        )
        try:
            for question, _ in lists["list"]:  # untimed: the first asking reads from disk
                assistant.ask(question)
            named = []
            for question, _ in lists["list"]:
                started = time.perf_counter()
                answer = assistant.ask(question)
                if which == "index":
                    times.append((time.perf_counter() - started) * 1000)
                named.append({"text": answer.text, "units": list(answer.communes)})
            answers[which] = named
        finally:
            assistant.close()
    kept = list_units_kept(answers["index"], answers["small"])
    spread = percentiles(times)
    row = {"units": units, "value": value, "kept": kept}
    row |= {"p50": spread["p50_ms"], "p95": spread["p95_ms"]}
    print(row, flush=True)
    return row


def _table(rows: list[dict[str, Any]]) -> str:
    lines = [
        f"15 list questions per scale; 'kept': the share of the units named at small scale "
        f"still named at scale (mean over questions); shipped value {SWEEP_CHUNKS}.",
        "",
        "| units | SWEEP_CHUNKS | chunks per unit | list units kept | list p50 / p95 ms |",
        "|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        per_unit = min(8, max(1, row["value"] // row["units"]))
        lines.append(
            f"| {row['units']:,} | {row['value']:,} | {per_unit} | {row['kept']:.3f} | "
            f"{row['p50']:,.0f} / {row['p95']:,.0f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
