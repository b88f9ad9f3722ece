"""One writer per index, and crash repair (issue 7), with real processes and real Chroma."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index import IndexDamagedError, IndexingError, IndexLockedError, ReportIndex
from index.health import check_store
from index.lock import WriterLock
from index.registry import Registry
from tests.fakes import HashEmbedder
from tests.index.handmade import handmade_text, open_handmade_index

ROOT = Path(__file__).resolve().parents[2]


def _child(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.index.writer_child", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def _wait_for(process: subprocess.Popen[str], word: str) -> None:
    assert process.stdout is not None
    line = process.stdout.readline().strip()
    assert line == word, f"child said {line!r}"


def _agreement(index_dir: Path) -> tuple[set[str], set[str], set[str]]:
    """Chunk ids according to the registry, the dense store and the lexical index."""
    with open_handmade_index(index_dir, HashEmbedder()) as index:
        entries = Registry.load(index_dir).entries.values()
        listed = {cid for entry in entries for cid in entry.chunk_ids}
        stored = {chunk.chunk_id for chunk in index._builder.store.get()}
        lexical = set(index._fresh_lexical().chunk_ids)
    return listed, stored, lexical


def test_second_writer_is_refused_within_five_seconds(tmp_path: Path) -> None:
    holder = _child("hold", str(tmp_path / "index"))
    try:
        _wait_for(holder, "READY")
        started = time.monotonic()
        with pytest.raises(IndexLockedError, match=f"in use by PID {holder.pid}"):
            ReportIndex.open(tmp_path / "index", embedder=HashEmbedder())
        assert time.monotonic() - started <= 5.0
        refusals = 0
        for _ in range(9):  # issue 7: refused 10 times out of 10
            with pytest.raises(IndexLockedError):
                WriterLock.acquire(tmp_path / "index", wait_s=0.1)
            refusals += 1
        assert refusals == 9
        # Readers do not need the lock.
        (tmp_path / "index" / "registry.json").write_text('{"reports": []}', encoding="utf-8")
        ReportIndex.open(tmp_path / "index", embedder=HashEmbedder(), read_only=True).close()
    finally:
        holder.kill()
        holder.wait()
    # The kernel dropped the lock with the process.
    ReportIndex.open(tmp_path / "index", embedder=HashEmbedder()).close()


def test_pending_entry_is_reconciled_on_open(
    small_index: ReportIndex, handmade_files: list[Path]
) -> None:
    folder = small_index.index_dir
    small_index.close()
    # As if the process died after the upsert, before the registry said "done".
    registry = Registry.load(folder)
    first = next(iter(registry.entries.values()))
    registry.put(first.with_state("pending"))
    with open_handmade_index(folder, HashEmbedder()) as index:
        assert len(index.reports()) == 2
        assert len(index.chunks()) == 4
        summary = index.ingest(handmade_files)
        assert (summary.added, summary.unchanged) == (1, 2)
    listed, stored, lexical = _agreement(folder)
    assert listed == stored == lexical and len(listed) == 6


def _corpus(folder: Path, count: int) -> list[str]:
    folder.mkdir()
    paths = []
    for number in range(count):
        path = folder / f"r{number:02d}.txt"
        body = [("I", "KẾT QUẢ", f"Báo cáo số {number}: đạt {number * 7} km đường.")]
        body.append(("II", "KIẾN NGHỊ", f"Đề nghị hỗ trợ {number} công trình nước sinh hoạt."))
        path.write_text(handmade_text(f"Xã {number}", body), encoding="utf-8")
        paths.append(str(path))
    return paths


# Issue 7 asks for 20 kills over >= 50 files; CI runs 3 (INDEX_KILL_TRIALS=20 for all).
KILL_TRIALS = int(os.environ.get("INDEX_KILL_TRIALS", "3"))


@pytest.mark.slow
def test_kill_during_ingest_then_reingest_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    files = _corpus(tmp_path / "reports", 50)
    rng = random.Random(7)
    for trial in range(KILL_TRIALS):
        folder = tmp_path / f"index{trial}"
        child = _child("ingest", str(folder), *files)
        _wait_for(child, "OPEN")
        time.sleep(rng.uniform(0.05, 1.5))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        with open_handmade_index(folder, HashEmbedder()) as index:
            index.ingest(files)
            assert len(index.reports()) == 50
        listed, stored, lexical = _agreement(folder)
        assert listed == stored == lexical and len(listed) == 100, trial


@pytest.mark.slow
def test_reader_keeps_answering_while_another_process_ingests(tmp_path: Path) -> None:
    files = _corpus(tmp_path / "reports", 50)
    folder = tmp_path / "index"
    with open_handmade_index(folder, HashEmbedder()) as index:
        index.ingest(files[:5])
    writer = _child("ingest", str(folder), *files[5:])
    answered = refused = overlapped = 0
    try:
        _wait_for(writer, "OPEN")
        with open_handmade_index(folder, HashEmbedder(), read_only=True) as reader:
            for number in range(200):
                overlapped += writer.poll() is None
                try:
                    hits = reader.search(f"công trình nước sinh hoạt {number % 50}", k=3)
                except IndexingError:
                    refused += 1  # a one-line error, not a traceback
                else:
                    answered += bool(hits)
        assert answered >= 198, (answered, refused)
        assert overlapped >= 20, "the writer finished before the reader started"
    finally:
        writer.wait(timeout=120)
    listed, stored, lexical = _agreement(folder)
    assert listed == stored == lexical and len(listed) == 100


@pytest.mark.slow
def test_damaged_store_is_reported_then_rebuilt_from_saved_parses(
    small_index: ReportIndex,
) -> None:
    folder = small_index.index_dir
    small_index.close()
    assert check_store(folder) == 6
    (folder / "chroma" / "chroma.sqlite3").write_bytes(b"\0garbage" * 4096)
    with pytest.raises(IndexDamagedError, match="baocao reindex --index"):
        check_store(folder)
    with open_handmade_index(folder, HashEmbedder(), repair_damaged_store=True) as index:
        summary = index.reindex()
        assert summary.unchanged == 3
        assert index.search("nuoc sinh hoat", k=1)[0].chunk.metadata.commune == "Hùng Sơn"
    assert list(folder.glob("chroma.damaged-*"))
    assert check_store(folder) == 6


def test_reader_sees_chunks_another_process_added(small_index: ReportIndex, tmp_path: Path) -> None:
    folder = small_index.index_dir
    small_index.close()
    body = "Cầu treo bản Sa Ná phục vụ 120 hộ."
    extra = tmp_path / "extra.txt"
    extra.write_text(handmade_text("Na Mèo", [("I", "A", body)]), encoding="utf-8")
    with open_handmade_index(folder, HashEmbedder(), read_only=True) as reader:
        assert reader.search(body, k=1, mode="dense")[0].chunk.metadata.commune != "Na Mèo"
        writer = _child("ingest", str(folder), str(extra))
        assert writer.wait(timeout=60) == 0
        # HashEmbedder shares no meaning between texts: only the chunk made from this
        # passage (and its breadcrumb) is near it.
        hits = reader.search(body, k=1, mode="dense")
        assert hits[0].chunk.metadata.commune == "Na Mèo"
