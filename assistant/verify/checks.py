"""Check every citation against its source before an answer leaves the assistant.

A quote must be a substring of its section text after `normalize_text` (NFC, one tone
mark convention, whitespace). A claim (a line or sentence carrying `[n]`) whose citations
all fail is dropped; markers of failed or out-of-range citations are removed; citations
are renumbered 1..k in order of first use; a sentence naming a commune that no remaining
citation supports is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from assistant.types import Citation
from assistant.understand.analysis import find_communes
from assistant.understand.units import outside_quotes
from ingest import fold, normalize_text

MARKER = re.compile(r"\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]")
_CLAIM_END = re.compile(r"(?:\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\]\s*)+[.;:!?]?")


@dataclass(frozen=True, slots=True)
class Verified:
    """What survived verification."""

    text: str
    citations: tuple[Citation, ...]
    communes: tuple[str, ...]
    dropped: int


def marker_numbers(text: str, *, count: int) -> list[int]:
    """Distinct citation numbers in `[n]` / `[1, 2]` markers, in order, within 1..count."""
    numbers: list[int] = []
    for match in MARKER.finditer(text):
        for piece in re.split(r"[,;]", match.group(1)):
            number = int(piece)
            if 1 <= number <= count and number not in numbers:
                numbers.append(number)
    return numbers


def is_quoted_from(quote: str, section_text: str) -> bool:
    """True when `quote` occurs in `section_text` after normalisation (and is not empty)."""
    if quote.strip() and quote in section_text:
        # Verbatim already: normalising a section costs ~1 ms, and a list answer over a
        # province cites hundreds.
        return True
    needle = normalize_text(quote).strip()
    return bool(needle) and needle in normalize_text(section_text)


def verify(text: str, citations: Sequence[Citation], *, communes: Sequence[str]) -> Verified:
    """Drop unverifiable claims and unsupported communes; renumber the rest."""
    valid = {c.number: c for c in citations if is_quoted_from(c.quote, c.section_text)}
    top = max(valid, default=0)
    kept_lines: list[list[str]] = []
    order: list[int] = []
    for line in text.splitlines():
        kept: list[str] = []
        for claim in _claims(line):
            numbers = [n for n in marker_numbers(claim, count=top) if n in valid]
            if MARKER.search(claim) and not numbers:
                continue
            kept.append(claim)
            order.extend(n for n in numbers if n not in order)
        kept_lines.append(kept)
    renumber = {old: new for new, old in enumerate(order, 1)}
    remaining = tuple(replace(valid[old], number=new) for old, new in renumber.items())
    supported = {fold(c.commune) for c in remaining if c.commune}
    lines = []
    for claims in kept_lines:
        # Only the answer's own words name a unit: a quoted report sentence may use a
        # unit's name as a word ("thống nhất") without being about it.
        allowed = [
            _renumber(claim, renumber)
            for claim in claims
            if all(
                fold(name) in supported for name in find_communes(outside_quotes(claim), communes)
            )
        ]
        if allowed:
            lines.append(" ".join(allowed))
    body = "\n".join(lines)
    if not MARKER.search(body):
        # Nothing cited survived: an answer with no claim left is an abstention, never an
        # empty text with citations.
        return Verified("", (), (), dropped=len(citations))
    named = find_communes(outside_quotes(body), communes)
    return Verified(body, remaining, named, dropped=len(citations) - len(remaining))


def _claims(line: str) -> list[str]:
    # A claim runs up to and including its markers (and the punctuation after them).
    claims: list[str] = []
    start = 0
    for match in _CLAIM_END.finditer(line):
        claims.append(line[start : match.end()].strip())
        start = match.end()
    claims.append(line[start:].strip())
    return [claim for claim in claims if claim]


def _renumber(line: str, renumber: dict[int, int]) -> str:
    def swap(match: re.Match[str]) -> str:
        new = [renumber[int(p)] for p in re.split(r"[,;]", match.group(1)) if int(p) in renumber]
        return "[" + ", ".join(str(n) for n in dict.fromkeys(new)) + "]" if new else ""

    return MARKER.sub(swap, line)
