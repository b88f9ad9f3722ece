"""Hybrid ranking: min-max fusion of dense similarities and BM25 scores.

On ALQAC (Vietnamese legal articles), min-max 0.5/0.5 fusion beat reciprocal-rank fusion
(MRR@10 0.868 vs 0.831). Queries typed without diacritics wreck the dense side (recall@10
0.07) while folded BM25 keeps 0.945, so the dense weight drops when a Vietnamese query
carries no diacritics. An English query has no diacritics either but its terms are not
in the (Vietnamese) lexical vocabulary, which is how the two are told apart; its words
match nothing useful, so nearly all its weight is the dense side's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

# Dense share of the fused score, per kind of query (bench/bench_fusion.py sweeps them
# on the fitting question sets; bench/RESULTS.md, "Fusion weights").
DEFAULT_DENSE_WEIGHT = 0.5  # Vietnamese typed with diacritics
DEFAULT_UNACCENTED_DENSE_WEIGHT = 0.2  # Vietnamese typed without any diacritics
# A foreign (English) query: its words are not the index's, only meaning matches.
DEFAULT_FOREIGN_DENSE_WEIGHT = 0.9
# A query whose folded terms mostly occur in the corpus is taken for Vietnamese.
DEFAULT_VIETNAMESE_TERM_SHARE = 0.5
# Candidates each side contributes before fusion, as a multiple of k (at least the floor).
DEFAULT_CANDIDATE_FACTOR = 4
DEFAULT_MIN_CANDIDATES = 50

QueryKind = Literal["accented", "unaccented", "foreign"]


def query_kind(
    accent_ratio: float,
    known_term_share: float,
    *,
    vietnamese_share: float = DEFAULT_VIETNAMESE_TERM_SHARE,
) -> QueryKind:
    """Vietnamese with diacritics, Vietnamese without them, or foreign (English).

    A query is Vietnamese when most of its folded terms are in the index ("nuoc sinh
    hoat"), foreign otherwise ("drinking water", also "Who signed for Công Hải?").
    """
    if known_term_share < vietnamese_share:
        return "foreign"
    return "accented" if accent_ratio > 0.0 else "unaccented"


def dense_weight(
    accent_ratio: float,
    known_term_share: float,
    *,
    accented_weight: float = DEFAULT_DENSE_WEIGHT,
    unaccented_weight: float = DEFAULT_UNACCENTED_DENSE_WEIGHT,
    foreign_weight: float = DEFAULT_FOREIGN_DENSE_WEIGHT,
    vietnamese_share: float = DEFAULT_VIETNAMESE_TERM_SHARE,
) -> float:
    """Dense share of the fused score for a query.

    Args:
        accent_ratio: share of the query's syllables that carry diacritics (0..1).
        known_term_share: share of the query's lexical terms found in the corpus (0..1).
        accented_weight: weight for a fully accented query.
        unaccented_weight: weight for a Vietnamese query with no diacritics at all.
        foreign_weight: weight for a query whose words are mostly not in the index.
        vietnamese_share: `known_term_share` from which an unaccented query counts as
            Vietnamese.
    """
    kind = query_kind(accent_ratio, known_term_share, vietnamese_share=vietnamese_share)
    if kind == "foreign":
        return foreign_weight
    # Linear between the two: a half-accented query gets a half-way weight.
    return unaccented_weight + (accented_weight - unaccented_weight) * min(accent_ratio, 1.0)


def _min_max(scores: Mapping[str, float]) -> dict[str, float]:
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    if high - low <= 1e-12:
        # One candidate, or all tied: each is as good as the best of its side.
        return dict.fromkeys(scores, 1.0)
    return {key: (value - low) / (high - low) for key, value in scores.items()}


def fuse(
    dense: Mapping[str, float], lexical: Mapping[str, float], *, dense_weight: float
) -> list[tuple[str, float]]:
    """Min-max normalise each side, then weight and add; best first (ties by id).

    A chunk missing from one side gets 0 from it. Pure: same input, same output.
    """
    dense_norm = _min_max(dense)
    lexical_norm = _min_max(lexical)
    lexical_weight = 1.0 - dense_weight
    fused = {
        key: dense_weight * dense_norm.get(key, 0.0) + lexical_weight * lexical_norm.get(key, 0.0)
        for key in dense_norm.keys() | lexical_norm.keys()
    }
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))
