"""How the evaluation tab names its metrics and question sets, and writes their numbers.

Raw names ("latency_p50_ms", "blind14") mean nothing to an official; a latency written
"59,937" reads as fifty-nine thousand to an English reader and as a fraction to no one.
Numbers follow the chosen language: Vietnamese "1.235 ms", "50,0%"; English "1,235 ms".
"""

from __future__ import annotations

from typing import Any

METRICS: dict[str, tuple[str, str]] = {
    "questions": ("Số câu hỏi", "Questions"),
    "correct": ("Số câu đúng", "Correct"),
    "accuracy": ("Tỷ lệ đúng", "Accuracy"),
    "evidence_cited": ("Trích đúng đoạn chứng cứ", "Evidence cited"),
    "facts": ("Có đủ số liệu cần có", "Expected facts present"),
    "commune_recall": ("Nêu đủ đơn vị cần nêu", "Units named (recall)"),
    "wrong_communes": ("Số lần nêu sai đơn vị", "Wrong units named"),
    "abstention": ("Từ chối đúng khi không có thông tin", "Correct abstentions"),
    "false_abstentions": ("Số lần từ chối sai", "False abstentions"),
    "hit_at_1": ("Chứng cứ ở kết quả tìm đầu tiên", "Evidence at search rank 1"),
    "hit_at_5": ("Chứng cứ trong 5 kết quả tìm đầu", "Evidence in the top 5"),
    "mrr": ("Thứ hạng chứng cứ (MRR)", "Evidence rank (MRR)"),
    "latency_p50_ms": ("Thời gian trả lời, trung vị", "Answer time, median"),
    "latency_p95_ms": ("Thời gian trả lời, 95% câu dưới", "Answer time, 95th percentile"),
    "errors": ("Số lỗi", "Errors"),
}
RATIOS = frozenset(
    {"accuracy", "evidence_cited", "facts", "commune_recall", "abstention", "hit_at_1", "hit_at_5"}
)
# Question sets over the bundled sample reports, the ones this library can answer, first.
DEFAULT_SET = "team"
FAMILIES: dict[str, tuple[str, str]] = {
    "team": ("câu hỏi của nhóm, 5 báo cáo mẫu", "team questions, the 5 sample reports"),
    "dev": ("bộ phát triển, 5 báo cáo mẫu", "development set, the 5 sample reports"),
    "holdout": ("bộ để riêng, 5 báo cáo mẫu", "held-out set, the 5 sample reports"),
    "blind": ("kiểm tra mù, 5 báo cáo mẫu", "blind check, the 5 sample reports"),
    "samples": ("5 báo cáo mẫu", "the 5 sample reports"),
    "offtopic": ("câu hỏi ngoài phạm vi báo cáo", "questions no report answers"),
    "conghai": ("cần kho văn bản xã Công Hải", "needs the Công Hải documents"),
    "units": ("cần kho đơn vị phát hành lại", "needs the re-issued units corpus"),
    "series": ("cần kho báo cáo theo kỳ", "needs the periodic series corpus"),
    "tables": ("cần kho báo cáo có bảng", "needs the table reports corpus"),
}


def metric_label(key: str, lang: str) -> str:
    """The metric `key` as the tab shows it (the raw key when it has no name)."""
    vi, en = METRICS.get(key, (key, key))
    return en if lang == "en" else vi


def metric_value(key: str, value: Any, lang: str) -> str:
    """`value` written in `lang`'s style: ratios as percentages, times in whole ms."""
    if value is None:
        return "—"
    if key in RATIOS:
        return _number(100 * value, 1, lang) + "%"
    if key.endswith("_ms"):
        return _number(value, 0, lang) + " ms"
    if isinstance(value, float):
        return _number(value, 3, lang)
    return _number(value, 0, lang)


def set_label(name: str, questions: int, lang: str) -> str:
    """A question set's name with what it is about and how many questions it has."""
    family = next((FAMILIES[f] for f in FAMILIES if name.startswith(f)), None)
    count = f"{questions} câu hỏi" if lang != "en" else f"{questions} questions"
    about = "" if family is None else f", {family[1] if lang == 'en' else family[0]}"
    return f"{name} ({count}{about})"


def _number(value: float, decimals: int, lang: str) -> str:
    written = f"{value:,.{decimals}f}"
    if lang == "en":
        return written
    # Vietnamese: "." groups thousands, "," marks decimals.
    return written.replace(",", "\0").replace(".", ",").replace("\0", ".")
