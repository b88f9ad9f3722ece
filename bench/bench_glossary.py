"""Does the general glossary help on documents it was not written for? (issue 11, point 4)

    python bench/bench_glossary.py conghai-held virhe4qa-held [--summary-only]

Asks each set twice over the same index: with the shipped glossary (synonym groups and
abbreviations) and with it emptied, everything else unchanged. (A table of compounds -
"bản" is not the "bản" of "văn bản" - was measured here too, gained nothing on any set,
and was removed.) The
glossary is emptied by replacing its tables in this process only: the assistant has no
switch for it, because it ships only when this measurement shows it helps.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.understand import concepts, glossary  # noqa: E402  (after the path fix above)
from bench.bench_devsets import open_devset  # noqa: E402
from bench.devsets import DEFAULT_VIRHE4QA, WORK, load  # noqa: E402
from bench.results import write_section  # noqa: E402
from evals.run import run_questions  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+")
    parser.add_argument("--virhe4qa", type=Path, default=DEFAULT_VIRHE4QA)
    parser.add_argument("--work", type=Path, default=WORK, help="Indexes and caches.")
    parser.add_argument("--no-write", action="store_true", help="Print only.")
    args = parser.parse_args()
    rows = []
    for name in args.sets:
        dev = load(name, virhe4qa_path=args.virhe4qa)
        scores = []
        for synonyms in (True, False):
            _set_glossary(synonyms=synonyms)
            assistant = open_devset(name, args.work, virhe4qa=args.virhe4qa)
            scores.append(run_questions(assistant, dev.questions).summary.accuracy)
            assistant.close()
        _set_glossary(synonyms=True)
        rows.append(
            f"| {name} | {len(dev.questions)} | {scores[0]:.3f} | "
            f"{scores[1]:.3f} ({scores[0] - scores[1]:+.3f}) |"
        )
        print(rows[-1], flush=True)
    report = "\n".join(
        [
            "Accuracy with the shipped glossary (synonym groups, abbreviations) and without "
            "it (in brackets: what the glossary gains); same index, same fitted models.",
            "",
            "| set | questions | shipped | no glossary |",
            "|---|---|---|---|",
            *rows,
        ]
    )
    if not args.no_write:
        command = "python bench/bench_glossary.py " + " ".join(args.sets)
        write_section("glossary", "General glossary: with and without", command, report)
    return 0


_SHIPPED = glossary.VIETNAMESE_SYNONYMS


def _set_glossary(*, synonyms: bool) -> None:
    table = _SHIPPED if synonyms else ()
    glossary.VIETNAMESE_SYNONYMS = table
    concepts.VIETNAMESE_SYNONYMS = table  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(main())
