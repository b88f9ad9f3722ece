"""Filter dates: day first as officials write them, or ISO; anything else is None."""

from __future__ import annotations

import pytest

from ui.dates import iso_date


@pytest.mark.parametrize(
    ("typed", "iso"),
    [
        ("30/12/2025", "2025-12-30"), ("1.2.2026", "2026-02-01"), ("01-02-2026", "2026-02-01"),
        ("12/2025", "2025-12"), (" 2025 ", "2025"), ("2025-12", "2025-12"),
        ("2025-12-30", "2025-12-30"), ("2025-1-5", "2025-01-05"),
        ("31/02/2025", None), ("32/12/2025", None), ("12/30/2025", None), ("2025-13", None),
        ("hôm qua", None), ("", None), ("30/12/25", None),
    ],
)  # fmt: skip
def test_dates_are_read_day_first_or_iso(typed: str, iso: str | None) -> None:
    assert iso_date(typed) == iso
