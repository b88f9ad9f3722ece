"""The sidebar of saved conversations: list, open, start new, rename, delete (with a confirm).

Each answer is saved as it arrives (ui/conversations.py). What to reopen after a reload is
remembered by the browser (gr.BrowserState, localStorage): the open conversation's id and
the UI language. The id alone opens nothing: the server loads it only for its owner.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.types import Answer
from ui import render
from ui.chat import ChatParts, answer_markdowns, clear_view, latest_answer_view
from ui.conversations import (
    Conversation,
    ConversationNotFoundError,
    ConversationSummary,
    SavedTurn,
    short_title,
)
from ui.i18n import t
from ui.message_actions import GRADIO_FEEDBACK, wire_message_actions
from ui.service import WebService, request_username

logger = logging.getLogger(__name__)

# Not a secret worth keeping: the stored values are a language code and an id that only
# its owner can open. A fixed key keeps them readable after a server restart.
_BROWSER_SECRET = "baocao-ui-memory"


@dataclass(frozen=True, slots=True)
class ConversationParts:
    """What `build_app` relabels, and what the page-load hook fills."""

    labelled: tuple[tuple[Any, str], ...]
    restore: Any  # the page-load hook: the language and the conversation this browser had open
    restore_inputs: tuple[Any, ...]
    restore_outputs: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class _Sidebar:
    new: Any
    listing: Any
    title: Any
    rename: Any
    delete: Any
    status: Any
    confirm_row: Any
    confirm: Any
    cancel: Any

    @property
    def labelled(self) -> tuple[tuple[Any, str], ...]:
        return (
            (self.new, "new_conversation"), (self.listing, "conversations"),
            (self.title, "conversation_title"), (self.rename, "rename"),
            (self.delete, "delete_conversation"), (self.confirm, "confirm"),
            (self.cancel, "cancel"),
        )  # fmt: skip


def _draw(lang: str) -> _Sidebar:
    new = gr.Button(t("new_conversation", lang), variant="primary", elem_id="bc-conv-new")
    listing = gr.Radio([], label=t("conversations", lang), elem_id="bc-conv-list")
    title = gr.Textbox(label=t("conversation_title", lang), max_lines=1, elem_id="bc-conv-title")
    with gr.Row():
        rename = gr.Button(t("rename", lang), size="sm", elem_id="bc-conv-rename")
        delete = gr.Button(
            t("delete_conversation", lang), size="sm", variant="stop", elem_id="bc-conv-delete"
        )
    status = gr.Markdown(elem_id="bc-conv-status")
    # Delete only asks; this row's "Confirm" deletes (as the library's delete does).
    with gr.Row(visible=False, elem_id="bc-conv-confirm-row") as confirm_row:
        confirm = gr.Button(t("confirm", lang), variant="stop", elem_id="bc-conv-confirm")
        cancel = gr.Button(t("cancel", lang), elem_id="bc-conv-cancel")
    return _Sidebar(new, listing, title, rename, delete, status, confirm_row, confirm, cancel)


def build_conversations(
    service: WebService, chat: ChatParts, lang_box: Any, lang: str
) -> ConversationParts:
    """The sidebar's components (call inside a gr.Sidebar) wired to the chat's events."""
    current = gr.State(None)  # the open conversation's id (None: not saved yet)
    remembered = gr.BrowserState(None, storage_key="bc-conversation", secret=_BROWSER_SECRET)
    lang_memory = gr.BrowserState(None, storage_key="bc-language", secret=_BROWSER_SECRET)
    bar, actions = _draw(lang), _Actions(service)
    opened = [*chat.view, current, bar.listing, bar.title, remembered]
    saved = [current, bar.listing, bar.title, remembered]
    for event in chat.answered:
        event.then(actions.save, [chat.view[0], chat.view[-1], current, lang_box], saved)
    wire_message_actions(service, chat, current, lang_box, save=actions.save, saved=saved)
    for starts in (bar.new.click, *(event.then for event in chat.cleared)):
        starts(actions.start_new, [lang_box], opened)
    bar.listing.input(actions.open, [bar.listing, lang_box], opened)
    bar.rename.click(
        actions.rename, [current, bar.title, lang_box], [bar.listing, bar.title, bar.status]
    )
    asking = [bar.status, bar.confirm_row]
    bar.delete.click(actions.ask_delete, [current, lang_box], asking)
    bar.cancel.click(lambda code: (t("cancelled", code), gr.Row(visible=False)), [lang_box], asking)
    bar.confirm.click(actions.delete, [current, lang_box], [*opened, *asking])
    lang_box.change(lambda code: code, [lang_box], [lang_memory], show_progress="hidden")
    return ConversationParts(
        bar.labelled, actions.restore, (remembered, lang_memory), (lang_box, *opened)
    )


class _Actions:
    """The sidebar's handlers; each returns updates in the order its event lists."""

    def __init__(self, service: WebService) -> None:
        self._store = service.conversations

    def save(
        self,
        chat: list[dict[str, Any]],
        answers: list[Answer] | None,
        current: str | None,
        lang: str,
        request: gr.Request,
    ) -> tuple[Any, ...]:
        """Store the answers not stored yet; a store that fails costs the history, not the chat."""
        try:
            return self._save(chat, answers or [], current, lang, request_username(request))
        except (sqlite3.Error, OSError) as err:
            logger.warning("conversation not saved (%s): %s", self._store.path, err)
            gr.Warning(t("not_saved", lang, error=type(err).__name__))
            return (gr.skip(),) * 4

    def _save(
        self, chat: list[dict[str, Any]], answers: list[Answer], current: str | None, lang: str,
        user: str,
    ) -> tuple[Any, ...]:  # fmt: skip
        # A failed question added no answer: nothing to store.
        found = self._store.load(user, current) if current else None
        stored = len(found.turns) if found else 0
        if len(answers) <= stored:
            return (gr.skip(),) * 4
        summary = (
            found.summary
            if found
            else self._store.create(user, title=short_title(answers[0].question), language=lang)
        )
        shown = answer_markdowns(chat)
        turns = [
            SavedTurn(a.question, _markdown(shown, i, a, lang), a) for i, a in enumerate(answers)
        ][stored:]
        key = summary.conversation_id
        self._store.append(user, key, turns, language=lang)
        return (key, self._listing(user, key), summary.title, key)

    def open(self, conversation_id: str | None, lang: str, request: gr.Request) -> tuple[Any, ...]:
        user = request_username(request)
        found = self._store.load(user, conversation_id) if conversation_id else None
        if found is None:
            gr.Warning(t("no_conversation", lang))
        return self._shown(found, user, lang)

    def start_new(self, lang: str, request: gr.Request) -> tuple[Any, ...]:
        return self._shown(None, request_username(request), lang)

    def restore(
        self, remembered: str | None, lang_memory: str | None, request: gr.Request
    ) -> tuple[Any, ...]:
        """The page-load hook: the language and the conversation this browser had open."""
        lang = lang_memory if lang_memory in ("vi", "en") else None
        user = request_username(request)
        try:
            found = self._store.load(user, remembered) if remembered else None
            shown = self._shown(found, user, lang or "vi")
        except (sqlite3.Error, OSError) as err:  # the page must open even so
            logger.warning("saved conversations unavailable (%s): %s", self._store.path, err)
            shown = (gr.skip(),) * (len(clear_view("vi")) + 4)
        return (lang or gr.skip(), *shown)

    def _shown(self, found: Conversation | None, user: str, lang: str) -> tuple[Any, ...]:
        if found is None:
            return (*clear_view(lang), None, self._listing(user, None), "", None)
        chosen = found.summary.conversation_id
        return (*conversation_view(found, lang), chosen, self._listing(user, chosen),
                found.summary.title, chosen)  # fmt: skip

    def rename(
        self, current: str | None, title: str, lang: str, request: gr.Request
    ) -> tuple[Any, ...]:
        user, title = request_username(request), " ".join((title or "").split())
        if not current or not title:
            gr.Warning(t("no_conversation" if not current else "empty_title", lang))
            return (gr.skip(),) * 3
        try:
            self._store.rename(user, current, title)
        except ConversationNotFoundError:
            gr.Warning(t("no_conversation", lang))
            return (gr.skip(),) * 3
        return (self._listing(user, current), title, t("conversation_renamed", lang, title=title))

    def ask_delete(self, current: str | None, lang: str, request: gr.Request) -> tuple[Any, ...]:
        found = self._store.load(request_username(request), current) if current else None
        if found is None:
            gr.Warning(t("no_conversation", lang))
            return (gr.skip(), gr.Row(visible=False))
        prompt = t("confirm_delete_conversation", lang, title=found.summary.title)
        return ("⚠ " + prompt, gr.Row(visible=True))

    def delete(self, current: str | None, lang: str, request: gr.Request) -> tuple[Any, ...]:
        found = self._store.load(request_username(request), current) if current else None
        if found is None:
            gr.Warning(t("no_conversation", lang))
            return (*(gr.skip(),) * (len(clear_view(lang)) + 4), gr.skip(), gr.Row(visible=False))
        self._store.delete(request_username(request), found.summary.conversation_id)
        done = t("conversation_deleted", lang, title=found.summary.title)
        return (*self.start_new(lang, request), done, gr.Row(visible=False))

    def _listing(self, user: str, current: str | None) -> Any:
        choices = [(list_label(c), c.conversation_id) for c in self._store.list(user)]
        return gr.Radio(choices=choices, value=current)


def list_label(summary: ConversationSummary) -> str:
    """'Tỷ lệ hộ nghèo … · 06/12 14:05': a conversation's title and when it last changed.

    The same first question asked twice is told apart by its time (day first, the
    server's local time).
    """
    return f"{summary.title} · {time.strftime('%d/%m %H:%M', time.localtime(summary.updated))}"


def conversation_view(found: Conversation, lang: str) -> tuple[Any, ...]:
    """A saved conversation in `ChatParts.view` order, its last answer's citations shown."""
    chat: list[dict[str, str]] = []
    turns: list[dict[str, str]] = []
    for turn in found.turns:
        chat.append({"role": "user", "content": render.neutralize_markdown(turn.question)})
        chat.append({"role": "assistant", "content": turn.markdown})
        turns.append({"role": "user", "content": turn.question})
        turns.append({"role": "assistant", "content": turn.answer.text})
    answers = [turn.answer for turn in found.turns]
    if not answers:
        return (chat, *clear_view(lang)[1:])
    # The thumbs as the user left them (one entry per answer).
    feedback = [GRADIO_FEEDBACK.get(turn.feedback or "") for turn in found.turns]
    shown = gr.Chatbot(value=chat, feedback_value=feedback)  # type: ignore[arg-type]  # MessageDicts
    return (shown, *latest_answer_view(chat, turns, answers, lang)[1:])


def _markdown(shown: list[str], position: int, answer: Answer, lang: str) -> str:
    if position < len(shown) and shown[position]:
        return shown[position]
    return render.answer_markdown(answer, lang, key=position)
