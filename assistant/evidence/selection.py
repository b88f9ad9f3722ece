"""Which scored passages make the answer: one fact, a list of communes, or figures.

Facts take the best passage plus neighbours and footnotes that complete it; lists take
each commune's best passage when it is nearly as good as the best one; comparisons take
each commune's passage that states the asked-for figure most plainly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.evidence.scoring import (
    MIN_COVERAGE,
    Evidence,
    figure_distance,
    figure_unit,
    is_answered,
    nearest_figure,
)
from assistant.evidence.wording import phrase_bonus, question_bigrams
from assistant.passages import Passage
from assistant.understand.analysis import QuestionAnalysis

# A commune joins a "which communes" list when it is this close to the best one.
LIST_MARGIN = 0.3
# ... or when it names the question's whole topic and this much of the question.
TOPIC_COVERAGE = 0.5
# A comparison between named communes takes a figure passage with this much coverage.
NAMED_COVERAGE = 0.45
# Sentences after the best one searched for the person a "who" question asks about.
PERSON_WINDOW = 2
_PERSON = re.compile(r"(?i:đồng chí|ông|bà)\s+((?:\w+\s+){1,3}\w+)")
# A footnote reference glued to a word: "đạt OCOP 3 sao(5)."
_FOOTNOTE_REF = re.compile(r"(?<=[^\W\d_])\((\d{1,2})\)")


def select_fact(
    ranked: Sequence[Evidence], *, limit: int = 3, wants_person: bool = False
) -> list[Evidence]:
    """The best passage, plus passages of the same commune that add missing concepts."""
    if not is_answered(ranked):
        return []
    best = ranked[0]
    chosen = [best, *_continuation(ranked, best)]
    if wants_person and not names_person(best.passage.text):
        chosen += _person_after(ranked, best)
    covered = set(best.matched)
    for item in ranked[1:]:
        if len(chosen) >= limit:
            break
        adds = item.matched - covered
        same_commune = item.passage.commune == best.passage.commune
        if item in chosen:
            continue
        if same_commune and adds and (item.coverage >= MIN_COVERAGE or _is_next_to(item, best)):
            chosen.append(item)
            covered |= item.matched
    chunks = list(dict.fromkeys(item.passage.chunk.chunk_id for item in chosen))
    return sorted(
        chosen, key=lambda it: (chunks.index(it.passage.chunk.chunk_id), it.passage.position)
    )


def _continuation(ranked: Sequence[Evidence], best: Evidence) -> list[Evidence]:
    """The passage after one that ends on a colon: "… tổng chi là:" + "37.364 đồng, …"."""
    if not best.passage.text.rstrip().endswith(":"):
        return []
    after = best.passage.position + 1
    return [
        item
        for item in ranked
        if item.passage.chunk.chunk_id == best.passage.chunk.chunk_id
        and item.passage.position == after
    ][:1]


def names_person(text: str) -> bool:
    """Whether `text` names someone: "đồng chí Nguyễn Hùng Mạnh", "ông Lò Văn A"."""
    for match in _PERSON.finditer(text):
        if all(word[:1].isupper() for word in match.group(1).split()):
            return True
    return False


def _person_after(ranked: Sequence[Evidence], best: Evidence) -> list[Evidence]:
    """The sentence after the best one that names the person a "who" question asks about.

    "Hội nghị giao ban tháng 4 …" is followed by "… đồng chí Nguyễn Hùng Mạnh, Chủ tịch
    UBND xã kết luận".
    """
    after = range(best.passage.position + 1, best.passage.position + 1 + PERSON_WINDOW)
    return [
        item
        for item in ranked
        if item.passage.chunk.chunk_id == best.passage.chunk.chunk_id
        and item.passage.position in after
        and names_person(item.passage.text)
    ][:1]


def _is_next_to(item: Evidence, best: Evidence) -> bool:
    # A sentence next to the best one often finishes it ("…như sau", who concluded).
    return (
        item.passage.chunk.chunk_id == best.passage.chunk.chunk_id
        and abs(item.passage.position - best.passage.position) == 1
    )


def with_footnotes(
    chosen: Sequence[Evidence], section_passages: Callable[[Evidence], Sequence[Passage]]
) -> list[Evidence]:
    """Add the footnote a chosen passage points to ("… 3 sao(5)." -> "(5) Mật ong …")."""
    result: list[Evidence] = []
    for item in chosen:
        result.append(item)
        for number in _FOOTNOTE_REF.findall(item.passage.text):
            note = next(
                (p for p in section_passages(item) if p.text.startswith(f"({number}) ")), None
            )
            if note is not None and all(note is not other.passage for other in result):
                result.append(Evidence(note, item.score, item.coverage, frozenset(), item.rank))
    return result


def select_figures(analysis: QuestionAnalysis, ranked: Sequence[Evidence]) -> list[Evidence]:
    """For comparisons: per commune, the passage stating the figure most plainly.

    Figures are compared in one unit, the one most communes state a figure in (the best
    commune's on a tie): a commune whose plainest figure is in another unit ("03" beside
    "10,5/56 ha") gives its figure in that unit if it has one.
    """
    candidates = _figure_candidates(analysis, ranked)
    if not candidates:
        return []
    ordered = sorted(candidates.values(), key=lambda found: -found[0].score)
    units = [[_unit(analysis, item) for item in found] for found in ordered]
    first_seen = list(dict.fromkeys(unit for found in units for unit in found))
    unit = max(first_seen, key=lambda u: sum(u in found for found in units))
    chosen = [
        found[found_units.index(unit)] if unit in found_units else found[0]
        for found, found_units in zip(ordered, units, strict=True)
    ]
    return sorted(chosen, key=lambda item: -item.score)


def _unit(analysis: QuestionAnalysis, item: Evidence) -> str:
    figure = nearest_figure(analysis, item)
    return figure_unit(item, figure) if figure else ""


def _figure_candidates(
    analysis: QuestionAnalysis, ranked: Sequence[Evidence]
) -> dict[str | None, list[Evidence]]:
    """Per commune, the passages with an asked-for figure, plainest first."""
    named = set(analysis.communes)
    bigrams = question_bigrams(analysis)
    keyed: dict[str | None, list[tuple[tuple[float, float, int, float], Evidence]]] = {}
    for item in ranked:
        commune = item.passage.commune
        # A commune the question names needs its figure, even when its report words the
        # indicator differently ("xử lý … văn bản đến" for "tiếp nhận văn bản đến").
        floor = NAMED_COVERAGE if named else MIN_COVERAGE
        if item.coverage < floor or (named and commune not in named):
            continue
        distance = figure_distance(analysis, item)
        if distance is None:
            continue
        # The passage naming most of the indicator first ("thu ngân sách … so với dự
        # toán" over "tổng thu ngân sách" when the estimate was asked about), then the
        # wording closest to the question ("tỷ lệ hộ nghèo là …" over "tỷ lệ giảm hộ
        # nghèo …"), then the figure closest to it.
        coverage = round(item.coverage, 2)
        key = (-coverage, -phrase_bonus(item.passage, bigrams), distance, -item.score)
        keyed.setdefault(commune, []).append((key, item))
    return {
        commune: [item for _, item in sorted(found, key=lambda pair: pair[0])]
        for commune, found in keyed.items()
    }


def select_per_commune(
    ranked: Sequence[Evidence], *, margin: float = LIST_MARGIN
) -> list[Evidence]:
    """For "which communes" questions: each commune's best passage, if close to the best.

    Close means on coverage and on wording ("Tổ công nghệ số cộng đồng" as written, not
    its words scattered over a sentence): within `margin` of the best, or a little
    further when a clear break separates it from the communes below.
    """
    if not is_answered(ranked):
        return []
    best: dict[str | None, Evidence] = {}
    for item in ranked:
        commune = item.passage.commune
        if commune not in best or item.match > best[commune].match:
            best[commune] = item
    ordered = sorted(best.values(), key=lambda item: item.match, reverse=True)
    top = ordered[0].match
    kept: list[Evidence] = []
    for position, item in enumerate(ordered):
        below = ordered[position + 1].match if position + 1 < len(ordered) else 0.0
        is_close = item.match >= top - margin
        is_before_break = item.match >= top - 1.5 * margin and item.match - below >= margin
        # A commune that names the whole topic in its own words is on the list even when
        # another commune's sentence echoes the question more closely.
        # ... and it needs less of the question's other wording ("phòng chống" ma túy) to
        # be there.
        floor = TOPIC_COVERAGE if item.on_topic else MIN_COVERAGE
        if item.coverage < floor or not (is_close or is_before_break or item.on_topic):
            continue
        kept.append(item)
    return sorted(kept, key=lambda item: -item.score)
