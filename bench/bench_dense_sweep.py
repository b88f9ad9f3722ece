"""An exact dense sweep by unit: units found, and its time cold and warm.

    python bench/bench_dense_sweep.py [--work /tmp/provwork2] [--units 1000]

An English "which units …" question sweeps the units by meaning: one product of the
query with every chunk's stored vector, and each unit keeps its nearest body chunk
(`index/unit_sweep.py`, `index/sweep_vectors.py`). For every English question of the team
set that names no unit, over the province index bench_province.py built in `--work`,
this counts the units holding the question's sample report (the units that should be
listed) whose sweep pick is their exact nearest body chunk (one search per unit over its
own reports), and times the sweep: the first one with no vectors kept (read from the
store, then saved beside the index), the first after another opening (the saved ones),
then warm. It removes the index's kept vectors (`sweep/`) first: they are rebuilt.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.province import (  # noqa: E402
    Unit,
    make_units,
    open_province,
    province_arguments,
    samples_of,
    unit_free_questions,
    unit_position,
)
from bench.results import write_section  # noqa: E402
from index import ReportIndex  # noqa: E402
from index.report_index import SWEEP_DIR  # noqa: E402
from ingest.types import is_header_part  # noqa: E402

# Nearest chunks read per unit for its exact nearest body chunk (headers skipped).
EXACT_K = 12
REPEATS = 3


def main() -> int:
    args = province_arguments(__doc__.splitlines()[0]).parse_args()
    generated = make_units(args.units + 1)
    shutil.rmtree(args.work / str(args.units) / "index" / SWEEP_DIR, ignore_errors=True)
    asked = _english_lists(generated[: args.units])
    first = [_first_sweep(args.work, args.units, asked[0][0]) for _ in range(2)]
    index = open_province(args.work, args.units)
    reports_of: dict[int, set[str]] = {}
    for record in index.reports():
        reports_of.setdefault(unit_position(record.source), set()).add(record.report_id)
    found: list[float] = []
    times: list[float] = []
    for question, holders in asked:
        exact = _exact(index, question, holders, reports_of)
        for _ in range(REPEATS):
            started = time.perf_counter()
            swept = index.search_by_unit(question, k=1, mode="dense", body_only=True)
            times.append((time.perf_counter() - started) * 1000)
        pick = {hit.chunk.metadata.commune: hit.chunk.chunk_id for hit in swept}
        found.append(sum(pick.get(u) == cid for u, cid in exact.items()) / len(exact))
    index.close()
    body = _table(asked, found, times, first, args.units)
    if args.no_write:
        print(body)
    else:
        command = f"python bench/bench_dense_sweep.py --work {args.work} --units {args.units}"
        write_section("dense-sweep", "A dense sweep by unit", command, body)
    return 0


def _first_sweep(work: Path, units: int, question: str) -> float:
    """Ms of the first dense sweep after opening (a writer: it saves what it reads)."""
    index = open_province(work, units, read_only=False)
    try:
        started = time.perf_counter()
        index.search_by_unit(question, k=1, mode="dense", body_only=True)
        return (time.perf_counter() - started) * 1000
    finally:
        index.close()


def _english_lists(units: list[Unit]) -> list[tuple[str, list[int]]]:
    """English questions naming no unit; the positions of the units holding the answer."""
    out = []
    for row, samples in unit_free_questions("en"):
        holders = [i for i in range(len(units)) if samples & set(samples_of(i))]
        out.append((row["question"], holders))
    return out


def _exact(
    index: ReportIndex, question: str, holders: list[int], reports_of: dict[int, set[str]]
) -> dict[str, str]:
    """Each holder's nearest body chunk (by unit name), by a query over its reports only."""
    vector = index.query_vector(question)
    exact = {}
    for position in holders:
        nearest = index.store.query(vector, k=EXACT_K, report_ids=reports_of[position])
        body = [chunk for chunk, _ in nearest if not is_header_part(chunk.labels)]
        if body:
            exact[body[0].metadata.commune or ""] = body[0].chunk_id
    return exact


def _table(
    asked: list[tuple[str, list[int]]],
    found: list[float],
    times: list[float],
    first: list[float],
    units: int,
) -> str:
    return "\n".join(
        [
            f"{len(asked)} English questions naming no unit, {units:,} units; 'found' is the "
            "share of the units holding the answer whose sweep pick is their exact nearest "
            "body chunk (mean over questions).",
            "",
            "| found | first sweep, none kept | first after opening | warm p50 | warm max |",
            "|---:|---:|---:|---:|---:|",
            f"| {statistics.mean(found):.3f} | {first[0]:,.0f} ms | {first[1]:,.0f} ms | "
            f"{statistics.median(times):.0f} ms | {max(times):.0f} ms |",
        ]
    )


if __name__ == "__main__":
    raise SystemExit(main())
