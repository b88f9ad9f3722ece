"""Counting a phrase's passages over a province: a look in each candidate, or one scan.

    python bench/bench_phrase_count.py [--work /tmp/provwork] [--units 1000]

The term statistics count in how many passages each phrase of a question occurs (its
weight). The passages holding all of a phrase's words are the candidates; the phrase is
then looked for in each candidate's span of the folded texts (`TextColumn.holding`), or
else found by one scan of all the folded bytes (how `holding` worked beyond 20,000
candidates until this was measured). Phrases: every two-word phrase and word pair of the
province bench's questions with at least 5,000 candidates, over the largest segment of
the index bench_province.py built in `--work`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402  (after the path fix above)
from assistant.evidence.features import question_bigrams  # noqa: E402
from assistant.term_segment import Segment  # noqa: E402
from assistant.term_store import term_stats_folder  # noqa: E402
from bench.bench_province import province_questions  # noqa: E402
from bench.province import TemplateEmbedder, make_units  # noqa: E402
from bench.results import write_section  # noqa: E402
from index import ReportIndex  # noqa: E402

MIN_CANDIDATES = 5_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/provwork"))
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--no-write", action="store_true", help="Print only.")
    args = parser.parse_args()
    folder = args.work / str(args.units) / "index"
    generated = make_units(args.units + 1)
    assistant = Assistant(
        ReportIndex.open(folder, embedder=TemplateEmbedder(generated)),
        cache_dir=term_stats_folder(folder),
    )
    corpus = assistant.corpus()
    segment = max((part.segment for part in corpus.stats.parts), key=len)
    phrases: set[str] = set()
    for asked in province_questions(generated[: args.units], facts=40).values():
        for question, _ in asked:
            analysis = assistant.analyse(question)
            phrases |= {
                phrase
                for concept in analysis.concepts
                for phrase in concept.phrases
                if " " in phrase and phrase[:1].isalnum()
            }
            phrases |= set(question_bigrams(analysis))
    rows = [_timed(segment, phrase) for phrase in sorted(phrases)]
    rows = sorted(row for row in rows if row[0] >= MIN_CANDIDATES)
    body = _table(rows, len(segment), len(segment.folded.data))
    if args.no_write:
        print(body)
    else:
        command = f"python bench/bench_phrase_count.py --work {args.work} --units {args.units}"
        write_section("phrase-count", "Counting a phrase's passages", command, body)
    assistant.close()
    return 0


def _timed(segment: Segment, phrase: str) -> tuple[int, float, float, str]:
    candidates = segment.passages_with_words(phrase.split()).tolist()
    needle = f" {phrase} ".encode()
    started = time.perf_counter()
    looked = segment.folded.holding([needle], candidates)
    look = time.perf_counter() - started
    started = time.perf_counter()
    scanned = _scan(segment, needle, candidates)
    scan = time.perf_counter() - started
    assert looked == scanned, phrase
    return len(candidates), look * 1000, scan * 1000, phrase


def _scan(segment: Segment, needle: bytes, candidates: list[int]) -> list[int]:
    """One pass over all the folded bytes, then the candidates among the texts hit."""
    data, positions = segment.folded.data, []
    at = data.find(needle)
    while at != -1:
        positions.append(at)
        at = data.find(needle, at + 1)
    hit = segment.folded.numbers_at(positions)
    kept: list[int] = np.intersect1d(hit, np.asarray(candidates, dtype=np.int64)).tolist()
    return kept


def _table(rows: list[tuple[int, float, float, str]], passages: int, size: int) -> str:
    lines = [
        "| candidates | phrases | look in each: median ms | one scan: median ms | look faster |",
        "|---|---:|---:|---:|---:|",
    ]
    for low, high in ((5_000, 20_000), (20_000, 50_000), (50_000, 10**9)):
        band = [row for row in rows if low <= row[0] < high]
        if not band:
            continue
        faster = sum(row[1] < row[2] for row in band)
        label = f"{low:,}-{high:,}" if high < 10**9 else f"{low:,}+"
        lines.append(
            f"| {label} | {len(band)} | {statistics.median(r[1] for r in band):.1f} | "
            f"{statistics.median(r[2] for r in band):.1f} | {faster}/{len(band)} |"
        )
    worst = max(rows, key=lambda row: row[1])
    note = (
        f"Largest segment: {passages:,} passages, {size / 1e6:.0f} MB folded. Slowest look: "
        f"{worst[3]!r}, {worst[0]:,} candidates, {worst[1]:.0f} ms (scan {worst[2]:.0f} ms). "
        "Chosen: always look in each candidate (the scan path was removed)."
    )
    return "\n".join(lines) + "\n\n" + note


if __name__ == "__main__":
    raise SystemExit(main())
