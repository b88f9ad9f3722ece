"""Each unit's best chunks for a "which units …" question, from one pass over the corpus.

Lexical: BM25 scores every chunk once and each unit keeps its best (`best_per_group`).
Dense: one product of the query with every chunk's stored vector (`SweepVectors`), and
each unit keeps its nearest: exact, so a unit's pick does not depend on how many other
units are indexed. Dense is for questions whose words the reports do not use (an English
question over Vietnamese reports: its lexical best per unit is whichever chunk shares a
year or a name with it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np

from index.embedders import Embedder
from index.lexical import LexicalIndex, keep_per_group
from index.sweep_vectors import SweepVectors
from index.types import Hit
from index.unit_groups import Groups

if TYPE_CHECKING:
    from index.store import ChromaStore

SweepMode = Literal["lexical", "dense"]


def sweep_by_unit(
    query: str,
    *,
    mode: SweepMode,
    k: int,
    max_chunks: int | None,
    lexical: LexicalIndex,
    groups: Groups,
    store: ChromaStore,
    embedder: Embedder,
    vectors: SweepVectors,
) -> list[Hit]:
    """Hits, units by their best score, each unit's best first (see the module docstring).

    `groups` gives each lexical row's unit (-1: none, or not allowed by a filter).
    """
    if mode == "lexical":
        pairs = lexical.best_per_group(query, groups=groups, k=k, max_total=max_chunks)
    else:
        query_vector = np.asarray(embedder.embed_query(query), dtype=np.float32).reshape(-1)
        matrix = vectors.matrix(lexical)
        inside = np.flatnonzero(groups >= 0)
        scores = (matrix @ (query_vector / np.linalg.norm(query_vector)))[inside]
        kept = keep_per_group(scores, groups[inside], k=k, max_total=max_chunks)
        pairs = [(lexical.rows[int(inside[i])], float(scores[i])) for i in kept]
    found = {chunk.chunk_id: chunk for chunk in store.get(ids=[cid for cid, _ in pairs])}
    if mode == "lexical":
        return [Hit(found[cid], s, lexical_score=s) for cid, s in pairs if cid in found]
    return [Hit(found[cid], s, dense_score=s) for cid, s in pairs if cid in found]
