"""The library tab: upload reports, list them, view a parse, delete, set a unit, re-index.

The table and picker are `ui.library_table`; what a picked report can do, `ui.library_rows`.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from index.types import DuplicateFile, FailedFile, IngestSummary
from ui import render
from ui.chat import ChatParts
from ui.gradio_text import step_unit, warn
from ui.i18n import t
from ui.library_duplicates import Twin, build_choice, forget_files, offer
from ui.library_rows import RowActions, build_row_controls
from ui.library_table import COLUMNS, WIDTHS, file_name, listing_updates, source_of
from ui.messages import failure_reason, one_line
from ui.service import LOCAL_USER, ForbiddenError, NamedStream, WebService
from ui.uploads import ALLOWED_SUFFIXES

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class LibraryParts:
    """What the page load fills (`listing`, as `listing_updates` returns) and relabels."""

    listing: list[Any]
    labelled: tuple[tuple[Any, str], ...]
    load: Callable[..., tuple[Any, ...]]  # (lang, request) -> the `listing` updates


def build_library(service: WebService, chat: ChatParts, lang_box: Any, lang: str) -> LibraryParts:
    files = gr.File(
        file_count="multiple",
        file_types=list(ALLOWED_SUFFIXES),
        type="filepath",
        label=t("upload", lang),
        elem_id="bc-upload",
    )
    with gr.Row():
        add = gr.Button(t("upload_btn", lang), variant="primary", elem_id="bc-add")
        refresh = gr.Button(t("refresh", lang), elem_id="bc-refresh")
        reindex = gr.Button(t("reindex", lang), elem_id="bc-reindex")
    status = gr.Markdown(elem_id="bc-lib-status")
    choice = build_choice(lang)
    table = gr.Dataframe(
        headers=COLUMNS[lang],
        interactive=False,
        wrap=True,
        column_widths=WIDTHS,
        elem_id="bc-reports",
    )
    picked = build_row_controls(lang)
    # Delete and re-index only ask; this row's "Confirm" does them (one click is not enough).
    with gr.Row(visible=False, elem_id="bc-confirm-row") as confirm_row:
        confirm = gr.Button(t("confirm", lang), variant="stop", elem_id="bc-confirm")
        cancel = gr.Button(t("cancel", lang), elem_id="bc-cancel")
    pending = gr.State(None)  # what "Confirm" will do: ("delete", report_id) or ("reindex", "")
    tree = gr.HTML(elem_id="bc-tree")

    listing = [table, picked.pick, picked.dismiss, *chat.choices]

    actions, rows = LibraryActions(service), RowActions(service)
    asking = [status, confirm_row, pending]
    choice.wire(service, lang_box, status, listing)
    picked.wire(
        rows, lang_box, status=status, table=table, tree=tree, asking=asking, listing=listing
    )
    add.click(
        actions.add_files,
        [files, lang_box, choice.twins],
        [status, files, *listing, choice.twins, choice.box, choice.text],
    )
    refresh.click(rows.listing, [lang_box], listing)
    reindex.click(_ask_reindex, [lang_box], asking)
    confirm.click(actions.confirmed, [pending, lang_box], [*asking, tree, *listing])
    cancel.click(_cancel, [lang_box], asking)
    labelled = (
        (files, "upload"), (add, "upload_btn"), (refresh, "refresh"), (reindex, "reindex"),
        (confirm, "confirm"), (cancel, "cancel"), *picked.labelled, *choice.labelled,
    )  # fmt: skip
    return LibraryParts(listing, labelled, rows.listing)


class LibraryActions:
    """Event handlers that need the user or Gradio's progress bar (injected by type)."""

    def __init__(self, service: WebService) -> None:
        self._service = service

    def add_files(
        self,
        paths: list[str] | None,
        code: str,
        twins: list[Twin] | None,
        request: gr.Request,
        progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio injects it by default value
    ) -> Iterator[tuple[Any, ...]]:
        forget_files(twins)  # a choice left unmade keeps the indexed reports (the default)
        user = _user(request)
        # The files show as "indexing" rows at once; the real rows replace them when done.
        names = [Path(path).name for path in paths or []]
        table, *rest = listing_updates(self._service, code, user=user, indexing=names)
        yield (gr.skip(), gr.skip(), table, *(gr.skip() for _ in rest), *(gr.skip(),) * 3)
        yield _add(self._service, paths, code, user, progress)

    def confirmed(
        self,
        pending: tuple[str, str] | None,
        code: str,
        request: gr.Request,
        progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio injects it by default value
    ) -> tuple[Any, ...]:
        """Do what the user was asked to confirm: a delete or a re-index."""
        done = (gr.Row(visible=False), None)
        if pending and pending[0] == "delete":
            status, tree, *listing = _delete(self._service, pending[1], code, _user(request))
            return (status, *done, tree, *listing)
        if pending and pending[0] == "reindex":
            status, *listing = _reindex(self._service, code, _user(request), progress)
            return (status, *done, gr.skip(), *listing)
        return (
            gr.skip(),
            *done,
            gr.skip(),
            *listing_updates(self._service, code, user=_user(request)),
        )


def _ask_reindex(lang: str) -> tuple[Any, ...]:
    return ("⚠ " + t("confirm_reindex", lang), gr.Row(visible=True), ("reindex", ""))


def _cancel(lang: str) -> tuple[Any, ...]:
    return (t("cancelled", lang), gr.Row(visible=False), None)


def _summary_text(summary: IngestSummary, lang: str) -> str:
    lines = [
        t("added", lang, added=summary.added, updated=summary.updated, unchanged=summary.unchanged)
    ]
    lines += [
        "⚠ " + render.neutralize_markdown(t("failed", lang, name=item.path, error=_why(item, lang)))
        for item in summary.failed
    ]
    lines += [
        "⚠ " + render.neutralize_markdown(_duplicate_text(item, lang))
        for item in summary.duplicates
    ]
    return "  \n".join(lines)


def _duplicate_text(item: DuplicateFile, lang: str) -> str:
    return t("duplicate", lang, name=Path(item.path).name, existing=file_name(item.duplicate_of))


def _user(request: gr.Request | None) -> str:
    return (request.username if request else None) or LOCAL_USER


def _add(
    service: WebService, paths: list[str] | None, lang: str, user: str, progress: gr.Progress
) -> tuple[Any, ...]:
    paths = paths or []

    def report(name: str, done: int, total: int) -> None:
        progress((done, total), desc=name or "…", unit=step_unit(lang, "files"))

    with contextlib.ExitStack() as stack:
        streams = [NamedStream(Path(p).name, stack.enter_context(open(p, "rb"))) for p in paths]
        summary = service.add_files(user, streams, progress=report)
    twins, *choice = offer(summary, paths, lang)
    held = {twin.path for twin in twins}
    for path in paths:
        # Gradio's cached copy is not needed once stored, unless it may replace a twin.
        if path not in held:
            Path(path).unlink(missing_ok=True)
    for item in summary.failed:
        warn(t("failed", lang, name=item.path, error=_why(item, lang)), lang)
    listing = listing_updates(service, lang, user=user)
    return (_summary_text(summary, lang), None, *listing, twins, *choice)


def _delete(service: WebService, report_id: str | None, lang: str, user: str) -> tuple[Any, ...]:
    if not report_id:
        warn(t("no_report", lang), lang)
        return (gr.skip(), gr.skip(), *listing_updates(service, lang, user=user))
    name = render.neutralize_markdown(source_of(service, report_id))
    try:
        service.delete(user, report_id)
    except ForbiddenError:
        warn(t("not_owner", lang), lang)
        return (gr.skip(), gr.skip(), *listing_updates(service, lang, user=user))
    except Exception as err:  # UI boundary: one readable line
        warn(one_line(err), lang)
        return (gr.skip(), gr.skip(), *listing_updates(service, lang, user=user))
    # The whole id: the one `DELETE /api/reports/{id}` and `baocao delete` take.
    message = t("deleted", lang, name=name, report_id=report_id)
    return (message, "", *listing_updates(service, lang, user=user))


def _reindex(service: WebService, lang: str, user: str, progress: gr.Progress) -> tuple[Any, ...]:
    def report(name: str, done: int, total: int) -> None:
        progress((done, total), desc=name or "…", unit=step_unit(lang, "reports"))

    try:
        summary = service.reindex(progress=report)
    except Exception as err:  # UI boundary: one readable line
        warn(one_line(err), lang)
        return (gr.skip(), *listing_updates(service, lang, user=user))
    text = t("reindexed", lang) if summary is None else _summary_text(summary, lang)
    return (text, *listing_updates(service, lang, user=user))


def _why(item: FailedFile, lang: str) -> str:
    return failure_reason(item.kind, item.error, lang)
