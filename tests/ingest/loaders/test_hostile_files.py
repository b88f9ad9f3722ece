"""Every hostile or odd file gives one line naming it, or the right text, within budget."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.errors import FileTooLargeError, IngestError
from ingest.loaders import LoadLimits, load_document
from tests.data.hostile import HOSTILE
from tests.data.make_samples import Samples
from tests.ingest.loaders.conftest import fold

MAX_SECONDS = 35.0
MAX_RSS_MB = 500


def test_corpus_is_large_enough(samples: Samples) -> None:
    assert len(samples.hostile) >= 30


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file(samples: Samples, name: str) -> None:
    path = next(path for path in samples.hostile if path.name == name)
    expect = samples.hostile[path]
    started = time.monotonic()
    try:
        document = load_document(path)
    except IngestError as err:
        message = str(err)
        assert expect.error in (type(err).__name__, "any"), message
        assert "\n" not in message
        assert str(path) in message
        assert " - " in message  # the next step follows the problem
    else:
        assert expect.error in (None, "any"), f"{name} loaded but should raise {expect.error}"
        text = fold(" ".join(block.text for block in document.blocks))
        assert fold(expect.text) in text
        assert "\0" not in text
    assert time.monotonic() - started <= MAX_SECONDS


def test_time_budget_kills_the_parser(samples: Samples) -> None:
    """With the character budget out of the way, the clock must stop the shared stream."""
    path = next(path for path in samples.hostile if path.name == "shared_stream.pdf")
    limits = LoadLimits(max_chars=10**9, timeout_s=1.5)
    started = time.monotonic()
    with pytest.raises(FileTooLargeError, match=r"longer than 1\.5 s"):
        load_document(path, limits=limits)
    assert time.monotonic() - started < 5
    # The killed parser is replaced: the next file parses normally.
    assert load_document(samples.structured_pdf).blocks


def test_memory_cap_stops_the_parser(samples: Samples) -> None:
    path = next(path for path in samples.hostile if path.name == "shared_stream.pdf")
    limits = LoadLimits(max_chars=10**9, max_memory_mb=120)
    with pytest.raises(IngestError) as caught:
        load_document(path, limits=limits)
    assert "memory" in str(caught.value) or "crashed" in str(caught.value)


_RSS_PROBE = """
import json, resource, sys
from pathlib import Path
from ingest.errors import IngestError
from ingest.loaders import load_document, sandbox
for name in sys.argv[1:]:
    try:
        load_document(Path(name))
    except IngestError:
        pass
sandbox.shutdown()  # children count once reaped
# VmHWM, not RUSAGE_SELF: ru_maxrss survives exec, so it would report pytest's own peak.
status = Path("/proc/self/status").read_text()
own = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))) / 1024
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"self": own, "children": children}))
"""


def test_peak_memory_of_parsing_hostile_files(samples: Samples) -> None:
    paths = [str(path) for path in samples.hostile]
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run(
        [sys.executable, "-c", _RSS_PROBE, *paths],
        capture_output=True, text=True, timeout=600, cwd=root, check=True,
    )  # fmt: skip
    peaks = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"peak RSS MB: {peaks}")  # shown with -s; quoted in the closing note
    assert peaks["self"] < MAX_RSS_MB
    assert peaks["children"] < MAX_RSS_MB
