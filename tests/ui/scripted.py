"""`WordOverlapAssistant`: a small in-memory stand-in for `assistant.Assistant`.

It "ingests" UTF-8 text files (one section per paragraph), answers with the sentence
sharing the most words with the question, and abstains unless it shares half of them.
Enough to test the web layer's plumbing (citations, uploads, deletes, errors) in milliseconds.
"""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.errors import QuestionTooLongError
from assistant.types import Answer, Citation
from index.errors import ReportNotFoundError
from index.types import FailedFile, Hit, IngestSummary, ReportRecord
from ingest.errors import UnsupportedFileError
from ingest.types import Chunk, Report, ReportMetadata, Section

_WORD = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(unicodedata.normalize("NFC", text)) if len(w) > 1}


def make_report(source: str, text: str, *, commune: str | None = "Hùng Sơn") -> Report:
    text = unicodedata.normalize("NFC", text)
    report_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    sections = tuple(
        Section(report_id, i, (str(i + 1),), (f"Mục {i + 1}",), f"Mục {i + 1}", p, page_start=1)
        for i, p in enumerate(paragraphs)
    )
    metadata = ReportMetadata(
        commune=commune, unit_kind="xã", doc_type="BÁO CÁO", number="1/BC-UBND"
    )
    return Report(report_id, source, "txt", metadata, sections)


class WordOverlapAssistant:
    def __init__(self, reports: Sequence[Report] = (), *, max_question_chars: int = 1000) -> None:
        self._reports = {report.report_id: report for report in reports}
        self._lock = threading.Lock()
        self.max_question_chars = max_question_chars
        self.asked: list[tuple[str, Any, Any]] = []

    def ask(self, question: str, *, history: Any = None, filters: Any = None) -> Answer:
        if len(question) > self.max_question_chars:
            raise QuestionTooLongError(f"Question too long ({len(question)})")
        self.asked.append((question, history, filters))
        best = self._best(question)
        if best is None:
            return Answer(question, "Các báo cáo không nói về điều này.", (), True, "vi")
        report, section, sentence = best
        citation = Citation(
            number=1, quote=sentence, chunk_id=f"{report.report_id}:{section.ordinal}",
            report_id=report.report_id, source=report.source, commune=report.metadata.commune,
            document=report.metadata.display_name(), labels=section.labels,
            heading_path=section.heading_path, section_text=section.text, page=section.page_start,
        )  # fmt: skip
        text = f"Xã {report.metadata.commune}: {sentence} [1]"
        return Answer(question, text, (citation,), False, "vi", (report.metadata.commune or "",))

    def _best(self, question: str) -> tuple[Report, Section, str] | None:
        wanted = _words(question)
        scored = []
        with self._lock:
            reports = list(self._reports.values())
        for report in reports:
            for section in report.sections:
                for sentence in re.split(r"(?<=[.!?])\s+", section.text):
                    scored.append((len(wanted & _words(sentence)), report, section, sentence))
        if not scored:
            return None
        score, report, section, sentence = max(scored, key=lambda item: item[0])
        return (report, section, sentence) if score >= max(2, len(wanted) / 2) else None

    def search(self, query: str, k: int = 5, *, filters: Any = None) -> list[Hit]:
        best = self._best(query)
        if best is None:
            return []
        report, section, _ = best
        chunk = Chunk(
            f"{report.report_id}:{section.ordinal}", report.report_id, report.source,
            section.labels, section.heading_path, section.ordinal, 0, section.text, "",
            report.metadata, section.page_start, section.page_end,
        )  # fmt: skip
        return [Hit(chunk, 0.9)][:k]

    def ingest(self, paths: Sequence[str | Path], *, progress: Any = None) -> IngestSummary:
        added, failed, ids = 0, [], []
        for path in map(Path, paths):
            if path.suffix.lower() not in (".txt", ".md"):
                error = UnsupportedFileError(str(path), "this fake reads only .txt/.md")
                failed.append(FailedFile(str(path), str(error)))
                continue
            report = make_report(path.name, path.read_text(encoding="utf-8"))
            with self._lock:
                is_new = report.report_id not in self._reports
                # Like the real index: the same text from another file keeps the first.
                self._reports.setdefault(report.report_id, report)
            added += is_new
            ids.append(report.report_id)
        return IngestSummary(added=added, unchanged=len(ids) - added, failed=tuple(failed),
                             report_ids=tuple(ids))  # fmt: skip

    def reports(self) -> list[ReportRecord]:
        with self._lock:
            reports = list(self._reports.values())
        return [
            ReportRecord(
                r.report_id,
                r.source,
                r.metadata.commune,
                r.metadata.doc_type,
                r.metadata.number,
                r.metadata.date,
                r.metadata.title,
                r.metadata.period,
                len(r.sections),
                len(r.sections),
                r.file_format,
            )
            for r in reports
        ]

    def report(self, report_id: str) -> Report:
        with self._lock:
            if report_id not in self._reports:
                raise ReportNotFoundError(
                    f"No report {report_id!r} - list them with 'baocao reports'"
                )
            return self._reports[report_id]

    def delete(self, report_id: str) -> None:
        with self._lock:
            if self._reports.pop(report_id, None) is None:
                raise ReportNotFoundError(
                    f"No report {report_id!r} - list them with 'baocao reports'"
                )

    def communes(self) -> list[str]:
        return sorted({r.commune for r in self.reports() if r.commune})
