"""Generate the loader fixtures into a directory: `python -m tests.data.make_samples DIR`.

Used from pytest through `tmp_path_factory` (see tests/ingest/loaders/conftest.py), so
nothing generated is committed. Needs fpdf2 (dev extra) and fonts-dejavu-core.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from tests.data import docx_fixtures as D
from tests.data import pdf_fixtures as P
from tests.data.hostile import Expect, write_hostile

PDF_HIDDEN_KINDS = ("invisible", "white", "tiny", "offpage", "clipped")


@dataclass(frozen=True)
class Samples:
    structured_pdf: Path
    numbered_docx: Path
    hidden: dict[str, Path]  # "pdf-white", "docx-vanish", ...
    hostile: dict[Path, Expect]


def write_samples(directory: Path) -> Samples:
    """Write every fixture under `directory` and say what each should load as."""
    directory.mkdir(parents=True, exist_ok=True)
    hidden: dict[str, Path] = {}
    for kind in PDF_HIDDEN_KINDS:
        hidden[f"pdf-{kind}"] = P.write_hidden_pdf(directory / f"hidden_{kind}.pdf", kind)
    for kind in D.DOCX_HIDDEN_KINDS:
        hidden[f"docx-{kind}"] = D.write_hidden_docx(directory / f"hidden_{kind}.docx", kind)
    expectations = write_hostile(directory / "hostile")
    return Samples(
        structured_pdf=P.write_structured_pdf(directory / "structured.pdf"),
        numbered_docx=D.write_numbered_docx(directory / "numbered.docx"),
        hidden=hidden,
        hostile={directory / "hostile" / name: expect for name, expect in expectations.items()},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("directory", type=Path)
    samples = write_samples(parser.parse_args().directory)
    print(f"wrote {2 + len(samples.hidden) + len(samples.hostile)} files")


if __name__ == "__main__":
    main()
