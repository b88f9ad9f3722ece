"""Passages: the sentences (or long sentences' clauses) that answers quote.

A passage's `text` is a verbatim slice of its chunk's text, so a quote taken from it
passes verification. `TermStats` counts in how many passages of the corpus a phrase
occurs, which weights the words of a question (rare words say more).
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from assistant.understand.language import tokens
from ingest import fold
from ingest.passages import passage_texts
from ingest.types import Chunk

# List numbers and footnote marks ("(14) Tỷ lệ", "3 sao(5)") are not figures.
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


def split_passages(chunk: Chunk) -> list[Passage]:
    """Cut a chunk's text into sentences (and over-long sentences into clauses)."""
    heading = fold_tokens(" ".join(chunk.heading_path))
    return [
        Passage(chunk, text, fold_tokens(text), heading, position)
        for position, text in enumerate(passage_texts(chunk.text))
    ]


def contains(folded: str, phrase: str) -> bool:
    """Whole-word phrase test on padded folded text; symbols like '%' match anywhere."""
    if phrase[:1].isalnum():
        # "ngày 28/5" and "tháng 11" ask about the dates the text writes in full,
        # "28/5/2026" and "tháng 11/2025".
        year_follows = DATE_END.search(phrase) is not None and f" {phrase}/" in folded
        return f" {phrase} " in folded or year_follows
    return phrase in folded


DATE_END = re.compile(r"(?:^\d{1,2}/|\bthang )\d{1,2}$")
_WORD = re.compile(r"[^\W\d_]+")


class TermStats:
    """Passage frequencies over the whole corpus, for weighting question words.

    An inverted index (word -> passage numbers) keeps `weight` cheap at any corpus size:
    a phrase is only checked in the passages holding all of its words. Reports added or
    deleted since it was built are kept beside it (`changed`): counting them apart gives
    the same counts, without indexing every passage again after each upload.
    """

    def __init__(self, passages: Sequence[Passage]) -> None:
        self._base = _Segment(passages)
        self._added = _Segment(())
        self._removed: frozenset[int] = frozenset()
        self._lower_case: set[str] | None = None
        self._cache: dict[tuple[str, ...], int] = {}

    def changed(self, added: Sequence[Passage], removed_reports: Collection[str]) -> TermStats:
        """These statistics with `added` passages and without `removed_reports`' ones."""
        gone = set(removed_reports)
        stats = TermStats(())
        stats._base = self._base
        stats._removed = self._removed | {
            n for n, report_id in enumerate(self._base.reports) if report_id in gone
        }
        kept = [p for p in self._added.passages if p.chunk.report_id not in gone]
        stats._added = _Segment([*kept, *added])
        if self._lower_case is not None and stats._removed == self._removed and not gone:
            # Nothing left: the words already seen stay; building them anew reads every
            # passage of the corpus.
            stats._lower_case = self._lower_case | _lower_case_words(p.text for p in added)
        return stats

    @property
    def changed_share(self) -> float:
        """Passages counted apart from the built index, as a share of it."""
        return (len(self._added) + len(self._removed)) / max(len(self._base), 1)

    def __len__(self) -> int:
        return len(self._base) - len(self._removed) + len(self._added)

    def uses_word(self, typed: str) -> bool:
        """Whether the reports use a word as typed (lower case only if they write it so).

        The English "put" is not the village "Put", nor "he" the Vietnamese "hè".
        """
        if not typed.islower():
            word = fold(typed)
            live = self._base.postings.get(word, set())
            return bool(word in self._added.postings or live - self._removed)
        if self._lower_case is None:
            # Built on first use: most questions never ask. Words as written: the English
            # "he" is not the Vietnamese "hè".
            texts = [t for n, t in enumerate(self._base.texts) if n not in self._removed]
            self._lower_case = _lower_case_words([*texts, *self._added.texts])
        return typed in self._lower_case

    def has_any(self, phrases: Iterable[str]) -> bool:
        """Whether any passage of the corpus holds one of `phrases`."""
        return self._count(tuple(phrases)) > 0

    def weight(self, phrases: Iterable[str]) -> float:
        """IDF of "any of these phrases"; unseen phrases get the highest weight."""
        found = self._count(tuple(phrases))
        return max(math.log((len(self) + 1) / (found + 0.5)), 0.1)

    def _count(self, phrases: tuple[str, ...]) -> int:
        """How many passages hold any of `phrases` (cached: a question asks several times)."""
        if phrases not in self._cache:
            in_base: set[int] = set()
            in_added: set[int] = set()
            for phrase in phrases:
                in_base |= self._base.passages_with(phrase)
                in_added |= self._added.passages_with(phrase)
            self._cache[phrases] = len(in_base - self._removed) + len(in_added)
        return self._cache[phrases]


def _lower_case_words(texts: Iterable[str]) -> set[str]:
    return {word for text in texts for word in _WORD.findall(text) if word.islower()}


class _Segment:
    """Passages with their words' postings: the unit `TermStats` counts in."""

    def __init__(self, passages: Sequence[Passage]) -> None:
        self.passages = list(passages)
        self.texts = [passage.text for passage in passages]
        self.reports = [passage.chunk.report_id for passage in passages]
        self.folded = [passage.folded for passage in passages]
        self.postings: dict[str, set[int]] = {}
        for number, text in enumerate(self.folded):
            for word in set(text.split()):
                self.postings.setdefault(word, set()).add(number)

    def __len__(self) -> int:
        return len(self.folded)

    def passages_with(self, phrase: str) -> set[int]:
        words = phrase.split()
        if not words or not phrase[:1].isalnum():
            # Symbols such as "%" are rare in questions: a plain scan is fine.
            return {n for n, text in enumerate(self.folded) if contains(text, phrase)}
        postings = [self.postings.get(word, set()) for word in words]
        candidates = set.intersection(*postings)
        if len(words) == 1:
            return candidates
        return {n for n in candidates if contains(self.folded[n], phrase)}
