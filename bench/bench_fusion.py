"""Sweep the dense/lexical fusion weights on the fitting sets' questions, per kind of query.

    python bench/bench_fusion.py [--sets samples conghai-fit virhe4qa-fit] [--no-write]

A question is Vietnamese with diacritics, Vietnamese typed without them, or foreign
(English: few of its words are in the index). For each kind, every weight of the grid
fuses the same dense and lexical candidate lists (as `index.search` does) and the share
of questions with an evidence chunk in the top 5 / top 20 is recorded. The chosen
weights (`index/fusion.py`) are the best top-5 of each kind; the curve goes to
bench/RESULTS.md.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_devsets import open_devset  # noqa: E402  (after the path fix above)
from bench.devsets import fitting_arguments, load  # noqa: E402
from bench.results import write_section  # noqa: E402
from evals.metrics import contains_evidence  # noqa: E402
from index.fusion import (  # noqa: E402
    DEFAULT_CANDIDATE_FACTOR,
    DEFAULT_MIN_CANDIDATES,
    fuse,
    query_kind,
)
from index.terms import accent_ratio  # noqa: E402

GRID = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
CUTOFFS = (5, 20)


def main() -> int:
    parser = fitting_arguments(__doc__.splitlines()[0])
    args = parser.parse_args()
    pool = max(20 * DEFAULT_CANDIDATE_FACTOR, DEFAULT_MIN_CANDIDATES)
    # kind -> weight -> cutoff -> hits; kind -> questions
    found: dict[str, dict[float, dict[int, int]]] = defaultdict(
        lambda: {w: dict.fromkeys(CUTOFFS, 0) for w in GRID}
    )
    asked: dict[str, int] = defaultdict(int)
    for name in args.sets:
        assistant = open_devset(name, args.work, virhe4qa=args.virhe4qa)
        index = assistant.index
        for question in load(name, virhe4qa_path=args.virhe4qa).questions:
            if not question.expect.answerable or not question.expect.evidence:
                continue
            text = question.question
            dense = {h.chunk.chunk_id: h for h in index.search(text, k=pool, mode="dense")}
            lexical = {h.chunk.chunk_id: h for h in index.search(text, k=pool, mode="lexical")}
            chunks = {**dense, **lexical}
            kind = query_kind(accent_ratio(text), index.known_fraction(text))
            asked[kind] += 1
            for weight in GRID:
                ranked = fuse(
                    {cid: h.score for cid, h in dense.items()},
                    {cid: h.score for cid, h in lexical.items()},
                    dense_weight=weight,
                )
                for cutoff in CUTOFFS:
                    top = [chunks[cid].chunk.text for cid, _ in ranked[:cutoff]]
                    if any(contains_evidence(t, question.expect.evidence) for t in top):
                        found[kind][weight][cutoff] += 1
        assistant.close()
    report = _report(found, asked)
    print(report)
    if not args.no_write:
        command = "python bench/bench_fusion.py --sets " + " ".join(args.sets)
        write_section("fusion", "Fusion weights per kind of question", command, report)
    return 0


def _report(found: dict[str, dict[float, dict[int, int]]], asked: dict[str, int]) -> str:
    lines = [
        "Share of answerable questions of the fitting sets with an evidence chunk in the "
        "fused top 5 / top 20, by the dense share of the fused score. **Bold**: the best "
        "top 5 of each kind (ties: the larger top 20), the value shipped in index/fusion.py.",
        "",
        "| dense weight | "
        + " | ".join(f"{kind} ({asked[kind]})" for kind in sorted(found))
        + " |",
        "|---|" + "---|" * len(found),
    ]
    best = {
        kind: max(GRID, key=lambda w, k=kind: (found[k][w][5], found[k][w][20], -abs(w - 0.5)))
        for kind in found
    }
    for weight in GRID:
        cells = []
        for kind in sorted(found):
            cell = (
                f"{found[kind][weight][5] / asked[kind]:.3f} / "
                f"{found[kind][weight][20] / asked[kind]:.3f}"
            )
            cells.append(f"**{cell}**" if best[kind] == weight else cell)
        lines.append(f"| {weight:.1f} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
