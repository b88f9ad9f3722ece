"""The library's report table and picker: one row per report, its status, its id."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import gradio as gr

from index.types import FailedFile, ReportRecord
from ui.chat_filters import filter_choices
from ui.i18n import t
from ui.messages import failure_reason
from ui.service import WebService

COLUMNS = {
    "vi": ["Trạng thái", "Đơn vị", "Loại", "Số", "Ngày", "Kỳ", "Trích yếu", "Số mục", "Số đoạn",
           "Tệp", "Mã"],
    "en": ["Status", "Unit", "Type", "Number", "Date", "Period", "Title", "Sections", "Chunks",
           "File", "Id"],
}  # fmt: skip
# The status column's width: a failed file's long reason wraps in it instead of pushing
# the other columns a screen to the right (the rest keep their own widths).
WIDTHS: list[str | int] = ["190px"]
# The id column shows this much of the id: enough to tell reports apart, and a prefix
# `baocao delete` and `baocao set-unit` take.
SHOWN_ID_CHARS = 12


def listing_updates(
    service: WebService,
    lang: str = "vi",
    *,
    picked: str | None = None,
    user: str | None = None,
    indexing: Sequence[str] = (),
) -> tuple[Any, ...]:
    """The report table, the report picker (on `picked`), the dismiss button and the chat
    filters, from the library now.

    `user`'s failed files come first, then files being indexed (`indexing`), then reports.
    """
    records = service.reports()
    failed = service.failures.of(user)
    rows = [
        *(failed_row(name, failure, lang) for name, failure in failed),
        *(_file_row(t("status_indexing", lang), name) for name in indexing),
        *(_row(record, lang) for record in records),
    ]
    names = [
        (
            f"{r.commune or '?'} — {r.doc_type or ''} {r.period or ''} {r.number or ''}"
            f" ({file_name(r.source)})",
            r.report_id,
        )
        for r in records
    ]
    return (
        gr.Dataframe(
            value=rows or None, headers=COLUMNS.get(lang, COLUMNS["vi"]), column_widths=WIDTHS
        ),
        gr.Dropdown(choices=names, value=picked),
        gr.Button(visible=bool(failed)),
        *filter_choices(records),
    )


def failed_row(name: str, failure: FailedFile, lang: str) -> list[Any]:
    """A file that was not added, with its one-line reason in `lang`."""
    reason = failure_reason(failure.kind, failure.error, lang)
    return _file_row(t("status_failed", lang, reason=reason), name)


def _file_row(status: str, name: str) -> list[Any]:
    # No report (yet): no unit, no id; the empty id tells a click on it from a report's.
    return [status, "", "", "", "", "", "", "", "", name, ""]


def _row(record: ReportRecord, lang: str) -> list[Any]:
    return [
        status_text(record, lang),
        unit_text(record),
        record.doc_type,
        record.number,
        record.date,
        record.period,
        record.title,
        record.sections,
        record.chunks,
        file_name(record.source),
        record.report_id[:SHOWN_ID_CHARS],
    ]


def unit_text(record: ReportRecord) -> str:
    """The unit as typed back into the unit box: "xã Tân Hòa" ("" when unknown)."""
    return " ".join(part for part in (record.unit_kind, record.commune) if part)


def status_text(record: ReportRecord, lang: str) -> str:
    """A warning for a report the assistant cannot place (no unit) or cite (no sections)."""
    problems = [
        t(key, lang)
        for key, is_missing in (
            ("status_no_unit", not record.commune),
            ("status_no_sections", record.sections < 1),
        )
        if is_missing
    ]
    if problems:
        return "; ".join(problems)
    return t("status_unit_by_hand" if record.unit_set_by_hand else "status_ok", lang)


def record_of(service: WebService, report_id: str | None) -> ReportRecord | None:
    """The report whose id is or starts with `report_id` (the table shows a prefix)."""
    if not report_id:
        return None
    found = [r for r in service.reports() if r.report_id.startswith(report_id)]
    return found[0] if len(found) == 1 else None


def source_of(service: WebService, report_id: str) -> str:
    record = record_of(service, report_id)
    return file_name(record.source) if record is not None else report_id[:SHOWN_ID_CHARS]


def file_name(source: str) -> str:
    """A report's file as users know it: its name, not the server's path to it."""
    return source.replace("\\", "/").rsplit("/", 1)[-1] or source
