"""What a picked report can do: be picked from its table row, shown, deleted, given a unit.

A click on any cell of a row picks that row's report, so a row is deleted (after a
confirmation naming its file) or given its unit without looking it up in the picker.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import gradio as gr

from index.errors import UnitNameError
from ingest.units import unit_label
from ui import render
from ui.gradio_text import warn
from ui.i18n import t
from ui.library_table import file_name, listing_updates, record_of, source_of, unit_text
from ui.messages import one_line
from ui.service import LOCAL_USER, ForbiddenError, WebService


@dataclass(frozen=True, slots=True)
class RowControls:
    """The picker and what it acts on: view, delete, dismiss a failed row, set the unit."""

    pick: Any
    view: Any
    delete: Any
    dismiss: Any  # shown while the user has failed rows
    unit: Any
    set_unit: Any
    failed_pick: Any  # gr.State: the failed row clicked last (its file name)

    @property
    def labelled(self) -> tuple[tuple[Any, str], ...]:
        return (
            (self.pick, "report_pick"), (self.view, "view_tree"), (self.delete, "delete"),
            (self.dismiss, "dismiss_failed"), (self.unit, "unit_input"),
            (self.set_unit, "set_unit"),
        )  # fmt: skip

    def wire(
        self, rows: RowActions, lang_box: Any, *, status: Any, table: Any, tree: Any,
        asking: list[Any], listing: list[Any],
    ) -> None:  # fmt: skip
        picked = [self.pick, self.unit, status, self.failed_pick]
        table.select(rows.picked, [lang_box], picked)
        self.view.click(rows.tree, [self.pick, lang_box], [tree])
        self.delete.click(rows.ask_delete, [self.pick, lang_box], asking)
        dismissed = [status, self.failed_pick, *listing]
        self.dismiss.click(rows.dismiss, [self.failed_pick, lang_box], dismissed)
        unit_in = [self.pick, self.unit, lang_box]
        self.set_unit.click(rows.set_unit, unit_in, [status, *listing])


def build_row_controls(lang: str) -> RowControls:
    with gr.Row():
        pick = gr.Dropdown([], label=t("report_pick", lang), elem_id="bc-report-pick")
        view = gr.Button(t("view_tree", lang), elem_id="bc-view")
        delete = gr.Button(t("delete", lang), variant="stop", elem_id="bc-delete")
        dismiss = gr.Button(t("dismiss_failed", lang), visible=False, elem_id="bc-dismiss")
    with gr.Row(equal_height=True):
        unit = gr.Textbox(
            label=t("unit_input", lang), placeholder=t("unit_input_ph", lang), elem_id="bc-unit"
        )
        set_unit = gr.Button(t("set_unit", lang), elem_id="bc-set-unit", scale=0, min_width=160)
    return RowControls(pick, view, delete, dismiss, unit, set_unit, gr.State(None))


class RowActions:
    """Event handlers of the picked report (Gradio injects the event data and the user)."""

    def __init__(self, service: WebService) -> None:
        self._service = service
        self.tree = functools.partial(_tree, service)
        self.ask_delete = functools.partial(ask_delete, service)

    def listing(self, lang: str, request: gr.Request) -> tuple[Any, ...]:
        """The library as this user sees it (their failed files first)."""
        return listing_updates(self._service, lang, user=_user(request))

    def picked(self, lang: str, event: gr.SelectData) -> tuple[Any, ...]:
        """The clicked row's report into the picker and its unit into the unit box; a
        failed file's row is remembered for "Dismiss failed row"."""
        row = [str(cell or "") for cell in event.row_value or []]
        if row and not row[-1]:  # no id: a file that is not (yet) a report
            is_failed = row[0].startswith("✗")
            name = render.neutralize_markdown(row[-2])
            text = t("failed_picked", lang, name=name) if is_failed else gr.skip()
            return (gr.skip(), gr.skip(), text, row[-2] if is_failed else None)
        record = record_of(self._service, row[-1]) if row else None
        if record is None:
            return (gr.skip(), gr.skip(), gr.skip(), None)
        name = render.neutralize_markdown(file_name(record.source))
        return (record.report_id, unit_text(record), t("row_picked", lang, name=name), None)

    def dismiss(self, name: str | None, lang: str, request: gr.Request) -> tuple[Any, ...]:
        """Hide the picked failed row (every failed row when none is picked)."""
        user = _user(request)
        names = self._service.failures.dismiss(user, name)
        shown = ", ".join(render.neutralize_markdown(item) for item in names)
        status = t("dismissed", lang, names=shown) if names else gr.skip()
        return (status, None, *listing_updates(self._service, lang, user=user))

    def set_unit(
        self, report_id: str | None, unit: str, lang: str, request: gr.Request
    ) -> tuple[Any, ...]:
        return set_unit(self._service, report_id, unit, lang, _user(request))


def _user(request: gr.Request | None) -> str:
    return (request.username if request else None) or LOCAL_USER


def set_unit(
    service: WebService, report_id: str | None, unit: str, lang: str, user: str
) -> tuple[Any, ...]:
    """Give the picked report the unit typed; the status and the table say the outcome."""
    unchanged = (gr.skip(), *listing_updates(service, lang, user=user))
    if not report_id:
        warn(t("no_report", lang), lang)
        return unchanged
    name = render.neutralize_markdown(source_of(service, report_id))
    try:
        record = service.set_unit(user, report_id, unit)
    except ForbiddenError:
        warn(t("not_owner_unit", lang), lang)
        return unchanged
    except UnitNameError:
        warn(t("unit_no_name", lang), lang)
        return unchanged
    except Exception as err:  # UI boundary: one readable line
        warn(one_line(err), lang)
        return unchanged
    shown = render.neutralize_markdown(unit_label(record.unit_kind, record.commune))
    # The report stays picked: a typo is fixed by typing again, not by finding it again.
    listing = listing_updates(service, lang, picked=record.report_id, user=user)
    return (t("unit_set", lang, name=name, unit=shown), *listing)


def ask_delete(service: WebService, report_id: str | None, lang: str) -> tuple[Any, ...]:
    """Ask before deleting, naming the file: one click must not delete a report."""
    if not report_id:
        warn(t("no_report", lang), lang)
        return (gr.skip(), gr.Row(visible=False), None)
    name = render.neutralize_markdown(source_of(service, report_id))
    prompt = t("confirm_delete", lang, name=name, report_id=report_id)
    return ("⚠ " + prompt, gr.Row(visible=True), ("delete", report_id))


def _tree(service: WebService, report_id: str | None, lang: str) -> str:
    if not report_id:
        warn(t("no_report", lang), lang)
        return ""
    try:
        return render.report_tree_html(service.assistant.report(report_id))
    except Exception as err:  # UI boundary: one readable line
        warn(one_line(err), lang)
        return ""
