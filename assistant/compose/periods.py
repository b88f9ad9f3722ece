"""Answers over a unit's reports in time: a figure per period, and the newest first.

A trend lists each period's figure oldest first, states the change from the first period
to the last ("giảm 2,42 điểm phần trăm") and, when asked, the period where it was highest
or lowest. A fact found in several periods leads with the newest report's figure and
lists the earlier ones, each cited. Figures are quoted as the reports write them; only a
computed difference is formatted here (Vietnamese style: 2,42).
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.compose.text import (
    figure_unit,
    lead_figure,
    to_citation,
    unit_name,
    where_from,
)
from assistant.evidence.series import PeriodEvidence
from assistant.figures import format_number, parse_number
from assistant.types import Citation, Language
from assistant.understand.analysis import QuestionAnalysis


def compose_trend(
    analysis: QuestionAnalysis, series: Sequence[PeriodEvidence], weights: Sequence[float]
) -> tuple[str, tuple[Citation, ...]]:
    """Each period's figure in time order, the change over them, and the quotes."""
    citations = tuple(to_citation(p.item, number) for number, p in enumerate(series, 1))
    figures = [lead_figure(analysis, p.item, weights) for p in series]
    english = analysis.language == "en"
    steps = "; ".join(
        f"{p.period}: {figure or '?'} [{c.number}]"
        for p, figure, c in zip(series, figures, citations, strict=True)
    )
    head = f"{unit_name(citations[0], analysis.language)} " + (
        "by period: " if english else "theo từng kỳ: "
    )
    lines = [head + steps + "."]
    change = _change(series, figures, citations, language=analysis.language)
    if change:
        lines.append(change)
    extreme = _extreme(analysis, series, figures, citations)
    if extreme:
        lines.append(extreme)
    lines += [
        f"- {p.period} ({where_from(c, analysis.language)}): «{c.quote}» [{c.number}]"
        for p, c in zip(series, citations, strict=True)
    ]
    return "\n".join(lines), citations


def compose_history(
    analysis: QuestionAnalysis, history: Sequence[PeriodEvidence], weights: Sequence[float]
) -> tuple[str, tuple[Citation, ...]] | None:
    """The newest period's figure first, then the earlier periods whose figure differs.

    None when no figure can be read from the newest passage (the caller answers as for
    any fact).
    """
    figures = [lead_figure(analysis, p.item, weights) for p in history]
    if not figures[0]:
        return None
    english = analysis.language == "en"
    differing = [i for i in range(1, len(history)) if figures[i] and figures[i] != figures[0]]
    shown = [0, *differing]
    citations = tuple(to_citation(history[i].item, n) for n, i in enumerate(shown, 1))
    newest = citations[0]
    latest = "latest period" if english else "kỳ gần nhất"
    lines = [
        f"{figures[0]} ({history[0].period}, {latest}) — "
        f"{where_from(newest, analysis.language)} [1]"
    ]
    if differing:
        earlier = "; ".join(
            f"{history[i].period}: {figures[i]} [{c.number}]"
            for i, c in zip(differing, citations[1:], strict=True)
        )
        lines.append(("Earlier periods: " if english else "Các kỳ trước: ") + earlier + ".")
    lines.append(
        f"{unit_name(newest, analysis.language)}: "
        + " ".join(f"«{c.quote}» [{c.number}]" for c in citations)
    )
    return "\n".join(lines), citations


def _change(
    series: Sequence[PeriodEvidence],
    figures: Sequence[str],
    citations: Sequence[Citation],
    *,
    language: Language,
) -> str | None:
    """'Từ quý I/2026 đến quý II/2026: giảm 2,42 điểm phần trăm [1, 2].', or None.

    None when the first and last figures are not one measure ("47,52%" and "979 hộ").
    """
    first, last = parse_number(figures[0]), parse_number(figures[-1])
    unit = figure_unit(series[0].item, figures[0])
    if first is None or last is None or unit != figure_unit(series[-1].item, figures[-1]):
        return None
    english = language == "en"
    difference = last - first
    if unit == "%":
        unit = "percentage points" if english else "điểm phần trăm"
    amount = f"{format_number(abs(difference))} {unit}".strip()
    if abs(difference) < 1e-9:
        said = "unchanged" if english else "không đổi"
    elif english:
        said = f"{'up' if difference > 0 else 'down'} {amount}"
    else:
        said = f"{'tăng' if difference > 0 else 'giảm'} {amount}"
    first_period, last_period = series[0].period, series[-1].period
    span = (
        f"From {first_period} to {last_period}"
        if english
        else f"Từ {first_period} đến {last_period}"
    )
    return f"{span}: {said} [{citations[0].number}, {citations[-1].number}]."


def _extreme(
    analysis: QuestionAnalysis,
    series: Sequence[PeriodEvidence],
    figures: Sequence[str],
    citations: Sequence[Citation],
) -> str | None:
    """'Thấp nhất: quý II/2026 (45,10%) [2].' when the question asks which period."""
    values = [parse_number(figure) for figure in figures]
    units = {figure_unit(p.item, figure) for p, figure in zip(series, figures, strict=True)}
    if analysis.wants_highest is None or None in values or len(units) != 1:
        return None
    pick = max if analysis.wants_highest else min
    top = pick(range(len(series)), key=lambda i: values[i] or 0.0)
    english = analysis.language == "en"
    if analysis.wants_highest:
        word = "Highest" if english else "Cao nhất"
    else:
        word = "Lowest" if english else "Thấp nhất"
    return f"{word}: {series[top].period} ({figures[top]}) [{citations[top].number}]."
