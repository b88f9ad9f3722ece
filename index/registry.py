"""The report registry: a JSON manifest of what the index holds.

It is written before and after every store write, so a crash mid-ingest can be
repaired (issue 7).

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
    """The manifest in `index_dir`; readers reload it when the file changes."""

    folder: Path
    entries: dict[str, ReportEntry] = field(default_factory=dict)
    embedder_id: str | None = None
    mirror: RegistryMirror | None = None
    _stamp: int = -1
    _fingerprint: str | None = None
    _mirror_read_at: float = -1e9

    @property
    def path(self) -> Path:
        return self.folder / REGISTRY_FILE

    @classmethod
    def load(cls, folder: Path) -> Registry:
        registry = cls(folder)
        registry.reload_if_changed()
        return registry

    @property
    def writer_id(self) -> str:
        return f"{socket.gethostname()}:{self.folder.resolve()}"

    def reload_if_changed(self) -> bool:
        """Re-read the file (or the shared mirror) if someone else changed it."""
        if self.mirror is not None:
            return self._reload_mirror()
        try:
            stamp = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            return False
        if stamp == self._stamp:
            return False
        data = json.loads(self.path.read_text(encoding="utf-8"))
        self.entries = {
            item["report_id"]: ReportEntry.from_json(item) for item in data.get("reports", [])
        }
        self.embedder_id = data.get("embedder")
        self._stamp = stamp
        self._fingerprint = None
        return True

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
        self._fingerprint = None
        return True

    def save(self) -> None:
        """Write atomically (temp file, fsync, rename): a crash leaves the old or the new."""
        self.folder.mkdir(parents=True, exist_ok=True)
        reports = [entry.to_json() for entry in list(self.entries.values())]
        data = {"version": FORMAT_VERSION, "embedder": self.embedder_id, "reports": reports}
        temp = self.path.with_suffix(".json.tmp")
        with temp.open("w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, self.path)
        self._stamp = self.path.stat().st_mtime_ns
        self._fingerprint = None

    def publish(self) -> None:
        """Write every entry to the shared mirror (first use of a server, after reindex)."""
        if self.mirror is not None:
            self.mirror.write_entries([e.to_json() for e in list(self.entries.values())])

    def put(self, entry: ReportEntry) -> None:
        self.entries[entry.report_id] = entry
        self.save()
        # Only the changed entry: writing all would resurrect what another instance deleted.
        if self.mirror is not None:
            self.mirror.write_entries([entry.to_json()])

    def remove(self, *report_ids: str, save: bool = True) -> None:
        for report_id in report_ids:
            self.entries.pop(report_id, None)
            self.parse_path(report_id).unlink(missing_ok=True)
        if self.mirror is not None:
            self.mirror.delete(report_ids)
        if save:
            self.save()

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

    def fingerprint(self) -> str:
        """Hash of every indexed chunk id: the lexical index is fresh when it matches."""
        if self._fingerprint is None:
            digest = hashlib.sha256()
            for chunk_id in sorted(cid for entry in self.done() for cid in entry.chunk_ids):
                digest.update(chunk_id.encode("ascii"))
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
