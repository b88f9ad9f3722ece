"""How alike two rows' columns must be to be one table, for the total-row rule (issue 14).

    python bench/bench_table_rows.py [tables-fit tablespdf-fit] [--no-write]

`assistant.evidence.table_rows.whole_table_row` answers a question that does not name
the chosen table row from the same table's total row. Rows write no name for an empty
cell, so "the same table" is "sharing SAME_TABLE_SHARE of their column names". Each
candidate share is set in this process only and the sets asked again over the same
index; "off" never finds a total row (the rule does nothing).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.evidence import table_rows  # noqa: E402  (after the path fix above)
from bench.bench_devsets import open_devset  # noqa: E402
from bench.devsets import DEFAULT_VIRHE4QA, WORK, load  # noqa: E402
from bench.results import write_section  # noqa: E402
from evals.run import run_questions  # noqa: E402

SHARES = {"off": 2.0, "1.0": 1.0, "0.8": 0.8, "0.6": 0.6, "0.4": 0.4}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", default=["tables-fit", "tablespdf-fit"])
    parser.add_argument("--work", type=Path, default=WORK, help="Indexes and caches.")
    parser.add_argument("--no-write", action="store_true", help="Print only.")
    args = parser.parse_args()
    shipped = table_rows.SAME_TABLE_SHARE
    rows = []
    for label, share in SHARES.items():
        table_rows.SAME_TABLE_SHARE = share
        cells = []
        for name in args.sets:
            dev = load(name, virhe4qa_path=DEFAULT_VIRHE4QA)
            assistant = open_devset(name, args.work, virhe4qa=DEFAULT_VIRHE4QA)
            summary = run_questions(assistant, dev.questions).summary
            assistant.close()
            cells.append(f"{round(summary.accuracy * len(dev.questions))}/{len(dev.questions)}")
        mark = " (shipped)" if share == shipped else ""
        rows.append(f"| {label}{mark} | " + " | ".join(cells) + " |")
        print(rows[-1], flush=True)
    table_rows.SAME_TABLE_SHARE = shipped
    report = "\n".join(
        [
            "Questions right with each share of column names two rows must have in common "
            "to be one table (same index, same models).",
            "",
            "| share | " + " | ".join(args.sets) + " |",
            "|---|" + "---|" * len(args.sets),
            *rows,
        ]
    )
    if not args.no_write:
        command = "python bench/bench_table_rows.py " + " ".join(args.sets)
        write_section("table-rows", "Total rows of a table (issue 14)", command, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
