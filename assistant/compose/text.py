"""The extractive answer: chosen passages quoted verbatim, grouped by commune, `[n]` cited.

Quotes stay in the report's Vietnamese whatever the question's language; only the frame
around them ("Communes: …", "Xã …:") follows the question.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.evidence.scoring import Evidence, figure_unit, figures_near, nearest_figure
from assistant.figures import parse_number
from assistant.types import Citation, Language
from assistant.understand.analysis import QuestionAnalysis


def to_citation(item: Evidence, number: int) -> Citation:
    """A `[number]` citation quoting `item`'s passage."""
    chunk = item.passage.chunk
    return Citation(
        number=number,
        quote=item.passage.text,
        chunk_id=chunk.chunk_id,
        report_id=chunk.report_id,
        source=chunk.source,
        commune=chunk.metadata.commune,
        document=chunk.metadata.display_name(),
        labels=chunk.labels,
        heading_path=chunk.heading_path,
        section_text=chunk.text,
        page=chunk.page_start,
        score=item.score,
    )


def commune_name(commune: str | None, language: Language) -> str:
    if language == "en":
        return f"{commune} commune" if commune else "Unknown commune"
    return f"Xã {commune}" if commune else "Không rõ xã"


def abstention_text(question: str, language: Language) -> str:
    topic = question.strip().rstrip("?").strip()
    topic = topic[:1].lower() + topic[1:]
    if language == "en":
        return f'The reports do not contain information about "{topic}".'
    return f'Các báo cáo không có thông tin về "{topic}".'


def compose(
    analysis: QuestionAnalysis, chosen: Sequence[Evidence]
) -> tuple[str, tuple[Citation, ...]]:
    """Answer text and its citations, numbered in the order they appear."""
    citations = tuple(to_citation(item, number) for number, item in enumerate(chosen, 1))
    groups: dict[str | None, list[Citation]] = {}
    for citation in citations:
        groups.setdefault(citation.commune, []).append(citation)
    lines = [
        f"{commune_name(commune, analysis.language)}: "
        + " ".join(f"«{item.quote}» [{item.number}]" for item in items)
        for commune, items in groups.items()
    ]
    if analysis.intent == "which" and len(groups) > 1:
        names = ", ".join(name for name in groups if name)
        lead = "Communes: " if analysis.language == "en" else "Các xã: "
        return lead + names + ".\n" + "\n".join(f"- {line}" for line in lines), citations
    return "\n".join(lines), citations


def compose_comparison(
    analysis: QuestionAnalysis, per_commune: Sequence[Evidence]
) -> tuple[str, tuple[Citation, ...]]:
    """Each commune's figure with its citation; the top (or bottom) one named first."""
    unit = _shared_unit(analysis, per_commune)
    valued = [(item, nearest_figure(analysis, item, unit=unit) or "") for item in per_commune]
    values = [parse_number(figure) for _, figure in valued]
    # "19,655 tỷ đồng" and "257.840.450.000/ …" or "101,29%" are not the same measure:
    # list them, rank neither (an unknown unit never ranks).
    units = {figure_unit(item, figure) for item, figure in valued}
    can_rank = len(valued) > 1 and None not in values and len(units) == 1 and "" not in units
    # Counts do not rank a rate ("43 of 90" against "788 of 850").
    can_rank = can_rank and (units == {"%"} or not analysis.wants_percent)
    if can_rank:
        order = sorted(
            range(len(valued)),
            key=lambda i: values[i] or 0.0,
            reverse=analysis.wants_highest is not False,
        )
        valued = [valued[i] for i in order]
    citations = tuple(to_citation(item, number) for number, (item, _) in enumerate(valued, 1))
    lines = [
        f"- {commune_name(c.commune, analysis.language)}: {figure} «{c.quote}» [{c.number}]"
        for c, (_, figure) in zip(citations, valued, strict=True)
    ]
    lead = _comparison_lead(analysis, citations[0].commune if can_rank else None)
    return lead + "\n" + "\n".join(lines), citations


def _shared_unit(analysis: QuestionAnalysis, per_commune: Sequence[Evidence]) -> str | None:
    """The unit most communes' passages state a near figure in ("%" for "so với dự toán")."""
    counts: dict[str, int] = {}
    for item in per_commune:
        near = figures_near(analysis, item)
        # In order of closeness, so a tie goes to the unit nearest the asked words.
        for unit in dict.fromkeys(figure_unit(item, figure) for _, figure in near):
            counts[unit] = counts.get(unit, 0) + 1
    units = [unit for unit in counts if unit]
    return max(units, key=counts.__getitem__) if units else None


def _comparison_lead(analysis: QuestionAnalysis, top: str | None) -> str:
    english = analysis.language == "en"
    if top is None or analysis.wants_highest is None:
        return "Figures in the reports:" if english else "Số liệu theo các báo cáo:"
    name = commune_name(top, analysis.language)
    if english:
        word = "lowest" if analysis.wants_highest is False else "highest"
        return f"{name} has the {word} figure. Figures in the reports:"
    word = "thấp nhất" if analysis.wants_highest is False else "cao nhất"
    return f"{name} có số liệu {word}. Số liệu theo các báo cáo:"
