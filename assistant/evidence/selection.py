"""Which scored passages make the answer: one fact, a list of units, or figures compared.

A fact is the most probable passage, with the sentences that complete it (what follows a
colon, the person a "who" question asks for, a footnote it points to) and other
sentences of the same unit that mention what it does not. A list takes each unit's best
passage that reaches the model's list cut-off. A comparison takes, per unit, its most
probable passage holding a figure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.evidence.scoring import Evidence, ScoredEvidence
from assistant.evidence.values import find_values
from assistant.passages import Passage
from assistant.understand.analysis import QuestionAnalysis

# Sentences quoted for one fact at most: the answer, and two that complete it. Not swept:
# each extra quote must pass the list cut-off itself, so this only caps the length.
FACT_QUOTES = 3
_PERSON = re.compile(r"(?i:đồng chí|ông|bà)\s+((?:\w+\s+){1,3}\w+)")
# A footnote reference glued to a word: "đạt OCOP 3 sao(5)."
_FOOTNOTE_REF = re.compile(r"(?<=[^\W\d_])\((\d{1,2})\)")


def select_fact(scored: ScoredEvidence, *, wants_person: bool = False) -> list[Evidence]:
    """The best passage, plus passages of its unit that complete it, in document order."""
    if not scored.is_answered or scored.best is None:
        return []
    ranked = scored.ranked
    best = scored.best
    chosen = [best, *_continuation(ranked, best)]
    if wants_person and not names_person(best.passage.text):
        chosen += _person_after(ranked, best)
    covered = set(best.matched)
    for item in ranked[1:]:
        if len(chosen) >= FACT_QUOTES:
            break
        if item.probability < scored.list_threshold:
            continue
        adds = item.matched - covered
        if item not in chosen and adds and item.passage.commune == best.passage.commune:
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
    return _at(ranked, best, (best.passage.position + 1,))[:1]


def _at(ranked: Sequence[Evidence], best: Evidence, positions: Sequence[int]) -> list[Evidence]:
    chunk_id = best.passage.chunk.chunk_id
    return [
        item
        for item in ranked
        if item.passage.chunk.chunk_id == chunk_id and item.passage.position in positions
    ]


def names_person(text: str) -> bool:
    """Whether `text` names someone: "đồng chí Nguyễn Hùng Mạnh", "ông Lò Văn A"."""
    for match in _PERSON.finditer(text):
        if all(word[:1].isupper() for word in match.group(1).split()):
            return True
    return False


def _person_after(ranked: Sequence[Evidence], best: Evidence) -> list[Evidence]:
    """The next sentence, when it names the person a "who" question asks about.

    "Hội nghị giao ban tháng 4 …" is followed by "… đồng chí Nguyễn Hùng Mạnh, Chủ tịch
    UBND xã kết luận".
    """
    after = _at(ranked, best, (best.passage.position + 1,))
    return [item for item in after if names_person(item.passage.text)]


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
                result.append(Evidence(note, item.probability, frozenset(), item.rank))
    return result


def select_per_commune(scored: ScoredEvidence) -> list[Evidence]:
    """For "which units" questions: each unit's best passage reaching the list cut-off."""
    if not scored.is_answered:
        return []
    best: dict[str | None, Evidence] = {}
    for item in scored.ranked:
        if item.probability >= scored.list_threshold:
            best.setdefault(item.passage.commune, item)
    return list(best.values())


def select_figures(analysis: QuestionAnalysis, scored: ScoredEvidence) -> list[Evidence]:
    """For comparisons: per unit (the named ones, if any), its best passage with a figure."""
    if not scored.is_answered:
        return []
    named = set(analysis.communes)
    best: dict[str | None, Evidence] = {}
    for item in scored.ranked:
        commune = item.passage.commune
        if commune in best or (named and commune not in named):
            continue
        if item.probability < scored.list_threshold and not named:
            continue
        if find_values(item.passage.text, ("quantity",)):
            best[commune] = item
    return list(best.values())
