"""Chunk vectors made from passage vectors: the recipe, the cache, and what the store holds."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index import ReportIndex
from index.cache import EmbeddingCache, text_key
from index.chunk_vectors import (
    PASSAGE_SHARE,
    chunk_texts,
    compose_chunk_vectors,
    embed_chunks,
    rescore_by_passages,
)
from index.passage_vectors import PassageVectors
from ingest.passages import passage_texts
from ingest.types import Chunk, ReportMetadata
from ingest.words import content_words
from tests.fakes import HashEmbedder

LONG = "Toàn xã có 979 hộ nghèo, chiếm tỷ lệ 47,52% tổng số hộ dân trên địa bàn xã."
SHORT = "Đạt kế hoạch."


def _chunk(text: str, *, breadcrumb: str = "", ordinal: int = 0) -> Chunk:
    return Chunk(
        chunk_id=f"c{ordinal}",
        report_id="r",
        source="r.txt",
        labels=("I",),
        heading_path=("I. KINH TẾ",),
        ordinal=ordinal,
        index=0,
        text=text,
        breadcrumb=breadcrumb,
        metadata=ReportMetadata(),
    )


def test_a_lone_passage_is_its_chunk_vector() -> None:
    embedder = HashEmbedder()
    [row] = compose_chunk_vectors([_chunk(LONG)], embedder.embed_passages, dimension=32)
    assert np.allclose(row, embedder.embed_passages([LONG])[0])


def test_passages_weigh_by_length_and_the_breadcrumb_as_an_average_passage() -> None:
    embedder = HashEmbedder()
    chunk = _chunk(f"{LONG}\n{SHORT}", breadcrumb="Xã Hùng Sơn — Báo cáo — I")
    [row] = compose_chunk_vectors([chunk], embedder.embed_passages, dimension=32)
    long, short, crumb = embedder.embed_passages([LONG, SHORT, chunk.breadcrumb])
    mean_length = (len(LONG) + len(SHORT)) / 2
    expected = len(LONG) * long + len(SHORT) * short + mean_length * crumb
    assert np.allclose(row, expected / np.linalg.norm(expected), atol=1e-6)
    assert chunk_texts(chunk) == [LONG, SHORT, chunk.breadcrumb]


def test_a_chunk_without_a_sentence_is_embedded_whole() -> None:
    embedder = HashEmbedder()
    chunk = _chunk("a)", breadcrumb="Xã Hùng Sơn — Báo cáo — I")
    [row] = compose_chunk_vectors([chunk], embedder.embed_passages, dimension=32)
    assert np.allclose(row, embedder.embed_passages([chunk.embedding_text])[0])


def test_no_chunks_give_no_rows() -> None:
    rows = compose_chunk_vectors([], HashEmbedder().embed_passages, dimension=32)
    assert rows.shape == (0, 32)


def test_embed_chunks_caches_passages_and_words_and_counts_new_chunks(tmp_path: Path) -> None:
    embedder = HashEmbedder()
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    first = [_chunk(LONG, ordinal=0), _chunk(SHORT, ordinal=1)]
    vectors, fresh = embed_chunks(embedder, first, cache)
    assert fresh == 2 and vectors.shape == (2, 32)
    words = content_words(LONG)
    cached = cache.get_many(embedder.model_id, [text_key(t) for t in [LONG, SHORT, *words]])
    assert len(cached) == 2 + len(words)
    again, fresh = embed_chunks(embedder, [*first, _chunk("Năm 2026 mới.", ordinal=2)], cache)
    assert fresh == 1 and np.allclose(again[:2], vectors)


def test_the_store_holds_the_vectors_the_assistant_composes(small_index: ReportIndex) -> None:
    # Dense search scores are the store's vectors against the query, blended with the best
    # passage's; the evidence stage composes chunk vectors itself and must see the same.
    query = "công trình nước sinh hoạt"
    hits = small_index.search(query, k=6, mode="dense")
    chunks = [hit.chunk for hit in hits]
    vector = small_index.query_vector(query)
    composed = small_index.chunk_vectors(chunks) @ vector
    best = [float((small_index.passage_vectors(chunk_texts(c)) @ vector).max()) for c in chunks]
    expected = (1 - PASSAGE_SHARE) * composed + PASSAGE_SHARE * np.array(best)
    assert len(hits) == 6
    assert np.allclose([hit.score for hit in hits], expected, atol=1e-4)
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    # Passages the caller has already cut give the very same vectors.
    cut = [passage_texts(chunk.text) for chunk in chunks]
    assert np.array_equal(
        small_index.chunk_vectors(chunks, passages=cut), small_index.chunk_vectors(chunks)
    )
    other = small_index.chunk_vectors(chunks, passages=[["Một câu khác."]] * len(chunks))
    assert not np.allclose(other, small_index.chunk_vectors(chunks))


def test_a_chunk_whose_one_sentence_answers_outranks_a_closer_mean() -> None:
    answer, other, filler = np.eye(3, dtype=np.float32)
    vectors = {
        "Xã có 979 hộ nghèo.": answer,
        "Đường giao thông được nâng cấp.": filler,
        "Công tác dân vận được chú trọng.": other,
    }
    mixed = _chunk("Xã có 979 hộ nghèo.\nĐường giao thông được nâng cấp.", ordinal=0)
    plain = _chunk("Công tác dân vận được chú trọng.", ordinal=1)

    def vectors_of(texts: list[str]) -> np.ndarray:
        return np.stack([vectors[text] for text in texts])

    found = rescore_by_passages([(plain, 0.5), (mixed, 0.2)], answer, vectors_of)
    assert [chunk.chunk_id for chunk, _ in found] == ["c0", "c1"]
    assert np.isclose(found[0][1], (1 - PASSAGE_SHARE) * 0.2 + PASSAGE_SHARE * 1.0)
    kept = rescore_by_passages([(plain, 0.5), (mixed, 0.2)], answer, vectors_of, passage_share=0)
    assert [chunk.chunk_id for chunk, _ in kept] == ["c1", "c0"]


def test_a_passage_read_from_the_cache_is_read_from_memory_next_time(tmp_path: Path) -> None:
    """A question reads its passages twice (their chunks' vectors, then their own)."""
    embedder = HashEmbedder()
    path = tmp_path / "cache.sqlite"
    writer = EmbeddingCache(path)
    first = embedder.embed_passages([SHORT])[0]
    writer.put_many(embedder.model_id, {text_key(SHORT): first})
    vectors = PassageVectors.reading(embedder, path)
    assert np.array_equal(vectors.vectors([SHORT])[0], first)
    # The file changes under the reader (it cannot, for one text and model: a probe).
    writer.put_many(embedder.model_id, {text_key(SHORT): -first})
    assert np.array_equal(vectors.vectors([SHORT, LONG])[0], first)
    writer.close()
