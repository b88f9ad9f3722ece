"""Wording bonuses: a passage that says things the way the question puts them together.

A Vietnamese question's word pairs are matched as written ("hộ nghèo", not "hộ … nghèo");
an English question's concepts that stand side by side ("forest ceremony") should stand
close together in the passage ("Lễ cúng rừng"), in whichever order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from assistant.figures import YEAR
from assistant.passages import Passage, contains
from assistant.understand.analysis import QuestionAnalysis
from assistant.understand.language import VIETNAMESE_STOPWORDS, tokens
from ingest import fold

# Words between two translated concepts the question names together, at most.
PAIR_WINDOW = 5


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


def concept_pairs(analysis: QuestionAnalysis) -> list[tuple[int, int]]:
    """Concepts side by side in the question ("forest ceremony"), as position pairs.

    They name one thing, so the report names them together ("Lễ cúng rừng").
    """
    text = fold(analysis.text).replace("-", " ")
    found = []
    for position, concept in enumerate(analysis.concepts):
        match = re.search(rf"(?<!\w){re.escape(concept.label)}\w*", text)
        if match is not None and not YEAR.fullmatch(concept.label):
            found.append((match.start(), match.end(), position))
    found.sort()
    return [
        (first[2], second[2])
        for first, second in pairwise(found)
        if len(text[first[1] : second[0]].split()) <= 1
    ]


def pair_bonus(
    analysis: QuestionAnalysis, passage: Passage, pairs: Sequence[tuple[int, int]]
) -> float:
    """Like `phrase_bonus`, for translated concepts: the share of pairs found close."""
    if not pairs:
        return 0.0
    words = passage.folded.split()
    spans = {
        position: _spans(words, analysis.concepts[position].phrases)
        for pair in pairs
        for position in pair
    }
    close = sum(
        1
        for first, second in pairs
        if any(_gap(a, b) <= PAIR_WINDOW for a in spans[first] for b in spans[second])
    )
    return 0.2 * close / len(pairs)


def _spans(words: Sequence[str], phrases: Sequence[str]) -> list[tuple[int, int]]:
    spans = []
    for phrase in phrases:
        parts = phrase.split()
        size = len(parts)
        spans += [
            (i, i + size - 1) for i in range(len(words) - size + 1) if words[i : i + size] == parts
        ]
    return spans


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(b[0] - a[1], a[0] - b[1], 0)
