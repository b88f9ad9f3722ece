"""The extractive answer for each kind of question: which evidence to quote, then how.

A comparison quotes each unit's figure; a list quotes each unit's best passage; a header
question quotes the header line that prints the fact; any other question quotes its best
passage and what completes it.
"""

from __future__ import annotations

from assistant.compose.header import compose_header
from assistant.compose.text import compose, compose_comparison
from assistant.corpus import Corpus
from assistant.evidence.header import select_header
from assistant.evidence.scoring import ScoredEvidence
from assistant.evidence.selection import (
    select_fact,
    select_figures,
    select_per_commune,
    with_footnotes,
)
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
    fact = select_header(analysis, scored, corpus) if analysis.header_field else None
    if fact is not None:
        return ("", ()) if fact.is_blank else compose_header(fact, analysis.language)
    # No header fact ("Ai ký quyết định tốt nghiệp?" asks a rule, not a signature): the
    # body answers, or nothing does.
    chosen = with_footnotes(
        select_fact(scored, wants_person=analysis.wants_person),
        lambda item: corpus.section_passages(item.passage.chunk),
    )
    return compose(analysis, chosen, lead=scored.best, weights=scored.concept_weights)
