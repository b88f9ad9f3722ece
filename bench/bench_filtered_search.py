"""A dense search within a few units' reports: the store's filtered search, or exact.

    python bench/bench_filtered_search.py [--work /tmp/provwork2] [--units 1000]

A fact about a named unit searches only that unit's reports. Chroma answers a search with
a `where` filter by collecting the allowed ids, then searching; over a province index that
costs tens of milliseconds whatever the filter keeps. Reading the allowed chunks' stored
vectors by id and ranking them exactly costs in proportion to how many they are. Over the
province index bench_province.py built in `--work`, for the reports of the first 1, 3, 10,
30 and 100 units, both are timed (median of 5, after one warm-up); `ChromaStore.query`
ranks exactly up to `EXACT_MAX_CHUNKS`.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.province import open_province, province_arguments  # noqa: E402
from bench.results import write_section  # noqa: E402
from index import SearchFilters  # noqa: E402
from index.store import EXACT_MAX_CHUNKS  # noqa: E402

UNITS = (1, 3, 10, 30, 100)
K = 24  # a fact's search: TOP_K plus the header slack


def main() -> int:
    args = province_arguments(__doc__.splitlines()[0]).parse_args()
    index = open_province(args.work, args.units)
    reports: dict[str, list[str]] = {}
    for record in index.reports():
        reports.setdefault(record.commune or "", []).append(record.report_id)
    vector = index.query_vector("How many gift packages did the commune hand out for Tết?")
    lines = [
        f"Index: {sum(r.chunks for r in index.reports()):,} chunks of {args.units:,} units. "
        f"Median ms of 5 searches for the {K} nearest chunks.",
        "",
        "| units searched | chunks | store's filtered search ms | exact ms |",
        "|---:|---:|---:|---:|",
    ]
    for count in UNITS:
        allowed = [rid for unit in list(reports)[:count] for rid in reports[unit]]
        ids = {c.chunk_id for c in index.chunks(filters=SearchFilters(report_ids=tuple(allowed)))}
        store = index.store
        filtered = _median(partial(store.query, vector, k=K, report_ids=allowed))
        exact = _median(
            partial(store.query, vector, k=K, report_ids=allowed, chunk_ids=ids, exact_max=10**9)
        )
        lines.append(f"| {count} | {len(ids):,} | {filtered:.0f} | {exact:.0f} |")
    lines += ["", f"Shipped: exact up to **{EXACT_MAX_CHUNKS:,}** chunks (about where they cross)."]
    body = "\n".join(lines)
    if args.no_write:
        print(body)
    else:
        command = f"python bench/bench_filtered_search.py --work {args.work} --units {args.units}"
        write_section("filtered-search", "A search within a few units", command, body)
    index.close()
    return 0


def _median(search: Callable[[], object]) -> float:
    search()
    times = []
    for _ in range(5):
        started = time.perf_counter()
        search()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


if __name__ == "__main__":
    raise SystemExit(main())
