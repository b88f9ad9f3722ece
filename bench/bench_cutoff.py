"""The abstention cut-off checked end to end: accuracy of whole answers at several cut-offs.

    python bench/bench_cutoff.py --sets samples conghai-fit --cutoffs 0.3 0.45 0.57 0.7

`fit_evidence.py` chooses the cut-off on P(answered) by a proxy: an answerable question
counts as right when its best passage holds the evidence. A whole answer can be right
with another passage first (its other quotes, its value lead) or wrong with the right
one first, so this runs the assistant over the fitting sets with each cut-off in turn and
scores the answers as `baocao eval` does. Fitting sets only: a held part is scored once.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.evidence.model import load_model  # noqa: E402  (after the path fix above)
from bench.bench_devsets import open_devset  # noqa: E402
from bench.devsets import fitting_arguments, load  # noqa: E402
from bench.results import write_section  # noqa: E402
from evals.run import run_questions  # noqa: E402


def main() -> int:
    parser = fitting_arguments(__doc__.splitlines()[0])
    parser.add_argument("--cutoffs", nargs="+", type=float, default=[0.3, 0.45, 0.57, 0.7])
    args = parser.parse_args()
    shipped = load_model()
    cutoffs = sorted({*args.cutoffs, shipped.answer_threshold})
    rows: dict[float, dict[str, str]] = {cutoff: {} for cutoff in cutoffs}
    for name in args.sets:
        questions = load(name, virhe4qa_path=args.virhe4qa).questions
        for cutoff in cutoffs:
            model = dataclasses.replace(shipped, answer_threshold=cutoff)
            assistant = open_devset(name, args.work, virhe4qa=args.virhe4qa, model=model)
            summary = run_questions(assistant, questions).summary
            assistant.close()
            rows[cutoff][name] = (
                f"{summary.accuracy:.3f} ({summary.false_abstentions} / "
                f"{_cell(summary.abstention)})"
            )
            print(f"{name} cut-off {cutoff:.2f}: {rows[cutoff][name]}", flush=True)
    report = _report(args.sets, rows, shipped.answer_threshold)
    print(report)
    if not args.no_write:
        command = "python bench/bench_cutoff.py --sets " + " ".join(args.sets)
        command += " --cutoffs " + " ".join(f"{c:g}" for c in args.cutoffs)
        write_section("cutoff-end-to-end", "Abstention cut-off, end to end", command, report)
    return 0


def _report(sets: list[str], rows: dict[float, dict[str, str]], shipped: float) -> str:
    lines = [
        "Accuracy of whole answers (as `baocao eval` scores them) at each cut-off on "
        "P(answered); in brackets, answerable questions abstained / share of unanswerables "
        f"abstained. Shipped cut-off in bold ({shipped:.2f}, from `fit_evidence.py`).",
        "",
        "| cut-off | " + " | ".join(sets) + " |",
        "|---|" + "---|" * len(sets),
    ]
    for cutoff, cells in rows.items():
        label = f"**{cutoff:.2f}**" if cutoff == shipped else f"{cutoff:.2f}"
        lines.append(f"| {label} | " + " | ".join(cells.get(s, "n/a") for s in sets) + " |")
    return "\n".join(lines)


def _cell(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    sys.exit(main())
