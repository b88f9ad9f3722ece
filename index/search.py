"""Hybrid search over the dense store and the lexical index (fused in `index.fusion`)."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Literal

from index.chunk_vectors import PASSAGE_SHARE, VectorsOf, rescore_by_passages
from index.embedders import Embedder
from index.fusion import (
    DEFAULT_CANDIDATE_FACTOR,
    DEFAULT_MIN_CANDIDATES,
    dense_weight,
    fuse,
)
from index.lexical import LexicalIndex
from index.terms import accent_ratio
from index.types import Hit
from ingest.types import Chunk

if TYPE_CHECKING:
    from index.store import ChromaStore

Mode = Literal["hybrid", "dense", "lexical"]
MODES: tuple[Mode, ...] = ("hybrid", "dense", "lexical")


def search_hybrid(
    query: str,
    *,
    k: int,
    mode: Mode,
    store: ChromaStore,
    lexical: LexicalIndex,
    embedder: Embedder,
    report_ids: Collection[str] | None,
    chunk_ids: Collection[str] | None,
    passage_vectors: VectorsOf | None = None,
    passage_share: float = PASSAGE_SHARE,
) -> list[Hit]:
    """Best `k` hits for `query`, restricted to `report_ids` / `chunk_ids` when given.

    Args:
        query: what the user typed (any language, with or without diacritics).
        k: how many hits to return.
        mode: "hybrid" (fused), "dense" or "lexical" alone.
        store: the dense side.
        lexical: the BM25 side.
        embedder: embeds the query (must match the store's).
        report_ids: allowed reports for the dense side (None = all).
        chunk_ids: the chunks of `report_ids` (None = all): the lexical side keeps to them,
            the dense side ranks few of them exactly (`ChromaStore.query`).
        passage_vectors: the cached vectors of chunks' passages; when given, the dense
            side's pool is rescored by each chunk's best passage (`rescore_by_passages`).
        passage_share: the share of a rescored chunk's score its best passage gives.
    """
    if mode not in MODES:
        raise ValueError(f"Unknown search mode {mode!r} (use one of {', '.join(MODES)})")
    if not query.strip() or k <= 0:
        return []
    wide = max(k * DEFAULT_CANDIDATE_FACTOR, DEFAULT_MIN_CANDIDATES)
    pool = k if mode == "lexical" or (mode == "dense" and passage_vectors is None) else wide
    dense: list[tuple[Chunk, float]] = []
    if mode != "lexical":
        dense = dense_pool(
            query,
            k=pool,
            store=store,
            embedder=embedder,
            report_ids=report_ids,
            chunk_ids=chunk_ids,
            passage_vectors=passage_vectors,
            passage_share=passage_share,
        )
    if mode == "dense":
        return [Hit(chunk, score, dense_score=score) for chunk, score in dense[:k]]
    lexical_hits = lexical.search(query, k=pool, allowed=chunk_ids)
    if mode == "lexical":
        found = _by_id(store, [cid for cid, _ in lexical_hits], {})
        return [
            Hit(found[cid], score, lexical_score=score)
            for cid, score in lexical_hits
            if cid in found
        ]
    dense_scores = {chunk.chunk_id: score for chunk, score in dense}
    lexical_scores = dict(lexical_hits)
    weight = dense_weight(accent_ratio(query), lexical.known_fraction(query))
    ranked = fuse(dense_scores, lexical_scores, dense_weight=weight)[:k]
    found = _by_id(store, [cid for cid, _ in ranked], {c.chunk_id: c for c, _ in dense})
    return [
        Hit(
            found[cid],
            score,
            dense_score=dense_scores.get(cid),
            lexical_score=lexical_scores.get(cid),
        )
        for cid, score in ranked
        if cid in found
    ]


def dense_pool(
    query: str,
    *,
    k: int,
    store: ChromaStore,
    embedder: Embedder,
    report_ids: Collection[str] | None = None,
    chunk_ids: Collection[str] | None = None,
    passage_vectors: VectorsOf | None = None,
    passage_share: float = PASSAGE_SHARE,
) -> list[tuple[Chunk, float]]:
    """The dense side: the store's `k` nearest chunks with their scores, best first.

    With `passage_vectors`, each is rescored by its best passage (`rescore_by_passages`).
    """
    vector = embedder.embed_query(query)
    found = store.query(vector, k=k, report_ids=report_ids, chunk_ids=chunk_ids)
    if passage_vectors is None:
        return found
    return rescore_by_passages(found, vector, passage_vectors, passage_share=passage_share)


def _by_id(store: ChromaStore, ids: list[str], known: dict[str, Chunk]) -> dict[str, Chunk]:
    missing = [cid for cid in ids if cid not in known]
    if missing:
        known = {**known, **{chunk.chunk_id: chunk for chunk in store.get(ids=missing)}}
    return known
