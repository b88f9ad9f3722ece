"""Question-set quality and answer latency over the sample reports, per file format.

    python bench/bench_questions.py [--formats text docx pdf] [--work /tmp/baocao-bench-q]

Indexes samples/reports/FORMAT (kept in --work, so a rerun only re-asks), runs every set
in evals/questions through `baocao eval`'s runner and writes the table to bench/RESULTS.md.
Only a blind set's *first* score (before anyone tuned on it) measures unseen questions:
see docs/question-sets.md for those.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402  (after the path fix above)
from bench.results import write_section  # noqa: E402
from evals.metrics import Summary  # noqa: E402
from evals.questions import load_questions  # noqa: E402
from evals.run import run_questions  # noqa: E402


def _shipped_sets() -> list[str]:
    """Every set in evals/questions: dev, team, holdout, then the blind sets in order."""
    # Công Hải sets are asked over their own documents (bench/bench_devsets.py).
    names = [
        path.stem
        for path in (ROOT / "evals" / "questions").glob("*.jsonl")
        if not path.stem.startswith("conghai")
    ]
    first = ["dev", "team", "holdout"]
    blind = sorted((n for n in names if n not in first), key=lambda n: (len(n), n))
    return [n for n in first if n in names] + blind


SETS = _shipped_sets()
COLUMNS = (
    ("accuracy", "accuracy"),
    ("evidence_cited", "evidence cited"),
    ("facts", "facts"),
    ("commune_recall", "commune recall"),
    ("abstention", "abstention"),
    ("hit_at_5", "hit@5"),
    ("mrr", "MRR"),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", nargs="+", default=["text", "docx", "pdf"])
    parser.add_argument("--sets", nargs="+", default=SETS)
    parser.add_argument("--work", type=Path, default=Path("/tmp/baocao-bench-questions"))
    parser.add_argument("--no-write", action="store_true", help="Print only; keep RESULTS.md.")
    args = parser.parse_args()
    rows: list[str] = []
    for fmt in args.formats:
        assistant = Assistant.open(args.work / fmt)
        summary = assistant.ingest([ROOT / "samples" / "reports" / fmt])
        if summary.failed:
            print(f"{fmt}: failed {summary.failed}", file=sys.stderr)
        for name in args.sets:
            questions = load_questions(ROOT / "evals" / "questions" / f"{name}.jsonl")
            run = run_questions(assistant, questions)
            rows.append(_row(name, fmt, run.summary))
            print(rows[-1], flush=True)
        assistant.close()
    body = _table(rows)
    if args.no_write:
        print(body)
    else:
        command = "python bench/bench_questions.py --formats " + " ".join(args.formats)
        write_section("questions", "Question sets over the sample reports", command, body)
    return 0


def _cell(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _row(name: str, fmt: str, summary: Summary) -> str:
    cells = " | ".join(_cell(getattr(summary, key)) for key, _ in COLUMNS)
    return (
        f"| {name} ({summary.questions}) | {fmt} | {cells} | {summary.false_abstentions} "
        f"| {summary.wrong_communes} | {summary.latency_p50_ms:.0f} "
        f"| {summary.latency_p95_ms:.0f} |"
    )


def _table(rows: list[str]) -> str:
    labels = " | ".join(label for _, label in COLUMNS)
    head = (
        f"| set (questions) | format | {labels} | false abstentions | wrong-commune answers "
        "| p50 ms | p95 ms |"
    )
    return "\n".join(
        [
            "Extractive answers (no LLM), default settings, one index per format over the same "
            "five reports. Latency is the wall time of `Assistant.ask` per question, index warm "
            "after the first question. Definitions: docs/question-sets.md.",
            "",
            "How far to trust each set: every set here has been used to find failure "
            "categories, so these figures are after tuning. The honest estimate for unseen "
            "questions is each blind set's first score, before anyone tuned on it: see the "
            "table in docs/question-sets.md (last two sets, on the final code: 0.948). "
            "Latencies were measured while other jobs shared the 2 cores.",
            "",
            head,
            "|" + "---|" * (len(COLUMNS) + 6),
            *rows,
        ]
    )


if __name__ == "__main__":
    sys.exit(main())
