"""The local copy of each stored chunk: it reads back as the store's chunk and never goes stale."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from index import ReportIndex
from index.chunk_copies import COPIES_FILE, ChunkCopies
from index.store import ChromaStore, connect
from ingest.types import Chunk
from tests.assistant.memory_index import make_chunk
from tests.fakes import HashEmbedder
from tests.index.handmade import open_handmade_index

EMBEDDER = HashEmbedder()


def _plain_store(folder: Path) -> ChromaStore:
    """The same Chroma folder read with no copies: what the store itself holds."""
    return ChromaStore(connect(path=folder / "chroma", url=None), embedder=EMBEDDER, where="test")


def _all_ids(index: ReportIndex, report_id: str | None = None) -> list[str]:
    return sorted(
        c.chunk_id for c in index.chunks() if report_id is None or c.report_id == report_id
    )


def _copied(folder: Path, ids: list[str]) -> dict[str, Chunk]:
    copies = ChunkCopies(folder / COPIES_FILE, is_read_only=True)
    try:
        return copies.get(ids)
    finally:
        copies.close()


@pytest.fixture
def index(tmp_path: Path, handmade_files: list[Path]) -> Iterator[ReportIndex]:
    with open_handmade_index(tmp_path / "index", EMBEDDER) as opened:
        opened.ingest(handmade_files)
        yield opened


def test_every_ingested_chunk_is_copied_as_the_store_holds_it(
    index: ReportIndex, tmp_path: Path
) -> None:
    ids = _all_ids(index)
    assert len(ids) > 5
    stored = {c.chunk_id: c for c in _plain_store(tmp_path / "index").get(ids=ids)}
    assert _copied(tmp_path / "index", ids) == stored
    assert {c.chunk_id: c for c in index.store.get(ids=ids)} == stored


def test_a_unit_set_by_hand_reaches_the_copies(index: ReportIndex, tmp_path: Path) -> None:
    record = next(r for r in index.reports() if r.commune == "Hùng Sơn")
    index.set_unit(record.report_id, "phường Tân Hòa")
    ids = _all_ids(index, record.report_id)
    copied = _copied(tmp_path / "index", ids)
    assert set(copied) == set(ids)
    assert {c.metadata.commune for c in copied.values()} == {"Tân Hòa"}
    assert {c.metadata.commune for c in index.store.get(ids=ids)} == {"Tân Hòa"}


def test_a_deleted_report_leaves_the_copies(index: ReportIndex, tmp_path: Path) -> None:
    record = index.reports()[0]
    gone = _all_ids(index, record.report_id)
    index.delete(record.report_id)
    assert gone
    assert _copied(tmp_path / "index", gone) == {}
    assert len(_copied(tmp_path / "index", _all_ids(index))) == len(_all_ids(index))


def test_an_index_without_copies_reads_the_store_and_copies_what_it_read(
    tmp_path: Path, handmade_files: list[Path]
) -> None:
    folder = tmp_path / "index"
    with open_handmade_index(folder, EMBEDDER) as index:
        index.ingest(handmade_files)
        ids = _all_ids(index)
    (folder / COPIES_FILE).unlink()  # an index built before chunks were copied
    with open_handmade_index(folder, EMBEDDER, read_only=True) as reader:
        assert sorted(c.chunk_id for c in reader.store.get(ids=ids)) == ids
    assert not (folder / COPIES_FILE).exists()  # a reader writes nothing
    with open_handmade_index(folder, EMBEDDER) as writer:
        assert sorted(c.chunk_id for c in writer.store.get(ids=ids[:3])) == ids[:3]
        assert sorted(_copied(folder, ids)) == ids[:3]
        # Copied or read, chunks come in the order asked.
        assert [c.chunk_id for c in writer.store.get(ids=ids[::-1])] == ids[::-1]


def test_a_chunk_read_before_a_change_is_not_copied_after_it(tmp_path: Path) -> None:
    copies = ChunkCopies(tmp_path / COPIES_FILE, is_read_only=False)
    old = replace(make_chunk("Hùng Sơn", "Đề nghị hỗ trợ nước sinh hoạt."), chunk_id="c1")
    new = replace(old, metadata=replace(old.metadata, commune="Tân Hòa"))
    before_the_change = copies.generation
    copies.put([new])  # the writer's change lands while a reader holds `old` from the store
    copies.fill([old], generation=before_the_change)
    assert copies.get(["c1"])["c1"].metadata.commune == "Tân Hòa"
    copies.fill([old], generation=copies.generation)  # read after the change: copied
    assert copies.get(["c1"])["c1"].metadata.commune == "Hùng Sơn"


def test_a_rebuild_cut_short_leaves_no_copy_standing_in_for_the_old_collection(
    index: ReportIndex, tmp_path: Path
) -> None:
    ids = _all_ids(index)
    chunks = index.store.get(ids=ids)

    def batches() -> Iterator[tuple[list[Chunk], np.ndarray]]:
        changed = [replace(c, text=c.text + " (mới)") for c in chunks[:2]]
        yield changed, EMBEDDER.embed_passages([c.text for c in changed])
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        index.store.rebuild(EMBEDDER, batches())
    assert _copied(tmp_path / "index", ids) == {}


def test_a_damaged_copies_file_is_started_afresh(
    tmp_path: Path, handmade_files: list[Path]
) -> None:
    folder = tmp_path / "index"
    folder.mkdir()
    (folder / COPIES_FILE).write_bytes(b"not a database " * 400)
    with open_handmade_index(folder, EMBEDDER) as index:
        index.ingest(handmade_files)  # the copies are a shortcut: never a failed ingest
        ids = _all_ids(index)
        assert len(ids) > 5
        stored = {c.chunk_id: c for c in _plain_store(folder).get(ids=ids)}
        assert {c.chunk_id: c for c in index.store.get(ids=ids)} == stored
    assert _copied(folder, ids) == stored


def test_a_reader_follows_the_writer_to_a_new_copies_file(tmp_path: Path) -> None:
    path = tmp_path / COPIES_FILE
    old = replace(make_chunk("Hùng Sơn", "Đề nghị hỗ trợ nước sinh hoạt."), chunk_id="c1")
    new = replace(old, metadata=replace(old.metadata, commune="Tân Hòa"))
    first = ChunkCopies(path, is_read_only=False)
    first.put([old])
    reader = ChunkCopies(path, is_read_only=True)
    assert reader.get(["c1"])["c1"].metadata.commune == "Hùng Sơn"
    first.close()
    path.unlink()  # as a writer drops a file it cannot use
    ChunkCopies(path, is_read_only=False).put([new])
    assert reader.get(["c1"])["c1"].metadata.commune == "Tân Hòa"
