"""Tiny hand-written reports for index tests that must not depend on the real parser.

Format of a handmade file (UTF-8 text):
    COMMUNE: Hùng Sơn
    NUMBER: 3394/BC-UBND
    DATE: 2026-06-19
    ## I | KẾT QUẢ
    body text...
    ## II | KIẾN NGHỊ
    body text...
A file containing the line "BROKEN" raises CorruptFileError, like a damaged document.
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

from index import ReportIndex
from ingest.errors import CorruptFileError
from ingest.types import Chunk, Report, ReportMetadata, Section, make_chunk_id


def handmade_text(
    commune: str,
    sections: list[tuple[str, str, str]],
    *,
    number: str = "",
    date: str = "",
    doc_type: str = "báo cáo",
) -> str:
    lines = [f"COMMUNE: {commune}", f"NUMBER: {number}", f"DATE: {date}", f"TYPE: {doc_type}"]
    for label, title, body in sections:
        lines.append(f"## {label} | {title}")
        lines.append(body)
    return "\n".join(lines) + "\n"


def load_handmade(path: Path, *, on_page: object = None) -> Report:
    text = unicodedata.normalize("NFC", Path(path).read_text(encoding="utf-8"))
    if "\nBROKEN\n" in f"\n{text}":
        raise CorruptFileError(str(path), "damaged test file", hint="replace it")
    header: dict[str, str] = {}
    parsed: list[tuple[str, str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("## "):
            label, _, title = line[3:].partition(" | ")
            parsed.append((label.strip(), title.strip(), []))
        elif parsed:
            parsed[-1][2].append(line)
        elif ": " in line:
            key, _, value = line.partition(": ")
            header[key.strip()] = value.strip()
    report_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
    sections = tuple(
        Section(
            report_id=report_id,
            ordinal=ordinal,
            labels=(label,),
            heading_path=(title,),
            title=title,
            text="\n".join(body).strip(),
        )
        for ordinal, (label, title, body) in enumerate(parsed)
    )
    metadata = ReportMetadata(
        commune=header.get("COMMUNE") or None,
        number=header.get("NUMBER") or None,
        date=header.get("DATE") or None,
        doc_type=header.get("TYPE") or None,
    )
    return Report(report_id, Path(path).name, "txt", metadata, sections)


def chunk_by_section(
    report: Report, *, max_tokens: int = 400, count_tokens: object = None
) -> list[Chunk]:
    """One chunk per section (the real chunker splits long ones; not needed here)."""
    commune = report.metadata.commune or ""
    return [
        Chunk(
            chunk_id=make_chunk_id(report.report_id, section.labels, 0, section.text),
            report_id=report.report_id,
            source=report.source,
            labels=section.labels,
            heading_path=section.heading_path,
            ordinal=section.ordinal,
            index=0,
            text=section.text,
            breadcrumb=f"Xã {commune} — {section.label} {section.title}",
            metadata=report.metadata,
        )
        for section in report.sections
        if section.text
    ]


HUNG_SON = handmade_text(
    "Hùng Sơn",
    [
        ("I", "TÌNH HÌNH CHUNG", "Toàn xã có 07 trường học với 82 lớp, 1.683 học sinh."),
        ("II", "KIẾN NGHỊ", "Đề nghị hỗ trợ xây dựng công trình nước sinh hoạt cho 8.026 hộ."),
    ],
    number="3394/BC-UBND",
    date="2026-06-19",
)
QUAN_SON = handmade_text(
    "Quan Sơn",
    [
        ("I", "GIAO THÔNG", "Hoàn thành 12 km đường giao thông nông thôn, tỷ lệ 47,52%."),
        ("II", "TỒN TẠI", "Tình trạng sạt lở đất ở các thôn vùng cao còn phức tạp."),
    ],
    number="21/BC-UBND",
    date="2026-05",
)
MUONG_KIM = handmade_text(
    "Mường Kim",
    [
        ("I", "NÔNG NGHIỆP", "Diện tích lúa đạt 320 ha, năng suất bình quân 5,2 tấn/ha."),
        ("II", "KIẾN NGHỊ", "Đề nghị cấp kinh phí sửa chữa kênh mương thủy lợi bản Nà Khương."),
    ],
    number="77/TB-UBND",
    date="2026-03-02",
    doc_type="thông báo",
)


def write_corpus(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in (
        ("hung_son.txt", HUNG_SON),
        ("quan_son.txt", QUAN_SON),
        ("muong_kim.txt", MUONG_KIM),
    ):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def open_handmade_index(folder: Path, embedder: object, **options: object) -> ReportIndex:
    """A ReportIndex reading handmade files (no dependency on the real parser)."""
    return ReportIndex.open(
        folder,
        embedder=embedder,  # type: ignore[arg-type]
        load_report=load_handmade,
        chunk_report=chunk_by_section,
        **options,  # type: ignore[arg-type]
    )
