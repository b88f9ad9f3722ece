"""DOCX loader: one Block per paragraph or table row, footnotes last (python-docx + lxml).

Body paragraphs and tables come in reading order; headers and footers are left out.
Word's automatic numbering comes back as `list_label`, footnote references stay in the
text as `<sup>N</sup>` (N = the printed footnote number) so the normalizer can attach each
footnote to the section that cites it, and hidden runs (w:vanish, w:webHidden, white,
< 2 pt) are dropped and counted.
"""

from __future__ import annotations

import logging
import unicodedata
import zipfile
from dataclasses import dataclass

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree

from ingest.errors import CorruptFileError, FileTooLargeError
from ingest.loaders.archive import check_docx_archive
from ingest.loaders.docx_numbering import ListNumbering
from ingest.loaders.docx_styles import Element, StyleSheet, has_background, is_on, is_tiny, is_white
from ingest.loaders.docx_tables import table_lines
from ingest.loaders.limits import LoadLimits
from ingest.types import Block, LoadedDocument

logger = logging.getLogger(__name__)

# Elements that wrap runs inside a paragraph and are shown as their content.
_RUN_CONTAINERS = frozenset(
    qn(tag)
    for tag in ("w:hyperlink", "w:ins", "w:smartTag", "w:fldSimple", "w:sdt", "w:sdtContent",
                "w:customXml", "w:moveTo", "w:dir", "w:bdo")
)  # fmt: skip
_BODY_CONTAINERS = frozenset(qn(tag) for tag in ("w:sdt", "w:sdtContent", "w:customXml"))
_HIDING_TAGS = ("w:vanish", "w:webHidden", "w:specVanish")
_CHARACTERS = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_MAX_NESTING = 5  # tables in tables, text boxes in text boxes: a crafted file must end
_REPAIR_HINT = "the file is damaged; open it in Word or LibreOffice and save it again"


@dataclass(frozen=True, slots=True)
class _Paragraph:
    text: str
    is_bold: bool
    textboxes: tuple[Element, ...]


def load_docx(path: str, limits: LoadLimits) -> LoadedDocument:
    """Extract a DOCX's visible paragraphs, tables and footnotes in reading order.

    Raises:
        FileTooLargeError: the archive or its text is over a budget.
        CorruptFileError: the file cannot be opened as a Word document.
    """
    check_docx_archive(path, limits)
    try:
        document = docx.Document(path)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise CorruptFileError(
            path, f"not a readable Word document ({err})", hint=_REPAIR_HINT
        ) from err
    except etree.XMLSyntaxError as err:
        raise CorruptFileError(path, f"broken XML inside ({err})", hint=_REPAIR_HINT) from err
    return _DocxReader(document, path, limits).read()


class _DocxReader:
    """Walks one document once; holds the list counters and footnote order as it goes."""

    def __init__(self, document: docx.document.Document, path: str, limits: LoadLimits) -> None:
        self._path = path
        self._limits = limits
        self._body = document.element.body
        self._styles = StyleSheet(document.styles.element)
        self._numbering = ListNumbering(_numbering_element(document), self._styles)
        self._footnotes = _part_element(document, RT.FOOTNOTES)
        self._footnote_numbers: dict[str, int] = {}  # Word id -> printed number
        self._blocks: list[Block] = []
        self._hidden_chars = 0
        self._chars = 0

    def read(self) -> LoadedDocument:
        self._walk(self._body, depth=0)
        self._add_footnotes()
        if self._hidden_chars:
            logger.info("Dropped %s hidden characters from %s", self._hidden_chars, self._path)
        warnings = (
            (f"{self._hidden_chars} hidden characters dropped",) if self._hidden_chars else ()
        )
        return LoadedDocument(
            source=self._path,
            file_format="docx",
            blocks=tuple(self._blocks),
            hidden_chars_dropped=self._hidden_chars,
            warnings=warnings,
        )

    def _walk(self, container: Element, depth: int) -> None:
        if depth > _MAX_NESTING:
            return
        for child in container:
            if child.tag == qn("w:p"):
                self._add_paragraph(child, depth)
            elif child.tag == qn("w:tbl"):
                for line in table_lines(child, lambda cell: self._cell_text(cell, depth)):
                    self._add(Block(text=line, kind="table_row"))
            elif child.tag in _BODY_CONTAINERS:
                self._walk(child, depth)

    def _add(self, block: Block) -> None:
        self._chars += len(block.text)
        if self._chars > self._limits.max_chars:
            raise FileTooLargeError(
                self._path,
                f"more than {self._limits.max_chars} characters of text",
                hint="split the document or raise LoadLimits.max_chars",
            )
        self._blocks.append(block)

    def _add_paragraph(self, p: Element, depth: int) -> None:
        ppr = p.find(qn("w:pPr"))
        style = _style_id(ppr, "w:pStyle")
        label = self._numbering.label(ppr, style)
        content = self._paragraph(p)
        if content.text:
            jc = self._styles.paragraph_property(ppr, style, "w:jc")
            block = Block(
                text=content.text,
                heading_level=self._styles.heading_level(ppr, style),
                is_bold=content.is_bold,
                is_centered=jc is not None and jc.get(qn("w:val")) == "center",
                list_label=label,
            )
            self._add(block)
        for textbox in content.textboxes:
            self._walk(textbox, depth + 1)

    def _cell_text(self, cell: Element, depth: int) -> str:
        shading = cell.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
        on_background = has_background(shading, None)
        parts: list[str] = []
        for child in cell:
            if child.tag == qn("w:p"):
                ppr = child.find(qn("w:pPr"))
                label = self._numbering.label(ppr, _style_id(ppr, "w:pStyle"))
                text = self._paragraph(child, on_background=on_background).text
                parts.append(f"{label} {text}" if label and text else text)
            elif child.tag == qn("w:tbl") and depth < _MAX_NESTING:
                for row in child.iterfind(qn("w:tr")):
                    parts.extend(
                        self._cell_text(inner, depth + 1) for inner in row.iterfind(qn("w:tc"))
                    )
        return " ".join(part for part in parts if part)

    def _paragraph(self, p: Element, *, on_background: bool = False) -> _Paragraph:
        ppr = p.find(qn("w:pPr"))
        para_style = _style_id(ppr, "w:pStyle")
        shaded = on_background or has_background(_find(ppr, "w:shd"), None)
        pieces: list[str] = []
        bold_flags: list[bool] = []
        textboxes: list[Element] = []
        for run in _runs(p):
            rpr = run.find(qn("w:rPr"))
            run_style = _style_id(rpr, "w:rStyle")
            text = self._run_text(run)
            if self._is_hidden(rpr, run_style, para_style, shaded=shaded):
                self._hidden_chars += sum(1 for char in text if not char.isspace())
                continue
            textboxes.extend(_textboxes(run))
            pieces.append(text)
            if text.strip():
                bold = self._styles.run_property(rpr, run_style, para_style, "w:b")
                bold_flags.append(is_on(bold))
        text = unicodedata.normalize("NFC", "".join(pieces)).strip()
        return _Paragraph(text, bool(bold_flags) and all(bold_flags), tuple(textboxes))

    def _is_hidden(
        self, rpr: Element | None, run_style: str | None, para_style: str | None, *, shaded: bool
    ) -> bool:
        def prop(tag: str) -> Element | None:
            return self._styles.run_property(rpr, run_style, para_style, tag)

        if any(is_on(prop(tag)) for tag in _HIDING_TAGS) or is_tiny(prop("w:sz")):
            return True
        if not is_white(prop("w:color")):
            return False
        return not (shaded or has_background(prop("w:shd"), prop("w:highlight")))

    def _run_text(self, run: Element) -> str:
        out: list[str] = []
        for child in run:
            if child.tag == qn("w:t"):
                out.append(child.text or "")
            elif child.tag in _CHARACTERS:
                out.append(_CHARACTERS[child.tag])
            elif child.tag == qn("w:footnoteReference"):
                out.append(f"<sup>{self._footnote_number(child)}</sup>")
        return "".join(out)

    def _footnote_number(self, reference: Element) -> int:
        # Word prints footnotes 1, 2, 3... in order of first reference, whatever their ids.
        word_id = str(reference.get(qn("w:id")))
        return self._footnote_numbers.setdefault(word_id, len(self._footnote_numbers) + 1)

    def _add_footnotes(self) -> None:
        if self._footnotes is None:
            return
        notes = {
            str(note.get(qn("w:id"))): note for note in self._footnotes.iterfind(qn("w:footnote"))
        }
        for word_id, number in list(self._footnote_numbers.items()):
            note = notes.get(word_id)
            if note is None:
                continue
            texts = [self._paragraph(p).text for p in note.iterfind(qn("w:p"))]
            text = " ".join(t for t in texts if t)
            if text:
                self._add(Block(text=text, kind="footnote", footnote_id=str(number)))


def _runs(container: Element) -> list[Element]:
    found: list[Element] = []
    for child in container:
        if child.tag == qn("w:r"):
            found.append(child)
        elif child.tag in _RUN_CONTAINERS:
            found.extend(_runs(child))
    return found


def _textboxes(run: Element) -> list[Element]:
    # Drawings carry the same text box twice (mc:Choice and a VML mc:Fallback).
    return [
        box
        for box in run.iter(qn("w:txbxContent"))
        if not any(ancestor.tag == _FALLBACK for ancestor in box.iterancestors())
    ]


def _find(parent: Element | None, tag: str) -> Element | None:
    return parent.find(qn(tag)) if parent is not None else None


def _style_id(props: Element | None, tag: str) -> str | None:
    style = _find(props, tag)
    return str(style.get(qn("w:val"))) if style is not None else None


def _numbering_element(document: docx.document.Document) -> Element | None:
    return _part_element(document, RT.NUMBERING)


def _part_element(document: docx.document.Document, reltype: str) -> Element | None:
    for rel in document.part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return parse_xml(rel.target_part.blob)
    return None
