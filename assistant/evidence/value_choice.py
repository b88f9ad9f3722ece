"""Which value of the cited sentence an answer leads with: a regression fitted on data.

Every value of an asked kind in the sentence gets features that name no report (how near
the question's weightiest words stand before and after it, whether the counted noun or a
percent sign follows it, its place among the sentence's values); a logistic regression
fitted by `bench/fit_values.py` on the fitting sets (`value_model.json`) gives
P(this value answers), and the answer leads with the most probable value of each kind.
A value the question itself writes ("trẻ dưới 5 tuổi") is never the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import numpy as np

from assistant.evidence.model import Logistic, Matrix, check_features, read_model_file
from assistant.evidence.table_cells import column_at, column_fit, row_columns
from assistant.evidence.values import (
    Value,
    concept_spans,
    fold_chars,
    is_specific,
    roles_of,
    values_of,
)
from assistant.understand.analysis import QuestionAnalysis
from assistant.understand.answer_type import AnswerType
from ingest import fold

VALUE_MODEL_FILE = Path(__file__).with_name("value_model.json")
# Every feature the fitter may use; the model keeps those its sweep chose (model.features).
VALUE_FEATURES = (
    "near_before",
    "near_after",
    "counted",
    "percent",
    "stray_percent",
    "specific",
    "first",
    "last",
    "unit_follows",
    "column_words",
    "column_role",
)
Asked = Sequence[tuple[tuple[str, ...], float]]
_WORD = re.compile(r"\S+")
_STATED = re.compile(r"\d+(?:[.,]\d+)*")
_LETTERS = re.compile(r"[^\W\d_]+")
# Two values of one kind joined as a range ("từ 70 đến dưới 90 điểm", "01/01/2021 đến ngày
# 30/6/2025", "10 giờ – 11 giờ"): one end alone misstates it, so the lead gives both.
_RANGE_JOIN = re.compile(r"\s*(?:đến|tới|[-–—])\s*(?:(?:ngày|dưới|hết)\s+)?", re.IGNORECASE)
_QUARTER = re.compile(r"\bquý\s+(?:I{1,3}|IV|[1-4])\b(?:\s*(?:/|năm\s+)\d{4})?", re.IGNORECASE)
_RANGE_FROM = re.compile(r"\btừ\s*(?:ngày\s+)?$", re.IGNORECASE)


def lead_values(
    text: str,
    kinds: Sequence[AnswerType],
    asked: Asked,
    *,
    stated: Iterable[str] = (),
    counted: tuple[str, ...] = (),
    numbered: tuple[str, ...] = (),
    percent: bool = False,
    slots: int = 1,
    ranges: bool = False,
    question: str = "",
    model: Logistic | None = None,
) -> list[Value]:
    """For each asked kind, the value of `text` that answers, if there is one.

    Args:
        text: the cited sentence.
        kinds: the kinds of value the question asks for.
        asked: the question's concepts the sentence mentions, as (folded phrases, weight).
        stated: values the question itself writes: never the answer.
        counted: the nouns a count question counts ("thon").
        numbered: the words a question writes before "mấy" ("so" of "số mấy").
        percent: the question asks a rate ("tỷ lệ", "percentage").
        slots: how many figures the question asks for (the best ones, in text order).
        ranges: a value written as one end of a range stands with the other end, as
            written ("từ 70 đến dưới 90"); off where the value must read as one number.
        question: the question as asked, to choose a table row's column by its name.
        model: the value regression; the shipped one when not given.
    """
    model = model or load_value_model()
    chosen: list[Value] = []
    for kind in kinds:
        found = candidate_values(text, kind, stated, (*counted, *numbered))
        if not found:
            continue
        matrix = value_matrix(
            text, found, asked, counted=counted, percent=percent, question=question
        )
        used = [VALUE_FEATURES.index(name) for name in model.features]
        order = np.argsort(-model.probabilities(matrix[:, used]), kind="stable")
        best = [found[i] for i in order[: slots if kind == "quantity" else 1]]
        if ranges:
            # Two chosen figures may be the two ends of one range: give it once.
            best = list({_as_range(text, value, found): None for value in best})
        chosen.extend(sorted(best, key=lambda value: value.start))
    return chosen


def _as_range(text: str, value: Value, found: Sequence[Value]) -> Value:
    """`value` with the other end of the range it is written in, or `value` alone."""
    for other in found:
        first, second = (value, other) if other.start >= value.end else (other, value)
        if first.end > second.start or not _RANGE_JOIN.fullmatch(text, first.end, second.start):
            continue
        opener = _RANGE_FROM.search(text, max(0, first.start - 12), first.start)
        start = opener.start() if opener else first.start
        return Value(text[start : second.end], start, second.end, value.kind)
    return value


def question_values(
    analysis: QuestionAnalysis,
    text: str,
    kinds: Sequence[AnswerType],
    matched: Iterable[int],
    weights: Sequence[float],
    *,
    ranges: bool = False,
    model: Logistic | None = None,
) -> list[Value]:
    """`lead_values` for a question: its concepts `matched` in `text`, at their weights."""
    asked = [
        (analysis.concepts[i].phrases, weights[i] if i < len(weights) else 1.0)
        for i in sorted(matched)
    ]
    return lead_values(
        text,
        kinds,
        asked,
        stated=stated_values(analysis.text),
        counted=analysis.counted,
        numbered=analysis.numbered,
        percent=analysis.wants_percent,
        slots=analysis.quantity_slots,
        ranges=ranges,
        question=analysis.text,
        model=model,
    )


def stated_values(question: str) -> list[str]:
    """The figures and document numbers a question writes itself.

    "Ngoài Kết luận 156-KL/TW, kế hoạch còn thực hiện văn bản nào?" asks another one.
    """
    return [*_STATED.findall(question), *(v.text for v in values_of(question, "document"))]


def candidate_values(
    text: str, kind: AnswerType, stated: Iterable[str] = (), marks: tuple[str, ...] = ()
) -> list[Value]:
    """The values of `kind` in `text`, less those the question states.

    `marks`: the question's words beside its figure (`values.values_of`).
    """
    excluded = {fold(_plain(value)) for value in stated}
    found = values_of(text, kind, marks=marks)
    if kind == "date" and "quy" in marks:
        found = _quarters(text) or found
    if kind == "person" and not found:
        # Only for the lead: as a passage feature a title made "who" questions that no
        # report answers look answered (bench/RESULTS.md, "Ranking the candidates").
        found = roles_of(text)
    return [value for value in found if fold(_plain(value.text)) not in excluded]


def _quarters(text: str) -> list[Value]:
    """Quarters named in `text` ("quý IV/2026", "Quý I"), for "quý nào?"."""
    return [Value(m.group(), m.start(), m.end(), "date") for m in _QUARTER.finditer(text)]


def value_matrix(
    text: str,
    found: Sequence[Value],
    asked: Asked,
    *,
    counted: tuple[str, ...],
    percent: bool,
    question: str = "",
) -> Matrix:
    """One row of VALUE_FEATURES per value of `found` (all of one kind, in text order).

    `question` (as asked) chooses among a table row's columns (`table_cells`).
    """
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    anchors = [
        ([_word_at(words, start) for start, _ in concept_spans(text, [phrases])], weight)
        for phrases, weight in asked
    ]
    folded = fold_chars(text)
    columns = row_columns(text) if question else []
    fit = column_fit(text, columns, question)
    matrix = np.zeros((len(found), len(VALUE_FEATURES)))
    column = {name: i for i, name in enumerate(VALUE_FEATURES)}
    for row, value in enumerate(found):
        position = _word_at(words, value.start)
        before, after = _closeness(position, anchors)
        is_percent = value.text.endswith("%")
        next_word = _LETTERS.search(folded, value.end)
        follows = next_word is not None and not folded[value.end : next_word.start()].strip()
        matrix[row, column["near_before"]] = before
        matrix[row, column["near_after"]] = after
        matrix[row, column["counted"]] = float(
            follows and next_word is not None and next_word.group() in counted
        )
        matrix[row, column["percent"]] = float(percent and is_percent)
        matrix[row, column["stray_percent"]] = float(is_percent and not percent)
        matrix[row, column["specific"]] = float(is_specific(value))
        matrix[row, column["first"]] = float(row == 0)
        matrix[row, column["last"]] = float(row == len(found) - 1)
        matrix[row, column["unit_follows"]] = float(follows)
        cell = column_at(columns, value.start)
        if cell is not None:
            matrix[row, column["column_words"]] = fit.words.get(cell.name, 0.0)
            matrix[row, column["column_role"]] = fit.roles.get(cell.name, 0.0)
    return matrix


def _closeness(position: int, anchors: Sequence[tuple[list[int], float]]) -> tuple[float, float]:
    """Asked words before and after the value: weight over distance, summed over concepts.

    Kept apart because a label usually precedes its value.
    """
    before = after = 0.0
    for positions, weight in anchors:
        earlier = [position - at for at in positions if at <= position]
        later = [at - position for at in positions if at > position]
        if earlier:
            before += weight / (1 + min(earlier))
        if later:
            after += weight / (1 + min(later))
    return before, after


def _word_at(words: Sequence[tuple[int, int]], offset: int) -> int:
    return next((i for i, (_, end) in enumerate(words) if offset < end), len(words))


def _plain(value: str) -> str:
    return re.sub(r"\s", "", value).rstrip("%").lstrip("0") or "0"


@cache
def load_value_model(path: Path = VALUE_MODEL_FILE) -> Logistic:
    """The shipped value regression (read once).

    Raises:
        AssistantError: the file is missing or made for other features.
    """
    model = read_model_file(path, "value model", "fit_values.py", Logistic.from_dict)
    check_features(path, "value model", "fit_values.py", set(model.features) <= set(VALUE_FEATURES))
    return model
