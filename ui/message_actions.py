"""What each answer in the chat offers: copy, regenerate, 👍/👎 (Gradio's own buttons).

- Copy is Gradio's per-message button; ui/static/app.js turns the message's markdown into
  the text as read (answer, [n] markers, its sources) before it reaches the clipboard.
- Regenerate (Gradio shows it on the last answer) asks that question again with the
  filters as they are now; the new answer takes the old one's place on screen and in the
  saved conversation, and the old answer's 👍/👎 goes with it.
- 👍/👎 is stored with the answer in the saved conversation, for the evaluation tab
  (ui/feedback.py).
"""

from __future__ import annotations

import functools
import logging
import sqlite3
import time
from collections.abc import Callable, Iterator
from typing import Any

import gradio as gr

from assistant.types import Answer
from ui import render
from ui.chat import ChatParts, answer_markdowns, answer_question
from ui.conversations import DISLIKE, LIKE, ConversationNotFoundError, SavedTurn
from ui.gradio_text import warn
from ui.i18n import t
from ui.service import WebService, request_username

logger = logging.getLogger(__name__)

# Gradio's feedback options (these exact words draw the thumbs) and what is stored for them.
GRADIO_FEEDBACK = {LIKE: "Like", DISLIKE: "Dislike"}
_QUESTION_BOX = 7  # the question box's place in `ChatParts.view`
SAVE_WAIT_S = 5.0  # how long a 👍/👎 clicked at once waits for its answer to be saved


def wire_message_actions(
    service: WebService, chat: ChatParts, current: Any, lang_box: Any, *, save: Callable[..., Any],
    saved: list[Any],
) -> None:  # fmt: skip
    """Connect the chat's regenerate and 👍/👎 buttons; `current` holds the open conversation.

    `save` is the sidebar's saving handler (updating `saved`), used when the conversation
    being regenerated was never stored (its first save failed).
    """
    chatbot, store = chat.view[0], _Recorder(service, save)
    regenerated = chatbot.retry(
        functools.partial(regenerate, service), list(chat.asked_with), list(chat.view),
        show_progress="hidden",
    )  # fmt: skip
    regenerated.then(
        store.save_regenerated, [chatbot, chat.view[-1], current, lang_box], saved
    ).then(store.shown_feedback, [current], [chatbot], show_progress="hidden")
    chatbot.like(store.record_feedback, [current, lang_box], None, show_progress="hidden")


def regenerate(
    service: WebService, question_box: str, chat: list[dict[str, Any]],
    turns: list[dict[str, str]], answers: list[Answer], *filters_and_lang: Any,
) -> Iterator[tuple[Any, ...]]:  # fmt: skip
    """Ask the last answer's question again; on a refusal or failure the old answer stays."""
    del question_box  # what is being typed stays in the box
    if not answers or len(chat) < 2 or len(turns) < 2:
        yield (gr.skip(),) * 9
        return
    last: tuple[Any, ...] = ()
    steps = answer_question(
        service, answers[-1].question, chat[:-2], turns[:-2], answers[:-1], *filters_and_lang
    )
    for step in steps:
        last = (*step[:_QUESTION_BOX], gr.skip(), *step[_QUESTION_BOX + 1 :])
        yield last
    if not last or isinstance(last[-1], type(gr.skip())):  # no new answer: show the old one
        yield (chat, *(gr.skip(),) * 8)


class _Recorder:
    """Stores what the buttons did in the open conversation (ui/conversations.py)."""

    def __init__(
        self, service: WebService, save: Callable[..., Any], *, wait_s: float = SAVE_WAIT_S
    ) -> None:
        self._store = service.conversations
        self._save = save
        self._wait_s = wait_s

    def save_regenerated(
        self, chat: list[dict[str, Any]], answers: list[Answer] | None, current: str | None,
        lang: str, request: gr.Request,
    ) -> tuple[Any, ...]:  # fmt: skip
        """Put the new last answer in the old one's place (updates the sidebar's `saved`)."""
        answers, user = answers or [], request_username(request)
        try:
            found = self._store.load(user, current) if current else None
            if found is None or not answers or len(found.turns) != len(answers):
                return self._save(chat, answers, current, lang, request)  # type: ignore[no-any-return]
            shown = answer_markdowns(chat)
            last = len(answers) - 1
            markdown = shown[last] if last < len(shown) and shown[last] else ""
            turn = SavedTurn(
                answers[last].question,
                markdown or _markdown(answers[last], lang, last),
                answers[last],
            )
            self._store.replace_last(user, found.summary.conversation_id, turn)
        except (sqlite3.Error, OSError, ConversationNotFoundError) as err:
            logger.warning("regenerated answer not saved (%s): %s", self._store.path, err)
            warn(t("not_saved", lang, error=type(err).__name__), lang)
        return (gr.skip(),) * 4

    def shown_feedback(self, current: str | None, request: gr.Request) -> Any:
        """The thumbs as stored: a regenerated answer must not show its predecessor's 👎
        (after a reload the chat's thumbs come from the store, not from clicks)."""
        found = self._store.load(request_username(request), current) if current else None
        if found is None:
            return gr.skip()
        feedback = [GRADIO_FEEDBACK.get(turn.feedback or "") for turn in found.turns]
        return gr.Chatbot(feedback_value=feedback)

    def record_feedback(
        self, current: str | None, lang: str, liked: gr.LikeData, request: gr.Request
    ) -> None:
        # Gradio sends True (👍), False (👎) or "" (taken back).
        feedback = LIKE if liked.liked is True else DISLIKE if liked.liked is False else None
        index = liked.index if isinstance(liked.index, int) else liked.index[0]
        user, position = request_username(request), index // 2  # message 2k+1 is answer k
        try:
            key = self._saved_conversation(user, current, position, _shown_text(liked.value))
            if key is not None:
                self._store.set_feedback(user, key, position, feedback)
                return
        except (sqlite3.Error, OSError, ConversationNotFoundError) as err:
            logger.warning("feedback not saved (%s): %s", self._store.path, err)
        warn(t("feedback_not_saved", lang), lang)

    def _saved_conversation(
        self, user: str, current: str | None, position: int, shown: str
    ) -> str | None:
        """The conversation holding answer `position` as `shown`, once it is stored.

        An answer is saved just after it is shown (a chained event): a click in between
        finds no `current` yet, or not its turn. Wait for the save a moment, then match
        the newest conversation by the answer's text, never a guess.
        """
        deadline = time.monotonic() + self._wait_s
        while True:
            listed = (
                [current] if current else [c.conversation_id for c in self._store.list(user)[:1]]
            )
            for key in listed:
                found = self._store.load(user, key)
                turns = found.turns if found else ()
                if position < len(turns) and turns[position].markdown.strip() == shown:
                    return key
            if time.monotonic() > deadline:
                return None
            time.sleep(0.1)


def _shown_text(value: Any) -> str:
    """The message as Gradio hands it back: a string, or a list of strings or text parts."""
    parts = value if isinstance(value, list) else [value]
    texts = [p.get("text", "") if isinstance(p, dict) else str(p or "") for p in parts]
    return "".join(texts).strip()


def _markdown(answer: Answer, lang: str, key: int) -> str:
    return render.answer_markdown(answer, lang, key=key)
