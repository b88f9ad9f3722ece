"""Error text for people: one line, no traceback, no server-side paths."""

from __future__ import annotations

import re

# A quoted absolute path ('/srv/data/index' or 'C:\data\x.docx'): keep only its last part.
_QUOTED_PATH = re.compile(r"""(['"])(?:/|[A-Za-z]:\\)[^'"]*?([^/\\'"]*)\1""")
_BARE_PATH = re.compile(r"(?<![\w.:/])/(?:[\w.\-]+/)+([\w.\-]*)")


def one_line(err: BaseException) -> str:
    """The first line of `err`'s message with file-system paths cut to their file name."""
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    text = _QUOTED_PATH.sub(lambda m: f"{m.group(1)}{m.group(2) or '…'}{m.group(1)}", text)
    return _BARE_PATH.sub(lambda m: m.group(1) or "…", text)
