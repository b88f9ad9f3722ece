"""A damaged store is reported with the reindex hint, and reindex rebuilds it.

Damage is done to copies of a real index (60 generated reports, about 1.500 chunks,
enough for Chroma to keep its vectors in HNSW segment files): garbage or truncated
segment files (a segfault, an error, or silently lost vectors), a broken sqlite file,
a missing segment folder.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from index import IndexDamagedError, ReportIndex
from index.health import check_store
from tests.fakes import HashEmbedder
from tests.reliability.agreement import check_agreement, expected_chunk_ids
from tests.reliability.conftest import ROOT, free_port

Damage = Callable[[Path], None]


def _segment(index_dir: Path) -> Path:
    return next(p for p in (index_dir / "chroma").iterdir() if p.is_dir())


def _overwrite(name: str, *, keep: float = 0.0, fill: bytes = b"") -> Damage:
    def damage(index_dir: Path) -> None:
        path = _segment(index_dir) / name
        data = path.read_bytes()
        kept = data[: int(len(data) * keep)]
        path.write_bytes(kept + fill * ((len(data) - len(kept)) // max(len(fill), 1)))

    return damage


def _sqlite(*, keep: float, fill: bytes) -> Damage:
    def damage(index_dir: Path) -> None:
        path = index_dir / "chroma" / "chroma.sqlite3"
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * keep)] + fill)

    return damage


DAMAGE: dict[str, Damage] = {
    "hnsw data garbage (segfaults a reader)": _overwrite("data_level0.bin", fill=b"\xff"),
    "hnsw data truncated": _overwrite("data_level0.bin", keep=0.01),
    "hnsw header garbage": _overwrite("header.bin", fill=b"\xff"),
    "hnsw lengths emptied (vectors silently lost)": _overwrite("length.bin"),
    "segment folder removed": lambda index_dir: shutil.rmtree(_segment(index_dir)),
    "sqlite overwritten": _sqlite(keep=0.0, fill=b"\0garbage" * 4096),
    "sqlite truncated": _sqlite(keep=0.3, fill=b""),
}


@pytest.fixture(scope="module")
def built(corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("healthy") / "index"
    with ReportIndex.open(folder, embedder=HashEmbedder()) as index:
        assert not index.ingest(corpus).failed
    return folder


@pytest.mark.slow
def test_healthy_store_passes_the_check(built: Path, corpus: list[Path]) -> None:
    assert check_store(built) == len(expected_chunk_ids(corpus, HashEmbedder()))


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(DAMAGE))
def test_damaged_store_is_reported_then_rebuilt(
    kind: str, built: Path, corpus: list[Path], tmp_path: Path
) -> None:
    folder = tmp_path / "index"
    shutil.copytree(built, folder)
    DAMAGE[kind](folder)
    with pytest.raises(IndexDamagedError, match=rf"run 'baocao reindex --index {folder}'"):
        ReportIndex.open(folder, embedder=HashEmbedder(), check_health=True)
    # What `baocao reindex` does: move the store aside, rebuild from the saved parses.
    with ReportIndex.open(folder, embedder=HashEmbedder(), repair_damaged_store=True) as index:
        assert index.reindex().unchanged == len(corpus)
    assert list(folder.glob("chroma.damaged-*")), "the damaged store was not kept aside"
    expected = expected_chunk_ids(corpus, HashEmbedder())
    assert check_store(folder) == len(expected)
    result = check_agreement(folder, HashEmbedder(), expected)
    assert result.is_consistent, result.summary()


@pytest.mark.slow
def test_cli_reports_damage_in_one_line_and_reindex_repairs_it(
    sample_index_dir: Path, embedding_cache_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "index"
    shutil.copytree(sample_index_dir, folder)
    # The session's embedding cache, so the rebuild re-embeds nothing (it may; it is slower).
    shutil.copy(embedding_cache_path, folder / "embeddings.sqlite")
    _sqlite(keep=0.0, fill=b"\0garbage" * 4096)(folder)

    def baocao(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "assistant", *args, "--index", str(folder)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    refused = baocao("search", "nước sinh hoạt")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert f"run 'baocao reindex --index {folder}'" in refused.stderr
    # The web app refuses to start on it, with the same hint (no segfault, no traceback).
    served = baocao("serve", "--port", str(free_port()))
    assert served.returncode == 1 and "Traceback" not in served.stderr
    assert f"run 'baocao reindex --index {folder}'" in served.stderr
    rebuilt = baocao("reindex")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "Reindexed 5 reports" in rebuilt.stdout
    answered = baocao("search", "nước sinh hoạt", "--json")
    assert answered.returncode == 0, answered.stderr
    assert answered.stdout.count('"commune"') == 5
