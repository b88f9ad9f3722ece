"""General Vietnamese word knowledge: synonym groups, abbreviations, months.

Nothing here is taken from a particular report. English questions are matched through
the multilingual embedder, not through a word list; what stays are the administrative
abbreviations every report uses ("BHYT" = "bảo hiểm y tế"), a few synonym groups
("đề nghị" ~ "kiến nghị" ~ "đề xuất") and English month names for dates.
"""

from __future__ import annotations

from assistant.understand.language import phrase_key

MONTHS: tuple[str, ...] = ("january", "february", "march", "april", "may", "june", "july")
MONTHS += ("august", "september", "october", "november", "december")


# Vietnamese synonym groups: any member of a group stands for the others.
VIETNAMESE_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("đề nghị", "kiến nghị", "đề xuất"),
    ("kinh phí", "vốn", "nguồn vốn"),
    ("bảo hiểm y tế", "BHYT"),
    ("bảo hiểm xã hội", "BHXH"),
    ("nông thôn mới", "NTM"),
    ("ủy ban nhân dân", "UBND"),
    ("hội đồng nhân dân", "HĐND"),
    ("cải cách hành chính", "CCHC"),
    ("công nghệ thông tin", "CNTT"),
    ("kinh tế - xã hội", "kinh tế xã hội", "KT-XH"),
    ("quốc phòng - an ninh", "quốc phòng, an ninh", "QP-AN"),
    ("mặt trận tổ quốc", "MTTQ"),
    ("dân tộc thiểu số", "DTTS"),
    ("an toàn thực phẩm", "ATTP"),
    ("phòng cháy, chữa cháy", "phòng cháy chữa cháy", "PCCC"),
    ("phòng cháy, chữa cháy rừng", "PCCCR"),
    ("hợp tác xã", "HTX"),
    ("trung học cơ sở", "THCS"),
    ("trung học phổ thông", "THPT"),
    ("ban chấp hành", "BCH"),
    ("ban thường vụ", "BTV"),
    ("chỉ huy quân sự", "CHQS"),
    ("công an xã", "CAX"),
    ("vệ sinh an toàn thực phẩm", "VSATTP"),
    ("văn hóa - xã hội", "văn hóa xã hội", "VH-XH"),
    ("tỷ lệ", "tỉ lệ"),
    ("kế hoạch", "KH"),
    ("ước thực hiện", "ƯTH"),
    ("phần trăm", "%"),
)


def synonyms(phrase: str) -> tuple[str, ...]:
    """Phrase keys of a Vietnamese phrase's synonym group (itself first), or just itself."""
    key = phrase_key(phrase)
    for group in VIETNAMESE_SYNONYMS:
        keys = tuple(phrase_key(member) for member in group)
        if key in keys:
            return (key, *(other for other in keys if other != key))
    return (key,)
