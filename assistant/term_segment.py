"""A segment of the corpus's passages: folded words indexed, texts kept, all as arrays.

`TermStats` counts phrases over a few segments (Lucene's layout): a large one built once
and small ones for reports added since, merged as they grow. A segment also says which of
its reports hold a phrase or write a word: a question over many units asks it of every
report it touches, and the postings answer at a cost that does not grow with them. Arrays
only, so a segment saves to a folder of files that a later opening maps rather than reads
(`segment_files`); passages (and chunks) are not needed to use it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from assistant.passages import DATE_END, Passage, phrase_needles
from assistant.segment_files import load_arrays, save_arrays
from assistant.text_column import TextColumn
from assistant.word_postings import Postings

Ints = npt.NDArray[np.int64]
_WORD = re.compile(r"[^\W\d_]+")
# A word standing alone, as `concepts.written_word` finds a spelling: no letter, digit or
# "_" touching it.
_WHOLE_WORD = re.compile(r"(?<!\w)[^\W\d_]+(?!\w)")
_EMPTY = np.zeros(0, dtype=np.int64)
# Phrases whose passages (and reports) a segment remembers: a question asks about a few
# dozen, first to weigh them, then which candidate reports hold them.
_REMEMBERED = 64


class Segment:
    """Passages' folded and written texts, their words' postings, reports' written words.

    Passages are numbered 0..n-1, grouped by report; each report is named by a key (any
    string the caller chooses: a report id, or "report id/chunks" in the store).
    `texts` holds each passage's text as written and `chunk_of` its chunk (the first 60
    bits of the chunk id, a content hash), so a chunk's passages are read here instead of
    being cut and folded again when a question first touches it. `lower` maps
    each word written in lower case to its reports; `whole_words` each whole word, lower
    cased wherever it is capitalised, to its reports.
    """

    def __init__(
        self,
        *,
        keys: Sequence[str],
        report_of: Ints,
        folded: TextColumn,
        texts: TextColumn,
        chunk_of: Ints,
        words: Postings,
        lower: Postings,
        whole_words: Postings,
    ) -> None:
        self.keys = tuple(keys)
        self.report_of = report_of
        self.folded = folded
        self.texts = texts
        self.chunk_of = chunk_of
        self.words = words
        self.lower = lower
        self.whole_words = whole_words
        self.report_ids = [key.split("/")[0] for key in self.keys]
        # (phrases, dropped keys) -> passages holding any of them (`TermStats` fills it).
        self.counts: dict[tuple[tuple[str, ...], frozenset[str]], int] = {}
        self._passages: dict[str, Ints] = {}
        self._by_id: dict[str, list[int]] | None = None
        self._reports: dict[str, npt.NDArray[np.bool_]] = {}

    @classmethod
    def build(cls, passages: Sequence[Passage], key_of: dict[str, str] | None = None) -> Segment:
        """The segment of `passages`; `key_of` maps report id -> key (default: the id)."""
        order: dict[str, int] = {}
        for passage in passages:
            order.setdefault(passage.chunk.report_id, len(order))
        # Grouped by report, in document order within it: a report's text is one span.
        grouped = sorted(passages, key=lambda p: order[p.chunk.report_id])
        postings: dict[str, list[int]] = {}
        lower: dict[str, set[int]] = {}
        whole: dict[str, set[int]] = {}
        report_of = np.fromiter(
            (order[p.chunk.report_id] for p in grouped), dtype=np.int64, count=len(grouped)
        )
        for number, passage in enumerate(grouped):
            report = int(report_of[number])
            for word in set(passage.folded.split()):
                postings.setdefault(word, []).append(number)
            for word in _WORD.findall(passage.text):
                if word.islower():
                    lower.setdefault(word, set()).add(report)
            for word in _WHOLE_WORD.findall(passage.text.lower()):
                whole.setdefault(word, set()).add(report)
        return cls(
            keys=[key_of.get(rid, rid) if key_of else rid for rid in order],
            report_of=report_of,
            folded=TextColumn.of([p.folded for p in grouped]),
            texts=TextColumn.of([p.text for p in grouped]),
            chunk_of=np.fromiter(
                (chunk_number(p.chunk.chunk_id) for p in grouped),
                dtype=np.int64,
                count=len(grouped),
            ),
            words=Postings.of(postings),
            lower=Postings.of({w: sorted(reports) for w, reports in lower.items()}),
            whole_words=Postings.of({w: sorted(reports) for w, reports in whole.items()}),
        )

    def __len__(self) -> int:
        return len(self.report_of)

    def reports_with(self, phrase: str, among: Ints | None = None) -> npt.NDArray[np.bool_]:
        """Per report, whether `passages.contains` finds `phrase` in a passage of it.

        Only the reports numbered `among` are looked at (all when None): a question about
        one unit asks about its few reports, not the province's. Unlike the counts, a date
        is also found written with its year: "thang 7" in "tháng 7/2025", as evidence is
        matched.
        """
        if among is not None:
            return self._holders(phrase, among)
        found = self._reports.get(phrase)
        if found is None:
            found = self._holders(phrase, None)
            _remember(self._reports, phrase, found)
        return found

    def _holders(self, phrase: str, among: Ints | None) -> npt.NDArray[np.bool_]:
        words = phrase.split()
        if not words or not phrase[:1].isalnum():
            numbers = self.passages_with(phrase)
        else:
            is_date = DATE_END.search(phrase) is not None
            within = self.passages_with_words(words[:-1] if is_date else words, among)
            if len(words) == 1 and not is_date:
                numbers = within
            else:
                numbers = np.asarray(
                    self.folded.holding(_byte_needles(phrase), within.tolist()), dtype=np.int64
                )
        found = np.zeros(len(self.keys), dtype=bool)
        found[self.report_of[numbers]] = True
        return found if among is None else found & self._mask(among)

    def chunk_passages(self, report: int, chunk_id: str) -> tuple[list[str], list[str]]:
        """(texts, folded) of the passages of chunk `chunk_id` of report number `report`."""
        first = int(np.searchsorted(self.report_of, report, side="left"))
        end = int(np.searchsorted(self.report_of, report, side="right"))
        rows = first + np.flatnonzero(self.chunk_of[first:end] == chunk_number(chunk_id))
        return [self.texts.text(r) for r in rows.tolist()], [
            self.folded.text(r) for r in rows.tolist()
        ]

    def numbers_of(self, report_id: str) -> list[int]:
        """The numbers of the reports keyed by `report_id` (a key is "id" or "id/chunks")."""
        if self._by_id is None:
            self._by_id = {}
            for number, rid in enumerate(self.report_ids):
                self._by_id.setdefault(rid, []).append(number)
        return self._by_id.get(report_id, [])

    def reports_writing(self, word: str) -> Ints:
        """Sorted numbers of the reports writing `word` (lower case) as a whole word."""
        return self.whole_words.get(word)

    def passages_with(self, phrase: str) -> Ints:
        """Sorted numbers of the passages holding `phrase` (`passages.contains`).

        A phrase's words must be words of the passage ("ngay 15/3" is not counted in
        "ngày 15/3/2026", whose word is "15/3/2026"), as the statistics always counted.
        """
        found = self._passages.get(phrase)
        if found is None:
            found = self._find_passages(phrase)
            _remember(self._passages, phrase, found)
        return found

    def _find_passages(self, phrase: str) -> Ints:
        words = phrase.split()
        if not words or not phrase[:1].isalnum():
            # Symbols such as "%" are rare in questions: a scan of the folded texts.
            needle = re.escape(phrase.encode())
            return self.folded.numbers_at(
                [m.start() for m in re.finditer(needle, self.folded.data)]
            )
        found = self.passages_with_words(words)
        if len(words) == 1 or not len(found):
            return found
        # Folded texts are padded with spaces: " phrase " is in a passage's span exactly
        # when `contains` finds it, or " phrase/" for a date the text writes in full.
        return np.asarray(
            self.folded.holding(_byte_needles(phrase), found.tolist()), dtype=np.int64
        )

    def passages_with_words(self, words: Sequence[str], among: Ints | None = None) -> Ints:
        """Sorted numbers of the passages (of the reports `among`) holding all of `words`."""
        if not words:
            everyone = np.arange(len(self), dtype=np.int64)
            return everyone if among is None else everyone[self._mask(among)[self.report_of]]
        postings = sorted((self.words.get(word) for word in words), key=len)
        found = postings[0]
        if among is not None:
            found = found[self._mask(among)[self.report_of[found]]]
        for more in postings[1:]:
            if not len(found):
                break
            # Both sorted: a binary search per number of the shorter, no sort of both.
            at = np.minimum(np.searchsorted(more, found), len(more) - 1)
            found = found[more[at] == found] if len(more) else more
        return found

    def _mask(self, reports: Ints) -> npt.NDArray[np.bool_]:
        mask = np.zeros(len(self.keys), dtype=bool)
        mask[reports] = True
        return mask

    def save(self, path: Path) -> None:
        """Write to folder `path` through a temporary one, so a reader never sees half."""
        save_arrays(path, self.to_arrays())

    def to_arrays(self) -> dict[str, Any]:
        """Everything the segment holds, as named arrays (what `save` writes)."""
        return {
            "keys": _joined(self.keys),
            "report_of": self.report_of,
            **_column_arrays("folded", self.folded),
            **_column_arrays("texts", self.texts),
            "chunk_of": self.chunk_of,
            **self.words.arrays("words"),
            **self.lower.arrays("lower"),
            **self.whole_words.arrays("whole_words"),
        }

    @classmethod
    def load(cls, path: Path) -> Segment:
        """The segment saved at `path` (a folder; a `.npz` file saved before reads too)."""
        saved = load_arrays(path)
        return cls(
            keys=_split(saved["keys"]),
            report_of=saved["report_of"],
            folded=TextColumn(saved["folded"], saved["folded_offsets"]),
            texts=TextColumn(saved["texts"], saved["texts_offsets"]),
            chunk_of=saved["chunk_of"],
            words=Postings.from_arrays(saved, "words"),
            lower=Postings.from_arrays(saved, "lower"),
            whole_words=Postings.from_arrays(saved, "whole_words"),
        )

    @classmethod
    def merge(cls, parts: Sequence[tuple[Segment, frozenset[str]]]) -> Segment:
        """One segment of `parts`' passages, without those of each part's dropped keys."""
        keys: list[str] = []
        report_of: list[Ints] = []
        chunk_of: list[Ints] = []
        kept_masks: list[npt.NDArray[np.bool_]] = []
        word_parts: list[tuple[Postings, Ints]] = []
        lower_parts: list[tuple[Postings, Ints]] = []
        whole_parts: list[tuple[Postings, Ints]] = []
        done = 0
        for segment, dropped in parts:
            key_map = np.full(len(segment.keys), -1, dtype=np.int64)
            for n, key in enumerate(segment.keys):
                if key not in dropped:
                    key_map[n] = len(keys)
                    keys.append(key)
            kept = key_map[segment.report_of] >= 0
            numbers = np.full(len(segment), -1, dtype=np.int64)
            numbers[kept] = done + np.arange(int(kept.sum()))
            done += int(kept.sum())
            report_of.append(key_map[segment.report_of][kept])
            chunk_of.append(segment.chunk_of[kept])
            kept_masks.append(kept)
            word_parts.append((segment.words, numbers))
            lower_parts.append((segment.lower, key_map))
            whole_parts.append((segment.whole_words, key_map))
        pairs = list(zip((s for s, _ in parts), kept_masks, strict=True))
        return cls(
            keys=keys,
            report_of=np.concatenate(report_of) if report_of else _EMPTY,
            folded=TextColumn.joined([(s.folded, kept) for s, kept in pairs]),
            texts=TextColumn.joined([(s.texts, kept) for s, kept in pairs]),
            chunk_of=np.concatenate(chunk_of) if chunk_of else _EMPTY,
            words=Postings.combined(word_parts),
            lower=Postings.combined(lower_parts, unique=True),
            whole_words=Postings.combined(whole_parts, unique=True),
        )


def _column_arrays(name: str, column: TextColumn) -> dict[str, npt.NDArray[np.generic]]:
    return {
        name: np.frombuffer(column.data, dtype=np.uint8),
        f"{name}_offsets": column.offsets,
    }


def _joined(words: Sequence[str]) -> npt.NDArray[np.uint8]:
    return np.frombuffer("\n".join(words).encode(), dtype=np.uint8)


def _split(saved: npt.NDArray[np.uint8]) -> list[str]:
    text = saved.tobytes().decode()
    return text.split("\n") if text else []


def _byte_needles(phrase: str) -> list[bytes]:
    """What `passages.contains` looks for, as bytes of the padded folded texts."""
    return [needle.encode() for needle in phrase_needles(phrase) if needle is not None]


def _remember(kept: dict[str, Any], phrase: str, value: Any) -> None:
    if len(kept) >= _REMEMBERED:
        kept.clear()
    kept[phrase] = value


def chunk_number(chunk_id: str) -> int:
    """A chunk id (hex sha256) as a number a segment keeps: its first 60 bits."""
    return int(chunk_id[:15], 16)
