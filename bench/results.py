"""Write one benchmark's figures into its own section of bench/RESULTS.md.

Each script owns the text between `<!-- begin NAME -->` and `<!-- end NAME -->`, so
scripts can run in any order and rerunning one replaces only its figures.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import sys
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
HEADER = (
    "# Benchmark results\n\nEach section names the command that produced it; rerun it to refresh.\n"
)


def machine_line() -> str:
    cores = os.cpu_count()
    memory = ""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            total_kb = int(handle.readline().split()[1])
        memory = f", {total_kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{platform.machine()}, {cores} cores{memory}, Python {sys.version.split()[0]}; "
        f"measured {when}"
    )


def write_section(name: str, title: str, command: str, body: str) -> None:
    """Replace (or append) section `name` of RESULTS.md with fresh figures."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else HEADER
    block = (
        f"<!-- begin {name} -->\n## {title}\n\n"
        f"Command: `{command}`  \nMachine: {machine_line()}\n\n{body.strip()}\n"
        f"<!-- end {name} -->"
    )
    pattern = re.compile(
        rf"<!-- begin {re.escape(name)} -->.*?<!-- end {re.escape(name)} -->", re.S
    )
    if pattern.search(text):
        text = pattern.sub(lambda _match: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    RESULTS.write_text(text, encoding="utf-8")
    print(block)
