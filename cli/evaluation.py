"""`baocao eval` (question sets, `--compare`) and `baocao eval-retrieval` (BEIR datasets)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from assistant.config import Settings
from evals.compare import compare_runs, load_run, render_comparison
from evals.errors import EvalError
from evals.questions import load_questions
from evals.report import render_html, render_text
from evals.run import EvalRun, QuestionAsker, run_questions
from index.embedders import Embedder


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add `eval` and `eval-retrieval`."""
    parser = subparsers.add_parser(
        "eval",
        parents=[common],
        help="Score the assistant on a question set (JSONL), or compare two saved runs.",
        description="Score the assistant on a question set; format: docs/question-sets.md.",
    )
    parser.add_argument("questions", nargs="?", metavar="QUESTIONS.jsonl")
    parser.add_argument(
        "--json", dest="json_out", metavar="OUT", help="Write the full run as JSON."
    )
    parser.add_argument("--html", dest="html_out", metavar="OUT", help="Write an HTML report.")
    parser.add_argument(
        "--compare", nargs=2, metavar=("A.json", "B.json"), help="Compare two saved runs."
    )
    parser.add_argument(
        "--failures-only", action="store_true", help="List only the questions that failed."
    )
    parser.set_defaults(handler=handle_eval)
    register_retrieval(subparsers, common)
    register_draft(subparsers, common)


def register_draft(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = subparsers.add_parser(
        "eval-draft",
        parents=[common],
        help="Draft questions from report files, or check a question set against them.",
        description="Draft a question set from reports (rewrite each question by hand), "
        "or with --check verify that every evidence string is in the reports. "
        "Guide: docs/question-sets.md.",
    )
    parser.add_argument("reports", nargs="+", metavar="REPORT", help="Report files.")
    parser.add_argument("--out", metavar="FILE", help="Write the drafts here (default: stdout).")
    parser.add_argument(
        "--per-report", type=int, default=15, metavar="N", help="Drafts per report."
    )
    parser.add_argument("--check", metavar="QUESTIONS.jsonl", help="Check this set instead.")
    parser.set_defaults(handler=handle_eval_draft)


def register_retrieval(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = subparsers.add_parser(
        "eval-retrieval",
        parents=[common],
        help="Retrieval metrics on a BEIR-layout dataset (corpus.jsonl, queries, qrels).",
    )
    parser.add_argument("dataset", metavar="DIR")
    parser.add_argument("--split", default="test", help="Split to score (default: test).")
    parser.add_argument(
        "--mode", choices=("hybrid", "dense", "lexical"), default="hybrid", help="Ranking to score."
    )
    parser.add_argument(
        "--strip-diacritics", action="store_true", help="Type the queries without diacritics."
    )
    parser.add_argument("--limit", type=int, metavar="N", help="Score only the first N queries.")
    parser.add_argument("--work-dir", metavar="DIR", help="Keep the throw-away index here.")
    parser.add_argument(
        "--cache",
        metavar="FILE",
        help="Embedding cache, so a rerun embeds nothing (default: ~/.cache/baocao/eval.sqlite).",
    )
    parser.add_argument("--json", dest="json_out", metavar="OUT", help="Write metrics as JSON.")
    parser.set_defaults(handler=handle_eval_retrieval)


def handle_eval(args: argparse.Namespace, settings: Settings) -> int:
    if args.compare:
        before, after = (load_run(path) for path in args.compare)
        print(render_comparison(compare_runs(before, after)))
        return 0
    if not args.questions:
        raise EvalError(
            "Give a question set (baocao eval QUESTIONS.jsonl) or --compare A.json B.json"
        )
    from assistant import Assistant  # imported here so `--compare` needs no index

    # Read-only: an evaluation may run while `baocao serve` holds the writer lock.
    assistant = Assistant.open(
        settings.index_dir, chroma_url=settings.chroma_url, settings=settings, read_only=True
    )
    info = {"index": settings.index_dir, "embedder": settings.embedder, "questions": args.questions}
    run_eval(args, assistant, info=info)
    return 0


def run_eval(
    args: argparse.Namespace,
    assistant: QuestionAsker,
    *,
    info: dict[str, str] | None = None,
    out: TextIO | None = None,
) -> EvalRun:
    """Load, run with a progress bar on stderr, print the report, write --json/--html."""
    questions = load_questions(args.questions)
    with tqdm(total=len(questions), desc="eval", unit="q", file=sys.stderr) as bar:
        run = run_questions(
            assistant, questions, progress=lambda done, total: _advance(bar), info=info
        )
    data = run.to_dict()
    # Files first: a run of minutes must survive a closed pipe (`| head`) on stdout.
    if args.json_out:
        _write(args.json_out, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    if args.html_out:
        _write(args.html_out, render_html(data, title=f"baocao eval — {Path(args.questions).name}"))
    print(render_text(data, only_failures=args.failures_only), file=out or sys.stdout)
    return run


def handle_eval_draft(args: argparse.Namespace, settings: Settings) -> int:
    from evals.drafting import draft_questions, missing_evidence
    from ingest import load_report

    reports = [load_report(path) for path in args.reports]
    if args.check:
        missing = missing_evidence(load_questions(args.check), reports)
        for qid, evidence in missing:
            print(f"{qid}: evidence not in any report: {evidence!r}")
        print(f"{len(missing)} evidence string(s) missing", file=sys.stderr)
        return 1 if missing else 0
    drafts = [
        draft for report in reports for draft in draft_questions(report, limit=args.per_report)
    ]
    for number, draft in enumerate(drafts, start=1):
        draft["id"] = f"draft-{number:03d}"  # unique across reports
    text = "".join(json.dumps(draft, ensure_ascii=False) + "\n" for draft in drafts)
    if args.out:
        _write(args.out, text)
    else:
        print(text, end="")
    return 0


def _advance(bar: Any) -> None:
    bar.update(1)


def handle_eval_retrieval(args: argparse.Namespace, settings: Settings) -> int:
    from index.embedders import default_embedder

    return run_eval_retrieval(args, default_embedder(settings.embedder))


def run_eval_retrieval(args: argparse.Namespace, embedder: Embedder) -> int:
    """Score one split of a BEIR dataset; prints the metrics, writes --json."""
    # Imported here: it pulls in Chroma, which `baocao --help` should not pay for.
    from evals.retrieval import evaluate_dataset, render_retrieval

    result = evaluate_dataset(
        args.dataset,
        split=args.split,
        mode=args.mode,
        strip_diacritics=args.strip_diacritics,
        limit=args.limit,
        work_dir=args.work_dir,
        embedder=embedder,
        cache_path=args.cache or default_cache_path(),
        progress=_progress_bar,
    )
    print(render_retrieval(result))
    if args.json_out:
        _write(args.json_out, json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n")
    return 0


def default_cache_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "baocao" / "eval.sqlite"


def _progress_bar(stage: str, done: int, total: int) -> None:
    # One bar per stage (embedding, querying), reused across calls of the same stage.
    bar: Any = _BARS.get(stage)
    if bar is None:
        bar = _BARS[stage] = tqdm(total=total, desc=stage, file=sys.stderr)
    bar.n = done
    bar.refresh()
    if done >= total:
        bar.close()
        del _BARS[stage]


_BARS: dict[str, Any] = {}


def _write(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as err:
        raise EvalError(
            f"Cannot write {path!r}: {err.strerror or err} - check the folder exists"
        ) from err
    print(f"wrote {path}", file=sys.stderr)
