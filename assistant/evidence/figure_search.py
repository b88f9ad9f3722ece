"""Where the figures of a passage are, by word distance to what a question asked about.

A figure answers a "how many" question when it sits next to the asked-about words: this
module finds the figures (not dates, not document numbers; grades such as "loại I"),
keeps those with the asked unit or counted noun, and ranks them by distance.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.passages import Passage
from assistant.understand.analysis import QuestionAnalysis

# "15/3/2026" and "2026" are dates, not figures ("12/38", a rank, is not a date).
_DATE = re.compile(r"^(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])/\d{4}$|^(?:19|20)\d\d$")
# "Kết luận số 01-KL/TW": a number followed by a document code is a document number.
_DOC_CODES = frozenset(
    [
        "nq",
        "kl",
        "tw",
        "qd",
        "ctr",
        "kh",
        "bc",
        "tb",
        "ubnd",
        "hdnd",
        "tu",
        "nd",
        "cp",
        "ttg",
        "ct",
        "hd",
        "bcd",
        "dt",
        "ub",
        "tt",
    ]
)
# Grades written as Roman numerals after their noun ("loại I", "hạng II", "cấp III").
_ROMAN = re.compile(r"^(?:i{1,3}|iv|v|vi{1,3}|ix|x)$")
_GRADE_WORDS = frozenset({"loai", "hang", "cap", "khoa"})
# Words between a count and the noun it counts ("101 đồng chí dân quân").
COUNTED_WINDOW = 3
# A figure question's passage needs a figure this many words from a matched concept.
FIGURE_WINDOW = 8
# Units a question can ask for ("how many hectares"): the figure must carry the unit.
UNITS = frozenset({"ha", "tan", "km", "km2", "trieu dong", "ty dong", "luot"})


def figures_by_distance(
    analysis: QuestionAnalysis,
    passage: Passage,
    matched: set[int],
    asked: set[str],
    *,
    is_strict: bool,
    focus: int | None = None,
) -> list[tuple[int, str]]:
    """Figures by word distance to the asked-about words (strict: the figure to show)."""
    words = passage.folded.split()
    figures = [
        i
        for i, word in enumerate(words)
        if (word[:1].isdigit() or _is_grade(words, i))
        and word not in asked
        and not _DATE.match(word)
        and (i + 1 == len(words) or words[i + 1] not in _DOC_CODES)
        and not (analysis.wants_count and word.endswith("%"))
        and not _is_period(words, i, analysis)
    ]
    units = [p.split() for c in analysis.concepts for p in c.phrases if p in UNITS]
    if units:
        figures = [i for i in figures if any(words[i + 1 : i + 1 + len(u)] == u for u in units)]
    if analysis.counted:
        # "bao nhiêu thôn": "24 thôn" answers, "02 dự án … nông thôn" does not; the
        # noun may sit a few words off ("11 em học sinh", "khách quốc tế 260 lượt").
        near = COUNTED_WINDOW
        nouns = counted_nouns(analysis)
        figures = [
            i
            for i in figures
            if any(
                start in range(i - near, i + near + 1)
                for noun in nouns
                for start in _occurrences(words, noun)
            )
        ]
    if analysis.wants_percent:
        percents = [i for i in figures if words[i].endswith("%")]
        # A rate asked of a report that gives counts ("43 nhiệm vụ hoàn thành"): the
        # counts, which the comparison then lists without ranking.
        figures = percents or figures
    hits = [
        (start, start + len(phrase.split()) - 1, position)
        for position in matched
        for phrase in analysis.concepts[position].phrases
        for start in _occurrences(words, phrase.split())
    ]
    # The counted noun marks the figure ("2.581 người"); what is counted locates it. A
    # unit ("ha") is asked about itself, and a lone noun is all there is: both stay.
    located = [hit for hit in hits if analysis.counted not in analysis.concepts[hit[2]].phrases]
    if analysis.counted not in UNITS and located:
        hits = located
    if focus is not None and units:
        # "How many hectares burned": the figure with its unit sits by the rarest word
        # asked about ("cháy"), not by any common one ("rừng"); a sentence without that
        # word ("trồng 55 ha rừng") states another quantity.
        hits = [hit for hit in hits if hit[2] == focus]
    if not is_strict:
        return by_distance(words, [(start, end) for start, end, _ in hits], figures)
    # Strict: around the cluster of most asked-about words ("tỷ lệ hộ nghèo", not the
    # stray "nghèo" of "cận nghèo" after it), then the closest figure to it.
    best: list[tuple[int, str]] = []
    best_key = (0, 0)
    for center in sorted({start for start, _, _ in hits}):
        cluster = [hit for hit in hits if abs(hit[0] - center) <= FIGURE_WINDOW // 2]
        # Only a figure beside the cluster counts: a cluster of asked-about words with no
        # figure nearby must not hide a figure next to another asked-about word
        # ("thu ngân sách … 257.840.450.000 …, đạt 101,29% so với dự toán").
        found = [
            item
            for item in by_distance(words, [(start, end) for start, end, _ in cluster], figures)
            if item[0] <= FIGURE_WINDOW
        ]
        key = (len({p for _, _, p in cluster}), -found[0][0] if found else 0)
        if found and key > best_key:
            best, best_key = found, key
    return best


def counted_nouns(analysis: QuestionAnalysis) -> list[list[str]]:
    """The counted noun as reports may write it: "htx" is also "hợp tác xã"."""
    for concept in analysis.concepts:
        if analysis.counted in concept.phrases:
            return [phrase.split() for phrase in concept.phrases]
    return [[analysis.counted]] if analysis.counted else []


def _is_period(words: Sequence[str], i: int, analysis: QuestionAnalysis) -> bool:
    # "trong 6 tháng đầu năm", "4 tháng đầu năm": a period, unless months are counted.
    return i + 1 < len(words) and words[i + 1] == "thang" and analysis.counted != "thang"


def _is_grade(words: Sequence[str], i: int) -> bool:
    # "xã loại I", "hạng III": a grade is a figure, written as a Roman numeral.
    return i > 0 and words[i - 1] in _GRADE_WORDS and _ROMAN.match(words[i]) is not None


def by_distance(
    words: Sequence[str], anchors: Sequence[tuple[int, int]], figures: Sequence[int]
) -> list[tuple[int, str]]:
    """(distance, figure) from each asked-about phrase (first, last word) to each figure.

    Reports put the figure after its label ("… 95% tỷ lệ hộ nghèo là 47,52%"): distance
    counts from the phrase's last word, and a figure before the phrase is one step
    further and loses ties.
    """
    found = []
    for start, end in anchors:
        for figure in figures:
            before = figure < start
            distance = start - figure + 1 if before else max(figure - end, 0)
            found.append((distance, before, figure))
    return [(distance, words[figure]) for distance, _, figure in sorted(found)]


def _occurrences(words: Sequence[str], phrase: Sequence[str]) -> list[int]:
    size = len(phrase)
    return [i for i in range(len(words) - size + 1) if list(words[i : i + size]) == list(phrase)]
