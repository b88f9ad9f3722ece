"""Scanned-report fixtures: pages of the bundled sample PDFs turned into images.

A scan has no text layer: each page is a greyscale image (as an office scanner writes
it), so its text can only come back through OCR. The text PDF it came from is the
reference.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from PIL import Image
from pypdf import PdfReader, PdfWriter

SAMPLE_PDF = (
    Path(__file__).resolve().parents[2] / "samples" / "reports" / "pdf" / "000_5662c8cb383135c1.pdf"
)
DPI = 300


def page_images(source: Path, pages: range, *, dpi: int = DPI) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(source)
    try:
        return [
            document[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in pages
        ]
    finally:
        document.close()


def write_scan_pdf(out: Path, *, pages: range = range(2), source: Path = SAMPLE_PDF) -> Path:
    """An image-only PDF of `pages` (0-based) of `source`."""
    images = page_images(source, pages)
    images[0].save(out, save_all=True, append_images=images[1:], resolution=DPI)
    return out


def write_scan_image(out: Path, *, page: int = 0, source: Path = SAMPLE_PDF) -> Path:
    """One page of `source` as an image file (PNG, JPEG or TIFF by `out`'s suffix)."""
    page_images(source, range(page, page + 1))[0].save(out, dpi=(DPI, DPI))
    return out


def write_grainy_image(out: Path, *, page: int = 0, source: Path = SAMPLE_PDF) -> Path:
    """A page as a worn photocopy scanned at 200 dpi: tilted, heavy grain, a poor JPEG."""
    image = page_images(source, range(page, page + 1), dpi=200)[0]
    image = image.rotate(-3.0, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    grainy = Image.blend(image, Image.effect_noise(image.size, 70), 0.2)
    grainy.save(out, format="JPEG", quality=35)
    return out


def write_mixed_pdf(out: Path, scratch: Path, *, source: Path = SAMPLE_PDF) -> Path:
    """Page 1 with its text layer, page 2 scanned: what a report with a signed last page
    (printed, signed, scanned back in) looks like."""
    scanned = write_scan_pdf(scratch / "scanned-page-2.pdf", pages=range(1, 2), source=source)
    writer = PdfWriter()
    writer.add_page(PdfReader(source).pages[0])
    writer.add_page(PdfReader(scanned).pages[0])
    with out.open("wb") as handle:
        writer.write(handle)
    return out
