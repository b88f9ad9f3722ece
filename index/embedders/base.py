"""The Embedder protocol: the one extension point for embedding models."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors.

    `model_id` is recorded in the index; opening an index with a different id is refused.
    """

    @property
    def model_id(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        """Embed documents; returns shape (len(texts), dimension)."""
        ...

    def embed_query(self, text: str) -> Vectors:
        """Embed one search query; returns shape (dimension,)."""
        ...

    def count_tokens(self, text: str) -> int:
        """Tokens the model would read for `text` as a passage (used to size chunks)."""
        ...
