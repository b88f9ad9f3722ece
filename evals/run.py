"""Run a question set through an assistant and keep everything needed to judge and compare.

    >>> from assistant import Assistant
    >>> from evals.run import load_questions, run_questions
    >>> questions = load_questions("evals/questions/team.jsonl")
    >>> run = run_questions(Assistant.open("data/index"), questions)
    >>> run.summary.accuracy

`EvalRun.to_dict()` is the `baocao eval --json` file that `baocao eval --compare` reads.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from assistant.errors import AssistantError
from assistant.types import Answer
from assistant.understand.answer_type import asks_value
from evals.metrics import Checks, Observed, Summary, score_question, summarise
from evals.questions import Question, load_questions
from ingest.folding import fold

__all__ = ["EvalRun", "QuestionAsker", "QuestionResult", "load_questions", "run_questions"]

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class QuestionAsker(Protocol):
    """The part of `assistant.Assistant` an evaluation needs."""

    def ask(
        self, question: str, *, history: Any = None, filters: Any = None
    ) -> Answer: ...  # pragma: no cover - protocol

    def communes(self) -> list[str]: ...  # pragma: no cover - protocol


@dataclass(frozen=True, slots=True)
class QuestionResult:
    """One question, what came back, and which checks held."""

    question: Question
    observed: Observed
    checks: Checks

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.question.id,
            "lang": self.question.lang,
            "question": self.question.question,
            "is_follow_up": bool(self.question.history),
            "expect": self.question.expect.to_dict(),
            "answer": self.observed.to_dict(),
            "checks": self.checks.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class EvalRun:
    """A finished run: per-question results plus the summary metrics."""

    results: tuple[QuestionResult, ...]
    summary: Summary
    communes: tuple[str, ...] = ()
    started_at: str = ""
    info: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "baocao-eval",
            "version": 1,
            "started_at": self.started_at,
            "info": dict(self.info),
            "communes": list(self.communes),
            "summary": self.summary.to_dict(),
            "questions": [result.to_dict() for result in self.results],
        }


def observe(answer: Answer, latency_ms: float) -> Observed:
    """Reduce an Answer to what the metrics read."""
    # The quoted sentences themselves, not their sections: an answer that quotes the
    # wrong sentence of the right section did not show the evidence. Quotes are also
    # joined, for evidence that runs over two consecutive cited sentences.
    quotes = [citation.quote for citation in answer.citations]
    return Observed(
        text=answer.text,
        abstained=answer.abstained,
        citation_texts=(*quotes, " ".join(quotes)) if quotes else (),
        hit_texts=tuple(hit.chunk.text for hit in answer.hits),
        latency_ms=latency_ms,
        citations=len(answer.citations),
    )


def ask_one(assistant: QuestionAsker, question: Question) -> Observed:
    """Ask one question, timing it; an AssistantError is recorded, not raised."""
    started = time.perf_counter()
    try:
        answer = assistant.ask(question.question, history=question.history_dicts() or None)
    except AssistantError as err:
        # One bad question must not sink a run of a hundred; it is scored as an error.
        logger.warning("Question %s failed: %s", question.id, err)
        elapsed = (time.perf_counter() - started) * 1000
        return Observed(text="", abstained=False, latency_ms=elapsed, error=str(err))
    return observe(answer, (time.perf_counter() - started) * 1000)


def run_questions(
    assistant: QuestionAsker,
    questions: Sequence[Question],
    progress: Progress | None = None,
    *,
    info: dict[str, str] | None = None,
) -> EvalRun:
    """Ask every question in order and score the answers.

    Args:
        assistant: an `assistant.Assistant` (or anything with `ask` and `communes`).
        questions: from `load_questions`.
        progress: called as `progress(done, total)` after each question.
        info: free-form labels stored in the run (index folder, embedder, ...).
    """
    communes = _corpus_communes(assistant.communes(), questions)
    started_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    results: list[QuestionResult] = []
    for done, question in enumerate(questions, start=1):
        observed = ask_one(assistant, question)
        checks = score_question(
            question.expect, observed, communes, wants_value=asks_value(question.question)
        )
        results.append(QuestionResult(question=question, observed=observed, checks=checks))
        if progress is not None:
            progress(done, len(questions))
    summary = summarise(
        [result.checks for result in results], [result.observed.latency_ms for result in results]
    )
    return EvalRun(
        results=tuple(results),
        summary=summary,
        communes=communes,
        started_at=started_at,
        info=dict(info or {}),
    )


def _corpus_communes(indexed: Iterable[str], questions: Sequence[Question]) -> tuple[str, ...]:
    """Communes an exclusive question must not name: the index's plus the question set's."""
    by_key: dict[str, str] = {}
    for name in [*indexed, *(n for q in questions for n in q.expect.communes)]:
        # "Quan Son" from a header and "Quan Sơn" from a question are one commune.
        by_key.setdefault(fold(name), name)
    return tuple(sorted(by_key.values()))
