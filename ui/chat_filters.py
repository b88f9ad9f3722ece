"""The chat's filters: the choices the library offers and the boxes as the user left them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import gradio as gr

from index.types import ReportRecord, SearchFilters
from ingest.periods import parse_span
from ui import render
from ui.dates import iso_date
from ui.i18n import t


def filter_choices(records: Sequence[ReportRecord]) -> tuple[Any, Any, Any]:
    """Units, document types and report periods of the library (periods newest first)."""
    communes = sorted({r.commune for r in records if r.commune})
    doc_types = sorted({r.doc_type for r in records if r.doc_type})
    spans = {r.period: parse_span(r.period) for r in records if r.period}
    periods = sorted(
        (period for period, span in spans.items() if span is not None),
        key=lambda period: (spans[period].end, spans[period].start),  # type: ignore[union-attr]
        reverse=True,
    )
    return (
        gr.Dropdown(choices=communes),
        gr.Dropdown(choices=doc_types),
        gr.Dropdown(choices=periods),
    )


@dataclass(frozen=True, slots=True)
class FilterInputs:
    """The filter boxes as the user left them (dates as typed)."""

    communes: tuple[str, ...]
    doc_types: tuple[str, ...]
    period: str | None
    date_from: str
    date_to: str

    def to_filters(self, lang: str) -> SearchFilters | None:
        """The search filters; a date that cannot be read raises ValueError (UI language)."""
        filters = SearchFilters(
            communes=self.communes,
            doc_types=self.doc_types,
            date_from=_read_date(self.date_from, "date_from", lang),
            date_to=_read_date(self.date_to, "date_to", lang),
            # Only periods read from the library are offered: they always parse.
            period=parse_span(self.period) if self.period else None,
        )
        return None if filters.is_empty else filters

    def describe(self, lang: str) -> str:
        """The active filters in words, for the note under a "not found" answer."""
        values = (
            ("communes", ", ".join(self.communes)), ("doc_types", ", ".join(self.doc_types)),
            ("period", self.period or ""), ("date_from", self.date_from.strip()),
            ("date_to", self.date_to.strip()),
        )  # fmt: skip
        return "; ".join(
            f"{_short_label(key, lang)}: {render.neutralize_markdown(value)}"
            for key, value in values
            if value
        )


def _read_date(value: str | None, key: str, lang: str) -> str | None:
    if not (value or "").strip():
        return None
    found = iso_date(value or "")
    if found is None:
        raise ValueError(t("bad_date", lang, field=_short_label(key, lang), value=value))
    return found


def _short_label(key: str, lang: str) -> str:
    return t(key, lang).split(" (")[0]  # "Từ ngày (dd/mm/yyyy)" -> "Từ ngày"
