"""A term-statistics segment's arrays on disk: one file each in a folder, mapped, not read.

At 1,000 units a segment holds 290 MB of texts and postings. Read from one `.npz` it cost
0.24-0.49 s of the first answer after opening, and more when the file was not in memory;
mapped, opening costs the few pages a question touches (bench/RESULTS.md, "Term
statistics mapped from disk"). Texts are kept as raw bytes (`.bin`: searched with
`find` and regular expressions in place), the rest as `.npy`. A segment saved as one
`.npz` before reads as before.
"""

from __future__ import annotations

import mmap
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

# Arrays of UTF-8 bytes, kept raw so they map as searchable bytes.
RAW = ("folded", "texts")

Saved = Mapping[str, Any]


def save_arrays(path: Path, arrays: Mapping[str, Any]) -> None:
    """Write `arrays` into folder `path` through a temporary folder (renamed when whole)."""
    partial = path.with_name(path.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    for name, array in arrays.items():
        if name in RAW:
            (partial / f"{name}.bin").write_bytes(np.asarray(array, dtype=np.uint8).tobytes())
        else:
            np.save(partial / f"{name}.npy", array)
    os.replace(partial, path)


def load_arrays(path: Path) -> Saved:
    """The arrays saved at `path`: mapped from a folder, or read from a `.npz` file.

    Raw texts come as bytes-like objects (`mmap`, or `bytes` for a `.npz`).
    """
    if not path.is_dir():
        with np.load(path) as saved:
            return {
                name: saved[name].tobytes() if name in RAW else saved[name] for name in saved.files
            }
    arrays: dict[str, Any] = {p.stem: np.load(p, mmap_mode="r") for p in path.glob("*.npy")}
    for name in RAW:
        arrays[name] = _mapped(path / f"{name}.bin")
    return arrays


def _mapped(path: Path) -> mmap.mmap | bytes:
    with path.open("rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            return b""  # an empty file cannot be mapped
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def remove_saved(path: Path) -> None:
    """Delete a saved segment (a folder, or a `.npz` file)."""
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
