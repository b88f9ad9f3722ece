# One command runs the assistant, one runs every check (what CI runs).
#   make run     set up, index the bundled sample reports, open the web UI on :7860
#   make check   set up (dev tools, torch CPU, Chromium, Tesseract, LibreOffice), then checks
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
INDEX ?= data/index
SAMPLES ?= samples/reports/docx
PORT ?= 7860
# Scans are read by Tesseract with its Vietnamese model, Word 97 .doc files by LibreOffice
# (optional for `make run`: without them those files are refused with this install line).
READER_PACKAGES := tesseract-ocr tesseract-ocr-vie libreoffice-writer-nogui
# Browser tests drive Debian's Chromium; PDF fixtures use DejaVu fonts; strace proves no
# outbound connections; the OCR and .doc tests read real scans and Word 97 files.
DEBIAN_PACKAGES := chromium fonts-dejavu-core strace $(READER_PACKAGES)

.PHONY: run setup setup-dev check fmt fmt-check lint types test eval bench ui clean

$(VENV)/.runtime: pyproject.toml
	@echo "[1/3] Creating $(VENV) and installing baocao with its libraries (1-3 minutes)..."
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@echo "[2/3] Checking the programs that read scans and .doc files..."
	@missing=""; for pkg in $(READER_PACKAGES); do \
	  dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "      installing$$missing (a few minutes)..."; \
	    apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	  else echo "To read scans and .doc files: sudo apt-get install$$missing"; fi; fi
	touch $@

# torch first, pinned to the local CPU build: otherwise sentence-transformers pulls CUDA.
$(VENV)/.dev: $(VENV)/.runtime
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev,st]'
	@missing=""; for pkg in $(DEBIAN_PACKAGES); do \
	  dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Install for the tests: sudo apt-get install$$missing"; exit 1; fi; fi
	touch $@

setup: $(VENV)/.runtime
setup-dev: $(VENV)/.dev

run: setup
	@echo "[3/3] Indexing the sample reports into $(INDEX), then starting the web app..."
	$(BIN)/baocao ingest $(SAMPLES) --index $(INDEX)
	$(BIN)/baocao serve --index $(INDEX) --port $(PORT)

ui: run

check: setup-dev fmt-check lint types test

fmt:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

fmt-check: setup-dev
	$(BIN)/ruff format --check .

lint: setup-dev
	$(BIN)/ruff check .

types: setup-dev
	$(BIN)/mypy

test: setup-dev
	$(BIN)/pytest

eval: setup
	$(BIN)/baocao ingest $(SAMPLES) --index $(INDEX)
	$(BIN)/baocao eval evals/questions/dev.jsonl --index $(INDEX)

bench: setup-dev
	for script in bench/bench_*.py; do $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
