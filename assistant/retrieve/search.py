"""Hybrid retrieval for a question, plus a per-commune sweep so lists are exhaustive.

The index fuses dense and lexical search itself; this module decides *where* to look:
only the named communes for a fact about them, every commune for "which commune(s)" and
comparison questions (a top-k over the whole corpus would miss communes whose wording
ranks lower), and the whole corpus otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Literal, Protocol

from assistant.understand.analysis import QuestionAnalysis
from index.types import Hit, SearchFilters
from ingest.types import Chunk, is_header_part

# Chunks taken per unit by the sweep of a list question; lexical, so no extra query
# embedding. Chosen by bench/bench_candidates.py --units (bench/RESULTS.md): evidence
# recall 0.993 against 0.982 for 4; answers on the fitting sets did not move (0.559/0.560).
SWEEP_K = 8
# Chunks the sweep brings at most, over all units: each unit keeps its best
# SWEEP_CHUNKS // units (SWEEP_K at most, 1 at least). Scoring a passage is the cost of a
# list question, so a province of 1,000 units keeps each unit's best chunk, not eight.
# Bound by cost (bench/RESULTS.md, "A whole province"): up to 50 units, nothing changes.
SWEEP_CHUNKS = 400

SearchMode = Literal["hybrid", "dense", "lexical"]
SweepMode = Literal["lexical", "dense"]


class SearchIndex(Protocol):
    """What the assistant needs from `index.ReportIndex` (fakes implement the same)."""

    def search(
        self,
        query: str,
        *,
        k: int = 10,
        filters: SearchFilters | None = None,
        mode: SearchMode = "hybrid",
    ) -> list[Hit]: ...

    def chunks(self, *, filters: SearchFilters | None = None) -> list[Chunk]: ...

    def search_by_unit(
        self,
        query: str,
        *,
        k: int,
        filters: SearchFilters | None = None,
        max_chunks: int | None = None,
        mode: SweepMode = "lexical",
        body_only: bool = False,
    ) -> list[Hit]: ...

    def communes(self) -> list[str]: ...


def merge_filters(base: SearchFilters, extra: SearchFilters | None) -> SearchFilters:
    """Caller filters win field by field over what the question implied."""
    if extra is None or extra.is_empty:
        return base
    return SearchFilters(
        communes=extra.communes or base.communes,
        doc_types=extra.doc_types or base.doc_types,
        report_ids=extra.report_ids or base.report_ids,
        date_from=extra.date_from or base.date_from,
        date_to=extra.date_to or base.date_to,
        numbers=extra.numbers or base.numbers,
        period=extra.period or base.period,
        period_in_title=extra.period_in_title or base.period_in_title,
    )


# The header and closing chunks of the best few reports: searched past, then dropped.
# bench/RESULTS.md "Header chunks and the search's reach": 4 of 1,750 questions keep
# fewer than TOP_K body hits at 8, 25 at 4, 714 at 0.
HEADER_SLACK = 8


def retrieve(
    index: SearchIndex,
    analysis: QuestionAnalysis,
    *,
    top_k: int,
    communes: Sequence[str],
    filters: SearchFilters,
    sweep_k: int = SWEEP_K,
    sweep_chunks: int = SWEEP_CHUNKS,
) -> list[Hit]:
    """Ranked hits: the hybrid top-k first, then sweep hits not already present.

    Header and closing chunks are hits only for header questions ("Ai ký …?"); for the
    rest the search reaches `HEADER_SLACK` further so they do not take body hits' places.
    """
    scoped = filters
    if (
        analysis.communes
        and analysis.intent in ("fact", "trend", "compare")
        and not filters.communes
    ):
        scoped = replace(filters, communes=analysis.communes)
    wants_header = analysis.header_field is not None
    found = index.search(
        analysis.search_query,
        k=top_k if wants_header else top_k + HEADER_SLACK,
        filters=_or_none(scoped),
    )
    hits = [hit for hit in found if wants_header or not is_header_part(hit.chunk.labels)][:top_k]
    if scoped.communes and analysis.intent != "compare":
        return hits
    seen = {hit.chunk.chunk_id for hit in hits}
    budget = (sweep_k, sweep_chunks)
    for hit in _sweep(index, analysis, communes, scoped, top_k=top_k, budget=budget):
        if not wants_header and is_header_part(hit.chunk.labels):
            continue
        if hit.chunk.chunk_id not in seen:
            seen.add(hit.chunk.chunk_id)
            hits.append(hit)
    return hits


def _sweep(
    index: SearchIndex,
    analysis: QuestionAnalysis,
    communes: Sequence[str],
    scoped: SearchFilters,
    *,
    top_k: int,
    budget: tuple[int, int],
) -> list[Hit]:
    """Each unit's own best chunks, unit by unit in `communes` order.

    A comparison between named units needs each one's figure: a full hybrid search in
    each (a lexical top few can miss a figure its report words differently). Any other
    question takes every unit's best from one pass over the corpus (lexical; by meaning for
    an English question): `budget` is (chunks per unit, chunks in all), see `SWEEP_CHUNKS`.
    """
    sweep_k, sweep_chunks = budget
    if analysis.intent == "compare" and analysis.communes:
        return [
            hit
            for commune in analysis.communes
            for hit in index.search(
                analysis.search_query,
                k=top_k,
                filters=replace(scoped, communes=(commune,)),
                mode="hybrid",
            )
        ]
    # An English question shares only names and figures with Vietnamese reports (lists get
    # no bridge words): each unit's lexical best would be any chunk with its year in it.
    is_dense = analysis.language == "en"
    swept = index.search_by_unit(
        analysis.search_query if is_dense else analysis.sweep_query or analysis.search_query,
        k=sweep_k,
        filters=_or_none(scoped),
        max_chunks=sweep_chunks,
        mode="dense" if is_dense else "lexical",
        # A unit's letterhead is dropped after the sweep: it must not take the unit's place.
        body_only=analysis.header_field is None,
    )
    order = {commune: number for number, commune in enumerate(communes)}
    # The order the evidence model was fitted with: units as listed, best chunk first.
    return sorted(
        (hit for hit in swept if hit.chunk.metadata.commune in order),
        key=lambda hit: (order[hit.chunk.metadata.commune or ""], -hit.score),
    )


def _or_none(filters: SearchFilters) -> SearchFilters | None:
    return None if filters.is_empty else filters
