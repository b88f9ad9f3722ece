"""A scripted assistant for eval tests: hand-made Answers keyed by question text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.errors import QuestionTooLongError
from assistant.types import Answer, Citation
from index.types import Hit
from ingest.types import Chunk, ReportMetadata

COMMUNES = ["Hùng Sơn", "Lùng Phình", "Mường Kim", "Quan Sơn", "Vũ Quang"]


def make_chunk(text: str, commune: str = "Hùng Sơn", labels: tuple[str, ...] = ("V", "2")) -> Chunk:
    return Chunk(
        chunk_id=f"c-{abs(hash((text, commune))) % 10**8}",
        report_id=f"r-{commune}",
        source=f"{commune}.txt",
        labels=labels,
        heading_path=("KIẾN NGHỊ, ĐỀ XUẤT",),
        ordinal=1,
        index=0,
        text=text,
        breadcrumb=f"Xã {commune}",
        metadata=ReportMetadata(commune=commune, unit_kind="xã", doc_type="BÁO CÁO"),
    )


def make_answer(
    question: str,
    text: str,
    *,
    quotes: Sequence[tuple[str, str]] = (),
    hits: Sequence[str] = (),
    abstained: bool = False,
) -> Answer:
    """`quotes` are (commune, section text) pairs; the quote is the whole section text."""
    citations = tuple(
        Citation(
            number=n,
            quote=section,
            chunk_id=f"q{n}",
            report_id=f"r-{commune}",
            source=f"{commune}.txt",
            commune=commune,
            document="Báo cáo",
            labels=("V", str(n)),
            heading_path=("KIẾN NGHỊ",),
            section_text=section,
        )
        for n, (commune, section) in enumerate(quotes, start=1)
    )
    return Answer(
        question=question,
        text=text,
        citations=citations,
        abstained=abstained,
        language="vi",
        hits=tuple(Hit(chunk=make_chunk(hit), score=1.0 / (i + 1)) for i, hit in enumerate(hits)),
    )


@dataclass
class ScriptedAssistant:
    """Answers from a dict; an unknown question raises QuestionTooLongError (an error path)."""

    answers: Mapping[str, Answer]
    communes_list: list[str] = field(default_factory=lambda: list(COMMUNES))
    asked: list[tuple[str, Any]] = field(default_factory=list)

    def ask(self, question: str, *, history: Any = None, filters: Any = None) -> Answer:
        self.asked.append((question, history))
        if question not in self.answers:
            raise QuestionTooLongError(f"scripted assistant has no answer for {question!r}")
        return self.answers[question]

    def communes(self) -> list[str]:
        return list(self.communes_list)
