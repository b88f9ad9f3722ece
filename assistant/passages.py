"""Passages: the sentences (or long sentences' clauses) that answers quote.

A passage's `text` is a verbatim slice of its chunk's text, so a quote taken from it
passes verification. `TermStats` counts in how many passages of the corpus a phrase
occurs, which weights the words of a question (rare words say more).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.language import tokens
from ingest.types import Chunk

# Longer sentences are split at semicolons so a quote stays readable.
MAX_PASSAGE_CHARS = 420
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“(\-+•*]?[^\W_])")
_CLAUSE_END = re.compile(r"(?<=;)\s+")
_ENUMERATOR = re.compile(r"\(\d{1,3}\)")


@dataclass(frozen=True, slots=True)
class Passage:
    """A sentence of a chunk; `folded` is its padded token string for phrase matching."""

    chunk: Chunk
    text: str
    folded: str
    heading: str
    position: int = 0

    @property
    def commune(self) -> str | None:
        return self.chunk.metadata.commune


def fold_tokens(text: str) -> str:
    """' ty le ho ngheo 47,52% ': padded so ' phrase ' finds whole words only.

    List numbers and footnote marks ("(14) Tỷ lệ", "3 sao(5)") are not figures: dropped.
    """
    return " " + " ".join(tokens(_ENUMERATOR.sub(" ", text))) + " "


def _pieces(text: str, pattern: re.Pattern[str]) -> list[str]:
    return [piece.strip() for piece in pattern.split(text) if piece.strip()]


def split_passages(chunk: Chunk) -> list[Passage]:
    """Cut a chunk's text into sentences (and over-long sentences into clauses)."""
    heading = fold_tokens(" ".join(chunk.heading_path))
    passages: list[Passage] = []
    for line in chunk.text.splitlines():
        for sentence in _pieces(line, _SENTENCE_END):
            parts = [sentence]
            if len(sentence) > MAX_PASSAGE_CHARS:
                parts = _pieces(sentence, _CLAUSE_END)
            for part in parts:
                if len(part) >= 3:
                    folded = fold_tokens(part)
                    passages.append(Passage(chunk, part, folded, heading, len(passages)))
    return passages


def contains(folded: str, phrase: str) -> bool:
    """Whole-word phrase test on padded folded text; symbols like '%' match anywhere."""
    if phrase[:1].isalnum():
        return f" {phrase} " in folded
    return phrase in folded


class TermStats:
    """Passage frequencies over the whole corpus, for weighting question words."""

    def __init__(self, passages: Sequence[Passage]) -> None:
        self._folded = [passage.folded for passage in passages]
        self._vocabulary = {word for text in self._folded for word in text.split()}
        self._cache: dict[tuple[str, ...], float] = {}

    def __len__(self) -> int:
        return len(self._folded)

    def has_word(self, word: str) -> bool:
        return word in self._vocabulary

    def weight(self, phrases: Iterable[str]) -> float:
        """IDF of "any of these phrases"; unseen phrases get the highest weight."""
        key = tuple(phrases)
        if key not in self._cache:
            total = len(self._folded)
            found = sum(1 for text in self._folded if any(contains(text, p) for p in key))
            self._cache[key] = math.log((total + 1) / (found + 0.5))
        return max(self._cache[key], 0.1)
