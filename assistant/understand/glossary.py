"""Bilingual glossary of common report terms, for English questions over Vietnamese text.

The embedder is multilingual, but the lexical side and the sentence choice match words;
an English question is expanded with the Vietnamese terms reports use. Synonym groups do
the same inside Vietnamese ("đề nghị" ~ "kiến nghị" ~ "đề xuất"). Keys are matched on
whole words of the folded question (lower-case, no diacritics).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from assistant.understand.language import phrase_key
from ingest import fold, normalize_text

# English phrase -> Vietnamese terms as reports write them, one pair a line. A "~" before
# the English marks a modifier ("traditional", "new", "plan to"): it describes what is
# asked about rather than naming it, so it weighs less and no answer is refused for
# lacking it. A line starting with "!" lists compounds in which a Vietnamese word is
# another word ("!bản" -> "văn bản": a document, not a village).
GLOSSARY_FILE = Path(__file__).with_name("glossary.tsv")
MODIFIER_WEIGHT = 0.5
MONTHS: tuple[str, ...] = ("january", "february", "march", "april", "may", "june", "july")
MONTHS += ("august", "september", "october", "november", "december")


@dataclass(frozen=True, slots=True)
class Glossary:
    """English terms -> Vietnamese ones; modifiers; compounds that are other words."""

    terms: dict[str, tuple[str, ...]]
    modifiers: frozenset[str]
    compounds: dict[str, tuple[str, ...]]


@cache
def glossary() -> Glossary:
    """The glossary file plus month names ("april" -> "tháng 4")."""
    terms: dict[str, tuple[str, ...]] = {}
    modifiers: set[str] = set()
    compounds: dict[str, tuple[str, ...]] = {}
    for line in GLOSSARY_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        head, _, tail = line.partition("\t")
        listed = tuple(normalize_text(term.strip()) for term in tail.split(";") if term.strip())
        if head.startswith("!"):
            compounds[normalize_text(head[1:].strip()).lower()] = tuple(t.lower() for t in listed)
            continue
        key = fold(head.lstrip("~")).replace("-", " ").replace("'s", "")
        terms[key] = listed
        if head.startswith("~"):
            modifiers.add(key)
    for number, month in enumerate(MONTHS, start=1):
        terms[month] = (f"tháng {number}", f"tháng {number:02d}")
        # "Revenue by April": the month says when, not what; a sentence dated April
        # about something else does not answer.
        modifiers.add(month)
    return Glossary(terms, frozenset(modifiers), compounds)


def english_terms() -> dict[str, tuple[str, ...]]:
    """English phrase (folded) -> the Vietnamese terms reports use for it."""
    return glossary().terms


def other_words(word: str) -> tuple[str, ...]:
    """Compounds (lower-case, as written) in which `word` is part of another word."""
    return glossary().compounds.get(word, ())


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
    ("giáp", "biên giới", "đường biên"),
    ("tỷ lệ", "tỉ lệ"),
    ("phần trăm", "%"),
    # Everyday words officials type for the reports' ones.
    ("hoàn thành", "xong", "hoàn tất"),
    ("vị trí", "địa điểm", "chỗ nào"),
    ("xếp hạng", "đứng thứ"),
    ("hỗ trợ", "giúp đỡ", "giúp"),
    # Terms whose folded syllables are stopwords ("đảng" ~ "đang", "đầu tư" ~ "đâu từ"):
    # without a group they would vanish from the question.
    ("đảng viên",),
    ("đầu tư",),
    ("hội viên",),
    # Indicators asked about by name: a question about them needs them in the answer,
    # not their common syllables ("dân", "số") scattered over another sentence.
    ("dân số",),
    ("diện tích",),
    ("thu nhập",),
)


def _word_pattern(phrase: str) -> re.Pattern[str]:
    # Plurals and verb forms come free: "school" also finds "schools", "tax" "taxes",
    # "complete" "completed", "assign" "assigned", "plant" "planting".
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?:e?s|e?d|ing)?(?!\w)")


@cache
def _english_patterns() -> tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...]:
    # Longest first, so "dry tea" claims its words before "tea".
    terms = english_terms()
    keys = sorted(terms, key=len, reverse=True)
    return tuple((_word_pattern(key), key, terms[key]) for key in keys)


def english_concepts(question: str) -> list[tuple[str, tuple[str, ...], bool]]:
    """English glossary phrases found in `question`: (key, Vietnamese terms, is_modifier)."""
    text = fold(question).replace("-", " ").replace("'s", "")
    found: list[tuple[str, tuple[str, ...], bool]] = []
    modifiers = glossary().modifiers
    for pattern, key, terms in _english_patterns():
        if pattern.search(text):
            found.append((key, terms + _shorter_terms(key), key in modifiers))
            text = pattern.sub(" ", text)
    return found


@cache
def _shorter_terms(key: str) -> tuple[str, ...]:
    """Terms of the shorter keys (two words or more) inside a long one.

    A report that says "vốn đầu tư công" answers "public investment plan" even without
    writing "kế hoạch đầu tư công".
    """
    words = key.split()
    terms = english_terms()
    inner = [
        " ".join(words[start : start + size])
        for size in range(len(words) - 1, 1, -1)
        for start in range(len(words) - size + 1)
    ]
    return tuple(term for part in inner for term in terms.get(part, ()))


def synonyms(phrase: str) -> tuple[str, ...]:
    """Phrase keys of a Vietnamese phrase's synonym group (itself first), or just itself."""
    key = phrase_key(phrase)
    for group in VIETNAMESE_SYNONYMS:
        keys = tuple(phrase_key(member) for member in group)
        if key in keys:
            return (key, *(other for other in keys if other != key))
    return (key,)
