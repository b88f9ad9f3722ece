"""Every chunk's stored vector, kept beside the index for exact dense sweeps by unit."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from index import ReportIndex
from index.lexical import LexicalIndex
from index.report_index import READ_AT_INGEST, SWEEP_DIR
from index.sweep_vectors import CURRENT_FILE, SweepVectors
from ingest.types import Chunk
from tests.assistant.memory_index import make_chunk
from tests.fakes import HashEmbedder
from tests.index.handmade import handmade_text, open_handmade_index

EMBEDDER = HashEmbedder()


class CountingStore:
    """The store's `vectors`, over HashEmbedder vectors of the chunks' texts; counts reads."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self.vectors_of = {c.chunk_id: EMBEDDER.embed_passages([c.text])[0] for c in chunks}
        self.read: list[str] = []

    def vectors(self, chunk_ids: Sequence[str]) -> tuple[list[str], np.ndarray]:
        self.read.extend(chunk_ids)
        found = [cid for cid in chunk_ids if cid in self.vectors_of]
        if not found:
            return [], np.zeros((0, 0), dtype=np.float32)
        return found, np.array([self.vectors_of[cid] for cid in found], dtype=np.float32)


def _chunks(count: int, start: int = 0) -> list[Chunk]:
    return [
        replace(make_chunk("Hùng Sơn", f"đoạn số {n} về nước sinh hoạt"), chunk_id=f"c{n:04d}")
        for n in range(start, start + count)
    ]


def _vectors(
    folder: Path, store: CountingStore, *, is_writer: bool = True, model: str = "m"
) -> SweepVectors:
    return SweepVectors(
        folder,
        store=lambda: store,  # type: ignore[arg-type,return-value]  # the store's one method
        model_id=model,
        dimension=EMBEDDER.dimension,
        is_writer=is_writer,
    )


def _expected(lexical: LexicalIndex, store: CountingStore) -> np.ndarray:
    return np.array(
        [store.vectors_of.get(cid, np.zeros(EMBEDDER.dimension)) for cid in lexical.rows],
        dtype=np.float32,
    )


def test_each_row_holds_its_chunks_stored_vector(tmp_path: Path) -> None:
    chunks = _chunks(30)
    store = CountingStore(chunks)
    lexical = LexicalIndex.from_chunks(chunks)
    matrix = _vectors(tmp_path, store).matrix(lexical)
    np.testing.assert_allclose(matrix, _expected(lexical, store), atol=1e-6)
    assert sorted(store.read) == sorted(c.chunk_id for c in chunks)


def test_a_second_opening_reads_only_the_chunks_added_since(tmp_path: Path) -> None:
    chunks, added = _chunks(30), _chunks(5, start=30)
    store = CountingStore(chunks + added)
    built = LexicalIndex.from_chunks(chunks)
    _vectors(tmp_path, store).matrix(built)
    store.read.clear()
    again = _vectors(tmp_path, store)
    np.testing.assert_allclose(again.matrix(built), _expected(built, store), atol=1e-6)
    assert store.read == []
    grown = built.changed(added, {chunks[0].chunk_id})
    matrix = again.matrix(grown)
    assert sorted(store.read) == sorted(c.chunk_id for c in added)
    removed_row = grown.rows.index(chunks[0].chunk_id)
    assert not matrix[removed_row].any()
    live = [row for row, cid in enumerate(grown.rows) if cid != chunks[0].chunk_id]
    np.testing.assert_allclose(matrix[live], _expected(grown, store)[live], atol=1e-6)


def test_vectors_of_another_embedder_are_read_again(tmp_path: Path) -> None:
    chunks = _chunks(10)
    store = CountingStore(chunks)
    lexical = LexicalIndex.from_chunks(chunks)
    _vectors(tmp_path, store, model="first").matrix(lexical)
    store.read.clear()
    _vectors(tmp_path, store, model="second").matrix(lexical)
    assert len(store.read) == 10


def test_a_reader_never_writes(tmp_path: Path) -> None:
    chunks = _chunks(10)
    _vectors(tmp_path, CountingStore(chunks), is_writer=False).matrix(
        LexicalIndex.from_chunks(chunks)
    )
    assert not tmp_path.exists() or not any(tmp_path.iterdir())


def test_a_save_cut_short_leaves_the_previous_one_readable(tmp_path: Path) -> None:
    chunks = _chunks(10)
    store = CountingStore(chunks)
    lexical = LexicalIndex.from_chunks(chunks)
    _vectors(tmp_path, store).matrix(lexical)
    # A later save's arrays written, its `current.json` not yet: a half-written file.
    (tmp_path / "vectors-cut.npy").write_bytes(b"\x93NUMPY half")
    named = json.loads((tmp_path / CURRENT_FILE).read_text("utf-8"))
    assert named["vectors"] != "vectors-cut.npy"
    store.read.clear()
    matrix = _vectors(tmp_path, store).matrix(lexical)
    assert store.read == []
    np.testing.assert_allclose(matrix, _expected(lexical, store), atol=1e-6)


@pytest.mark.parametrize("damage", ["garbage", "missing"])
def test_a_damaged_save_is_read_again_from_the_store(tmp_path: Path, damage: str) -> None:
    chunks = _chunks(10)
    store = CountingStore(chunks)
    lexical = LexicalIndex.from_chunks(chunks)
    _vectors(tmp_path, store).matrix(lexical)
    named = json.loads((tmp_path / CURRENT_FILE).read_text("utf-8"))
    if damage == "garbage":
        (tmp_path / named["vectors"]).write_bytes(b"not an array")
    else:
        (tmp_path / named["ids"]).unlink()
    store.read.clear()
    matrix = _vectors(tmp_path, store).matrix(lexical)
    assert len(store.read) == 10
    np.testing.assert_allclose(matrix, _expected(lexical, store), atol=1e-6)


def _unit_report(folder: Path, number: int) -> Path:
    path = folder / f"r{number:02d}.txt"
    body = [
        ("I", "KẾT QUẢ", f"Xã Số {number} hoàn thành {number * 3} km đường giao thông."),
        ("II", "KIẾN NGHỊ", f"Đề nghị hỗ trợ công trình nước sinh hoạt số {number}."),
        ("III", "Y TẾ", f"Trạm y tế kiểm tra bếp ăn bán trú lần {number}."),
    ]
    path.write_text(handmade_text(f"Số {number}", body), encoding="utf-8")
    return path


def _nearest_per_unit(index: ReportIndex, query: str) -> dict[str, str]:
    """Each unit's nearest chunk, ranked exactly over its own reports."""
    vector = index.query_vector(query)
    out = {}
    for unit in index.communes():
        reports = {r.report_id for r in index.reports() if r.commune == unit}
        ((chunk, _),) = index.store.query(vector, k=1, report_ids=reports)
        out[unit] = chunk.chunk_id
    return out


def test_a_dense_sweep_picks_each_units_nearest_as_reports_come_and_go(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    paths = [_unit_report(tmp_path / "reports", n) for n in range(8)]
    query = "Which commune's health station inspects the boarding kitchens?"
    with open_handmade_index(tmp_path / "index", HashEmbedder()) as index:
        index.ingest(paths[:5])
        swept = index.search_by_unit(query, k=1, mode="dense")
        assert {h.chunk.metadata.commune: h.chunk.chunk_id for h in swept} == (
            _nearest_per_unit(index, query)
        )
        index.ingest(paths[5:])
        index.delete(index.reports()[0].report_id)
        swept = index.search_by_unit(query, k=1, mode="dense")
        expected = _nearest_per_unit(index, query)
        assert len(expected) == 7
        assert {h.chunk.metadata.commune: h.chunk.chunk_id for h in swept} == expected
    with open_handmade_index(tmp_path / "index", HashEmbedder(), read_only=True) as index:
        swept = index.search_by_unit(query, k=1, mode="dense")
        assert {h.chunk.metadata.commune: h.chunk.chunk_id for h in swept} == expected


class NoStore:
    def vectors(self, chunk_ids: Sequence[str]) -> tuple[list[str], np.ndarray]:
        raise AssertionError(f"read {len(chunk_ids)} vectors from the store")


def test_a_folders_ingest_keeps_the_vectors_for_the_first_dense_sweep(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    sections_per_report = 100
    paths = []
    for number in range(READ_AT_INGEST // sections_per_report):
        path = tmp_path / "reports" / f"r{number:02d}.txt"
        body = [
            (str(n), f"MỤC {n}", f"Xã Số {number} mục {n}: nội dung {number * 1000 + n}.")
            for n in range(1, sections_per_report + 1)
        ]
        path.write_text(handmade_text(f"Số {number}", body), encoding="utf-8")
        paths.append(path)
    with open_handmade_index(tmp_path / "index", EMBEDDER) as index:
        summary = index.ingest(paths)
    assert summary.chunks_embedded >= READ_AT_INGEST
    lexical = LexicalIndex.load(tmp_path / "index" / "lexical")
    assert lexical is not None
    kept = SweepVectors(
        tmp_path / "index" / SWEEP_DIR,
        store=lambda: NoStore(),  # type: ignore[arg-type,return-value]  # must not be read
        model_id=EMBEDDER.model_id,
        dimension=EMBEDDER.dimension,
        is_writer=False,
    ).matrix(lexical)
    assert kept.shape == (len(lexical.rows), EMBEDDER.dimension)
    assert np.allclose(np.linalg.norm(kept, axis=1), 1.0, atol=1e-5)
