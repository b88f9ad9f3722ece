"""Word 97-2003 (.doc) files: converted to DOCX by LibreOffice, then read as any DOCX.

LibreOffice (Debian: libreoffice-writer-nogui) keeps Word's automatic numbering and the
Vietnamese text through the conversion: the five sample reports saved as .doc and
converted back parse into the same sections, texts and metadata as their DOCX
(tests/ingest/loaders/test_doc.py). It runs as its own process with a private profile
(so conversions never share state), under the parser's time budget and an
address-space cap; the DOCX it writes then goes through the sandboxed DOCX parser.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path

from ingest.errors import CorruptFileError, FileTooLargeError, MissingToolError
from ingest.loaders.limits import MB, LoadLimits

logger = logging.getLogger(__name__)

INSTALL_HINT = (
    "install LibreOffice's Writer: sudo apt-get install libreoffice-writer-nogui "
    "(or save the file as .docx in Word)"
)
# LibreOffice maps far more address space than it touches; the parser's cap would stop
# it starting. This cap still stops a crafted file from taking the machine's memory.
_OFFICE_MEMORY_MB = 4096


def office_binary() -> str | None:
    """The LibreOffice program, when installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_doc(path: str, folder: Path, limits: LoadLimits) -> Path:
    """Convert the .doc at `path` into a DOCX inside `folder`; returns the DOCX's path.

    Raises:
        MissingToolError: LibreOffice is not installed.
        FileTooLargeError: the conversion ran over `limits.timeout_s`.
        CorruptFileError: LibreOffice could not read the file.
    """
    program = office_binary()
    if program is None:
        raise MissingToolError(path, "it is a Word 97-2003 file (.doc)", hint=INSTALL_HINT)
    source = folder / "input.doc"
    shutil.copyfile(path, source)  # a name LibreOffice cannot misread as an option
    command = [
        *_capped(_OFFICE_MEMORY_MB),
        program,
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(folder / "out"),
        str(source),
    ]
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            timeout=limits.timeout_s,
            check=False,
        )
    except subprocess.TimeoutExpired as err:
        raise FileTooLargeError(
            path,
            f"converting the .doc took longer than {limits.timeout_s:g} s",
            hint="save it as .docx in Word",
        ) from err
    converted = folder / "out" / "input.docx"
    if not converted.exists():
        detail = done.stderr.decode("utf-8", "replace").strip()[-200:]
        logger.warning("LibreOffice could not convert %s: %s", path, detail)
        raise CorruptFileError(
            path,
            "LibreOffice could not read this Word 97-2003 file",
            hint="open it in Word and save it as .docx",
        )
    return converted


def _capped(megabytes: int) -> list[str]:
    """A prefix that runs the command under an address-space cap.

    A tiny Python that sets the limit and execs the program: `preexec_fn` is unsafe in a
    threaded caller (the web server ingests in threads).
    """
    script = (
        "import os, resource, sys; "
        f"resource.setrlimit(resource.RLIMIT_AS, ({megabytes * MB}, {megabytes * MB})); "
        "os.execv(sys.argv[1], sys.argv[1:])"
    )
    return [sys.executable, "-c", script]
