"""Question sets: the JSONL format of `docs/question-sets.md`, read into frozen types.

One line per question::

    {"id": "t01", "lang": "vi", "question": "...", "history": [{"role", "content"}],
     "expect": {"communes": [...], "communes_exclusive": true, "evidence": [...],
                "facts": [["47,52", "47.52"]], "answerable": true}}

Loading is strict: a malformed line stops the run with its file and line number, because
a silently skipped question would make two runs incomparable.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evals.errors import QuestionSetError

_EXPECT_KEYS = {"communes", "communes_exclusive", "evidence", "facts", "answerable"}
_QUESTION_KEYS = {"id", "lang", "question", "history", "expect"}


@dataclass(frozen=True, slots=True)
class Expectation:
    """What a correct answer must show (see the format guide)."""

    communes: tuple[str, ...] = ()
    communes_exclusive: bool = False
    evidence: tuple[str, ...] = ()
    facts: tuple[tuple[str, ...], ...] = ()
    answerable: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "communes": list(self.communes),
            "communes_exclusive": self.communes_exclusive,
            "evidence": list(self.evidence),
            "facts": [list(group) for group in self.facts],
            "answerable": self.answerable,
        }


@dataclass(frozen=True, slots=True)
class Question:
    """One evaluation question; `history` holds earlier chat turns for follow-ups."""

    id: str
    question: str
    expect: Expectation
    lang: str = "vi"
    history: tuple[tuple[str, str], ...] = ()

    def history_dicts(self) -> list[dict[str, str]]:
        """History in the `{"role", "content"}` form `Assistant.ask` accepts."""
        return [{"role": role, "content": content} for role, content in self.history]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "lang": self.lang, "question": self.question}
        if self.history:
            data["history"] = self.history_dicts()
        data["expect"] = self.expect.to_dict()
        return data


def load_questions(path: str | Path) -> list[Question]:
    """Read a JSONL question set.

    Raises:
        QuestionSetError: the file is missing, a line is not valid JSON, a field is
            missing or has the wrong type, or two questions share an id.
    """
    source = Path(path)
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise QuestionSetError(
            f"Cannot read question set {str(source)!r}: {err.strerror or err} "
            "- check the path (format: docs/question-sets.md)"
        ) from err
    questions: list[Question] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        question = question_from_dict(_parse_line(line, where), where=where)
        if question.id in seen:
            raise QuestionSetError(f"{where}: duplicate question id {question.id!r}")
        seen.add(question.id)
        questions.append(question)
    if not questions:
        raise QuestionSetError(f"Question set {str(source)!r} has no questions")
    return questions


def _parse_line(line: str, where: str) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as err:
        raise QuestionSetError(f"{where}: not valid JSON ({err.msg}, column {err.colno})") from err
    if not isinstance(data, dict):
        raise QuestionSetError(f"{where}: expected a JSON object, got {type(data).__name__}")
    return data


def question_from_dict(data: dict[str, Any], *, where: str = "question") -> Question:
    """Build a Question from one decoded line, NFC-normalising every string."""
    unknown = sorted(set(data) - _QUESTION_KEYS)
    if unknown:
        raise QuestionSetError(
            f"{where}: unknown key(s) {unknown!r} (known: {sorted(_QUESTION_KEYS)})"
        )
    for key in ("id", "question"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise QuestionSetError(f"{where}: {key!r} must be a non-empty string")
    expect = data.get("expect")
    if not isinstance(expect, dict):
        raise QuestionSetError(f"{where}: 'expect' must be an object")
    return Question(
        id=data["id"],
        question=_nfc(data["question"]),
        expect=_expectation(expect, where),
        lang=str(data.get("lang", "vi")),
        history=_history(data.get("history") or [], where),
    )


def _expectation(data: dict[str, Any], where: str) -> Expectation:
    unknown = sorted(set(data) - _EXPECT_KEYS)
    if unknown:
        raise QuestionSetError(f"{where}: unknown expect key(s) {unknown!r}")
    facts = data.get("facts") or []
    if not all(isinstance(group, list) and group for group in facts):
        raise QuestionSetError(f"{where}: 'facts' must be a list of non-empty lists of spellings")
    return Expectation(
        communes=tuple(_nfc(str(name)) for name in data.get("communes") or []),
        communes_exclusive=bool(data.get("communes_exclusive", False)),
        evidence=tuple(_nfc(str(text)) for text in data.get("evidence") or []),
        facts=tuple(tuple(_nfc(str(spelling)) for spelling in group) for group in facts),
        answerable=bool(data.get("answerable", True)),
    )


def _history(turns: list[Any], where: str) -> tuple[tuple[str, str], ...]:
    history: list[tuple[str, str]] = []
    for turn in turns:
        if not isinstance(turn, dict) or turn.get("role") not in ("user", "assistant"):
            raise QuestionSetError(
                f"{where}: each history turn needs role 'user' or 'assistant' and content"
            )
        history.append((turn["role"], _nfc(str(turn.get("content", "")))))
    return tuple(history)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
