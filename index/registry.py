"""The report registry: a JSON manifest of what the index holds.

It is written before and after every store write, so a crash mid-ingest can be
repaired (issue 7). A change is one line appended to a journal beside the manifest, not a
rewrite of it: rewriting every entry after every file made a folder of thousands of
reports quadratic (issue 15). The manifest names its journal; when the journal holds
more lines than the manifest has entries, both are folded into a new manifest, so the
cost per change stays constant on average.

Each entry goes "pending" (parse saved, chunks about to be written) -> "done"; a delete
goes "deleting" -> gone. On open, a writer reconciles whatever is not "done". The full
parse of each report lives beside it in reports/<id>.json (for the source viewer), so the
manifest itself stays small and is cheap to rewrite after every file.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, Protocol

from index.types import ReportRecord, SearchFilters
from ingest.types import Report, ReportMetadata

REGISTRY_FILE = "registry.json"
PARSES_DIR = "reports"
FORMAT_VERSION = 1
# Journals shorter than this are never folded (a small library rewrites nothing).
MIN_COMPACT_LINES = 256

State = Literal["pending", "done", "deleting"]
# A server-mode registry re-reads the shared copy at most this often.
MIRROR_REFRESH_S = 1.0


class RegistryMirror(Protocol):
    """A shared copy of the registry (on a Chroma server; see `store.ChromaRegistryMirror`)."""

    def write_entries(self, entries: Sequence[dict[str, Any]]) -> None: ...
    def write_parse(self, report_id: str, parse_json: str) -> None: ...
    def read_entries(self) -> list[dict[str, Any]]: ...
    def read_parse(self, report_id: str) -> str | None: ...
    def delete(self, report_ids: Sequence[str]) -> None: ...


@dataclass(frozen=True, slots=True)
class ReportEntry:
    """One report as the registry knows it."""

    report_id: str
    source: str
    path_key: str
    file_sha256: str
    file_format: str
    metadata: dict[str, str | None]
    sections: int
    chunk_ids: tuple[str, ...]
    state: State = "pending"
    replaces: str | None = None
    stored_path: str | None = None
    writer: str = ""  # which index folder wrote it: only that writer repairs it
    content_key: str = ""  # Report.content_key; "" for entries written before it existed
    # The unit in `metadata` was set by a person (`index.unit_edit`), not read from the file.
    unit_set_by_hand: bool = False

    @property
    def report_metadata(self) -> ReportMetadata:
        return ReportMetadata.from_dict(self.metadata)

    def with_state(self, state: State) -> ReportEntry:
        return replace(self, state=state, replaces=None if state == "done" else self.replaces)

    def to_record(self) -> ReportRecord:
        meta = self.metadata
        return ReportRecord(
            report_id=self.report_id,
            source=self.source,
            commune=meta.get("commune"),
            doc_type=meta.get("doc_type"),
            number=meta.get("number"),
            date=meta.get("date"),
            title=meta.get("title"),
            period=meta.get("period"),
            sections=self.sections,
            chunks=len(self.chunk_ids),
            file_format=self.file_format,
            stored_path=self.stored_path,
            unit_kind=meta.get("unit_kind"),
            unit_set_by_hand=self.unit_set_by_hand,
        )

    def matches(self, filters: SearchFilters) -> bool:
        """All filters are per report; dates compare as ISO prefixes."""
        meta = self.metadata
        date = meta.get("date") or ""
        doc_types = {item.casefold() for item in filters.doc_types}
        return not (
            (filters.communes and meta.get("commune") not in filters.communes)
            or (doc_types and (meta.get("doc_type") or "").casefold() not in doc_types)
            or (filters.report_ids and self.report_id not in filters.report_ids)
            or not filters.allows_number(meta.get("number"))
            or not filters.allows_period(
                meta.get("period"), meta.get("date"), title=meta.get("title")
            )
            or (filters.date_from and (not date or date < filters.date_from))
            or (filters.date_to and (not date or date[: len(filters.date_to)] > filters.date_to))
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["chunk_ids"] = list(self.chunk_ids)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportEntry:
        return cls(**{**data, "chunk_ids": tuple(data.get("chunk_ids", ()))})


@dataclass
class Registry:
    """The manifest in `index_dir` and its journal; readers reload when either changes."""

    folder: Path
    entries: dict[str, ReportEntry] = field(default_factory=dict)
    embedder_id: str | None = None
    mirror: RegistryMirror | None = None
    _stamp: int = -1
    _fingerprint: str | None = None
    # Bumped by every change read or written: what callers cache from entries is fresh
    # while it is the same.
    version: int = 0
    _mirror_read_at: float = -1e9
    _journal: str = ""
    _journal_end: int = 0
    _journal_lines: int = 0

    @property
    def path(self) -> Path:
        return self.folder / REGISTRY_FILE

    @property
    def journal_path(self) -> Path:
        return self.folder / (self._journal or "registry.journal")

    @classmethod
    def load(cls, folder: Path) -> Registry:
        registry = cls(folder)
        registry.reload_if_changed()
        return registry

    @property
    def writer_id(self) -> str:
        return f"{socket.gethostname()}:{self.folder.resolve()}"

    def reload_if_changed(self) -> bool:
        """Re-read the manifest, or the journal's new lines, if someone else changed them."""
        if self.mirror is not None:
            return self._reload_mirror()
        try:
            stamp = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            return False
        if stamp != self._stamp:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.entries = {
                item["report_id"]: ReportEntry.from_json(item) for item in data.get("reports", [])
            }
            self.embedder_id = data.get("embedder")
            self._journal = str(data.get("journal") or "")
            self._journal_end = self._journal_lines = 0
            self._stamp = stamp
            self._replay_journal()
            self._changed()
            return True
        if self._replay_journal():
            self._changed()
            return True
        return False

    def _replay_journal(self) -> bool:
        """Apply the journal's complete lines past the last one read; True if any."""
        if not self._journal:
            return False
        try:
            with self.journal_path.open("rb") as handle:
                handle.seek(self._journal_end)
                tail = handle.read()
        except FileNotFoundError:
            return False
        # A line without its newline was cut by a crash: never acknowledged, not applied.
        complete = tail[: tail.rfind(b"\n") + 1]
        for line in complete.splitlines():
            self._apply(json.loads(line))
            self._journal_lines += 1
        self._journal_end += len(complete)
        return bool(complete)

    def _apply(self, change: dict[str, Any]) -> None:
        if "put" in change:
            entry = ReportEntry.from_json(change["put"])
            self.entries[entry.report_id] = entry
        for report_id in change.get("remove", ()):
            self.entries.pop(report_id, None)
        if change.get("embedder"):
            self.embedder_id = change["embedder"]

    def _append(self, change: dict[str, Any]) -> None:
        """One change, durable before returning; folds the journal when it grows long."""
        if not self._journal or not self.path.exists():
            self.save()
        line = json.dumps({**change, "embedder": self.embedder_id}, ensure_ascii=False)
        with self.journal_path.open("ab") as handle:
            # Only the writer appends (it holds the lock): bytes past what it last wrote
            # are a line a crash cut short, and go before the next one is added.
            handle.truncate(self._journal_end)
            handle.write(line.encode("utf-8") + b"\n")
            handle.flush()
            os.fsync(handle.fileno())
            self._journal_end = handle.tell()
        self._journal_lines += 1
        self._changed()
        if self._journal_lines > max(MIN_COMPACT_LINES, len(self.entries)):
            self.save()

    def attach(self, mirror: RegistryMirror) -> None:
        """Share this registry through `mirror` (server mode); the shared copy wins."""
        self.mirror = mirror
        if self.entries and not mirror.read_entries():
            self.publish()  # first use of this server: share what we have
        self._mirror_read_at = -1e9
        self._reload_mirror()

    def _reload_mirror(self) -> bool:
        now = time.monotonic()
        if self.mirror is None or now - self._mirror_read_at < MIRROR_REFRESH_S:
            return False
        self._mirror_read_at = now
        entries = {
            item["report_id"]: ReportEntry.from_json(item) for item in self.mirror.read_entries()
        }
        if entries == self.entries:
            return False
        self.entries = entries
        self._changed()
        return True

    def save(self) -> None:
        """Fold everything into a new manifest with an empty journal.

        Atomic (temp file, fsync, rename): a crash leaves the old manifest and journal, or
        the new manifest, which names a journal not yet written.
        """
        self.folder.mkdir(parents=True, exist_ok=True)
        old_journal = self.journal_path if self._journal else None
        journal = f"registry-{time.time_ns():x}.journal"
        reports = [entry.to_json() for entry in list(self.entries.values())]
        data = {
            "version": FORMAT_VERSION,
            "embedder": self.embedder_id,
            "journal": journal,
            "reports": reports,
        }
        temp = self.path.with_suffix(".json.tmp")
        with temp.open("w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, self.path)
        self._stamp = self.path.stat().st_mtime_ns
        self._journal, self._journal_end, self._journal_lines = journal, 0, 0
        self._changed()
        if old_journal is not None:
            old_journal.unlink(missing_ok=True)

    def publish(self) -> None:
        """Write every entry to the shared mirror (first use of a server, after reindex)."""
        if self.mirror is not None:
            self.mirror.write_entries([e.to_json() for e in list(self.entries.values())])

    def put(self, entry: ReportEntry) -> None:
        self.entries[entry.report_id] = entry
        self._append({"put": entry.to_json()})
        # Only the changed entry: writing all would resurrect what another instance deleted.
        if self.mirror is not None:
            self.mirror.write_entries([entry.to_json()])

    def remove(self, *report_ids: str) -> None:
        for report_id in report_ids:
            self.entries.pop(report_id, None)
            self.parse_path(report_id).unlink(missing_ok=True)
        if self.mirror is not None:
            self.mirror.delete(report_ids)
        if report_ids:
            self._append({"remove": list(report_ids)})

    def done(self) -> list[ReportEntry]:
        # list() first: another thread may add an entry while this one reads.
        return [entry for entry in list(self.entries.values()) if entry.state == "done"]

    def matching(self, filters: SearchFilters) -> set[str]:
        return {entry.report_id for entry in self.done() if entry.matches(filters)}

    def by_path(self, path_key: str) -> ReportEntry | None:
        for entry in list(self.entries.values()):
            if entry.path_key == path_key and entry.state == "done":
                return entry
        return None

    def _changed(self) -> None:
        self._fingerprint = None
        self.version += 1

    def fingerprint(self) -> str:
        """Hash of every indexed chunk id: the lexical index is fresh when it matches.

        Units set by hand count too: they change what BM25 reads of a chunk (its
        breadcrumb) and which unit it belongs to, not its id.
        """
        if self._fingerprint is None:
            digest = hashlib.sha256()
            for chunk_id in sorted(cid for entry in self.done() for cid in entry.chunk_ids):
                digest.update(chunk_id.encode("ascii"))
            for entry in sorted(self.done(), key=lambda e: e.report_id):
                if entry.unit_set_by_hand:
                    unit = (
                        entry.report_id,
                        entry.metadata.get("unit_kind"),
                        entry.metadata.get("commune"),
                    )
                    digest.update(json.dumps(unit, ensure_ascii=False).encode("utf-8"))
            self._fingerprint = digest.hexdigest()
        return self._fingerprint

    def parse_path(self, report_id: str) -> Path:
        return self.folder / PARSES_DIR / f"{report_id}.json"

    def save_parse(self, report: Report) -> None:
        path = self.parse_path(report.report_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(".json.tmp")
        text = json.dumps(report.to_dict(), ensure_ascii=False)
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)
        if self.mirror is not None:
            self.mirror.write_parse(report.report_id, text)

    def load_parse(self, report_id: str) -> Report | None:
        try:
            text: str | None = self.parse_path(report_id).read_text(encoding="utf-8")
        except FileNotFoundError:
            text = self.mirror.read_parse(report_id) if self.mirror is not None else None
        return Report.from_dict(json.loads(text)) if text else None
