"""Sweep how English questions are mapped to the reports' words (`retrieve/bridge.py`).

    python bench/bench_bridge.py [--sets samples conghai-fit units-fit series-fit] [--no-write]

For every answerable English question with an evidence passage, where the evidence's
chunk ranks in the search for the (mapped) question, for each setting of the grid: the
meaning-search hits whose words are candidates, and how far above a word's mean
similarity its rendering must stand (in standard deviations). Hits 0 is no mapping.
Chosen: the best share in the top 5 (what the evidence scorer mostly picks from), ties
to fewer hits, then the higher bar. `assistant/retrieve/bridge.py` holds it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.retrieve.bridge import bridge  # noqa: E402
from assistant.retrieve.candidates import TOP_K  # noqa: E402  (after the path fix above)
from bench.bench_devsets import open_devset  # noqa: E402
from bench.devsets import fitting_arguments, load  # noqa: E402
from bench.results import write_section  # noqa: E402
from evals.metrics import evidence_rank  # noqa: E402

HITS = (0, 10, 20, 40)
MIN_Z = (3.0, 3.5, 4.0, 4.5, 5.0)
DEPTHS = (1, 5, 16)
SETS = ("samples", "conghai-fit", "units-fit", "series-fit")


def main() -> int:
    parser = fitting_arguments(__doc__.splitlines()[0])
    parser.set_defaults(sets=list(SETS))
    args = parser.parse_args()
    grid = [(0, 0.0)] + [(hits, z) for hits in HITS if hits for z in MIN_Z]
    ranks: dict[tuple[int, float], list[int | None]] = {setting: [] for setting in grid}
    for name in args.sets:
        # Unmapped analyses: the sweep maps them itself, setting by setting.
        assistant = open_devset(name, args.work, virhe4qa=args.virhe4qa)
        assistant.bridge_hits = 0
        for question in load(name, virhe4qa_path=args.virhe4qa).questions:
            if question.lang != "en" or not question.expect.answerable:
                continue
            if not question.expect.evidence:
                continue
            analysis = assistant.analyse(question.question)
            for hits, min_z in grid:
                mapped = bridge(analysis, assistant.index, hits=hits, min_z=min_z)
                found = assistant.index.search(mapped.search_query, k=TOP_K)
                texts = [hit.chunk.text for hit in found]
                ranks[hits, min_z].append(evidence_rank(texts, question.expect.evidence))
        assistant.close()
    asked = len(ranks[grid[0]])
    shares = {s: [_share(r, depth) for depth in DEPTHS] for s, r in ranks.items()}
    chosen = max(grid, key=lambda s: (shares[s][1], -s[0], s[1]))
    lines = [
        f"{asked} answerable English questions of {', '.join(args.sets)}. Share whose "
        "evidence chunk is among the first 1 / 5 / 16 hits of the search for the mapped "
        "question. Chosen (bold): best top-5 share, then fewer hits, then the higher bar.",
        "",
        "| hits searched | min z | top 1 | top 5 | top 16 |",
        "|---|---|---|---|---|",
    ]
    for setting in grid:
        cells = [str(setting[0]), f"{setting[1]:.1f}", *(f"{v:.3f}" for v in shares[setting])]
        lines.append(_row(cells, bold=setting == chosen))
    command = "python bench/bench_bridge.py --sets " + " ".join(args.sets)
    print("\n".join(lines))
    if not args.no_write:
        title = "English questions in the reports' words"
        write_section("bridge", title, command, "\n".join(lines))
    return 0


def _share(ranks: Sequence[int | None], depth: int) -> float:
    return sum(1 for r in ranks if r is not None and r <= depth) / (len(ranks) or 1)


def _row(cells: Sequence[str], *, bold: bool) -> str:
    if bold:
        cells = [f"**{cell}**" for cell in cells]
    return "| " + " | ".join(cells) + " |"


if __name__ == "__main__":
    sys.exit(main())
