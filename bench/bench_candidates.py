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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

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
# Chunks per report of a unit's series searched for a trend question.
SERIES_SWEEPS = (0, 1, 2, 3, 5)


def main() -> int:
    parser = fitting_arguments(__doc__.splitlines()[0])
    parser.add_argument(
        "--units", action="store_true", help="Sweep the chunks per unit of list questions."
    )
    parser.add_argument(
        "--series", action="store_true", help="Sweep the chunks per report of trend questions."
    )
    args = parser.parse_args()
    if args.units:
        return sweep_units(args)
    if args.series:
        return sweep_series(args)
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
    chosen = _fewest_within_a_point(found, sizes, asked)
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
        cells = [*map(str, setting), f"{recall:.3f}", f"{size:.0f}"]
        lines.append(_row(cells, bold=setting == chosen))
    command = "python bench/bench_candidates.py --sets " + " ".join(args.sets)
    return _publish(lines, args, "candidates", "Candidate passages", command)


def sweep_units(args: argparse.Namespace) -> int:
    """For list questions: each expected unit's evidence among the candidates, per sweep."""
    lines = _sweep_evidence(
        args,
        is_asked=lambda analysis, question: (
            analysis.intent == "which" and len(question.expect.communes) >= 2
        ),
        option="sweep_k",
        sweeps=SWEEPS,
    )
    lines[0] = lines[0].replace("QUESTIONS", "list questions naming two or more units")
    lines[2] = lines[2].replace("SETTING", "chunks per unit")
    command = "python bench/bench_candidates.py --units --sets " + " ".join(args.sets)
    title = "Candidate passages of list questions"
    return _publish(lines, args, "candidates-units", title, command)


def sweep_series(args: argparse.Namespace) -> int:
    """For trend questions: each period's evidence among the candidates, per chunks/report."""
    lines = _sweep_evidence(
        args,
        is_asked=lambda analysis, _question: analysis.intent == "trend",
        option="series_k",
        sweeps=SERIES_SWEEPS,
    )
    lines[0] = lines[0].replace("QUESTIONS", "trend questions")
    lines[2] = lines[2].replace("SETTING", "chunks per report")
    command = "python bench/bench_candidates.py --series --sets " + " ".join(args.sets)
    return _publish(lines, args, "candidates-series", "Candidate passages over time", command)


def _sweep_evidence(
    args: argparse.Namespace,
    *,
    is_asked: Callable[[Any, Any], bool],
    option: str,
    sweeps: Sequence[int],
) -> list[str]:
    """Recall of every evidence string of the asked questions, per value of `option`."""
    found = dict.fromkeys(sweeps, 0)
    sizes = dict.fromkeys(sweeps, 0)
    wanted = questions = 0
    for name in args.sets:
        assistant = open_devset(name, args.work, virhe4qa=args.virhe4qa)
        corpus = assistant.corpus()
        for question in load(name, virhe4qa_path=args.virhe4qa).questions:
            analysis = assistant.analyse(question.question)
            evidence = question.expect.evidence
            if not evidence or not is_asked(analysis, question):
                continue
            questions += 1
            wanted += len(evidence)
            for sweep in sweeps:
                candidates = gather(
                    assistant.index,
                    analysis,
                    corpus,
                    top_k=TOP_K,
                    filters=analysis.filters,
                    **{option: sweep},
                )
                sizes[sweep] += len(candidates)
                found[sweep] += sum(
                    any(contains_evidence(p.text, [item]) for p in candidates.passages)
                    for item in evidence
                )
        assistant.close()
    chosen = _fewest_within_a_point(found, sizes, wanted)
    lines = [
        f"{questions} QUESTIONS ({wanted} evidence strings) of {', '.join(args.sets)}. Recall: "
        "an evidence string is among the candidates. Chosen (bold): fewest candidates within "
        "one point of the best recall.",
        "",
        "| SETTING | recall | candidates per question |",
        "|---|---|---|",
    ]
    for sweep in sweeps:
        recall, size = found[sweep] / max(wanted, 1), sizes[sweep] / max(questions, 1)
        lines.append(_row([str(sweep), f"{recall:.3f}", f"{size:.0f}"], bold=sweep == chosen))
    return lines


def _fewest_within_a_point(found: dict[Any, int], sizes: dict[Any, int], total: int) -> Any:
    """The setting with the fewest candidates whose recall is within one point of the best."""
    best = max(found.values())
    return min((k for k in found if found[k] >= best - 0.01 * total), key=lambda k: sizes[k])


def _row(cells: Sequence[str], *, bold: bool) -> str:
    return "| " + " | ".join(f"**{cell}**" if bold else cell for cell in cells) + " |"


def _publish(
    lines: Sequence[str], args: argparse.Namespace, section: str, title: str, command: str
) -> int:
    report = "\n".join(lines)
    print(report)
    if not args.no_write:
        write_section(section, title, command, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
