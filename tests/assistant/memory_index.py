"""InMemoryIndex: a tiny index over hand-made chunks, ranking by shared folded words.

Implements the part of `index.ReportIndex` the assistant uses, so engine tests run in
milliseconds without Chroma or an embedder. It shares no meaning between languages:
English questions only work through the assistant's glossary expansion.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from index.chunk_vectors import compose_chunk_vectors
from index.types import Hit, ReportRecord, SearchFilters
from ingest.types import Chunk, Report, ReportMetadata, Section, is_header_part
from tests.fakes import HashEmbedder


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", _fold(text)))


def make_chunk(
    commune: str,
    text: str,
    *,
    labels: Sequence[str] = ("I", "1"),
    heading_path: Sequence[str] = ("KẾT QUẢ", "Kinh tế"),
    doc_type: str = "Báo cáo",
    date: str = "2026-05-20",
    ordinal: int = 0,
    unit_kind: str | None = "xã",
    period: str | None = None,
    title: str | None = None,
) -> Chunk:
    """A chunk of a one-unit report; the report id derives from the unit and period."""
    report_id = hashlib.sha256(f"{commune}{period or ''}".encode()).hexdigest()[:16]
    metadata = ReportMetadata(
        commune=commune,
        unit_kind=unit_kind,
        doc_type=doc_type,
        number="1/BC",
        date=date,
        period=period,
        title=title,
    )
    chunk_id = hashlib.sha256(f"{report_id}{labels}{text}".encode()).hexdigest()[:16]
    return Chunk(
        chunk_id=chunk_id,
        report_id=report_id,
        source=f"{_fold(commune).replace(' ', '_')}.docx",
        labels=tuple(labels),
        heading_path=tuple(heading_path),
        ordinal=ordinal,
        index=0,
        text=text,
        breadcrumb=f"Xã {commune} > {' > '.join(heading_path)}",
        metadata=metadata,
        page_start=1,
        page_end=1,
    )


class InMemoryIndex:
    """Ranks chunks by the number of folded words they share with the query.

    Passage and question vectors come from the injected embedder (`HashEmbedder` by
    default: no shared meaning, so dense similarity is noise and words decide).
    """

    def __init__(self, chunks: Iterable[Chunk], *, embedder: Any = None) -> None:
        self._chunks = list(chunks)
        self.searches: list[tuple[str, SearchFilters | None, str]] = []
        self._embedder = embedder or HashEmbedder()

    def passage_vectors(self, texts: list[str]) -> Any:
        return self._embedder.embed_passages(texts)

    def chunk_vectors(self, chunks: Sequence[Chunk], *, passages: Any = None) -> Any:
        return compose_chunk_vectors(
            chunks,
            self._embedder.embed_passages,
            dimension=self._embedder.dimension,
            passages=passages,
        )

    def query_vector(self, text: str) -> Any:
        return self._embedder.embed_query(text)

    def _allowed(self, chunk: Chunk, filters: SearchFilters | None) -> bool:
        if filters is None:
            return True
        meta = chunk.metadata
        date = meta.date or ""
        return (
            (not filters.communes or meta.commune in filters.communes)
            and (not filters.doc_types or meta.doc_type in filters.doc_types)
            and (not filters.report_ids or chunk.report_id in filters.report_ids)
            and filters.allows_number(meta.number)
            and filters.allows_period(meta.period, meta.date, title=meta.title)
            and (filters.date_from is None or date >= filters.date_from)
            and (filters.date_to is None or date <= filters.date_to)
        )

    def search(
        self,
        query: str,
        *,
        k: int = 10,
        filters: SearchFilters | None = None,
        mode: str = "hybrid",
    ) -> list[Hit]:
        self.searches.append((query, filters, mode))
        wanted = _words(query)
        scored = [
            (len(wanted & _words(chunk.embedding_text)) / (len(wanted) or 1), chunk)
            for chunk in self._chunks
            if self._allowed(chunk, filters)
        ]
        scored = [item for item in scored if item[0] > 0]
        scored.sort(key=lambda item: item[0], reverse=True)
        return [Hit(chunk, score, lexical_score=score) for score, chunk in scored[:k]]

    def search_by_unit(
        self,
        query: str,
        *,
        k: int,
        filters: SearchFilters | None = None,
        max_chunks: int | None = None,
        mode: str = "lexical",
        body_only: bool = False,
    ) -> list[Hit]:
        """Each unit's best `k` by shared words, recorded as one search ("by_unit", or
        "by_unit_dense" for a sweep by meaning, which this index scores by words too)."""
        self.searches.append((query, filters, "by_unit" if mode == "lexical" else "by_unit_dense"))
        wanted = _words(query)
        by_unit: dict[str, list[tuple[float, Chunk]]] = {}
        for chunk in self._chunks:
            score = len(wanted & _words(chunk.embedding_text)) / (len(wanted) or 1)
            if body_only and is_header_part(chunk.labels):
                continue
            if score > 0 and chunk.metadata.commune and self._allowed(chunk, filters):
                by_unit.setdefault(chunk.metadata.commune, []).append((score, chunk))
        ranked = sorted(by_unit.values(), key=lambda found: -max(s for s, _ in found))
        if max_chunks is not None:
            k = max(1, min(k, max_chunks // max(len(ranked), 1)))
        return [
            Hit(chunk, score, lexical_score=score)
            for found in ranked
            for score, chunk in sorted(found, key=lambda item: -item[0])[:k]
        ]

    def chunks(self, *, filters: SearchFilters | None = None) -> list[Chunk]:
        return [chunk for chunk in self._chunks if self._allowed(chunk, filters)]

    def communes(self) -> list[str]:
        return sorted({c.metadata.commune for c in self._chunks if c.metadata.commune})

    def reports(self) -> list[ReportRecord]:
        first: dict[str, Chunk] = {}
        for chunk in self._chunks:
            first.setdefault(chunk.report_id, chunk)
        return [
            ReportRecord(
                report_id=rid,
                source=chunk.source,
                commune=chunk.metadata.commune,
                doc_type=chunk.metadata.doc_type,
                number=chunk.metadata.number,
                date=chunk.metadata.date,
                title=None,
                period=chunk.metadata.period,
                sections=1,
                chunks=sum(1 for c in self._chunks if c.report_id == rid),
            )
            for rid, chunk in first.items()
        ]

    def report(self, report_id: str) -> Report:
        chunks = [c for c in self._chunks if c.report_id == report_id]
        sections = tuple(
            Section(report_id, n, c.labels, c.heading_path, c.heading_path[-1], c.text)
            for n, c in enumerate(chunks)
        )
        return Report(report_id, chunks[0].source, "docx", chunks[0].metadata, sections)

    def delete(self, report_id: str) -> None:
        self._chunks = [c for c in self._chunks if c.report_id != report_id]

    def add(self, chunks: Iterable[Chunk]) -> None:
        self._chunks.extend(chunks)

    def ingest(self, paths: Iterable[str | Path], *, progress: Any = None) -> Any:
        raise NotImplementedError("InMemoryIndex holds hand-made chunks; use add()")

    def close(self) -> None:
        self._chunks = []
