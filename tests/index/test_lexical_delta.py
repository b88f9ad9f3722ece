"""Chunks added to a built BM25 index and scored beside it (no rebuild per report)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from index.lexical import LexicalIndex
from index.registry import Registry
from index.types import SearchFilters
from ingest.types import Chunk
from tests.assistant.memory_index import make_chunk
from tests.fakes import HashEmbedder
from tests.index.handmade import handmade_text, open_handmade_index

SAMPLES = sorted((Path(__file__).parents[2] / "samples" / "reports" / "text").glob("*.txt"))
QUERIES = ["nước sinh hoạt", "tỷ lệ hộ nghèo", "đường giao thông nông thôn", "ngân sách"]


@pytest.fixture(scope="module")
def lines() -> list[str]:
    found = [
        line.strip()
        for path in SAMPLES
        for line in path.read_text("utf-8").splitlines()
        if len(line.split()) >= 6
    ]
    assert len(found) > 300
    return found


def _chunk(number: int, text: str) -> Chunk:
    return replace(make_chunk("Hùng Sơn", text), chunk_id=f"c{number:05d}")


def test_added_chunks_score_as_a_full_build_scores_them(lines: list[str]) -> None:
    chunks = [_chunk(n, text) for n, text in enumerate(lines)]
    cut = len(chunks) - 40
    full = LexicalIndex.from_chunks(chunks)
    grown = LexicalIndex.from_chunks(chunks[:cut]).changed(chunks[cut:], ())
    assert set(grown.chunk_ids) == set(full.chunk_ids) and len(grown.delta) == 40
    added = {chunk.chunk_id for chunk in chunks[cut:]}
    for query in QUERIES:
        expected = dict(full.search(query, k=len(chunks)))
        for chunk_id, score in grown.search(query, k=len(chunks)):
            if chunk_id in added:
                # Same formula; only the average length is the built part's.
                assert score == pytest.approx(expected[chunk_id], rel=0.05)
        top = [cid for cid, _ in full.search(query, k=10)]
        assert len(set(top) & {cid for cid, _ in grown.search(query, k=10)}) >= 8


def test_removed_and_updated_chunks(lines: list[str]) -> None:
    chunks = [_chunk(n, text) for n, text in enumerate(lines[:200])]
    built = LexicalIndex.from_chunks(chunks)
    target = chunks[3]
    query = target.text
    assert built.search(query, k=1)[0][0] == target.chunk_id
    gone = built.changed((), {target.chunk_id})
    assert target.chunk_id not in gone.chunk_ids
    assert target.chunk_id not in {cid for cid, _ in gone.search(query, k=200)}
    back = gone.changed([target], ())
    assert back.search(query, k=1)[0][0] == target.chunk_id
    assert back.chunk_ids.count(target.chunk_id) == 1 and len(back) == len(built)


def test_a_saved_delta_loads_with_its_fingerprint(lines: list[str], tmp_path: Path) -> None:
    chunks = [_chunk(n, text) for n, text in enumerate(lines[:120])]
    built = LexicalIndex.from_chunks(chunks[:100])
    built.save(tmp_path / "lexical", fingerprint="v1")
    grown = built.changed(chunks[100:], {chunks[0].chunk_id})
    grown.save_delta(tmp_path / "lexical", fingerprint="v2")
    assert LexicalIndex.saved_fingerprint(tmp_path / "lexical") == "v2"
    loaded = LexicalIndex.load(tmp_path / "lexical")
    assert loaded is not None and loaded.chunk_ids == grown.chunk_ids
    for query in QUERIES:
        assert loaded.search(query, k=5) == grown.search(query, k=5)
    # Rebuilt and saved whole: the old delta is not read over the new built part.
    LexicalIndex.from_chunks(chunks[:50]).save(tmp_path / "lexical", fingerprint="v3")
    assert LexicalIndex.saved_fingerprint(tmp_path / "lexical") == "v3"
    assert len(LexicalIndex.load(tmp_path / "lexical") or ()) == 50


def _report(folder: Path, number: int) -> Path:
    path = folder / f"r{number:02d}.txt"
    body = [("I", "KẾT QUẢ", f"Xã Số {number} hoàn thành {number * 3} km đường giao thông.")]
    body.append(("II", "KIẾN NGHỊ", f"Đề nghị hỗ trợ mã{number}x công trình nước sinh hoạt."))
    path.write_text(handmade_text(f"Số {number}", body), encoding="utf-8")
    return path


def test_adding_a_report_extends_the_saved_index_without_rebuilding(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    paths = [_report(tmp_path / "reports", n) for n in range(6)]
    with open_handmade_index(tmp_path / "index", HashEmbedder()) as index:
        index.ingest(paths[:5])
        built = index._fresh_lexical().built_ids
        index.ingest(paths[5:])
        index.delete(index.reports()[0].report_id)
        lexical = index._fresh_lexical()
        assert lexical.built_ids == built and len(lexical.delta) > 0 and lexical.removed
        hits = index.search("mã5x", k=3, mode="lexical")
        assert hits and hits[0].chunk.source == "r05.txt"
        by_unit = index.search_by_unit("công trình nước sinh hoạt", k=1)
        assert len(by_unit) == 5  # r00 deleted, r05 added
    registry = Registry.load(tmp_path / "index")
    listed = {cid for entry in registry.done() for cid in entry.chunk_ids}
    saved = LexicalIndex.load(tmp_path / "index" / "lexical")
    assert saved is not None and set(saved.chunk_ids) == listed
    assert LexicalIndex.saved_fingerprint(tmp_path / "index" / "lexical") == registry.fingerprint()
    with open_handmade_index(tmp_path / "index", HashEmbedder()) as index:
        filters = SearchFilters(report_ids=(index.reports()[-1].report_id,))
        assert index.search("nước sinh hoạt", k=2, filters=filters, mode="lexical")
