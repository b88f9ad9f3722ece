"""The Gradio app: chat, library and evaluation tabs, Vietnamese labels with an English switch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr

from assistant.config import Settings
from ui.chat import build_chat
from ui.conversation_list import build_conversations
from ui.evaluation import build_evaluation
from ui.i18n import LABELS, t
from ui.library import build_library
from ui.service import AssistantLike, WebService

STATIC = Path(__file__).resolve().parent / "static"
APP_CSS = (STATIC / "app.css").read_text(encoding="utf-8")
APP_HEAD = "<script>\n" + (STATIC / "app.js").read_text(encoding="utf-8") + "\n</script>"
# System fonts: the default theme would fetch Google Fonts, and we make no outside requests.
THEME = gr.themes.Default(
    font=["system-ui", "Segoe UI", "Roboto", "sans-serif"],
    font_mono=["ui-monospace", "Consolas", "monospace"],
)
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
        # Drawn at the page's left edge wherever it is declared; a drawer on a phone.
        with gr.Sidebar(open=True, elem_id="bc-sidebar"):
            saved = build_conversations(service, chat, lang_box, lang)
        labelled = (
            *chat.labelled, *library.labelled, *evaluation, *saved.labelled, (lang_box, "language"),
            (chat_tab, "tab_chat"), (library_tab, "tab_library"), (eval_tab, "tab_eval"),
        )  # fmt: skip
        components = [title] + [component for component, _ in labelled]
        keys = [key for _, key in labelled]
        lang_box.change(lambda code: _relabel(code, keys, labelled), [lang_box], components)
        # The table's statuses and a failed file's reason are words too: say them anew.
        lang_box.change(library.load, [lang_box], library.listing)
        # A newcomer must see the library at once, not after pressing "Làm mới".
        blocks.load(library.load, [lang_box], library.listing)
        blocks.load(saved.restore, list(saved.restore_inputs), list(saved.restore_outputs))
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
