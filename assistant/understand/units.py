"""Which indexed units a text names: written as a name, not as the word it also is.

Many unit names are ordinary words: "UBND xã đã thống nhất kế hoạch" is not about
phường Thống Nhất. A name counts where it follows its unit word ("phường Thống Nhất",
"xa thong nhat", "Thống Nhất ward") or is written capitalised as a name ("Thống Nhất",
two syllables or more). One matcher is built per set of names (cached), not one pattern
per unit per line, so the cost of a question does not grow with every unit's regex.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ingest import fold, normalize_text
from ingest.units import ENGLISH_KINDS, UNIT_KINDS

_KINDS = sorted({fold(kind) for kind in UNIT_KINDS} | {"tp", "tt"}, key=len, reverse=True)
_ENGLISH = sorted({fold(word) for word in ENGLISH_KINDS.values()} | {"communes", "wards"})
# Names this many syllables or more may stand without their unit word when capitalised.
MIN_BARE_SYLLABLES = 2


class UnitNames:
    """A matcher over the canonical unit names of a corpus."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = tuple(names)
        self._by_fold = {fold(name): name for name in self.names}
        alternatives = prefix_alternation(list(self._by_fold))
        kinds = "|".join(re.escape(kind) for kind in _KINDS)
        english = "|".join(re.escape(word) for word in _ENGLISH)
        self._pattern = (
            re.compile(
                rf"(?<![^\W_])(?:(?P<kind>{kinds})\.?\s+)?(?P<name>{alternatives})(?![^\W_])"
                rf"(?P<english>\s+(?:{english})(?![^\W_]))?"
            )
            if alternatives
            else None
        )

    def find(self, text: str) -> tuple[str, ...]:
        """Canonical names `text` writes as names, in order of first mention."""
        if self._pattern is None:
            return ()
        written = normalize_text(text)
        aligned = _fold_aligned(written)
        found: list[str] = []
        for match in self._pattern.finditer(aligned):
            span = written[match.start("name") : match.end("name")]
            has_unit_word = bool(match.group("kind") or match.group("english"))
            if has_unit_word or _is_written_as_name(span):
                name = self._by_fold[match.group("name")]
                if name not in found:
                    found.append(name)
        return tuple(found)


def prefix_alternation(keys: Sequence[str]) -> str:
    """A regex matching any of `keys`, longer first, with shared prefixes written once.

    Python's regex engine tries a plain alternation's branches one by one at every
    position: over a province's thousand names a line cost ~0.2 ms. Factored into a
    trie, a position is left after the characters no name continues with. Longer keys
    still win (each optional tail is greedy), as in an alternation sorted longest first.
    """
    trie: dict[str, Any] = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict[str, Any]) -> str:
    ends_here = "" in node
    branches = [re.escape(char) + _trie_regex(child) for char, child in node.items() if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if not ends_here:
        return body
    return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"


def _is_written_as_name(span: str) -> bool:
    words = span.split()
    return len(words) >= MIN_BARE_SYLLABLES and all(word[:1].isupper() for word in words)


def _fold_aligned(text: str) -> str:
    """`fold`, one character for one, so a match's offsets point into `text`."""
    return text.translate(_ALIGNED)


class _AlignedFold(dict[int, str]):
    """Each character's one-character fold, made on first sight (a str.translate table)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = " " if char.isspace() else fold(char)
        self[code] = folded if len(folded) == 1 else char.lower()[:1] or " "
        return self[code]


_ALIGNED = _AlignedFold()


@lru_cache(maxsize=8)
def unit_names(names: tuple[str, ...]) -> UnitNames:
    """The matcher of a set of names, built once while that set is current."""
    return UnitNames(names)


def outside_quotes(text: str) -> str:
    """`text` with «quoted» report sentences blanked: a quote names nothing by itself."""
    return re.sub(r"«[^»]*»", " ", text)
