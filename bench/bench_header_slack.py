"""How far past the top-k a search must reach so header chunks do not take body hits' places.

    python bench/bench_header_slack.py [--sets samples conghai-fit virhe4qa-fit units-fit]

Since issue 12 every report has two extra chunks, its header and its closing block; they
answer header questions only, so for every other question the search fetches
`TOP_K + slack` hits and drops them. For each slack this counts the questions whose
remaining body hits fall short of `TOP_K` (the pool the evidence model was fitted on).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.retrieve.candidates import TOP_K  # noqa: E402  (after the path fix above)
from bench.bench_devsets import open_devset  # noqa: E402
from bench.devsets import DEFAULT_VIRHE4QA, WORK, load  # noqa: E402
from bench.results import write_section  # noqa: E402
from ingest.types import is_header_part  # noqa: E402

SLACKS = (0, 2, 4, 8, 16)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sets", nargs="+", default=["samples", "conghai-fit", "virhe4qa-fit", "units-fit"]
    )
    parser.add_argument("--virhe4qa", type=Path, default=DEFAULT_VIRHE4QA)
    parser.add_argument("--work", type=Path, default=WORK, help="Indexes and caches.")
    parser.add_argument("--no-write", action="store_true", help="Print only.")
    args = parser.parse_args()
    short = dict.fromkeys(SLACKS, 0)
    header_hits = 0
    questions = 0
    for name in args.sets:
        assistant = open_devset(name, args.work, virhe4qa=args.virhe4qa)
        for question in load(name, virhe4qa_path=args.virhe4qa).questions:
            analysis = assistant.analyse(question.question)
            if analysis.header_field is not None:
                continue
            hits = assistant.index.search(analysis.search_query, k=TOP_K + max(SLACKS))
            flags = [is_header_part(hit.chunk.labels) for hit in hits]
            header_hits += sum(flags[:TOP_K])
            questions += 1
            for slack in SLACKS:
                body = len(flags[: TOP_K + slack]) - sum(flags[: TOP_K + slack])
                short[slack] += body < min(TOP_K, len(hits) - sum(flags))
        assistant.close()
    rows = [f"| {slack} | {short[slack]} | {short[slack] / questions:.3f} |" for slack in SLACKS]
    body = "\n".join(
        [
            f"{questions} questions that are not header questions ({', '.join(args.sets)}); "
            f"header and closing chunks are {header_hits / questions:.2f} of the top {TOP_K} "
            "hits on average. Short: fewer than "
            f"{TOP_K} body hits remain after dropping them (where the index has that many).",
            "",
            "| slack | questions short | share |",
            "|---|---|---|",
            *rows,
        ]
    )
    print(body)
    if not args.no_write:
        command = "python bench/bench_header_slack.py --sets " + " ".join(args.sets)
        write_section("header-slack", "Header chunks and the search's reach", command, body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
