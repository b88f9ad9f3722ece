"""The evaluation tab's "what users said" part: 👍/👎 counts, the 👎 answers, and the
👎 questions as a JSONL question set to download (ui/feedback.py reads them).

Every user's ratings are listed: the tab is where analysts turn complaints into test
questions. It is read when the tab is opened, when "Refresh" is pressed and when the
language changes. The download is a link to the REST API (ui/api_conversations.py):
the server serves no files from Gradio's file routes (ui/server.py).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import dataclass
from typing import Any

import gradio as gr

from ui.conversations import DISLIKE, LIKE
from ui.feedback import RatedTurn, disliked_turns, feedback_counts
from ui.gradio_text import warn
from ui.i18n import t
from ui.render import escape_html
from ui.service import WebService

logger = logging.getLogger(__name__)

ANSWER_CHARS = 400  # the list shows the start of a long answer; the download has none of it
SHOWN = 100  # the latest ones; the download has them all
DOWNLOAD_PATH = "/api/feedback/questions.jsonl"
DOWNLOAD_NAME = "cau-hoi-tu-phan-hoi.jsonl"


@dataclass(frozen=True, slots=True)
class FeedbackPanel:
    """What `build_app` relabels, and the refresh `show(lang) -> outputs` with its outputs."""

    labelled: tuple[tuple[Any, str], ...]
    show: Any
    outputs: tuple[Any, ...]


def build_feedback_panel(service: WebService, lang_box: Any, lang: str) -> FeedbackPanel:
    counts = gr.Markdown(elem_id="bc-feedback-counts")
    # Cards, not a table: a phone shows a table's first column or two and hides the answer.
    listing = gr.HTML(elem_id="bc-feedback-list")
    with gr.Row():
        refresh = gr.Button(
            t("refresh", lang), elem_id="bc-feedback-refresh", scale=0, min_width=120
        )
        download = gr.HTML(elem_id="bc-feedback-download")

    def show(code: str) -> tuple[Any, ...]:
        return feedback_view(service, code)

    outputs = (counts, listing, download)
    for event in (refresh.click, lang_box.change):
        event(show, [lang_box], list(outputs), show_progress="hidden")
    return FeedbackPanel(((refresh, "refresh"),), show, outputs)


def feedback_view(service: WebService, lang: str) -> tuple[Any, ...]:
    """The counts line, the 👎 answers and the download link (none without a 👎)."""
    try:
        counts, rated = (
            feedback_counts(service.conversations),
            disliked_turns(service.conversations),
        )
    except (sqlite3.Error, OSError) as err:  # the tab must open even so
        logger.warning("feedback unavailable (%s): %s", service.conversations.path, err)
        warn(t("feedback_unavailable", lang), lang)
        return (gr.skip(),) * 3
    line = f"### {t('feedback_heading', lang)}\n\n" + t(
        "feedback_counts", lang, likes=counts[LIKE], dislikes=counts[DISLIKE]
    )
    link = (
        f"<a class='bc-download' href='{DOWNLOAD_PATH}' download='{DOWNLOAD_NAME}'>"
        f"{escape_html(t('feedback_download', lang))}</a>"
        if rated
        else ""
    )
    return (line, disliked_html(rated, lang), link)


def disliked_html(rated: list[RatedTurn], lang: str) -> str:
    """One card per 👎 answer: when and who, the question, the start of the answer."""
    if not rated:
        return f"<div class='bc-empty'>{escape_html(t('feedback_none', lang))}</div>"
    cards = [
        "<div class='bc-rated'>"
        f"<div class='bc-rated-head'>{escape_html(_when(item.rated_at, lang))} · "
        f"{escape_html(item.user)}</div>"
        f"<div class='bc-rated-question'>{escape_html(item.answer.question)}</div>"
        f"<div class='bc-rated-answer'>{escape_html(_short(item.answer.text))}</div></div>"
        for item in rated[:SHOWN]
    ]
    more = len(rated) - SHOWN
    if more > 0:
        cards.append(f"<div class='bc-empty'>{escape_html(t('feedback_more', lang, n=more))}</div>")
    title = escape_html(t("feedback_disliked", lang))
    return f"<div class='bc-rated-list'><h4>{title}</h4>{''.join(cards)}</div>"


def _when(seconds: float, lang: str) -> str:
    pattern = "%Y-%m-%d %H:%M" if lang == "en" else "%d/%m/%Y %H:%M"
    return time.strftime(pattern, time.localtime(seconds))


def _short(text: str) -> str:
    return text if len(text) <= ANSWER_CHARS else text[:ANSWER_CHARS].rsplit(" ", 1)[0] + " …"
