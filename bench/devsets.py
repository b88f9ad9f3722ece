"""Development corpora and their question sets, split by document before any question.

Families, each with a *fit* part (tune and train on it) and a *held* part (scored
once, at the end, for the first-sight number):

- ``samples``: the five sample reports and every set in ``evals/questions`` over them
  (all of those were tuned on, so the samples have no held part).
- ``conghai``: real documents of xã Công Hải in ``bench/data/conghai/text``; a document is
  held back when sha256 of its file stem is divisible by 3. Sets:
  ``evals/questions/conghai-fit*.jsonl`` and ``conghai-held*.jsonl``.
- ``units``: documents re-issued under wards, special zones and names that are words
  (``bench/reissue.py``; ``bench/data/units/fit`` and ``held``, split by source document).
  Sets: ``evals/questions/units-fit*.jsonl`` and ``units-held*.jsonl``.
- ``series``: one unit's report re-issued for other periods, figures moved
  (``bench/make_series.py``; ``bench/data/series/fit`` and ``held``, split by source
  document, held ones from Công Hải's held part only). Sets:
  ``evals/questions/series-fit*.jsonl`` and ``series-held*.jsonl``.
- ``tables`` (DOCX) and ``tablespdf`` (the same reports printed to PDF by LibreOffice):
  reports whose key figures sit only in tables (``bench/make_table_reports.py``;
  ``bench/data/tables/fit`` and ``held``, split by report before any question). Sets:
  ``evals/questions/tables-fit*.jsonl`` and ``tables-held*.jsonl`` serve both formats.
- ``virhe4qa``: ViRHE4QA university regulations, read from a path (research use only,
  never copied here); an article is held back when sha256 of its id is divisible by 5
  twice out of five (``% 5 < 2``). Its questions become evidence-only expectations: the
  cited passage must hold the gold answer span.

Every fitting part also gets a third of ``evals/questions/offtopic.jsonl`` (by sha256 of
the question id): questions no commune report answers (world facts, prices, forecasts),
written without seeing any report, so the abstention model meets plain off-topic
questions as well as near misses.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from evals.questions import Expectation, Question, load_questions

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "evals" / "questions"
CONGHAI = ROOT / "bench" / "data" / "conghai" / "text"
UNITS = ROOT / "bench" / "data" / "units"
SERIES = ROOT / "bench" / "data" / "series"
TABLES = ROOT / "bench" / "data" / "tables"
SAMPLES = ROOT / "samples" / "reports" / "text"
DEFAULT_VIRHE4QA = ROOT.parent / "shared" / "external" / "virhe4qa"
PARTS = ("fit", "held")
FITTING_SETS = ("samples", "conghai-fit", "virhe4qa-fit")
WORK = Path("/tmp/baocao-devsets")


@dataclass(frozen=True, slots=True)
class DevSet:
    """Documents to index and the questions asked over them."""

    name: str
    documents: tuple[tuple[str, str | bytes], ...]  # (file name, text or file bytes)
    questions: tuple[Question, ...]


def is_held_conghai(stem: str) -> bool:
    return int(hashlib.sha256(stem.encode()).hexdigest(), 16) % 3 == 0


def is_held_virhe4qa(article_id: str) -> bool:
    return int(hashlib.sha256(article_id.encode()).hexdigest(), 16) % 5 < 2


OFFTOPIC = QUESTIONS / "offtopic.jsonl"
# Which fitting part asks each off-topic question: sha256(id) % 3.
_OFFTOPIC_PART = {"samples": 0, "conghai-fit": 1, "virhe4qa-fit": 2}


def offtopic(name: str) -> tuple[Question, ...]:
    """The third of the off-topic questions asked over fitting part `name`."""
    part = _OFFTOPIC_PART.get(name)
    if part is None or not OFFTOPIC.exists():
        return ()
    return tuple(
        q
        for q in load_questions(OFFTOPIC)
        if int(hashlib.sha256(q.id.encode()).hexdigest(), 16) % 3 == part
    )


def samples() -> DevSet:
    documents = tuple((p.name, p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*")))
    names = [
        p
        for p in sorted(QUESTIONS.glob("*.jsonl"))
        if not p.stem.startswith(("conghai", "units", "series", "tables")) and p != OFFTOPIC
    ]
    questions = tuple(q for path in names for q in load_questions(path))
    return DevSet("samples", documents, questions + offtopic("samples"))


def conghai(part: str) -> DevSet:
    held = part == "held"
    documents = tuple(
        (p.name, p.read_text(encoding="utf-8"))
        for p in sorted(CONGHAI.glob("*.txt"))
        if is_held_conghai(p.stem) == held
    )
    questions = tuple(
        q for path in sorted(QUESTIONS.glob(f"conghai-{part}*.jsonl")) for q in load_questions(path)
    )
    name = f"conghai-{part}"
    return DevSet(name, documents, questions + offtopic(name))


def units(part: str) -> DevSet:
    return _generated("units", UNITS, part)


def series(part: str) -> DevSet:
    return _generated("series", SERIES, part)


def _generated(family: str, folder: Path, part: str) -> DevSet:
    """A family written by a bench script: `folder/part/*.txt` and its `family-part*` sets."""
    documents = tuple(
        (p.name, p.read_text(encoding="utf-8")) for p in sorted(folder.glob(f"{part}/*.txt"))
    )
    questions = tuple(
        q
        for path in sorted(QUESTIONS.glob(f"{family}-{part}*.jsonl"))
        for q in load_questions(path)
    )
    return DevSet(f"{family}-{part}", documents, questions)


def tables(part: str, *, suffix: str = ".docx") -> DevSet:
    """Reports with figures only in tables, as DOCX or (`suffix=".pdf"`) as printed PDF."""
    documents = tuple((p.name, p.read_bytes()) for p in sorted(TABLES.glob(f"{part}/*{suffix}")))
    questions = tuple(
        q for path in sorted(QUESTIONS.glob(f"tables-{part}*.jsonl")) for q in load_questions(path)
    )
    family = "tables" if suffix == ".docx" else "tablespdf"
    return DevSet(f"{family}-{part}", documents, questions)


def virhe4qa(part: str, folder: Path = DEFAULT_VIRHE4QA) -> DevSet:
    held = part == "held"
    articles = {
        row["_id"]: row["text"]
        for row in _jsonl(folder / "corpus.jsonl")
        if is_held_virhe4qa(row["_id"]) == held
    }
    questions = tuple(
        Question(
            id=row["id"],
            question=row["question"],
            lang=row.get("lang", "vi"),
            # "#" joins the parts of a multi-span answer: citing any part shows the passage.
            expect=Expectation(evidence=tuple(p.strip() for p in row["answer"].split("#"))),
        )
        for row in _jsonl(folder / "questions.jsonl")
        if row["doc"] in articles and row.get("answer_in_context", True)
    )
    documents = tuple((f"{key}.txt", text) for key, text in sorted(articles.items()))
    name = f"virhe4qa-{part}"
    return DevSet(name, documents, questions + offtopic(name))


def load(name: str, *, virhe4qa_path: Path = DEFAULT_VIRHE4QA) -> DevSet:
    """`samples`, or a family (`conghai`, `units`, `series`, `tables`, `tablespdf`,
    `virhe4qa`) + `-fit` or `-held`."""
    family, _, part = name.partition("-")
    if family == "samples":
        return samples()
    if part not in PARTS:
        raise ValueError(f"Unknown development set {name!r}")
    if family == "conghai":
        return conghai(part)
    if family == "virhe4qa":
        return virhe4qa(part, virhe4qa_path)
    if family == "units":
        return units(part)
    if family == "series":
        return series(part)
    if family == "tables":
        return tables(part)
    if family == "tablespdf":
        return tables(part, suffix=".pdf")
    raise ValueError(f"Unknown development set {name!r}")


def write_documents(dev: DevSet, folder: Path) -> Path:
    """The set's documents as files under `folder` (unchanged files are not rewritten)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in dev.documents:
        path = folder / name
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
    return folder


def _jsonl(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def fitting_arguments(description: str) -> argparse.ArgumentParser:
    """The options every fitting sweep shares: which sets, ViRHE4QA's path, the work folder."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sets", nargs="+", default=list(FITTING_SETS))
    parser.add_argument("--virhe4qa", type=Path, default=DEFAULT_VIRHE4QA)
    parser.add_argument("--work", type=Path, default=WORK, help="Indexes and caches.")
    parser.add_argument("--no-write", action="store_true", help="Print only.")
    return parser
