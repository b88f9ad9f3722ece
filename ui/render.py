"""Pure rendering: Answer -> chat markdown, citation cards, highlighted source HTML.

Everything that comes from a document or a language model is escaped here, so a report
containing `<img src=…>` or `![](http://…)` shows as text and makes no request. Only the
markup this module adds ([n] links to the citation panel, <mark>, cards) is live.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator

from assistant.types import Answer, Citation
from ingest.types import Report
from ui.i18n import t

MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
# Markdown punctuation that can start a link, image, emphasis, code or raw HTML.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~<>-])")
_URL_SCHEME = re.compile(r"(?i)\b(https?|ftp|mailto|javascript|data)(:)")
_WWW = re.compile(r"(?i)\b(www)(\.)")


def escape_html(text: str) -> str:
    """HTML-escape, also `{`, `}` and `$` so no template syntax survives in gr.HTML."""
    escaped = html.escape(text, quote=True)
    return escaped.replace("{", "&#123;").replace("}", "&#125;").replace("$", "&#36;")


def neutralize_markdown(text: str) -> str:
    """Make untrusted text render literally in the chat's markdown (no links, images, HTML)."""
    text = unicodedata.normalize("NFC", text)
    escaped = html.escape(text, quote=False)
    escaped = _MD_SPECIAL.sub(r"\\\1", escaped)
    # Break bare URLs so GFM autolinking does not turn them into live links.
    escaped = _URL_SCHEME.sub(r"\1\\\2", escaped)
    return _WWW.sub(r"\1\\\2", escaped)


def _marker_numbers(group: str) -> list[int]:
    return [int(part) for part in group.split(",")]


def cite_anchor(number: int, key: int | None = None) -> str:
    """The link target of citation `number` of the answer `key` (its place in the chat).

    Every answer's links carry its key, so an older answer's [n] opens that answer's
    source (ui/static/app.js reads it); without a key the link means the latest answer.
    """
    return f"cite-{number}" if key is None else f"cite-{key}-{number}"


def link_markers(text: str, known: set[int], *, key: int | None = None) -> str:
    """Neutralize `text` and turn each `[n]` of a known citation into a panel link."""
    out: list[str] = []
    position = 0
    for match in MARKER.finditer(text):
        numbers = _marker_numbers(match.group(1))
        if not all(n in known for n in numbers):
            continue
        out.append(neutralize_markdown(text[position : match.start()]))
        out.append("".join(f"[\\[{n}\\]](#{cite_anchor(n, key)})" for n in numbers))
        position = match.end()
    out.append(neutralize_markdown(text[position:]))
    return "".join(out).replace("\n", "  \n")


def citation_label(citation: Citation, lang: str = "vi") -> str:
    """One line naming where a quote comes from: unit — document — section (page)."""
    commune = citation.unit if citation.commune else ""
    # Documents are often named "Xã X — Báo cáo …" already; name the commune once.
    parts = [commune if commune not in citation.document else "", citation.document]
    parts.append(f"{t('section', lang)} {citation.section}" if citation.section else "")
    label = " — ".join(part for part in parts if part)
    if citation.page is not None:
        ocr = ", OCR" if citation.is_ocr else ""
        label += f" ({t('page', lang)} {citation.page}{ocr})"
    elif citation.is_ocr:
        label += " (OCR)"
    return label


def answer_markdown(
    answer: Answer, lang: str = "vi", *, text: str | None = None, key: int | None = None
) -> str:
    """The chat message for answer `key`; `text` overrides the body while streaming."""
    body = answer.text if text is None else text
    if answer.abstained:
        return f"> **{t('not_found', lang)}**  \n> {link_markers(body, set())}"
    known = {citation.number for citation in answer.citations}
    lines = [link_markers(body, known, key=key)]
    if answer.notes:
        lines.append("\n".join(f"_{neutralize_markdown(note)}_" for note in answer.notes))
    if answer.citations and text is None:
        sources = [
            f"[\\[{c.number}\\]](#{cite_anchor(c.number, key)}) "
            f"{neutralize_markdown(citation_label(c, lang))}"
            for c in answer.citations
        ]
        lines.append(f"**{t('source', lang)}:**  \n" + "  \n".join(sources))
    return "\n\n".join(lines)


def stream_prefixes(text: str, *, step: int = 12) -> Iterator[str]:
    """Growing word-boundary prefixes of `text`, for a streamed look in the chat."""
    words = text.split(" ")
    for end in range(step, len(words), step):
        yield " ".join(words[:end])


def plain_answer(answer: Answer, lang: str = "vi") -> str:
    """What "copy answer" puts on the clipboard: the text plus its sources, unformatted."""
    if answer.abstained:
        return f"{t('not_found', lang)}: {answer.text}"
    sources = [f"[{c.number}] {citation_label(c, lang)}: “{c.quote}”" for c in answer.citations]
    return "\n".join([answer.text, "", *sources]).strip()


def citations_html(answer: Answer | None, lang: str = "vi", *, key: int | None = None) -> str:
    """Answer `key`'s citation cards; clicking one (see ui/static/app.js) opens its section."""
    if answer is None or not answer.citations:
        return f"<div class='bc-empty'>{escape_html(t('no_citations', lang))}</div>"
    owner = "" if key is None else f" data-answer='{key}'"
    cards = [
        f"<div class='bc-cite' id='{cite_anchor(c.number, key)}' data-cite='{c.number}'{owner} "
        f"role='button' tabindex='0'><div class='bc-cite-head'><b>[{c.number}]</b> "
        f"{escape_html(citation_label(c, lang))}</div>"
        f"<blockquote>{escape_html(c.quote)}</blockquote></div>"
        for c in answer.citations
    ]
    hint = f"<div class='bc-hint'>{escape_html(t('pick_hint', lang))}</div>"
    return "<div class='bc-cites'>" + hint + "".join(cards) + "</div>"


def _quote_pattern(quote: str) -> re.Pattern[str] | None:
    words = unicodedata.normalize("NFC", quote).split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)


def highlight(section_text: str, quote: str) -> str:
    """Escaped section text with the quoted sentence wrapped in <mark>."""
    text = unicodedata.normalize("NFC", section_text)
    pattern = _quote_pattern(quote)
    match = pattern.search(text) if pattern else None
    if match is None:
        return escape_html(text).replace("\n", "<br>")
    before, found, after = text[: match.start()], match.group(0), text[match.end() :]
    marked = f"{escape_html(before)}<mark class='bc-quote'>{escape_html(found)}</mark>"
    return (marked + escape_html(after)).replace("\n", "<br>")


def source_html(citation: Citation | None, lang: str = "vi", *, opened: str = "") -> str:
    """The whole cited section, quote highlighted, under a header naming its place.

    `opened` names the click that opened it: a new value makes new markup, which
    ui/static/app.js scrolls to the quote even when the same citation is opened again.
    """
    if citation is None:
        return f"<div class='bc-empty'>{escape_html(t('pick_hint', lang))}</div>"
    path = " › ".join(citation.heading_path)
    return (
        f"<div class='bc-source' data-source='{citation.number}' "
        f"data-opened='{escape_html(opened)}'>"
        f"<div class='bc-source-head'><b>[{citation.number}]</b> "
        f"{escape_html(citation_label(citation, lang))}</div>"
        f"<div class='bc-path'>{escape_html(path)}</div>"
        f"<div class='bc-section'>{highlight(citation.section_text, citation.quote)}</div></div>"
    )


def report_tree_html(report: Report) -> str:
    """A report's parsed metadata and section tree, indented by numbering depth."""
    meta = report.metadata
    rows = [
        f"<tr><th>{escape_html(key)}</th><td>{escape_html(value or '—')}</td></tr>"
        for key, value in meta.to_dict().items()
    ]
    items = []
    for section in report.sections:
        indent = 1.2 * max(len(section.labels) - 1, 0)
        label = escape_html(section.label)
        title = escape_html(section.title)
        preview = escape_html(section.text[:160] + ("…" if len(section.text) > 160 else ""))
        items.append(
            f"<li style='margin-left:{indent:.1f}em'><b>{label}</b> {title}"
            f"<div class='bc-preview'>{preview}</div></li>"
        )
    head = f"<h4>{escape_html(report.source)}</h4><table class='bc-meta'>{''.join(rows)}</table>"
    return f"<div class='bc-tree'>{head}<ul>{''.join(items)}</ul></div>"
