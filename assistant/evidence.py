"""Choose the passages that answer: score by the question's concepts, decide to abstain.

A passage's `coverage` is the share of the question's concept weight it mentions (words
in its section heading count half: a numbered item is read with its parent heading, so
"đề nghị" finds items under "KIẾN NGHỊ, ĐỀ XUẤT"). Abstention is a coverage threshold,
calibrated on question sets that include words-present-but-no-answer questions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from assistant.language import tokens
from assistant.passages import Passage, TermStats, contains
from assistant.question import QuestionAnalysis

MIN_COVERAGE = 0.6
# A commune joins a "which communes" list when it is this close to the best one.
LIST_MARGIN = 0.2
HEADING_CREDIT = 0.5
# A figure question's passage without a figure this many words from a matched concept
# keeps only this share of its coverage.
FIGURE_WINDOW = 8
FIGURE_MISS = 0.5
# Units a question can ask for ("how many hectares"): the figure must carry the unit.
UNITS = frozenset({"ha", "tan", "km", "km2", "trieu dong", "ty dong", "luot"})


@dataclass(frozen=True, slots=True)
class Evidence:
    """A scored passage; `rank` is its chunk's position in the retrieved hits."""

    passage: Passage
    score: float
    coverage: float
    matched: frozenset[int]
    rank: int


def score_passages(
    analysis: QuestionAnalysis,
    passages: Sequence[Passage],
    stats: TermStats,
    ranks: dict[str, int],
) -> list[Evidence]:
    """Every passage scored against the question, best first."""
    weights = [stats.weight(c.phrases) * c.weight for c in analysis.concepts]
    bigrams = _bigrams(analysis)
    asked_numbers = {word for word in tokens(analysis.text) if word[:1].isdigit()}
    scored = []
    for passage in passages:
        coverage, matched = _coverage(analysis, passage, weights)
        if analysis.wants_figure and not _figure_near(analysis, passage, matched, asked_numbers):
            # "How many…" is answered by a figure next to what was asked about.
            coverage *= FIGURE_MISS
        rank = ranks.get(passage.chunk.chunk_id, len(ranks))
        score = coverage + _bonus(passage, bigrams) + 0.15 / (1 + rank)
        scored.append(Evidence(passage, score, coverage, frozenset(matched), rank))
    scored.sort(key=lambda item: item.score, reverse=True)
    return scored


def _coverage(
    analysis: QuestionAnalysis, passage: Passage, weights: Sequence[float]
) -> tuple[float, set[int]]:
    credit = 0.0
    matched: set[int] = set()
    for position, concept in enumerate(analysis.concepts):
        if any(contains(passage.folded, phrase) for phrase in concept.phrases):
            credit += weights[position]
            matched.add(position)
        elif any(contains(passage.heading, phrase) for phrase in concept.phrases):
            credit += HEADING_CREDIT * weights[position]
    return (credit / (sum(weights) or 1.0) if analysis.concepts else 0.0), matched


def _figure_near(
    analysis: QuestionAnalysis, passage: Passage, matched: set[int], asked: set[str]
) -> bool:
    found = _figures_by_distance(analysis, passage, matched, asked, is_strict=False)
    return bool(found) and found[0][0] <= FIGURE_WINDOW


def nearest_figure(analysis: QuestionAnalysis, item: Evidence) -> str | None:
    """The figure (as folded, e.g. "47,52%") closest to what the question asked about."""
    asked = {word for word in tokens(analysis.text) if word[:1].isdigit()}
    found = _figures_by_distance(analysis, item.passage, set(item.matched), asked, is_strict=True)
    return found[0][1] if found and found[0][0] <= FIGURE_WINDOW else None


def _figures_by_distance(
    analysis: QuestionAnalysis,
    passage: Passage,
    matched: set[int],
    asked: set[str],
    *,
    is_strict: bool,
) -> list[tuple[int, str]]:
    """Figures by word distance to the asked-about words (strict: the figure to show)."""
    words = passage.folded.split()
    figures = [
        i
        for i, word in enumerate(words)
        if word[:1].isdigit()
        and word not in asked
        and not (analysis.wants_count and word.endswith("%"))
    ]
    units = [p.split() for c in analysis.concepts for p in c.phrases if p in UNITS]
    if units:
        figures = [i for i in figures if any(words[i + 1 : i + 1 + len(u)] == u for u in units)]
    if analysis.wants_percent:
        percents = [i for i in figures if words[i].endswith("%")]
        figures = percents if is_strict else percents or figures
    anchors = _anchors(analysis, words, matched, is_clustered=is_strict)
    # Reports put the figure after its label ("tỷ lệ hộ nghèo là 47,52%"): ties go forward.
    return sorted(
        (abs(anchor - figure) + (figure < anchor), words[figure])
        for anchor in anchors
        for figure in figures
    )


def _anchors(
    analysis: QuestionAnalysis, words: Sequence[str], matched: set[int], *, is_clustered: bool
) -> list[int]:
    """Where the asked-about words cluster: "tỷ lệ hộ nghèo", not a stray "nghèo" later."""
    hits = [
        (start, position)
        for position in matched
        for phrase in analysis.concepts[position].phrases
        for start in _occurrences(words, phrase.split())
    ]

    def cluster(center: int) -> set[int]:
        return {p for start, p in hits if abs(start - center) <= FIGURE_WINDOW // 2}

    if not hits or not is_clustered:
        return [start for start, _ in hits]
    best = max((start for start, _ in hits), key=lambda start: (len(cluster(start)), -start))
    return [start for start, _ in hits if abs(start - best) <= FIGURE_WINDOW // 2]


def _occurrences(words: Sequence[str], phrase: Sequence[str]) -> list[int]:
    size = len(phrase)
    return [i for i in range(len(words) - size + 1) if list(words[i : i + size]) == list(phrase)]


def _bigrams(analysis: QuestionAnalysis) -> list[str]:
    words = [
        c.phrases[0]
        for c in analysis.concepts
        if len(c.phrases) == 1 and " " not in c.label and c.weight == 1.0
    ]
    return [f"{first} {second}" for first, second in pairwise(words)]


def _bonus(passage: Passage, bigrams: Sequence[str]) -> float:
    if not bigrams:
        return 0.0
    found = sum(1 for bigram in bigrams if contains(passage.folded, bigram))
    return 0.2 * found / len(bigrams)


def is_answered(ranked: Sequence[Evidence]) -> bool:
    """True when the best passage mentions enough of what was asked."""
    return bool(ranked) and ranked[0].coverage >= MIN_COVERAGE


def select_fact(ranked: Sequence[Evidence], *, limit: int = 3) -> list[Evidence]:
    """The best passage, plus passages of the same commune that add missing concepts."""
    if not is_answered(ranked):
        return []
    best = ranked[0]
    chosen = [best]
    covered = set(best.matched)
    for item in ranked[1:]:
        if len(chosen) >= limit:
            break
        adds = item.matched - covered
        same_commune = item.passage.commune == best.passage.commune
        if same_commune and adds and (item.coverage >= MIN_COVERAGE or _is_next_to(item, best)):
            chosen.append(item)
            covered |= item.matched
    chunks = list(dict.fromkeys(item.passage.chunk.chunk_id for item in chosen))
    return sorted(
        chosen, key=lambda it: (chunks.index(it.passage.chunk.chunk_id), it.passage.position)
    )


def _is_next_to(item: Evidence, best: Evidence) -> bool:
    # A sentence next to the best one often finishes it ("…như sau", who concluded).
    return (
        item.passage.chunk.chunk_id == best.passage.chunk.chunk_id
        and abs(item.passage.position - best.passage.position) == 1
    )


def select_figures(analysis: QuestionAnalysis, ranked: Sequence[Evidence]) -> list[Evidence]:
    """For comparisons: each commune's best passage that states the asked-for figure."""
    named = set(analysis.communes)
    best: dict[str | None, Evidence] = {}
    for item in ranked:
        commune = item.passage.commune
        if commune in best or item.coverage < MIN_COVERAGE or (named and commune not in named):
            continue
        if nearest_figure(analysis, item) is not None:
            best[commune] = item
    return list(best.values())


def select_per_commune(
    ranked: Sequence[Evidence], *, margin: float = LIST_MARGIN
) -> list[Evidence]:
    """For "which communes" questions: each commune's best passage, if close to the best."""
    if not is_answered(ranked):
        return []
    floor = max(MIN_COVERAGE, ranked[0].coverage - margin)
    best_by_commune: dict[str | None, Evidence] = {}
    for item in ranked:
        commune = item.passage.commune
        if commune not in best_by_commune and item.coverage >= floor:
            best_by_commune[commune] = item
    return list(best_by_commune.values())
