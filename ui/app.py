"""The Gradio app: chat, library and evaluation tabs, Vietnamese labels with an English switch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr

from assistant.config import Settings
from ui.chat import build_chat
from ui.conversation_list import build_conversations
from ui.date_picker import date_picker_head
from ui.evaluation import build_evaluation
from ui.feedback_panel import build_feedback_panel
from ui.gradio_text import follow_page_language
from ui.i18n import LABELS, t
from ui.library import build_library
from ui.service import AssistantLike, WebService

STATIC = Path(__file__).resolve().parent / "static"
APP_CSS = (STATIC / "app.css").read_text(encoding="utf-8")
APP_HEAD = (
    "".join(
        "<script>\n" + (STATIC / name).read_text(encoding="utf-8") + "\n</script>"
        for name in ("app.js", "locale.js")
    )
    + date_picker_head()
)
# System fonts: the default theme would fetch Google Fonts, and we make no outside requests.
# Each stack names, for each system, a font that has every Vietnamese letter before any
# generic family: "system-ui" can be a font without them, and Debian's "monospace"
# (DejaVu Sans Mono) draws "ố" as "ô" plus a loose accent. Windows: Segoe UI, Consolas;
# Android: Roboto; Apple: its system font; Linux: Noto, Liberation, DejaVu Sans.
FONT_TEXT = (
    "Segoe UI", "Roboto", "-apple-system", "BlinkMacSystemFont", "Noto Sans", "Arial",
    "Liberation Sans", "DejaVu Sans", "sans-serif",
)  # fmt: skip
FONT_MONO = (
    "Consolas", "Cascadia Mono", "Noto Sans Mono", "Liberation Mono", "Courier New", "monospace",
)  # fmt: skip
THEME = gr.themes.Default(font=list(FONT_TEXT), font_mono=list(FONT_MONO))
LOGOUT = (
    "<form method='post' action='/logout'><button type='submit' class='bc-logout'>"
    "Đăng xuất / Log out</button></form>"
)
LANGUAGES = [("Tiếng Việt", "vi"), ("English", "en")]


def build_app(
    assistant: AssistantLike | WebService,
    settings: Settings,
    *,
    question_sets: dict[str, str] | None = None,
) -> gr.Blocks:
    """The web UI over `assistant` (or a prepared WebService, as `create_server` passes)."""
    service = assistant if isinstance(assistant, WebService) else WebService(assistant, settings)
    lang = "en" if settings.ui_language == "en" else "vi"
    with gr.Blocks(title=t("title", lang), analytics_enabled=False) as blocks:
        with gr.Row(equal_height=False):
            title = gr.Markdown(f"## {t('title', lang)}", elem_id="bc-title")
            lang_box = gr.Radio(
                LANGUAGES,
                value=lang,
                label=t("language", lang),
                show_label=False,
                container=False,
                elem_id="bc-lang",
                scale=0,
                min_width=240,
            )
            if settings.users_file:
                gr.HTML(LOGOUT, elem_id="bc-logout", min_width=120, scale=0)
        with gr.Tabs():
            with gr.Tab(t("tab_chat", lang), id="chat") as chat_tab:
                chat = build_chat(service, lang_box, lang)
            with gr.Tab(t("tab_library", lang), id="library") as library_tab:
                library = build_library(service, chat, lang_box, lang)
            with gr.Tab(t("tab_eval", lang), id="eval") as eval_tab:
                evaluation = build_evaluation(service, question_sets or {}, lang_box, lang)
                feedback = build_feedback_panel(service, lang_box, lang)
        # Drawn at the page's left edge wherever it is declared; a drawer on a phone.
        with gr.Sidebar(open=True, elem_id="bc-sidebar"):
            saved = build_conversations(service, chat, lang_box, lang)
        labelled = (
            *chat.labelled, *library.labelled, *evaluation, *feedback.labelled, *saved.labelled,
            (lang_box, "language"),
            (chat_tab, "tab_chat"), (library_tab, "tab_library"), (eval_tab, "tab_eval"),
        )  # fmt: skip
        components = [title] + [component for component, _ in labelled]
        keys = [key for _, key in labelled]
        lang_box.change(lambda code: _relabel(code, keys, labelled), [lang_box], components)
        # A newcomer must see the library at once, not after pressing "Làm mới"; its table
        # (headers, statuses, a failed file's reason) speaks the page's language after a
        # switch too.
        blocks.load(library.load, [lang_box], library.listing)
        lang_box.change(library.load, [lang_box], library.listing, show_progress="hidden")
        eval_tab.select(feedback.show, [lang_box], list(feedback.outputs), show_progress="hidden")
        blocks.load(saved.restore, list(saved.restore_inputs), list(saved.restore_outputs))
        uploads = [component for component, _ in labelled if isinstance(component, gr.File)]
        follow_page_language(blocks, lang_box, uploads)
    return blocks  # type: ignore[no-any-return]  # gradio is untyped here


def _relabel(code: str, keys: list[str], labelled: tuple[tuple[Any, str], ...]) -> list[Any]:
    updates: list[Any] = [gr.Markdown(f"## {t('title', code)}")]
    for (component, _), key in zip(labelled, keys, strict=True):
        text = t(key, code)
        if isinstance(component, gr.Button):
            updates.append(gr.Button(value=text))
        elif f"{key}_ph" in LABELS:  # a text box: its example changes language too
            updates.append(gr.Textbox(label=text, placeholder=t(f"{key}_ph", code)))
        elif isinstance(component, gr.Tab):
            updates.append(gr.Tab(label=text))
        else:
            updates.append(type(component)(label=text))
    return updates
