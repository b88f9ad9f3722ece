"""Choose the passages that answer: score by the question's concepts, decide to abstain.

A passage's `coverage` is the share of the question's concept weight it mentions (words
in its section heading count half: a numbered item is read with its parent heading, so
"đề nghị" finds items under "KIẾN NGHỊ, ĐỀ XUẤT"). Abstention is a coverage threshold,
calibrated on question sets that include words-present-but-no-answer questions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from assistant.evidence.figure_search import FIGURE_WINDOW, figures_by_distance
from assistant.evidence.wording import concept_pairs, pair_bonus, phrase_bonus, question_bigrams
from assistant.figures import YEAR
from assistant.passages import Passage, TermStats, contains
from assistant.understand.analysis import QuestionAnalysis
from assistant.understand.concepts import has_concept
from assistant.understand.language import tokens

MIN_COVERAGE = 0.6
# A word no report uses weighs this share of the question's usual word.
UNSEEN_SHARE = 0.5
# A figure as the question states it: a percentage or a number with separators.
_STATED_FIGURE = re.compile(r"%|\d[.,]\d")
# A footnote reference glued to a word: "đạt OCOP 3 sao(5)."
_FOOTNOTE_REF = re.compile(r"(?<=[^\W\d_])\((\d{1,2})\)")
CONTEXT_CREDIT = 0.5
# A question's topic: its concepts at least this share as rare as the rarest one.
TOPIC_SHARE = 0.75
# ... and only when those words carry this share of the question's weight.
TOPIC_WEIGHT = 0.5
# A figure question's passage with no figure near a matched concept keeps this share.
FIGURE_MISS = 0.5
# The rarest term is the question's focus when it carries this share of its weight.
KEY_SHARE = 0.3
# A passage missing the question's rarest term (sentence and heading) keeps this share.
FOCUS_MISS = 0.5


@dataclass(frozen=True, slots=True)
class Evidence:
    """A scored passage; `rank` is its chunk's position in the retrieved hits."""

    passage: Passage
    score: float
    coverage: float
    matched: frozenset[int]
    rank: int
    phrase: float = 0.0
    # Mentions every one of the question's rarest concepts: its topic ("ma túy" in
    # "which communes mention drug prevention"), however the rest is worded.
    on_topic: bool = False

    @property
    def match(self) -> float:
        """Coverage plus the share of the question's word pairs found as written."""
        return self.coverage + self.phrase


def score_passages(
    analysis: QuestionAnalysis,
    passages: Sequence[Passage],
    stats: TermStats,
    ranks: dict[str, int],
) -> list[Evidence]:
    """Every passage scored against the question, best first."""
    weights = concept_weights(analysis, stats)
    bigrams = question_bigrams(analysis)
    pairs = concept_pairs(analysis)
    asked_numbers = {word for word in tokens(analysis.text) if word[:1].isdigit()}
    own_weights = _own_weights(analysis, weights)
    by_position = {(p.chunk.chunk_id, p.position): p for p in passages}
    asked_figures = {word for word in asked_numbers if _STATED_FIGURE.search(word)}
    focus = max(range(len(weights)), key=weights.__getitem__, default=None)
    key = _key_term(analysis, weights)
    topic = topic_phrases(analysis, weights)
    scored = []
    for passage in passages:
        before = by_position.get((passage.chunk.chunk_id, passage.position - 1))
        coverage, matched = _coverage(analysis, passage, weights, before)
        if own_weights is not None:
            # A follow-up that says what it wants ("and the target for the pig herd?") is
            # answered by a passage about that; the earlier question only narrows it.
            coverage = max(coverage, _coverage(analysis, passage, own_weights, before)[0])
        near = _figure_near(analysis, passage, matched, asked_numbers, focus)
        if analysis.wants_figure and not near:
            # "How many…" is answered by a figure next to what was asked about.
            coverage *= FIGURE_MISS
        if asked_figures and not asked_figures & set(passage.folded.split()):
            # "Những xã nào có 100% cử tri đi bầu": a figure the question states is
            # what it asks about; a passage without it answers something else.
            coverage *= FOCUS_MISS
        if key is not None and not _mentions(analysis, passage, key):
            # The question's most specific term ("cháy" in "how many hectares of forest
            # burned") must be in the sentence or its heading: the common ones alone
            # ("rừng", "ha") describe a neighbouring fact, not the answer.
            coverage *= FOCUS_MISS
        rank = ranks.get(passage.chunk.chunk_id, len(ranks))
        phrase = (
            phrase_bonus(passage, bigrams)
            if analysis.language == "vi"
            else pair_bonus(analysis, passage, pairs)
        )
        score = coverage + phrase + 0.15 / (1 + rank)
        on_topic = bool(topic) and all(contains(passage.folded, phrase) for phrase in topic)
        scored.append(
            Evidence(passage, score, coverage, frozenset(matched), rank, phrase, on_topic)
        )
    # Passages that answer come first: wording bonuses rank within them, never above.
    scored.sort(key=lambda item: (item.coverage >= MIN_COVERAGE, item.score), reverse=True)
    return scored


def concept_weights(analysis: QuestionAnalysis, stats: TermStats) -> list[float]:
    """How much each concept says: rare words more (IDF), the earlier question's less.

    A loose word no report uses at all ("chênh nhau", "đến chơi", "kêu gọi" typed for the
    reports' words) weighs half the question's usual word: it is how the asker talks, and
    at full (rarest) weight it would outweigh everything the reports do say.
    """
    weights = [stats.weight(c.phrases) * c.weight for c in analysis.concepts]
    seen = [stats.has_any(c.phrases) for c in analysis.concepts]
    usual = [w for w, is_seen in zip(weights, seen, strict=True) if is_seen]
    if not usual:
        return weights
    cap = UNSEEN_SHARE * sum(usual) / len(usual)
    return [
        w if is_seen or c.is_term else min(w, cap)
        for c, w, is_seen in zip(analysis.concepts, weights, seen, strict=True)
    ]


def _own_weights(analysis: QuestionAnalysis, weights: Sequence[float]) -> list[float] | None:
    """A follow-up's weights without the earlier question's concepts (None: nothing own)."""
    if not analysis.is_follow_up:
        return None
    own = [w if c.weight >= 1.0 else 0.0 for c, w in zip(analysis.concepts, weights, strict=True)]
    return own if any(own) and len(own) > sum(1 for w in own if w) else None


def topic_phrases(analysis: QuestionAnalysis, weights: Sequence[float]) -> list[str]:
    """The question's rarest words as it writes them ("ma tuy"), if they carry its weight.

    Empty when they are a small share of what was asked: then words common to many
    sentences would pass for the topic.
    """
    rarest = max(weights, default=0.0)
    single = [c for c, w in zip(analysis.concepts, weights, strict=True) if len(c.phrases) == 1]
    weight_of = {c.phrases[0]: w for c, w in zip(analysis.concepts, weights, strict=True)}
    is_topic = {
        c.phrases[0] for c in single if rarest and weight_of[c.phrases[0]] >= TOPIC_SHARE * rarest
    }
    runs: list[list[str]] = [[]]
    for word in tokens(analysis.text):
        if word in is_topic:
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
    phrases = [" ".join(run) for run in runs if run]
    share = sum(weight_of[p] for p in is_topic) / (sum(weights) or 1.0)
    return phrases if share >= TOPIC_WEIGHT else []


def _key_term(analysis: QuestionAnalysis, weights: Sequence[float]) -> int | None:
    """The rarest whole term of a question that asks about more than one thing."""
    terms = [i for i, concept in enumerate(analysis.concepts) if concept.is_term]
    if len(analysis.concepts) < 2 or not terms:
        return None
    key = max(terms, key=weights.__getitem__)
    # In a long question no one term is the focus: "resettlement" in "villages that need
    # land levelled for resettlement because of landslide risk" is the asker's framing.
    return key if weights[key] >= KEY_SHARE * sum(weights) else None


def _mentions(analysis: QuestionAnalysis, passage: Passage, position: int) -> bool:
    concept = analysis.concepts[position]
    heading = " ".join(passage.chunk.heading_path).lower()
    return has_concept(concept, passage.folded, passage.text.lower()) or has_concept(
        concept, passage.heading, heading
    )


def _coverage(
    analysis: QuestionAnalysis,
    passage: Passage,
    weights: Sequence[float],
    before: Passage | None = None,
) -> tuple[float, set[int]]:
    """Share of the question's weight a passage mentions.

    Its heading and the sentence before it (which often names what its figures count)
    count half.
    """
    credit = 0.0
    matched: set[int] = set()
    written = passage.text.lower()
    context = [(passage.heading, " ".join(passage.chunk.heading_path).lower())]
    if before is not None:
        context.append((before.folded, before.text.lower()))
    years = report_years(passage)
    for position, concept in enumerate(analysis.concepts):
        if has_concept(concept, passage.folded, written):
            credit += weights[position]
            matched.add(position)
        elif years == {concept.label} and not YEAR.search(passage.text):
            # "in 2026" holds for every sentence of a report about 2026 alone that names
            # no year of its own (a report on 2025 results and 2026 targets says which).
            credit += weights[position]
        elif any(has_concept(concept, folded, text) for folded, text in context):
            credit += CONTEXT_CREDIT * weights[position]
    return (credit / (sum(weights) or 1.0) if analysis.concepts else 0.0), matched


def report_years(passage: Passage) -> frozenset[str]:
    """The years a passage's report is dated or titled with ("quý I/2026" -> "2026")."""
    metadata = passage.chunk.metadata
    return _years(f"{metadata.date or ''} {metadata.period or ''} {metadata.title or ''}")


@cache
def _years(text: str) -> frozenset[str]:
    return frozenset(YEAR.findall(text))


def _figure_near(
    analysis: QuestionAnalysis,
    passage: Passage,
    matched: set[int],
    asked: set[str],
    focus: int | None,
) -> bool:
    found = figures_by_distance(analysis, passage, matched, asked, is_strict=False, focus=focus)
    return bool(found) and found[0][0] <= FIGURE_WINDOW


def figure_unit(item: Evidence, figure: str) -> str:
    """What a figure counts: "%" or the word after it ("19,655 tỷ đồng" -> "ty")."""
    if figure.endswith("%"):
        return "%"
    words = item.passage.folded.split()
    after = [words[i + 1] for i, word in enumerate(words[:-1]) if word == figure]
    return after[0] if after and not after[0][:1].isdigit() else ""


def nearest_figure(
    analysis: QuestionAnalysis, item: Evidence, *, unit: str | None = None
) -> str | None:
    """The figure (as folded, e.g. "47,52%") closest to what the question asked about.

    With `unit`, the closest one in that unit if there is one near ("151 %" rather than
    "19,655 tỷ đồng" when the other communes' figures are percentages).
    """
    near = [figure for _, figure in figures_near(analysis, item)]
    in_unit = [figure for figure in near if unit is not None and figure_unit(item, figure) == unit]
    return next(iter(in_unit or near), None)


def figures_near(analysis: QuestionAnalysis, item: Evidence) -> list[tuple[int, str]]:
    """(distance, figure) of the figures near what was asked, closest first."""
    asked = {word for word in tokens(analysis.text) if word[:1].isdigit()}
    found = figures_by_distance(analysis, item.passage, set(item.matched), asked, is_strict=True)
    return [(distance, figure) for distance, figure in found if distance <= FIGURE_WINDOW]


def figure_distance(analysis: QuestionAnalysis, item: Evidence) -> int | None:
    found = _nearest(analysis, item)
    return found[0] if found else None


def _nearest(analysis: QuestionAnalysis, item: Evidence) -> tuple[int, str] | None:
    found = figures_near(analysis, item)
    return found[0] if found else None


def is_answered(ranked: Sequence[Evidence]) -> bool:
    """True when the best passage mentions enough of what was asked."""
    return bool(ranked) and ranked[0].coverage >= MIN_COVERAGE
