"""Safety budgets for loading one file (issue 7): size, pages, characters, zip, time, memory."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class LoadLimits:
    """Budgets a file must stay within while it is sniffed, unpacked and parsed.

    The defaults are far above any real report (the largest sample is 120 KB and 63 K
    characters) and far below what hurts a shared 2-core machine.
    """

    max_bytes: int = 50 * MB
    """Largest file accepted at all, checked before anything is read."""
    max_pages: int = 1000
    """Most PDF pages parsed."""
    max_chars: int = 2_000_000
    """Most characters extracted from one file: ~30x the largest sample, ~600 dense pages."""
    timeout_s: float = 30.0
    """Wall-clock budget of the parser process, which is killed when it runs out."""
    max_memory_mb: int = 480
    """Address-space cap of the parser process, so its resident size stays below it."""
    max_ocr_pages: int = 300
    """Most pages OCR'd in one file (a scan at ~2 s a page on one core)."""
    max_image_pixels: int = 60_000_000
    """Largest page image OCR'd (an A3 page at 400 dpi is 31 M pixels)."""
    ocr_dpi: int = 300
    """Resolution a PDF page without text is rendered at for OCR (bench/bench_ocr.py)."""
    ocr_timeout_s: float = 120.0
    """Wall-clock budget of the OCR of one page."""
    zip_max_entries: int = 2000
    """Most members in a DOCX archive."""
    zip_max_total_bytes: int = 300 * MB
    """Largest declared uncompressed size of all DOCX members together."""
    zip_max_part_bytes: int = 40 * MB
    """Largest declared uncompressed size of one XML part (document.xml, footnotes.xml...)."""
    zip_max_ratio: float = 200.0
    """Largest compression ratio of a member bigger than `zip_ratio_floor_bytes`."""
    zip_ratio_floor_bytes: int = 4 * MB
    """Members smaller than this are not ratio-checked (small XML compresses very well)."""

    def __post_init__(self) -> None:
        for name in (
            "max_bytes",
            "max_pages",
            "max_chars",
            "max_memory_mb",
            "zip_max_entries",
            "max_ocr_pages",
            "max_image_pixels",
            "ocr_dpi",
            "timeout_s",
            "ocr_timeout_s",
        ):
            if getattr(self, name) <= 0:
                raise ValueError(f"LoadLimits.{name} must be positive, got {getattr(self, name)!r}")


DEFAULT_LIMITS = LoadLimits()
