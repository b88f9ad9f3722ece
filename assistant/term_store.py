"""Term statistics kept on disk, so opening a large index does not count every passage again.

The statistics are a cache of the indexed reports: segments (`assistant.term_segment`)
named in `manifest.json`, each listing the reports ("report id/chunks") it counted. Brought
up to date against the reports indexed now: a segment's reports that are gone are left
out of its counts, reports no segment holds are split and counted into a new segment,
and segments merge as they grow (each at least twice the next, so there are few). A
missing or unreadable file only costs counting its reports again; two processes updating
at once can only orphan a segment file, never change a count.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from assistant.passages import Passage
from assistant.segment_files import remove_saved
from assistant.term_segment import Segment
from assistant.term_stats import LivePart, TermStats

logger = logging.getLogger(__name__)

# The statistics' folder inside an index folder.
TERM_STATS_DIR = "term-stats"
MANIFEST = "manifest.json"
# Passages of deleted reports, as a share of all, beyond which every segment is rewritten
# without them. Counts are exact either way: this bounds memory and work, not answers.
MAX_DROPPED_SHARE = 0.1
# Segment files no manifest names are removed once this old (another process may be
# writing one it has not named yet).
ORPHAN_AGE_S = 3600.0

PassagesOf = Callable[[Sequence[str]], list[Passage]]


def term_stats_folder(index_dir: str | Path) -> Path:
    """Where the term statistics of the index in `index_dir` are kept."""
    return Path(index_dir).expanduser() / TERM_STATS_DIR


class TermStatsStore:
    """The current `TermStats`, kept in `folder` (or in memory only when it is None)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._lock = threading.Lock()
        self._parts: list[tuple[str, Segment]] | None = None
        # Segment files this process made or read: removed once no manifest names them.
        self._known: set[str] = set()

    def current(self, keys: Sequence[str], passages_of: PassagesOf) -> TermStats:
        """Statistics of the reports `keys` ("report id/chunks") name.

        `passages_of(report_ids)` splits the reports no segment holds yet.
        """
        with self._lock:
            parts = self._parts if self._parts is not None else self._load()
            live = set(keys)
            held = {key for _, segment in parts for key in segment.keys if key in live}
            missing = sorted(live - held)
            if missing:
                ids = {key.split("/")[0]: key for key in missing}
                segment = Segment.build(passages_of(sorted(ids)), key_of=ids)
                parts = [*parts, self._saved(segment)]
            parts = self._compacted(parts, live)
            if parts != self._parts:
                self._write_manifest(parts)
            self._parts = parts
            return TermStats(parts=[_live_part(segment, live) for _, segment in parts])

    def _compacted(
        self, parts: list[tuple[str, Segment]], live: set[str]
    ) -> list[tuple[str, Segment]]:
        sizes = [len(segment) for _, segment in parts]
        dropped = sum(_live_part(segment, live).dropped_passages for _, segment in parts)
        if parts and dropped > MAX_DROPPED_SHARE * max(sum(sizes), 1):
            return [self._merged(parts, live)]
        while len(parts) > 1 and 2 * len(parts[-1][1]) >= len(parts[-2][1]):
            parts = [*parts[:-2], self._merged(parts[-2:], live)]
        return parts

    def _merged(self, parts: list[tuple[str, Segment]], live: set[str]) -> tuple[str, Segment]:
        started = time.perf_counter()
        live_parts = [_live_part(segment, live) for _, segment in parts]
        merged = Segment.merge([(part.segment, part.dropped) for part in live_parts])
        logger.info(
            "Merged %s term-statistics segments (%s passages) in %.2f s",
            len(parts),
            len(merged),
            time.perf_counter() - started,
        )
        return self._saved(merged)

    def _saved(self, segment: Segment) -> tuple[str, Segment]:
        name = f"segment-{uuid.uuid4().hex[:12]}"
        self._known.add(name)
        if self.folder is not None:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                segment.save(self.folder / name)
            except OSError as err:
                logger.warning("Cannot keep term statistics in %s (%s)", self.folder, err)
        return name, segment

    def _load(self) -> list[tuple[str, Segment]]:
        if self.folder is None or not (self.folder / MANIFEST).exists():
            return []
        try:
            names = json.loads((self.folder / MANIFEST).read_text("utf-8"))["segments"]
        except (OSError, ValueError, KeyError) as err:
            logger.warning(
                "Term statistics in %s are unreadable (%s): counting anew", self.folder, err
            )
            return []
        parts = []
        for name in names:
            try:
                parts.append((name, Segment.load(self.folder / name)))
                self._known.add(name)
            except (OSError, ValueError, KeyError) as err:
                logger.warning("Term statistics segment %s is unreadable (%s)", name, err)
        return parts

    def _write_manifest(self, parts: list[tuple[str, Segment]]) -> None:
        if self.folder is None:
            return
        names = [name for name, _ in parts]
        try:
            partial = self.folder / f"{MANIFEST}.{os.getpid()}.partial"
            partial.write_text(json.dumps({"segments": names}), "utf-8")
            partial.replace(self.folder / MANIFEST)
            self._remove_orphans(set(names))
        except OSError as err:
            logger.warning("Cannot keep term statistics in %s (%s)", self.folder, err)

    def _remove_orphans(self, named: set[str]) -> None:
        """Delete segments this process merged away, and old ones nobody names."""
        assert self.folder is not None
        now = time.time()
        for path in self.folder.glob("segment-*"):  # folders; `.npz` files saved before
            if path.name in named:
                continue
            if path.name in self._known or now - path.stat().st_mtime > ORPHAN_AGE_S:
                remove_saved(path)
        self._known &= named


def _live_part(segment: Segment, live: set[str]) -> LivePart:
    """`segment` with the reports `live` does not name dropped."""
    return LivePart(segment, frozenset(set(segment.keys) - live))
