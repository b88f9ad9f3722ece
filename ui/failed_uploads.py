"""Files that could not be added, kept per user so the library lists them as failed rows.

A failed row stays until its user dismisses it or adds a file of that name that lands.
Kept in memory: a restart forgets them, as it forgets the uploads in flight.
"""

from __future__ import annotations

import threading

from index.types import FailedFile
from ui.uploads import safe_name


class FailedUploads:
    """Each user's failed files by (safe) file name, newest last."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_user: dict[str, dict[str, FailedFile]] = {}

    def record(self, user: str, name: str, failure: FailedFile | None) -> None:
        """The outcome of adding `name`: its failure, or None when it landed (or was a twin)."""
        key = safe_name(name)
        with self._lock:
            mine = self._by_user.setdefault(user, {})
            mine.pop(key, None)  # a new attempt goes last, or clears the row
            if failure is not None:
                mine[key] = failure

    def of(self, user: str | None) -> list[tuple[str, FailedFile]]:
        """(file name, failure) of `user`'s failed files (none for an unknown user)."""
        with self._lock:
            return list(self._by_user.get(user or "", {}).items())

    def dismiss(self, user: str, name: str | None = None) -> list[str]:
        """Forget `name`'s failure (every failure of the user's when None); names dropped."""
        with self._lock:
            mine = self._by_user.get(user, {})
            names = (
                [name] if name is not None and name in mine else list(mine) if name is None else []
            )
            for item in names:
                mine.pop(item, None)
            return names
