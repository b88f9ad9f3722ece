"""The extractive answer for each kind of question: which evidence to quote, then how.

A comparison quotes each unit's figure; a list quotes each unit's best passage; a trend
quotes each period's figure; a header question quotes the header line that prints the
fact; any other question quotes its best passage and what completes it, or, when several
periods' reports hold its figure, the newest one first and the earlier ones after.
"""

from __future__ import annotations

from assistant.compose.header import compose_header
from assistant.compose.periods import compose_history, compose_trend
from assistant.compose.text import compose, compose_comparison
from assistant.corpus import Corpus
from assistant.evidence.header import select_header
from assistant.evidence.scoring import Evidence, ScoredEvidence
from assistant.evidence.selection import (
    select_fact,
    select_figures,
    select_per_commune,
    with_footnotes,
)
from assistant.evidence.series import history_of, select_series
from assistant.evidence.table_rows import whole_table_row
from assistant.passages import Passage
from assistant.types import Citation
from assistant.understand.analysis import QuestionAnalysis


def extractive_answer(
    analysis: QuestionAnalysis, scored: ScoredEvidence, corpus: Corpus
) -> tuple[str, tuple[Citation, ...]]:
    """Answer text with `[n]` markers and its citations (empty when nothing answers)."""
    if analysis.intent == "compare":
        per_commune = select_figures(analysis, scored)
        if per_commune:
            return compose_comparison(analysis, per_commune, scored.concept_weights)
        return compose(analysis, select_per_commune(scored))
    if analysis.intent == "which":
        return compose(analysis, select_per_commune(scored))
    if analysis.intent == "trend":
        series = select_series(scored)
        if series:
            return compose_trend(analysis, series, scored.concept_weights)
    fact = select_header(analysis, scored, corpus) if analysis.header_field else None
    if fact is not None:
        return ("", ()) if fact.is_blank else compose_header(fact, analysis.language)
    # No header fact ("Ai ký quyết định tốt nghiệp?" asks a rule, not a signature): the
    # body answers, or nothing does. A figure several periods report: the newest first.
    history = history_of(analysis, scored)
    composed = compose_history(analysis, history, scored.concept_weights) if history else None
    if composed is not None:
        return composed

    def section_passages(item: Evidence) -> list[Passage]:
        return corpus.section_passages(item.passage.chunk)

    chosen = with_footnotes(
        select_fact(scored, wants_person=analysis.wants_person), section_passages
    )
    lead = scored.best
    if lead is not None and lead in chosen:
        # A question about the whole unit: its table's total row, not one unit's row.
        whole = whole_table_row(lead, analysis, section_passages)
        chosen = list(dict.fromkeys(whole if item is lead else item for item in chosen))
        lead = whole
    return compose(analysis, chosen, lead=lead, weights=scored.concept_weights)
