"""A calendar beside the chat's filter date boxes, which stay text fields.

Officials type "30/12/2025", "12/2025" or ISO dates (ui/dates.py reads them all); the
calendar only helps to write one: picking a date fills the box as dd/mm/yyyy. It is the
browser's own date input, so phones get their native picker (static/date_picker.js).
"""

from __future__ import annotations

import json
from pathlib import Path

from ui.i18n import t

DATE_FIELDS = ("bc-date-from", "bc-date-to")  # the chat's filter boxes' elem_ids
_SCRIPT = Path(__file__).resolve().parent / "static" / "date_picker.js"


def date_picker_head(fields: tuple[str, ...] = DATE_FIELDS) -> str:
    """The page-head script that puts a calendar in each text box whose elem_id is in `fields`."""
    config = {
        "fields": list(fields),
        "labels": {code: t("pick_date", code) for code in ("vi", "en")},
    }
    return (
        f"<script>window.bcDatePicker = {json.dumps(config, ensure_ascii=False)};</script>"
        f"<script>\n{_SCRIPT.read_text(encoding='utf-8')}\n</script>"
    )
