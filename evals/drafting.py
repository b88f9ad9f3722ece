"""Help officials write question sets: draft questions from a report, check evidence.

`draft_questions(report)` picks sentences that carry figures and turns each into a draft
line whose evidence is that exact sentence and whose facts are its figures; a person then
rewrites the question in their own words (`baocao eval-draft REPORT`). `missing_evidence`
lists evidence strings that no section of the given reports contains
(`baocao eval-draft --check QUESTIONS.jsonl REPORT...`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from evals.metrics import normalise_passage
from evals.questions import Question
from ingest import split_sentences
from ingest.types import Report

# A figure worth asking about: digits, possibly with . , / separators ("1.683", "47,52%").
_FIGURE = re.compile(r"(?<!\w)\d+(?:[.,/]\d+)*%?")
_MAX_EVIDENCE_CHARS = 160  # long evidence strings break on PDF re-wrapping; keep them short
DEFAULT_PER_REPORT = 15


def figures(sentence: str) -> list[str]:
    """Figures in a sentence, skipping bare years and single digits."""
    found = [match.group().rstrip("%") for match in _FIGURE.finditer(sentence)]
    return [f for f in found if not re.fullmatch(r"(19|20)\d\d|\d", f)]


def draft_questions(report: Report, *, limit: int = DEFAULT_PER_REPORT) -> list[dict[str, Any]]:
    """Draft question lines for one report, at most `limit`, in document order."""
    commune = report.metadata.commune or ""
    drafts: list[dict[str, Any]] = []
    for section in report.sections:
        for sentence in split_sentences(section.text):
            for clause in evidence_clauses(sentence):
                drafts.append(_draft(len(drafts) + 1, commune, section.label, clause))
                if len(drafts) >= limit:
                    return drafts
    return drafts


def evidence_clauses(sentence: str) -> list[str]:
    """Short pieces of a sentence that carry figures, each verbatim (spaces collapsed).

    Long sentences are cut at semicolons, then to a window of words around the first
    figure, because a long evidence string is more likely to break across a PDF page.
    """
    pieces: list[str] = []
    for clause in " ".join(sentence.split()).split("; "):
        if not figures(clause):
            continue
        if len(clause) > _MAX_EVIDENCE_CHARS:
            clause = _window(clause)
        pieces.append(clause.strip())
    return pieces


def _window(clause: str) -> str:
    words = clause.split(" ")
    first = next(i for i, word in enumerate(words) if figures(word))
    start = max(0, first - 8)
    return " ".join(words[start : start + 16])


def _draft(number: int, commune: str, label: str, sentence: str) -> dict[str, Any]:
    numbers = figures(sentence)
    blanked = _FIGURE.sub("…", sentence)
    where = f"xã {commune}, mục {label}" if label else f"xã {commune}"
    return {
        "id": f"draft-{number:03d}",
        "lang": "vi",
        "question": f"VIẾT LẠI: ({where}) {blanked}",
        "expect": {
            "communes": [commune] if commune else [],
            "communes_exclusive": True,
            "evidence": [sentence],
            "facts": [_spellings(value) for value in numbers[:3]],
            "answerable": True,
        },
    }


def _spellings(value: str) -> list[str]:
    """Accepted spellings: as printed, plus the English decimal point for "47,52"."""
    spellings = [value]
    if re.fullmatch(r"\d+,\d+", value):
        spellings.append(value.replace(",", "."))
    return spellings


def missing_evidence(
    questions: Sequence[Question], reports: Iterable[Report]
) -> list[tuple[str, str]]:
    """(question id, evidence) pairs found in no section (header and closing too) of `reports`."""
    sections = [normalise_passage(s.text) for report in reports for s in report.all_sections]
    return [
        (question.id, evidence)
        for question in questions
        for evidence in question.expect.evidence
        if not any(normalise_passage(evidence) in text for text in sections)
    ]
