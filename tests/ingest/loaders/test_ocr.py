"""Scans are read by OCR (Tesseract `vie`) in the parser process, page by page (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest
from PIL import Image

from ingest import load_report
from ingest.errors import FileTooLargeError
from ingest.loaders import LoadLimits, load_document
from ingest.loaders.ocr import DENOISE_ABOVE, grain
from tests.data.scan_fixtures import (
    SAMPLE_PDF,
    write_grainy_image,
    write_mixed_pdf,
    write_scan_image,
    write_scan_pdf,
)
from tests.ingest.loaders.conftest import load_without_tools, loaded

# Sentences of the sample's first two pages, tone marks and all.
PAGE_1 = "phía Tây giáp huyện Kạ lừm"
PAGE_2 = "Đảng bộ, chính quyền và Nhân dân xã Hùng Sơn"


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scans")
    write_scan_pdf(folder / "scan.pdf")
    write_scan_image(folder / "page.png")
    write_mixed_pdf(folder / "mixed.pdf", folder)
    return folder


def _page_text(path: Path, index: int) -> str:
    document = pypdfium2.PdfDocument(path)
    try:
        return str(document[index].get_textpage().get_text_range())
    finally:
        document.close()


def test_a_scanned_pdf_is_read_with_its_tone_marks(scans: Path) -> None:
    pages: list[tuple[int, int]] = []
    document = load_document(
        scans / "scan.pdf", on_page=lambda done, total: pages.append((done, total))
    )
    text = " ".join(block.text for block in document.blocks)
    assert PAGE_1 in text
    assert document.ocr_pages == (1, 2)
    assert pages == [(1, 2), (2, 2)]
    assert {block.page for block in document.blocks} == {1, 2}


def test_a_scan_parses_into_the_same_sections_as_its_text_pdf(scans: Path) -> None:
    scanned = load_report(scans / "scan.pdf")
    printed = load_report(SAMPLE_PDF)
    first_two = [s.labels for s in printed.sections if (s.page_start or 0) <= 2]
    assert [s.labels for s in scanned.sections][: len(first_two)] == first_two
    assert scanned.metadata.commune == printed.metadata.commune == "Hùng Sơn"
    assert scanned.ocr_pages == (1, 2)
    assert scanned.is_ocr(1, 1) and not printed.is_ocr(1, 1)


def test_only_the_pages_without_text_of_a_mixed_pdf_are_read_by_ocr(scans: Path) -> None:
    document = load_document(scans / "mixed.pdf")
    assert document.ocr_pages == (2,)
    page_one = [block.text for block in document.blocks if block.page == 1]
    assert page_one == [block.text for block in loaded(SAMPLE_PDF).blocks if block.page == 1]
    assert PAGE_2 in " ".join(block.text for block in document.blocks if block.page == 2)


def test_a_grainy_tilted_copy_is_read_through_the_median_filter(tmp_path: Path) -> None:
    path = write_grainy_image(tmp_path / "copy.jpg")
    with Image.open(path) as image:
        assert grain(image.convert("L")) > DENOISE_ABOVE
    printed = set(_page_text(SAMPLE_PDF, 0).split())
    read = {word for block in load_document(path).blocks for word in block.text.split()}
    # Read as it is, Tesseract loses whole lines of this page.
    assert len(printed & read) / len(printed) > 0.8  # ~0.89; read as it is ~0.67


@pytest.mark.parametrize("suffix", [".png", ".jpg", ".tif"])
def test_image_files_are_read(scans: Path, suffix: str) -> None:
    path = write_scan_image(scans / f"photo{suffix}")
    document = load_document(path)
    assert document.file_format == "image"
    assert document.ocr_pages == (1,)
    assert PAGE_1 in " ".join(block.text for block in document.blocks)


def test_an_image_file_renamed_docx_is_still_read(scans: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "bao-cao.docx"
    renamed.write_bytes((scans / "page.png").read_bytes())
    assert load_report(renamed).metadata.commune == "Hùng Sơn"


def test_too_many_pixels_is_a_one_line_error(scans: Path) -> None:
    with pytest.raises(FileTooLargeError, match=r"pixels") as caught:
        load_document(scans / "scan.pdf", limits=LoadLimits(max_image_pixels=1_000_000))
    assert "\n" not in str(caught.value)
    assert "scan.pdf" in str(caught.value)


def test_an_image_bomb_is_refused_before_it_is_decoded(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    Image.new("1", (30_000, 30_000)).save(bomb)  # 112 MB of pixels in a tiny file
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(FileTooLargeError, match=r"30000x30000 pixels"):
        load_document(bomb)


def test_too_many_pages_to_ocr_is_refused(scans: Path) -> None:
    with pytest.raises(FileTooLargeError, match=r"2 pages to OCR \(limit 1\)"):
        load_document(scans / "scan.pdf", limits=LoadLimits(max_ocr_pages=1))


def test_ocr_text_counts_against_the_character_budget(scans: Path) -> None:
    # The scan's first page alone reads well over 200 characters.
    with pytest.raises(FileTooLargeError, match=r"more than 200 characters of text by page 1"):
        load_document(scans / "scan.pdf", limits=LoadLimits(max_chars=200))


def test_without_tesseract_the_error_says_how_to_install_it(scans: Path) -> None:
    printed = load_without_tools(scans / "scan.pdf")
    assert "scan.pdf" in printed
    assert "sudo apt-get install tesseract-ocr tesseract-ocr-vie" in printed


def test_a_mixed_pdf_without_tesseract_keeps_its_text_pages(scans: Path) -> None:
    printed = load_without_tools(scans / "mixed.pdf")
    assert printed.startswith("[1] ")
    assert "1 scanned pages not read: Tesseract is not installed" in printed
