"""Chunks read by id: from Chroma, and from the index's local copies.

    python bench/bench_chunk_reads.py [--work /tmp/provwork2] [--units 1000]

A "which units …" question over a province reads about a thousand chunks by id (each
unit's best, `index/unit_sweep.py`). Over the province index bench_province.py built in
`--work`, this times reading 1,000 chunk ids drawn at random (seeded), several draws,
straight from Chroma and through the store with its copies (`index/chunk_copies.py`).
An index built before chunks were copied has its copies filled first, from the store,
timed: what copying costs an ingest of that many chunks.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.collector import tune_collector  # noqa: E402
from bench.province import open_province, province_arguments  # noqa: E402
from bench.results import write_section  # noqa: E402
from index.chunk_copies import COPIES_FILE, ChunkCopies  # noqa: E402
from index.registry import Registry  # noqa: E402
from index.store import ChromaStore, connect  # noqa: E402
from ingest.types import Chunk  # noqa: E402

DRAWS = 10
PER_DRAW = 1000


def main() -> int:
    args = province_arguments(__doc__.splitlines()[0]).parse_args()
    tune_collector()  # as `baocao` does when it starts
    folder = args.work / str(args.units) / "index"
    index = open_province(args.work, args.units)
    ids = sorted(cid for entry in Registry.load(folder).entries.values() for cid in entry.chunk_ids)
    fill_s = _fill(folder, index.store, ids)
    plain = ChromaStore(
        connect(path=folder / "chroma", url=None),
        embedder=index.embedder,
        where=str(folder),
        is_read_only=True,
    )
    rng = random.Random(15)
    draws = [rng.sample(ids, PER_DRAW) for _ in range(DRAWS)]
    chroma = _times(lambda draw: plain.get(ids=draw), draws)
    copied = _times(lambda draw: index.store.get(ids=draw), draws)
    index.close()
    body = _table(len(ids), fill_s, chroma, copied)
    if args.no_write:
        print(body)
    else:
        command = f"python bench/bench_chunk_reads.py --work {args.work} --units {args.units}"
        write_section("chunk-reads", "Chunks read by id", command, body)
    return 0


def _fill(folder: Path, store: ChromaStore, ids: list[str]) -> float | None:
    """Seconds copying every chunk into an index built without copies (None: it had them)."""
    copies = ChunkCopies(folder / COPIES_FILE, is_read_only=False)
    try:
        if len(copies.get(ids[:PER_DRAW])) == PER_DRAW:
            return None
        chunks: list[Chunk] = []
        for start in range(0, len(ids), 2000):
            chunks.extend(store.get(ids=ids[start : start + 2000]))
        started = time.perf_counter()
        for start in range(0, len(chunks), 500):
            copies.put(chunks[start : start + 500])
        return time.perf_counter() - started
    finally:
        copies.close()


def _times(read: Callable[[list[str]], list[Chunk]], draws: list[list[str]]) -> list[float]:
    out = []
    for draw in draws:
        started = time.perf_counter()
        chunks = read(draw)
        out.append((time.perf_counter() - started) * 1000)
        assert len(chunks) == len(draw), "a drawn chunk was not found"
    return out


def _table(chunks: int, fill_s: float | None, chroma: list[float], copied: list[float]) -> str:
    filled = (
        "The copies were there (written by the ingest)."
        if fill_s is None
        else f"The index was built before chunks were copied: copying all {chunks:,} took "
        f"{fill_s:.1f} s (what copying adds to an ingest of that many chunks)."
    )
    return "\n".join(
        [
            f"{DRAWS} draws of {PER_DRAW:,} random chunk ids out of {chunks:,}; the first "
            "draw is the first read after opening. " + filled,
            "",
            "| read from | first draw | p50 | max |",
            "|---|---:|---:|---:|",
            *(
                f"| {name} | {times[0]:,.0f} ms | {statistics.median(times):,.0f} ms | "
                f"{max(times):,.0f} ms |"
                for name, times in (("Chroma", chroma), ("the copies", copied))
            ),
        ]
    )


if __name__ == "__main__":
    raise SystemExit(main())
