"""Error text for people: one line, no traceback, no server-side paths."""

from __future__ import annotations

import re

from ui.i18n import LABELS, t

# A quoted absolute path ('/srv/data/index' or 'C:\data\x.docx'): keep only its last part.
_QUOTED_PATH = re.compile(r"""(['"])(?:/|[A-Za-z]:\\)[^'"]*?([^/\\'"]*)\1""")
_BARE_PATH = re.compile(r"(?<![\w.:/])/(?:[\w.\-]+/)+([\w.\-]*)")


def one_line(err: BaseException) -> str:
    """The first line of `err`'s message with file-system paths cut to their file name."""
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    text = _QUOTED_PATH.sub(lambda m: f"{m.group(1)}{m.group(2) or '…'}{m.group(1)}", text)
    return _BARE_PATH.sub(lambda m: m.group(1) or "…", text)


def failure_reason(kind: str, error: str, lang: str) -> str:
    """Why a file was not added, in `lang`: the indexer's English line said in Vietnamese
    for the conditions it names (`FailedFile.kind`), as it is otherwise."""
    key = f"why_{kind}"
    if lang != "vi" or key not in LABELS:
        return error
    return t(key, lang)
