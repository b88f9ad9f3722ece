"""Gradio's own words in the page's language: toasts, progress units, built-in labels.

Gradio titles its toasts "Warning", counts progress in "steps" and writes "Drop File
Here" whatever the page's language, and it has no Vietnamese of its own. Every toast and
bar of the app goes through here; the built-in labels are given to Gradio as its
fallback ("en") strings, which every locale it does not know (Vietnamese among them)
shows. They follow the server's default language: a user who switches the page to the
other language sees these few built-in labels unchanged until the server's default is
set (`ui_language`).
"""

from __future__ import annotations

import json

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


def gradio_labels(lang: str) -> gr.I18n | None:
    """Gradio's built-in labels in `lang` (None: Gradio's own English)."""
    return gr.I18n(en=GRADIO_VI) if lang == "vi" else None


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


def toast_css(lang: str) -> str:
    """CSS that writes the toasts' titles in `lang` (Gradio writes the type in English)."""
    if lang != "vi":
        return ""
    return "".join(
        f".toast-title.{kind}{{font-size:0}}"
        f'.toast-title.{kind}::before{{content:"{title}";font-size:var(--text-md)}}'
        for kind, title in _TOAST_TITLES.items()
    )
