"""Uploaded files: type and size checks, server-chosen storage paths, who uploaded what.

A file is stored as `<data>/uploads/<user digest>/<random token>/<safe name>`: the client's
name is reduced to letters, digits, `.`, `-` and `_` (no separators, no leading dot), so it
cannot point anywhere else. Stored files are never served back over HTTP.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import shutil
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from index.build import SUPPORTED_SUFFIXES

# What the index reads from a folder is what may be uploaded (scans included).
ALLOWED_SUFFIXES = SUPPORTED_SUFFIXES
_UNSAFE = re.compile(r"[^\w.\-]+")
_CHUNK = 1 << 20


class UploadRejectedError(Exception):
    """An upload was refused (type or size); the message names the file and the limit."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class StoredUpload:
    path: Path
    original_name: str
    user: str


def safe_name(original: str) -> str:
    """A file name that cannot leave its folder: 'a/../b c.docx' -> 'b_c.docx'."""
    base = unicodedata.normalize("NFC", original).replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE.sub("_", base).lstrip("._")[:120]
    return cleaned or "upload"


class UploadStore:
    def __init__(self, root: str | Path, *, max_bytes: int) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes
        self._owners_path = self.root / "owners.json"
        self._lock = threading.Lock()

    def check_type(self, original: str) -> None:
        suffix = Path(safe_name(original)).suffix.lower()
        if suffix not in ALLOWED_SUFFIXES:
            raise UploadRejectedError(
                f"Cannot add {safe_name(original)!r}: unsupported type {suffix or '(none)'!r} "
                f"(supported: {', '.join(ALLOWED_SUFFIXES)})",
                status=415,
            )

    def store(self, user: str, original: str, stream: BinaryIO) -> StoredUpload:
        """Copy `stream` into a fresh folder; refuse wrong types and oversized files."""
        self.check_type(original)
        folder = self.root / _user_digest(user) / secrets.token_hex(8)
        folder.mkdir(parents=True, exist_ok=False)
        target = folder / safe_name(original)
        written = 0
        with target.open("wb") as out:
            while block := stream.read(_CHUNK):
                written += len(block)
                if written > self.max_bytes:
                    out.close()
                    shutil.rmtree(folder, ignore_errors=True)
                    raise UploadRejectedError(self._too_big(original), status=413)
                out.write(block)
        return StoredUpload(target, original, user)

    def _too_big(self, original: str) -> str:
        limit = self.max_bytes / (1 << 20)
        return (
            f"Cannot add {safe_name(original)!r}: larger than the {limit:g} MB upload limit "
            "- split the file or ask the administrator to raise max_upload_mb"
        )

    def discard(self, upload: StoredUpload) -> None:
        shutil.rmtree(upload.path.parent, ignore_errors=True)

    def record_owner(self, report_id: str, upload: StoredUpload) -> None:
        with self._lock:
            owners = self._owners()
            owners[report_id] = {"user": upload.user, "path": str(upload.path)}
            self._save(owners)

    def owner(self, report_id: str) -> str | None:
        with self._lock:
            entry = self._owners().get(report_id)
        return str(entry["user"]) if entry else None

    def forget(self, report_id: str) -> None:
        """Drop the ownership record and the stored file of a deleted report."""
        with self._lock:
            owners = self._owners()
            entry = owners.pop(report_id, None)
            self._save(owners)
        if entry:
            path = Path(entry["path"])
            if self.root.resolve() in path.resolve().parents:
                shutil.rmtree(path.parent, ignore_errors=True)

    def _owners(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads(self._owners_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _save(self, owners: dict[str, dict[str, str]]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        temporary = self._owners_path.with_suffix(".tmp")
        temporary.write_text(json.dumps(owners, ensure_ascii=False, indent=1), encoding="utf-8")
        temporary.replace(self._owners_path)


def _user_digest(user: str) -> str:
    # Folder names must not carry user names (they may contain anything).
    return hashlib.sha256(user.encode("utf-8")).hexdigest()[:16]
