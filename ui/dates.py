"""Filter dates as officials type them: "30/12/2025" (the Vietnamese order) or ISO.

Both the chat filters and the REST API read dates here, so they accept the same forms.
"""

from __future__ import annotations

import datetime as dt
import re

ACCEPTED = "dd/mm/yyyy (30/12/2025), mm/yyyy, yyyy, yyyy-mm-dd or yyyy-mm"
_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_DAY_FIRST = re.compile(r"(?:(\d{1,2})[/.-])?(\d{1,2})[/.-](\d{4})")


def iso_date(value: str) -> str | None:
    """`value` as an ISO prefix ("2025-12-30", "2025-12", "2025"), or None if unreadable.

    >>> iso_date("30/12/2025"), iso_date("1.2.2026"), iso_date("12/2025"), iso_date("31/02/2025")
    ('2025-12-30', '2026-02-01', '2025-12', None)
    """
    text = value.strip()
    if iso := _ISO.fullmatch(text):
        year, month, day = iso.groups()
    elif day_first := _DAY_FIRST.fullmatch(text):
        day, month, year = day_first.groups()
    else:
        return None
    try:
        # A real calendar day (no 31/02), checked at the precision given.
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return "-".join([year, *(f"{int(part):02d}" for part in (month, day) if part is not None)])
