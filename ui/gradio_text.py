"""Gradio's own words in the page's language: toasts, progress units, built-in labels.

Gradio titles its toasts "Warning", counts progress in "steps" and writes "Drop File
Here" whatever the page's language, and it has no Vietnamese of its own. Every toast and
bar of the app goes through here. The built-in labels are given to Gradio as a "vi"
locale, and the page's language switch (restored on reload) sets Gradio's locale to "vi"
or "en" in the browser (static/locale.js), so they follow the page, not the server.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import gradio as gr

from ui.i18n import t


def warn(message: str, lang: str) -> None:
    """A warning toast titled in `lang`.

    Gradio 6 draws a toast's type ("Warning") as its title whatever `title` says;
    `toast_css` rewrites that on the page, `title` serves Gradio versions that honour it.
    """
    gr.Warning(message, title=t("warning_title", lang))


def step_unit(lang: str, what: str) -> str:
    """The unit a progress bar counts in (`what`: "files", "reports" or "questions")."""
    return t(f"unit_{what}", lang)


# Gradio's keys (its frontend's en.json) for the labels this app shows.
GRADIO_VI = {
    "upload_text.drop_file": "Thả tệp vào đây",
    "upload_text.click_to_upload": "Bấm để chọn tệp",
    "upload_text.drop_gallery": "Thả tệp vào đây",
    "common.or": "hoặc",
    "common.error": "Lỗi",
    "common.loading": "Đang tải",
    "common.clear": "Xoá",
    "common.download": "Tải xuống",
    "common.download_all": "Tải tất cả",
    "common.remove": "Bỏ",
    "common.submit": "Gửi",
    "common.empty": "Trống",
    "common.settings": "Cài đặt",
    "common.progress": "Tiến độ",
    "status.queue_position": "Đang chờ: {position}/{size}",
    "file.uploading": "Đang tải lên...",
    "chatbot.copy_message": t("answer_copy", "vi"),
    "chatbot.copied_message": t("answer_copied", "vi"),
    "chatbot.like": t("answer_like", "vi"),
    "chatbot.dislike": t("answer_dislike", "vi"),
    "chatbot.retry": t("answer_retry", "vi"),
    "chatbot.clear": t("clear", "vi"),
}


def gradio_labels() -> gr.I18n:
    """Gradio's built-in labels in Vietnamese (its own English serves "en")."""
    return gr.I18n(vi=GRADIO_VI)


# The page's language, as the switch holds it, set as Gradio's locale (static/locale.js).
_SET_LOCALE = "(code) => { window.bcSetLocale && window.bcSetLocale(code); return code; }"


def follow_page_language(blocks: gr.Blocks, lang_box: gr.Radio, uploads: Sequence[gr.File]) -> None:
    """Gradio's own words follow `lang_box`: on load, on a switch, on a restored language.

    Gradio writes an upload area's words once, when it draws it, so the `uploads` are
    hidden and shown again (drawn anew, in the locale just set) after each of these: one
    drawn before the page-load hook ran would otherwise keep the browser's language.
    """
    count = len(uploads)
    for trigger in (blocks.load, lang_box.change):
        if not count:
            trigger(None, [lang_box], None, js=_SET_LOCALE, show_progress="hidden")
            continue
        hidden = trigger(
            lambda _: _each(gr.File(visible=False), count),
            [lang_box],
            list(uploads),
            js=_SET_LOCALE,
            show_progress="hidden",
        )
        hidden.then(
            lambda: _each(gr.File(visible=True), count), None, list(uploads), show_progress="hidden"
        )


def _each(update: Any, count: int) -> Any:
    # Gradio takes a one-output function's return value as that output's value, list or not.
    return update if count == 1 else [update] * count


def chat_labels_script(lang: str) -> str:
    """A script with the chat's screen-reader and pressed-button labels in `lang`, which
    Gradio writes in English ("Liked", "bot's message: …"); ui/static/app.js applies it."""
    if lang != "vi":
        return ""
    labels = {
        "words": {
            "Liked": t("answer_liked", lang),
            "Disliked": t("answer_disliked", lang),
            "chatbot conversation": t("chat", lang),
        },
        "roles": {
            "bot's message: ": t("answer_role", lang),
            "user's message: ": t("question", lang),
        },
    }
    return f"<script>window.bcChatLabels = {json.dumps(labels, ensure_ascii=False)};</script>"


_TOAST_TITLES = {"warning": "Lưu ý", "error": "Lỗi", "info": "Thông báo", "success": "Xong"}


def toast_css() -> str:
    """CSS that titles the toasts in Vietnamese on a Vietnamese page (Gradio writes the
    type in English); <html lang> follows the page's language (static/locale.js)."""
    return "".join(
        f'html[lang="vi"] .toast-title.{kind}{{font-size:0}}'
        f'html[lang="vi"] .toast-title.{kind}::before{{content:"{title}";'
        "font-size:var(--text-md)}"
        for kind, title in _TOAST_TITLES.items()
    )
