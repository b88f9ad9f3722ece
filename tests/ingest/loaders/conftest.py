"""Loader fixtures, generated once per session by tests/data/make_samples.py."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from ingest.loaders import load_document
from ingest.types import LoadedDocument
from tests.data.make_samples import Samples, write_samples

SAMPLES = Path(__file__).resolve().parents[3] / "samples" / "reports"


@pytest.fixture(scope="session")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Samples:
    return write_samples(tmp_path_factory.mktemp("loader-samples"))


def fold(text: str) -> str:
    """Lower-case, no diacritics, đ -> d: how tests compare text across formats."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", fold(text)))


@lru_cache(maxsize=64)
def loaded(path: Path) -> LoadedDocument:
    """Load once per session: documents are frozen, and each load starts a parser process."""
    return load_document(path)


# Run in a fresh interpreter whose PATH holds no program (no tesseract, no soffice); the
# parser process is started by absolute path, so only the external tools go missing.
_WITHOUT_TOOLS = """
import sys
from ingest.errors import MissingToolError
from ingest.loaders import load_document
try:
    document = load_document(sys.argv[1])
    print(sorted({b.page for b in document.blocks}), document.warnings)
except MissingToolError as err:
    print(err)
"""


def load_without_tools(path: Path) -> str:
    """What loading `path` prints on a machine without Tesseract and LibreOffice."""
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_TOOLS, str(path)],
        env={**os.environ, "PATH": "/nonexistent"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.stdout
