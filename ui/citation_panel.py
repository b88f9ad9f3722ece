"""The citation panel beside the chat: whose citations it shows, and which source is open.

Every answer of the conversation keeps its citations (the `answers` state, in chat order,
so an answer's key is its position). A click on [n] of answer k — in the chat or on a
card — makes ui/static/app.js write "k:n:click-id" into a hidden box; `open_citation`
then shows answer k's cards and opens its citation n, and app.js scrolls to the quote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.types import Answer, Citation
from ui import render
from ui.i18n import t

# "k:n" from the picker, "k:n:click-id" from a click (a new id re-opens the same source).
_TARGET = re.compile(r"^(\d+):(\d+)(?::([\w.-]{1,40}))?$")


@dataclass(frozen=True, slots=True)
class CitationPanel:
    """The panel's components, and the states that remember the conversation's answers."""

    cites: Any
    picker: Any
    source: Any
    shown: Any  # state: the key of the answer whose citations are shown
    answers: Any  # state: every answer of the conversation, in chat order

    @property
    def shown_parts(self) -> list[Any]:
        """What `open_citation` (and each new answer) updates, in its order."""
        return [self.cites, self.picker, self.source, self.shown]


def build_panel(lang_box: Any, lang: str) -> CitationPanel:
    """Citation cards, a picker (for keyboards) and the source; wired to clicks and language."""
    panel = CitationPanel(
        cites=gr.HTML(render.citations_html(None, lang), elem_id="bc-cites"),
        picker=gr.Radio([], label=t("pick_citation", lang), elem_id="bc-cite-picker"),
        source=gr.HTML(render.source_html(None, lang), elem_id="bc-source"),
        shown=gr.State(None),
        answers=gr.State([]),
    )
    # Rendered but hidden (app.css): app.js writes "k:n:click-id" here on a citation click.
    clicked = gr.Textbox(elem_id="bc-cite-open", show_label=False, container=False)
    inputs = [panel.answers, lang_box]
    # Every click writes a new value, so `change` fires even for the same citation twice.
    clicked.change(open_citation, [clicked, *inputs], panel.shown_parts, show_progress="hidden")
    panel.picker.input(
        open_citation, [panel.picker, *inputs], panel.shown_parts, show_progress="hidden"
    )
    lang_box.change(rerender, [panel.shown, panel.answers, lang_box], [panel.cites, panel.source])
    return panel


@dataclass(frozen=True, slots=True)
class CitationTarget:
    """Citation `number` of the answer at `key` in the conversation; `opened` names the click."""

    key: int
    number: int
    opened: str = ""


def parse_target(value: str | None) -> CitationTarget | None:
    """Read "k:n" or "k:n:click-id"; anything else (the page is ours, but still) is None."""
    match = _TARGET.match((value or "").strip())
    if match is None:
        return None
    return CitationTarget(int(match.group(1)), int(match.group(2)), match.group(3) or "")


def picker_choices(answer: Answer, key: int, lang: str) -> list[tuple[str, str]]:
    """The picker's options for answer `key`: "[n] where it comes from" -> "k:n"."""
    return [
        (f"[{c.number}] {render.citation_label(c, lang)}", f"{key}:{c.number}")
        for c in answer.citations
    ]


def find_citation(
    target: CitationTarget | None, answers: Sequence[Answer]
) -> tuple[Answer, Citation] | None:
    if target is None or not 0 <= target.key < len(answers):
        return None
    answer = answers[target.key]
    chosen = next((c for c in answer.citations if c.number == target.number), None)
    return None if chosen is None else (answer, chosen)


def open_citation(
    value: str | None, answers: Sequence[Answer] | None, lang: str
) -> tuple[Any, ...]:
    """Show the cards of the clicked answer and its cited section (cites, picker, source, shown)."""
    target = parse_target(value)
    found = find_citation(target, answers or ())
    if target is None or found is None:
        skip = gr.skip()
        return (skip, skip, skip, skip)
    answer, citation = found
    return (
        render.citations_html(answer, lang, key=target.key),
        gr.Radio(
            choices=picker_choices(answer, target.key, lang), value=f"{target.key}:{target.number}"
        ),
        render.source_html(citation, lang, opened=f"{target.key}:{target.number}:{target.opened}"),
        target.key,
    )


def rerender(shown: int | None, answers: Sequence[Answer] | None, lang: str) -> tuple[str, str]:
    """The shown answer's cards in another language (the source closes)."""
    answers = answers or ()
    answer = answers[shown] if shown is not None and 0 <= shown < len(answers) else None
    return render.citations_html(answer, lang, key=shown), render.source_html(None, lang)
