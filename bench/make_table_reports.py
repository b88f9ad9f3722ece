"""Reports whose key figures sit only in tables: JSON specs -> DOCX -> PDF (issue 14).

    python bench/make_table_reports.py          # bench/data/tables/{fit,held}/*.docx, *.pdf

The specs (bench/data/tables/spec, one per report; see SOURCES.md there) were written by
a helper from the shapes of real tables in the Công Hải documents (year columns,
"Biểu chỉ tiêu" with group rows and "- Trong đó" sub-rows, two-level headers, per-village
rows with a "Tổng cộng" row, merged cells, borderless tables). This script only lays
them out; the PDFs are printed by LibreOffice headless. A report is held back when
sha256 of its name is even (decided before any question was written).

One JSON file per document:

  {"name": "xa-tan-phu_bao-cao-quy-iii-2026",     # output file name (no .docx)
   "font": "Times New Roman", "size": 13,          # optional body font / size (pt)
   "blocks": [ ...block... ]}

Block kinds (a block is a JSON object; the key that is present decides the kind):

  {"p": "text"}            paragraph. Options:
        "bold", "italic": bool;  "size": pt;
        "align": "left" | "center" | "right" | "justify"
                 (default: justify with a 1 cm first-line indent; when "align"
                  is given there is no indent unless "indent" is given);
        "indent": first-line indent in cm;  "left": left indent in cm;
        "tabs": [[pos_cm, "left"|"center"|"right"], ...]  tab stops, use "\t"
                 in the text (used for the two-column header / signature lines);
        "after": space after in pt (default 4);  "keep_next": bool.
        A "\n" inside the text becomes a line break.
  {"runs": [{"t": "text", "b": bool, "i": bool, "u": bool}, ...]}
        paragraph made of differently formatted runs; same options as "p".
  {"table": {...}}         table. Keys:
        "rows":   list of rows, each a list of cell strings (short rows are
                  padded with ""); "\n" in a cell starts a new paragraph;
        "merges": [[r1, c1, r2, c2], ...]  inclusive, 0-based; the text of a
                  merged region is taken from its top-left cell only (other
                  cells of the region must be "");
        "header_rows": n   mark the first n rows as repeating header rows
                  (w:tblHeader); 0 or absent = not marked;
        "head": n          the first n rows are drawn bold and centred
                  (default: header_rows, or 1 if header_rows is 0/absent);
        "borders": false   no ruling lines (default true = "Table Grid");
        "widths": [cm, ...] column widths;
        "align":  ["c", "l", "r", "j", ...] per-column alignment of body rows
                  (default: centred for short / numeric cells, left otherwise);
        "bold_rows", "italic_rows": [row indexes];
        "size": font size in pt (default 11);
        "cant_split": false  allow a row to break across pages (default: rows
                  are kept whole, w:cantSplit).
  {"page_break": true}
  {"section": "landscape" | "portrait"}   start a new page section with that
        orientation (A4).

The script only lays out what the spec says; all content lives in the specs.
"""

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "l": WD_ALIGN_PARAGRAPH.LEFT,
    "c": WD_ALIGN_PARAGRAPH.CENTER,
    "r": WD_ALIGN_PARAGRAPH.RIGHT,
    "j": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
TABS = {
    "left": WD_TAB_ALIGNMENT.LEFT,
    "center": WD_TAB_ALIGNMENT.CENTER,
    "right": WD_TAB_ALIGNMENT.RIGHT,
}
NUMERIC = re.compile(r"^[-+]?[\d.,%≤≥<> ]+%?$")


def nfc(s):
    return unicodedata.normalize("NFC", s)


def set_run_font(run, name, size=None):
    run.font.name = name
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)
    if size:
        run.font.size = Pt(size)


def setup_page(section, landscape=False):
    w, h = Cm(21.0), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (h, w) if landscape else (w, h)
    section.top_margin = Cm(2.0)
    section.bottom_margin = Cm(2.0)
    section.left_margin = Cm(3.0) if not landscape else Cm(2.0)
    section.right_margin = Cm(2.0)


def add_text(par, text, font, size, bold=False, italic=False, underline=False):
    parts = nfc(text).split("\n")
    for k, part in enumerate(parts):
        run = par.add_run(part)
        set_run_font(run, font, size)
        run.bold = bool(bold)
        run.italic = bool(italic)
        run.underline = bool(underline)
        if k < len(parts) - 1:
            run.add_break()


def add_paragraph(doc, b, font, size):
    par = doc.add_paragraph()
    pf = par.paragraph_format
    if "align" in b:
        par.alignment = ALIGN[b["align"]]
        if "indent" in b:
            pf.first_line_indent = Cm(b["indent"])
    else:
        par.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        pf.first_line_indent = Cm(b.get("indent", 1.0))
    if "left" in b:
        pf.left_indent = Cm(b["left"])
    pf.space_after = Pt(b.get("after", 4))
    pf.space_before = Pt(b.get("before", 0))
    if b.get("keep_next"):
        pf.keep_with_next = True
    for pos, kind in b.get("tabs", []):
        pf.tab_stops.add_tab_stop(Cm(pos), TABS[kind])
    psize = b.get("size", size)
    if "runs" in b:
        for r in b["runs"]:
            add_text(par, r["t"], font, psize, r.get("b"), r.get("i"), r.get("u"))
    else:
        add_text(par, b["p"], font, psize, b.get("bold"), b.get("italic"), b.get("underline"))
    return par


def mark_header_row(row):
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def add_table(doc, t, font, name):
    rows = [list(r) for r in t["rows"]]
    ncols = max(len(r) for r in rows)
    rows = [r + [""] * (ncols - len(r)) for r in rows]
    nrows = len(rows)
    table = doc.add_table(rows=nrows, cols=ncols)
    if t.get("borders", True):
        table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False

    covered = {}  # (r, c) -> top-left of its merged region
    for m in t.get("merges", []):
        r1, c1, r2, c2 = m
        if not (0 <= r1 <= r2 < nrows and 0 <= c1 <= c2 < ncols):
            raise ValueError(f"{name}: merge {m} out of range {nrows}x{ncols}")
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) in covered:
                    raise ValueError(f"{name}: merge {m} overlaps another at {(r, c)}")
                covered[(r, c)] = (r1, c1)
                if (r, c) != (r1, c1) and rows[r][c].strip():
                    print(f"WARNING {name}: text {rows[r][c]!r} in merged cell {(r, c)} dropped")
        table.cell(r1, c1).merge(table.cell(r2, c2))

    widths = t.get("widths")
    if widths:
        for c, w in enumerate(widths[:ncols]):
            table.columns[c].width = Cm(w)
        for tr in table._tbl.tr_lst:  # each real <w:tc>, spanning gridSpan columns
            gc = 0
            for tc in tr.tc_lst:
                span = tc.grid_span
                tc.width = Cm(sum(widths[gc : gc + span]))
                gc += span

    head = t.get("head", t.get("header_rows") or 1)
    bold_rows = set(t.get("bold_rows", []))
    italic_rows = set(t.get("italic_rows", []))
    col_align = t.get("align")
    tsize = t.get("size", 11)
    for r in range(nrows):
        for c in range(ncols):
            if covered.get((r, c), (r, c)) != (r, c):
                continue
            cell = table.cell(r, c)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            text = nfc(rows[r][c])
            if r < head:
                al = WD_ALIGN_PARAGRAPH.CENTER
            elif col_align and c < len(col_align):
                al = ALIGN[col_align[c]]
            else:
                short = len(text) <= 4 or NUMERIC.match(text)
                al = WD_ALIGN_PARAGRAPH.CENTER if short else WD_ALIGN_PARAGRAPH.LEFT
            for k, line in enumerate(text.split("\n")):
                par = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                par.alignment = al
                par.paragraph_format.space_after = Pt(0)
                par.paragraph_format.first_line_indent = Cm(0)
                if r < head:  # do not leave a header row alone at the foot of a page
                    par.paragraph_format.keep_with_next = True
                run = par.add_run(line)
                set_run_font(run, font, tsize)
                run.bold = r < head or r in bold_rows
                run.italic = r in italic_rows
            # a merged cell may hold leftover empty paragraphs from swallowed cells
            for extra in cell.paragraphs[len(text.split("\n")) :]:
                if not extra.text:
                    extra._element.getparent().remove(extra._element)
    for r in range(int(t.get("header_rows", 0) or 0)):
        mark_header_row(table.rows[r])
    if t.get("cant_split", True):  # keep each row on one page
        for row in table.rows:
            el = OxmlElement("w:cantSplit")
            row._tr.get_or_add_trPr().insert(0, el)
    return table


def build(spec, out_dir):
    name = spec["name"]
    font = spec.get("font", "Times New Roman")
    size = spec.get("size", 13)
    doc = Document()
    st = doc.styles["Normal"]
    st.font.name = font
    st.font.size = Pt(size)
    rpr = st.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), font)
    setup_page(doc.sections[0])
    for b in spec["blocks"]:
        if "table" in b:
            add_table(doc, b["table"], font, name)
        elif "p" in b or "runs" in b:
            add_paragraph(doc, b, font, size)
        elif b.get("page_break"):
            doc.add_page_break()
        elif "section" in b:
            sec = doc.add_section(WD_SECTION.NEW_PAGE)
            setup_page(sec, landscape=(b["section"] == "landscape"))
        else:
            raise ValueError(f"{name}: unknown block {b}")
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, name + ".docx")
    doc.save(path)
    return path


ROOT = Path(__file__).resolve().parent.parent
TABLES = ROOT / "bench" / "data" / "tables"


def is_held(name: str) -> bool:
    return int(hashlib.sha256(name.encode()).hexdigest(), 16) % 2 == 0


def to_pdf(docx: Path) -> None:
    """Print `docx` to PDF beside it with LibreOffice headless (private profile)."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(docx.parent), str(docx)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip


def main() -> int:
    for path in sorted((TABLES / "spec").glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        part = "held" if is_held(spec["name"]) else "fit"
        docx = Path(build(spec, str(TABLES / part)))
        to_pdf(docx)
        print(f"{part}: {docx.name} + .pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
