"""Loader fixtures, generated once per session by tests/data/make_samples.py."""

from __future__ import annotations

import re
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
