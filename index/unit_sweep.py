"""Each unit's best chunks for a "which units …" question, from one pass over the corpus.

Lexical: BM25 scores every chunk once and each unit keeps its best (`best_per_group`).
Dense: one nearest-neighbour query returns the `DENSE_SWEEP_POOL` nearest chunk ids
(ids only, no text), and each unit keeps its nearest among them. Dense is for questions
whose words the reports do not use (an English question over Vietnamese reports: its
lexical best per unit is whichever chunk shares a year or a name with it).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Literal

import numpy as np

from index.embedders import Embedder
from index.lexical import LexicalIndex, keep_per_group
from index.types import Hit
from index.unit_groups import Groups

if TYPE_CHECKING:
    from index.store import ChromaStore

SweepMode = Literal["lexical", "dense"]
# Nearest chunks one dense sweep reads (ids and distances only). Chosen by
# bench/bench_dense_sweep.py (bench/RESULTS.md, "A dense sweep by unit"), 1,000 units,
# 92,015 chunks: the units holding the answer whose pick is their exact nearest body chunk,
# 0.739 at 2,000, 0.913 at 4,000 and at 8,000; the sweep's p50 113 / 122 / 140 ms.
DENSE_SWEEP_POOL = 4000


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
    report_ids: Collection[str] | None,
    pool: int = DENSE_SWEEP_POOL,
) -> list[Hit]:
    """Hits, units by their best score, each unit's best first (see the module docstring).

    `groups` gives each lexical row's unit (-1: none or not allowed); `report_ids` keeps
    the dense query to the reports a filter allows.
    """
    if mode == "lexical":
        pairs = lexical.best_per_group(query, groups=groups, k=k, max_total=max_chunks)
    else:
        nearest = store.nearest_ids(embedder.embed_query(query), k=pool, report_ids=report_ids)
        rows = lexical.rows_of([cid for cid, _ in nearest])
        inside = np.flatnonzero(rows >= 0)
        inside = inside[groups[rows[inside]] >= 0]
        scores = np.array([nearest[i][1] for i in inside], dtype=np.float64)
        kept = keep_per_group(scores, groups[rows[inside]], k=k, max_total=max_chunks)
        pairs = [nearest[int(inside[i])] for i in kept]
    found = {chunk.chunk_id: chunk for chunk in store.get(ids=[cid for cid, _ in pairs])}
    if mode == "lexical":
        return [Hit(found[cid], s, lexical_score=s) for cid, s in pairs if cid in found]
    return [Hit(found[cid], s, dense_score=s) for cid, s in pairs if cid in found]
