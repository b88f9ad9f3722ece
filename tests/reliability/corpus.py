"""Many realistic reports for crash and concurrency tests, made from the five samples.

Each generated file is one of samples/reports/text with its commune renamed (accented,
upper-case and unaccented spellings) and its figures shifted, so every file parses into
a distinct report with the real ingest pipeline. Section labels ("I.", "1.2.", "a)") keep
their numbers: only figures inside the text change.

    python -m tests.reliability.corpus OUT_DIR [COUNT]
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

from ingest import fold, load_report

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "reports" / "text"
NEW_COMMUNES = (
    "Tam Chung",
    "Pù Nhi",
    "Nhi Sơn",
    "Trung Lý",
    "Quang Chiểu",
    "Sơn Thủy",
    "Na Mèo",
    "Sơn Điện",
    "Mường Mìn",
    "Trung Hạ",
    "Tam Thanh",
    "Mường Chanh",
)
# A line's own numbering (markdown hashes, then "II.", "1.2.", "a)") is left alone.
_LABEL = re.compile(r"^\s*(#+\s*)?(([IVXLC]+|\d+(\.\d+)*)\.|[a-zđ]\))?\s*")
_FIGURE = re.compile(r"\d+")


def sample_communes() -> list[tuple[Path, str]]:
    """Each sample text file with the commune its parse names."""
    found = []
    for path in sorted(SAMPLES.glob("*.txt")):
        commune = load_report(path).metadata.commune
        assert commune, f"sample {path.name} names no commune"
        found.append((path, commune))
    return found


def vary_text(text: str, *, commune: str, new_commune: str, shift: int) -> str:
    """`text` about `new_commune` instead of `commune`, every figure raised by `shift`."""
    text = unicodedata.normalize("NFC", text)
    spellings = {
        commune: new_commune,
        commune.upper(): new_commune.upper(),
        fold(commune).title(): fold(new_commune).title(),
    }
    for old, new in spellings.items():
        text = text.replace(old, new)
    return "\n".join(_shift_line(line, shift) for line in text.split("\n"))


def _shift_line(line: str, shift: int) -> str:
    label = _LABEL.match(line)
    head = label.group(0) if label else ""
    # Keep leading zeros and width ("8.026" stays a well-formed figure).
    rest = _FIGURE.sub(
        lambda m: str(int(m.group(0)) + shift).zfill(len(m.group(0))), line[len(head) :]
    )
    return head + rest


def write_corpus(folder: Path, count: int) -> list[Path]:
    """Write `count` distinct reports (r00.txt ...) into `folder`; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    samples = sample_communes()
    paths = []
    for number in range(count):
        source, commune = samples[number % len(samples)]
        new_commune = NEW_COMMUNES[(number // len(samples)) % len(NEW_COMMUNES)]
        shift = 1 + number // (len(samples) * len(NEW_COMMUNES))
        text = vary_text(
            source.read_text(encoding="utf-8"),
            commune=commune,
            new_commune=new_commune,
            shift=shift,
        )
        path = folder / f"r{number:02d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def revise(path: Path, *, shift: int) -> None:
    """Change a file's figures in place (the next ingest is an update)."""
    text = path.read_text(encoding="utf-8")
    path.write_text("\n".join(_shift_line(line, shift) for line in text.split("\n")), "utf-8")


if __name__ == "__main__":
    out = Path(sys.argv[1])
    written = write_corpus(out, int(sys.argv[2]) if len(sys.argv) > 2 else 60)
    print(f"wrote {len(written)} reports to {out}")
