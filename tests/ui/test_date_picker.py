"""The date picker's page-head script: the boxes it serves and its name in both languages."""

from __future__ import annotations

import json
import re

from ui.date_picker import DATE_FIELDS, date_picker_head
from ui.i18n import t


def test_the_head_names_the_filter_boxes_and_labels_the_calendar_in_both_languages() -> None:
    head = date_picker_head()
    found = re.search(r"window\.bcDatePicker = (\{.*?\});</script>", head)
    assert found is not None
    config = json.loads(found.group(1))
    assert config["fields"] == list(DATE_FIELDS) == ["bc-date-from", "bc-date-to"]
    assert config["labels"] == {"vi": t("pick_date", "vi"), "en": t("pick_date", "en")}
    assert "Chọn ngày" in head  # written as is, not as \\u escapes
    assert "showPicker" in head  # the script itself follows
