"""Term statistics brought up to date report by report count as a fresh build does."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest

from assistant.passages import Passage, split_passages
from assistant.term_stats import TermStats
from assistant.understand.language import tokens
from ingest import chunk_report, load_report

ROOT = Path(__file__).parents[2]
SAMPLES = sorted((ROOT / "samples" / "reports" / "text").glob("*.txt"))


@pytest.fixture(scope="module")
def by_report() -> dict[str, list[Passage]]:
    found: dict[str, list[Passage]] = {}
    for path in SAMPLES:
        report = load_report(path)
        chunks = chunk_report(report, max_tokens=400, count_tokens=lambda t: len(t.split()))
        found[report.report_id] = [p for chunk in chunks for p in split_passages(chunk)]
    assert len(found) == 5
    return found


def _phrases() -> list[tuple[str, ...]]:
    rows = (ROOT / "evals" / "questions" / "team.jsonl").read_text("utf-8").splitlines()
    phrases: list[tuple[str, ...]] = [("%",), ("ngay 15/3",), ("xa", "phuong"), ("ho ngheo",)]
    for row in rows:
        words = tokens(json.loads(row)["question"])
        phrases += [(word,) for word in words]
        phrases += [(f"{a} {b}",) for a, b in pairwise(words)]
    return phrases


def test_changed_statistics_count_as_a_fresh_build(by_report: dict[str, list[Passage]]) -> None:
    ids = list(by_report)
    base = TermStats([p for rid in ids[:4] for p in by_report[rid]])
    # One report added, one deleted, then the added one deleted and another added back.
    changed = base.changed(by_report[ids[4]], {ids[0]})
    changed = changed.changed(by_report[ids[0]], {ids[4], ids[1]})
    fresh = TermStats([p for rid in (ids[0], ids[2], ids[3]) for p in by_report[rid]])
    assert len(changed) == len(fresh)
    for phrases in _phrases():
        assert changed.weight(phrases) == fresh.weight(phrases), phrases
        assert changed.has_any(phrases) == fresh.has_any(phrases), phrases
    words = {w for p in by_report[ids[1]] for w in p.text.split()}
    for word in sorted(words)[:400]:
        assert changed.uses_word(word) == fresh.uses_word(word), word
    assert changed.changed_share > 0


def test_a_word_only_in_a_deleted_report_is_no_longer_used(
    by_report: dict[str, list[Passage]],
) -> None:
    ids = list(by_report)
    stats = TermStats([p for rid in ids for p in by_report[rid]])
    assert stats.uses_word("Axan")  # a village of Hùng Sơn's report only
    hung_son = next(rid for rid in ids if any("Axan" in p.text for p in by_report[rid]))
    assert not stats.changed((), {hung_son}).uses_word("Axan")


def test_words_seen_before_an_addition_stay_seen(by_report: dict[str, list[Passage]]) -> None:
    ids = list(by_report)
    stats = TermStats([p for rid in ids[:4] for p in by_report[rid]])
    assert stats.uses_word("thôn")  # builds the words as written
    grown = stats.changed(by_report[ids[4]], ())
    fresh = TermStats([p for rid in ids for p in by_report[rid]])
    words = {w for rid in ids for p in by_report[rid] for w in p.text.split()}
    for word in sorted(words)[:600]:
        assert grown.uses_word(word) == fresh.uses_word(word), word
