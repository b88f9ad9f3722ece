"""Write period series: one unit's report re-issued for other periods, figures moved.

An office keeps a commune's quarterly, half-yearly and yearly reports year after year;
our material has few such series of one unit, so this writes them. Each source report is
re-issued for other periods: every period it writes moves by the same step (quý I/2026
-> quý II/2026 and its plan quý II -> quý III; năm 2025 -> năm 2024 with every year in
the text), and its figures (percentages and counts with their noun) move by a factor
that grows with the step, so each series has a trend to ask about. Dates of the day and
document numbers stay as they are.

Split by source document like the other development sets: ``fit`` series come from two
samples and Công Hải's fitting part, ``held`` ones from Công Hải's held-back part only
(see ``PLAN``); a weekly report's series moves every date by a week. Run
``python bench/make_series.py`` to rewrite ``bench/data/series``.
"""

from __future__ import annotations

import datetime
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "data" / "series"
CONGHAI = ROOT / "bench" / "data" / "conghai" / "text"
SAMPLES = ROOT / "samples" / "reports" / "text"
ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True, slots=True)
class Series:
    """A source report, how its periods move ("quarter" or "year"), and the steps."""

    source: Path
    name: str
    unit: str  # "quarter" | "year" | "week"
    steps: tuple[int, ...]  # 0 is the source itself


def _sample(number: str) -> Path:
    return next(SAMPLES.glob(f"{number}_*.txt"))


# Held series come from Công Hải's held-back part only: the samples were tuned on.
PLAN = {
    "fit": (
        Series(_sample("000"), "hung-son_quy", "quarter", (-2, -1, 0, 1)),
        Series(_sample("002"), "muong-kim_6-thang", "year", (-2, -1, 0)),
        Series(CONGHAI / "bc_44-BC_2025.txt", "cong-hai_quy", "quarter", (-2, -1, 0)),
    ),
    "held": (
        Series(CONGHAI / "bc_92-BC_2025.txt", "cong-hai_nam", "year", (-2, -1, 0)),
        Series(CONGHAI / "bc_43-BC_2025.txt", "cong-hai_tuan", "week", (-2, -1, 0, 1)),
    ),
}

_QUARTER = re.compile(r"\b(quý)\s+(IV|I{1,3})\b(\s*(?:/|,?\s*năm\s+))?(\d{4})?", re.I)
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
# A figure that measures something: a percentage, or a count followed by its noun
# (lengths, areas and the number of villages stay: they do not move in a quarter).
_FIGURE = re.compile(
    r"(?<![\d/.,:])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?(?=\s?%|\s+(?:hộ|người|ha|tấn"
    r"|con|lượt|học sinh|cháu|em|tỷ|triệu|hồ sơ|đảng viên|sản phẩm|suất|nhân khẩu))"
)


def shift_quarters(text: str, step: int) -> str:
    """Every "quý X[/yyyy]" moved `step` quarters; a year after it moves along."""

    def move(match: re.Match[str]) -> str:
        quarter = ROMAN.index(match.group(2).upper())
        year = int(match.group(4)) if match.group(4) else None
        total = quarter + step
        new_quarter, carry = total % 4, total // 4
        text = f"{match.group(1)} {ROMAN[new_quarter]}"
        if year is not None:
            text += f"{match.group(3) or '/'}{year + carry}"
        return text

    return shift_date_line(_QUARTER.sub(move, text), 3 * step)


_DATE_LINE = re.compile(r"(ngày\s*\d{0,2}\s*tháng\s*)(\d{1,2})(\s*năm\s*)(\d{4})")


def shift_date_line(text: str, months: int) -> str:
    """The first "ngày … tháng M năm Y" (the date line) moved by `months`."""

    def move(match: re.Match[str]) -> str:
        total = int(match.group(4)) * 12 + int(match.group(2)) - 1 + months
        return f"{match.group(1)}{total % 12 + 1}{match.group(3)}{total // 12}"

    return _DATE_LINE.sub(move, text, count=1)


def shift_years(text: str, step: int) -> str:
    return _YEAR.sub(lambda match: str(int(match.group(1)) + step), text)


def move_figures(text: str, step: int) -> str:
    """Figures scaled by 1 + 6% per step (a count stays whole, a percentage <= 100)."""
    factor = 1 + 0.06 * step

    def move(match: re.Match[str]) -> str:
        whole, decimals = match.group(1), match.group(2)
        after = text[match.end() : match.end() + 2]
        value = float(whole.replace(".", "") + (f".{decimals}" if decimals else ""))
        if value == 0 or (value >= 1900 and value <= 2100 and not decimals):
            return match.group(0)
        scaled = value * factor
        if "%" in after and value <= 100:
            scaled = min(scaled, 100.0)
        if decimals:
            printed = f"{scaled:.{len(decimals)}f}".replace(".", ",")
            head, _, tail = printed.partition(",")
            return _thousands(int(head)) + "," + tail
        return _thousands(max(1, round(scaled)), width=len(whole) if whole[0] == "0" else 0)

    return _FIGURE.sub(move, text)


def _thousands(value: int, *, width: int = 0) -> str:
    printed = f"{value:,}".replace(",", ".")
    return printed.zfill(width) if width else printed


_DAY = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")
_DAY_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


def shift_days(text: str, days: int) -> str:
    """Every full date ("15/10/2025", "ngày 15 tháng 10 năm 2025") moved by `days`."""

    def moved(match: re.Match[str]) -> datetime.date | None:
        try:
            day = datetime.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        except ValueError:
            return None
        return day + datetime.timedelta(days=days)

    def slashed(match: re.Match[str]) -> str:
        day = moved(match)
        if day is None:
            return match.group(0)
        day_width, month_width = len(match.group(1)), len(match.group(2))
        return f"{day.day:0{day_width}d}/{day.month:0{month_width}d}/{day.year}"

    def worded(match: re.Match[str]) -> str:
        day = moved(match)
        return f"ngày {day.day} tháng {day.month} năm {day.year}" if day else match.group(0)

    return _DAY_WORDS.sub(worded, _DAY.sub(slashed, text))


def reissue(text: str, series: Series, step: int) -> str:
    if step == 0:
        return text
    if series.unit == "quarter":
        moved = shift_quarters(text, step)
    elif series.unit == "week":
        moved = shift_date_line(shift_days(text, 7 * step), 0)
    else:
        moved = shift_years(text, step)
    return move_figures(moved, step)


def main() -> None:
    rows = []
    for part, plan in PLAN.items():
        folder = OUT / part
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for series in plan:
            text = series.source.read_text(encoding="utf-8")
            for step in series.steps:
                name = f"{series.name}_{'p' if step >= 0 else 'm'}{abs(step)}.txt"
                (folder / name).write_text(reissue(text, series, step), encoding="utf-8")
                source = series.source.relative_to(ROOT).as_posix()
                rows.append(f"| {part} | {name} | {source} | {series.unit} {step:+d} |")
                print(f"{part}/{name}")
    (OUT / "SOURCES.md").write_text(SOURCES_HEAD + "\n".join(rows) + "\n", encoding="utf-8")


SOURCES_HEAD = """# Sources

Generated by `python bench/make_series.py` from documents in this repository: Công Hải
documents of `bench/data/conghai` (see its SOURCES.md) and sample reports in
`samples/reports/text`. Periods (and, for weeks, every full date) moved by the step;
percentages and counts with their noun scaled by 1 + 6% per step. Synthetic: the
figures of any step other than +0 are not the unit's real figures.

| part | file | source | step |
|---|---|---|---|
"""


if __name__ == "__main__":
    main()
