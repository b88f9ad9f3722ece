"""Text of page images by OCR: Tesseract with its Vietnamese model, one page per request.

The one home of pytesseract (which runs Debian's `tesseract` binary), pypdfium2 (which
renders a PDF page to pixels) and Pillow. Runs inside the parser process of
`ingest.loaders.sandbox`, one page per request, so each page gets its own time budget
and the caller can show progress page by page. Budgets against OCR bombs: pages per
file and pixels per page are capped before anything is rendered or decoded.
"""

from __future__ import annotations

import functools
import logging
import shutil
import subprocess
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pypdfium2
import pytesseract
from PIL import Image, ImageChops, ImageFilter, ImageSequence, ImageStat, UnidentifiedImageError

from ingest.errors import CorruptFileError, FileTooLargeError, MissingToolError
from ingest.loaders.limits import LoadLimits
from ingest.types import Block, LoadedDocument

logger = logging.getLogger(__name__)

OCR_LANGUAGE = "vie"
INSTALL_HINT = (
    "install Tesseract with its Vietnamese model: "
    "sudo apt-get install tesseract-ocr tesseract-ocr-vie"
)
# LSTM engine only: Debian's Vietnamese model has no legacy-engine data (`--oem 0` fails
# to load it), so this only stops Tesseract looking for it.
_TESSERACT_CONFIG = "--oem 1"
_POINTS_PER_INCH = 72
_REPAIR_HINT = "the file is damaged or truncated; scan or export it again"
_BOMB_HINT = "scan it again at 300 dpi, or raise LoadLimits.max_image_pixels"
# Seconds left to the parser process after Tesseract is stopped: enough to answer the
# caller, so a slow page is a one-line error and never an orphaned tesseract process.
_TIMEOUT_MARGIN_S = 2.0
# Grain of a page: the mean grey-level gap between it and its 3x3 median. Above this a
# page is read twice, as it is and median-filtered (5x5), and the reading Tesseract is
# surer of is kept: a tilted grainy copy read as it is loses whole lines (error rate
# ~0.75, ~0.08 filtered), a straight one reads better unfiltered. 4 is the largest
# cut-off at the sweep's lowest error rate (bench/bench_ocr.py --sweep, RESULTS.md): clean
# renders (grain < 2.3) are read once, the grainy copies (> 4.9) twice.
DENOISE_ABOVE = 4.0


def ocr_available() -> bool:
    """Whether `tesseract` is installed with the Vietnamese model."""
    return OCR_LANGUAGE in (_tesseract_languages() or ())


def require_ocr(path: str) -> None:
    """Raise `MissingToolError` naming `path` when Tesseract or its model is missing."""
    languages = _tesseract_languages()
    if languages is None:
        raise MissingToolError(
            path, "its pages are images and Tesseract is not installed", hint=INSTALL_HINT
        )
    if OCR_LANGUAGE not in languages:
        raise MissingToolError(
            path, "its pages are images and Tesseract has no Vietnamese model", hint=INSTALL_HINT
        )


@functools.cache
def _tesseract_languages() -> frozenset[str] | None:
    if shutil.which("tesseract") is None:
        return None
    try:
        return frozenset(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractError, OSError, subprocess.SubprocessError):
        return None


def probe_image(path: str, limits: LoadLimits) -> LoadedDocument:
    """An image file's pages (TIFF frames), checked against the OCR budgets; no text yet.

    Raises:
        FileTooLargeError: too many pages or pixels.
        CorruptFileError: Pillow cannot read it.
    """
    with _opened_image(path, limits) as image:
        pages = 0
        for frame in ImageSequence.Iterator(image):
            pages += 1
            _check_pages(path, pages, limits)
            _check_pixels(path, frame.width, frame.height, pages, limits)
    return LoadedDocument(
        source=path, file_format="image", blocks=(), pages_without_text=tuple(range(1, pages + 1))
    )


def ocr_image_page(path: str, limits: LoadLimits, page: int) -> LoadedDocument:
    """OCR of page `page` (1-based) of an image file."""
    with _opened_image(path, limits) as image:
        try:
            image.seek(page - 1)
        except EOFError as err:
            raise CorruptFileError(path, f"it has no page {page}", hint=_REPAIR_HINT) from err
        _check_pixels(path, image.width, image.height, page, limits)
        text = _recognise(image, path, page, limits)
    return _page_document(path, "image", page, text)


def ocr_pdf_page(path: str, limits: LoadLimits, page: int) -> LoadedDocument:
    """OCR of page `page` (1-based) of a PDF, rendered at `limits.ocr_dpi`."""
    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as err:
        raise CorruptFileError(
            path, f"its pages cannot be rendered ({err})", hint=_REPAIR_HINT
        ) from err
    try:
        if not 1 <= page <= len(document):
            raise CorruptFileError(path, f"it has no page {page}", hint=_REPAIR_HINT)
        pdf_page = document[page - 1]
        width, height = pdf_page.get_size()
        scale = limits.ocr_dpi / _POINTS_PER_INCH
        _check_pixels(path, round(width * scale), round(height * scale), page, limits)
        image = pdf_page.render(scale=scale, grayscale=True).to_pil()
        text = _recognise(image, path, page, limits)
    finally:
        document.close()
    return _page_document(path, "pdf", page, text)


@contextmanager
def _opened_image(path: str, limits: LoadLimits) -> Iterator[Any]:
    # Opening reads the header only; each page's size is checked against
    # `max_image_pixels` before any pixel is decoded, so Pillow's own check (a warning,
    # then an error at twice its limit) would only repeat ours with less to say.
    Image.MAX_IMAGE_PIXELS = None
    try:
        with Image.open(path) as image:
            yield image
    except (UnidentifiedImageError, OSError, SyntaxError) as err:
        raise CorruptFileError(
            path, f"the image cannot be read ({err})", hint=_REPAIR_HINT
        ) from err


def _check_pages(path: str, pages: int, limits: LoadLimits) -> None:
    if pages > limits.max_ocr_pages:
        raise FileTooLargeError(
            path,
            f"more than {limits.max_ocr_pages} pages to OCR",
            hint="split the scan or raise LoadLimits.max_ocr_pages",
        )


def _check_pixels(path: str, width: int, height: int, page: int, limits: LoadLimits) -> None:
    if width * height > limits.max_image_pixels:
        raise FileTooLargeError(
            path,
            f"page {page} is {width}x{height} pixels (limit {limits.max_image_pixels})",
            hint=_BOMB_HINT,
        )


def grain(image: Any) -> float:
    """How grainy a greyscale page is (0 for a clean render; see `DENOISE_ABOVE`)."""
    gaps = ImageChops.difference(image, image.filter(ImageFilter.MedianFilter(3)))
    return float(ImageStat.Stat(gaps).mean[0])


def read_text(image: Any, *, timeout_s: float, denoise: bool | None = None) -> str:
    """Tesseract's text of one page image, a line per printed line.

    `denoise` True/False forces the median filter on or off; None reads a grainy page both
    ways and keeps the surer reading (see `DENOISE_ABOVE`).
    """
    deadline = time.monotonic() + timeout_s
    grey = image.convert("L")
    if denoise is not None:
        page = denoised(grey) if denoise else grey
        return read_page(page, timeout_s)[0]
    text, sureness = read_page(grey, timeout_s)
    if grain(grey) <= DENOISE_ABOVE:
        return text
    remaining = max(1.0, deadline - time.monotonic())
    filtered, filtered_sureness = read_page(denoised(grey), remaining)
    return filtered if filtered_sureness > sureness else text


def denoised(image: Any) -> Any:
    """The page through a 5x5 median filter: grain gone, strokes kept."""
    return image.filter(ImageFilter.MedianFilter(5))


def read_page(image: Any, timeout_s: float) -> tuple[str, float]:
    """The page's text and how sure Tesseract is of it (its word confidences summed).

    A sum, not a mean: a reading that lost whole lines is less sure by what it lost.
    """
    data = pytesseract.image_to_data(
        image,
        lang=OCR_LANGUAGE,
        config=_TESSERACT_CONFIG,
        timeout=timeout_s,
        output_type=pytesseract.Output.DICT,
    )
    lines: dict[tuple[int, int, int], list[str]] = {}
    sureness = 0.0
    for word, confidence, block, paragraph, line in zip(
        data["text"],
        data["conf"],
        data["block_num"],
        data["par_num"],
        data["line_num"],
        strict=True,
    ):
        if word.strip():
            lines.setdefault((block, paragraph, line), []).append(word)
            sureness += max(0.0, float(confidence))
    return "\n".join(" ".join(words) for words in lines.values()), sureness


def _recognise(image: Any, path: str, page: int, limits: LoadLimits) -> str:
    timeout = max(1.0, limits.ocr_timeout_s - _TIMEOUT_MARGIN_S)
    try:
        text = read_text(image, timeout_s=timeout)
    except RuntimeError as err:  # pytesseract's timeout
        raise FileTooLargeError(
            path,
            f"OCR of page {page} took longer than {timeout:g} s",
            hint="scan the page again at 300 dpi, or raise LoadLimits.ocr_timeout_s",
        ) from err
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError) as err:
        raise MissingToolError(
            path, f"Tesseract failed on page {page} ({err})", hint=INSTALL_HINT
        ) from err
    logger.info("OCR of %s page %d: %d characters", path, page, len(text))
    return text


def _page_document(path: str, file_format: str, page: int, text: str) -> LoadedDocument:
    lines = (unicodedata.normalize("NFC", line).rstrip() for line in text.splitlines())
    blocks = tuple(Block(text=line, page=page) for line in lines if line.strip())
    return LoadedDocument(source=path, file_format=file_format, blocks=blocks, ocr_pages=(page,))
