"""Passages: the sentences (or long sentences' clauses) that answers quote.

A passage's `text` is a verbatim slice of its chunk's text, so a quote taken from it
passes verification. `assistant.term_stats` counts in how many passages of the corpus a
phrase occurs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant.understand.language import tokens
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
    heading = _heading(chunk.heading_path)
    return [
        Passage(chunk, text, fold_tokens(text), heading, position)
        for position, text in enumerate(passage_texts(chunk.text))
    ]


def passages_from(chunk: Chunk, texts: Sequence[str], folded: Sequence[str]) -> list[Passage]:
    """A chunk's passages from texts `split_passages` cut and folded before (and kept)."""
    heading = _heading(chunk.heading_path)
    return [
        Passage(chunk, text, fold, heading, position)
        for position, (text, fold) in enumerate(zip(texts, folded, strict=True))
    ]


@lru_cache(maxsize=4096)
def _heading(path: tuple[str, ...]) -> str:
    return fold_tokens(" ".join(path))


def contains(folded: str, phrase: str) -> bool:
    """Whole-word phrase test on padded folded text; symbols like '%' match anywhere."""
    needle, dated = phrase_needles(phrase)
    # "ngày 28/5" and "tháng 11" ask about the dates the text writes in full,
    # "28/5/2026" and "tháng 11/2025".
    return needle in folded or (dated is not None and dated in folded)


@lru_cache(maxsize=65536)
def phrase_needles(phrase: str) -> tuple[str, str | None]:
    """What `contains` looks for: the phrase (padded when a word) and its dated form."""
    if not phrase[:1].isalnum():
        return phrase, None
    dated = f" {phrase}/" if DATE_END.search(phrase) is not None else None
    return f" {phrase} ", dated


DATE_END = re.compile(r"(?:^\d{1,2}/|\bthang )\d{1,2}$")
