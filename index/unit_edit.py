"""A report's unit set by hand, when its file does not say (or says it wrongly).

The unit lives in four places, all changed here at once: the saved parse (so `reindex`
keeps it), the registry entry (filters, the unit list, `baocao reports`), each chunk's
metadata and breadcrumb in the store (citations name it; the breadcrumb is part of what
dense search embeds and BM25 reads). The caller re-scores the chunks in the lexical index.
A file re-ingested at the same path keeps the unit while its new parse finds none.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from index.chunk_vectors import embed_chunks
from index.errors import ReportNotFoundError, UnitNameError
from index.registry import ReportEntry
from ingest.types import Chunk, Report
from ingest.units import unit_from_text

if TYPE_CHECKING:
    from index.build import Builder

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class UnitEdit:
    """What `set_unit` changed: the report's new chunks and the ids they replace."""

    entry: ReportEntry
    chunks: tuple[Chunk, ...]
    old_chunk_ids: tuple[str, ...]


def parse_unit(text: str) -> tuple[str | None, str]:
    """(kind, name) of a typed unit; `UnitNameError` when it names none."""
    try:
        return unit_from_text(text)
    except ValueError as err:
        raise UnitNameError(str(err)) from err


def set_unit(builder: Builder, report_id: str, unit: str) -> UnitEdit:
    """Make `unit` ("xã Tân Hòa", "phường 3") the unit of report `report_id`.

    Raises:
        UnitNameError: `unit` names no unit.
        ReportNotFoundError: no such report, or its saved parse is gone.
    """
    kind, name = parse_unit(unit)
    entry = builder.registry.entries.get(report_id)
    report = builder.registry.load_parse(report_id) if entry is not None else None
    if entry is None or report is None:
        raise ReportNotFoundError(
            f"No report {report_id!r} to set the unit of - list them with 'baocao reports'"
        )
    report = with_unit(report, kind, name)
    chunks = builder.chunk(report)
    builder.registry.save_parse(report)
    vectors, _ = embed_chunks(builder.embedder, chunks, builder.cache)
    builder.store.upsert(chunks, vectors)
    # A longer breadcrumb leaves less room per chunk: the cut may move.
    builder.store.delete_ids(set(entry.chunk_ids) - {chunk.chunk_id for chunk in chunks})
    updated = replace(
        entry,
        metadata=report.metadata.to_dict(),
        chunk_ids=tuple(chunk.chunk_id for chunk in chunks),
        unit_set_by_hand=True,
    )
    builder.registry.put(updated)
    logger.info("Unit of %s set by hand to %s %s", entry.source, kind or "", name)
    return UnitEdit(updated, tuple(chunks), entry.chunk_ids)


def with_unit(report: Report, kind: str | None, name: str | None) -> Report:
    """`report` as a report of unit `kind` `name`."""
    return replace(report, metadata=replace(report.metadata, commune=name, unit_kind=kind))


def kept_unit(report: Report, previous: ReportEntry | None) -> Report:
    """`report` with the unit set by hand on the version it replaces, if it finds none."""
    if previous is None or not previous.unit_set_by_hand or report.metadata.commune:
        return report
    meta = previous.metadata
    return with_unit(report, meta.get("unit_kind"), meta.get("commune"))
