"""Sweep how candidates are gathered: hits per question and neighbour sections.

    python bench/bench_candidates.py [--sets samples conghai-fit virhe4qa-fit] [--no-write]

For every answerable question of the fitting sets, the share whose evidence passage is
among the candidates (the ceiling of any scorer) and the mean number of candidate
passages (what scoring costs), for each setting of the grid. Chosen: the setting with the
fewest candidates within one point of the best recall (bench/RESULTS.md, "Candidate
passages"); `assistant/retrieve/candidates.py` and `Settings.top_k` hold it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.retrieve.candidates import TOP_K, gather  # noqa: E402  (after the path fix above)
from bench.bench_devsets import open_devset  # noqa: E402
from bench.devsets import fitting_arguments, load  # noqa: E402
from bench.results import write_section  # noqa: E402
from evals.metrics import contains_evidence  # noqa: E402

# (hits per question, reports expanded, their largest chunk count)
GRID = (
    (8, 0, 0),
    (8, 3, 24),
    (8, 5, 24),
    (8, 3, 48),
    (12, 3, 24),
    (16, 3, 24),
    (16, 5, 48),
)


# Chunks per unit swept for a list question.
SWEEPS = (0, 2, 4, 8)


def main() -> int:
    parser = fitting_arguments(__doc__.splitlines()[0])
    parser.add_argument(
        "--units", action="store_true", help="Sweep the chunks per unit of list questions."
    )
    args = parser.parse_args()
    if args.units:
        return sweep_units(args)
    found = dict.fromkeys(GRID, 0)
    sizes = dict.fromkeys(GRID, 0)
    asked = 0
    for name in args.sets:
        assistant = open_devset(name, args.work, virhe4qa=args.virhe4qa)
        corpus = assistant.corpus()
        for question in load(name, virhe4qa_path=args.virhe4qa).questions:
            if not question.expect.answerable or not question.expect.evidence:
                continue
            asked += 1
            analysis = assistant.analyse(question.question)
            for setting in GRID:
                top_k, reports, chunks = setting
                candidates = gather(
                    assistant.index,
                    analysis,
                    corpus,
                    top_k=top_k,
                    filters=analysis.filters,
                    expand_reports=reports,
                    expand_max_chunks=chunks,
                )
                sizes[setting] += len(candidates)
                if any(
                    contains_evidence(p.text, question.expect.evidence) for p in candidates.passages
                ):
                    found[setting] += 1
        assistant.close()
    best = max(found.values())
    chosen = min((s for s in GRID if found[s] >= best - 0.01 * asked), key=lambda s: sizes[s])
    lines = [
        f"{asked} answerable questions of {', '.join(args.sets)}. Recall: the evidence "
        "passage is among the candidates. Chosen (bold): fewest candidates within one "
        "point of the best recall.",
        "",
        "| hits | reports expanded | up to chunks | recall | candidates per question |",
        "|---|---|---|---|---|",
    ]
    for setting in GRID:
        recall, size = found[setting] / asked, sizes[setting] / asked
        cells = f"{setting[0]} | {setting[1]} | {setting[2]} | {recall:.3f} | {size:.0f}"
        lines.append(
            f"| **{cells.replace(' | ', '** | **')}** |" if setting == chosen else f"| {cells} |"
        )
    report = "\n".join(lines)
    print(report)
    if not args.no_write:
        command = "python bench/bench_candidates.py --sets " + " ".join(args.sets)
        write_section("candidates", "Candidate passages", command, report)
    return 0


def sweep_units(args: argparse.Namespace) -> int:
    """For list questions: each expected unit's evidence among the candidates, per sweep."""
    found = dict.fromkeys(SWEEPS, 0)
    sizes = dict.fromkeys(SWEEPS, 0)
    wanted = questions = 0
    for name in args.sets:
        assistant = open_devset(name, args.work, virhe4qa=args.virhe4qa)
        corpus = assistant.corpus()
        for question in load(name, virhe4qa_path=args.virhe4qa).questions:
            analysis = assistant.analyse(question.question)
            evidence = question.expect.evidence
            if analysis.intent != "which" or len(question.expect.communes) < 2 or not evidence:
                continue
            questions += 1
            wanted += len(evidence)
            for sweep in SWEEPS:
                candidates = gather(
                    assistant.index,
                    analysis,
                    corpus,
                    top_k=TOP_K,
                    filters=analysis.filters,
                    sweep_k=sweep,
                )
                sizes[sweep] += len(candidates)
                found[sweep] += sum(
                    any(contains_evidence(p.text, [item]) for p in candidates.passages)
                    for item in evidence
                )
        assistant.close()
    best = max(found.values())
    chosen = min((k for k in SWEEPS if found[k] >= best - 0.01 * wanted), key=lambda k: sizes[k])
    lines = [
        f"{questions} list questions naming two or more units ({wanted} evidence strings) of "
        f"{', '.join(args.sets)}. Recall: an evidence string is among the candidates. Chosen "
        "(bold): fewest candidates within one point of the best recall.",
        "",
        "| chunks per unit | recall | candidates per question |",
        "|---|---|---|",
    ]
    for sweep in SWEEPS:
        recall, size = found[sweep] / max(wanted, 1), sizes[sweep] / max(questions, 1)
        cells = f"{sweep} | {recall:.3f} | {size:.0f}"
        lines.append(
            f"| **{cells.replace(' | ', '** | **')}** |" if sweep == chosen else f"| {cells} |"
        )
    report = "\n".join(lines)
    print(report)
    if not args.no_write:
        command = "python bench/bench_candidates.py --units --sets " + " ".join(args.sets)
        write_section("candidates-units", "Candidate passages of list questions", command, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
