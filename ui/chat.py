"""The chat tab: question box, filters, streamed cited answers, citations and source viewer."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.errors import AssistantError
from assistant.types import Answer, Turn
from index.errors import IndexingError
from ingest.errors import IngestError
from ui import render
from ui.chat_filters import FilterInputs
from ui.citation_panel import build_panel, picker_choices
from ui.gradio_text import warn
from ui.i18n import t
from ui.messages import one_line
from ui.service import WebService
from ui.workqueue import BusyError

logger = logging.getLogger(__name__)

EXAMPLES = (
    "Xã nào đề nghị hỗ trợ kinh phí cho công tác đối ngoại với Lào?",
    "Tỷ lệ hộ nghèo của xã Lùng Phình là bao nhiêu?",
    "Which commune asked for funding for foreign relations with Laos?",
)


@dataclass(frozen=True, slots=True)
class ChatParts:
    """Components other tabs update (filter choices) or relabel (language switch)."""

    communes: Any
    doc_types: Any
    periods: Any
    labelled: tuple[tuple[Any, str], ...]
    # What a saved conversation fills, in `clear_view`'s order (chatbot, panel, turns, answers…).
    view: tuple[Any, ...] = ()
    # What `answer_question` reads: the question box, the conversation, filters, language.
    asked_with: tuple[Any, ...] = ()
    # The events after which the conversation may have a new answer, and the clear buttons'.
    answered: tuple[Any, ...] = ()
    cleared: tuple[Any, ...] = ()

    @property
    def choices(self) -> list[Any]:
        """The filter dropdowns whose choices follow the library, in `filter_choices` order."""
        return [self.communes, self.doc_types, self.periods]


def build_chat(service: WebService, lang_box: Any, lang: str) -> ChatParts:
    turns_state = gr.State([])
    with gr.Row():
        with gr.Column(scale=3):
            # Each answer gets Gradio's copy, 👍/👎 and (the last one) regenerate buttons;
            # ui/message_actions.py handles them. No share or copy-all: nothing leaves the page.
            chatbot = gr.Chatbot(
                label=t("chat", lang), height=480, elem_id="bc-chat", buttons=["copy"]
            )
            msg = gr.Textbox(
                label=t("question", lang), placeholder=t("question_ph", lang), elem_id="bc-q"
            )
            with gr.Row():
                send = gr.Button(t("send", lang), variant="primary", elem_id="bc-send")
                clear = gr.Button(t("clear", lang), elem_id="bc-clear")
                copy = gr.Button(t("copy", lang), elem_id="bc-copy")
            examples = gr.Examples(
                list(EXAMPLES), inputs=[msg], label=t("examples", lang), elem_id="bc-examples"
            )
        with gr.Column(scale=2):
            with gr.Accordion(t("filters", lang), open=False, elem_id="bc-filters") as filters_box:
                communes = gr.Dropdown([], multiselect=True, label=t("communes", lang))
                doc_types = gr.Dropdown([], multiselect=True, label=t("doc_types", lang))
                period = gr.Dropdown([], label=t("period", lang), elem_id="bc-period")
                date_from = gr.Textbox(
                    label=t("date_from", lang), max_lines=1, elem_id="bc-date-from"
                )
                date_to = gr.Textbox(label=t("date_to", lang), max_lines=1, elem_id="bc-date-to")
            panel = build_panel(lang_box, lang)
    plain = gr.Textbox(visible=False)

    inputs = [
        msg, chatbot, turns_state, panel.answers, communes, doc_types, period, date_from,
        date_to, lang_box,
    ]  # fmt: skip
    outputs = [chatbot, *panel.shown_parts, turns_state, plain, msg, panel.answers]

    respond = functools.partial(answer_question, service)
    # A clicked example fills the box (Gradio's part), then is asked like a typed question.
    asks = (send.click, msg.submit, examples.load_input_event.then)
    answered = tuple(event(respond, inputs, outputs, show_progress="hidden") for event in asks)
    # Gradio's own trash icon on the chat clears it as the "Xoá hội thoại" button does.
    cleared = tuple(
        event(clear_view, [lang_box], outputs) for event in (clear.click, chatbot.clear)
    )
    copy.click(None, [plain], None, js="(text) => { navigator.clipboard.writeText(text || ''); }")
    labelled = (
        (chatbot, "chat"), (msg, "question"), (send, "send"), (clear, "clear"), (copy, "copy"),
        (filters_box, "filters"), (communes, "communes"), (doc_types, "doc_types"),
        (period, "period"), (date_from, "date_from"), (date_to, "date_to"),
        (panel.picker, "pick_citation"),
    )  # fmt: skip
    return ChatParts(
        communes, doc_types, period, labelled, tuple(outputs), tuple(inputs), answered, cleared
    )


def answer_question(
    service: WebService,
    message: str,
    chat: list[dict[str, Any]],
    turns: list[dict[str, str]],
    answers: list[Answer],
    communes: Any,
    doc_types: Any,
    period: str | None,
    date_from: str,
    date_to: str,
    lang: str,
) -> Iterator[tuple[Any, ...]]:
    question = (message or "").strip()
    skip = gr.skip()
    chosen = FilterInputs(
        tuple(communes or ()), tuple(doc_types or ()), period, date_from or "", date_to or ""
    )
    problem = _refusal(service, question, chosen, lang)
    if problem:
        # Nothing enters the chat: the question stays in the box to fix and send once.
        warn(problem, lang)
        yield (skip,) * 9
        return
    asked = [*chat, {"role": "user", "content": render.neutralize_markdown(question)}]
    waiting = {"role": "assistant", "content": f"_{t('searching', lang)}_"}
    yield ([*asked, waiting], skip, skip, skip, skip, skip, skip, "", skip)
    try:
        filters = chosen.to_filters(lang)
        history = [Turn(turn["role"], turn["content"]) for turn in turns]  # type: ignore[arg-type]
        answer = service.ask(question, history=history, filters=filters)
    except Exception as err:  # the UI boundary: one readable line, never a traceback
        warn(_one_line(err, lang), lang)
        yield (chat, skip, skip, skip, skip, skip, skip, question, skip)
        return
    note = chosen.describe(lang) if filters is not None else ""
    yield from _stream(answer, asked, turns, answers or [], lang, filter_note=note)


def _refusal(service: WebService, question: str, chosen: FilterInputs, lang: str) -> str:
    """Why the question cannot be sent as it is ("" when it can)."""
    if not question:
        return t("empty_question", lang)
    limit = service.settings.max_question_chars
    if len(question) > limit:
        return t("too_long", lang, n=len(question), limit=limit)
    try:
        chosen.to_filters(lang)
    except ValueError as err:
        return str(err)
    return ""


def _stream(
    answer: Answer,
    chat: list[dict[str, Any]],
    turns: list[dict[str, str]],
    answers: list[Answer],
    lang: str,
    *,
    filter_note: str = "",
) -> Iterator[tuple[Any, ...]]:
    skip = gr.skip()
    key = len(answers)  # the answer's place in the conversation, carried by its [n] links
    if not answer.abstained:
        for prefix in render.stream_prefixes(answer.text):
            message = {
                "role": "assistant",
                "content": render.answer_markdown(answer, lang, text=prefix, key=key),
            }
            yield ([*chat, message], skip, skip, skip, skip, skip, skip, skip, skip)
    content = render.answer_markdown(answer, lang, key=key)
    if answer.abstained and filter_note:
        # "Not found" may only mean "not in the filtered reports".
        content += f"\n\n_{t('filter_note', lang, filters=filter_note)}_"
    final = {"role": "assistant", "content": content}
    turns = [*turns, {"role": "user", "content": answer.question}]
    turns.append({"role": "assistant", "content": answer.text})
    yield latest_answer_view([*chat, final], turns, [*answers, answer], lang)


def latest_answer_view(
    chat: list[dict[str, Any]], turns: list[dict[str, str]], answers: list[Answer], lang: str
) -> tuple[Any, ...]:
    """The chat's outputs (`ChatParts.view` order) with the last of `answers` as the latest,
    its citations in the panel; the filters are left as they are."""
    key, last = len(answers) - 1, answers[-1]
    return (
        chat,
        render.citations_html(last, lang, key=key),
        gr.Radio(choices=picker_choices(last, key, lang), value=None),
        render.source_html(None, lang),
        key,
        turns,
        render.plain_answer(last, lang),
        gr.skip(),
        answers,
    )


def _one_line(err: Exception, lang: str) -> str:
    if isinstance(err, BusyError):
        return t("busy", lang)
    if isinstance(err, ValueError | AssistantError | IndexingError | IngestError):
        return one_line(err)
    logger.exception("chat request failed")
    return t("failure", lang, error=type(err).__name__)


def clear_view(lang: str) -> tuple[Any, ...]:
    """An empty conversation, in `ChatParts.view` order."""
    return (
        gr.Chatbot(value=[], feedback_value=[]),  # no thumbs left from another conversation
        render.citations_html(None, lang),
        gr.Radio(choices=[], value=None),
        render.source_html(None, lang),
        None,
        [],
        "",
        gr.skip(),  # keep a question being typed
        [],
    )


def answer_markdowns(chat: Sequence[dict[str, Any]]) -> list[str]:
    """The assistant messages' markdown as shown (Gradio hands content as text parts)."""
    shown = []
    for message in chat:
        if message.get("role") != "assistant":
            continue
        content = message.get("content")
        if isinstance(content, list):
            content = "".join(part.get("text", "") for part in content if isinstance(part, dict))
        shown.append(content if isinstance(content, str) else "")
    return shown
