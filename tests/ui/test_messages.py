from __future__ import annotations

import pytest

from ui.messages import one_line


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "No report 'ab' in '/srv/data/index' - list them",
            "No report 'ab' in 'index' - list them",
        ),
        ("Cannot ingest '/srv/up/1f/x.docx': broken\n  File ...", "Cannot ingest 'x.docx': broken"),
        ("bad file /tmp/a/b/c.pdf here", "bad file c.pdf here"),
        ("Cannot ingest 'C:\\data\\q3.xlsx': unsupported", "Cannot ingest 'q3.xlsx': unsupported"),
        ("see http://127.0.0.1/x/y", "see http://127.0.0.1/x/y"),
        ("", "ValueError"),
    ],
)
def test_one_line_hides_paths_and_tracebacks(message: str, expected: str) -> None:
    assert one_line(ValueError(message)) == expected
