"""A segment of term statistics: passages' folded words, indexed, in arrays that save fast.

`TermStats` counts phrases over a few segments (Lucene's layout): a large one built once
and small ones for reports added since, merged as they grow. A segment is arrays only, so
it saves to one `.npz` file and loads in a fraction of a second at any corpus size; the
passages themselves (and their chunks) are not needed to count in it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from assistant.passages import DATE_END, Passage

Ints = npt.NDArray[np.int64]
_WORD = re.compile(r"[^\W\d_]+")
_EMPTY = np.zeros(0, dtype=np.int64)


class Segment:
    """Passages' folded texts, their words' postings and the words written in lower case.

    Passages are numbered 0..n-1; each belongs to one report, named by `keys` (any string
    the caller chooses: a report id, or "report id/chunks" in the store).
    """

    def __init__(
        self,
        *,
        keys: Sequence[str],
        blob: bytes,
        offsets: Ints,
        report_of: Ints,
        words: Sequence[str],
        word_ptr: Ints,
        word_passages: Ints,
        lower: Sequence[str],
        lower_ptr: Ints,
        lower_reports: Ints,
    ) -> None:
        self.keys = tuple(keys)
        self._blob = blob
        self._offsets = offsets
        self.report_of = report_of
        self._words = {word: n for n, word in enumerate(words)}
        self._word_ptr = word_ptr
        self._word_passages = word_passages
        self._lower = {word: n for n, word in enumerate(lower)}
        self._lower_ptr = lower_ptr
        self._lower_reports = lower_reports
        self._starts: list[int] | None = None

    @classmethod
    def build(cls, passages: Sequence[Passage], key_of: dict[str, str] | None = None) -> Segment:
        """The segment of `passages` (grouped by report); `key_of` maps report id -> key."""
        keys: dict[str, int] = {}
        report_of = np.zeros(len(passages), dtype=np.int64)
        postings: dict[str, list[int]] = {}
        lower: dict[str, set[int]] = {}
        for number, passage in enumerate(passages):
            report_id = passage.chunk.report_id
            key = key_of.get(report_id, report_id) if key_of else report_id
            report = keys.setdefault(key, len(keys))
            report_of[number] = report
            for word in set(passage.folded.split()):
                postings.setdefault(word, []).append(number)
            for word in _WORD.findall(passage.text):
                if word.islower():
                    lower.setdefault(word, set()).add(report)
        encoded = [passage.folded.encode() for passage in passages]
        words, word_ptr, word_passages = _csr({w: ns for w, ns in postings.items()})
        lower_words, lower_ptr, lower_reports = _csr({w: sorted(rs) for w, rs in lower.items()})
        return cls(
            keys=list(keys),
            blob=b"".join(encoded),
            offsets=np.concatenate([[0], np.cumsum([len(e) for e in encoded])]).astype(np.int64),
            report_of=report_of,
            words=words,
            word_ptr=word_ptr,
            word_passages=word_passages,
            lower=lower_words,
            lower_ptr=lower_ptr,
            lower_reports=lower_reports,
        )

    def __len__(self) -> int:
        return len(self.report_of)

    def folded(self, number: int) -> str:
        return self._blob[self._offsets[number] : self._offsets[number + 1]].decode()

    def with_word(self, word: str) -> Ints:
        """Sorted numbers of the passages holding folded `word`."""
        found = self._words.get(word)
        if found is None:
            return _EMPTY
        return self._word_passages[self._word_ptr[found] : self._word_ptr[found + 1]]

    def reports_writing(self, word: str) -> Ints:
        """Sorted report numbers whose passages write `word` as typed (lower case)."""
        found = self._lower.get(word)
        if found is None:
            return _EMPTY
        return self._lower_reports[self._lower_ptr[found] : self._lower_ptr[found + 1]]

    def passages_with(self, phrase: str) -> Ints:
        """Sorted numbers of the passages holding `phrase` (`passages.contains`)."""
        words = phrase.split()
        if not words or not phrase[:1].isalnum():
            # Symbols such as "%" are rare in questions: a scan of the folded texts.
            hits = [m.start() for m in re.finditer(re.escape(phrase.encode()), self._blob)]
            at = np.searchsorted(self._offsets, np.asarray(hits, dtype=np.int64), side="right")
            return np.unique(at - 1)
        postings = sorted((self.with_word(word) for word in words), key=len)
        found = postings[0]
        for more in postings[1:]:
            if not len(found):
                break
            found = np.intersect1d(found, more, assume_unique=True)
        if len(words) == 1 or not len(found):
            return found
        return np.asarray(self._holding(phrase, found), dtype=np.int64)

    def _holding(self, phrase: str, candidates: Ints) -> list[int]:
        """Those of `candidates` holding `phrase` as `passages.contains` finds it.

        Looked for in the saved bytes (folded texts are padded with spaces, so a passage's
        span holds " phrase " exactly when its text does), without decoding each one.
        """
        if self._starts is None:
            self._starts = self._offsets.tolist()
        starts, find = self._starts, self._blob.find
        whole = f" {phrase} ".encode()
        dated = f" {phrase}/".encode() if DATE_END.search(phrase) else None
        return [
            n
            for n in candidates.tolist()
            if find(whole, starts[n], starts[n + 1]) != -1
            or (dated is not None and find(dated, starts[n], starts[n + 1]) != -1)
        ]

    def save(self, path: Path) -> None:
        """Write to `path` (an `.npz`) through a temporary file, so a reader never sees half."""
        partial = path.with_name(path.name + ".partial")
        with partial.open("wb") as out:
            np.savez(
                out,
                keys=_joined(self.keys),
                blob=np.frombuffer(self._blob, dtype=np.uint8),
                offsets=self._offsets,
                report_of=self.report_of,
                words=_joined(self._words),
                word_ptr=self._word_ptr,
                word_passages=self._word_passages,
                lower=_joined(self._lower),
                lower_ptr=self._lower_ptr,
                lower_reports=self._lower_reports,
            )
        partial.replace(path)

    @classmethod
    def load(cls, path: Path) -> Segment:
        with np.load(path) as saved:
            return cls(
                keys=_split(saved["keys"]),
                blob=saved["blob"].tobytes(),
                offsets=saved["offsets"],
                report_of=saved["report_of"],
                words=_split(saved["words"]),
                word_ptr=saved["word_ptr"],
                word_passages=saved["word_passages"],
                lower=_split(saved["lower"]),
                lower_ptr=saved["lower_ptr"],
                lower_reports=saved["lower_reports"],
            )

    @classmethod
    def merge(cls, parts: Sequence[tuple[Segment, frozenset[str]]]) -> Segment:
        """One segment of `parts`' passages, without those of each part's dropped keys."""
        keys: list[str] = []
        pieces: list[bytes] = []
        lengths: list[Ints] = []
        report_of: list[Ints] = []
        word_pairs: list[tuple[list[str], Ints, Ints]] = []
        lower_pairs: list[tuple[list[str], Ints, Ints]] = []
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
            starts, ends = segment._offsets[:-1][kept], segment._offsets[1:][kept]
            lengths.append(ends - starts)
            if kept.all():
                pieces.append(segment._blob)
            else:
                spans = zip(starts.tolist(), ends.tolist(), strict=True)
                pieces.extend(segment._blob[a:b] for a, b in spans)
            word_pairs.append(
                _remapped(segment._words, segment._word_ptr, segment._word_passages, numbers)
            )
            lower_pairs.append(
                _remapped(segment._lower, segment._lower_ptr, segment._lower_reports, key_map)
            )
        words, word_ptr, word_passages = _combined(word_pairs)
        lower, lower_ptr, lower_reports = _combined(lower_pairs, unique=True)
        sizes = np.concatenate(lengths) if lengths else _EMPTY
        return cls(
            keys=keys,
            blob=b"".join(pieces),
            offsets=np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
            report_of=np.concatenate(report_of) if report_of else _EMPTY,
            words=words,
            word_ptr=word_ptr,
            word_passages=word_passages,
            lower=lower,
            lower_ptr=lower_ptr,
            lower_reports=lower_reports,
        )


def _csr(lists: dict[str, list[int]]) -> tuple[list[str], Ints, Ints]:
    words = sorted(lists)
    sizes = [len(lists[word]) for word in words]
    ptr = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    flat = np.fromiter(
        (n for word in words for n in lists[word]), dtype=np.int64, count=int(ptr[-1])
    )
    return words, ptr, flat


def _remapped(
    vocabulary: dict[str, int], ptr: Ints, values: Ints, new_numbers: Ints
) -> tuple[list[str], Ints, Ints]:
    """(words, word number per pair, new value per pair), pairs of dropped values left out."""
    words = list(vocabulary)
    owner = np.repeat(np.arange(len(words), dtype=np.int64), np.diff(ptr))
    mapped = new_numbers[values]
    kept = mapped >= 0
    return words, owner[kept], mapped[kept]


def _combined(
    parts: Sequence[tuple[list[str], Ints, Ints]], *, unique: bool = False
) -> tuple[list[str], Ints, Ints]:
    """Postings of several segments' (already renumbered) pairs, as one CSR."""
    vocabulary = sorted({word for words, _, _ in parts for word in words})
    number = {word: n for n, word in enumerate(vocabulary)}
    owners, values = [], []
    for words, owner, value in parts:
        local = np.fromiter((number[w] for w in words), dtype=np.int64, count=len(words))
        owners.append(local[owner] if len(owner) else _EMPTY)
        values.append(value)
    owner = np.concatenate(owners) if owners else _EMPTY
    value = np.concatenate(values) if values else _EMPTY
    if unique:
        # Report numbers may repeat when two parts hold one key (two processes racing).
        order = np.lexsort((value, owner))
        owner, value = owner[order], value[order]
        keep = np.ones(len(owner), dtype=bool)
        keep[1:] = (owner[1:] != owner[:-1]) | (value[1:] != value[:-1])
        owner, value = owner[keep], value[keep]
    else:
        # Parts come in passage order: a stable sort by word keeps each posting sorted.
        order = np.argsort(owner, kind="stable")
        owner, value = owner[order], value[order]
    counts = np.bincount(owner, minlength=len(vocabulary)) if len(vocabulary) else _EMPTY
    ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return vocabulary, ptr, value


def _joined(words: Sequence[str] | dict[str, int]) -> npt.NDArray[np.uint8]:
    return np.frombuffer("\n".join(words).encode(), dtype=np.uint8)


def _split(saved: npt.NDArray[np.uint8]) -> list[str]:
    text = saved.tobytes().decode()
    return text.split("\n") if text else []
