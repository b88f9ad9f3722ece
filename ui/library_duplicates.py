"""A file already in the library (the same report, in any format): keep or replace.

Keeping is the default and changes nothing. The new file's temporary copy is held until
the user chooses (or adds other files), so "replace" needs no second upload.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from index.types import IngestSummary
from ui import render
from ui.gradio_text import warn
from ui.i18n import t
from ui.library_table import file_name, listing_updates
from ui.messages import failure_reason, one_line
from ui.service import LOCAL_USER, ForbiddenError, NamedStream, WebService
from ui.uploads import safe_name


@dataclass(frozen=True, slots=True)
class Twin:
    """A new file whose report the library holds from `existing`, awaiting a choice."""

    path: str  # Gradio's temporary copy of the new file
    name: str
    existing: str
    report_id: str  # the indexed report it would replace


@dataclass(frozen=True, slots=True)
class ChoiceParts:
    """The keep-or-replace box, shown after an upload that found duplicates."""

    twins: Any  # gr.State: the Twins awaiting the choice
    box: Any
    text: Any
    keep: Any
    replace: Any

    @property
    def labelled(self) -> tuple[tuple[Any, str], ...]:
        return ((self.keep, "keep_existing"), (self.replace, "replace_with_new"))

    def wire(self, service: WebService, lang_box: Any, status: Any, listing: list[Any]) -> None:
        actions = DuplicateActions(service)
        chosen = [status, self.twins, self.box, self.text]
        self.keep.click(actions.keep, [self.twins, lang_box], chosen)
        self.replace.click(actions.replace, [self.twins, lang_box], [*chosen, *listing])


def build_choice(lang: str) -> ChoiceParts:
    twins = gr.State([])
    with gr.Column(visible=False, elem_id="bc-dup-box") as box:
        text = gr.Markdown(elem_id="bc-dup-text")
        with gr.Row():
            # Keeping comes first and is the primary button: it is the safe default.
            keep = gr.Button(t("keep_existing", lang), variant="primary", elem_id="bc-keep")
            replace = gr.Button(t("replace_with_new", lang), elem_id="bc-replace")
    return ChoiceParts(twins, box, text, keep, replace)


def offer(summary: IngestSummary, paths: Sequence[str], lang: str) -> tuple[Any, ...]:
    """The choice for each duplicate of `summary`: (twins, the choice box, its text)."""
    by_name = {safe_name(Path(path).name): path for path in paths}
    twins = [
        # The indexed file by its name: a report added from a folder has a server path.
        Twin(by_name[item.path], item.path, file_name(item.duplicate_of), item.report_id)
        for item in summary.duplicates
        if item.path in by_name
    ]
    if not twins:
        return ([], gr.Column(visible=False), "")
    lines = [
        "⚠ " + t("duplicate_choice", lang, name=_shown(tw.name), existing=_shown(tw.existing))
        for tw in twins
    ]
    return (twins, gr.Column(visible=True), "  \n".join(lines))


def _shown(name: str) -> str:
    return render.neutralize_markdown(name)


def forget_files(twins: Sequence[Twin] | None) -> None:
    """Drop the held copies: the choice is made (or superseded by another upload)."""
    for twin in twins or ():
        Path(twin.path).unlink(missing_ok=True)


class DuplicateActions:
    """Keep the indexed reports, or replace them with the new files."""

    def __init__(self, service: WebService) -> None:
        self._service = service

    def keep(self, twins: list[Twin] | None, lang: str) -> tuple[Any, ...]:
        forget_files(twins)
        names = ", ".join(render.neutralize_markdown(tw.existing) for tw in twins or ())
        return (t("kept_existing", lang, existing=names), [], gr.Column(visible=False), "")

    def replace(self, twins: list[Twin] | None, lang: str, request: gr.Request) -> tuple[Any, ...]:
        user = (request.username if request else None) or LOCAL_USER
        lines = [_replace_one(self._service, twin, lang, user) for twin in twins or ()]
        forget_files(twins)
        done: tuple[Any, ...] = ("  \n".join(lines), [], gr.Column(visible=False), "")
        return (*done, *listing_updates(self._service, lang, user=user))


def _replace_one(service: WebService, twin: Twin, lang: str, user: str) -> str:
    names = {"name": twin.name, "existing": twin.existing}
    try:
        with open(twin.path, "rb") as stream:
            summary = service.replace_file(user, NamedStream(twin.name, stream), twin.report_id)
    except ForbiddenError:
        return _failed(t("not_owner_replace", lang, **names), lang)
    except OSError as err:  # the held copy is gone (e.g. the server restarted)
        return _failed(t("not_replaced", lang, error=one_line(err), **names), lang)
    if summary.failed:
        item = summary.failed[0]
        error = failure_reason(item.kind, item.error, lang)
        return _failed(t("not_replaced", lang, error=error, **names), lang)
    return render.neutralize_markdown(t("replaced", lang, **names))


def _failed(message: str, lang: str) -> str:
    warn(message, lang)
    return "⚠ " + render.neutralize_markdown(message)
