"""Building `Answer`s: abstentions, fallback notes, hit order, filters from callers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from assistant.compose.text import abstention_text
from assistant.types import Answer, Citation
from assistant.understand.analysis import QuestionAnalysis
from index.types import Hit, ReportRecord, SearchFilters
from ingest import fold
from ingest.periods import parse_span, report_span


def to_filters(filters: SearchFilters | dict[str, Any] | None) -> SearchFilters | None:
    """Accept `SearchFilters` or a JSON-style dict (REST, evals)."""
    if filters is None or isinstance(filters, SearchFilters):
        return filters
    return SearchFilters(
        communes=tuple(filters.get("communes") or ()),
        doc_types=tuple(filters.get("doc_types") or ()),
        report_ids=tuple(filters.get("report_ids") or ()),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        numbers=tuple(filters.get("numbers") or ()),
        period=parse_span(filters["period"]) if filters.get("period") else None,
    )


def fallback_note(analysis: QuestionAnalysis, reason: str) -> str:
    if analysis.language == "en":
        return f"The language model was not used ({reason}); extractive answer shown."
    return f"Không dùng được mô hình ngôn ngữ ({reason}); hiển thị câu trả lời trích dẫn."


def abstained(analysis: QuestionAnalysis, hits: list[Hit], notes: list[str]) -> Answer:
    return Answer(
        question=analysis.text,
        text=abstention_text(analysis.text, analysis.language),
        citations=(),
        abstained=True,
        language=analysis.language,
        hits=tuple(hits),
        notes=tuple(notes),
    )


# Periods named in an abstention, newest first: enough to choose from, not a catalogue.
MAX_PERIODS_LISTED = 8


def with_periods(text: str, analysis: QuestionAnalysis, records: Sequence[ReportRecord]) -> str:
    """An abstention for a named period, with the periods the unit's reports do cover."""
    wanted = {fold(name) for name in analysis.communes}
    mine = [r for r in records if not wanted or fold(r.commune or "") in wanted]
    dated = sorted(mine, key=_newest_first, reverse=True)
    periods = list(dict.fromkeys(r.period or r.date or "" for r in dated if r.period or r.date))
    if not periods:
        return text
    listed = ", ".join(periods[:MAX_PERIODS_LISTED])
    names = ", ".join(analysis.communes)
    if analysis.language == "en":
        whose = f" for {names}" if names else ""
        return f"{text} The reports{whose} cover: {listed}."
    whose = f" của {names}" if names else ""
    return f"{text} Các kỳ báo cáo hiện có{whose}: {listed}."


def _newest_first(record: ReportRecord) -> tuple[str, str]:
    span = report_span(record.period, record.date)
    return (span.end, span.start) if span else (record.date or "", "")


def cited_first(hits: list[Hit], citations: Sequence[Citation]) -> tuple[Hit, ...]:
    # Evidence selection re-ranks retrieval: the chunks we quote are the best hits.
    cited = list(dict.fromkeys(c.chunk_id for c in citations))
    by_id = {hit.chunk.chunk_id: hit for hit in hits}
    first = [by_id[cid] for cid in cited if cid in by_id]
    return tuple(first + [hit for hit in hits if hit.chunk.chunk_id not in cited])


def with_timings(answer: Answer, timings: dict[str, float]) -> Answer:
    return replace(answer, timings_ms=timings)
