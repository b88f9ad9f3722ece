"""What the assistant remembers about the indexed corpus between questions.

Passages of every chunk and their term statistics are computed once per set of indexed
reports (not per question) and rebuilt when a report is added or deleted, including by
another process such as `baocao ingest` while the web app runs.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.passages import Passage, TermStats, split_passages
from index.types import ReportRecord
from ingest.types import Chunk


@dataclass(frozen=True, slots=True)
class Corpus:
    """Passages by chunk id, corpus-wide term weights, communes and document types."""

    key: tuple[str, ...]
    passages: dict[str, tuple[Passage, ...]]
    stats: TermStats
    communes: tuple[str, ...]
    doc_types: tuple[str, ...]
    sections: dict[tuple[str, tuple[str, ...]], tuple[str, ...]]

    def section_passages(self, chunk: Chunk) -> list[Passage]:
        """Passages of every chunk of `chunk`'s section (footnotes may sit in another)."""
        siblings = self.sections.get((chunk.report_id, chunk.labels), (chunk.chunk_id,))
        return [p for chunk_id in siblings for p in self.passages.get(chunk_id, ())]

    def passages_of(self, chunk: Chunk) -> tuple[Passage, ...]:
        """Cached passages of `chunk` (split on the fly if the index is newer)."""
        found = self.passages.get(chunk.chunk_id)
        return found if found is not None else tuple(split_passages(chunk))


def build_corpus(
    records: Sequence[ReportRecord], chunks: Sequence[Chunk], communes: Sequence[str]
) -> Corpus:
    passages = {chunk.chunk_id: tuple(split_passages(chunk)) for chunk in chunks}
    every = [passage for items in passages.values() for passage in items]
    sections: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for chunk in chunks:
        sections.setdefault((chunk.report_id, chunk.labels), []).append(chunk.chunk_id)
    return Corpus(
        key=corpus_key(records),
        passages=passages,
        stats=TermStats(every),
        communes=tuple(communes),
        doc_types=tuple(sorted({r.doc_type for r in records if r.doc_type})),
        sections={key: tuple(ids) for key, ids in sections.items()},
    )


def corpus_key(records: Sequence[ReportRecord]) -> tuple[str, ...]:
    return tuple(sorted(record.report_id for record in records))


class CorpusCache:
    """Thread-safe holder of the current `Corpus` (the web app answers concurrently)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._corpus: Corpus | None = None

    def get(self, key: tuple[str, ...]) -> Corpus | None:
        with self._lock:
            corpus = self._corpus
        return corpus if corpus is not None and corpus.key == key else None

    def put(self, corpus: Corpus) -> None:
        with self._lock:
            self._corpus = corpus

    def clear(self) -> None:
        with self._lock:
            self._corpus = None
