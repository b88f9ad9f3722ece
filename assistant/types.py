"""Answer and Citation: what every way in (UI, CLI, API, evals) gets back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from index.types import Hit
from ingest.types import is_header_part, section_label
from ingest.units import unit_label

Language = Literal["vi", "en"]


@dataclass(frozen=True, slots=True)
class Citation:
    """One `[n]` in an answer: a verbatim quote from a numbered section of a report.

    `quote` is a substring of `section_text` (after whitespace/Unicode normalisation),
    checked by `verify` before the answer is returned.
    """

    number: int
    quote: str
    chunk_id: str
    report_id: str
    source: str
    commune: str | None
    document: str
    labels: tuple[str, ...]
    heading_path: tuple[str, ...]
    section_text: str
    page: int | None = None
    score: float = 0.0
    # "phường", "xã", … of `commune` (None when the report does not say).
    unit_kind: str | None = None
    # The quote's page was read by OCR from a scan: it may hold recognition slips.
    is_ocr: bool = False

    @property
    def unit(self) -> str:
        """'Phường Sa Đéc' (or the name alone when its kind is unknown)."""
        return unit_label(self.unit_kind, self.commune)

    @property
    def section(self) -> str:
        """Printed reference, e.g. "V.3 — KIẾN NGHỊ, ĐỀ XUẤT"."""
        title = self.heading_path[-1] if self.heading_path else ""
        # The header and signature block are not numbered: their title says which.
        label = "" if is_header_part(self.labels) else section_label(self.labels)
        if label and title:
            return f"{label} — {title}"
        return label or title

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.number,
            "quote": self.quote,
            "text": self.section_text,
            "commune": self.commune,
            "unit_kind": self.unit_kind,
            "source": self.source,
            "report_id": self.report_id,
            "document": self.document,
            "section": self.section,
            "labels": list(self.labels),
            "heading_path": list(self.heading_path),
            "page": self.page,
            "ocr": self.is_ocr,
            "score": round(self.score, 6),
            "chunk_id": self.chunk_id,
        }


@dataclass(frozen=True, slots=True)
class Answer:
    """The assistant's reply. "Nothing found" is an Answer with `abstained=True`.

    `hits` are the retrieved chunks in rank order (for retrieval metrics and the UI);
    `notes` carry user-facing remarks such as "the language model timed out; extractive
    answer shown".
    """

    question: str
    text: str
    citations: tuple[Citation, ...]
    abstained: bool
    language: Language
    communes: tuple[str, ...] = ()
    hits: tuple[Hit, ...] = ()
    timings_ms: dict[str, float] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    mode: str = "extractive"

    @property
    def is_grounded(self) -> bool:
        """True when the answer abstained or every claim carries a citation."""
        return self.abstained or bool(self.citations)

    def to_dict(self) -> dict[str, Any]:
        """The `baocao ask --json` contract (DESIGN.md)."""
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "language": self.language,
            "communes": list(self.communes),
            "citations": [citation.to_dict() for citation in self.citations],
            "retrieved": [hit.to_dict() for hit in self.hits],
            "timings_ms": {key: round(value, 2) for key, value in self.timings_ms.items()},
            "notes": list(self.notes),
            "mode": self.mode,
        }


@dataclass(frozen=True, slots=True)
class Turn:
    """One message of chat history."""

    role: Literal["user", "assistant"]
    content: str
