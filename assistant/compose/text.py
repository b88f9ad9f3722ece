"""The extractive answer: the value first, then the quoted sentences, `[n]` cited.

For a figure, date, time, person or place question the answer starts with the value as
the cited sentence writes it ("47,52% — Xã Hùng Sơn, Báo cáo …, mục I [1]"), then the
quotes, grouped by unit. Quotes stay in the report's Vietnamese whatever the question's
language; only the frame around them follows the question.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.evidence.scoring import Evidence
from assistant.evidence.value_choice import question_values
from assistant.evidence.values import Value
from assistant.figures import parse_number
from assistant.types import Citation, Language
from assistant.understand.analysis import QuestionAnalysis
from assistant.understand.answer_type import AnswerType
from ingest.types import CLOSING_LABELS, HEADER_LABELS, section_label
from ingest.units import ENGLISH_KINDS, unit_label

# Figures a question writes itself ("lớp 8, 9", "dưới 5 tuổi"): never its answer.
# Value kinds that lead an answer; a yes/no or descriptive question leads with quotes.
LEAD_KINDS = ("quantity", "date", "time", "person", "place", "document")


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
        unit_kind=chunk.metadata.unit_kind,
        document=chunk.metadata.display_name(),
        labels=chunk.labels,
        heading_path=chunk.heading_path,
        section_text=chunk.text,
        page=chunk.page_start,
        is_ocr=chunk.is_ocr,
        score=item.probability,
    )


def unit_name(citation: Citation, language: Language) -> str:
    """'Phường Sa Đéc' / 'Sa Đéc ward': the unit as its report names it."""
    return unit_label(citation.unit_kind, citation.commune, language=language)


def units_head(citations: Sequence[Citation], language: Language) -> str:
    """'Các phường: ' when every unit listed is a ward, 'Các đơn vị: ' when kinds mix."""
    kinds = {citation.unit_kind for citation in citations}
    kind = kinds.pop() if len(kinds) == 1 else None
    if language == "en":
        return f"{ENGLISH_KINDS[kind].capitalize()}s: " if kind else "Units: "
    return f"Các {kind}: " if kind else "Các đơn vị: "


def abstention_text(question: str, language: Language) -> str:
    topic = question.strip().rstrip("?").strip()
    topic = topic[:1].lower() + topic[1:]
    if language == "en":
        return f'The reports do not contain information about "{topic}".'
    return f'Các báo cáo không có thông tin về "{topic}".'


def answer_values(
    analysis: QuestionAnalysis,
    item: Evidence,
    weights: Sequence[float],
    *,
    kinds: Sequence[AnswerType] | None = None,
    ranges: bool = False,
) -> list[Value]:
    """The values of the asked kinds in `item`'s sentence, by the weightiest asked words.

    `ranges`: give a value written as one end of a range with its other end.
    """
    kinds = [kind for kind in (kinds or analysis.lead_types) if kind in LEAD_KINDS]
    if not kinds:
        return []
    text = item.passage.text
    return question_values(analysis, text, kinds, item.matched, weights, ranges=ranges)


def compose(
    analysis: QuestionAnalysis,
    chosen: Sequence[Evidence],
    *,
    lead: Evidence | None = None,
    weights: Sequence[float] = (),
) -> tuple[str, tuple[Citation, ...]]:
    """Answer text and its citations, numbered in the order they appear.

    `lead` is the passage whose value (if the question asks one) opens the answer;
    `weights` are the question's concept weights, to find that value.
    """
    citations = tuple(to_citation(item, number) for number, item in enumerate(chosen, 1))
    groups: dict[str | None, list[Citation]] = {}
    for citation in citations:
        groups.setdefault(citation.commune, []).append(citation)
    lines = [
        f"{unit_name(items[0], analysis.language)}: "
        + " ".join(f"«{item.quote}» [{item.number}]" for item in items)
        for items in groups.values()
    ]
    if analysis.intent == "which" and len(groups) > 1:
        head = units_head(citations, analysis.language)
        # One kind is said once ("Các phường: A, B"); mixed kinds each name theirs.
        is_mixed = len({c.unit_kind for c in citations}) > 1
        names = ", ".join(
            unit_name(items[0], analysis.language) if is_mixed else items[0].commune or ""
            for items in groups.values()
        )
        return head + names + ".\n" + "\n".join(f"- {line}" for line in lines), citations
    first = _lead_line(analysis, lead, chosen, citations, weights) if lead is not None else None
    return "\n".join([first, *lines] if first else lines), citations


def _lead_line(
    analysis: QuestionAnalysis,
    lead: Evidence,
    chosen: Sequence[Evidence],
    citations: Sequence[Citation],
    weights: Sequence[float],
) -> str | None:
    # The best passage's value, or else the value of the next most probable one quoted.
    ordered = sorted(chosen, key=lambda item: (item is not lead, -item.probability))
    for item in ordered:
        values = answer_values(analysis, item, weights, ranges=True)
        if values:
            citation = citations[list(chosen).index(item)]
            where = where_from(citation, analysis.language)
            return f"{'; '.join(value.text for value in values)} — {where} [{citation.number}]"
    return None


def where_from(citation: Citation, language: Language) -> str:
    """Where a citation is from: "Xã Hùng Sơn, Báo cáo 12/BC-UBND (2026-03-30), mục I"."""
    document = citation.document.split(" — ", 1)[-1]
    parts = [unit_name(citation, language), document, place_in_report(citation, language)]
    return ", ".join(part for part in parts if part)


def place_in_report(citation: Citation, language: Language) -> str:
    """'mục V.3', or 'phần đầu văn bản' / 'the signature block' for header facts."""
    if citation.labels == HEADER_LABELS:
        return "the document header" if language == "en" else "phần đầu văn bản"
    if citation.labels == CLOSING_LABELS:
        return "the signature block" if language == "en" else "phần ký, nơi nhận"
    if not citation.labels:
        return ""
    return f"{'section' if language == 'en' else 'mục'} {section_label(citation.labels)}"


def compose_comparison(
    analysis: QuestionAnalysis, per_commune: Sequence[Evidence], weights: Sequence[float] = ()
) -> tuple[str, tuple[Citation, ...]]:
    """Each unit's figure with its citation; the top (or bottom) one named first."""
    valued = [(item, lead_figure(analysis, item, weights)) for item in per_commune]
    values = [parse_number(figure) for _, figure in valued]
    units = {figure_unit(item, figure) for item, figure in valued}
    # "19,655 tỷ đồng" and "101,29%" are not the same measure: list them, rank neither.
    can_rank = len(valued) > 1 and None not in values and len(units) == 1 and "" not in units
    if can_rank:
        order = sorted(
            range(len(valued)),
            key=lambda i: values[i] or 0.0,
            reverse=analysis.wants_highest is not False,
        )
        valued = [valued[i] for i in order]
    citations = tuple(to_citation(item, number) for number, (item, _) in enumerate(valued, 1))
    lines = [
        f"- {unit_name(c, analysis.language)}: {figure} «{c.quote}» [{c.number}]"
        for c, (_, figure) in zip(citations, valued, strict=True)
    ]
    lead = _comparison_lead(analysis, citations[0] if can_rank else None)
    return lead + "\n" + "\n".join(lines), citations


def lead_figure(analysis: QuestionAnalysis, item: Evidence, weights: Sequence[float]) -> str:
    found = answer_values(analysis, item, weights, kinds=("quantity",))
    return found[0].text if found else ""


def figure_unit(item: Evidence, figure: str) -> str:
    """What a figure counts: "%" or the word after it ("19,655 tỷ đồng" -> "tỷ")."""
    if not figure:
        return ""
    if figure.endswith("%"):
        return "%"
    text = item.passage.text
    after = text[text.find(figure) + len(figure) :].split()
    return after[0].lower() if after and not after[0][:1].isdigit() else ""


def _comparison_lead(analysis: QuestionAnalysis, top: Citation | None) -> str:
    english = analysis.language == "en"
    if top is None or analysis.wants_highest is None:
        return "Figures in the reports:" if english else "Số liệu theo các báo cáo:"
    name = unit_name(top, analysis.language)
    if english:
        word = "lowest" if analysis.wants_highest is False else "highest"
        return f"{name} has the {word} figure. Figures in the reports:"
    word = "thấp nhất" if analysis.wants_highest is False else "cao nhất"
    return f"{name} có số liệu {word}. Số liệu theo các báo cáo:"
