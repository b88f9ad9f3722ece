"""A separate writer process for lock and crash tests (run with `python -m`).

python -m tests.index.writer_child hold INDEX_DIR          # open, print READY, sleep
python -m tests.index.writer_child ingest INDEX_DIR FILE... # ingest, slowly, print DONE
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

from tests.fakes import HashEmbedder
from tests.index.handmade import open_handmade_index


class SlowHashEmbedder(HashEmbedder):
    """Gives a killer time to land between the writes of one file."""

    def embed_passages(self, texts: Sequence[str]):  # type: ignore[no-untyped-def]
        time.sleep(0.02)
        return super().embed_passages(texts)


def main(argv: list[str]) -> int:
    command, folder = argv[0], Path(argv[1])
    if command == "hold":
        with open_handmade_index(folder, HashEmbedder()):
            print("READY", flush=True)
            time.sleep(60)
        return 0
    with open_handmade_index(
        folder, SlowHashEmbedder(), cache_path=folder / "nocache.sqlite"
    ) as index:
        print("OPEN", flush=True)
        index.ingest(argv[2:])
    print("DONE", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
