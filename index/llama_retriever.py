"""baocao's retrieval as a llama-index retriever, for analysts' own query engines.

`BaocaoRetriever` runs `ReportIndex.search` (Vietnamese hybrid search: dense e5 vectors
and BM25 over syllables, folded and not, fused; section-bounded chunks) and returns
llama-index `NodeWithScore`s whose metadata name the unit, report, section and page, so
a llama-index engine can cite as baocao does. llama-index types stay in this module.

Example (`examples/llama_index_query.py` runs it against a local LLM server)::

    from llama_index.core.query_engine import RetrieverQueryEngine
    index = ReportIndex.open("data/index", read_only=True)
    engine = RetrieverQueryEngine.from_args(BaocaoRetriever(index), llm=my_llm)
    engine.query("Xã nào đề nghị hỗ trợ nước sinh hoạt?")
"""

from __future__ import annotations

from typing import Any

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from index.types import Hit
from ingest.types import Chunk

# Metadata keys llama-index shows the LLM with each node (the rest stay for citations).
_SHOWN = ("commune", "unit_kind", "doc_type", "date", "section")


class BaocaoRetriever(BaseRetriever):
    """Top `k` chunks of a `ReportIndex` for a query, as llama-index nodes."""

    def __init__(self, index: Any, *, k: int = 5, mode: str = "hybrid") -> None:
        super().__init__()
        self._index = index
        self._k = k
        self._mode = mode

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        hits = self._index.search(query_bundle.query_str, k=self._k, mode=self._mode)
        return [node_from_hit(hit) for hit in hits]


def node_from_hit(hit: Hit) -> NodeWithScore:
    """A hit as a llama-index node: the chunk's text, its provenance as metadata."""
    return NodeWithScore(node=chunk_to_node(hit.chunk), score=hit.score)


def chunk_to_node(chunk: Chunk) -> TextNode:
    metadata = {
        "commune": chunk.metadata.commune or "",
        "unit_kind": chunk.metadata.unit_kind or "",
        "doc_type": chunk.metadata.doc_type or "",
        "number": chunk.metadata.number or "",
        "date": chunk.metadata.date or "",
        "report_id": chunk.report_id,
        "source": chunk.source,
        "section": chunk.label,
        "labels": list(chunk.labels),
        "heading_path": list(chunk.heading_path),
        "page": chunk.page_start,
    }
    hidden = [key for key in metadata if key not in _SHOWN]
    return TextNode(
        id_=chunk.chunk_id,
        text=chunk.text,
        metadata=metadata,
        excluded_llm_metadata_keys=hidden,
        excluded_embed_metadata_keys=list(metadata),
    )
