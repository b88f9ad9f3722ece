"""Candidates: the passages the evidence stage will score, with what it needs to score them.

Retrieval finds chunks; the answer is a sentence inside one. A letter's question often
names what is only in another section of it ("Where is the 24/3 meeting?" is answered by
"Địa điểm: …", the date sits under "Thời gian"), so the sections of the best-matching
short documents join the candidates too. Every candidate passage gets its vector (made at
ingest) and the rank of the retrieval hit that brought it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from assistant.corpus import Corpus
from assistant.passages import Passage
from assistant.retrieve.search import SWEEP_CHUNKS, SWEEP_K, SearchIndex, retrieve
from assistant.understand.analysis import QuestionAnalysis
from index.types import Hit, SearchFilters
from ingest.types import Chunk, is_header_part

Vectors = npt.NDArray[np.float32]

# Hits per question, and the reports whose sections all join the candidates: those of the
# first few hits, when short. All three chosen by bench/bench_candidates.py
# (bench/RESULTS.md, "Candidate passages"): recall 0.919 against 0.882 for 8/3/24; the
# refitted scorer's top passage moved -1.0 / -1.4 / +1.1 points (samples / Công Hải /
# ViRHE4QA), so the larger pool costs scoring time for ceiling, not yet for accuracy.
TOP_K = 16
EXPAND_REPORTS = 5
EXPAND_MAX_CHUNKS = 48
# A trend searches each report of the unit's series, newest first: at most this many
# periods (not swept: it caps how many periods one answer lists, two years of quarters),
# each report's SERIES_K best chunks. bench/RESULTS.md "Candidate passages over time": on
# series-fit (10 reports) every period's evidence is found even at 0, the top 16 holding
# the whole small series; 1 is kept as the floor for a large library, where the top 16
# cannot hold every period (not yet measured there).
SERIES_REPORTS = 8
SERIES_K = 1


class VectorIndex(SearchIndex, Protocol):
    """Search plus the vectors of passages and questions (`index.ReportIndex` has both)."""

    def passage_vectors(self, texts: list[str]) -> Vectors: ...
    def chunk_vectors(
        self, chunks: Sequence[Chunk], *, passages: Sequence[Sequence[str]] | None = None
    ) -> Vectors: ...
    def query_vector(self, text: str) -> Vectors: ...


@dataclass(frozen=True, slots=True)
class Candidates:
    """Passages to score, in retrieval order, with their vectors and provenance.

    `ranks[i]` is the position of the hit that brought passage i (a section added as a
    neighbour gets its report's best hit's position); `is_neighbour[i]` marks those.
    `chunk_vectors[i]` is the vector of passage i's whole chunk (with its breadcrumb).
    """

    hits: tuple[Hit, ...]
    passages: tuple[Passage, ...]
    ranks: tuple[int, ...]
    is_neighbour: tuple[bool, ...]
    vectors: Vectors
    chunk_vectors: Vectors
    query: Vectors

    def __len__(self) -> int:
        return len(self.passages)


def gather(
    index: VectorIndex,
    analysis: QuestionAnalysis,
    corpus: Corpus,
    *,
    top_k: int,
    filters: SearchFilters,
    expand_reports: int = EXPAND_REPORTS,
    expand_max_chunks: int = EXPAND_MAX_CHUNKS,
    sweep_k: int = SWEEP_K,
    sweep_chunks: int = SWEEP_CHUNKS,
    series_k: int = SERIES_K,
) -> Candidates:
    """Retrieve hits for `analysis`, add short reports' other sections, embed-lookup all.

    The sections of the first `expand_reports` reports among the hits join the
    candidates when the report has at most `expand_max_chunks` chunks.
    """
    hits = retrieve(
        index,
        analysis,
        top_k=top_k,
        communes=corpus.communes,
        filters=filters,
        sweep_k=sweep_k,
        sweep_chunks=sweep_chunks,
    )
    if analysis.intent == "trend":
        hits += _series_hits(index, analysis, corpus, hits, filters, k=series_k)
    passages: list[Passage] = []
    ranks: list[int] = []
    neighbour: list[bool] = []
    seen: set[str] = set()
    for rank, hit in enumerate(hits):
        seen.add(hit.chunk.chunk_id)
        for passage in corpus.passages_of(hit.chunk):
            passages.append(passage)
            ranks.append(rank)
            neighbour.append(False)
    for rank, chunk_passages in _neighbours(hits, corpus, seen, expand_reports, expand_max_chunks):
        for passage in chunk_passages:
            # Header and signature lines answer header questions only: the evidence model
            # was fitted on body passages; a date line does not say when a meeting was.
            if analysis.header_field is None and is_header_part(passage.chunk.labels):
                continue
            passages.append(passage)
            ranks.append(rank)
            neighbour.append(True)
    texts = [passage.text for passage in passages]
    chunks = list({passage.chunk.chunk_id: passage.chunk for passage in passages}.values())
    chunk_rows = {chunk.chunk_id: row for row, chunk in enumerate(chunks)}
    # Passages are cut as ingest cut them (`passage_texts`): no second cut for the vectors.
    chunk_vectors = index.chunk_vectors(
        chunks, passages=[[p.text for p in corpus.passages_of(chunk)] for chunk in chunks]
    )
    return Candidates(
        hits=tuple(hits),
        passages=tuple(passages),
        ranks=tuple(ranks),
        is_neighbour=tuple(neighbour),
        vectors=index.passage_vectors(texts),
        chunk_vectors=chunk_vectors[[chunk_rows[p.chunk.chunk_id] for p in passages]]
        if passages
        else chunk_vectors,
        query=index.query_vector(analysis.search_query),
    )


def _series_hits(
    index: VectorIndex,
    analysis: QuestionAnalysis,
    corpus: Corpus,
    hits: Sequence[Hit],
    filters: SearchFilters,
    *,
    k: int,
) -> list[Hit]:
    """The best chunks of each report of the unit's series, for a figure over time.

    A top-k over the whole corpus would hold the periods whose wording ranks highest, not
    every period's figure. The unit is the named one, else the best hit's.
    """
    unit = analysis.communes[0] if analysis.communes else None
    if unit is None and hits:
        unit = hits[0].chunk.metadata.commune
    if unit is None:
        return []
    seen = {hit.chunk.chunk_id for hit in hits}
    found: list[Hit] = []
    for record in corpus.series(unit, within=filters.period)[:SERIES_REPORTS]:
        report = SearchFilters(report_ids=(record.report_id,))
        for hit in index.search(analysis.search_query, k=k, filters=report):
            if hit.chunk.chunk_id not in seen and not is_header_part(hit.chunk.labels):
                seen.add(hit.chunk.chunk_id)
                found.append(hit)
    return found


def _neighbours(
    hits: Sequence[Hit], corpus: Corpus, seen: set[str], reports_limit: int, chunks_limit: int
) -> list[tuple[int, tuple[Passage, ...]]]:
    """(rank, passages) of the unseen chunks of the first short reports among the hits."""
    first: dict[str, int] = {}
    for rank, hit in enumerate(hits):
        first.setdefault(hit.chunk.report_id, rank)
    short = [
        (rank, report_id)
        for report_id, rank in list(first.items())[:reports_limit]
        if corpus.chunk_count(report_id) <= chunks_limit
    ]
    corpus.load(report_id for _, report_id in short)
    found: list[tuple[int, tuple[Passage, ...]]] = []
    for rank, report_id in short:
        part = corpus.report(report_id)
        for chunk_id, passages in part.passages.items() if part is not None else ():
            if chunk_id not in seen:
                seen.add(chunk_id)
                found.append((rank, passages))
    return found
