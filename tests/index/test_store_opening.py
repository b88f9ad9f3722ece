"""The index opens one store client, however many threads ask for it at once."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any, cast

from index.build import Builder
from index.registry import Registry
from ingest import chunk_report, load_report
from tests.fakes import HashEmbedder


class SlowStore:
    """Stands in for a Chroma client that takes a moment to open."""

    def __init__(self, opened: list[SlowStore]) -> None:
        time.sleep(0.05)  # wide enough for racing threads to overlap
        opened.append(self)
        self.is_closed = False

    def close(self) -> None:
        self.is_closed = True


def _builder(folder: Path, opened: list[SlowStore]) -> Builder:
    return Builder(
        open_store=lambda: cast(Any, SlowStore(opened)),
        registry=Registry(folder),
        embedder=HashEmbedder(),
        cache=None,
        chunk_tokens=400,
        load_report=load_report,
        chunk_report=chunk_report,
    )


def _ask_at_once(builder: Builder, threads: int) -> list[object]:
    start = threading.Barrier(threads)
    seen: list[object] = []

    def ask() -> None:
        start.wait()
        seen.append(builder.store)

    workers = [threading.Thread(target=ask) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    return seen


def test_concurrent_first_use_opens_one_store(tmp_path: Path) -> None:
    opened: list[SlowStore] = []
    seen = _ask_at_once(_builder(tmp_path, opened), threads=16)
    assert len(opened) == 1
    assert len(seen) == 16 and all(store is opened[0] for store in seen)


def test_reopen_closes_the_old_store_and_opens_one_new(tmp_path: Path) -> None:
    opened: list[SlowStore] = []
    builder = _builder(tmp_path, opened)
    first = builder.store
    builder.reopen_store()
    seen = _ask_at_once(builder, threads=8)
    assert cast(SlowStore, first).is_closed
    assert len(opened) == 2 and all(store is opened[1] for store in seen)
