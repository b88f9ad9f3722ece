"""Reaching Chroma: an embedded store or a server (with auth), and the shared registry.

chromadb 1.5.9's HTTP server has a pre-auth RCE (CVE-2026-45829): baocao only connects
to one; see docs/chroma-server.md for where a server may run.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import chromadb
import chromadb.errors
from chromadb.config import Settings as ChromaSettings

from index.errors import IndexDamagedError, IndexingError, StoreUnavailableError

# Errors a reader or a client may see from Chroma that are worth reporting, not crashing on.
CHROMA_ERRORS = (chromadb.errors.ChromaError, RuntimeError)


def _auth_headers(token: str | None, basic_auth: str | None) -> dict[str, str]:
    if token:
        return {"Authorization": f"Bearer {token}", "X-Chroma-Token": token}
    if basic_auth:
        encoded = base64.b64encode(basic_auth.encode("utf-8")).decode("ascii")
        return {"Authorization": f"Basic {encoded}"}
    return {}


def connect(
    *, path: Path | None, url: str | None, token: str | None = None, basic_auth: str | None = None
) -> Any:
    """A Chroma client: embedded in `path`, or a server at `url` (auth via headers)."""
    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if url is None:
        if path is None:
            raise IndexingError("A local index needs a folder (--index DIR) or --chroma-url URL")
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=settings)
    parsed = urlparse(url if "://" in url else f"http://{url}")
    try:
        client = chromadb.HttpClient(
            host=parsed.hostname or "127.0.0.1",
            port=parsed.port or (443 if parsed.scheme == "https" else 8000),
            ssl=parsed.scheme == "https",
            headers=_auth_headers(token, basic_auth),
            settings=settings,
        )
        client.heartbeat()
    except (ValueError, OSError, *CHROMA_ERRORS) as err:
        raise StoreUnavailableError(
            f"Cannot reach the Chroma server at {url!r}: {err} - start it "
            "('chroma run --host 127.0.0.1 --path DIR') or check --chroma-url and its auth"
        ) from err
    return client


def probe_store(path: Path) -> int:
    """Open every collection of a local store, count it and run one query; returns chunks.

    Meant to run in a throw-away process (`index.health`): a corrupt HNSW segment kills
    the process that touches it instead of raising.
    """
    client = chromadb.PersistentClient(
        path=str(path), settings=ChromaSettings(anonymized_telemetry=False)
    )
    total = 0
    for item in client.list_collections():
        collection = client.get_collection(item if isinstance(item, str) else item.name)
        count = int(collection.count())
        total += count
        if count:
            _probe_self_retrieval(collection)
    return total


_PROBES = 50


def _probe_self_retrieval(collection: Any) -> None:
    """Stored vectors must find themselves: a truncated HNSW file loses them silently."""
    found: Any = collection.get(limit=2000, include=["embeddings"])["embeddings"]
    sample = [found[i] for i in range(0, len(found), max(1, len(found) // _PROBES))]
    result = collection.query(query_embeddings=sample, n_results=1, include=["distances"])
    # HNSW is approximate: allow a rare miss, not the mass loss of a damaged segment.
    misses = sum(1 for row in result["distances"] if not row or row[0] > 1e-3)
    if misses > max(1, len(sample) // 10):
        raise IndexDamagedError(
            f"{misses} of {len(sample)} stored vectors were not found by the vector index"
        )


REGISTRY_COLLECTION = "baocao_registry"


class ChromaRegistryMirror:
    """The report registry and parses on a Chroma server, shared by every app instance.

    Entries are records "entry:<id>" (the entry as JSON in metadata); parses are
    "parse:<id>" (JSON document). Vectors are a constant: this collection is never
    searched, and supplying them keeps Chroma from embedding anything itself.
    """

    def __init__(self, client: Any) -> None:
        self._collection = client.get_or_create_collection(
            REGISTRY_COLLECTION, embedding_function=None, metadata={"baocao": "registry"}
        )

    def write_entries(self, entries: Sequence[dict[str, Any]]) -> None:
        if entries:
            self._collection.upsert(
                ids=[f"entry:{item['report_id']}" for item in entries],
                embeddings=[[1.0]] * len(entries),
                metadatas=[{"kind": "entry", "entry": json.dumps(item)} for item in entries],
            )

    def write_parse(self, report_id: str, parse_json: str) -> None:
        self._collection.upsert(
            ids=[f"parse:{report_id}"],
            embeddings=[[1.0]],
            documents=[parse_json],
            metadatas=[{"kind": "parse"}],
        )

    def read_entries(self) -> list[dict[str, Any]]:
        found = self._collection.get(where={"kind": "entry"}, include=["metadatas"])
        return [json.loads(str(meta["entry"])) for meta in found["metadatas"] or []]

    def read_parse(self, report_id: str) -> str | None:
        found = self._collection.get(ids=[f"parse:{report_id}"], include=["documents"])
        documents = found["documents"] or []
        return str(documents[0]) if documents and documents[0] else None

    def delete(self, report_ids: Sequence[str]) -> None:
        if report_ids:
            ids = [f"{kind}:{rid}" for rid in report_ids for kind in ("entry", "parse")]
            self._collection.delete(ids=ids)
