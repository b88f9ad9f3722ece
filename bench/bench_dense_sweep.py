"""How many nearest chunks a dense sweep by unit reads: units found against time.

    python bench/bench_dense_sweep.py [--work /tmp/provwork2] [--units 1000]

An English "which units …" question sweeps the units by meaning: one nearest-neighbour
query returns the pool's nearest chunk ids and each unit keeps its nearest body chunk
among them (`index/unit_sweep.py`). A unit whose nearest body chunk is not in the pool
is swept by a worse chunk or not at all. For every English question of the team set that
names no unit, over the province index bench_province.py built in `--work`, this counts
the units holding the question's sample report (the units that should be listed) whose
sweep pick is their exact nearest body chunk (one filtered query per unit), and times
the sweep, for pools of 250 to 8,000 chunks.
"""

from __future__ import annotations

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
from ingest.types import is_header_part  # noqa: E402

POOLS = (250, 500, 1000, 2000, 4000, 8000)
# Nearest chunks read per unit for its exact nearest body chunk (headers skipped).
EXACT_K = 12


def main() -> int:
    args = province_arguments(__doc__.splitlines()[0]).parse_args()
    generated = make_units(args.units + 1)
    index = open_province(args.work, args.units)
    reports_of: dict[int, set[str]] = {}
    for record in index.reports():
        reports_of.setdefault(unit_position(record.source), set()).add(record.report_id)
    found: dict[int, list[float]] = {pool: [] for pool in POOLS}
    times: dict[int, list[float]] = {pool: [] for pool in POOLS}
    asked = _english_lists(generated[: args.units])
    for question, holders in asked:
        exact = _exact(index, question, holders, reports_of)
        for pool in POOLS:
            index.search_by_unit(question, k=1, mode="dense", body_only=True, dense_pool=pool)
            started = time.perf_counter()
            swept = index.search_by_unit(
                question, k=1, mode="dense", body_only=True, dense_pool=pool
            )
            times[pool].append((time.perf_counter() - started) * 1000)
            pick = {hit.chunk.metadata.commune: hit.chunk.chunk_id for hit in swept}
            found[pool].append(sum(pick.get(u) == cid for u, cid in exact.items()) / len(exact))
    body = _table(asked, found, times, args.units)
    if args.no_write:
        print(body)
    else:
        command = f"python bench/bench_dense_sweep.py --work {args.work} --units {args.units}"
        write_section("dense-sweep", "A dense sweep by unit", command, body)
    index.close()
    return 0


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
    found: dict[int, list[float]],
    times: dict[int, list[float]],
    units: int,
) -> str:
    lines = [
        f"{len(asked)} English questions naming no unit, {units:,} units; 'found' is the share "
        "of the units holding the answer whose sweep pick is their exact nearest body chunk "
        "(mean over questions).",
        "",
        "| pool (chunks) | found | sweep p50 ms | sweep max ms |",
        "|---:|---:|---:|---:|",
    ]
    for pool in POOLS:
        lines.append(
            f"| {pool:,} | {statistics.mean(found[pool]):.3f} | "
            f"{statistics.median(times[pool]):.0f} | {max(times[pool]):.0f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
