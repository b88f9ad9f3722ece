"""Term statistics count as a fresh build: changed report by report, kept on disk, read
by another process, merged, and passage by passage; and they say which reports hold a
phrase as reading each report's text would."""

from __future__ import annotations

import json
import mmap
import re
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from assistant.passages import Passage, contains, passages_from, split_passages
from assistant.term_segment import Segment
from assistant.term_stats import LivePart, TermStats
from assistant.term_store import MANIFEST, TermStatsStore
from assistant.understand.concepts import written_variants, written_word
from assistant.understand.language import tokens
from ingest import chunk_report, load_report

ROOT = Path(__file__).parents[2]
WORD = re.compile(r"[^\W\d_]+")
SAMPLES = sorted((ROOT / "samples" / "reports" / "text").glob("*.txt"))


@pytest.fixture(scope="module")
def by_report() -> dict[str, list[Passage]]:
    found: dict[str, list[Passage]] = {}
    for path in SAMPLES:
        report = load_report(path)
        chunks = chunk_report(report, max_tokens=400, count_tokens=lambda t: len(t.split()))
        found[report.report_id] = [p for chunk in chunks for p in split_passages(chunk)]
    return found


def _phrases() -> list[tuple[str, ...]]:
    rows = (ROOT / "evals" / "questions" / "team.jsonl").read_text("utf-8").splitlines()
    phrases: list[tuple[str, ...]] = [("%",), ("ngay 15/3",), ("xa", "phuong"), ("ho ngheo",)]
    for row in rows:
        words = tokens(json.loads(row)["question"])
        phrases += [(word,) for word in words]
        phrases += [(f"{a} {b}",) for a, b in pairwise(words)]
    return phrases


def _assert_same(stats: TermStats, fresh: TermStats, words: set[str]) -> None:
    assert len(stats) == len(fresh)
    for phrases in _phrases():
        assert stats.weight(phrases) == fresh.weight(phrases), phrases
    for word in sorted(words)[:500]:
        assert stats.uses_word(word) == fresh.uses_word(word), word


class Reader:
    """`passages_of` for the store, recording which reports it was asked to split."""

    def __init__(self, by_report: dict[str, list[Passage]]) -> None:
        self.by_report = by_report
        self.asked: list[list[str]] = []

    def __call__(self, report_ids):
        self.asked.append(list(report_ids))
        return [p for rid in report_ids for p in self.by_report[rid]]


def _keys(ids) -> list[str]:
    return [f"{rid}/1" for rid in ids]


def test_a_saved_segment_loads_and_counts_as_built(tmp_path, by_report):
    passages = [p for ps in by_report.values() for p in ps]
    built = Segment.build(passages)
    built.save(tmp_path / "s")
    np.savez(tmp_path / "before.npz", **built.to_arrays())  # as segments were saved before
    words = {w for p in passages for w in p.text.split()}
    for loaded in (Segment.load(tmp_path / "s"), Segment.load(tmp_path / "before.npz")):
        assert loaded.keys == built.keys and len(loaded) == len(passages)
        for n in (0, len(passages) // 2, len(passages) - 1):
            assert loaded.folded.text(n) == passages[n].folded
            assert loaded.texts.text(n) == passages[n].text
        _assert_same(TermStats(parts=[_live(loaded)]), TermStats(passages), words)
    # Opening maps the texts rather than reading them.
    assert isinstance(Segment.load(tmp_path / "s").texts.data, mmap.mmap)


def _live(segment: Segment) -> LivePart:
    return LivePart(segment)


def test_merged_segments_count_as_one_built_without_the_dropped_reports(by_report):
    ids = list(by_report)
    first = Segment.build([p for rid in ids[:3] for p in by_report[rid]])
    second = Segment.build([p for rid in ids[3:] for p in by_report[rid]])
    merged = Segment.merge([(first, frozenset({ids[1]})), (second, frozenset())])
    kept = [rid for rid in ids if rid != ids[1]]
    assert merged.keys == tuple(kept)
    fresh = TermStats([p for rid in kept for p in by_report[rid]])
    words = {w for ps in by_report.values() for p in ps for w in p.text.split()}
    _assert_same(TermStats(parts=[_live(merged)]), fresh, words)


def test_a_new_process_counts_only_the_reports_added_since(tmp_path, by_report):
    ids = list(by_report)
    reader = Reader(by_report)
    TermStatsStore(tmp_path).current(_keys(ids[:3]), reader)
    assert reader.asked == [sorted(ids[:3])]
    # Another process: one report deleted, two added since the statistics were kept.
    later = Reader(by_report)
    now = [ids[0], ids[2], ids[3], ids[4]]
    stats = TermStatsStore(tmp_path).current(_keys(now), later)
    assert later.asked == [sorted(ids[3:])]
    words = {w for ps in by_report.values() for p in ps for w in p.text.split()}
    _assert_same(stats, TermStats([p for rid in now for p in by_report[rid]]), words)
    # And a third process reads it all from disk.
    third = Reader(by_report)
    _assert_same(
        TermStatsStore(tmp_path).current(_keys(now), third),
        TermStats([p for rid in now for p in by_report[rid]]),
        words,
    )
    assert third.asked == []


def test_segments_merge_as_they_grow_and_files_do_not_pile_up(tmp_path, by_report):
    ids = list(by_report)
    store = TermStatsStore(tmp_path)
    for n in range(1, len(ids) + 1):
        stats = store.current(_keys(ids[:n]), Reader(by_report))
    names = json.loads((tmp_path / MANIFEST).read_text("utf-8"))["segments"]
    sizes = [len(part.segment) for part in stats.parts]
    assert all(a > 2 * b for a, b in pairwise(sizes)), sizes
    assert sorted(p.name for p in tmp_path.glob("segment-*")) == sorted(names)


def test_deleting_most_reports_rewrites_the_segments_without_them(tmp_path, by_report):
    ids = list(by_report)
    store = TermStatsStore(tmp_path)
    store.current(_keys(ids), Reader(by_report))
    stats = store.current(_keys(ids[:1]), Reader(by_report))
    assert [part.segment.keys for part in stats.parts] == [tuple(_keys(ids[:1]))]
    assert len(stats) == len(by_report[ids[0]])


def test_an_unreadable_segment_is_counted_again(tmp_path, by_report):
    ids = list(by_report)
    TermStatsStore(tmp_path).current(_keys(ids), Reader(by_report))
    for path in tmp_path.glob("segment-*/*"):
        path.write_bytes(b"not a segment")
    reader = Reader(by_report)
    stats = TermStatsStore(tmp_path).current(_keys(ids), reader)
    assert reader.asked == [sorted(ids)]
    assert len(stats) == sum(len(ps) for ps in by_report.values())


def test_a_rechunked_report_is_counted_with_its_new_passages(tmp_path, by_report):
    ids = list(by_report)
    store = TermStatsStore(tmp_path)
    store.current(_keys(ids), Reader(by_report))
    shorter = {**by_report, ids[0]: by_report[ids[0]][:3]}
    keys = [f"{ids[0]}/2", *_keys(ids[1:])]
    stats = TermStatsStore(tmp_path).current(keys, Reader(shorter))
    assert len(stats) == sum(len(ps) for ps in shorter.values())


def _reference_count(passages: list[Passage], phrase: str) -> int:
    """What the statistics count, passage by passage: a symbol anywhere; otherwise a
    passage whose words hold every word of the phrase and that `passages.contains` finds
    it in (so "ngay 15/3" counts "ngày 15/3" but not "ngày 15/3/2026", whose last word
    is "15/3/2026": as the statistics have always counted)."""
    if not phrase[:1].isalnum():
        return sum(contains(p.folded, phrase) for p in passages)
    words = phrase.split()
    return sum(
        all(w in p.folded.split() for w in words) and contains(p.folded, phrase) for p in passages
    )


def test_counts_equal_a_passage_by_passage_count(by_report):
    passages = [p for ps in by_report.values() for p in ps]
    segment = Segment.build(passages)
    dated = ["ngay 15/3", "thang 7", "ngay 22/12"]
    for (phrase,) in [*(p for p in _phrases() if len(p) == 1), *((d,) for d in dated)]:
        expected = _reference_count(passages, phrase)
        assert len(segment.passages_with(phrase)) == expected, phrase


def test_reports_holding_a_phrase_or_writing_a_word_are_those_whose_text_does(tmp_path, by_report):
    ids = list(by_report)
    first = Segment.build([p for rid in ids[:3] for p in by_report[rid]])
    second = Segment.build([p for rid in ids[3:] for p in by_report[rid]])
    # One report deleted since the first segment was counted, two added in another.
    stats = TermStats(parts=[LivePart(first, frozenset({ids[1]})), LivePart(second)])
    now = [ids[0], *ids[2:]]
    assert [stats.holds(rid) for rid in ids] == [rid in now for rid in ids]
    joined = {
        rid: (
            "".join(p.folded for p in by_report[rid]),
            "\n".join(p.text for p in by_report[rid]).lower(),
        )
        for rid in now
    }
    dated = [("ngay 15/3",), ("thang 7",), ("ngay 22/12",)]
    for (phrase,) in [*(p for p in _phrases() if len(p) == 1), *dated]:
        expected = {rid for rid, (folded, _) in joined.items() if contains(folded, phrase)}
        assert stats.reports_with([phrase]) == expected, phrase
        # Asked about some reports only (one deleted among them), it looks at those alone.
        some = set(ids[:3])
        assert stats.reports_with([phrase], among=some) == expected & some, phrase
    written = {w.lower() for ps in by_report.values() for p in ps for w in WORD.findall(p.text)}
    for word in sorted(written)[::7]:
        pattern = written_word(word)
        expected = {rid for rid, (_, text) in joined.items() if pattern.search(text)}
        assert stats.reports_writing(written_variants(word)) == expected, word
        some = set(ids[1:4])
        assert stats.reports_writing(written_variants(word), among=some) == expected & some


def test_a_word_only_in_a_deleted_report_is_no_longer_used(
    by_report: dict[str, list[Passage]],
) -> None:
    ids = list(by_report)
    segment = Segment.build([p for rid in ids for p in by_report[rid]])
    assert TermStats(parts=[LivePart(segment)]).uses_word("Axan")  # only Hùng Sơn's village
    hung_son = next(rid for rid in ids if any("Axan" in p.text for p in by_report[rid]))
    stats = TermStats(parts=[LivePart(segment, frozenset({hung_son}))])
    assert not stats.uses_word("Axan")
    assert not stats.reports_writing(["axan"]) and not stats.reports_with(["axan"])


def test_words_seen_before_an_addition_stay_seen(tmp_path, by_report):
    ids = list(by_report)
    store = TermStatsStore(tmp_path)
    assert store.current(_keys(ids[:4]), Reader(by_report)).uses_word("thôn")
    grown = store.current(_keys(ids), Reader(by_report))
    fresh = TermStats([p for rid in ids for p in by_report[rid]])
    words = {w for rid in ids for p in by_report[rid] for w in p.text.split()}
    for word in sorted(words)[:600]:
        assert grown.uses_word(word) == fresh.uses_word(word), word


def test_texts_holding_a_needle_are_those_whose_text_has_it(by_report):
    passages = [p for ps in by_report.values() for p in ps]
    column = Segment.build(passages).folded
    everyone = list(range(len(column)))
    for phrase in [p[0] for p in _phrases()[:300] if len(p) == 1]:
        needles = [f" {phrase} ".encode(), f" {phrase}/".encode()]
        written = [n for n in everyone if any(x.decode() in column.text(n) for x in needles)]
        assert column.holding(needles, everyone) == written, phrase
        evens = [n for n in written if n % 2 == 0]
        assert column.holding(needles, everyone[::2]) == evens, phrase
        alone = [n for n in everyone if needles[0].decode() in column.text(n)]
        assert column.holding(needles[:1], everyone) == alone, phrase


def test_counts_outlive_an_upload_and_stay_exact(tmp_path, by_report):
    ids = list(by_report)
    store = TermStatsStore(tmp_path)
    before = store.current(_keys(ids[:4]), Reader(by_report))
    phrases = ("ho ngheo",)
    before.weight(phrases)
    after = store.current(_keys(ids), Reader(by_report))
    kept = after.parts[0].segment
    assert kept is before.parts[0].segment and (phrases, frozenset()) in kept.counts
    fresh = TermStats([p for rid in ids for p in by_report[rid]])
    assert after.weight(phrases) == fresh.weight(phrases)


def test_a_chunks_passages_are_read_back_as_they_were_cut(tmp_path, by_report):
    ids = list(by_report)
    TermStatsStore(tmp_path).current(_keys(ids[:3]), Reader(by_report))
    # Another process, after one report was deleted and another added.
    stats = TermStatsStore(tmp_path).current(_keys([ids[0], ids[2], ids[3]]), Reader(by_report))
    for rid in (ids[0], ids[2], ids[3]):
        chunks = list({p.chunk.chunk_id: p.chunk for p in by_report[rid]}.values())
        for chunk in chunks:
            cut = split_passages(chunk)
            assert stats.chunk_passages(chunk) == ([p.text for p in cut], [p.folded for p in cut])
            assert passages_from(chunk, *stats.chunk_passages(chunk)) == cut
    deleted = by_report[ids[1]][0].chunk
    assert stats.chunk_passages(deleted) is None
    never = by_report[ids[4]][0].chunk
    assert stats.chunk_passages(never) is None


def test_segments_mapped_from_disk_merge_as_built_ones_do(tmp_path, by_report):
    ids = list(by_report)
    Segment.build([p for rid in ids[:3] for p in by_report[rid]]).save(tmp_path / "a")
    Segment.build([p for rid in ids[3:] for p in by_report[rid]]).save(tmp_path / "b")
    first, second = Segment.load(tmp_path / "a"), Segment.load(tmp_path / "b")
    merged = Segment.merge([(first, frozenset({ids[1]})), (second, frozenset())])
    kept = [rid for rid in ids if rid != ids[1]]
    fresh = [p for rid in kept for p in by_report[rid]]
    assert [merged.texts.text(n) for n in range(len(merged))] == [p.text for p in fresh]
    words = {w for ps in by_report.values() for p in ps for w in p.text.split()}
    _assert_same(TermStats(parts=[_live(merged)]), TermStats(fresh), words)
