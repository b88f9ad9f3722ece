"""Evidence across one unit's reports over time: a figure per period, a fact's history.

A commune files the same figures quarter after quarter ("tỷ lệ hộ nghèo 47,52%" in quý
I, "45,10%" in quý II). A trend question takes each period's passage holding the figure;
a fact question that names no period leads with the newest report's figure and lists
the others. A passage belongs to the series when it says at least what the figure's
best passage says (the same question words matched) and holds a figure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.evidence.scoring import Evidence, ScoredEvidence
from assistant.evidence.values import find_values
from assistant.understand.analysis import QuestionAnalysis
from ingest.periods import Span, series_span


@dataclass(frozen=True, slots=True)
class PeriodEvidence:
    """A passage of one periodic report, with the report's period as written and spanned."""

    item: Evidence
    period: str
    span: Span


def period_of(item: Evidence) -> PeriodEvidence | None:
    """`item` with its report's period, when the report is a periodic one."""
    metadata = item.passage.chunk.metadata
    span = series_span(metadata.doc_type, metadata.period)
    if span is None or metadata.period is None:
        return None
    return PeriodEvidence(item, metadata.period, span)


def _per_report(ranked: Sequence[Evidence], anchor: Evidence) -> list[PeriodEvidence]:
    """Each report's most probable passage of `anchor`'s unit that covers its words."""
    found: dict[str, PeriodEvidence] = {}
    for item in ranked:
        report_id = item.passage.chunk.report_id
        if report_id in found or item.passage.commune != anchor.passage.commune:
            continue
        if not item.matched >= anchor.matched:
            continue
        period = period_of(item)
        if period is not None and find_values(item.passage.text, ("quantity",)):
            found[report_id] = period
    return list(found.values())


def select_series(scored: ScoredEvidence) -> list[PeriodEvidence]:
    """For a trend: one passage per period of the best figure's unit, oldest first.

    Periods of the commonest granularity only: a year's report beside its quarters' is
    not one more step of the series. Fewer than two periods is no trend (empty).
    """
    if not scored.is_answered:
        return []
    anchor = next(
        (
            item
            for item in scored.ranked
            if period_of(item) is not None and find_values(item.passage.text, ("quantity",))
        ),
        None,
    )
    if anchor is None:
        return []
    periods = _per_report(scored.ranked, anchor)
    kinds = Counter(period.span.kind for period in periods)
    if not kinds:
        return []
    kind = kinds.most_common(1)[0][0]
    series = sorted(
        (period for period in periods if period.span.kind == kind),
        key=lambda period: (period.span.start, period.span.end),
    )
    return series if len(series) >= 2 else []


def history_of(analysis: QuestionAnalysis, scored: ScoredEvidence) -> list[PeriodEvidence]:
    """A figure asked without a period, found in several periods' reports: newest first.

    Empty when the question names a period (the filter chose it), asks no figure, or
    only one period holds the best passage's figure. Other periods' passages must reach
    the list cut-off, as any further passage of an answer does.
    """
    best = scored.best
    if (
        best is None
        or not scored.is_answered
        or analysis.filters.period is not None
        or "quantity" not in analysis.answer_types
        or not best.matched
        or period_of(best) is None
    ):
        return []
    likely = [item for item in scored.ranked if item.probability >= scored.list_threshold]
    periods = _per_report([best, *likely], best)
    if len(periods) < 2:
        return []
    return sorted(periods, key=lambda period: (period.span.end, period.span.start), reverse=True)
