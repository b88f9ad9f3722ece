"""Index types: search hits, filters, ingest summaries and report records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ingest.errors import IngestError
from ingest.folding import fold
from ingest.periods import Span, named_spans, report_span
from ingest.types import Chunk


@dataclass(frozen=True, slots=True)
class Hit:
    """A retrieved chunk. `score` is a similarity: higher is better.

    `dense_score` / `lexical_score` keep each side's contribution for explanations and
    ablations; they are None when that side did not return the chunk.
    """

    chunk: Chunk
    score: float
    dense_score: float | None = None
    lexical_score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The `baocao search --json` contract (DESIGN.md)."""
        meta = self.chunk.metadata
        return {
            "text": self.chunk.text,
            "score": round(self.score, 6),
            "commune": meta.commune,
            "source": self.chunk.source,
            "report_id": self.chunk.report_id,
            "section": self.chunk.label,
            "labels": list(self.chunk.labels),
            "heading_path": list(self.chunk.heading_path),
            "page": self.chunk.page_start,
            "chunk_id": self.chunk.chunk_id,
        }


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Metadata filters; empty tuples / None mean "no constraint".

    Communes are matched exactly on the stored (canonical) name; callers resolve what the
    user typed first. Dates are ISO prefixes compared as strings ("2026-05" <= "2026-05-19").
    """

    communes: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()
    report_ids: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    # Document numbers as a question writes them ("101-CV/ĐU", or just "13").
    numbers: tuple[str, ...] = ()
    # A period named in a question: only reports whose span covers part of it answer
    # (a quarter's report for "tháng 2", not quý I's for "quý II").
    period: Span | None = None
    # Asked about a period no report accounts for: reports that plan it answer.
    period_in_title: bool = False

    @property
    def is_empty(self) -> bool:
        return not (
            self.communes
            or self.doc_types
            or self.report_ids
            or self.date_from
            or self.date_to
            or self.numbers
            or self.period
        )

    def allows_number(self, number: str | None) -> bool:
        """Whether a report numbered `number` passes the number filter.

        "13" finds "13-TTr/ĐU" and "13/TTr-UBND"; a full number must match whole
        (spaces, case and accents aside: "101-CV/DU" is "101-CV/ĐU").
        """
        if not self.numbers:
            return True
        have = _number_key(number or "")
        return bool(have) and any(
            have == want or have.startswith((want + "-", want + "/"))
            for want in map(_number_key, self.numbers)
        )

    def allows_period(
        self, period: str | None, date: str | None, *, title: str | None = None
    ) -> bool:
        """Whether a report of that period (or, without one, that date) covers the span.

        With `period_in_title`, a period the title names after its own counts too, the
        one it plans ("nhiệm vụ quý III và nhiệm vụ trọng tâm quý IV năm 2025").
        """
        if self.period is None:
            return True
        span = report_span(period, date)
        if span is not None and self.period.overlaps(span):
            return True
        planned = named_spans(title or "") if self.period_in_title else []
        return any(self.period.overlaps(named) for named in planned)


def _span_dict(span: Span | None) -> dict[str, str] | None:
    return None if span is None else {"start": span.start, "end": span.end, "kind": span.kind}


def _number_key(number: str) -> str:
    return fold(number).replace(" ", "")


@dataclass(frozen=True, slots=True)
class FailedFile:
    """A file not indexed: its one-line `error`, and the condition's `kind`.

    `kind` is `IngestError.kind` ("corrupt", "empty", ...), "unreadable" for an OS error,
    "missing" for a path that does not exist, "other" otherwise.
    """

    path: str
    error: str
    kind: str = "other"

    @classmethod
    def of(cls, path: str, error: str, cause: BaseException) -> FailedFile:
        """The failure `cause` stands for, its kind read from the exception."""
        if isinstance(cause, IngestError):
            return cls(path, error, cause.kind)
        return cls(path, error, "unreadable" if isinstance(cause, OSError) else "other")


@dataclass(frozen=True, slots=True)
class DuplicateFile:
    """A file whose text is already indexed from another file (any format): not indexed."""

    path: str
    duplicate_of: str  # the indexed file's source name
    report_id: str  # the indexed report's id


@dataclass(frozen=True, slots=True)
class IngestSummary:
    """What one ingest run did. `failed` files did not touch the index."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    chunks_embedded: int = 0
    failed: tuple[FailedFile, ...] = field(default_factory=tuple)
    report_ids: tuple[str, ...] = field(default_factory=tuple)
    # Also counted in `unchanged`: nothing was written for them.
    duplicates: tuple[DuplicateFile, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """The `baocao ingest --json` contract (DESIGN.md)."""
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "chunks_embedded": self.chunks_embedded,
            "failed": [
                {"path": item.path, "error": item.error, "kind": item.kind} for item in self.failed
            ],
            "report_ids": list(self.report_ids),
            "duplicates": [
                {"path": item.path, "duplicate_of": item.duplicate_of, "report_id": item.report_id}
                for item in self.duplicates
            ],
        }


@dataclass(frozen=True, slots=True)
class ReportRecord:
    """One indexed report as listed by `baocao reports`."""

    report_id: str
    source: str
    commune: str | None
    doc_type: str | None
    number: str | None
    date: str | None
    title: str | None
    period: str | None
    sections: int
    chunks: int
    file_format: str = ""
    stored_path: str | None = None
    unit_kind: str | None = None
    # The unit was typed by a person (`baocao set-unit`, the library tab), not read.
    unit_set_by_hand: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The `baocao reports --json` contract (DESIGN.md)."""
        return {
            "id": self.report_id,
            "source": self.source,
            "commune": self.commune,
            "unit_kind": self.unit_kind,
            "unit_set_by_hand": self.unit_set_by_hand,
            "doc_type": self.doc_type,
            "number": self.number,
            "date": self.date,
            "title": self.title,
            "period": self.period,
            # The period (or, without one, the date) as a span of ISO dates.
            "span": _span_dict(report_span(self.period, self.date)),
            "sections": self.sections,
            "chunks": self.chunks,
            "format": self.file_format,
        }
