"""Which of a unit's chunks a list question's lexical sweep ranks first: by query.

    python bench/bench_sweep_pick.py [--work /tmp/provwork2] [--units 1000]

A "which units …" question sweeps every unit in one BM25 pass; at 1,000 units each unit
keeps its best chunk only (`assistant.retrieve.search.SWEEP_CHUNKS`), so that chunk must
hold the answer. For every Vietnamese question of the team set that names no unit, over
the province index bench_province.py built in `--work`, this ranks each unit's chunks by
two queries, the question as typed (`QuestionAnalysis.search_query`) and its concepts as
written (`sweep_query`), and counts, over the units holding the question's sample report,
where the first chunk holding the expected evidence ranks (figures blanked: the province's
reports change every figure).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.understand.analysis import analyse  # noqa: E402
from bench.province import (  # noqa: E402
    SAMPLE_UNITS,
    open_province,
    province_arguments,
    samples_of,
    unit_free_questions,
    unit_position,
)
from bench.results import write_section  # noqa: E402
from ingest.folding import fold  # noqa: E402

# Chunks kept per unit: the small scale's budget (SWEEP_K).
PER_UNIT = 8
QUERIES = ("search_query", "sweep_query")
_DIGITS = re.compile(r"\d+")


def main() -> int:
    args = province_arguments(__doc__.splitlines()[0]).parse_args()
    index = open_province(args.work, args.units)
    unit_of = {r.report_id: unit_position(r.source) for r in index.reports()}
    communes = index.communes()
    rows: list[tuple[str, dict[str, list[int]]]] = []
    for question, evidence, samples in _vietnamese_lists():
        holders = {i for i in range(args.units) if samples & set(samples_of(i))}
        analysis = analyse(question, communes=communes)
        ranks: dict[str, list[int]] = {}
        for name in QUERIES:
            swept = index.search_by_unit(
                getattr(analysis, name), k=PER_UNIT, mode="lexical", body_only=True
            )
            by_unit: dict[int, list[str]] = {}
            for hit in swept:
                by_unit.setdefault(unit_of[hit.chunk.report_id], []).append(_blank(hit.chunk.text))
            ranks[name] = [_rank(by_unit.get(unit, []), evidence) for unit in holders]
        rows.append((question, ranks))
    body = _table(rows, args.units)
    if args.no_write:
        print(body)
    else:
        command = f"python bench/bench_sweep_pick.py --work {args.work} --units {args.units}"
        write_section(
            "sweep-pick", "A unit's swept chunk: by the question or its concepts", command, body
        )
    index.close()
    return 0


def _vietnamese_lists() -> list[tuple[str, list[str], set[int]]]:
    """Vietnamese questions naming no unit: evidence (blanked) and the samples holding it."""
    return [
        (row["question"], [_without_sample_names(_blank(e)) for e in evidence], samples)
        for row, samples in unit_free_questions("vi")
        if (evidence := row["expect"]["evidence"])
    ]


def _without_sample_names(evidence: str) -> str:
    """The longest part of `evidence` naming no sample unit (the province renames them)."""
    pattern = "|".join(re.escape(fold(name)) for name in SAMPLE_UNITS)
    return max(re.split(pattern, evidence), key=len).strip()


def _blank(text: str) -> str:
    return " ".join(_DIGITS.sub("0", fold(text)).split())


def _rank(texts: list[str], evidence: list[str]) -> int:
    """Position of the first text holding any evidence; PER_UNIT if none does."""
    found = [i for i, text in enumerate(texts) if any(e in text for e in evidence)]
    return found[0] if found else PER_UNIT


def _table(rows: list[tuple[str, dict[str, list[int]]]], units: int) -> str:
    lines = [
        f"{len(rows)} Vietnamese questions naming no unit, {units:,} units. Per question, over "
        "the units holding the answer: the share whose first chunk holding the expected "
        f"evidence ranks first among the unit's {PER_UNIT} best by each query, and the share "
        f"where no chunk of the {PER_UNIT} holds it (the evidence as the team set quotes it; a "
        "unit may hold the answer in another sentence too).",
        "",
        "| question | units | first: search_query | first: sweep_query "
        f"| not in {PER_UNIT}: search_query | not in {PER_UNIT}: sweep_query |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for question, ranks in rows:
        first = [sum(r == 0 for r in ranks[n]) / len(ranks[n]) for n in QUERIES]
        absent = [sum(r == PER_UNIT for r in ranks[n]) / len(ranks[n]) for n in QUERIES]
        lines.append(
            f"| {question[:70]} | {len(ranks[QUERIES[0]]):,} | {first[0]:.2f} | {first[1]:.2f} "
            f"| {absent[0]:.2f} | {absent[1]:.2f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
