"""Core ingest types: a parsed Report, its Sections and the Chunks we index.

These are the contract between `ingest`, `index` and `assistant`; they are frozen so a
parse can be shared between threads (the web app answers while an upload is parsed).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ingest.units import unit_label

METADATA_KEYS = (
    "commune",
    "unit_kind",
    "doc_type",
    "number",
    "date",
    "issuer",
    "signer",
    "title",
    "period",
)


@dataclass(frozen=True, slots=True)
class ReportMetadata:
    """What the header and body say about a report; every field may be unknown.

    `date` is ISO and may be partial ("2026-05") when the day was left blank.
    """

    commune: str | None = None
    # "xã", "phường", "thị trấn", "đặc khu" (or "huyện" … for higher levels); the unit
    # is still called `commune` in the stored metadata and the public contracts.
    unit_kind: str | None = None
    doc_type: str | None = None
    number: str | None = None
    date: str | None = None
    issuer: str | None = None
    signer: str | None = None
    title: str | None = None
    period: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {key: getattr(self, key) for key in METADATA_KEYS}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReportMetadata:
        return cls(**{key: data.get(key) or None for key in METADATA_KEYS})

    def display_name(self) -> str:
        """Short human label, e.g. "Phường Sa Đéc — Quyết định 149/QĐ-UBND (2026-06-19)"."""
        parts = [unit_label(self.unit_kind, self.commune)]
        doc = (self.doc_type or "Văn bản").capitalize()
        if self.period:
            # Two reports of one unit are told apart by their period ("quý II/2026").
            doc += f" {self.period}"
        if self.number:
            doc += f" {self.number}"
        if self.date:
            doc += f" ({self.date})"
        parts.append(doc)
        return " — ".join(parts)


@dataclass(frozen=True, slots=True)
class Section:
    """One numbered (or unnumbered) part of a report, in document order.

    `labels` is the numbering path, e.g. ("V", "3") or ("I", "1", "1.4", "1.4.1", "a");
    an unnumbered preamble has (). `heading_path` holds the titles along that path, the
    last one being this section's own `title`. `text` is the body (footnotes referenced
    from it appended), NFC-normalised but otherwise as printed, so quotes can be checked.
    """

    report_id: str
    ordinal: int
    labels: tuple[str, ...]
    heading_path: tuple[str, ...]
    title: str
    text: str
    page_start: int | None = None
    page_end: int | None = None

    @property
    def label(self) -> str:
        """Printed section reference, e.g. "V.3" or "I.1.1.4.1.a" shortened to its tail."""
        return section_label(self.labels)

    def to_dict(self) -> dict[str, Any]:
        return {
            "labels": list(self.labels),
            "title": self.title,
            "text": self.text,
            "page_start": self.page_start,
            "page_end": self.page_end,
            "heading_path": list(self.heading_path),
            "ordinal": self.ordinal,
        }


@dataclass(frozen=True, slots=True)
class Report:
    """A parsed report: metadata plus its sections.

    `report_id` is the sha256 of the normalised full text, so the same content gets the
    same id whatever the file is called. `hidden_chars_dropped` counts text that was in
    the file but invisible to a reader (white, tiny, hidden runs) and was not indexed.
    """

    report_id: str
    source: str
    file_format: str
    metadata: ReportMetadata
    sections: tuple[Section, ...]
    hidden_chars_dropped: int = 0
    warnings: tuple[str, ...] = field(default_factory=tuple)
    # The header (issuer, number, place and date, type, title) and the closing block
    # (Nơi nhận, signature): not numbered sections, but where header facts are cited.
    header: Section | None = None
    closing: Section | None = None
    # Pages whose text was read by OCR from an image (quotes there may hold OCR slips).
    ocr_pages: tuple[int, ...] = ()
    # The same report saved in another format has the same key (ingest/fingerprint.py);
    # "" in parses saved before it existed.
    content_key: str = ""

    def is_ocr(self, page_start: int | None, page_end: int | None) -> bool:
        """Whether any page from `page_start` to `page_end` was read by OCR."""
        if page_start is None or not self.ocr_pages:
            return False
        last = page_end if page_end is not None else page_start
        return any(page_start <= page <= last for page in self.ocr_pages)

    @property
    def all_sections(self) -> tuple[Section, ...]:
        """Header, numbered sections and closing block, in document order."""
        return tuple(s for s in (self.header, *self.sections, self.closing) if s is not None)

    def to_dict(self) -> dict[str, Any]:
        """The `baocao inspect --json` contract (DESIGN.md)."""
        return {
            "report_id": self.report_id,
            "source": self.source,
            "format": self.file_format,
            "metadata": self.metadata.to_dict(),
            "sections": [section.to_dict() for section in self.sections],
            "header": self.header.to_dict() if self.header else None,
            "closing": self.closing.to_dict() if self.closing else None,
            "hidden_chars_dropped": self.hidden_chars_dropped,
            "warnings": list(self.warnings),
            "ocr_pages": list(self.ocr_pages),
            "content_key": self.content_key,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        report_id = data["report_id"]
        sections = tuple(
            _section_from_dict(report_id, item, position)
            for position, item in enumerate(data["sections"])
        )
        extra = {
            key: _section_from_dict(report_id, data[key], -1)
            for key in ("header", "closing")
            if data.get(key)
        }
        return cls(
            report_id=report_id,
            source=data["source"],
            file_format=data.get("format", ""),
            metadata=ReportMetadata.from_dict(data["metadata"]),
            sections=sections,
            hidden_chars_dropped=data.get("hidden_chars_dropped", 0),
            warnings=tuple(data.get("warnings", ())),
            ocr_pages=tuple(data.get("ocr_pages", ())),
            content_key=data.get("content_key", ""),
            **extra,
        )


@dataclass(frozen=True, slots=True)
class Chunk:
    """A section-bounded piece of text sized for the embedder.

    `breadcrumb` (commune, document, section labels and titles) is prepended to `text`
    for embedding and shown to users; `text` alone is what quotes are taken from.
    `chunk_id` = sha256 over (report id, labels, chunk index, text): re-ingesting the same
    report upserts the same ids.
    """

    chunk_id: str
    report_id: str
    source: str
    labels: tuple[str, ...]
    heading_path: tuple[str, ...]
    ordinal: int
    index: int
    text: str
    breadcrumb: str
    metadata: ReportMetadata
    page_start: int | None = None
    page_end: int | None = None
    is_ocr: bool = False  # its section's pages were read by OCR

    @property
    def embedding_text(self) -> str:
        return f"{self.breadcrumb}\n{self.text}" if self.breadcrumb else self.text

    @property
    def label(self) -> str:
        return section_label(self.labels)

    def to_metadata(self) -> dict[str, str | int | float | bool]:
        """Flatten for Chroma, which stores only str/int/float/bool values."""
        flat: dict[str, str | int | float | bool] = {
            "report_id": self.report_id,
            "source": self.source,
            "labels": labels_metadata(self.labels),
            "heading_path": json.dumps(list(self.heading_path), ensure_ascii=False),
            "ordinal": self.ordinal,
            "index": self.index,
            "breadcrumb": self.breadcrumb,
            "page_start": self.page_start if self.page_start is not None else -1,
            "page_end": self.page_end if self.page_end is not None else -1,
            "is_ocr": self.is_ocr,
        }
        for key, value in self.metadata.to_dict().items():
            flat[key] = value or ""
        return flat

    @classmethod
    def from_metadata(cls, chunk_id: str, text: str, flat: dict[str, Any]) -> Chunk:
        """Inverse of `to_metadata`."""
        page_start = int(flat.get("page_start", -1))
        page_end = int(flat.get("page_end", -1))
        return cls(
            chunk_id=chunk_id,
            report_id=str(flat["report_id"]),
            source=str(flat["source"]),
            labels=tuple(json.loads(str(flat["labels"]))),
            heading_path=tuple(json.loads(str(flat["heading_path"]))),
            ordinal=int(flat["ordinal"]),
            index=int(flat["index"]),
            text=text,
            breadcrumb=str(flat.get("breadcrumb", "")),
            metadata=ReportMetadata.from_dict(flat),
            page_start=page_start if page_start >= 0 else None,
            page_end=page_end if page_end >= 0 else None,
            is_ocr=bool(flat.get("is_ocr", False)),
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["labels"] = list(self.labels)
        data["heading_path"] = list(self.heading_path)
        return data


HEADER_LABELS = ("phần đầu",)
CLOSING_LABELS = ("phần cuối",)


HEADER_PARTS = (HEADER_LABELS, CLOSING_LABELS)


def is_header_part(labels: tuple[str, ...]) -> bool:
    """Whether a section (or chunk) is the header or the closing block of its report."""
    return labels in HEADER_PARTS


def labels_metadata(labels: Sequence[str]) -> str:
    """Section labels as a chunk's flat metadata holds them (a JSON list)."""
    return json.dumps(list(labels), ensure_ascii=False)


def _section_from_dict(report_id: str, item: dict[str, Any], position: int) -> Section:
    return Section(
        report_id=report_id,
        ordinal=item.get("ordinal", position),
        labels=tuple(item["labels"]),
        heading_path=tuple(item.get("heading_path", [item["title"]])),
        title=item["title"],
        text=item["text"],
        page_start=item.get("page_start"),
        page_end=item.get("page_end"),
    )


def section_label(labels: tuple[str, ...]) -> str:
    """Join a labels path the way reports print it: ("V", "3") -> "V.3".

    Arabic sub-numbers already carry their parents ("1.4.1"), so only the last Arabic
    label is kept: ("I", "1", "1.4", "1.4.1", "a") -> "I.1.4.1.a".
    """
    kept: list[str] = []
    for label in labels:
        if kept and "." in label and label.startswith(kept[-1] + "."):
            kept[-1] = label
        else:
            kept.append(label)
    return ".".join(kept)


def make_chunk_id(report_id: str, labels: tuple[str, ...], index: int, text: str) -> str:
    payload = json.dumps([report_id, list(labels), index, text], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def make_report_id(normalised_text: str) -> str:
    return hashlib.sha256(normalised_text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Block:
    """One line or paragraph as a loader extracted it (internal to `ingest`).

    PDF and plain-text loaders emit one Block per printed line (normalize joins hard
    wraps); DOCX emits one per paragraph or table row. `list_label` is Word's automatic
    numbering rendered as printed ("II.", "1.2.", "a)") when it is not in the text.
    """

    text: str
    page: int | None = None
    heading_level: int | None = None
    is_bold: bool = False
    is_centered: bool = False
    list_label: str | None = None
    kind: str = "paragraph"  # "paragraph" | "table_row" | "footnote"
    footnote_id: str | None = None


@dataclass(frozen=True, slots=True)
class LoadedDocument:
    """What a loader returns: blocks in reading order plus what it had to drop."""

    source: str
    file_format: str
    blocks: tuple[Block, ...]
    hidden_chars_dropped: int = 0
    warnings: tuple[str, ...] = ()
    # Pages whose text is OCR output, and (from a loader, before OCR) pages with no text.
    ocr_pages: tuple[int, ...] = ()
    pages_without_text: tuple[int, ...] = ()
