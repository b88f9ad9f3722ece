"""Word 97-2003 (.doc) files are read through LibreOffice, as their DOCX would be (issue 14)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from ingest import load_report
from ingest.loaders import load_document
from ingest.loaders.doc import office_binary
from tests.ingest.loaders.conftest import load_without_tools

SAMPLE_DOCX = Path(__file__).resolve().parents[3] / "samples" / "reports" / "docx"


@pytest.fixture(scope="module")
def doc_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five sample reports saved as Word 97 by LibreOffice (as an old office would)."""
    folder = tmp_path_factory.mktemp("doc")
    program = office_binary()
    assert program, "sudo apt-get install libreoffice-writer-nogui"
    subprocess.run(
        [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "doc:MS Word 97",
            "--outdir",
            str(folder),
            *map(str, sorted(SAMPLE_DOCX.glob("*.docx"))),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder


@pytest.mark.parametrize("docx", sorted(SAMPLE_DOCX.glob("*.docx")), ids=lambda p: p.stem)
def test_a_doc_parses_into_the_sections_of_its_docx(doc_files: Path, docx: Path) -> None:
    doc = doc_files / f"{docx.stem}.doc"
    assert doc.read_bytes().startswith(b"\xd0\xcf\x11\xe0")  # a real Word 97 file
    from_doc, from_docx = load_report(doc), load_report(docx)
    assert from_doc.file_format == "doc"
    assert [s.labels for s in from_doc.sections] == [s.labels for s in from_docx.sections]
    assert [s.text for s in from_doc.sections] == [s.text for s in from_docx.sections]
    assert from_doc.metadata == from_docx.metadata


def test_a_doc_renamed_pdf_is_read_by_its_content(doc_files: Path, tmp_path: Path) -> None:
    renamed = shutil.copy(doc_files / "000_5662c8cb383135c1.doc", tmp_path / "bao-cao.pdf")
    document = load_document(renamed)
    assert document.file_format == "doc"
    assert document.source == str(renamed)
    assert any("Hùng Sơn" in block.text for block in document.blocks)


def test_without_libreoffice_the_error_says_how_to_install_it(doc_files: Path) -> None:
    doc = doc_files / "000_5662c8cb383135c1.doc"
    printed = load_without_tools(doc)
    assert doc.name in printed
    assert "sudo apt-get install libreoffice-writer-nogui" in printed
