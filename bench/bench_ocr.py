"""OCR of the sample reports as scans: character error rate and pages per second (issue 14).

    python bench/bench_ocr.py [--pages N] [--scans OUT] [--no-write]

Every page of the five sample PDFs is rendered to an image (its text layer is the
reference), degraded the way scans are (200 or 300 dpi; tilted 1.5 degrees with grain
and a grey background), and read back through baocao's own OCR path
(`ingest.loaders.ocr.ocr_image_page`, Tesseract `vie`). The error rate is the edit
distance over the reference's characters after collapsing white space; the rate with
tone marks and accents removed from both tells how many errors are tone marks.
`--scans OUT` also writes image-only PDFs of the samples at 300 dpi (for
`baocao eval` over scans). `--sweep N` reads the first N pages of every variant with and
without the median filter and chooses the grain above which pages are filtered
(`ingest.loaders.ocr.DENOISE_ABOVE`).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import re
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
from PIL import Image, ImageFilter
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import write_section  # noqa: E402  (after the path fix above)
from ingest.folding import fold  # noqa: E402
from ingest.loaders.limits import DEFAULT_LIMITS  # noqa: E402
from ingest.loaders.ocr import (  # noqa: E402
    DENOISE_ABOVE,
    denoised,
    grain,
    ocr_image_page,
    read_page,
)

SAMPLES = ROOT / "samples" / "reports" / "pdf"
# As in the parser process (ingest.loaders.sandbox): with two OpenMP threads on this
# 2-core machine a page took ~14 s (mostly spin-waiting), with one ~1.6 s.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Variant:
    name: str
    dpi: int
    degrade: Callable[[Image.Image, random.Random], Image.Image]


def _clean(image: Image.Image, _: random.Random) -> Image.Image:
    return image


def _tilted_noisy(image: Image.Image, rng: random.Random) -> Image.Image:
    """A page as an office scanner gives it: tilted, grainy, on grey paper."""
    tilted = image.rotate(1.5, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    grain = Image.effect_noise(tilted.size, 40).filter(ImageFilter.GaussianBlur(0.6))
    seed_shift = rng.randint(0, 8)
    paper = Image.eval(tilted, lambda value: min(value, 235 - seed_shift))
    return Image.blend(paper, grain, 0.12)


def _worn(image: Image.Image, rng: random.Random) -> Image.Image:
    """A worn copy scanned at 200 dpi: heavy grain, saved as a poor JPEG."""
    worn = Image.blend(image, Image.effect_noise(image.size, 70), 0.2)
    buffer = io.BytesIO()
    worn.save(buffer, format="JPEG", quality=35 + rng.randint(0, 5))
    return Image.open(io.BytesIO(buffer.getvalue())).convert("L")


def _photocopy(image: Image.Image, rng: random.Random) -> Image.Image:
    """The worn copy, tilted 3 degrees on the scanner."""
    tilted = image.rotate(-3.0, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    return _worn(tilted, rng)


VARIANTS = (
    Variant("300 dpi, clean", 300, _clean),
    Variant("200 dpi, clean", 200, _clean),
    Variant("300 dpi, tilted 1.5°, grain, grey paper", 300, _tilted_noisy),
    Variant("200 dpi, heavy grain, JPEG quality ~35", 200, _worn),
    Variant("200 dpi, tilted 3°, heavy grain, JPEG quality ~35", 200, _photocopy),
)


def normalise(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def error_rate(reference: str, read: str) -> float:
    return Levenshtein.distance(reference, read) / max(1, len(reference))


def pages() -> list[tuple[str, pypdfium2.PdfPage]]:
    found = []
    for path in sorted(SAMPLES.glob("*.pdf")):
        document = pypdfium2.PdfDocument(path)
        found.extend((f"{path.name} p{i + 1}", document[i]) for i in range(len(document)))
    return found


def scanned(
    variant: Variant, sample: list[tuple[str, pypdfium2.PdfPage]], rng: random.Random
) -> Iterator[tuple[str, str, Image.Image]]:
    """Each page's name, its text layer (the reference) and its image as `variant` scans it."""
    for name, page in sample:
        reference = normalise(page.get_textpage().get_text_range())
        image = page.render(scale=variant.dpi / 72, grayscale=True).to_pil().convert("L")
        yield name, reference, variant.degrade(image, rng)


def measure(variant: Variant, sample: list[tuple[str, pypdfium2.PdfPage]], work: Path) -> str:
    errors = folded_errors = characters = 0.0
    seconds = 0.0
    for name, reference, image in scanned(variant, sample, random.Random(14)):
        path = work / "page.png"
        image.save(path, dpi=(variant.dpi, variant.dpi))
        started = time.perf_counter()
        read = normalise(
            " ".join(b.text for b in ocr_image_page(str(path), DEFAULT_LIMITS, 1).blocks)
        )
        seconds += time.perf_counter() - started
        errors += Levenshtein.distance(reference, read)
        folded_errors += Levenshtein.distance(fold(reference), fold(read))
        characters += len(reference)
        print(f"  {variant.name} {name}: {error_rate(reference, read):.3f}", file=sys.stderr)
    return (
        f"| {variant.name} | {len(sample)} | {errors / characters:.4f} | "
        f"{folded_errors / characters:.4f} | {len(sample) / seconds:.2f} |"
    )


def sweep(sample: list[tuple[str, pypdfium2.PdfPage]]) -> str:
    """Error rate over every variant's pages when pages grainier than a cut-off are read
    twice (as they are and median-filtered) and the surer reading is kept."""
    rng = random.Random(14)
    rows: list[tuple[float, int, float, int, float, int]] = []
    for variant in VARIANTS:
        for name, reference, image in scanned(variant, sample, rng):
            raw, raw_sure = read_page(image, 120)
            filtered, filtered_sure = read_page(denoised(image), 120)
            rows.append(
                (
                    grain(image),
                    Levenshtein.distance(reference, normalise(raw)),
                    raw_sure,
                    Levenshtein.distance(reference, normalise(filtered)),
                    filtered_sure,
                    len(reference),
                )
            )
            print(f"  sweep {variant.name} {name}: grain {rows[-1][0]:.2f}", file=sys.stderr)
    characters = sum(row[-1] for row in rows)
    lines = [
        "| read twice above grain | error rate, all variants | pages read twice |",
        "|---|---|---|",
    ]
    always_filtered = sum(row[3] for row in rows) / characters
    for cut in (0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, float("inf")):
        errors = sum(
            (filtered if filtered_sure > raw_sure else raw) if value > cut else raw
            for value, raw, raw_sure, filtered, filtered_sure, _ in rows
        )
        twice = sum(row[0] > cut for row in rows) / len(rows)
        marker = " (shipped)" if cut == DENOISE_ABOVE else ""
        lines.append(f"| {cut:g}{marker} | {errors / characters:.4f} | {twice:.2f} |")
    spans = [rows[i : i + len(sample)] for i in range(0, len(rows), len(sample))]
    by_variant = [
        f"{variant.name}: grain {min(r[0] for r in chunk):.2f}-{max(r[0] for r in chunk):.2f}, "
        f"error rate as read {sum(r[1] for r in chunk) / sum(r[-1] for r in chunk):.4f}, "
        f"filtered {sum(r[3] for r in chunk) / sum(r[-1] for r in chunk):.4f}"
        for variant, chunk in zip(VARIANTS, spans, strict=True)
    ]
    return "\n".join(
        [
            f"The first {len(sample)} sample pages in each variant above, each read as it is "
            "and through a 5x5 median filter; above the cut-off both readings are made and "
            "the one with the larger sum of Tesseract's word confidences is kept. Always "
            f"filtering: error rate {always_filtered:.4f}.",
            "",
            *lines,
            "",
            *(f"- {line}" for line in by_variant),
        ]
    )


def write_scans(out: Path, dpi: int = 300) -> None:
    """Image-only PDFs of the sample reports: each page an image, no text layer."""
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(SAMPLES.glob("*.pdf")):
        document = pypdfium2.PdfDocument(path)
        images = [
            document[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            for i in range(len(document))
        ]
        images[0].save(out / path.name, save_all=True, append_images=images[1:], resolution=dpi)
        print(f"wrote {out / path.name} ({len(images)} pages)", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=0, help="Only the first N pages (0: all).")
    parser.add_argument("--scans", type=Path, help="Also write image-only sample PDFs here.")
    parser.add_argument("--no-write", action="store_true", help="Do not update RESULTS.md.")
    parser.add_argument(
        "--sweep", type=int, default=0, help="Sweep the denoise cut-off on N pages."
    )
    args = parser.parse_args()
    if args.scans:
        write_scans(args.scans)
    if args.sweep:
        body = sweep(pages()[: args.sweep])
        print(body)
        if not args.no_write:
            command = f"python bench/bench_ocr.py --sweep {args.sweep}"
            write_section("ocr-denoise", "OCR: grainy pages read twice", command, body)
        return 0
    sample = pages()[: args.pages or None]
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for variant in VARIANTS:
            rows.append(measure(variant, sample, Path(work)))
    body = "\n".join(
        [
            "Character error rate of baocao's OCR (Tesseract `vie`, LSTM engine, one thread) on "
            "every page of the five sample PDFs rendered to images; reference = the PDF's text "
            "layer, white space collapsed. 'Without marks' compares both texts with tone marks "
            "and accents removed: the difference is what tone marks cost.",
            "",
            "| scan | pages | error rate | without marks | pages/s |",
            "|---|---|---|---|---|",
            *rows,
        ]
    )
    print(body)
    if not args.no_write:
        command = "python bench/bench_ocr.py" + (f" --pages {args.pages}" if args.pages else "")
        write_section("ocr", "OCR of scanned reports", command, body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
