"""Python's cyclic garbage collector, set for a process answering questions.

A list question over a province keeps tens of thousands of small objects (passages,
chunks, features) alive while it scores them. With CPython's default of a young
collection every 700 allocations they outlive two collections, are promoted to the old
generation, and soon trigger a full collection that walks every object in memory, the
corpus included: 100-300 ms pauses in the middle of questions.
"""

from __future__ import annotations

import gc

# Allocations between young collections, chosen by bench/bench_gc_pauses.py
# (bench/RESULTS.md "Garbage collection during questions").
YOUNG_THRESHOLD = 50_000


def tune_collector(young: int = YOUNG_THRESHOLD) -> None:
    """Collect the young generation every `young` allocations (process-wide)."""
    _, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, old)
