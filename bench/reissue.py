"""Re-issue real reports under other units: wards, special zones, names that are words.

Since the 2025 reorganisation a library mixes xã, phường, thị trấn and đặc khu, and many
unit names are ordinary words ("Thống Nhất", "Đoàn Kết"). Real reports of such units are
few in our material, so this writes them: each source document has its unit word and
name replaced everywhere they are written as a name ("ĐẢNG UỶ XÃ CÔNG HẢI" -> "ĐẢNG UỶ
PHƯỜNG THỐNG NHẤT", "Công Hải, ngày …" -> "Thống Nhất, ngày …"), and the generic unit
word of the office ("UBND xã", "toàn xã") follows. "xã hội" and the names of other
communes stay.

The corpus is split by document like the other development sets: ``fit`` documents come
from the Công Hải fitting part, ``held`` ones from its held-back part and from the five
samples, under other names (see ``PLAN``). Run ``python bench/reissue.py`` to rewrite
``bench/data/units``.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "data" / "units"
CONGHAI = ROOT / "bench" / "data" / "conghai" / "text"
SAMPLES = ROOT / "samples" / "reports" / "text"


@dataclass(frozen=True, slots=True)
class Reissue:
    """One source document and the unit it is re-issued under."""

    source: Path
    old_kind: str  # "xã"
    old_names: tuple[str, ...]  # spellings of the old name in the source
    kind: str  # "phường", "xã", "thị trấn", "đặc khu"
    name: str  # "Thống Nhất"


def _conghai(stem: str, kind: str, name: str) -> Reissue:
    return Reissue(CONGHAI / f"{stem}.txt", "xã", ("Công Hải",), kind, name)


def _sample(number: str, names: tuple[str, ...], kind: str, name: str) -> Reissue:
    source = next(SAMPLES.glob(f"{number}_*.txt"))
    return Reissue(source, "xã", names, kind, name)


# Names chosen because each is an ordinary word in these reports (thống nhất = agree,
# đoàn kết = unity, thành công = success …); fit and held names do not overlap.
PLAN = {
    "fit": (
        _conghai("bc_112-BC_2026", "phường", "Thống Nhất"),
        _conghai("kh_10-KH_2025", "phường", "Thống Nhất"),
        _conghai("bc_113-BC_2026", "xã", "Thắng Lợi"),
        _conghai("bc_6-BC_2025", "xã", "Thắng Lợi"),
        _conghai("nq_01-NQ_2025", "đặc khu", "Dân Chủ"),
        _conghai("cv_200-CV_2025", "đặc khu", "Dân Chủ"),
        _conghai("kh_6-KH_2025", "thị trấn", "Thuận Lợi"),
        _conghai("tb_17-TB_2025", "phường", "Đổi Mới"),
    ),
    "held": (
        _conghai("bc_85-BC_2025", "phường", "Hạnh Phúc"),
        _conghai("tb_37-TB_2025", "phường", "Hạnh Phúc"),
        _conghai("kh_12-KH_2025", "xã", "Độc Lập"),
        _conghai("nq_04_2025", "xã", "Độc Lập"),
        _sample("000", ("Hùng Sơn",), "phường", "Đoàn Kết"),
        _sample("001", ("Lùng Phình",), "xã", "Thành Công"),
        _sample("002", ("Mường Kim",), "phường", "An Ninh"),
        _sample("003", ("Quan Sơn", "Quan Son"), "đặc khu", "Hợp Tác"),
        _sample("004", ("Vũ Quang",), "thị trấn", "Tiến Bộ"),
    ),
}


def _variants(text: str) -> tuple[str, ...]:
    """The spellings a name is written in: as is, in capitals, NFD-decomposed."""
    forms = {text, text.upper()}
    return tuple(sorted(forms | {unicodedata.normalize("NFD", f) for f in forms}, key=len))


def _cased(word: str, like: str) -> str:
    if like.isupper():
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def reissue(text: str, plan: Reissue) -> str:
    """`text` re-issued under `plan.kind` `plan.name`."""
    text = unicodedata.normalize("NFC", text)
    kind_word = re.compile(rf"\b({plan.old_kind}|{plan.old_kind.upper()}|Xã)\b")
    for old in plan.old_names:
        for spelled in _variants(old):
            target = _cased(plan.name, spelled)
            # Printed names break across lines ("xã Công\nHải") and lose a capital.
            name = r"\s+".join(re.escape(part) for part in spelled.split())
            # The unit word before the name changes with it ("XÃ CÔNG HẢI").
            text = re.sub(
                rf"{kind_word.pattern}(\s+)(?i:{name})\b",
                lambda m, t=target: _cased(plan.kind, m.group(1)) + m.group(2) + t,
                text,
            )
            text = re.sub(rf"\b{name}\b", target, text)
    # The office's own unit word: "UBND xã", "toàn xã", "ĐẢNG BỘ XÃ" — not "xã hội" and
    # not another commune's name ("xã Phước Hà").
    # Nor "hợp tác xã" (a cooperative) or "thị xã" (a town).
    generic = re.compile(
        rf"(?<!hợp tác )(?<!HỢP TÁC )(?<!Hợp tác )(?<!thị )(?<!THỊ )(?<!Thị )"
        rf"{kind_word.pattern}(?!\s+(?:hội|HỘI|Hội)\b)(?!\s+[A-ZĐÀ-Ỹ])"
    )
    return generic.sub(lambda m: _cased(plan.kind, m.group(1)), text)


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    rows = []
    for part, plans in PLAN.items():
        folder = OUT / part
        folder.mkdir(parents=True)
        for plan in plans:
            stem = f"{plan.kind.replace(' ', '-')}_{_ascii(plan.name)}_{plan.source.stem}"
            text = reissue(plan.source.read_text(encoding="utf-8"), plan)
            (folder / f"{_ascii(stem)}.txt").write_text(text, encoding="utf-8")
            rows.append((part, f"{_ascii(stem)}.txt", plan))
    _write_sources(rows)
    print(f"wrote {len(rows)} documents to {OUT}")


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return re.sub(r"[^\w.-]+", "-", folded.encode("ascii", "ignore").decode()).strip("-")


def _write_sources(rows: list[tuple[str, str, Reissue]]) -> None:
    lines = [
        "# Sources",
        "",
        "Generated by `python bench/reissue.py` from documents in this repository: the",
        "Công Hải documents of `bench/data/conghai` (see its SOURCES.md) and the five sample",
        "reports in `samples/reports/text`. Only the unit word and name were changed.",
        "",
        "| part | file | source | unit |",
        "|---|---|---|---|",
    ]
    for part, name, plan in rows:
        source = plan.source.relative_to(ROOT)
        lines.append(f"| {part} | {name} | {source} | {plan.kind} {plan.name} |")
    (OUT / "SOURCES.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
