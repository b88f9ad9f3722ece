"""Questions about a document's header or signature block: who signed it, its number.

"Ai ký báo cáo …?", "What is the number of the plan …?", "Nơi nhận của thông báo …?" are
answered from the parsed header and closing block (signer, number, date, issuing body,
recipients), cited to the line where each is written, not from the body's sentences.
The wordings are the fixed vocabulary of Vietnamese administrative documents and their
plain English equivalents; they are matched on folded text, so "ai ky" = "ai ký".
"""

from __future__ import annotations

import re
from typing import Literal

from ingest import fold, normalize_text

HeaderField = Literal["signer", "number", "date", "issuer", "recipients", "title"]

# A document named in the question: a header question is about one document.
_DOCUMENT = (
    r"(?:bao cao|ke hoach|nghi quyet|thong bao|quyet dinh|cong van|to trinh|ket luan"
    r"|chuong trinh|bien ban|huong dan|de an|chi thi|quy che|van ban|report|plan|resolution"
    r"|notice|decision|letter|document|conclusion|programme|program|proposal)"
)
_FIELDS: tuple[tuple[HeaderField, re.Pattern[str]], ...] = (
    (
        "signer",
        re.compile(
            r"\b(?:ai (?:da )?ky|nguoi ky|ky boi|do ai ky|ai la nguoi ky|ky ten|ky thay"
            r"|who (?:signed|signs)|signed by|signator(?:y|ies))\b"
        ),
    ),
    (
        "recipients",
        re.compile(
            r"\b(?:noi nhan|gui (?:cho|den|toi) (?:ai|nhung ai|nhung noi nao|dau|co quan nao"
            # Not "ai nhận hỗ trợ" (who received aid): a document's recipients only.
            r"|nhung co quan nao|don vi nao|nhung don vi nao)|duoc gui (?:cho|den|toi)"
            # "how many recipients were paid" asks a figure: only a document's recipients.
            rf"|recipients? (?:of|list)|(?:list|distribution) of recipients|who (?:receives?"
            rf"|received|gets|got) (?:the|this|that) {_DOCUMENT}|{_DOCUMENT} (?:was |is )?"
            rf"(?:sent|distributed|addressed|copied) to)\b"
        ),
    ),
    (
        "issuer",
        re.compile(
            r"\b(?:(?:co quan|don vi|to chuc|ai) (?:nao )?(?:da )?ban hanh|do (?:ai|co quan nao"
            r"|don vi nao) ban hanh|ban hanh boi|co quan ban hanh|issuing (?:body|authority"
            r"|office|agency)|who issued|issued by|issuer|which (?:body|agency|office|authority"
            r"|organi[sz]ation) issued)\b"
        ),
    ),
    (
        "number",
        re.compile(
            # Not "theo tờ trình số mấy": that asks which document another one cites.
            rf"\b(?:so hieu|so ky hieu|ky hieu|so van ban|mang so|(?:co|la) so (?:la )?"
            rf"(?:may|bao nhieu|gi)|(?:document|reference|official) (?:number|symbol|code)"
            rf"|number of (?:the|this|that) {_DOCUMENT}|{_DOCUMENT}(?:'s)? number"
            rf"|number of [^?]{{0,60}}'s [^?]{{0,60}}\b{_DOCUMENT}\b"
            rf"|what number (?:was|is|did) [^?]{{0,40}}"
            rf"\b(?:assigned|given|carry|bear)|number (?:was |is )?assigned)\b"
        ),
    ),
    (
        "date",
        re.compile(
            rf"\b(?:(?:ban hanh|ky|ky so|lap|de) (?:vao )?(?:ngay|thang|thoi gian|khi|luc|hom)"
            rf"\b[^?]{{0,12}}\b(?:nao|may|bao nhieu)|ngay (?:ban hanh|ky)|(?:when|what date"
            rf"|which date|what day|which month|what month)\b[^?]{{0,160}}\b(?:issued|signed"
            rf"|dated|written|published|drawn up|adopted|bears?)"
            rf"|date of (?:the|this|that) {_DOCUMENT}|{_DOCUMENT} (?:dated|date)"
            rf"|{_DOCUMENT} (?:ngay nao|de ngay))\b"
        ),
    ),
)


_TITLE = re.compile(
    rf"\b(?:trich yeu|tieu de|ten (?:cua )?{_DOCUMENT}|(?:title|subject) of (?:the|this|that)"
    rf"|what is (?:the|this|that) {_DOCUMENT} (?:titled|called))\b"
)
# "ký hiệu", "symbol": the code printed even when the number is blank ("Số -KH/ĐU").
ASKS_CODE = re.compile(r"\b(?:ky hieu|symbol|code)\b")
# "vào tháng, năm nào", "which month": a date whose day is left blank still answers.
ASKS_MONTH = re.compile(r"\bthang\b[^?]{0,8}\bnam (?:nao|may)\b|\bthang nao\b|\bmonth\b")


# Syllables that fold like "ký" (sign) and "số" (number) but, typed with their own marks,
# are other words: "kỳ họp" (session), "cơ sở" (basis). Kept apart before folding.
_LOOKALIKES = (
    (re.compile(r"(?<!\w)(?:kỳ|kỹ|kỷ)(?!\w)"), "kyy"),
    (re.compile(r"(?<!\w)(?:sở|sổ|sơ|sớ|sợ|sỡ)(?!\w)"), "soo"),
)


def header_question_key(question: str) -> str:
    """The question folded for header wordings, look-alike syllables kept apart."""
    text = normalize_text(question).lower()
    for pattern, stand_in in _LOOKALIKES:
        text = pattern.sub(stand_in, text)
    return fold(text)


def header_field_of(folded: str) -> HeaderField | None:
    """Which header fact a question asks for, if any (`folded`: `header_question_key`)."""
    for field, pattern in _FIELDS:
        if pattern.search(folded):
            return field
    return "title" if _TITLE.search(folded) else None
