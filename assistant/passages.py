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

from assistant.understand.language import tokens
from ingest import fold
from ingest.types import Chunk

# Longer sentences are split at semicolons so a quote stays readable.
MAX_PASSAGE_CHARS = 420
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“(\-+•*]?[^\W_])")
_CLAUSE_END = re.compile(r"(?<=;)\s+")
# A line that stops mid-sentence, and a next line that carries on in lower case.
_WRAPPED = re.compile(r"[^.!?:;…)\]»”\"]$")
_CONTINUES = re.compile(r"[a-zà-ỹđ0-9(,]")
# Also wrapped: an item cut after its label ("(18) Tỷ lệ người tham gia" + "BHXH: 25%."),
# a label cut before its figure ("Tỷ lệ gia đình văn hóa:" + "94,5%.") and a list number
# cut from its item ("… (21)" + "Tỷ lệ thanh toán …"). Not a roman heading ("II. KẾT").
_ACRONYM = re.compile(r"[^\W\d_]{2,}(?![\w.])")
_LABEL_END = re.compile(r":$")
_FIGURE_START = re.compile(r"\d[\d.,]*\s?(?:%|[a-zà-ỹđ])")
_NUMBER_END = re.compile(r"\(\d{1,3}\)$")
_ENUMERATOR = re.compile(r"\(\d{1,3}\)")
LONG_LINE = 60


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
    for line in paragraphs(chunk.text):
        for sentence in _pieces(line, _SENTENCE_END):
            parts = [sentence]
            if len(sentence) > MAX_PASSAGE_CHARS:
                parts = _pieces(sentence, _CLAUSE_END)
            for part in parts:
                if len(part) >= 3:
                    folded = fold_tokens(part)
                    passages.append(Passage(chunk, part, folded, heading, len(passages)))
    return passages


def paragraphs(text: str) -> list[str]:
    """Lines, with PDF hard wraps re-joined ("… năm" + "2026, là …" is one sentence).

    Quotes keep their words; the joining space instead of the line break is whitespace
    that verification normalises anyway.
    """
    joined: list[str] = []
    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        if joined and _continues(joined[-1], line):
            joined[-1] += " " + line
        else:
            joined.append(line)
    return joined


def _continues(previous: str, line: str) -> bool:
    if _NUMBER_END.search(previous):
        return True
    if _LABEL_END.search(previous):
        return _FIGURE_START.match(line) is not None
    if not _WRAPPED.search(previous) or previous.isupper():
        return False
    acronym = _ACRONYM.match(line)
    if _CONTINUES.match(line) is not None or (acronym is not None and acronym[0].isupper()):
        return True
    # A long line stopping mid-sentence carries on even before a capital ("… với HTX" +
    # "Môi trường Vũ Quang; …"): a heading is short.
    return len(previous) >= LONG_LINE and line[:1].isupper()


def contains(folded: str, phrase: str) -> bool:
    """Whole-word phrase test on padded folded text; symbols like '%' match anywhere."""
    if phrase[:1].isalnum():
        # "ngày 28/5" asks about the date the text writes in full, "28/5/2026".
        year_follows = _DAY_MONTH.fullmatch(phrase) is not None and f" {phrase}/" in folded
        return f" {phrase} " in folded or year_follows
    return phrase in folded


_DAY_MONTH = re.compile(r"\d{1,2}/\d{1,2}")
_WORD = re.compile(r"[^\W\d_]+")


class TermStats:
    """Passage frequencies over the whole corpus, for weighting question words.

    An inverted index (word -> passage numbers) keeps `weight` cheap at any corpus size:
    a phrase is only checked in the passages holding all of its words.
    """

    def __init__(self, passages: Sequence[Passage]) -> None:
        self._texts = [passage.text for passage in passages]
        self._lower_case: set[str] | None = None
        self._folded = [passage.folded for passage in passages]
        self._postings: dict[str, set[int]] = {}
        for number, text in enumerate(self._folded):
            for word in set(text.split()):
                self._postings.setdefault(word, set()).add(number)
        self._cache: dict[tuple[str, ...], int] = {}

    def __len__(self) -> int:
        return len(self._folded)

    def uses_word(self, typed: str) -> bool:
        """Whether the reports use a word as typed (lower case only if they write it so).

        The English "put" is not the village "Put", nor "he" the Vietnamese "hè".
        """
        if not typed.islower():
            return fold(typed) in self._postings
        if self._lower_case is None:
            # Built on first use: most questions never ask. Words as written: the English
            # "he" is not the Vietnamese "hè".
            self._lower_case = {
                word for text in self._texts for word in _WORD.findall(text) if word.islower()
            }
        return typed in self._lower_case

    def has_any(self, phrases: Iterable[str]) -> bool:
        """Whether any passage of the corpus holds one of `phrases`."""
        return self._count(tuple(phrases)) > 0

    def weight(self, phrases: Iterable[str]) -> float:
        """IDF of "any of these phrases"; unseen phrases get the highest weight."""
        found = self._count(tuple(phrases))
        return max(math.log((len(self._folded) + 1) / (found + 0.5)), 0.1)

    def _count(self, phrases: tuple[str, ...]) -> int:
        """How many passages hold any of `phrases` (cached: a question asks several times)."""
        if phrases not in self._cache:
            found: set[int] = set()
            for phrase in phrases:
                found |= self._passages_with(phrase)
            self._cache[phrases] = len(found)
        return self._cache[phrases]

    def _passages_with(self, phrase: str) -> set[int]:
        words = phrase.split()
        if not words or not phrase[:1].isalnum():
            # Symbols such as "%" are rare in questions: a plain scan is fine.
            return {n for n, text in enumerate(self._folded) if contains(text, phrase)}
        postings = [self._postings.get(word, set()) for word in words]
        candidates = set.intersection(*postings)
        if len(words) == 1:
            return candidates
        return {n for n in candidates if contains(self._folded[n], phrase)}
