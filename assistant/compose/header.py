"""The answer to a header question: the fact first, then the header lines that print it.

"Vũ Văn Nội (TM. ỦY BAN NHÂN DÂN, CHỦ TỊCH) — Phường An Ninh, Báo cáo 3394/BC-UBND
(2026-06-19), phần ký, nơi nhận [1]" and the quoted lines, each cited.
"""

from __future__ import annotations

from assistant.compose.text import place_in_report, to_citation, unit_name
from assistant.evidence.header import HeaderFact
from assistant.types import Citation, Language


def compose_header(fact: HeaderFact, language: Language) -> tuple[str, tuple[Citation, ...]]:
    """Answer text and citations for one header fact."""
    citations = tuple(to_citation(item, number) for number, item in enumerate(fact.evidence, 1))
    first = citations[-1] if fact.field == "signer" else citations[0]
    document = first.document.split(" — ", 1)[-1]
    parts = (unit_name(first, language), document, place_in_report(first, language))
    where = ", ".join(part for part in parts if part)
    markers = "".join(f"[{c.number}]" for c in citations)
    quotes = " ".join(f"«{c.quote}» [{c.number}]" for c in citations)
    lead = f"{fact.value} — {where} {markers}"
    return f"{lead}\n{unit_name(first, language)}: {quotes}", citations
