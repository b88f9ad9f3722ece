"""What the web UI and the REST API share: one assistant, one work queue, one upload store.

Both ways in call these methods, so limits (question length, busy queue, upload types and
sizes, who may delete what) are enforced once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from assistant.config import Settings
from assistant.errors import AssistantError, QuestionTooLongError
from assistant.types import Answer
from index.errors import IndexingError
from index.types import (
    DuplicateFile,
    FailedFile,
    Hit,
    IngestSummary,
    ReportRecord,
    SearchFilters,
)
from ingest.errors import IngestError
from ingest.types import Report
from ui.conversations import DEFAULT_FILE_NAME, ConversationStore
from ui.failed_uploads import FailedUploads
from ui.messages import one_line
from ui.uploads import StoredUpload, UploadRejectedError, UploadStore, safe_name
from ui.workqueue import WorkQueue

logger = logging.getLogger(__name__)

LOCAL_USER = "local"
Progress = Callable[[str, int, int], None]


class AssistantLike(Protocol):
    """The part of `assistant.Assistant` the web layer uses (fakes implement it too)."""

    def ask(self, question: str, *, history: Any = None, filters: Any = None) -> Answer: ...
    def search(self, query: str, k: int = 5, *, filters: Any = None) -> list[Hit]: ...
    def ingest(self, paths: Sequence[str | Path], *, progress: Any = None) -> Any: ...
    def reports(self) -> list[ReportRecord]: ...
    def report(self, report_id: str) -> Report: ...
    def delete(self, report_id: str) -> None: ...
    def set_unit(self, report_id: str, unit: str) -> ReportRecord: ...
    def communes(self) -> list[str]: ...


def request_username(request: Any) -> str:
    """Who sent a Gradio request: its logged-in user, or LOCAL_USER without a login."""
    return str(getattr(request, "username", None) or LOCAL_USER)


class ForbiddenError(Exception):
    """The user may not do this (e.g. delete another user's upload)."""


@dataclass(frozen=True, slots=True)
class NamedStream:
    name: str
    stream: BinaryIO


class WebService:
    def __init__(
        self,
        assistant: AssistantLike,
        settings: Settings,
        *,
        queue: WorkQueue | None = None,
        uploads: UploadStore | None = None,
        eval_runner: Callable[..., Any] | None = None,
        conversations: ConversationStore | None = None,
    ) -> None:
        self.assistant = assistant
        self.settings = settings
        self.queue = queue or WorkQueue()
        data_dir = Path(settings.index_dir).resolve().parent
        self.uploads = uploads or UploadStore(
            data_dir / "uploads", max_bytes=settings.max_upload_mb * (1 << 20)
        )
        self.eval_runner = eval_runner
        # Opened on first use: a server nobody chats with writes no file.
        self.conversations = conversations or ConversationStore(
            Path(settings.index_dir) / DEFAULT_FILE_NAME
        )
        self.failures = FailedUploads()  # listed as failed rows until dismissed
        # One writer at a time: uploads, deletes and re-index never overlap.
        self._write_lock = threading.Lock()

    def check_question(self, question: str) -> str:
        question = question.strip()
        limit = self.settings.max_question_chars
        if len(question) > limit:
            raise QuestionTooLongError(
                f"Question of {len(question)} characters is over the {limit}-character limit "
                "- shorten it"
            )
        return question

    def ask(
        self, question: str, *, history: Any = None, filters: SearchFilters | None = None
    ) -> Answer:
        question = self.check_question(question)
        with self.queue.slot():
            return self.assistant.ask(question, history=history or None, filters=filters)

    def search(self, query: str, *, k: int, filters: SearchFilters | None = None) -> list[Hit]:
        query = self.check_question(query)
        with self.queue.slot():
            return self.assistant.search(query, k, filters=filters)

    def reports(self) -> list[ReportRecord]:
        return self.assistant.reports()

    def add_files(
        self, user: str, files: Sequence[NamedStream], *, progress: Progress | None = None
    ) -> IngestSummary:
        """Store and ingest each file; failures are listed, the rest of the batch lands."""
        totals = IngestSummary()
        for position, item in enumerate(files):
            if progress:
                progress(item.name, position, len(files))
            one = self._add_one(user, item)
            self.failures.record(user, item.name, one.failed[0] if one.failed else None)
            totals = merge_summaries(totals, one)
        if progress:
            progress("", len(files), len(files))
        return totals

    def replace_file(self, user: str, item: NamedStream, existing_id: str) -> IngestSummary:
        """Index `item` in place of report `existing_id`, which holds the same report.

        The user chose the new file over the indexed one (another format or name); the
        old report stays if the new one fails. Only the old report's uploader may.
        """
        self._check_owner(user, existing_id)
        summary = self._add_one(user, item, replacing=existing_id)
        if summary.updated and existing_id not in summary.report_ids:
            self.uploads.forget(existing_id)
        return summary

    def _add_one(
        self, user: str, item: NamedStream, *, replacing: str | None = None
    ) -> IngestSummary:
        try:
            upload = self.uploads.store(user, item.name, item.stream)
        except UploadRejectedError as err:
            return IngestSummary(failed=(FailedFile(item.name, str(err)),))
        try:
            with self._write_lock:
                summary = self._ingest(upload, is_replacing=replacing is not None)
        except (IngestError, IndexingError, AssistantError) as err:
            summary = IngestSummary(failed=(FailedFile.of(item.name, one_line(err), err),))
        if summary.failed or not summary.report_ids:
            self.uploads.discard(upload)
            return _named_failures(summary, upload)
        if not (summary.added or summary.updated):
            # Same content is already indexed (from another file); keep no second copy.
            self.uploads.discard(upload)
            return summary
        for report_id in summary.report_ids:
            if replacing == report_id:
                # The same text under another name: the new file is now the one kept.
                self.uploads.forget(report_id)
            if self.uploads.owner(report_id) is None:
                self.uploads.record_owner(report_id, upload)
        return summary

    def _ingest(self, upload: StoredUpload, *, is_replacing: bool = False) -> IngestSummary:
        """Index one stored file under the user's file name (never the server path).

        A file whose text is already indexed (same report, any file name or format) is
        listed in `duplicates` with the indexed file's name, and counted as unchanged;
        with `is_replacing` it takes that report's place instead (counted as updated).
        """
        known = {record.report_id: record.source for record in self.assistant.reports()}
        name = safe_name(upload.original_name)
        ingest_file = getattr(getattr(self.assistant, "index", None), "ingest_file", None)
        if ingest_file is None:
            summary: IngestSummary = self.assistant.ingest([upload.path])
        else:
            report_id = ingest_file(
                upload.path, source_name=name, replace_duplicate=is_replacing
            ).report_id
            if is_replacing:
                return IngestSummary(updated=1, report_ids=(report_id,))
            summary = IngestSummary(
                added=int(report_id not in known),
                unchanged=int(report_id in known),
                report_ids=(report_id,),
            )
        twins = tuple(
            DuplicateFile(name, known[report_id], report_id)
            for report_id in summary.report_ids
            if report_id in known
        )
        return replace(summary, duplicates=twins) if twins else summary

    def delete(self, user: str, report_id: str) -> None:
        self._check_owner(user, report_id)
        with self._write_lock:
            self.assistant.delete(report_id)
        self.uploads.forget(report_id)

    def set_unit(self, user: str, report_id: str, unit: str) -> ReportRecord:
        """Set a report's unit by hand ("xã Tân Hòa"); only its uploader may."""
        self._check_owner(user, report_id)
        with self._write_lock:
            return self.assistant.set_unit(report_id, unit)

    def _check_owner(self, user: str, report_id: str) -> None:
        owner = self.uploads.owner(report_id)
        if owner is not None and owner != user:
            raise ForbiddenError(f"Report {report_id[:12]!r} was uploaded by another user")

    def reindex(self, *, progress: Progress | None = None) -> IngestSummary | None:
        """Rebuild the index from its sources, when the index offers it."""
        index = getattr(self.assistant, "index", None)
        rebuild = getattr(index, "reindex", None)
        if rebuild is None:
            return None
        with self._write_lock:
            result: IngestSummary = rebuild(progress=progress)
        return result


def _named_failures(summary: IngestSummary, upload: StoredUpload) -> IngestSummary:
    # Messages name the user's file, never the server-side path.
    name = safe_name(upload.original_name)
    failed = tuple(
        FailedFile(name, item.error.replace(str(upload.path), name), item.kind)
        for item in summary.failed
    ) or (FailedFile(name, f"Cannot add {name!r}: no report was found in the file"),)
    return IngestSummary(failed=failed)


def merge_summaries(left: IngestSummary, right: IngestSummary) -> IngestSummary:
    """Both runs' counts and lists, as one summary."""
    return IngestSummary(
        added=left.added + right.added,
        updated=left.updated + right.updated,
        unchanged=left.unchanged + right.unchanged,
        chunks_embedded=left.chunks_embedded + right.chunks_embedded,
        failed=left.failed + right.failed,
        report_ids=left.report_ids + right.report_ids,
        duplicates=left.duplicates + right.duplicates,
    )
