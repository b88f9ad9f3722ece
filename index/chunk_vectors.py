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

from index.cache import EmbeddingCache, EmbedProgress, embed_cached, text_key
from index.embedders.base import Embedder, Vectors
from ingest.passages import passage_texts
from ingest.types import Chunk
from ingest.words import content_words

VectorsOf = Callable[[list[str]], Vectors]

# A chunk's dense score: this share from its best passage, the rest from its mean vector.
# A mean blurs a long chunk (a legal article, a report section) whose one sentence
# answers. Swept on ALQAC's train split (bench/RESULTS.md, "Dense scores from passages").
PASSAGE_SHARE = 0.25


def chunk_texts(chunk: Chunk) -> list[str]:
    """The texts a chunk's vector is made from: its passages, then its breadcrumb."""
    return _with_breadcrumb(chunk, passage_texts(chunk.text))


def _with_breadcrumb(chunk: Chunk, passages: list[str]) -> list[str]:
    if not passages:
        # Nothing sentence-like ("a)", a bare figure): the chunk is its own passage.
        return [chunk.embedding_text]
    return [*passages, chunk.breadcrumb] if chunk.breadcrumb else passages


def compose_chunk_vectors(
    chunks: Sequence[Chunk],
    vectors_of: VectorsOf,
    *,
    dimension: int,
    passages: Sequence[Sequence[str]] | None = None,
) -> Vectors:
    """One L2-normalised row per chunk, from one call of `vectors_of` for all their texts.

    `passages`, when given, are each chunk's `passage_texts`, already cut by the caller.
    """
    if passages is None:
        parts = [chunk_texts(chunk) for chunk in chunks]
    else:
        parts = [
            _with_breadcrumb(chunk, list(texts))
            for chunk, texts in zip(chunks, passages, strict=True)
        ]
    return _compose(chunks, parts, vectors_of, dimension)


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
    embedder: Embedder,
    chunks: Sequence[Chunk],
    cache: EmbeddingCache | None,
    *,
    on_progress: EmbedProgress | None = None,
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
    key_of = {text: text_key(text) for text in texts}
    known = cache.get_many(embedder.model_id, list(key_of.values())) if cache else {}
    fresh = sum(any(key_of[text] not in known for text in own) for own in parts)
    unknown = [text for text in texts if key_of[text] not in known]
    # Words only go to the cache: without one, nothing at question time could read them.
    words = [w for c in chunks for w in content_words(c.text)] if cache is not None else []
    embedded, _ = embed_cached(
        embedder, [*unknown, *dict.fromkeys(words)], cache, on_progress=on_progress
    )
    row_of = {text: row for row, text in enumerate(unknown)}

    def vectors_of(batch: list[str]) -> Vectors:
        return np.stack(
            [known[key_of[t]] if key_of[t] in known else embedded[row_of[t]] for t in batch]
        )

    return _compose(chunks, parts, vectors_of, embedder.dimension), fresh


def rescore_by_passages(
    found: Sequence[tuple[Chunk, float]],
    query: Vectors,
    vectors_of: VectorsOf,
    *,
    passage_share: float = PASSAGE_SHARE,
) -> list[tuple[Chunk, float]]:
    """Dense hits rescored with their best passage's cosine to `query`, best first.

    `found` holds the store's (chunk, cosine of its vector); `vectors_of` gives the
    cached vectors of `chunk_texts`.
    """
    parts = [chunk_texts(chunk) for chunk, _ in found]
    flat = [text for texts in parts for text in texts]
    if not flat or passage_share <= 0:
        return list(found)
    similarities = vectors_of(flat) @ query
    rescored: list[tuple[Chunk, float]] = []
    start = 0
    for (chunk, score), texts in zip(found, parts, strict=True):
        best = float(similarities[start : start + len(texts)].max())
        start += len(texts)
        rescored.append((chunk, (1 - passage_share) * score + passage_share * best))
    return sorted(rescored, key=lambda pair: -pair[1])
