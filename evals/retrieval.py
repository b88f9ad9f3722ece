"""Retrieval metrics on BEIR-layout datasets with the real index components.

A dataset folder holds `corpus.jsonl` (`{"_id", "title", "text"}`), `queries-SPLIT.jsonl`
(`{"_id", "text"}`) and `qrels-SPLIT.tsv` (`query-id, corpus-id, score`, with a header;
several gold documents per query are allowed). The standard BEIR names `queries.jsonl`
and `qrels/SPLIT.tsv` work too.

`evaluate_dataset` builds a throw-away index (Chroma store + BM25 + the same fusion as
`ReportIndex.search`), ranks documents for every query and scores recall@1/5/10, MRR@10
and nDCG@10. A document ranks where its best chunk ranks.
"""

from __future__ import annotations

import logging
import math
import tempfile
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evals.beir import Dataset, Document, load_dataset
from index.cache import EmbeddingCache, embed_cached
from index.chunk_vectors import PASSAGE_SHARE, VectorsOf, compose_chunk_vectors
from index.embedders import Embedder
from index.embedders.base import Vectors
from index.lexical import LexicalIndex
from index.search import Mode, dense_pool, search_hybrid
from index.store import ChromaStore, connect
from ingest import chunk_report
from ingest.types import Chunk, Report, ReportMetadata, Section

logger = logging.getLogger(__name__)

CUTOFFS = (1, 5, 10)
DEPTH = 10  # ranks scored; MRR and nDCG are @10
# Chunks fetched per query: several chunks of one long article may crowd the top.
_CHUNK_POOL = 30
_EMBED_BATCH = 64
# Same chunk size as the report index (Settings.chunk_tokens).
DEFAULT_CHUNK_TOKENS = 400

Progress = Callable[[str, int, int], None]


def strip_diacritics(text: str) -> str:
    """Text as typed on a keyboard without Vietnamese input: "Điều 5" -> "Dieu 5"."""
    swapped = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", swapped)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def score_ranking(ranked: Sequence[str], gold: Mapping[str, int]) -> dict[str, float]:
    """Per-query metrics: recall@k (share of gold found), success@1, RR@10 and nDCG@10.

    Graded relevance (score > 1) counts in nDCG's gain; any positive score is relevant.
    """
    relevant = {doc for doc, grade in gold.items() if grade > 0}
    if not relevant:
        raise ValueError("a query needs at least one relevant document")
    top = list(ranked[:DEPTH])
    scores = {f"recall@{k}": len(relevant & set(top[:k])) / len(relevant) for k in CUTOFFS}
    first = next((rank for rank, doc in enumerate(top, start=1) if doc in relevant), None)
    scores["success@1"] = 1.0 if first == 1 else 0.0
    scores["mrr@10"] = 1.0 / first if first else 0.0
    dcg = sum(gold.get(doc, 0) / math.log2(rank + 1) for rank, doc in enumerate(top, start=1))
    ideal = sorted((grade for grade in gold.values() if grade > 0), reverse=True)[:DEPTH]
    idcg = sum(grade / math.log2(rank + 1) for rank, grade in enumerate(ideal, start=1))
    scores["ndcg@10"] = dcg / idcg
    return scores


def mean_scores(per_query: Sequence[Mapping[str, float]]) -> dict[str, float]:
    if not per_query:
        return {}
    return {key: sum(item[key] for item in per_query) / len(per_query) for key in per_query[0]}


@dataclass(frozen=True, slots=True)
class RetrievalResult:
    """Mean metrics over a split, with the per-query rankings for inspection."""

    dataset: str
    split: str
    mode: str
    strip_diacritics: bool
    queries: int
    documents: int
    chunks: int
    metrics: dict[str, float]
    embedder: str
    per_query: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "baocao-eval-retrieval",
            "dataset": self.dataset,
            "split": self.split,
            "mode": self.mode,
            "strip_diacritics": self.strip_diacritics,
            "queries": self.queries,
            "documents": self.documents,
            "chunks": self.chunks,
            "embedder": self.embedder,
            "metrics": {key: round(value, 4) for key, value in self.metrics.items()},
            "rankings": self.per_query,
        }


class DocumentIndex:
    """Plain documents in a Chroma store and a BM25 index, searched like `ReportIndex`."""

    def __init__(
        self,
        store: ChromaStore,
        lexical: LexicalIndex,
        embedder: Embedder,
        document_of: Mapping[str, str],
        passage_vectors: VectorsOf | None = None,
        passage_share: float = PASSAGE_SHARE,
    ) -> None:
        self._store = store
        self._lexical = lexical
        self._embedder = embedder
        self._passage_vectors = passage_vectors
        self._passage_share = passage_share
        self.document_of = dict(document_of)  # chunk id -> document id

    def with_passage_share(self, share: float) -> DocumentIndex:
        """The same index, its dense scores taking `share` from the best passage."""
        return DocumentIndex(
            self._store,
            self._lexical,
            self._embedder,
            self.document_of,
            self._passage_vectors,
            passage_share=share,
        )

    @property
    def chunks(self) -> int:
        return len(self.document_of)

    @property
    def embedder_id(self) -> str:
        return self._embedder.model_id

    @classmethod
    def build(
        cls,
        documents: Sequence[Document],
        *,
        folder: Path,
        embedder: Embedder,
        cache: EmbeddingCache | None = None,
        chunk_tokens: int = DEFAULT_CHUNK_TOKENS,
        progress: Progress | None = None,
    ) -> DocumentIndex:
        """Chunk, embed (through the cache) and index every document."""
        chunks = [
            chunk
            for doc in documents
            for chunk in document_chunks(doc, embedder=embedder, max_tokens=chunk_tokens)
        ]
        store = ChromaStore(
            connect(path=folder / "chroma", url=None), embedder=embedder, where=str(folder)
        )

        def vectors_of(texts: list[str]) -> Vectors:
            return embed_cached(embedder, texts, cache)[0]

        for start in range(0, len(chunks), _EMBED_BATCH * 8):
            part = chunks[start : start + _EMBED_BATCH * 8]
            # As ingest makes them: from the passages' vectors (index.chunk_vectors).
            vectors = compose_chunk_vectors(part, vectors_of, dimension=embedder.dimension)
            store.upsert(part, vectors)
            if progress is not None:
                progress("embed", start + len(part), len(chunks))
        lexical = LexicalIndex.build(
            [c.chunk_id for c in chunks], [c.embedding_text for c in chunks]
        )
        document_of = {c.chunk_id: c.report_id for c in chunks}
        return cls(store, lexical, embedder, document_of, vectors_of)

    def rank(self, query: str, *, mode: Mode, depth: int = DEPTH) -> list[str]:
        """Document ids, best first (a document ranks at its best chunk)."""
        hits = search_hybrid(
            query,
            k=max(_CHUNK_POOL, depth),
            mode=mode,
            store=self._store,
            lexical=self._lexical,
            embedder=self._embedder,
            report_ids=None,
            chunk_ids=None,
            passage_vectors=self._passage_vectors,
            passage_share=self._passage_share,
        )
        ranked = list(dict.fromkeys(hit.chunk.report_id for hit in hits))
        return ranked[:depth]

    def side_scores(self, query: str, *, pool: int) -> tuple[dict[str, float], dict[str, float]]:
        """Each side's raw scores by chunk id, for sweeping fusion weights offline."""
        found = dense_pool(
            query,
            k=pool,
            store=self._store,
            embedder=self._embedder,
            passage_vectors=self._passage_vectors,
            passage_share=self._passage_share,
        )
        dense = {chunk.chunk_id: score for chunk, score in found}
        return dense, dict(self._lexical.search(query, k=pool))


def document_chunks(document: Document, *, embedder: Embedder, max_tokens: int) -> list[Chunk]:
    """A document as a one-section report, cut by the ingest chunker like any report.

    The title is the document's, so it lands in each chunk's breadcrumb (once).
    """
    title = unicodedata.normalize("NFC", document.title)
    section = Section(
        report_id=document.doc_id,
        ordinal=0,
        labels=(),
        heading_path=(),
        title=title,
        text=unicodedata.normalize("NFC", document.text),
    )
    report = Report(
        report_id=document.doc_id,
        source=document.doc_id,
        file_format="beir",
        metadata=ReportMetadata(title=title or None),
        sections=(section,),
    )
    return chunk_report(report, max_tokens=max_tokens, count_tokens=embedder.count_tokens)


def evaluate_dataset(
    path: str | Path,
    *,
    split: str = "test",
    mode: Mode = "hybrid",
    strip_diacritics: bool = False,
    limit: int | None = None,
    work_dir: str | Path | None = None,
    embedder: Embedder,
    cache_path: str | Path | None = None,
    progress: Progress | None = None,
) -> RetrievalResult:
    """Build a throw-away index over the corpus and score one split.

    Args:
        path: dataset folder (BEIR layout).
        split: which queries/qrels to score ("train" to tune, "test" to report).
        mode: "hybrid", "dense" or "lexical".
        strip_diacritics: remove Vietnamese diacritics from the queries first.
        limit: score only the first N queries (smoke runs).
        work_dir: keep the index here (default: a temporary folder, deleted after).
        embedder: the dense model (its vectors are cached in `cache_path`).
        cache_path: embedding cache file, so a second run embeds nothing.
        progress: called as progress(stage, done, total).
    """
    dataset = load_dataset(path, split=split)
    cache = EmbeddingCache(cache_path) if cache_path else None
    try:
        with tempfile.TemporaryDirectory(prefix="baocao-beir-") as scratch:
            folder = Path(work_dir) if work_dir else Path(scratch)
            index = DocumentIndex.build(
                dataset.corpus, folder=folder, embedder=embedder, cache=cache, progress=progress
            )
            return evaluate_index(
                index,
                dataset,
                name=str(path),
                split=split,
                mode=mode,
                strip_diacritics=strip_diacritics,
                limit=limit,
                progress=progress,
            )
    finally:
        if cache is not None:
            cache.close()


def evaluate_index(
    index: DocumentIndex,
    dataset: Dataset,
    *,
    name: str,
    split: str,
    mode: Mode,
    strip_diacritics: bool = False,
    limit: int | None = None,
    progress: Progress | None = None,
) -> RetrievalResult:
    """Score one split against an index already built over `dataset.corpus`."""
    rankings = _rank_all(index, dataset, mode, strip_diacritics, limit, progress)
    per_query = [score_ranking(rankings[qid], dataset.qrels[qid]) for qid in rankings]
    return RetrievalResult(
        dataset=name,
        split=split,
        mode=mode,
        strip_diacritics=strip_diacritics,
        queries=len(rankings),
        documents=len(dataset.corpus),
        chunks=index.chunks,
        metrics=mean_scores(per_query),
        embedder=index.embedder_id,
        per_query=rankings,
    )


def _rank_all(
    index: DocumentIndex,
    dataset: Dataset,
    mode: Mode,
    is_stripped: bool,
    limit: int | None,
    progress: Progress | None,
) -> dict[str, list[str]]:
    query_ids = [qid for qid in dataset.queries if qid in dataset.qrels][:limit]
    rankings: dict[str, list[str]] = {}
    for done, qid in enumerate(query_ids, start=1):
        text = dataset.queries[qid]
        rankings[qid] = index.rank(strip_diacritics(text) if is_stripped else text, mode=mode)
        if progress is not None:
            progress("query", done, len(query_ids))
    return rankings


def render_retrieval(result: RetrievalResult) -> str:
    typed = "without diacritics" if result.strip_diacritics else "as written"
    head = (
        f"{result.dataset} [{result.split}] mode={result.mode}, queries {typed}: "
        f"{result.queries} queries, {result.documents} documents, embedder {result.embedder}"
    )
    rows = [f"  {key:<10} {value:.3f}" for key, value in result.metrics.items()]
    return "\n".join([head, *rows])
