"""Where an index's vector store lives, opened only when first needed; an index's parts.

Importing chromadb costs about a second; `baocao ingest` of unchanged files, `reports`
and the web app's start-up never touch the store, so they skip it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.build import Builder, ChunkReport, LoadReport, default_chunker, default_loader
from index.cache import EmbeddingCache
from index.chunk_copies import COPIES_FILE, ChunkCopies
from index.embedders import Embedder
from index.errors import EmbedderMismatchError
from index.passage_vectors import PassageVectors
from index.registry import Registry

if TYPE_CHECKING:
    from index.store import ChromaStore


@dataclass(frozen=True, slots=True)
class StoreSpec:
    """How to reach the store: a local folder, or a Chroma server with optional auth."""

    folder: Path
    chroma_url: str | None = None
    token: str | None = None
    basic_auth: str | None = None
    is_read_only: bool = False
    accept_any_embedder: bool = False

    @property
    def where(self) -> str:
        """The CLI option naming this index, for messages."""
        return f"--chroma-url {self.chroma_url}" if self.chroma_url else f"--index {self.folder}"

    def client(self) -> Any:
        from index.chroma_server import connect

        return connect(
            path=self.folder / "chroma",
            url=self.chroma_url,
            token=self.token,
            basic_auth=self.basic_auth,
        )

    def open(self, embedder: Embedder, client: Any | None = None) -> ChromaStore:
        from index.store import ChromaStore

        return ChromaStore(
            client if client is not None else self.client(),
            embedder=embedder,
            where=self.where,
            is_read_only=self.is_read_only,
            accept_any_embedder=self.accept_any_embedder,
            # A server's chunks can change from another machine (index/chunk_copies.py).
            copies=None
            if self.chroma_url
            else ChunkCopies(self.folder / COPIES_FILE, is_read_only=self.is_read_only),
        )


def registry_and_store(
    spec: StoreSpec, embedder: Embedder
) -> tuple[Registry, Callable[[], ChromaStore]]:
    """The registry, and how to open the store: now on a server, on first use locally."""
    registry = Registry.load(spec.folder)
    if spec.chroma_url is None:
        built_with = registry.embedder_id
        if built_with and built_with != embedder.model_id and not spec.accept_any_embedder:
            raise EmbedderMismatchError(
                f"The index ({spec.where}) was built with embedder {built_with!r}, not "
                f"{embedder.model_id!r} - open it with --embedder {built_with} or run "
                f"'baocao reindex {spec.where} --embedder NAME' to rebuild it"
            )
        return registry, lambda: spec.open(embedder)

    from index.chroma_server import ChromaRegistryMirror

    client = spec.client()
    store = spec.open(embedder, client)  # fail now if the server is down or mismatched
    registry.attach(ChromaRegistryMirror(client))
    return registry, lambda: store


def open_parts(
    spec: StoreSpec,
    *,
    embedder: Embedder,
    cache_file: Path,
    chunk_tokens: int,
    load_report: LoadReport | None,
    chunk_report: ChunkReport | None,
) -> tuple[Builder, PassageVectors]:
    """The builder (registry, store, embedding cache) and passage vectors `spec` opens."""
    registry, open_store = registry_and_store(spec, embedder)
    builder = Builder(
        open_store=open_store,
        registry=registry,
        embedder=embedder,
        # Readers embed nothing but queries; they must not write into the folder.
        cache=None if spec.is_read_only else EmbeddingCache(cache_file),
        chunk_tokens=chunk_tokens,
        load_report=load_report or default_loader(),
        chunk_report=chunk_report or default_chunker(),
    )
    passages = (
        PassageVectors(embedder, builder.cache)
        if builder.cache is not None
        else PassageVectors.reading(embedder, cache_file)
    )
    return builder, passages
