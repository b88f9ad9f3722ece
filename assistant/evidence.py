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
from itertools import pairwise

from assistant.language import VIETNAMESE_STOPWORDS, tokens
from assistant.passages import Passage, TermStats, contains
from assistant.question import Concept, QuestionAnalysis
from ingest import fold

MIN_COVERAGE = 0.6
# A footnote reference glued to a word: "đạt OCOP 3 sao(5)."
# "15/3/2026" and "2026" are dates, not figures ("12/38", a rank, is not a date).
_DATE = re.compile(r"^(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])/\d{4}$|^(?:19|20)\d\d$")
# "Kết luận số 01-KL/TW": a number followed by a document code is a document number.
_DOC_CODES = frozenset(
    [
        "nq",
        "kl",
        "tw",
        "qd",
        "ctr",
        "kh",
        "bc",
        "tb",
        "ubnd",
        "hdnd",
        "tu",
        "nd",
        "cp",
        "ttg",
        "ct",
        "hd",
        "bcd",
        "dt",
        "ub",
        "tt",
    ]
)
_FOOTNOTE_REF = re.compile(r"(?<=[^\W\d_])\((\d{1,2})\)")
HEADING_CREDIT = 0.5
# A figure question's passage without a figure this many words from a matched concept
# keeps only this share of its coverage.
FIGURE_WINDOW = 8
FIGURE_MISS = 0.5
# A passage missing the question's rarest term (sentence and heading) keeps this share.
FOCUS_MISS = 0.5
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
    phrase: float = 0.0

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
    weights = [stats.weight(c.phrases) * c.weight for c in analysis.concepts]
    bigrams = question_bigrams(analysis)
    asked_numbers = {word for word in tokens(analysis.text) if word[:1].isdigit()}
    focus = max(range(len(weights)), key=weights.__getitem__, default=None)
    key = _key_term(analysis, weights)
    scored = []
    for passage in passages:
        coverage, matched = _coverage(analysis, passage, weights)
        near = _figure_near(analysis, passage, matched, asked_numbers, focus)
        if analysis.wants_figure and not near:
            # "How many…" is answered by a figure next to what was asked about.
            coverage *= FIGURE_MISS
        if key is not None and not _mentions(analysis, passage, key):
            # The question's most specific term ("cháy" in "how many hectares of forest
            # burned") must be in the sentence or its heading: the common ones alone
            # ("rừng", "ha") describe a neighbouring fact, not the answer.
            coverage *= FOCUS_MISS
        rank = ranks.get(passage.chunk.chunk_id, len(ranks))
        phrase = phrase_bonus(passage, bigrams)
        score = coverage + phrase + 0.15 / (1 + rank)
        scored.append(Evidence(passage, score, coverage, frozenset(matched), rank, phrase))
    scored.sort(key=lambda item: item.score, reverse=True)
    return scored


def _key_term(analysis: QuestionAnalysis, weights: Sequence[float]) -> int | None:
    """The rarest whole term of a question that asks about more than one thing."""
    terms = [i for i, concept in enumerate(analysis.concepts) if concept.is_term]
    if len(analysis.concepts) < 2 or not terms:
        return None
    return max(terms, key=weights.__getitem__)


def _mentions(analysis: QuestionAnalysis, passage: Passage, position: int) -> bool:
    concept = analysis.concepts[position]
    heading = " ".join(passage.chunk.heading_path).lower()
    return has_concept(concept, passage.folded, passage.text.lower()) or has_concept(
        concept, passage.heading, heading
    )


def has_concept(concept: Concept, folded: str, written: str) -> bool:
    """Whether `concept` is in a text, given folded and as written (lower-case)."""
    spelled = dict(concept.spelled)
    for phrase in concept.phrases:
        form = spelled.get(phrase)
        if form is None and contains(folded, phrase):
            return True
        if form is not None and _written_word(form).search(written):
            return True
    return False


@cache
def _written_word(form: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(form)}(?!\w)")


def _coverage(
    analysis: QuestionAnalysis, passage: Passage, weights: Sequence[float]
) -> tuple[float, set[int]]:
    credit = 0.0
    matched: set[int] = set()
    written = passage.text.lower()
    heading = " ".join(passage.chunk.heading_path).lower()
    for position, concept in enumerate(analysis.concepts):
        if has_concept(concept, passage.folded, written):
            credit += weights[position]
            matched.add(position)
        elif has_concept(concept, passage.heading, heading):
            credit += HEADING_CREDIT * weights[position]
    return (credit / (sum(weights) or 1.0) if analysis.concepts else 0.0), matched


def _figure_near(
    analysis: QuestionAnalysis,
    passage: Passage,
    matched: set[int],
    asked: set[str],
    focus: int | None,
) -> bool:
    found = _figures_by_distance(analysis, passage, matched, asked, is_strict=False, focus=focus)
    return bool(found) and found[0][0] <= FIGURE_WINDOW


def figure_unit(item: Evidence, figure: str) -> str:
    """What a figure counts: "%" or the word after it ("19,655 tỷ đồng" -> "ty")."""
    if figure.endswith("%"):
        return "%"
    words = item.passage.folded.split()
    after = [words[i + 1] for i, word in enumerate(words[:-1]) if word == figure]
    return after[0] if after and not after[0][:1].isdigit() else ""


def nearest_figure(analysis: QuestionAnalysis, item: Evidence) -> str | None:
    """The figure (as folded, e.g. "47,52%") closest to what the question asked about."""
    found = _nearest(analysis, item)
    return found[1] if found else None


def figure_distance(analysis: QuestionAnalysis, item: Evidence) -> int | None:
    found = _nearest(analysis, item)
    return found[0] if found else None


def _nearest(analysis: QuestionAnalysis, item: Evidence) -> tuple[int, str] | None:
    asked = {word for word in tokens(analysis.text) if word[:1].isdigit()}
    found = _figures_by_distance(analysis, item.passage, set(item.matched), asked, is_strict=True)
    return found[0] if found and found[0][0] <= FIGURE_WINDOW else None


def _figures_by_distance(
    analysis: QuestionAnalysis,
    passage: Passage,
    matched: set[int],
    asked: set[str],
    *,
    is_strict: bool,
    focus: int | None = None,
) -> list[tuple[int, str]]:
    """Figures by word distance to the asked-about words (strict: the figure to show)."""
    words = passage.folded.split()
    figures = [
        i
        for i, word in enumerate(words)
        if word[:1].isdigit()
        and word not in asked
        and not _DATE.match(word)
        and (i + 1 == len(words) or words[i + 1] not in _DOC_CODES)
        and not (analysis.wants_count and word.endswith("%"))
    ]
    units = [p.split() for c in analysis.concepts for p in c.phrases if p in UNITS]
    if units:
        figures = [i for i in figures if any(words[i + 1 : i + 1 + len(u)] == u for u in units)]
    if analysis.wants_percent:
        percents = [i for i in figures if words[i].endswith("%")]
        figures = percents if is_strict else percents or figures
    hits = [
        (start, start + len(phrase.split()) - 1, position)
        for position in matched
        for phrase in analysis.concepts[position].phrases
        for start in _occurrences(words, phrase.split())
    ]
    if focus is not None and units:
        # "How many hectares burned": the figure with its unit sits by the rarest word
        # asked about ("cháy"), not by any common one ("rừng"); a sentence without that
        # word ("trồng 55 ha rừng") states another quantity.
        hits = [hit for hit in hits if hit[2] == focus]
    if not is_strict:
        return _by_distance(words, [(start, end) for start, end, _ in hits], figures)
    # Strict: around the cluster of most asked-about words ("tỷ lệ hộ nghèo", not the
    # stray "nghèo" of "cận nghèo" after it), then the closest figure to it.
    best: list[tuple[int, str]] = []
    best_key = (0, 0)
    for center in sorted({start for start, _, _ in hits}):
        cluster = [hit for hit in hits if abs(hit[0] - center) <= FIGURE_WINDOW // 2]
        # Only a figure beside the cluster counts: a cluster of asked-about words with no
        # figure nearby must not hide a figure next to another asked-about word
        # ("thu ngân sách … 257.840.450.000 …, đạt 101,29% so với dự toán").
        found = [
            item
            for item in _by_distance(words, [(start, end) for start, end, _ in cluster], figures)
            if item[0] <= FIGURE_WINDOW
        ]
        key = (len({p for _, _, p in cluster}), -found[0][0] if found else 0)
        if found and key > best_key:
            best, best_key = found, key
    return best


def _by_distance(
    words: Sequence[str], anchors: Sequence[tuple[int, int]], figures: Sequence[int]
) -> list[tuple[int, str]]:
    """(distance, figure) from each asked-about phrase (first, last word) to each figure.

    Reports put the figure after its label ("… 95% tỷ lệ hộ nghèo là 47,52%"): distance
    counts from the phrase's last word, and a figure before the phrase is one step
    further and loses ties.
    """
    found = []
    for start, end in anchors:
        for figure in figures:
            before = figure < start
            distance = start - figure + 1 if before else max(figure - end, 0)
            found.append((distance, before, figure))
    return [(distance, words[figure]) for distance, _, figure in sorted(found)]


def _occurrences(words: Sequence[str], phrase: Sequence[str]) -> list[int]:
    size = len(phrase)
    return [i for i in range(len(words) - size + 1) if list(words[i : i + size]) == list(phrase)]


def question_bigrams(analysis: QuestionAnalysis) -> list[str]:
    """Adjacent content words of the question: "tỷ lệ hộ nghèo" -> "le ho", "ho ngheo"."""
    text = fold(analysis.text)
    for name in analysis.communes:
        text = text.replace(fold(name), " | ")
    words = tokens(text.replace("|", " 0 "))  # "0" breaks pairs across a removed name
    return [
        f"{first} {second}"
        for first, second in pairwise(words)
        if not ({first, second} & VIETNAMESE_STOPWORDS or first == "0" or second == "0")
    ]


def phrase_bonus(passage: Passage, bigrams: Sequence[str]) -> float:
    if not bigrams:
        return 0.0
    found = sum(1 for bigram in bigrams if contains(passage.folded, bigram))
    return 0.2 * found / len(bigrams)


def is_answered(ranked: Sequence[Evidence]) -> bool:
    """True when the best passage mentions enough of what was asked."""
    return bool(ranked) and ranked[0].coverage >= MIN_COVERAGE
