"""Read a BEIR-layout dataset: corpus, queries and (multi-gold) qrels of one split."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evals.errors import DatasetError


@dataclass(frozen=True, slots=True)
class Document:
    doc_id: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class Dataset:
    """`qrels` maps query id -> {document id: relevance grade}."""

    corpus: tuple[Document, ...]
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]


def load_dataset(path: str | Path, *, split: str) -> Dataset:
    """Read corpus.jsonl, queries-SPLIT.jsonl and qrels-SPLIT.tsv from `path`.

    Raises:
        DatasetError: a file is missing or malformed, or a qrel names an unknown document.
    """
    folder = Path(path)
    corpus = tuple(
        Document(str(row["_id"]), str(row.get("title", "")), str(row.get("text", "")))
        for row in _jsonl(_first(folder, ["corpus.jsonl"]))
    )
    if not corpus:
        raise DatasetError(f"{str(folder / 'corpus.jsonl')!r} has no documents")
    queries = {
        str(row["_id"]): str(row["text"])
        for row in _jsonl(_first(folder, [f"queries-{split}.jsonl", "queries.jsonl"]))
    }
    qrels_path = _first(folder, [f"qrels-{split}.tsv", f"qrels/{split}.tsv"])
    qrels = _qrels(qrels_path)
    known = {doc.doc_id for doc in corpus}
    unknown = sorted({doc for gold in qrels.values() for doc in gold} - known)
    if unknown:
        raise DatasetError(
            f"{str(qrels_path)!r} names {len(unknown)} document(s) not in corpus.jsonl, "
            f"e.g. {unknown[0]!r} - check the dataset is complete"
        )
    missing = sorted(set(qrels) - set(queries))
    if missing:
        raise DatasetError(f"{str(qrels_path)!r}: no query text for {missing[0]!r}")
    return Dataset(corpus=corpus, queries=queries, qrels=qrels)


def _first(folder: Path, names: list[str]) -> Path:
    for name in names:
        if (folder / name).is_file():
            return folder / name
    raise DatasetError(
        f"No {' or '.join(names)} in {str(folder)!r} - a BEIR-layout folder needs "
        "corpus.jsonl, queries-SPLIT.jsonl and qrels-SPLIT.tsv"
    )


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise DatasetError(f"{path}:{number}: not valid JSON ({err.msg})") from err
            if not isinstance(row, dict) or "_id" not in row:
                raise DatasetError(f"{path}:{number}: expected an object with '_id'")
            yield row


def _qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter="\t"), start=1):
            if not row or (number == 1 and row[0] == "query-id"):
                continue
            try:
                query_id, doc_id, grade = row[0], row[1], int(row[2])
            except (IndexError, ValueError) as err:
                raise DatasetError(
                    f"{path}:{number}: expected 'query-id<TAB>corpus-id<TAB>score'"
                ) from err
            qrels.setdefault(query_id, {})[doc_id] = grade
    if not qrels:
        raise DatasetError(f"{str(path)!r} has no relevance judgements")
    return qrels
