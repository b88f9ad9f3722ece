"""A chunk's vector made from its passages' vectors, not by embedding the chunk again.

Ingest embeds every passage (sentence) of a chunk anyway: the assistant ranks sentences
by their own vectors. Embedding the whole chunk as well cost as much again (issue 11 caps
ingest at twice the bare chunk embedding). A chunk's vector is instead the mean of its
passages' vectors, each weighted by its length in characters, plus its breadcrumb's
vector (commune, document, section titles) weighted as an average passage, normalised.
Measured on the development sets against embedding the whole chunk, and against an
unweighted mean (bench/RESULTS.md, "Chunk vectors from passage vectors").

Ingest stores these vectors for dense search; the assistant composes the same vectors
for its evidence features, from the cached passage vectors, by the same function.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from index.cache import EmbeddingCache, embed_cached, text_key
from index.embedders.base import Embedder, Vectors
from ingest.passages import passage_texts
from ingest.types import Chunk
from ingest.words import content_words

VectorsOf = Callable[[list[str]], Vectors]


def chunk_texts(chunk: Chunk) -> list[str]:
    """The texts a chunk's vector is made from: its passages, then its breadcrumb."""
    passages = passage_texts(chunk.text)
    if not passages:
        # Nothing sentence-like ("a)", a bare figure): the chunk is its own passage.
        return [chunk.embedding_text]
    return [*passages, chunk.breadcrumb] if chunk.breadcrumb else passages


def compose_chunk_vectors(
    chunks: Sequence[Chunk], vectors_of: VectorsOf, *, dimension: int
) -> Vectors:
    """One L2-normalised row per chunk, from one call of `vectors_of` for all their texts."""
    return _compose(chunks, [chunk_texts(chunk) for chunk in chunks], vectors_of, dimension)


def _compose(
    chunks: Sequence[Chunk], parts: Sequence[list[str]], vectors_of: VectorsOf, dimension: int
) -> Vectors:
    flat = [text for texts in parts for text in texts]
    if not flat:
        return np.zeros((0, dimension), dtype=np.float32)
    vectors = vectors_of(flat)
    rows: list[Vectors] = []
    start = 0
    for chunk, texts in zip(chunks, parts, strict=True):
        rows.append(_mean(vectors[start : start + len(texts)], texts, chunk))
        start += len(texts)
    return np.stack(rows).astype(np.float32, copy=False)


def _mean(vectors: Vectors, texts: Sequence[str], chunk: Chunk) -> Vectors:
    weights = np.array([len(text) for text in texts], dtype=np.float32)
    if chunk.breadcrumb and len(texts) > 1:
        weights[-1] = weights[:-1].mean()
    summed: Vectors = np.asarray((vectors * weights[:, None]).sum(axis=0), dtype=np.float32)
    norm = float(np.linalg.norm(summed))
    return summed / norm if norm > 0 else summed


def embed_chunks(
    embedder: Embedder, chunks: Sequence[Chunk], cache: EmbeddingCache | None
) -> tuple[Vectors, int]:
    """Vectors for `chunks` (see the module doc), their passages and words cached.

    Every passage and content word goes into the cache: the assistant ranks sentences by
    their vectors and maps an English question's words to the nearest content words of
    the passages it retrieved (`ingest.words`).

    Returns:
        One row per chunk, and how many chunks needed a text embedded that the cache
        did not hold (0 when the same text was indexed before).
    """
    parts = [chunk_texts(chunk) for chunk in chunks]
    texts = list(dict.fromkeys(text for own in parts for text in own))
    known = cache.get_many(embedder.model_id, [text_key(t) for t in texts]) if cache else {}
    fresh = sum(any(text_key(text) not in known for text in own) for own in parts)
    # Words only go to the cache: without one, nothing at question time could read them.
    words = [w for c in chunks for w in content_words(c.text)] if cache is not None else []
    embedded, _ = embed_cached(embedder, [*texts, *dict.fromkeys(words)], cache)
    row_of = {text: row for row, text in enumerate(texts)}
    vectors = _compose(
        chunks, parts, lambda batch: embedded[[row_of[t] for t in batch]], embedder.dimension
    )
    return vectors, fresh
