"""Checks that the registry, the dense store and the lexical index hold the same chunks.

Run after a writer is gone (nothing repairs anything here: it only reads). `expected`
is computed independently of the index, by parsing and chunking the files with the real
pipeline, so "lost" and "extra" mean against what the files say, not what the index says.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from index import Embedder
from index.lexical import LexicalIndex
from index.registry import Registry
from index.store import ChromaStore, connect
from ingest import chunk_report, load_report

LEXICAL_DIR = "lexical"


@dataclass(frozen=True, slots=True)
class Agreement:
    """Chunk ids per part of the index, and what differs from the files."""

    registry: frozenset[str]
    store: frozenset[str]
    lexical: frozenset[str]
    expected: frozenset[str]
    duplicated: int  # same (report source, labels, text) stored under more than one id
    not_done: int  # registry entries left "pending"/"deleting"
    sources_twice: int  # files with more than one registry entry

    @property
    def lost(self) -> int:
        return len(self.expected - (self.registry & self.store & self.lexical))

    @property
    def extra(self) -> int:
        return len((self.registry | self.store | self.lexical) - self.expected)

    @property
    def is_consistent(self) -> bool:
        parts_agree = self.registry == self.store == self.lexical == self.expected
        clean = not (self.duplicated or self.not_done or self.sources_twice)
        return parts_agree and clean

    def summary(self) -> str:
        return (
            f"registry {len(self.registry)}, store {len(self.store)}, lexical "
            f"{len(self.lexical)}, expected {len(self.expected)}; lost {self.lost}, extra "
            f"{self.extra}, duplicated {self.duplicated}, not done {self.not_done}, "
            f"sources twice {self.sources_twice}"
        )


def expected_chunk_ids(
    files: Iterable[Path], embedder: Embedder, *, max_tokens: int = 400
) -> set[str]:
    """Chunk ids the files should produce, from the real parser and chunker alone."""
    ids: set[str] = set()
    for path in files:
        chunks = chunk_report(
            load_report(path), max_tokens=max_tokens, count_tokens=embedder.count_tokens
        )
        ids.update(chunk.chunk_id for chunk in chunks)
    return ids


def check_agreement(index_dir: Path, embedder: Embedder, expected: set[str]) -> Agreement:
    """Read the three parts of the index at `index_dir` straight from disk."""
    # The manifest with its journal replayed, as a reader opening the index sees it.
    entries = [entry.to_json() for entry in Registry.load(index_dir).entries.values()]
    listed = {cid for item in entries if item["state"] == "done" for cid in item["chunk_ids"]}
    store = ChromaStore(
        connect(path=index_dir / "chroma", url=None),
        embedder=embedder,
        where=str(index_dir),
        is_read_only=True,
    )
    try:
        chunks = store.get()
    finally:
        store.close()
    lexical = LexicalIndex.load(index_dir / LEXICAL_DIR)
    contents = Counter((c.source, c.labels, c.text) for c in chunks)
    sources = Counter(item["path_key"] for item in entries)
    return Agreement(
        registry=frozenset(listed),
        store=frozenset(c.chunk_id for c in chunks),
        lexical=frozenset(lexical.chunk_ids if lexical is not None else ()),
        expected=frozenset(expected),
        duplicated=sum(n - 1 for n in contents.values()),
        not_done=sum(item["state"] != "done" for item in entries),
        sources_twice=sum(n > 1 for n in sources.values()),
    )
