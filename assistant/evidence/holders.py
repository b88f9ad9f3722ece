"""Which reports hold each thing a question asks about, read off the term statistics.

A passage can only mention what its report holds. A list question over a province scores
thousands of passages from a thousand reports: looking in each passage only for the
concepts and word pairs its report has skips most of the work, and a report's coverage
of the question comes from the postings instead of its text.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from assistant.term_stats import TermStats
from assistant.understand.concepts import Concept, written_variants

Positions = tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Holders:
    """Per concept and per word pair of a question, the ids of the reports holding it.

    A report the statistics do not hold (counted before it was indexed) may hold anything.
    """

    concepts: tuple[frozenset[str], ...]
    bigrams: tuple[frozenset[str], ...]
    stats: TermStats
    _positions: dict[str, tuple[Positions, Positions]] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        concepts: Sequence[Concept],
        bigrams: Sequence[str],
        stats: TermStats,
        *,
        among: Collection[str],
    ) -> Holders:
        """What the reports `among` hold (the candidates': no other is asked about)."""
        return cls(
            concepts=tuple(reports_with(concept, stats, among=among) for concept in concepts),
            bigrams=tuple(stats.reports_with([bigram], among=among) for bigram in bigrams),
            stats=stats,
        )

    def concepts_in(self, report_id: str) -> Positions:
        """Positions of the concepts `report_id` holds."""
        return self._of(report_id)[0]

    def bigrams_in(self, report_id: str) -> Positions:
        """Positions of the word pairs `report_id` holds."""
        return self._of(report_id)[1]

    def _of(self, report_id: str) -> tuple[Positions, Positions]:
        found = self._positions.get(report_id)
        if found is None:
            known = self.stats.holds(report_id)
            found = (
                tuple(n for n, ids in enumerate(self.concepts) if not known or report_id in ids),
                tuple(n for n, ids in enumerate(self.bigrams) if not known or report_id in ids),
            )
            self._positions[report_id] = found
        return found


def reports_with(
    concept: Concept, stats: TermStats, *, among: Collection[str] | None = None
) -> frozenset[str]:
    """Ids of the reports (of those `among`) holding `concept` (`has_concept` over each)."""
    spelled = dict(concept.spelled)
    found = stats.reports_with((p for p in concept.phrases if p not in spelled), among=among)
    forms = [form for phrase, form in concept.spelled if phrase in concept.phrases]
    if forms:
        variants = [v for form in forms for v in written_variants(form)]
        found |= stats.reports_writing(variants, among=among)
    return found
