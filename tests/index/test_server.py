"""Server mode against a real `chroma run` on a free loopback port (never bound wider)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from index import StoreUnavailableError
from index.chunk_copies import COPIES_FILE
from tests.fakes import HashEmbedder
from tests.index.handmade import open_handmade_index

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _chroma_binary() -> str:
    beside_python = Path(sys.executable).parent / "chroma"
    return str(beside_python) if beside_python.exists() else shutil.which("chroma") or "chroma"


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    server = subprocess.Popen(
        [_chroma_binary(), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_ingest_and_search_through_a_server(
    chroma_url: str, tmp_path: Path, handmade_files: list[Path]
) -> None:
    with open_handmade_index(tmp_path / "index", HashEmbedder(), chroma_url=chroma_url) as index:
        summary = index.ingest(handmade_files)
        assert summary.added == 3
        assert not (tmp_path / "index" / "chroma").exists()
        hits = index.search("nuoc sinh hoat", k=2)
        # Another machine may change a server's chunks: no local copy to go stale.
        assert not (tmp_path / "index" / COPIES_FILE).exists()
        assert hits[0].chunk.metadata.commune == "Hùng Sơn"
        assert index.ingest(handmade_files).unchanged == 3


def test_lexical_index_is_rebuilt_from_the_server(
    chroma_url: str, tmp_path: Path, handmade_files: list[Path]
) -> None:
    folder = tmp_path / "index"
    with open_handmade_index(folder, HashEmbedder(), chroma_url=chroma_url) as index:
        index.ingest(handmade_files)
    shutil.rmtree(folder / "lexical")
    with open_handmade_index(
        folder, HashEmbedder(), chroma_url=chroma_url, read_only=True
    ) as reader:
        hits = reader.search("3394/BC-UBND", k=1, mode="lexical")
        assert hits[0].chunk.metadata.commune == "Hùng Sơn"


def test_unreachable_server_says_how_to_start_one(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(StoreUnavailableError, match="chroma run --host"):
        open_handmade_index(tmp_path / "index", HashEmbedder(), chroma_url=url)


def test_two_instances_share_reports_through_the_server(
    chroma_url: str, tmp_path: Path, handmade_files: list[Path]
) -> None:
    with open_handmade_index(tmp_path / "a", HashEmbedder(), chroma_url=chroma_url) as first:
        first.ingest(handmade_files)
        with open_handmade_index(
            tmp_path / "b", HashEmbedder(), chroma_url=chroma_url, read_only=True
        ) as other:
            assert set(other.communes()) >= {"Hùng Sơn", "Quan Sơn", "Mường Kim"}
            record = next(r for r in other.reports() if r.commune == "Mường Kim")
            assert other.report(record.report_id).metadata.number == "77/TB-UBND"
            hits = other.search("kenh muong thuy loi", k=1, mode="lexical")
            assert hits[0].chunk.metadata.commune == "Mường Kim"
            # A dense sweep reads every chunk's vector from the server once.
            swept = other.search_by_unit("irrigation canals", k=1, mode="dense")
            vector = other.query_vector("irrigation canals")
            for hit in swept:
                reports = {
                    r.report_id for r in other.reports() if r.commune == hit.chunk.metadata.commune
                }
                ((nearest, _),) = other.store.query(vector, k=1, report_ids=reports)
                assert hit.chunk.chunk_id == nearest.chunk_id
            assert {hit.chunk.metadata.commune for hit in swept} >= {
                "Hùng Sơn",
                "Quan Sơn",
                "Mường Kim",
            }
            first.delete(record.report_id)
            time.sleep(1.1)  # the shared registry is re-read at most once a second
            assert "Mường Kim" not in other.communes()
            swept = other.search_by_unit("irrigation canals", k=1, mode="dense")
            assert "Mường Kim" not in {hit.chunk.metadata.commune for hit in swept}


def test_reindex_through_the_server(  # last: it switches the shared server's embedder
    chroma_url: str, tmp_path: Path, handmade_files: list[Path]
) -> None:
    other = HashEmbedder(16, model_id="hash-16")
    with open_handmade_index(tmp_path / "index", HashEmbedder(), chroma_url=chroma_url) as index:
        index.ingest(handmade_files)
        index.reindex(other)
    with open_handmade_index(tmp_path / "index", other, chroma_url=chroma_url) as index:
        assert index.search("nước sinh hoạt", k=1)[0].chunk.metadata.commune == "Hùng Sơn"
